//! How values are shown: dates in Ecuador's time, ages, numbers as written in Ecuador
//! (`1.234`, `12,5`), phone numbers grouped. Time zone and phone grouping are the shared crate's.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use shared::api::ecuador_local;
use shared::contact::{Landline, MobileNumber};

/// `03/12/2026 14:05`, in Ecuador's time. Written by hand: chrono's strftime formatter would
/// add tens of kilobytes to the browser bundle for one pattern.
pub fn date_time(at: &DateTime<Utc>) -> String {
    let local = ecuador_local(*at);
    format!(
        "{:02}/{:02}/{} {:02}:{:02}",
        local.day(),
        local.month(),
        local.year(),
        local.hour(),
        local.minute()
    )
}

/// `03/12/2026`.
pub fn date(day: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", day.day(), day.month(), day.year())
}

/// `03/12`: a day on a chart's axis.
pub fn day_month(day: NaiveDate) -> String {
    format!("{:02}/{:02}", day.day(), day.month())
}

/// The browser's clock (chrono's own clock is not available in the browser without `wasmbind`).
pub fn now() -> DateTime<Utc> {
    #[cfg(target_arch = "wasm32")]
    let now = DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
    #[cfg(not(target_arch = "wasm32"))]
    let now = Utc::now();
    now
}

/// How long ago `at` was, as people say it: `hace 3 días`, `hace 1 hora`, `hace un momento`.
pub fn age(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let elapsed = now - at;
    let (n, one, many) = if elapsed.num_minutes() < 1 {
        return "hace un momento".to_owned();
    } else if elapsed.num_hours() < 1 {
        (elapsed.num_minutes(), "minuto", "minutos")
    } else if elapsed.num_days() < 1 {
        (elapsed.num_hours(), "hora", "horas")
    } else {
        (elapsed.num_days(), "día", "días")
    };
    format!("hace {n} {}", if n == 1 { one } else { many })
}

/// A count with Ecuador's thousands separator: `1.234`.
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        grouped.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    grouped
}

/// A number with at most two decimals and Ecuador's decimal comma, without trailing zeros:
/// `12,5`, `0,33`, `3`.
pub fn decimal(x: f64) -> String {
    let hundredths = (x * 100.0).round() as i64;
    let (whole, fraction) = (hundredths / 100, (hundredths % 100).unsigned_abs());
    let sign = if hundredths < 0 && whole == 0 { "-" } else { "" };
    match fraction {
        0 => format!("{sign}{}", count(whole)),
        f if f % 10 == 0 => format!("{sign}{},{}", count(whole), f / 10),
        f => format!("{sign}{},{f:02}", count(whole)),
    }
}

/// `02 212 3456` or `099 123 4567`, grouped as `shared` groups them; anything else as stored.
pub fn phone(stored: &str) -> String {
    Landline::parse(stored)
        .map(|l| l.display())
        .or_else(|_| MobileNumber::parse(stored).map(|m| m.display()))
        .unwrap_or_else(|_| stored.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_shown_in_ecuador_time() {
        let at = DateTime::parse_from_rfc3339("2026-12-03T03:05:00Z").map(|d| d.with_timezone(&Utc));
        assert_eq!(at.map(|at| date_time(&at)).ok().as_deref(), Some("02/12/2026 22:05"));
    }

    fn utc(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339).map(|d| d.with_timezone(&Utc)).unwrap_or_default()
    }

    #[test]
    fn ages_are_said_in_the_largest_whole_unit() {
        let now = utc("2026-12-10T12:00:00Z");
        let ago = |rfc3339: &str| age(utc(rfc3339), now);
        assert_eq!(ago("2026-12-10T11:59:30Z"), "hace un momento");
        assert_eq!(ago("2026-12-10T12:00:05Z"), "hace un momento", "a clock slightly behind the server");
        assert_eq!(ago("2026-12-10T11:59:00Z"), "hace 1 minuto");
        assert_eq!(ago("2026-12-10T11:15:00Z"), "hace 45 minutos");
        assert_eq!(ago("2026-12-10T11:00:00Z"), "hace 1 hora");
        assert_eq!(ago("2026-12-09T12:00:01Z"), "hace 23 horas");
        assert_eq!(ago("2026-12-09T12:00:00Z"), "hace 1 día");
        assert_eq!(ago("2026-12-07T09:00:00Z"), "hace 3 días");
    }

    #[test]
    fn numbers_are_written_as_in_ecuador() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1234), "1.234");
        assert_eq!(count(-1_234_567), "-1.234.567");
        assert_eq!(decimal(12.5), "12,5");
        assert_eq!(decimal(0.33), "0,33");
        assert_eq!(decimal(3.0), "3");
        assert_eq!(decimal(1234.05), "1.234,05");
        assert_eq!(decimal(-0.5), "-0,5");
    }

    #[test]
    fn days_are_day_first() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap_or_default();
        assert_eq!(date(day), "07/03/2026");
        assert_eq!(day_month(day), "07/03");
    }

    #[test]
    fn phones_are_grouped_for_reading_aloud() {
        assert_eq!(phone("022123456"), "02 212 3456");
        assert_eq!(phone("0991234567"), "099 123 4567");
        assert_eq!(phone("12"), "12");
        assert_eq!(phone("0891234567"), "0891234567", "not a phone number: as stored");
    }
}
