//! Service-level agreements of support cases: business hours in the team's
//! time zone (`business_hours`), the clocks of one case (`due`) and the
//! queue order (`queue`). Pure functions over the config, a case and its
//! status history; nothing here reads the store or the clock.

pub mod business_hours;
pub mod due;
pub mod queue;

#[cfg(test)]
mod tests;

pub use business_hours::BusinessCalendar;
pub use due::{CaseSla, Clock, SlaState, Span};
pub use queue::{queue_key, sort_queue};

use chrono::{DateTime, Utc};

use crate::config::SupportConfig;
use crate::model::{Case, StatusMove};

/// The SLA clocks of `case` at `now`, from its status history (oldest
/// first). The targets are those of its current priority, counted from
/// the opening; the first-response clock stops at the first reply (or at
/// the resolution, when there was none), the resolution clock at the
/// resolution.
pub fn assess(
    case: &Case,
    history: &[StatusMove],
    support: &SupportConfig,
    now: DateTime<Utc>,
) -> CaseSla {
    let spans = due::spans(history, support);
    let target = support.sla.of(case.data.priority);
    let measure = |minutes| due::Measure {
        calendar: BusinessCalendar::new(support),
        target_minutes: minutes,
        at_risk_percent: support.at_risk_percent,
    };
    CaseSla {
        first_response: due::clock(
            &measure(target.first_response_minutes),
            &spans,
            case.first_response_at.or(case.resolved_at),
            now,
        ),
        resolution: due::clock(
            &measure(target.resolution_minutes),
            &spans,
            case.resolved_at,
            now,
        ),
    }
}
