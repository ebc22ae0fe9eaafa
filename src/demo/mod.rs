//! The demo database: the hand-made data set in `demo-data/` (embedded in
//! the binary) with dates placed relative to today, plus optional synthetic
//! records for scale tests.

mod cases;
mod loader;
mod rng;
mod sales;
mod synth;

pub use loader::{DemoCounts, load_demo_data};
pub use rng::Rng;
pub use synth::{SynthCounts, generate};

/// The demo's sales team: login and display name. The demo CSV files name
/// owners and authors by display name; they are stored as logins, and the
/// demo puts the team on the team list so owner checks work as on a real
/// team's database. Whoever builds the demo takes Sara's seat (their login
/// shown as "Sara Ahmadi"), so "my tasks" on Today has something to show.
const TEAM: [(&str, &str); 5] = [
    ("sara", "Sara Ahmadi"),
    ("reza", "Reza Karimi"),
    ("layla", "Layla Haddad"),
    ("navid", "Navid Rahimi"),
    ("omar", "Omar Khalil"),
];

/// The demo team for a demo built by `me`: (login, display name).
pub fn team(me: &str) -> Vec<(String, &'static str)> {
    TEAM.iter()
        .enumerate()
        .map(|(i, (login, name))| (if i == 0 { me } else { login }.to_string(), *name))
        .collect()
}

/// The login of the demo team member named `name` by display name (or the
/// text unchanged when it names nobody on the team).
pub(crate) fn team_login(team: &[(String, &str)], name: String) -> String {
    team.iter()
        .find(|(_, display)| *display == name)
        .map_or(name, |(login, _)| login.clone())
}

/// Meta key marking a database as a demo (so rebuilding may replace it).
pub const DEMO_MARKER: &str = "demo";

/// Meta key holding the `--lang` a demo was built with (`fa`, `ar`, `en`),
/// so the demo opens the same way later without `--lang`.
pub const DEMO_LANGUAGE: &str = "demo_language";
