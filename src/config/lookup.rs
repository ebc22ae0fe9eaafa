//! Read-only queries on a validated configuration (find a pipeline, a stage,
//! a custom field).

use super::types::{Config, CustomField, Pipeline, Stage};
use crate::vocab::{FieldEntity, StageKind};

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
