//! How values are shown: dates in Ecuador's time, phone numbers grouped.

use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use shared::api::ECUADOR_UTC_OFFSET_SECONDS;

/// `03/12/2026 14:05`, in Ecuador's time. Written by hand: chrono's strftime formatter would
/// add tens of kilobytes to the browser bundle for one pattern.
pub fn date_time(at: &DateTime<Utc>) -> String {
    let local = at.naive_utc() + Duration::seconds(i64::from(ECUADOR_UTC_OFFSET_SECONDS));
    format!(
        "{:02}/{:02}/{} {:02}:{:02}",
        local.day(),
        local.month(),
        local.year(),
        local.hour(),
        local.minute()
    )
}

/// `02 212 3456` or `099 123 4567`; anything else as stored.
pub fn phone(stored: &str) -> String {
    match stored.len() {
        9 => format!("{} {} {}", &stored[..2], &stored[2..5], &stored[5..]),
        10 => format!("{} {} {}", &stored[..3], &stored[3..6], &stored[6..]),
        _ => stored.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_shown_in_ecuador_time() {
        let at = DateTime::parse_from_rfc3339("2026-12-03T03:05:00Z").map(|d| d.with_timezone(&Utc));
        assert_eq!(at.map(|at| date_time(&at)).ok().as_deref(), Some("02/12/2026 22:05"));
    }

    #[test]
    fn phones_are_grouped_for_reading_aloud() {
        assert_eq!(phone("022123456"), "02 212 3456");
        assert_eq!(phone("0991234567"), "099 123 4567");
        assert_eq!(phone("12"), "12");
    }
}
