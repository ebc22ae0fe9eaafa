//! The demo database: the hand-made data set in `demo-data/` (embedded in
//! the binary) with dates placed relative to today, plus optional synthetic
//! records for scale tests.

mod loader;
mod rng;
mod synth;

pub use loader::{DemoCounts, load_demo_data};
pub use rng::Rng;
pub use synth::{SynthCounts, generate};

/// Meta key marking a database as a demo (so rebuilding may replace it).
pub const DEMO_MARKER: &str = "demo";
