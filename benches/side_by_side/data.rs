//! The generated data every tool gets: people with Persian, Arabic and
//! English names, one phone and one e-mail each, and as many open tasks,
//! each for one of those people. Seeded, so a size always gives the same
//! records; dates are relative to the day the bench runs (taskwarrior
//! reads the machine clock, so kariz does too).

use chrono::{Days, NaiveDate};
use kariz::demo::Rng;

/// Names in their own script, with a Latin spelling for e-mail addresses.
type Names = &'static [(&'static str, &'static str)];

const PERSIAN_FIRST: Names = &[
    ("سارا", "sara"),
    ("علی", "ali"),
    ("زهرا", "zahra"),
    ("رضا", "reza"),
    ("مریم", "maryam"),
    ("محمد", "mohammad"),
    ("نرگس", "narges"),
    ("حسین", "hossein"),
    ("فاطمه", "fatemeh"),
    ("امیر", "amir"),
    ("لیلا", "leila"),
    ("مهدی", "mahdi"),
    ("پریسا", "parisa"),
    ("کاوه", "kaveh"),
    ("گلاره", "gelareh"),
    ("بهرام", "bahram"),
];
const PERSIAN_LAST: Names = &[
    ("احمدی", "ahmadi"),
    ("رضایی", "rezaei"),
    ("کریمی", "karimi"),
    ("نیک‌نام", "niknam"),
    ("حسینی", "hosseini"),
    ("محمدی", "mohammadi"),
    ("موسوی", "mousavi"),
    ("جعفری", "jafari"),
    ("پاکزاد", "pakzad"),
    ("گلستانی", "golestani"),
    ("صادقی", "sadeghi"),
    ("طاهری", "taheri"),
];
const ARABIC_FIRST: Names = &[
    ("أحمد", "ahmad"),
    ("فاطمة", "fatima"),
    ("يوسف", "yousef"),
    ("مريم", "mariam"),
    ("خالد", "khaled"),
    ("ليلى", "layla"),
    ("عمر", "omar"),
    ("نور", "nour"),
    ("سعيد", "saeed"),
    ("هدى", "huda"),
];
const ARABIC_LAST: Names = &[
    ("الحسيني", "alhusseini"),
    ("العلي", "alali"),
    ("الخطيب", "alkhatib"),
    ("المصري", "almasri"),
    ("الشامي", "alshami"),
    ("النجار", "alnajjar"),
    ("حداد", "haddad"),
    ("القاسم", "alqasim"),
];
const ENGLISH_FIRST: Names = &[
    ("Sarah", "sarah"),
    ("James", "james"),
    ("Emily", "emily"),
    ("Michael", "michael"),
    ("Olivia", "olivia"),
    ("David", "david"),
    ("Sophia", "sophia"),
    ("Daniel", "daniel"),
    ("Grace", "grace"),
    ("Thomas", "thomas"),
    ("Hannah", "hannah"),
    ("Peter", "peter"),
    ("Laura", "laura"),
    ("George", "george"),
    ("Alice", "alice"),
    ("Henry", "henry"),
];
const ENGLISH_LAST: Names = &[
    ("Smith", "smith"),
    ("Johnson", "johnson"),
    ("Brown", "brown"),
    ("Taylor", "taylor"),
    ("Wilson", "wilson"),
    ("Clark", "clark"),
    ("Walker", "walker"),
    ("Wright", "wright"),
    ("Hughes", "hughes"),
    ("Bennett", "bennett"),
    ("Turner", "turner"),
    ("Morgan", "morgan"),
];

const TASK_VERBS: &[&str] = &[
    "Call",
    "Send the quote to",
    "Follow up with",
    "Visit",
    "Email the contract to",
];

pub struct Person {
    pub first: String,
    pub last: String,
    pub name: String,
    pub phone: String,
    pub email: String,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    High,
    Normal,
    Low,
}

impl Priority {
    /// kariz's word.
    pub fn kariz(self) -> &'static str {
        match self {
            Priority::High => "high",
            Priority::Normal => "normal",
            Priority::Low => "low",
        }
    }

    /// taskwarrior's letter.
    pub fn taskwarrior(self) -> &'static str {
        match self {
            Priority::High => "H",
            Priority::Normal => "M",
            Priority::Low => "L",
        }
    }
}

pub struct Task {
    pub title: String,
    pub due: NaiveDate,
    /// Hour and minute, for about half of the tasks.
    pub at: Option<(u32, u32)>,
    pub priority: Priority,
    /// Index into [`Data::people`].
    pub person: usize,
}

pub struct Data {
    pub people: Vec<Person>,
    pub tasks: Vec<Task>,
    pub today: NaiveDate,
}

impl Data {
    /// A Latin full name that is in the data (person 0's, lower case).
    pub fn latin_query(&self) -> String {
        self.people[0].name.to_lowercase()
    }

    /// The first Persian full name in the data.
    pub fn persian_query(&self) -> String {
        self.people
            .iter()
            .find(|p| PERSIAN_FIRST.iter().any(|(f, _)| *f == p.first))
            .map(|p| p.name.clone())
            .unwrap_or_default()
    }
}

/// `size` people and `size` open tasks. Person 0 has an English name and
/// task 0 is the most overdue, high-priority task, for person 0: the first
/// row of every tool's first screen, which the screen timings wait for.
pub fn generate(size: usize, today: NaiveDate) -> Data {
    let mut rng = Rng::new(17);
    let people: Vec<Person> = (0..size).map(|i| person(&mut rng, i)).collect();
    let mut tasks: Vec<Task> = (0..size).map(|_| task(&mut rng, &people, today)).collect();
    if let Some(first) = tasks.first_mut() {
        first.due = today.checked_sub_days(Days::new(30)).unwrap_or(today);
        first.at = Some((8, 0));
        first.priority = Priority::High;
        first.person = 0;
        first.title = format!("Renewal call to {}", people[0].name);
    }
    Data {
        people,
        tasks,
        today,
    }
}

fn person(rng: &mut Rng, i: usize) -> Person {
    let roll = if i == 0 { 99 } else { rng.below(100) };
    let (firsts, lasts, country) = match roll {
        0..40 => (PERSIAN_FIRST, PERSIAN_LAST, "+98 912"),
        40..60 => (ARABIC_FIRST, ARABIC_LAST, "+971 50"),
        _ => (ENGLISH_FIRST, ENGLISH_LAST, "+44 7700"),
    };
    let (first, first_latin) = if i == 0 { firsts[0] } else { *rng.pick(firsts) };
    let (last, last_latin) = if i == 0 { lasts[0] } else { *rng.pick(lasts) };
    // The index makes every phone and e-mail unique, so no import takes two
    // people for one.
    let digits = format!("{i:07}");
    let (head, tail) = digits.split_at(3);
    Person {
        first: first.to_owned(),
        last: last.to_owned(),
        name: format!("{first} {last}"),
        phone: format!("{country} {head} {tail}"),
        email: format!("{first_latin}.{last_latin}.{i}@example.com"),
    }
}

fn task(rng: &mut Rng, people: &[Person], today: NaiveDate) -> Task {
    let person = rng.below(people.len());
    // From two weeks ago to a month ahead: about a third overdue.
    let offset = rng.between(-14, 30);
    let days = Days::new(offset.unsigned_abs());
    let due = if offset < 0 {
        today.checked_sub_days(days)
    } else {
        today.checked_add_days(days)
    }
    .unwrap_or(today);
    let at = (rng.below(2) == 0).then(|| (8 + rng.below(10) as u32, 15 * rng.below(4) as u32));
    let priority = match rng.below(4) {
        0 => Priority::High,
        1 => Priority::Low,
        _ => Priority::Normal,
    };
    let verb = rng.pick(TASK_VERBS);
    Task {
        title: format!("{verb} {}", people[person].name),
        due,
        at,
        priority,
        person,
    }
}
