//! The support queue's one order, used by `kariz case list` and the TUI:
//! breached cases first, then the least business time left; paused cases
//! after the running ones; cases with no open clock last.

use super::due::{CaseSla, Clock, SlaState};

/// The sort key of a case: `(group, seconds left)`, smaller first.
/// Groups: 0 breached, 1 running, 2 paused, 3 no open clock.
pub fn queue_key(sla: &CaseSla) -> (u8, i64) {
    let open: Vec<&Clock> = [&sla.first_response, &sla.resolution]
        .into_iter()
        .filter(|c| c.is_open())
        .collect();
    let left = open.iter().map(|c| c.left_seconds).min().unwrap_or(0);
    let group = if open.is_empty() {
        3
    } else if open.iter().any(|c| c.state == SlaState::Breached) {
        0
    } else if open.iter().all(|c| c.paused) {
        2
    } else {
        1
    };
    (group, left)
}

/// Sorts `items` into queue order; ties keep their given order (callers
/// pass them oldest first).
pub fn sort_queue<T>(items: &mut [T], sla_of: impl Fn(&T) -> &CaseSla) {
    items.sort_by_key(|item| queue_key(sla_of(item)));
}
