//! Calls a phone system reported: the `calls` table (migration 012). Each
//! row is change-logged as entity `call`, which is how every open kariz
//! learns that the phone rings (`tui/update/live.rs`).

use super::db;
use super::db::{Connection, Row, params};
use super::{Writer, codec, found};
use crate::error::{Error, Result};
use crate::model::{Call, CallData, CallKind, Entity};

const COLUMNS: &str =
    "id, kind, number, agent, person_id, company_id, activity_id, task_id, at, version";

fn from_row(row: &Row<'_>) -> db::Result<Call> {
    Ok(Call {
        id: row.get(0)?,
        data: CallData {
            kind: codec::get_parsed(row, 1, CallKind::parse)?,
            number: row.get(2)?,
            agent: row.get(3)?,
            person_id: row.get(4)?,
            company_id: row.get(5)?,
            activity_id: row.get(6)?,
            task_id: row.get(7)?,
        },
        at: codec::get_ts(row, 8)?,
        version: row.get(9)?,
    })
}

/// One call.
pub fn get(conn: &Connection, id: i64) -> Result<Call> {
    let sql = format!("SELECT {COLUMNS} FROM calls WHERE id = ?1");
    found(conn.query_row(&sql, [id], from_row), Entity::Call, id)
}

impl Writer<'_> {
    /// Records a call reported now; returns its id. The links must exist
    /// (they were just found or written in this transaction).
    pub fn add_call(&mut self, data: CallData) -> Result<i64> {
        crate::model::limits::check_line(
            "the number",
            &data.number,
            crate::model::limits::MAX_LINE,
        )
        .map_err(Error::Invalid)?;
        self.require(Entity::Person, data.person_id)?;
        self.require(Entity::Company, data.company_id)?;
        self.require(Entity::Activity, data.activity_id)?;
        self.require(Entity::Task, data.task_id)?;
        let now = codec::ts(self.now);
        let id: i64 = self.conn().insert_id(
            "INSERT INTO calls (kind, number, phone_key, agent, person_id, company_id,
                    activity_id, task_id, at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?9)",
            params![
                data.kind.as_str(),
                data.number,
                crate::text::phone::caller_key(&data.number),
                data.agent,
                data.person_id,
                data.company_id,
                data.activity_id,
                data.task_id,
                now,
            ],
        )?;
        self.log_create(Entity::Call, id, &data)?;
        if data.kind == CallKind::Missed {
            self.call_missed(id, &data)?;
        }
        Ok(id)
    }
}
