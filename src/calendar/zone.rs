//! A named IANA time zone (`[support] time_zone`): the team's day and
//! business hours are meant in it.
//!
//! The rules come from jiff, which reads the system's zoneinfo (updated with
//! the operating system) and falls back to a copy bundled in the binary on a
//! host without one. chrono-tz, used before, compiles every zone's history
//! into tables holding about 28,000 pointers, which the dynamic loader had
//! to relocate at every start of every command.

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone as _, Utc};
use jiff::tz::{AmbiguousOffset, TimeZone};

/// How far past a skipped local time (clocks going forward) the first
/// existing minute is looked for: three hours covers every change on
/// record.
const LONGEST_SKIP_MINUTES: i64 = 180;

/// A time zone known by its IANA name.
#[derive(Clone)]
pub struct Zone {
    name: String,
    rules: TimeZone,
}

/// A name that is not a known time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownZone;

impl Zone {
    /// Coordinated Universal Time, the default.
    pub fn utc() -> Zone {
        Zone {
            name: "UTC".to_owned(),
            rules: TimeZone::UTC,
        }
    }

    /// The zone an IANA name (`Asia/Tehran`) names, spelled exactly.
    pub fn named(name: &str) -> Result<Zone, UnknownZone> {
        let folder = std::env::var_os("TZDIR")
            .filter(|dir| !dir.is_empty())
            .map_or_else(|| PathBuf::from("/usr/share/zoneinfo"), PathBuf::from);
        Zone::named_in(name, &folder)
    }

    /// The zone `name` names in the zone folder `folder`, else in the copy
    /// built into kariz.
    fn named_in(name: &str, folder: &Path) -> Result<Zone, UnknownZone> {
        if !is_zone_name(name) {
            return Err(UnknownZone);
        }
        let rules = system_zone(folder, name)
            .or_else(|| bundled_zone(name))
            .ok_or(UnknownZone)?;
        Ok(Zone {
            name: name.to_owned(),
            rules,
        })
    }

    /// The IANA name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The local calendar day at `at`.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        self.local(at).date()
    }

    /// The local wall-clock time at `at`.
    pub fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        let seconds = self.offset_seconds(at);
        at.naive_utc() + Duration::seconds(i64::from(seconds))
    }

    /// A local wall-clock time as an instant: the earlier of a repeated
    /// hour (clocks going back), and for a skipped one (clocks going
    /// forward) the moment the clocks jumped to. None only for a time
    /// outside the range both libraries represent.
    pub fn instant(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        match self.offset_of_local(local)? {
            LocalOffset::One(offset) | LocalOffset::Repeated(offset) => utc_of(local, offset),
            LocalOffset::Skipped => (1..=LONGEST_SKIP_MINUTES).find_map(|m| {
                let later = local + Duration::minutes(m);
                match self.offset_of_local(later)? {
                    LocalOffset::One(offset) | LocalOffset::Repeated(offset) => {
                        utc_of(later, offset)
                    }
                    LocalOffset::Skipped => None,
                }
            }),
        }
    }

    fn offset_seconds(&self, at: DateTime<Utc>) -> i32 {
        jiff::Timestamp::from_second(at.timestamp())
            .map(|t| self.rules.to_offset(t).seconds())
            .unwrap_or(0)
    }

    fn offset_of_local(&self, local: NaiveDateTime) -> Option<LocalOffset> {
        use chrono::{Datelike, Timelike};
        let civil = jiff::civil::DateTime::new(
            i16::try_from(local.year()).ok()?,
            i8::try_from(local.month()).ok()?,
            i8::try_from(local.day()).ok()?,
            i8::try_from(local.hour()).ok()?,
            i8::try_from(local.minute()).ok()?,
            i8::try_from(local.second()).ok()?,
            0,
        )
        .ok()?;
        Some(match self.rules.to_ambiguous_timestamp(civil).offset() {
            AmbiguousOffset::Unambiguous { offset } => LocalOffset::One(offset.seconds()),
            AmbiguousOffset::Fold { before, .. } => LocalOffset::Repeated(before.seconds()),
            AmbiguousOffset::Gap { .. } => LocalOffset::Skipped,
        })
    }
}

/// What a local time is in a zone.
enum LocalOffset {
    /// It happens once, at this offset from UTC (seconds east).
    One(i32),
    /// It happens twice; the offset of the first time.
    Repeated(i32),
    /// The clocks skipped it.
    Skipped,
}

/// Whether `name` can be a zone's name: `Area/Place` words, never a path
/// that leaves the zone folder.
fn is_zone_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('/').all(|part| {
            !part.is_empty()
                && !part.starts_with('.')
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
        })
}

/// The zone's rules from the system's database (`TZDIR`, else
/// `/usr/share/zoneinfo`): one file read. jiff's own lookup first lists the
/// whole folder, about a millisecond that every command would pay.
fn system_zone(folder: &Path, name: &str) -> Option<TimeZone> {
    let data = std::fs::read(folder.join(name)).ok()?;
    TimeZone::tzif(name, &data).ok()
}

/// The zone's rules from the copy built into kariz, for a host without a
/// zone folder; spelled exactly, as the folder's files are.
fn bundled_zone(name: &str) -> Option<TimeZone> {
    jiff::tz::TimeZoneDatabase::bundled()
        .get(name)
        .ok()
        .filter(|rules| rules.iana_name() == Some(name))
}

fn utc_of(local: NaiveDateTime, offset_seconds: i32) -> Option<DateTime<Utc>> {
    let utc = local.checked_sub_signed(Duration::seconds(i64::from(offset_seconds)))?;
    Some(Utc.from_utc_datetime(&utc))
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.name == other.name
    }
}

impl Eq for Zone {}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Zone({})", self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap_or_default()
    }

    fn local(text: &str) -> NaiveDateTime {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn tehran_is_three_and_a_half_hours_east_with_no_summer_time_since_2022() {
        let tehran = Zone::named("Asia/Tehran").unwrap_or_else(|_| Zone::utc());
        assert_eq!(tehran.name(), "Asia/Tehran");
        assert_eq!(
            tehran.local(at("2026-07-01T20:40:00Z")),
            local("2026-07-02T00:10:00")
        );
        assert_eq!(
            tehran.local_date(at("2026-12-31T20:29:00Z")),
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default()
        );
        assert_eq!(
            tehran.local_date(at("2026-12-31T20:30:00Z")),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default()
        );
        // In 2021 Iran still kept summer time: UTC+04:30 in July.
        assert_eq!(
            tehran.instant(local("2021-07-01T12:00:00")),
            Some(at("2021-07-01T07:30:00Z"))
        );
    }

    #[test]
    fn a_skipped_hour_is_the_moment_the_clocks_jumped_and_a_repeated_one_its_first_time() {
        let berlin = Zone::named("Europe/Berlin").unwrap_or_else(|_| Zone::utc());
        // 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00 UTC).
        assert_eq!(
            berlin.instant(local("2026-03-29T02:30:00")),
            Some(at("2026-03-29T01:00:00Z"))
        );
        // 2026-10-25: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
        assert_eq!(
            berlin.instant(local("2026-10-25T02:30:00")),
            Some(at("2026-10-25T00:30:00Z"))
        );
        assert_eq!(
            berlin.instant(local("2026-12-04T09:00:00")),
            Some(at("2026-12-04T08:00:00Z"))
        );
    }

    #[test]
    fn a_host_without_a_zone_folder_uses_the_built_in_copy() {
        let empty = std::env::temp_dir().join("kariz-no-zoneinfo-here");
        let tehran = Zone::named_in("Asia/Tehran", &empty).unwrap_or_else(|_| Zone::utc());
        assert_eq!(tehran.name(), "Asia/Tehran");
        assert_eq!(
            tehran.local(at("2026-07-01T20:40:00Z")),
            local("2026-07-02T00:10:00")
        );
        assert_eq!(Zone::named_in("asia/tehran", &empty), Err(UnknownZone));
        assert_eq!(Zone::named_in("Mars/Olympus", &empty), Err(UnknownZone));
    }

    #[test]
    fn unknown_names_are_refused_and_utc_is_the_default() {
        assert_eq!(Zone::named("Tehran"), Err(UnknownZone));
        assert_eq!(Zone::named("Mars/Olympus"), Err(UnknownZone));
        assert_eq!(Zone::named("../../etc/passwd"), Err(UnknownZone));
        assert_eq!(Zone::named("Asia/../Asia/Tehran"), Err(UnknownZone));
        assert_eq!(Zone::named("asia/tehran"), Err(UnknownZone));
        assert_eq!(Zone::named(""), Err(UnknownZone));
        assert_eq!(Zone::utc().name(), "UTC");
        assert_eq!(
            Zone::utc().local(at("2026-12-04T23:59:00Z")),
            local("2026-12-04T23:59:00")
        );
    }
}
