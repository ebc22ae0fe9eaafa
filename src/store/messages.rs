//! Messages kariz sent (migration 018): the delivery log behind
//! `kariz message list`, and the do-not-contact flag on people.

use super::db;
use super::db::{Connection, Row, params};
use super::{Store, Writer, codec, found};
use crate::error::Result;
use crate::model::{Channel, Entity, Message, MessageData, MessageStatus};

const COLUMNS: &str = "m.id, m.person_id, m.channel, m.template, m.recipient, m.subject, m.body,
    m.status, m.reason, m.attempts, m.campaign, m.activity_id, m.sent_at, m.actor, p.name";

fn from_row(row: &Row<'_>) -> db::Result<Message> {
    Ok(Message {
        id: row.get(0)?,
        data: MessageData {
            person_id: row.get(1)?,
            channel: codec::get_parsed(row, 2, Channel::parse)?,
            template: row.get(3)?,
            recipient: row.get(4)?,
            subject: row.get(5)?,
            body: row.get(6)?,
            status: codec::get_parsed(row, 7, MessageStatus::parse)?,
            reason: row.get(8)?,
            attempts: row.get(9)?,
            campaign: row.get(10)?,
            activity_id: row.get(11)?,
            sent_at: codec::get_ts(row, 12)?,
        },
        actor: row.get(13)?,
        person: row.get(14)?,
    })
}

/// Which messages to list.
#[derive(Debug, Clone, Default)]
pub struct MessageFilter {
    /// Only failed ones.
    pub failed: bool,
    /// Only those to this person.
    pub person_id: Option<i64>,
    /// At most this many, newest first (0 = all).
    pub limit: usize,
}

fn list(conn: &Connection, filter: &MessageFilter) -> Result<Vec<Message>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM messages m JOIN people p ON p.id = m.person_id
         WHERE (?1 = 0 OR m.status = 'failed') AND (?2 IS NULL OR m.person_id = ?2)
         ORDER BY m.id DESC LIMIT ?3"
    );
    let limit = if filter.limit == 0 {
        -1
    } else {
        i64::try_from(filter.limit).unwrap_or(i64::MAX)
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![filter.failed, filter.person_id, limit], from_row)?;
    Ok(rows.collect::<db::Result<Vec<_>>>()?)
}

fn do_not_contact(conn: &Connection, person_id: i64) -> Result<bool> {
    found(
        conn.query_row(
            "SELECT do_not_contact FROM people WHERE id = ?1",
            [person_id],
            |r| r.get::<_, bool>(0),
        ),
        Entity::Person,
        person_id,
    )
}

impl Store {
    /// Messages matching `filter`, newest first.
    pub fn messages(&self, filter: &MessageFilter) -> Result<Vec<Message>> {
        list(&self.conn, filter)
    }

    /// Whether the person asked not to be contacted.
    pub fn do_not_contact(&self, person_id: i64) -> Result<bool> {
        do_not_contact(&self.conn, person_id)
    }
}

impl Writer<'_> {
    /// Whether the person asked not to be contacted (read in this
    /// transaction).
    pub fn do_not_contact(&self, person_id: i64) -> Result<bool> {
        do_not_contact(self.conn(), person_id)
    }

    /// Sets or clears the person's do-not-contact flag; logged as a change
    /// of the person's `do_not_contact` field. Returns whether it changed.
    pub fn set_do_not_contact(&mut self, person_id: i64, on: bool) -> Result<bool> {
        let before = do_not_contact(self.conn(), person_id)?;
        if before == on {
            return Ok(false);
        }
        self.conn().execute(
            "UPDATE people SET do_not_contact = ?2, version = version + 1, updated_at = ?3
             WHERE id = ?1",
            params![person_id, on, codec::ts(self.now)],
        )?;
        let text = |b: bool| if b { "yes" } else { "no" };
        self.log_field(
            Entity::Person,
            person_id,
            "do_not_contact",
            Some(text(before)),
            Some(text(on)),
        )?;
        Ok(true)
    }

    /// Logs a message and its delivery result; returns its id.
    pub fn add_message(&mut self, data: &MessageData) -> Result<i64> {
        self.require(Entity::Person, Some(data.person_id))?;
        // A message for a campaign names its record, so the campaigns
        // report can count the people it reached.
        let campaign_id = match data.campaign.as_deref() {
            Some(name) => Some(super::campaigns::resolve(self.conn(), name)?.id),
            None => None,
        };
        let id: i64 = self.conn().insert_id(
            "INSERT INTO messages (person_id, channel, template, recipient, subject, body,
                    status, reason, attempts, campaign, activity_id, sent_at, actor, campaign_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                data.person_id,
                data.channel.as_str(),
                data.template,
                data.recipient,
                data.subject,
                data.body,
                data.status.as_str(),
                data.reason,
                data.attempts.max(1),
                data.campaign,
                data.activity_id,
                codec::ts(data.sent_at),
                self.actor,
                campaign_id,
            ],
        )?;
        self.log_create(Entity::Message, id, data)?;
        Ok(id)
    }
}
