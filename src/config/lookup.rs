//! Read-only queries on a validated configuration (find a pipeline, a stage,
//! a custom field).

use super::types::{Config, CustomField, Pipeline, Stage};
use crate::vocab::{FieldEntity, Language, StageKind};

/// Which kind of configured name a stored value is, for [`Config::shown`].
/// The pipeline a stage or lost reason belongs to, when known, picks the
/// right one of two pipelines' items of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named<'a> {
    /// A pipeline's name (`[[pipelines]] label`).
    Pipeline,
    /// A stage, of this pipeline or (unknown) the first that has one of
    /// that name.
    Stage(Option<&'a str>),
    /// A lost reason, of this pipeline or the first that lists it.
    LostReason(Option<&'a str>),
    /// A support case category (`[support] categories`).
    Category,
    /// A case workflow status (`[[support.statuses]]`).
    CaseStatus,
    /// A custom field's name on this kind of record.
    CustomField(FieldEntity),
}

impl Named<'static> {
    /// The kind of name a report column holds (`reports::table` headers),
    /// `None` for columns of other text (owners, sources, months).
    pub fn of_column(column: &str) -> Option<Named<'static>> {
        match column {
            "pipeline" => Some(Named::Pipeline),
            "stage" => Some(Named::Stage(None)),
            "reason" | "lost_reason" => Some(Named::LostReason(None)),
            "category" => Some(Named::Category),
            "status" => Some(Named::CaseStatus),
            _ => None,
        }
    }
}

/// Returned by `default_pipeline` only for a hand-built `Config` without
/// pipelines (validation never produces one): a placeholder beats a panic.
static EMPTY_PIPELINE: Pipeline = Pipeline {
    name: String::new(),
    label: super::types::Labels(std::collections::BTreeMap::new()),
    stages: Vec::new(),
    lost_reasons: Vec::new(),
};

/// Returned by `first_open_stage` only for a hand-built pipeline without
/// stages, for the same reason as [`EMPTY_PIPELINE`].
static EMPTY_STAGE: Stage = Stage {
    name: String::new(),
    probability: 0,
    kind: StageKind::Open,
    rot_days: None,
    label: super::types::Labels(std::collections::BTreeMap::new()),
};

/// Index of the item named `name`: an exact match wins, otherwise the first
/// case-insensitive match, so `kariz deal move 3 won` finds "Won". Validation
/// keeps names unique ignoring case, so the fallback is unambiguous.
fn find_index<T>(items: &[T], name: &str, name_of: impl Fn(&T) -> &str) -> Option<usize> {
    items
        .iter()
        .position(|item| name_of(item) == name)
        .or_else(|| {
            let wanted = name.to_lowercase();
            items
                .iter()
                .position(|item| name_of(item).to_lowercase() == wanted)
        })
}

impl Config {
    /// The pipeline called `name` (exact match first, then ignoring case).
    pub fn pipeline(&self, name: &str) -> Option<&Pipeline> {
        find_index(&self.pipelines, name, |p| &p.name).and_then(|i| self.pipelines.get(i))
    }

    /// What the interface shows for `stage` of `pipeline` in `language`:
    /// the stage's label (docs/config.md), else the stored name itself.
    pub fn stage_label<'a>(
        &'a self,
        pipeline: &str,
        stage: &'a str,
        language: crate::vocab::Language,
    ) -> &'a str {
        self.pipeline(pipeline)
            .and_then(|p| p.stage(stage))
            .map_or(stage, |s| s.display_name(language))
    }

    /// What the interface shows for a stage name when its pipeline is not
    /// known (a change-log row of a deleted deal): the label of the first
    /// pipeline's stage of that name, else the name.
    pub fn stage_label_anywhere<'a>(
        &'a self,
        stage: &'a str,
        language: crate::vocab::Language,
    ) -> &'a str {
        self.pipelines
            .iter()
            .find_map(|p| p.stage(stage))
            .map_or(stage, |s| s.display_name(language))
    }

    /// What people see for the stored `value`, a name of the `named` kind
    /// from the config, in `language`: its label (docs/config.md,
    /// "Translatable labels"), else the value as stored. The one lookup the
    /// interface, the command line, reports and printed documents use for
    /// names from the config.
    pub fn shown<'a>(&'a self, named: Named<'_>, value: &'a str, language: Language) -> &'a str {
        match named {
            Named::Pipeline => self
                .pipeline(value)
                .map_or(value, |p| p.display_name(language)),
            Named::Stage(Some(pipeline)) => self.stage_label(pipeline, value, language),
            Named::Stage(None) => self.stage_label_anywhere(value, language),
            Named::LostReason(pipeline) => pipeline
                .and_then(|p| self.pipeline(p))
                .filter(|p| p.lost_reason_named(value).is_some())
                .or_else(|| {
                    self.pipelines
                        .iter()
                        .find(|p| p.lost_reason_named(value).is_some())
                })
                .map_or(value, |p| p.lost_reason_label(value, language)),
            Named::Category => self
                .support
                .category(value)
                .map_or(value, |c| c.display_name(language)),
            Named::CaseStatus => self
                .support
                .status(value)
                .map_or(value, |s| s.display_name(language)),
            Named::CustomField(entity) => self
                .custom_field(entity, value)
                .map_or(value, |f| f.display_label(language)),
        }
    }

    /// The first pipeline, used for new deals when none is named.
    /// Validation guarantees there is one.
    pub fn default_pipeline(&self) -> &Pipeline {
        self.pipelines.first().unwrap_or(&EMPTY_PIPELINE)
    }

    /// Custom fields declared for `entity`, in file order.
    pub fn custom_fields_for(&self, entity: FieldEntity) -> impl Iterator<Item = &CustomField> {
        self.custom_fields
            .iter()
            .filter(move |field| field.entity == entity)
    }

    /// The custom field `name` of `entity` (exact match first, then ignoring case).
    pub fn custom_field(&self, entity: FieldEntity, name: &str) -> Option<&CustomField> {
        let fields: Vec<&CustomField> = self.custom_fields_for(entity).collect();
        find_index(&fields, name, |f| &f.name).and_then(|i| fields.get(i).copied())
    }
}

impl Pipeline {
    /// The stage called `name` (exact match first, then ignoring case).
    pub fn stage(&self, name: &str) -> Option<&Stage> {
        self.stage_index(name).and_then(|i| self.stages.get(i))
    }

    /// Board position (0-based) of the stage called `name`, matched like [`Pipeline::stage`].
    pub fn stage_index(&self, name: &str) -> Option<usize> {
        find_index(&self.stages, name, |s| &s.name)
    }

    /// The stage new deals start in. Validation guarantees an open stage.
    pub fn first_open_stage(&self) -> &Stage {
        self.stages
            .iter()
            .find(|stage| stage.kind == StageKind::Open)
            .or_else(|| self.stages.first())
            .unwrap_or(&EMPTY_STAGE)
    }

    /// The stage that marks a deal as won, if the pipeline has one.
    pub fn won_stage(&self) -> Option<&Stage> {
        self.stages
            .iter()
            .find(|stage| stage.kind == StageKind::Won)
    }

    /// The stage that marks a deal as lost, if the pipeline has one.
    pub fn lost_stage(&self) -> Option<&Stage> {
        self.stages
            .iter()
            .find(|stage| stage.kind == StageKind::Lost)
    }

    /// Stage names in board order.
    pub fn stage_names(&self) -> Vec<&str> {
        self.stages
            .iter()
            .map(|stage| stage.name.as_str())
            .collect()
    }
}
