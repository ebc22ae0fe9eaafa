//! What can sit on top of a view: help, forms, pickers, one-line prompts,
//! yes/no questions and the conflict resolver.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::change::Change;
use super::forms::Form;
use super::input::TextInput;
use crate::model::Entity;
use crate::text::fold::fold;

/// An overlay; the top one gets the keys.
#[derive(Debug, Clone)]
pub enum Overlay {
    /// The key list of the view underneath, scrolled down `offset` lines.
    Help {
        /// First line shown.
        offset: usize,
    },
    /// An add or edit form.
    Form(Box<Form>),
    /// A fuzzy picker.
    Picker(Picker),
    /// A one-line question with a typed answer.
    Prompt(Prompt),
    /// A yes/no question before a change.
    Confirm(Confirm),
    /// Someone else saved first: reload or overwrite.
    Conflict(Conflict),
    /// An activity shown in full (Enter on a timeline row).
    Activity(ActivityReader),
    /// The caller's page when the phone rings (caller ID): over
    /// everything, until a key closes it.
    Caller(Box<super::caller::CallerCard>),
}

/// An activity read in full: wrapped, scrolled `offset` lines.
#[derive(Debug, Clone)]
pub struct ActivityReader {
    /// The activity as loaded with the page.
    pub activity: Box<crate::model::Activity>,
    /// First body line shown.
    pub offset: usize,
}

/// One choice of a picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickOption {
    /// What is shown and filtered on.
    pub label: String,
    /// Extra text shown dimmed (a company, an e-mail).
    pub detail: String,
    /// The record chosen, for people and companies.
    pub id: Option<i64>,
}

/// What a picker's choice is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickPurpose {
    /// Fills a form field (index).
    FormField(usize),
    /// Filters the contact list by tag.
    FilterTag,
    /// Filters the contact list by owner.
    FilterOwner,
    /// Filters the board by owner.
    PipelineOwner,
    /// Why a deal was lost (the deal is in the picker's `then`).
    LostReason,
    /// The status case (id) moves to.
    CaseStatus(i64),
    /// Who case (id) is assigned to.
    AssignCase(i64),
    /// Filters the Cases view by status.
    CaseFilterStatus,
    /// The product (or free text) of a new line on the quote page.
    QuoteProduct,
    /// A saved segment for the filter bar of the view shown.
    Segment,
    /// The owner the marked people, companies or deals are given.
    BulkOwner(Entity),
    /// The stage the marked deals move to.
    BulkStage,
}

/// A fuzzy picker over a list, or over the search index for people and
/// companies (too many to list).
#[derive(Debug, Clone)]
pub struct Picker {
    /// Title.
    pub title: String,
    /// The filter text.
    pub input: TextInput,
    /// Every option (static lists) or the latest search answer.
    pub options: Vec<PickOption>,
    /// Indexes of options matching the filter, best first.
    pub shown: Vec<usize>,
    /// Selected index into `shown`.
    pub selected: usize,
    /// What the choice is for.
    pub purpose: PickPurpose,
    /// `Some` when options come from the search index.
    pub search: Option<Entity>,
    /// Sequence number of the newest search sent.
    pub seq: u64,
    /// Whether free text (not in the list) may be chosen.
    pub free_text: bool,
    /// The question this choice answers, when it completes one (the
    /// deal a lost reason is for).
    pub then: Option<PromptPurpose>,
}

impl Picker {
    /// A picker over a fixed list.
    pub fn new(title: String, options: Vec<PickOption>, purpose: PickPurpose) -> Picker {
        let mut picker = Picker {
            title,
            input: TextInput::default(),
            options,
            shown: Vec::new(),
            selected: 0,
            purpose,
            search: None,
            seq: 0,
            free_text: false,
            then: None,
        };
        picker.refilter();
        picker
    }

    /// Filters the options by the typed text, best match first.
    pub fn refilter(&mut self) {
        let query = fold(&self.input.text());
        if query.is_empty() || self.search.is_some() {
            self.shown = (0..self.options.len()).collect();
        } else {
            let matcher = SkimMatcherV2::default();
            let mut scored: Vec<(i64, usize)> = self
                .options
                .iter()
                .enumerate()
                // The detail counts too: an owner is found by display name.
                .filter_map(|(i, o)| {
                    let label = matcher.fuzzy_match(&fold(&o.label), &query);
                    let detail = matcher.fuzzy_match(&fold(&o.detail), &query);
                    label.max(detail).map(|s| (s, i))
                })
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            self.shown = scored.into_iter().map(|(_, i)| i).collect();
        }
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
    }

    /// The highlighted option.
    pub fn current(&self) -> Option<&PickOption> {
        self.shown
            .get(self.selected)
            .and_then(|i| self.options.get(*i))
    }
}

/// What a prompt's answer is for.
#[derive(Debug, Clone, PartialEq)]
pub enum PromptPurpose {
    /// The reason a deal is marked lost.
    LostReason {
        /// Deal id.
        id: i64,
        /// The deal as the user saw it (the write changes only its stage
        /// and reason, field-level).
        seen: Box<crate::model::DealData>,
        /// The lost stage.
        stage: String,
    },
    /// A date to snooze a task to.
    SnoozeTo {
        /// Task id.
        id: i64,
        /// Version seen.
        version: i64,
    },
    /// The tags of a person or company, comma-separated.
    Tags {
        /// Person or company.
        entity: Entity,
        /// Id.
        id: i64,
        /// The tags the prompt opened with: the answer is applied as the
        /// additions and removals against these, never as a whole list.
        original: Vec<String>,
    },
    /// Tags to add (`tag`) and remove (`-tag`) on the marked contacts.
    BulkTags {
        /// Person or company.
        entity: Entity,
        /// The marked ids.
        ids: Vec<i64>,
    },
}

/// A one-line question.
#[derive(Debug, Clone)]
pub struct Prompt {
    /// The question.
    pub title: String,
    /// The answer being typed.
    pub input: TextInput,
    /// Why the last answer was refused.
    pub error: Option<String>,
    /// What the answer is for.
    pub purpose: PromptPurpose,
}

/// A yes/no question guarding a change (deletes).
#[derive(Debug, Clone)]
pub struct Confirm {
    /// The question, naming the record.
    pub question: String,
    /// Applied on yes.
    pub change: Change,
    /// The message after it is done (`None`: "Done").
    pub label: Option<String>,
}

/// A save that met someone else's change of the same fields.
#[derive(Debug, Clone)]
pub struct Conflict {
    /// What "keep mine" writes: the user's own fields only, based on what
    /// is stored now.
    pub change: Change,
    /// The fields changed on both sides: original, theirs, mine.
    pub rows: Vec<super::change::ConflictRow>,
}
