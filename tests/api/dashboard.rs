//! The supervisors' dashboard: every figure checked against counts the test works out itself from
//! the cases it registered, moved and dated (registration and closing times are set in the
//! database, so that ages, Ecuador's day boundaries and medians are known exactly).

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::api::{CaseDto, Dashboard};
use shared::{BusinessLine, CaseStatus, CollectionType, ErrorBody, Province, Role};

use crate::helpers::{Agent, TestApp, body, case_body, spawn_app, unique_reference, with};

/// Ecuador is UTC−5 all year; written out here rather than taken from the code under test.
fn ecuador_day(at: NaiveDateTime) -> NaiveDate {
    (at - Duration::hours(5)).date()
}

/// 00:00 in Ecuador on `day`, in UTC.
fn midnight(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN) + Duration::hours(5)
}

fn set_times(app: &TestApp, id: i64, created_at: NaiveDateTime, closed_at: Option<NaiveDateTime>) {
    use backend::schema::cases;
    let mut conn = backend::db::DbConnection::establish(&app.db.url).unwrap();
    diesel::update(cases::table.find(id))
        .set((cases::created_at.eq(created_at), cases::closed_at.eq(closed_at)))
        .execute(&mut conn)
        .unwrap();
}

/// What the test knows about a case it made.
struct Known {
    creator: i64,
    collection_type: CollectionType,
    business_line: BusinessLine,
    province: Province,
    status: CaseStatus,
    assignee: Option<i64>,
    confirmed: bool,
    created_at: NaiveDateTime,
    closed_at: Option<NaiveDateTime>,
}

/// How a case ends up.
enum Fate<'a> {
    Pending,
    Validated,
    TakenBy(&'a Agent),
    AssignedAfterValidation(&'a Agent),
    ResolvedBy(&'a Agent),
    ValidatedThenResolvedBy(&'a Agent),
    Annulled,
}

struct World<'a> {
    app: &'a TestApp,
    supervisor: &'a Agent,
    known: Vec<Known>,
}

impl World<'_> {
    async fn case(
        &mut self,
        creator: &Agent,
        ct: &str,
        province: &str,
        fate: Fate<'_>,
        created_at: NaiveDateTime,
        closed_after: Option<Duration>,
    ) {
        let (app, sup) = (self.app, &self.supervisor.token);
        let form: Value = with(case_body(ct, &unique_reference("0223")), json!({"province": province}));
        let mut case: CaseDto = app.create_case_ok(&creator.token, &form).await;
        let validate = |case: CaseDto| async move {
            let measures = (case.collection_type == CollectionType::Coactiva).then_some("Cuentas congeladas");
            let request = json!({"result": "CONFIRMADO", "credit_title": "TC-1", "measures": measures});
            let res = app.validate(sup, &case, request).await;
            assert_eq!(res.status(), StatusCode::OK);
            body::<CaseDto>(res).await
        };
        let resolve = json!({"outcome": "PAGO_TOTAL", "note": "Pagó"});
        let (mut assignee, mut confirmed) = (None, false);
        case = match fate {
            Fate::Pending => case,
            Fate::Validated => {
                confirmed = true;
                validate(case).await
            }
            Fate::TakenBy(agent) => {
                assignee = Some(agent.user.id);
                app.transition_ok(&agent.token, &case, "EN_GESTION", json!({})).await
            }
            Fate::AssignedAfterValidation(agent) => {
                (assignee, confirmed) = (Some(agent.user.id), true);
                let case = validate(case).await;
                body(app.assign(sup, &case, agent.user.id).await).await
            }
            Fate::ResolvedBy(agent) => {
                assignee = Some(agent.user.id);
                let taken = app.transition_ok(&agent.token, &case, "EN_GESTION", json!({})).await;
                app.transition_ok(&agent.token, &taken, "RESUELTO", resolve).await
            }
            Fate::ValidatedThenResolvedBy(agent) => {
                (assignee, confirmed) = (Some(agent.user.id), true);
                let case = validate(case).await;
                let assigned: CaseDto = body(app.assign(sup, &case, agent.user.id).await).await;
                app.transition_ok(&agent.token, &assigned, "RESUELTO", resolve).await
            }
            Fate::Annulled => app.transition_ok(sup, &case, "ANULADO", json!({"note": "Error"})).await,
        };
        let closed_at = closed_after.map(|d| created_at + d);
        assert_eq!(closed_at.is_some(), !case.status.is_open(), "dates only what the fate closed");
        set_times(app, case.id, created_at, closed_at);
        self.known.push(Known {
            creator: creator.user.id,
            collection_type: CollectionType::parse_code(form["collection_type"].as_str().unwrap()).unwrap(),
            business_line: BusinessLine::parse_code(form["business_line"].as_str().unwrap()).unwrap(),
            province: Province::parse_code(province).unwrap(),
            status: case.status,
            assignee,
            confirmed,
            created_at,
            closed_at,
        });
    }
}

fn counts<T: Ord + Copy>(all: &[T], values: impl Iterator<Item = T>) -> BTreeMap<T, i64> {
    let mut map: BTreeMap<T, i64> = all.iter().map(|v| (*v, 0)).collect();
    for v in values {
        *map.get_mut(&v).unwrap() += 1;
    }
    map
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = values.len();
    (n > 0).then(|| if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 })
}

#[tokio::test]
async fn every_figure_matches_what_the_cases_say() {
    let app = spawn_app().await;
    let (a1, a2) = (app.login_as(Role::AgenteN1).await, app.login_as(Role::AgenteN1).await);
    let supervisor = app.login_as(Role::Supervisor).await;
    let (c1, c2) = (app.login_as(Role::Cobranzas).await, app.login_as(Role::Cobranzas).await);
    let now = Utc::now().naive_utc();
    let today = ecuador_day(now);
    let (from, to) = (today - Duration::days(9), today);
    let mut world = World { app: &app, supervisor: &supervisor, known: Vec::new() };
    let ago = |hours: i64| now - Duration::hours(hours);
    let day = |back: i64| midnight(today - Duration::days(back));

    // Open cases, one per age bucket and more.
    world.case(&a1, "TEMPRANA", "PICHINCHA", Fate::Pending, ago(2), None).await;
    world.case(&a1, "TEMPRANA", "GUAYAS", Fate::TakenBy(&c1), ago(30), None).await;
    world.case(&a1, "COACTIVA", "AZUAY", Fate::Pending, ago(100), None).await;
    world.case(&a2, "EXTRAJUDICIAL", "PICHINCHA", Fate::Validated, ago(200), None).await;
    world.case(&a2, "EXTRAJUDICIAL", "GUAYAS", Fate::AssignedAfterValidation(&c2), ago(20 * 24), None).await;
    world.case(&supervisor, "DIFERIDO_ANTICIPADO", "LOJA", Fate::Pending, ago(50), None).await;
    // Closed cases, dated around Ecuador's midnights and the ends of the period.
    let hours = |h: i64| Some(Duration::hours(h));
    let (c1r, c2r, supr) = (Fate::ResolvedBy(&c1), Fate::ResolvedBy(&c2), Fate::ResolvedBy(&supervisor));
    // Registered at 23:50 of one day, resolved at 00:10 of the next.
    world
        .case(&a1, "TEMPRANA", "PICHINCHA", c1r, day(2) - Duration::minutes(10), Some(Duration::minutes(20)))
        .await;
    world
        .case(&a2, "TEMPRANA", "EL_ORO", Fate::ResolvedBy(&c1), day(5) + Duration::hours(3), hours(30))
        .await;
    world.case(&a1, "TEMPRANA", "GUAYAS", c2r, day(4) + Duration::hours(1), hours(6)).await;
    let c2v = Fate::ValidatedThenResolvedBy(&c2);
    world.case(&a2, "EXTRAJUDICIAL", "MANABI", c2v, day(6) + Duration::hours(2), hours(50)).await;
    // The first instant of the period counts; an annulment is not a resolution.
    world.case(&a1, "COACTIVA", "AZUAY", Fate::Annulled, midnight(from), hours(2)).await;
    // Resolved at 23:00 of the day before the period: neither registered nor resolved in it.
    world
        .case(&a2, "TEMPRANA", "LOJA", Fate::ResolvedBy(&c2), midnight(from) - Duration::days(3), hours(71))
        .await;
    // Resolved at 21:00 in Ecuador: already the next day in UTC, still this day here.
    world
        .case(&supervisor, "DIFERIDO_ANTICIPADO", "LOJA", supr, day(3) + Duration::hours(17), hours(4))
        .await;
    let known = world.known;

    let query = format!("/api/v1/dashboard?from={from}&to={to}");
    let asked_at = Utc::now().naive_utc();
    let res = app.get(&query, &supervisor.token).await;
    assert_eq!(res.status(), StatusCode::OK);
    let dashboard: Dashboard = body(res).await;
    assert_eq!((dashboard.from, dashboard.to), (from, to));

    let open: Vec<&Known> = known.iter().filter(|k| k.status.is_open()).collect();
    assert_eq!(open.len(), 6);
    assert_eq!(dashboard.open_by_status, counts(&CaseStatus::OPEN, open.iter().map(|k| k.status)));
    assert_eq!(dashboard.open_by_status[&CaseStatus::EnGestion], 2);
    assert_eq!(
        dashboard.open_by_collection_type,
        counts(CollectionType::ALL, open.iter().map(|k| k.collection_type))
    );
    assert_eq!(
        dashboard.open_by_business_line,
        counts(BusinessLine::ALL, open.iter().map(|k| k.business_line))
    );
    assert_eq!(dashboard.open_by_province, counts(Province::ALL, open.iter().map(|k| k.province)));
    assert_eq!(dashboard.open_by_province.len(), 24, "every province, zeros included");

    let age = |k: &&Known| (asked_at - k.created_at).num_minutes() as f64 / 60.0;
    let bucket = |lo: f64, hi: f64| open.iter().filter(|k| (lo..hi).contains(&age(k))).count() as i64;
    assert_eq!(dashboard.open_age.under_1_day, bucket(0.0, 24.0));
    assert_eq!(dashboard.open_age.from_1_to_3_days, bucket(24.0, 72.0));
    assert_eq!(dashboard.open_age.from_3_to_7_days, bucket(72.0, 168.0));
    assert_eq!(dashboard.open_age.over_7_days, bucket(168.0, f64::MAX));
    assert_eq!(
        (
            dashboard.open_age.under_1_day,
            dashboard.open_age.from_1_to_3_days,
            dashboard.open_age.from_3_to_7_days,
            dashboard.open_age.over_7_days
        ),
        (1, 2, 1, 2)
    );
    let awaiting = open
        .iter()
        .filter(|k| {
            matches!(k.collection_type, CollectionType::Extrajudicial | CollectionType::Coactiva)
                && !k.confirmed
        })
        .count() as i64;
    assert_eq!(dashboard.awaiting_validation, awaiting);
    assert_eq!(awaiting, 1);

    let in_period = |at: NaiveDateTime| (from..=to).contains(&ecuador_day(at));
    let resolved: Vec<&Known> = known
        .iter()
        .filter(|k| k.status == CaseStatus::Resuelto && k.closed_at.is_some_and(in_period))
        .collect();
    assert_eq!(resolved.len(), 5);
    let mut created_by: BTreeMap<i64, i64> = BTreeMap::new();
    for k in known.iter().filter(|k| in_period(k.created_at)) {
        *created_by.entry(k.creator).or_default() += 1;
    }
    let mut resolved_by: BTreeMap<i64, i64> = BTreeMap::new();
    for k in &resolved {
        *resolved_by.entry(k.assignee.unwrap()).or_default() += 1;
    }
    let as_map = |counts: &[shared::api::UserCount]| {
        assert!(counts.windows(2).all(|w| w[0].count >= w[1].count), "most first");
        counts.iter().map(|c| (c.user.id, c.count)).collect::<BTreeMap<_, _>>()
    };
    assert_eq!(as_map(&dashboard.created_by_agent), created_by);
    assert_eq!(created_by[&a1.user.id], 6);
    assert_eq!(as_map(&dashboard.resolved_by_agent), resolved_by);
    assert_eq!(resolved_by[&c1.user.id], 2);
    assert!(dashboard.resolved_by_agent.iter().any(|c| c.user.id == supervisor.user.id), "who took it");

    let days: Vec<NaiveDate> = from.iter_days().take_while(|d| *d <= to).collect();
    assert_eq!(dashboard.per_day.len(), 10);
    for (entry, day) in dashboard.per_day.iter().zip(&days) {
        let created = known.iter().filter(|k| ecuador_day(k.created_at) == *day).count() as i64;
        let resolved_that_day =
            resolved.iter().filter(|k| k.closed_at.map(ecuador_day) == Some(*day)).count() as i64;
        assert_eq!((entry.day, entry.created, entry.resolved), (*day, created, resolved_that_day));
    }
    let total: i64 = dashboard.per_day.iter().map(|d| d.created).sum();
    assert_eq!(total, created_by.values().sum::<i64>());

    for ct in CollectionType::ALL {
        let hours: Vec<f64> = resolved
            .iter()
            .filter(|k| k.collection_type == *ct)
            .map(|k| (k.closed_at.unwrap() - k.created_at).num_seconds() as f64 / 3600.0)
            .collect();
        let (got, want) = (dashboard.median_hours_to_resolve[ct], median(hours));
        match (got, want) {
            (Some(got), Some(want)) => assert!((got - want).abs() < 0.01, "{ct:?}: {got} vs {want}"),
            (got, want) => assert_eq!(got, want, "{ct:?}"),
        }
    }
    assert_eq!(dashboard.median_hours_to_resolve[&CollectionType::Temprana], Some(6.0));
    assert_eq!(dashboard.median_hours_to_resolve[&CollectionType::Coactiva], None);

    // The administrator sees the same figures.
    let admin_view: Dashboard = body(app.get(&query, &app.admin_token).await).await;
    assert_eq!(admin_view.per_day, dashboard.per_day);
}

#[tokio::test]
async fn the_default_period_is_the_last_30_days_and_only_supervisors_and_admins_see_it() {
    let app = spawn_app().await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let dashboard: Dashboard = body(app.get("/api/v1/dashboard", &supervisor.token).await).await;
    let today = ecuador_day(Utc::now().naive_utc());
    assert_eq!((dashboard.from, dashboard.to), (today - Duration::days(29), today));
    assert_eq!(dashboard.per_day.len(), 30);
    assert!(dashboard.per_day.iter().all(|d| d.created == 0 && d.resolved == 0));
    assert!(dashboard.created_by_agent.is_empty());
    assert_eq!(dashboard.median_hours_to_resolve.len(), 4);

    for role in [Role::AgenteN1, Role::Cobranzas] {
        let user = app.login_as(role).await;
        assert_eq!(
            app.get("/api/v1/dashboard", &user.token).await.status(),
            StatusCode::FORBIDDEN,
            "{role:?}"
        );
    }
    let res = app.get("/api/v1/dashboard?from=2026-12-10&to=2026-12-01", &supervisor.token).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body::<ErrorBody>(res).await.fields.unwrap().contains_key("from"));
    let res = app.get("/api/v1/dashboard?from=2024-01-01&to=2026-12-01", &supervisor.token).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.get("/api/v1/dashboard?from=03/12/2026", &supervisor.token).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}
