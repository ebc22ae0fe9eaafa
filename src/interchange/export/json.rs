//! JSON export: one array of records exactly as `kariz … list --json`
//! prints them (pretty, controls escaped), written one record at a time.

use super::{Request, for_each_id, io_error};
use crate::error::{Error, Result};
use crate::model::Entity;
use crate::store::Store;
use crate::text::sanitize::escape_json_output;
use serde::Serialize;
use std::io::Write;

/// The record pretty-printed as an element of a top-level array: the same
/// text `serde_json::to_string_pretty` gives for it inside a `Vec`.
fn element<T: Serialize>(record: &T) -> Result<String> {
    let text = serde_json::to_string_pretty(record)
        .map_err(|e| Error::invalid(format!("a record cannot be written as JSON: {e}")))?;
    let indented: Vec<String> = text.lines().map(|l| format!("  {l}")).collect();
    Ok(escape_json_output(&indented.join("\n")).into_owned())
}

pub fn write(
    store: &Store,
    request: &Request,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(),
) -> Result<u64> {
    let mut written = 0u64;
    for &entity in &request.entities {
        for_each_id(store, entity, &request.filter, |id| {
            let text = match entity {
                Entity::Person => element(&store.person(id)?)?,
                Entity::Company => element(&store.company(id)?)?,
                Entity::Deal => element(&store.deal(id)?)?,
                Entity::Task => element(&store.task(id)?)?,
                Entity::Activity => element(&store.activity(id)?)?,
                Entity::Call => element(&store.call(id)?)?,
                Entity::Rate
                | Entity::Goal
                | Entity::Notification
                | Entity::Message
                | Entity::Segment
                | Entity::Campaign => {
                    return Err(crate::error::Error::invalid(format!(
                        "{entity} is not a customer record; see `kariz rate list` and `kariz goal list`"
                    )));
                }
                Entity::Case => element(&store.case(id)?)?,
                Entity::Product
                | Entity::Quote
                | Entity::Order
                | Entity::Invoice
                | Entity::Payment => {
                    return Err(crate::error::Error::invalid(format!(
                        "{entity} records are not exported here; products, quotes and invoices have their own export (docs/quotes.md)"
                    )));
                }
            };
            let lead = if written == 0 { "[\n" } else { ",\n" };
            out.write_all(lead.as_bytes()).map_err(io_error)?;
            out.write_all(text.as_bytes()).map_err(io_error)?;
            written += 1;
            progress();
            Ok(())
        })?;
    }
    let tail = if written == 0 { "[]\n" } else { "\n]\n" };
    out.write_all(tail.as_bytes()).map_err(io_error)?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_join_to_the_pretty_array() {
        #[derive(Serialize)]
        struct R {
            a: i64,
            b: Vec<&'static str>,
        }
        let rows = vec![R { a: 1, b: vec!["x"] }, R { a: 2, b: vec![] }];
        let joined = format!(
            "[\n{}\n]",
            rows.iter()
                .map(|r| element(r).unwrap())
                .collect::<Vec<_>>()
                .join(",\n")
        );
        assert_eq!(joined, serde_json::to_string_pretty(&rows).unwrap());
    }
}
