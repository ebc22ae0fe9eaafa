//! `[support]`: checks the time zone, hours, holidays, workflow,
//! categories and SLA targets, each error naming its key and what is
//! allowed. Anything left out keeps `SupportConfig::default()`'s value.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime, Timelike};
use toml::Spanned;

use super::Ctx;
use crate::config::error::ConfigError;
use crate::config::raw::{RawCaseStatus, RawCategory, RawHours, RawSla, RawSupport, SpannedStr};
use crate::config::support::{
    CaseStatus, Category, SlaTarget, SlaTargets, SupportConfig, WorkInterval,
};
use crate::config::types::Labels;
use crate::vocab::{CasePriority, CaseStatusKind};

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

pub(super) fn support(
    raw: Option<Spanned<RawSupport>>,
    ctx: &Ctx<'_>,
) -> Result<SupportConfig, ConfigError> {
    let mut config = SupportConfig::default();
    let Some(raw) = raw else {
        return Ok(config);
    };
    let span = raw.span();
    let raw = raw.into_inner();
    if let Some(tz) = raw.time_zone {
        config.time_zone = crate::calendar::zone::Zone::named(tz.get_ref()).map_err(|_| {
            ctx.error(
                tz.span(),
                "support.time_zone",
                format!(
                    "time zone {:?} is not known; use an IANA name such as Asia/Tehran, Asia/Dubai or Europe/Berlin",
                    tz.get_ref()
                ),
            )
        })?;
    }
    if let Some(percent) = raw.at_risk_percent {
        let value = *percent.get_ref();
        config.at_risk_percent = u8::try_from(value)
            .ok()
            .filter(|p| (1..=100).contains(p))
            .ok_or_else(|| {
                ctx.error(
                    percent.span(),
                    "support.at_risk_percent",
                    format!("at_risk_percent {value} is out of range; allowed: 1 to 100"),
                )
            })?;
    }
    if let Some(hours) = raw.hours {
        config.hours = week(hours, ctx)?;
    }
    if config.hours.iter().all(Vec::is_empty) {
        return Err(ctx.error(
            span.clone(),
            "support.hours",
            "the support hours leave no working time in the week; give at least one day hours such as \"09:00-17:00\"",
        ));
    }
    if let Some(list) = raw.holidays {
        config.holidays = list
            .get_ref()
            .iter()
            .enumerate()
            .map(|(i, day)| holiday(day, i, ctx))
            .collect::<Result<_, _>>()?;
        config.holidays.sort_unstable();
        config.holidays.dedup();
    }
    if let Some(list) = raw.categories {
        config.categories = categories(list, ctx)?;
    }
    if let Some(list) = raw.statuses {
        config.statuses = statuses(list, ctx)?;
    }
    if let Some(reopen) = raw.reopen_to {
        config.reopen_to = reopen.get_ref().clone();
    }
    check_reopen(&config, span.clone(), ctx)?;
    match raw.reply_to {
        Some(reply) => {
            config.reply_to = reply.get_ref().trim().to_owned();
            check_reply(&config, reply.span(), ctx)?;
        }
        // The default `open` applies only where the workflow has that move.
        None if config.after_reply_default_fits() => {}
        None => config.reply_to.clear(),
    }
    if let Some(sla) = raw.sla {
        config.sla = targets(sla, config.sla, ctx)?;
    }
    Ok(config)
}

fn week(
    raw: BTreeMap<SpannedStr, Spanned<RawHours>>,
    ctx: &Ctx<'_>,
) -> Result<[Vec<WorkInterval>; 7], ConfigError> {
    // Days not named are off: a team that lists its hours lists them all.
    let mut week: [Vec<WorkInterval>; 7] = Default::default();
    for (day, hours) in raw {
        let key = format!("support.hours.{}", day.get_ref());
        let index = DAYS
            .iter()
            .position(|d| *d == day.get_ref().as_str())
            .ok_or_else(|| {
                ctx.error(
                    day.span(),
                    &key,
                    format!(
                        "{:?} is not a weekday; use {}",
                        day.get_ref(),
                        DAYS.join(", ")
                    ),
                )
            })?;
        let texts = match hours.get_ref() {
            RawHours::One(text) if text.trim().is_empty() => Vec::new(),
            RawHours::One(text) => vec![text.clone()],
            RawHours::Many(list) => list.clone(),
        };
        let mut intervals = Vec::new();
        for text in texts {
            let interval = interval(&text).ok_or_else(|| {
                ctx.error(
                    hours.span(),
                    &key,
                    format!(
                        "hours {text:?} are not an interval; write start-end in 24-hour time, e.g. \"08:00-16:00\", or \"\" for a day off"
                    ),
                )
            })?;
            if intervals
                .iter()
                .any(|i: &WorkInterval| i.start < interval.end && interval.start < i.end)
            {
                return Err(ctx.error(
                    hours.span(),
                    &key,
                    format!("hours {text:?} overlap another interval of the same day; allowed: separate intervals"),
                ));
            }
            intervals.push(interval);
        }
        intervals.sort_by_key(|i| i.start);
        if let Some(slot) = week.get_mut(index) {
            *slot = intervals;
        }
    }
    Ok(week)
}

fn interval(text: &str) -> Option<WorkInterval> {
    let (a, b) = text.split_once('-')?;
    let minutes = |t: &str| -> Option<u16> {
        // 24:00 ends a day that works until midnight.
        if t.trim() == "24:00" {
            return Some(1440);
        }
        let time = NaiveTime::parse_from_str(t.trim(), "%H:%M").ok()?;
        u16::try_from(time.hour() * 60 + time.minute()).ok()
    };
    let (start, end) = (minutes(a)?, minutes(b)?);
    (start < end).then_some(WorkInterval { start, end })
}

fn holiday(day: &Spanned<String>, index: usize, ctx: &Ctx<'_>) -> Result<NaiveDate, ConfigError> {
    let text = day.get_ref().trim();
    let parsed = parse_holiday(text);
    parsed.ok_or_else(|| {
        ctx.error(
            day.span(),
            &format!("support.holidays[{index}]"),
            format!(
                "holiday {text:?} is not a date; write YYYY-MM-DD, a Jalali date (year below 1700, e.g. 1405-01-01) or a Gregorian one (e.g. 2026-03-21)"
            ),
        )
    })
}

/// A holiday date: years below 1700 are Jalali, the rest Gregorian.
fn parse_holiday(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    if year < 1700 {
        crate::calendar::jalali::to_gregorian(year, month, day)
    } else {
        NaiveDate::from_ymd_opt(year, month, day)
    }
}

fn categories(
    list: Spanned<Vec<Spanned<RawCategory>>>,
    ctx: &Ctx<'_>,
) -> Result<Vec<Category>, ConfigError> {
    let mut result: Vec<Category> = Vec::new();
    for (i, item) in list.get_ref().iter().enumerate() {
        let key = format!("support.categories[{i}]");
        let (name, label) = match item.get_ref() {
            RawCategory::Plain(name) => (name.clone(), None),
            RawCategory::Table { name, label } => (name.clone(), label.as_ref()),
        };
        let name = ctx.plain_name(&Spanned::new(item.span(), name), &key, "category name")?;
        let label = match label {
            Some(raw) => {
                let spanned = Spanned::new(item.span(), clone_label(raw));
                crate::config::label::label(ctx, &spanned, &format!("{key}.label"))?
            }
            None => Labels::default(),
        };
        if result.iter().any(|c| c.name.eq_ignore_ascii_case(&name)) {
            return Err(ctx.error(
                item.span(),
                &key,
                format!(
                    "category {name:?} is listed twice; allowed: each name once (ignoring case)"
                ),
            ));
        }
        result.push(Category { name, label });
    }
    Ok(result)
}

fn clone_label(raw: &crate::config::raw::RawLabel) -> crate::config::raw::RawLabel {
    use crate::config::raw::RawLabel;
    match raw {
        RawLabel::Plain(s) => RawLabel::Plain(s.clone()),
        RawLabel::ByLanguage(m) => RawLabel::ByLanguage(m.clone()),
    }
}

fn statuses(
    list: Spanned<Vec<Spanned<RawCaseStatus>>>,
    ctx: &Ctx<'_>,
) -> Result<Vec<CaseStatus>, ConfigError> {
    let span = list.span();
    let mut result: Vec<CaseStatus> = Vec::new();
    for (i, item) in list.get_ref().iter().enumerate() {
        let status = status(item.get_ref(), &format!("support.statuses[{i}]"), ctx)?;
        if result
            .iter()
            .any(|s| s.name.eq_ignore_ascii_case(&status.name))
        {
            return Err(ctx.error(
                item.get_ref().name.span(),
                &format!("support.statuses[{i}].name"),
                format!(
                    "status {:?} is listed twice; allowed: each name once (ignoring case)",
                    status.name
                ),
            ));
        }
        result.push(status);
    }
    if result
        .first()
        .is_none_or(|s| s.kind != CaseStatusKind::Active)
    {
        return Err(ctx.error(
            span,
            "support.statuses",
            "the first status is where new cases start and must have kind = \"active\"; put an active status first",
        ));
    }
    check_next_statuses(list.get_ref(), &result, ctx)?;
    for kind in [CaseStatusKind::Resolved, CaseStatusKind::Closed] {
        if !result.iter().any(|s| s.kind == kind) {
            return Err(ctx.error(
                span.clone(),
                "support.statuses",
                format!(
                    "the workflow has no status with kind = \"{kind}\"; add one (cases must be able to end)"
                ),
            ));
        }
    }
    Ok(result)
}

/// One status of the workflow, checked on its own (`key` is its path).
fn status(raw: &RawCaseStatus, key: &str, ctx: &Ctx<'_>) -> Result<CaseStatus, ConfigError> {
    let name = ctx.plain_name(&raw.name, &format!("{key}.name"), "status name")?;
    let kind = match &raw.kind {
        Some(kind) => ctx.keyword::<CaseStatusKind>(kind, &format!("{key}.kind"), "kind")?,
        None => CaseStatusKind::Active,
    };
    let label = match &raw.label {
        Some(label) => crate::config::label::label(ctx, label, &format!("{key}.label"))?,
        None => Labels::default(),
    };
    let next = raw
        .next
        .as_ref()
        .map(|n| n.get_ref().iter().map(|s| s.get_ref().clone()).collect())
        .unwrap_or_default();
    Ok(CaseStatus {
        name,
        kind,
        pauses: raw.pauses.unwrap_or(false),
        next,
        label,
    })
}

/// Every `next` names a status of the workflow.
fn check_next_statuses(
    raw: &[Spanned<RawCaseStatus>],
    statuses: &[CaseStatus],
    ctx: &Ctx<'_>,
) -> Result<(), ConfigError> {
    for (i, item) in raw.iter().enumerate() {
        let Some(next) = &item.get_ref().next else {
            continue;
        };
        for target in next.get_ref() {
            if !statuses
                .iter()
                .any(|s| s.name.eq_ignore_ascii_case(target.get_ref()))
            {
                let names: Vec<&str> = statuses.iter().map(|s| s.name.as_str()).collect();
                return Err(ctx.error(
                    target.span(),
                    &format!("support.statuses[{i}].next"),
                    format!(
                        "status {:?} is not in the workflow; statuses: {}",
                        target.get_ref(),
                        names.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn check_reopen(
    config: &SupportConfig,
    span: std::ops::Range<usize>,
    ctx: &Ctx<'_>,
) -> Result<(), ConfigError> {
    match config.status(&config.reopen_to) {
        Some(s) if s.kind == CaseStatusKind::Active => Ok(()),
        _ => {
            let active: Vec<&str> = config
                .statuses
                .iter()
                .filter(|s| s.kind == CaseStatusKind::Active)
                .map(|s| s.name.as_str())
                .collect();
            Err(ctx.error(
                span,
                "support.reopen_to",
                format!(
                    "reopen_to {:?} is not an active status of the workflow; allowed: {}",
                    config.reopen_to,
                    active.join(", ")
                ),
            ))
        }
    }
}

/// `reply_to`, when set, must be a status the starting status may move to.
fn check_reply(
    config: &SupportConfig,
    span: std::ops::Range<usize>,
    ctx: &Ctx<'_>,
) -> Result<(), ConfigError> {
    if config.reply_to.is_empty() {
        return Ok(());
    }
    let start = config.initial_status();
    let allowed: Vec<&str> = start
        .map(|s| s.next.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let fits = config
        .status(&config.reply_to)
        .is_some_and(|to| allowed.contains(&to.name.as_str()));
    if fits {
        return Ok(());
    }
    Err(ctx.error(
        span,
        "support.reply_to",
        format!(
            "reply_to {:?} is not a status the starting status {:?} may move to; allowed: {} (or \"\" for none)",
            config.reply_to,
            start.map(|s| s.name.as_str()).unwrap_or_default(),
            allowed.join(", ")
        ),
    ))
}

fn targets(
    raw: BTreeMap<SpannedStr, Spanned<RawSla>>,
    mut targets: SlaTargets,
    ctx: &Ctx<'_>,
) -> Result<SlaTargets, ConfigError> {
    for (priority, sla) in raw {
        let key = format!("support.sla.{}", priority.get_ref());
        let priority = ctx.keyword::<CasePriority>(&priority, &key, "priority")?;
        let minutes = |value: &SpannedStr, field: &str| {
            crate::model::case::parse_minutes(value.get_ref())
                .map_err(|e| ctx.error(value.span(), &format!("{key}.{field}"), e))
        };
        let target = SlaTarget {
            first_response_minutes: minutes(&sla.get_ref().first_response, "first_response")?,
            resolution_minutes: minutes(&sla.get_ref().resolution, "resolution")?,
        };
        match priority {
            CasePriority::Low => targets.low = target,
            CasePriority::Normal => targets.normal = target,
            CasePriority::High => targets.high = target,
            CasePriority::Urgent => targets.urgent = target,
        }
    }
    Ok(targets)
}

#[cfg(test)]
mod tests {
    use super::parse_holiday;
    use chrono::NaiveDate;

    #[test]
    fn holidays_read_jalali_and_gregorian() {
        assert_eq!(
            parse_holiday("1405-01-01"),
            NaiveDate::from_ymd_opt(2026, 3, 21)
        );
        assert_eq!(
            parse_holiday("2026-12-25"),
            NaiveDate::from_ymd_opt(2026, 12, 25)
        );
        assert_eq!(parse_holiday("1405-13-01"), None);
    }
}
