//! The rules that place a deal in its pipeline: when it is rotting, which
//! probability counts for it, and what it weighs in a forecast. The CLI
//! (`deal list`, `deal show`), the TUI board, the Today view's query and
//! the deal page all call these, so they cannot disagree.

use super::deal::{Deal, DealStatus};
use chrono::{DateTime, Duration, SubsecRound, Utc};

/// Whether a deal is rotting: still open, and more than `rot_days` whole
/// days in its stage. Stages without `rot_days` (and closed stages, where
/// the config refuses it) never rot.
pub fn is_rotting(status: DealStatus, days_in_stage: i64, rot_days: Option<u32>) -> bool {
    status == DealStatus::Open && rot_days.is_some_and(|rot| days_in_stage > i64::from(rot))
}

/// The same rule as a bound for a query: an open deal rots exactly when it
/// entered its stage strictly before this instant (stored times are whole
/// seconds, so "at least `rot_days` + 1 days ago" is "before that plus one
/// second").
pub fn rot_cutoff(now: DateTime<Utc>, rot_days: u32) -> DateTime<Utc> {
    now.trunc_subsecs(0) - Duration::days(i64::from(rot_days) + 1) + Duration::seconds(1)
}

/// The probability that counts for a deal: its own when set, else its
/// stage's, else 0 (a stage the config no longer has).
pub fn effective_probability(deal: Option<u8>, stage: Option<u8>) -> u8 {
    deal.or(stage).unwrap_or(0)
}

/// A value weighted by a probability in percent, in the same minor units,
/// rounded toward zero; saturates instead of overflowing.
pub fn weighted_value(value_minor: i64, probability: u8) -> i64 {
    let weighted = i128::from(value_minor) * i128::from(probability) / 100;
    i64::try_from(weighted).unwrap_or(if weighted < 0 { i64::MIN } else { i64::MAX })
}

impl Deal {
    /// [`is_rotting`] for this deal at `now`, given its stage's rot days.
    pub fn is_rotting(&self, now: DateTime<Utc>, rot_days: Option<u32>) -> bool {
        is_rotting(self.status, self.days_in_stage(now), rot_days)
    }

    /// [`effective_probability`] for this deal, given its stage's.
    pub fn effective_probability(&self, stage_probability: Option<u8>) -> u8 {
        effective_probability(self.data.probability, stage_probability)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    #[test]
    fn rotting_table() {
        use DealStatus::*;
        let cases = [
            (Open, 8, Some(7), true),
            (Open, 7, Some(7), false),
            (Open, 0, Some(1), false),
            (Open, 400, None, false),
            (Won, 400, Some(7), false),
            (Lost, 400, Some(7), false),
        ];
        for (status, days, rot, want) in cases {
            assert_eq!(
                is_rotting(status, days, rot),
                want,
                "{status:?} {days} {rot:?}"
            );
        }
    }

    #[test]
    fn effective_probability_prefers_the_deal() {
        assert_eq!(effective_probability(Some(90), Some(20)), 90);
        assert_eq!(effective_probability(Some(0), Some(20)), 0);
        assert_eq!(effective_probability(None, Some(20)), 20);
        assert_eq!(effective_probability(None, None), 0);
    }

    #[test]
    fn weighted_value_rounds_toward_zero_and_saturates() {
        assert_eq!(weighted_value(1_000, 25), 250);
        assert_eq!(weighted_value(999, 50), 499);
        assert_eq!(weighted_value(-999, 50), -499);
        assert_eq!(weighted_value(i64::MAX, 100), i64::MAX);
        assert_eq!(weighted_value(i64::MIN, 100), i64::MIN);
    }

    proptest! {
        /// The query bound and the per-deal rule agree for every stored
        /// (whole-second) entry time, whatever the sub-second part of now.
        #[test]
        fn cutoff_agrees_with_the_rule(
            now_s in 1_000_000_000i64..2_000_000_000,
            now_ns in 0u32..1_000_000_000,
            ago in 0i64..40 * 86_400,
            rot in 1u32..30,
        ) {
            let now = Utc.timestamp_opt(now_s, now_ns).single().unwrap();
            let entered = Utc.timestamp_opt(now_s - ago, 0).single().unwrap();
            let days = (now - entered).num_days().max(0);
            prop_assert_eq!(
                entered < rot_cutoff(now, rot),
                is_rotting(DealStatus::Open, days, Some(rot))
            );
        }
    }
}
