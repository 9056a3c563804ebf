//! The supervisors' dashboard. Counts over the text columns are SQL aggregates; whatever depends
//! on dates in Ecuador or on a median is computed here, because the two databases' SQL differs.

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::dsl::count_star;
use diesel::prelude::*;
use shared::api::{
    AgeBuckets, DASHBOARD_DEFAULT_DAYS, DASHBOARD_MAX_DAYS, Dashboard, DashboardQuery, DayCount, UserCount,
    ecuador_date,
};
use shared::error::add_field_error;
use shared::{BusinessLine, CaseStatus, CollectionType, FieldErrors, Province};

use crate::db::DbConnection;
use crate::db::models::utc;
use crate::error::ApiError;
use crate::schema::cases;

use super::cases::{ecuador_day_start, open_codes, users_by_id};
use super::workflow::awaiting_validation_filter;

/// The period asked for, both days included: by default the last 30 days up to `today`.
pub fn period(query: &DashboardQuery, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let to = query.to.unwrap_or(today);
    let from = query.from.unwrap_or(to - Duration::days(DASHBOARD_DEFAULT_DAYS - 1));
    let mut errors = FieldErrors::new();
    if from > to {
        add_field_error(&mut errors, "from", "La fecha inicial es posterior a la final.");
    } else if (to - from).num_days() + 1 > DASHBOARD_MAX_DAYS {
        add_field_error(
            &mut errors,
            "to",
            format!("El periodo puede tener como máximo {DASHBOARD_MAX_DAYS} días."),
        );
    }
    if errors.is_empty() { Ok((from, to)) } else { Err(ApiError::validation(errors)) }
}

/// Every value of a vocabulary with its count, zeros included.
fn tally<T: Ord + Copy>(
    all: &[T],
    parse: fn(&str) -> Option<T>,
    rows: impl IntoIterator<Item = (String, i64)>,
) -> Result<BTreeMap<T, i64>, ApiError> {
    let mut counts: BTreeMap<T, i64> = all.iter().map(|v| (*v, 0)).collect();
    for (code, count) in rows {
        let value =
            parse(&code).ok_or_else(|| ApiError::internal(format!("unknown code {code:?} in cases")))?;
        *counts.entry(value).or_default() += count;
    }
    Ok(counts)
}

/// Open cases counted by status, collection type, business line and province together: one pass
/// over the open cases, each breakdown summed from it.
type OpenGroup = (String, String, String, String, i64);

fn open_groups(conn: &mut DbConnection) -> QueryResult<Vec<OpenGroup>> {
    cases::table
        .filter(cases::status.eq_any(open_codes()))
        .group_by((cases::status, cases::collection_type, cases::business_line, cases::province))
        .select((cases::status, cases::collection_type, cases::business_line, cases::province, count_star()))
        .load::<OpenGroup>(conn)
}

/// Users with their counts, most first (then by name and id, for a stable order).
fn per_user(conn: &mut DbConnection, rows: Vec<(i64, i64)>) -> Result<Vec<UserCount>, ApiError> {
    let users = users_by_id(conn, rows.iter().map(|(id, _)| *id))?;
    let mut counts = rows
        .into_iter()
        .map(|(id, count)| {
            let user = users.get(&id).ok_or_else(|| ApiError::internal(format!("user {id} not loaded")))?;
            Ok(UserCount { user: user.to_ref(), count })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    counts.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.user.full_name.cmp(&b.user.full_name))
            .then(a.user.id.cmp(&b.user.id))
    });
    Ok(counts)
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let middle = match n {
        0 => return None,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    };
    Some((middle * 100.0).round() / 100.0)
}

/// The dashboard for the days `from..=to` in Ecuador; open cases and their age as of `now`.
pub fn dashboard(
    conn: &mut DbConnection,
    from: NaiveDate,
    to: NaiveDate,
    now: NaiveDateTime,
) -> Result<Dashboard, ApiError> {
    let groups = open_groups(conn)?;
    let by = |pick: fn(&OpenGroup) -> &String| groups.iter().map(move |g| (pick(g).clone(), g.4));
    let open_by_status = tally(&CaseStatus::OPEN, CaseStatus::parse_code, by(|g| &g.0))?;
    let open_by_collection_type = tally(CollectionType::ALL, CollectionType::parse_code, by(|g| &g.1))?;
    let open_by_business_line = tally(BusinessLine::ALL, BusinessLine::parse_code, by(|g| &g.2))?;
    let open_by_province = tally(Province::ALL, Province::parse_code, by(|g| &g.3))?;

    // Age buckets as ranges of registration time: `created_at > now − 24 h` is younger than a day.
    let open_created_between = |conn: &mut DbConnection, after: Option<i64>, until: Option<i64>| {
        let mut sql = cases::table.into_boxed().filter(cases::status.eq_any(open_codes()));
        if let Some(hours) = after {
            sql = sql.filter(cases::created_at.gt(now - Duration::hours(hours)));
        }
        if let Some(hours) = until {
            sql = sql.filter(cases::created_at.le(now - Duration::hours(hours)));
        }
        sql.count().get_result::<i64>(conn)
    };
    let open_age = AgeBuckets {
        under_1_day: open_created_between(conn, Some(24), None)?,
        from_1_to_3_days: open_created_between(conn, Some(72), Some(24))?,
        from_3_to_7_days: open_created_between(conn, Some(168), Some(72))?,
        over_7_days: open_created_between(conn, None, Some(168))?,
    };
    let awaiting_validation = awaiting_validation_filter().count().get_result::<i64>(conn)?;

    let (start, end) = (ecuador_day_start(from), ecuador_day_start(to) + Duration::days(1));
    let created = cases::table.filter(cases::created_at.ge(start)).filter(cases::created_at.lt(end));
    // Closed in the period (resolved or annulled), by the closing-time index alone; the status is
    // checked here, so that no status index competes with it.
    let closures = cases::table
        .filter(cases::closed_at.ge(start))
        .filter(cases::closed_at.lt(end))
        .select((
            cases::status,
            cases::collection_type,
            cases::assigned_to,
            cases::created_at,
            cases::closed_at,
        ))
        .load::<(String, String, Option<i64>, NaiveDateTime, Option<NaiveDateTime>)>(conn)?;
    let resolved: Vec<_> = closures
        .into_iter()
        .filter(|(status, ..)| status == CaseStatus::Resuelto.as_str())
        .map(|(_, ct, assignee, created_at, closed_at)| (ct, assignee, created_at, closed_at))
        .collect();

    let created_rows = created
        .group_by(cases::created_by)
        .select((cases::created_by, count_star()))
        .load::<(i64, i64)>(conn)?;
    let created_by_agent = per_user(conn, created_rows)?;
    let mut per_assignee: BTreeMap<i64, i64> = BTreeMap::new();
    for assignee in resolved.iter().filter_map(|r| r.1) {
        *per_assignee.entry(assignee).or_default() += 1;
    }
    let resolved_rows = per_assignee.into_iter().collect();
    let resolved_by_agent = per_user(conn, resolved_rows)?;

    // Days and medians in Rust: one timestamp per case of the period.
    let mut days: BTreeMap<NaiveDate, DayCount> = from
        .iter_days()
        .take_while(|day| *day <= to)
        .map(|day| (day, DayCount { day, created: 0, resolved: 0 }))
        .collect();
    for at in created.select(cases::created_at).load::<NaiveDateTime>(conn)? {
        if let Some(day) = days.get_mut(&ecuador_date(utc(at))) {
            day.created += 1;
        }
    }
    let mut hours: HashMap<String, Vec<f64>> = HashMap::new();
    for (collection_type, _, created_at, closed_at) in resolved {
        let Some(closed_at) = closed_at else { continue };
        if let Some(day) = days.get_mut(&ecuador_date(utc(closed_at))) {
            day.resolved += 1;
        }
        let elapsed = (closed_at - created_at).num_milliseconds() as f64 / 3_600_000.0;
        hours.entry(collection_type).or_default().push(elapsed);
    }
    let median_hours_to_resolve = CollectionType::ALL
        .iter()
        .map(|ct| (*ct, median(hours.remove(ct.as_str()).unwrap_or_default())))
        .collect();

    Ok(Dashboard {
        from,
        to,
        open_by_status,
        open_by_collection_type,
        open_by_business_line,
        open_by_province,
        open_age,
        awaiting_validation,
        created_by_agent,
        resolved_by_agent,
        per_day: days.into_values().collect(),
        median_hours_to_resolve,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(vec![1.0 / 3.0]), Some(0.33));
    }

    #[test]
    fn the_default_period_is_the_last_30_days_and_long_or_reversed_ones_are_refused() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default();
        let (from, to) = period(&DashboardQuery::default(), today).unwrap_or((today, today));
        assert_eq!((from, to), (NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default(), today));
        let reversed = DashboardQuery { from: Some(today), to: Some(today - Duration::days(1)) };
        assert!(period(&reversed, today).is_err());
        let long = DashboardQuery { from: Some(today - Duration::days(DASHBOARD_MAX_DAYS)), to: Some(today) };
        assert!(period(&long, today).is_err());
    }
}
