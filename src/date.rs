//! Calendar dates of front matter (`YYYY-MM-DD`, or a date and time as
//! Hugo's page templates write them), and their parts for rendering in a
//! language's words. Pure; no I/O.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date without a time zone: front matter dates are days, not instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

impl Date {
    /// `2025-08-06`; or an RFC 3339 date and time (`2014-11-18T00:00:00Z`,
    /// `2025-08-06T09:30:00+08:00`, also without seconds or offset, with a
    /// space for the `T`): the day as written, in the writer's own offset,
    /// since lembar's dates are days (a post written at 23:30 in Bontang is
    /// of that day, not of the next one in UTC).
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(Date(day));
        }
        if let Ok(time) = chrono::DateTime::parse_from_rfc3339(text) {
            return Some(Date(time.date_naive()));
        }
        [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
        ]
        .iter()
        .find_map(|format| chrono::NaiveDateTime::parse_from_str(text, format).ok())
        .map(|time| Date(time.date()))
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// 1 = January.
    pub fn month(self) -> u32 {
        self.0.month()
    }

    pub fn day(self) -> u32 {
        self.0.day()
    }

    /// 1 = Monday … 7 = Sunday (ISO 8601).
    pub fn weekday(self) -> u32 {
        self.0.weekday().number_from_monday()
    }
}

impl Date {
    /// Whole months from `self` to `later` (negative when `later` is earlier).
    pub fn months_until(self, later: Date) -> i64 {
        let months = (i64::from(later.year()) - i64::from(self.year())) * 12
            + i64::from(later.month())
            - i64::from(self.month());
        if later.day() < self.day() {
            months - 1
        } else {
            months
        }
    }

    /// The day of a Unix time in UTC (`SOURCE_DATE_EPOCH`).
    pub fn from_unix_seconds(seconds: i64) -> Option<Date> {
        chrono::DateTime::from_timestamp(seconds, 0).map(|t| Date(t.date_naive()))
    }

    /// Today, in UTC.
    pub fn today() -> Date {
        Date(chrono::Utc::now().date_naive())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid date `{text}`, expected a real day written YYYY-MM-DD (a time may follow: 2025-08-06T09:30:00+08:00)"
            ))
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// In JSON Schema, a date is a string in the form `YYYY-MM-DD`, maybe with a
/// time after it; the formats ask editors that check them for a real day
/// (`date`) or a real date and time (`date-time`), as [`Date::parse`] does.
impl schemars::JsonSchema for Date {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "anyOf": [{ "format": "date" }, { "format": "date-time" }],
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?([Zz]|[+-][0-9]{2}:[0-9]{2})?)?$",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bontang_event_was_on_a_wednesday() {
        let d = Date::parse("2025-08-06").unwrap();
        assert_eq!((d.year(), d.month(), d.day(), d.weekday()), (2025, 8, 6, 3));
    }

    #[test]
    fn counts_whole_months() {
        let a = Date::parse("2025-01-31").unwrap();
        assert_eq!(a.months_until(Date::parse("2026-01-30").unwrap()), 11);
        assert_eq!(a.months_until(Date::parse("2026-01-31").unwrap()), 12);
        assert_eq!(
            Date::from_unix_seconds(1_795_737_600),
            Date::parse("2026-11-27")
        );
    }

    #[test]
    fn a_date_and_time_is_its_day_as_written() {
        let day = Date::parse("2014-11-18");
        for text in [
            "2014-11-18T00:00:00Z",
            "2014-11-18T23:30:00-05:00",
            "2014-11-18T00:30:00+08:00",
            "2014-11-18t10:00:00z",
            "2014-11-18 10:00:00+07:00",
            "2014-11-18T10:00:00.5Z",
            "2014-11-18T10:00:00",
            "2014-11-18T10:00",
            "2014-11-18 10:00",
        ] {
            assert_eq!(Date::parse(text), day, "{text}");
        }
        for text in [
            "2014-11-18T25:00:00Z",
            "2014-02-30T10:00:00Z",
            "2014-11-18T",
            "2014-11-18Z",
        ] {
            assert_eq!(Date::parse(text), None, "{text}");
        }
    }

    #[test]
    fn rejects_impossible_days() {
        assert_eq!(Date::parse("2025-02-30"), None);
        assert_eq!(Date::parse("6 Agustus 2025"), None);
    }
}
