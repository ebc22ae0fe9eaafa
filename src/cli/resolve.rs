//! Resolving what people type for a linked record (`--company 7` or
//! `--company "Parsian Steel"`), shared by the subcommands, so they need not
//! import each other.

use super::args;
use crate::store::{Store, Writer};
use anyhow::Result;

/// `--company` outside a write: a company by id or exact (folded) name.
pub fn company(store: &Store, text: &str) -> Result<i64> {
    if let Ok(id) = args::id(text) {
        return Ok(store.company(id)?.id);
    }
    let company = store.company_by_name(text)?;
    company.map(|c| c.id).ok_or_else(|| {
        crate::Error::NotFoundNamed {
            entity: crate::model::Entity::Company,
            name: text.to_string(),
        }
        .into()
    })
}

/// Resolves `--company` inside the write: an id must exist; a name finds
/// the company or creates it.
pub fn company_in(w: &mut Writer<'_>, text: &Option<String>) -> crate::Result<Option<i64>> {
    let Some(text) = text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if let Ok(id) = args::id(text) {
        w.require_company(id)?;
        return Ok(Some(id));
    }
    Ok(Some(w.find_or_create_company(text)?))
}
