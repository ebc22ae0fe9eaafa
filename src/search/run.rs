//! The prefilter over many records laid end to end in one buffer (the
//! search snapshot's texts), with the answer [`Query::prefilter_bytes`]
//! gives record by record, for a fraction of its work.
//!
//! Record by record, a query of n bytes costs n `memchr` calls on every
//! record: at a million records, most of a search. A record can pass only
//! if it holds the query's rarest byte (the *anchor*), so one `memchr`
//! over the whole buffer jumps from one record holding the anchor to the
//! next, and only those records are tested in full. The anchor is the
//! query byte seen least often in a sample of the buffer itself, so it
//! suits Persian text as well as Latin.

use super::Query;

/// Bytes of the buffer sampled to rank the query's bytes by frequency.
const SAMPLE: usize = 64 * 1024;

impl Query {
    /// The indices of the records in `records` that pass
    /// [`Query::prefilter_bytes`], in order. `span` gives each record's byte
    /// range in `text` (`None`: a deleted record, which does not pass); the
    /// ranges must increase and not overlap (gaps between them are
    /// skipped). A range outside `text` does not pass.
    pub fn prefilter_run<R>(
        &self,
        text: &[u8],
        records: &[R],
        span: impl Fn(&R) -> Option<(usize, usize)>,
    ) -> Vec<usize> {
        let Some(anchor) = self.anchor(text) else {
            return each(self, text, records, span);
        };
        // Where the records still to test begin, and the first of them.
        let (mut from, mut record) = (0, 0);
        let mut passed = Vec::new();
        while record < records.len() {
            let Some(found) = text
                .get(from..)
                .and_then(|rest| memchr::memchr(anchor, rest))
            else {
                break;
            };
            let at = from + found;
            // The first record ending after `at`: it holds `at`, or `at` is
            // in the gap before it. Those skipped (and deleted ones) do not
            // hold the anchor.
            let holding = records[record..]
                .iter()
                .position(|r| span(r).is_some_and(|(_, end)| at < end));
            let Some(offset) = holding else {
                break;
            };
            record += offset;
            let Some((start, end)) = span(&records[record]) else {
                break;
            };
            if start > at {
                // In a gap: go on from this record's start.
                from = start;
                continue;
            }
            if text
                .get(start..end)
                .is_some_and(|bytes| self.prefilter_bytes(bytes))
            {
                passed.push(record);
            }
            from = end;
            record += 1;
        }
        passed
    }

    /// The query byte that is rarest in a sample of `text`; `None` for a
    /// phone query (its digit forms are tested whole, record by record).
    fn anchor(&self, text: &[u8]) -> Option<u8> {
        if self.is_phone() {
            return None;
        }
        let sample = text.get(..SAMPLE.min(text.len())).unwrap_or(text);
        let mut seen = [0u32; 256];
        for &byte in sample {
            seen[usize::from(byte)] += 1;
        }
        self.compact
            .as_bytes()
            .iter()
            .copied()
            .min_by_key(|&byte| seen[usize::from(byte)])
    }
}

/// [`Query::prefilter_run`] record by record.
fn each<R>(
    query: &Query,
    text: &[u8],
    records: &[R],
    span: impl Fn(&R) -> Option<(usize, usize)>,
) -> Vec<usize> {
    records
        .iter()
        .enumerate()
        .filter(|(_, record)| {
            span(record)
                .and_then(|(start, end)| text.get(start..end))
                .is_some_and(|bytes| query.prefilter_bytes(bytes))
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records laid end to end, with a byte of gap before every third and
    /// every fourth deleted.
    fn laid_out(records: &[String]) -> (Vec<u8>, Vec<Option<(usize, usize)>>) {
        let mut text = Vec::new();
        let mut spans = Vec::new();
        for (i, record) in records.iter().enumerate() {
            if i % 3 == 2 {
                text.push(b'z');
            }
            let start = text.len();
            text.extend_from_slice(record.as_bytes());
            spans.push((i % 4 != 3).then_some((start, text.len())));
        }
        (text, spans)
    }

    #[test]
    fn the_rarest_byte_leads_and_the_answer_is_the_records() {
        let records: Vec<String> = ["sara ahmadi", "karimi", "ali karimi 4", "", "kar imi"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (text, spans) = laid_out(&records);
        let query = Query::new("karimi").unwrap();
        assert_eq!(query.prefilter_run(&text, &spans, |s| *s), [1, 2, 4]);
        assert_eq!(query.anchor(&text), Some(b'k'));
        let persian = Query::new("کریمی").unwrap();
        let (text, spans) = laid_out(&["علی کریمی".into(), "سارا".into()]);
        assert_eq!(persian.prefilter_run(&text, &spans, |s| *s), [0]);
    }

    #[test]
    fn a_span_past_the_text_does_not_pass() {
        let query = Query::new("a").unwrap();
        let spans = [Some((0, 1)), Some((1, 2)), Some((2, 9))];
        assert_eq!(query.prefilter_run(b"aa", &spans, |s| *s), [0, 1]);
    }

    proptest::proptest! {
        #[test]
        fn the_run_keeps_exactly_the_records_each_test_keeps(
            records in proptest::collection::vec("[a-dک ی0-9]{0,12}", 0..40),
            query in "[a-dک ی0-9]{1,4}",
        ) {
            let Some(query) = Query::new(&query) else { return Ok(()) };
            let (text, spans) = laid_out(&records);
            proptest::prop_assert_eq!(
                query.prefilter_run(&text, &spans, |s| *s),
                each(&query, &text, &spans, |s| *s)
            );
        }
    }
}
