//! Closing a deal, explicitly: won with its key, lost with its key and a
//! reason picked from the pipeline's `lost_reasons` (or typed: "other").
//! Moving with H/L stays among the open stages. Both write only the stage
//! and the reason, field-level, so a colleague's edit of other fields
//! meanwhile stays and a colleague's move of the deal is a conflict.

use crate::config::StageKind;
use crate::keys::Command;
use crate::model::{Deal, DealData};
use crate::tui::action::Effect;
use crate::tui::change::Change;
use crate::tui::input::TextInput;
use crate::tui::overlays::{Overlay, PickOption, PickPurpose, Picker, Prompt, PromptPurpose};
use crate::tui::state::State;

/// The id of the picker option that asks for a typed reason instead.
const OTHER: i64 = -1;

/// The change that puts a deal in `stage` with `reason`, based on the deal
/// as the user saw it.
pub fn close_change(id: i64, seen: &DealData, stage: &str, reason: Option<String>) -> Change {
    let mut data = seen.clone();
    data.stage = stage.to_owned();
    data.lost_reason = reason;
    Change::Deal {
        target: Some((id, None)),
        original: Some(Box::new(seen.clone())),
        data: Box::new(data),
    }
}

/// The pipeline's stage of `kind` for a deal, or a message why not.
fn closing_stage(state: &mut State, deal: &Deal, kind: StageKind) -> Option<String> {
    let stage = state
        .session
        .config
        .pipeline(&deal.data.pipeline)
        .and_then(|p| match kind {
            StageKind::Won => p.won_stage(),
            _ => p.lost_stage(),
        })
        .map(|s| s.name.clone());
    match stage {
        Some(stage) if stage == deal.data.stage => {
            let key = if kind == StageKind::Won {
                "msg.already_won"
            } else {
                "msg.already_lost"
            };
            state.say(state.t(key).to_owned());
            None
        }
        Some(stage) => Some(stage),
        None => {
            let key = if kind == StageKind::Won {
                "msg.no_won_stage"
            } else {
                "msg.no_lost_stage"
            };
            state.complain(state.t(key).to_owned());
            None
        }
    }
}

/// Marks a deal won.
pub fn win(state: &mut State, deal: &Deal) -> Vec<Effect> {
    let Some(stage) = closing_stage(state, deal, StageKind::Won) else {
        return Vec::new();
    };
    let label = state
        .session
        .locale
        .tf("msg.deal_won", &[("title", &deal.data.title)]);
    vec![Effect::Write {
        change: close_change(deal.id, &deal.data, &stage, None),
        label,
        undoable: true,
    }]
}

/// Asks why a deal was lost: the pipeline's reasons and "other", or a
/// typed reason straight away when the pipeline lists none.
pub fn lose(state: &mut State, deal: &Deal) -> Vec<Effect> {
    let Some(stage) = closing_stage(state, deal, StageKind::Lost) else {
        return Vec::new();
    };
    let purpose = PromptPurpose::LostReason {
        id: deal.id,
        seen: Box::new(deal.data.clone()),
        stage,
    };
    let language = state.session.locale.language;
    // Shown by their labels; the id is the reason's place in the list, so
    // the name (what is stored) is found again whatever the label.
    let reasons: Vec<String> = state
        .session
        .config
        .pipeline(&deal.data.pipeline)
        .map(|p| {
            p.lost_reasons
                .iter()
                .map(|r| r.label.shown(language, &r.name).to_owned())
                .collect()
        })
        .unwrap_or_default();
    if reasons.is_empty() {
        ask_reason(state, purpose);
        return Vec::new();
    }
    let mut options: Vec<PickOption> = reasons
        .into_iter()
        .enumerate()
        .map(|(index, label)| PickOption {
            label,
            detail: String::new(),
            id: i64::try_from(index).ok(),
        })
        .collect();
    options.push(PickOption {
        label: state.t("lost.other").to_owned(),
        detail: String::new(),
        id: Some(OTHER),
    });
    let title = state
        .session
        .locale
        .tf("prompt.lost_reason", &[("title", &deal.data.title)]);
    let mut picker = Picker::new(title, options, PickPurpose::LostReason);
    // A reason typed into the filter that matches none is taken as is.
    picker.free_text = true;
    picker.then = Some(purpose);
    state.overlays.push(Overlay::Picker(picker));
    Vec::new()
}

/// The one-line question for a reason of one's own.
fn ask_reason(state: &mut State, purpose: PromptPurpose) {
    let title = match &purpose {
        PromptPurpose::LostReason { seen, .. } => state
            .session
            .locale
            .tf("prompt.lost_reason", &[("title", &seen.title)]),
        _ => String::new(),
    };
    state.overlays.push(Overlay::Prompt(Prompt {
        title,
        input: TextInput::default(),
        error: None,
        purpose,
    }));
}

/// A reason was picked (`id` is [`OTHER`] for "type my own").
pub fn reason_picked(
    state: &mut State,
    purpose: Option<PromptPurpose>,
    label: String,
    id: Option<i64>,
) -> Vec<Effect> {
    let Some(purpose) = purpose else {
        return Vec::new();
    };
    if id == Some(OTHER) {
        ask_reason(state, purpose);
        return Vec::new();
    }
    // A listed reason is stored by its name, not the label shown.
    let reason = match (&purpose, id.and_then(|i| usize::try_from(i).ok())) {
        (PromptPurpose::LostReason { seen, .. }, Some(index)) => state
            .session
            .config
            .pipeline(&seen.pipeline)
            .and_then(|p| p.lost_reasons.get(index))
            .map_or(label, |r| r.name.clone()),
        _ => label,
    };
    lost_with(state, purpose, reason)
}

/// The write for a lost deal with its reason.
pub fn lost_with(state: &mut State, purpose: PromptPurpose, reason: String) -> Vec<Effect> {
    let PromptPurpose::LostReason { id, seen, stage } = purpose else {
        return Vec::new();
    };
    let language = state.session.locale.language;
    let pipeline = state.session.config.pipeline(&seen.pipeline);
    // A typed reason that is a listed one's label (in any language) is
    // stored by that reason's name, so reports count it once.
    let reason = pipeline.map_or_else(|| reason.clone(), |p| p.canonical_lost_reason(&reason));
    let shown = pipeline.map_or(reason.as_str(), |p| p.lost_reason_label(&reason, language));
    let label = state
        .session
        .locale
        .tf("msg.deal_lost", &[("reason", shown)]);
    vec![Effect::Write {
        change: close_change(id, &seen, &stage, Some(reason)),
        label,
        undoable: true,
    }]
}

/// The open stage `direction` steps from the deal's stage, skipping won
/// and lost: H/L never close a deal (W and X do).
pub fn next_open_stage(state: &State, deal: &Deal, direction: isize) -> Option<String> {
    let pipeline = state.session.config.pipeline(&deal.data.pipeline)?;
    let mut index = pipeline.stage_index(&deal.data.stage)?;
    loop {
        index = index.checked_add_signed(direction)?;
        let stage = pipeline.stages.get(index)?;
        if stage.kind == StageKind::Open {
            return Some(stage.name.clone());
        }
    }
}

/// Said when H/L find no open stage further: how to close instead.
pub fn no_further_open_stage(state: &mut State) {
    let keys = &state.session.keymap;
    let (won, lost) = (keys.hint(Command::WinDeal), keys.hint(Command::LoseDeal));
    let text = state
        .session
        .locale
        .tf("msg.close_with_keys", &[("won", &won), ("lost", &lost)]);
    state.say(text);
}
