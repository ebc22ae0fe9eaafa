//! `[[rules]]`: trigger keywords, the stage a rule watches, each action's
//! keys, due offsets, owners and custom fields, with line and key errors.

use toml::Spanned;

use super::{Ctx, or_list};
use crate::config::error::ConfigError;
use crate::config::raw::{RawRule, RawRuleAction, SpannedList};
use crate::config::rules::{ACTIONS, Rule, RuleAction, TRIGGERS, TaskOwner, Trigger};
use crate::config::types::{CustomField, Pipeline};
use crate::vocab::FieldEntity;

type Str = Spanned<String>;

pub(super) fn rules(
    raw: Option<SpannedList<RawRule>>,
    pipelines: &[Pipeline],
    fields: &[CustomField],
    ctx: &Ctx<'_>,
) -> Result<Vec<Rule>, ConfigError> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    let mut out: Vec<Rule> = Vec::new();
    for (i, rule) in raw.into_inner().into_iter().enumerate() {
        let span = rule.span();
        let rule = rule.into_inner();
        let key = format!("rules[{i}]");
        let name = ctx.plain_name(&rule.name, &format!("{key}.name"), "rule name")?;
        if out.iter().any(|r| r.name.eq_ignore_ascii_case(&name)) {
            return Err(ctx.error(
                rule.name.span(),
                &format!("{key}.name"),
                format!("rule name {name:?} is used twice; give each rule its own name"),
            ));
        }
        let trigger = trigger(&rule, pipelines, &key, ctx)?;
        let actions = match &rule.actions {
            Some(list) if !list.get_ref().is_empty() => list
                .get_ref()
                .iter()
                .enumerate()
                .map(|(j, a)| action(a, fields, &format!("{key}.actions[{j}]"), ctx))
                .collect::<Result<Vec<_>, _>>()?,
            _ => {
                return Err(ctx.error(
                    span,
                    &format!("{key}.actions"),
                    format!(
                        "rule {name:?} has no actions; add at least one [[rules.actions]] with do = {}",
                        or_list(&ACTIONS)
                    ),
                ));
            }
        };
        out.push(Rule {
            name,
            trigger,
            actions,
        });
    }
    Ok(out)
}

/// Refuses a key the trigger or action does not use.
fn unused(value: Option<&Str>, key: &str, what: &str, ctx: &Ctx<'_>) -> Result<(), ConfigError> {
    match value {
        Some(v) => Err(ctx.error(v.span(), key, format!("{what}; remove the line"))),
        None => Ok(()),
    }
}

fn trigger(
    rule: &RawRule,
    pipelines: &[Pipeline],
    key: &str,
    ctx: &Ctx<'_>,
) -> Result<Trigger, ConfigError> {
    let on = rule.on.get_ref().as_str();
    let on_key = format!("{key}.on");
    let trigger = match on {
        "stage_entered" => stage_trigger(rule, pipelines, key, ctx)?,
        "deal_won" => Trigger::DealWon,
        "deal_lost" => Trigger::DealLost,
        "missed_call" => Trigger::MissedCall,
        "case_created" => Trigger::CaseCreated,
        "sla_breached" => Trigger::SlaBreached,
        "birthday" => Trigger::Birthday,
        "deal_idle" => {
            let Some(days) = &rule.days else {
                return Err(ctx.error(
                    rule.on.span(),
                    &format!("{key}.days"),
                    "on = \"deal_idle\" needs days = N (days without activity, 1 to 3650)",
                ));
            };
            match u32::try_from(*days.get_ref()) {
                Ok(d) if (1..=3650).contains(&d) => Trigger::DealIdle { days: d },
                _ => {
                    return Err(ctx.error(
                        days.span(),
                        &format!("{key}.days"),
                        format!("days {} is out of range; use 1 to 3650", days.get_ref()),
                    ));
                }
            }
        }
        other => {
            return Err(ctx.error(
                rule.on.span(),
                &on_key,
                format!(
                    "trigger {other:?} is not allowed; use {}",
                    or_list(&TRIGGERS)
                ),
            ));
        }
    };
    if !matches!(trigger, Trigger::StageEntered { .. }) {
        let why = "only on = \"stage_entered\" names a stage or pipeline";
        unused(rule.stage.as_ref(), &format!("{key}.stage"), why, ctx)?;
        unused(rule.pipeline.as_ref(), &format!("{key}.pipeline"), why, ctx)?;
    }
    if let (Some(days), false) = (&rule.days, matches!(trigger, Trigger::DealIdle { .. })) {
        return Err(ctx.error(
            days.span(),
            &format!("{key}.days"),
            "only on = \"deal_idle\" takes days; remove the line",
        ));
    }
    Ok(trigger)
}

fn stage_trigger(
    rule: &RawRule,
    pipelines: &[Pipeline],
    key: &str,
    ctx: &Ctx<'_>,
) -> Result<Trigger, ConfigError> {
    let pipeline = match &rule.pipeline {
        Some(p) => {
            let found = pipelines
                .iter()
                .find(|x| x.name.eq_ignore_ascii_case(p.get_ref()));
            let Some(found) = found else {
                let names: Vec<&str> = pipelines.iter().map(|x| x.name.as_str()).collect();
                return Err(ctx.error(
                    p.span(),
                    &format!("{key}.pipeline"),
                    format!(
                        "pipeline {:?} is not in the config; use {}",
                        p.get_ref(),
                        or_list(&names)
                    ),
                ));
            };
            Some(found)
        }
        None => None,
    };
    let Some(stage) = &rule.stage else {
        return Err(ctx.error(
            rule.on.span(),
            &format!("{key}.stage"),
            "on = \"stage_entered\" needs stage = \"NAME\" (a stage of the pipelines)",
        ));
    };
    let candidates: Vec<&Pipeline> = match pipeline {
        Some(p) => vec![p],
        None => pipelines.iter().collect(),
    };
    let found = candidates.iter().find_map(|p| p.stage(stage.get_ref()));
    let Some(found) = found else {
        let mut names: Vec<&str> = candidates
            .iter()
            .flat_map(|p| p.stages.iter().map(|s| s.name.as_str()))
            .collect();
        names.dedup();
        return Err(ctx.error(
            stage.span(),
            &format!("{key}.stage"),
            format!(
                "stage {:?} is not in the pipelines; use {}",
                stage.get_ref(),
                or_list(&names)
            ),
        ));
    };
    Ok(Trigger::StageEntered {
        stage: found.name.clone(),
        pipeline: pipeline.map(|p| p.name.clone()),
    })
}

/// A required text key of an action.
fn required(
    value: Option<&Str>,
    action: &Spanned<RawRuleAction>,
    key: &str,
    hint: &str,
    ctx: &Ctx<'_>,
) -> Result<String, ConfigError> {
    match value {
        Some(v) if !v.get_ref().trim().is_empty() => Ok(v.get_ref().trim().to_owned()),
        Some(v) => Err(ctx.error(v.span(), key, format!("must not be empty; {hint}"))),
        None => Err(ctx.error(action.span(), key, format!("missing; {hint}"))),
    }
}

fn action(
    raw: &Spanned<RawRuleAction>,
    fields: &[CustomField],
    key: &str,
    ctx: &Ctx<'_>,
) -> Result<RuleAction, ConfigError> {
    let a = raw.get_ref();
    let k = |name: &str| format!("{key}.{name}");
    let action = match a.action.get_ref().as_str() {
        "create_task" => RuleAction::CreateTask {
            title: required(
                a.title.as_ref(),
                raw,
                &k("title"),
                "write the task's title, e.g. title = \"Follow up {title}\"",
                ctx,
            )?,
            due_days: due(a.due.as_ref(), &k("due"), ctx)?,
            owner: owner(a.owner.as_ref(), &k("owner"), ctx)?,
        },
        "add_tag" => RuleAction::AddTag {
            tag: required(
                a.tag.as_ref(),
                raw,
                &k("tag"),
                "name the tag, e.g. tag = \"won\"",
                ctx,
            )?,
        },
        "set_field" => set_field(raw, fields, key, ctx)?,
        "notify_owner" => RuleAction::NotifyOwner {
            text: required(
                a.text.as_ref(),
                raw,
                &k("text"),
                "write the message, e.g. text = \"{title} entered {stage}\"",
                ctx,
            )?,
        },
        "send_message" => RuleAction::SendMessage {
            template: required(
                a.template.as_ref(),
                raw,
                &k("template"),
                "name the message template, e.g. template = \"welcome\"",
                ctx,
            )?,
            channel: channel(a.channel.as_ref(), &k("channel"), ctx)?,
        },
        other => {
            return Err(ctx.error(
                a.action.span(),
                &k("do"),
                format!("action {other:?} is not allowed; use {}", or_list(&ACTIONS)),
            ));
        }
    };
    refuse_extra(a, &action, key, ctx)?;
    Ok(action)
}

/// Keys the action's `do` does not use are refused by name.
fn refuse_extra(
    a: &RawRuleAction,
    action: &RuleAction,
    key: &str,
    ctx: &Ctx<'_>,
) -> Result<(), ConfigError> {
    let used: &[&str] = match action {
        RuleAction::CreateTask { .. } => &["title", "due", "owner"],
        RuleAction::AddTag { .. } => &["tag"],
        RuleAction::SetField { .. } => &["field", "value"],
        RuleAction::NotifyOwner { .. } => &["text"],
        RuleAction::SendMessage { .. } => &["template", "channel"],
    };
    let all = [
        ("title", &a.title),
        ("due", &a.due),
        ("owner", &a.owner),
        ("tag", &a.tag),
        ("field", &a.field),
        ("value", &a.value),
        ("text", &a.text),
        ("template", &a.template),
        ("channel", &a.channel),
    ];
    for (name, value) in all {
        if !used.contains(&name) {
            let why = format!(
                "do = {:?} does not use {name} (it takes {})",
                a.action.get_ref(),
                used.join(", ")
            );
            unused(value.as_ref(), &format!("{key}.{name}"), &why, ctx)?;
        }
    }
    Ok(())
}

fn set_field(
    raw: &Spanned<RawRuleAction>,
    fields: &[CustomField],
    key: &str,
    ctx: &Ctx<'_>,
) -> Result<RuleAction, ConfigError> {
    let a = raw.get_ref();
    let field_key = format!("{key}.field");
    let name = required(
        a.field.as_ref(),
        raw,
        &field_key,
        "name a custom field of deals or people",
        ctx,
    )?;
    let value = required(
        a.value.as_ref(),
        raw,
        &format!("{key}.value"),
        "write the value to set",
        ctx,
    )?;
    let declared: Vec<&CustomField> = fields
        .iter()
        .filter(|f| matches!(f.entity, FieldEntity::Deal | FieldEntity::Person))
        .filter(|f| f.name == name)
        .collect();
    let span = a.field.as_ref().map_or(raw.span(), Spanned::span);
    if declared.is_empty() {
        return Err(ctx.error(
            span,
            &field_key,
            format!(
                "custom field {name:?} is not declared for deals or people under [[custom_fields]]"
            ),
        ));
    }
    for field in declared {
        if let Err(problem) = field.validate_value(&value) {
            let span = a.value.as_ref().map_or(raw.span(), Spanned::span);
            return Err(ctx.error(span, &format!("{key}.value"), problem));
        }
    }
    Ok(RuleAction::SetField { field: name, value })
}

/// `"sms"` or `"email"`; missing means SMS.
fn channel(
    value: Option<&Str>,
    key: &str,
    ctx: &Ctx<'_>,
) -> Result<crate::model::Channel, ConfigError> {
    let Some(value) = value else {
        return Ok(crate::model::Channel::Sms);
    };
    match value.get_ref().trim() {
        "sms" => Ok(crate::model::Channel::Sms),
        "email" => Ok(crate::model::Channel::Email),
        other => Err(ctx.error(
            value.span(),
            key,
            format!("channel {other:?} is not allowed; use \"sms\" or \"email\""),
        )),
    }
}

/// `"+2d"`, `"2d"`, `"0d"` or `"+1w"`; missing means the same day.
fn due(value: Option<&Str>, key: &str, ctx: &Ctx<'_>) -> Result<u32, ConfigError> {
    let Some(value) = value else {
        return Ok(0);
    };
    parse_offset(value.get_ref()).ok_or_else(|| {
        ctx.error(
            value.span(),
            key,
            format!(
                "due {:?} is not an offset; write days or weeks after the event, e.g. \"+2d\" or \"+1w\" (at most a year)",
                value.get_ref()
            ),
        )
    })
}

/// Days in an offset like `+2d` or `+1w`.
pub(crate) fn parse_offset(text: &str) -> Option<u32> {
    let text = text.trim();
    let text = text.strip_prefix('+').unwrap_or(text);
    let (days, weeks) = (text.strip_suffix('d'), text.strip_suffix('w'));
    let days = match (days, weeks) {
        (Some(n), _) => n.parse::<u32>().ok()?,
        (_, Some(n)) => n.parse::<u32>().ok()?.checked_mul(7)?,
        _ => return None,
    };
    (days <= 366).then_some(days)
}

fn owner(value: Option<&Str>, key: &str, ctx: &Ctx<'_>) -> Result<TaskOwner, ConfigError> {
    match value {
        None => Ok(TaskOwner::RecordOwner),
        Some(v) if v.get_ref() == "owner" => Ok(TaskOwner::RecordOwner),
        Some(v) => crate::model::user::check_login(v.get_ref())
            .map(TaskOwner::Login)
            .map_err(|e| {
                ctx.error(
                    v.span(),
                    key,
                    format!("{e}; or write \"owner\" for the record's owner"),
                )
            }),
    }
}
