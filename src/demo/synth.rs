//! Synthetic records at scale, for benchmarks and load tests. Names mix
//! Latin, Persian and Arabic so folding and search are exercised the way
//! real data would.

use super::Rng;
use crate::clock::Clock;
use crate::error::Result;
use crate::model::{
    ActivityData, ActivityKind, CompanyData, ContactPoint, DealData, PersonData, Priority, TaskData,
};
use crate::store::Store;
use chrono::{Days, Duration};

const FIRST: &[&str] = &[
    "Sara",
    "Reza",
    "Layla",
    "Omar",
    "Navid",
    "Maryam",
    "James",
    "Elena",
    "Hassan",
    "Fatima",
    "سارا",
    "رضا",
    "مریم",
    "نوید",
    "زهرا",
    "علی",
    "حسین",
    "پریسا",
    "ژاله",
    "گلناز",
    "محمد",
    "فاطمة",
    "علي",
    "خالد",
    "نور",
    "يوسف",
    "ليلى",
    "كريم",
    "سلمى",
    "عمر",
];
const LAST: &[&str] = &[
    "Ahmadi",
    "Karimi",
    "Haddad",
    "Khalil",
    "Rahimi",
    "Smith",
    "Müller",
    "Rossi",
    "Novak",
    "Chen",
    "احمدی",
    "کریمی",
    "رحیمی",
    "نیک‌نام",
    "محمدی",
    "حسینی",
    "جعفری",
    "قاسمی",
    "چراغی",
    "پورمند",
    "الحداد",
    "الخليل",
    "العتيبي",
    "الشمري",
    "الكعبي",
    "المنصوري",
    "النعيمي",
    "الزهراني",
    "الهاشمي",
    "السعدي",
];
const COMPANY_WORDS: &[&str] = &[
    "Steel",
    "Logistics",
    "Solar",
    "Medical",
    "Foods",
    "Textile",
    "Software",
    "Trading",
    "فولاد",
    "بازرگانی",
    "صنایع",
    "پخش",
    "تجارة",
    "الخليج",
    "للتقنية",
    "حلول",
];
const STAGES: &[&str] = &["Lead", "Qualified", "Proposal", "Negotiation"];
const CURRENCIES: &[(&str, i64, i64)] = &[
    ("USD", 50_000, 5_000_000),
    ("AED", 100_000, 10_000_000),
    ("IRR", 10_000_000, 9_000_000_000),
];

/// How many synthetic records were written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SynthCounts {
    /// People.
    pub people: usize,
    /// Companies (one per 20 people, at least one).
    pub companies: usize,
    /// Deals (one per 10 people).
    pub deals: usize,
    /// Tasks (one per 10 people).
    pub tasks: usize,
    /// Activities (one per 5 people).
    pub activities: usize,
}

/// Writes `people` synthetic people with companies, deals, tasks and
/// activities in one transaction. Reproducible for a given seed.
pub fn generate(
    store: &mut Store,
    clock: &Clock,
    people: usize,
    rng: &mut Rng,
) -> Result<SynthCounts> {
    let now = clock.now_utc();
    let today = clock.today();
    let pipeline = store.config().default_pipeline().name.clone();
    let usable: Vec<(&str, i64, i64)> = CURRENCIES
        .iter()
        .copied()
        .filter(|(c, _, _)| store.config().money.currencies.iter().any(|x| x == c))
        .collect();
    let default_currency = store.config().money.default_currency.clone();
    store.write(now, |w| {
        // The demo team's logins (see `super::team`), the builder first.
        let owners: Vec<String> = super::team(w.actor())
            .into_iter()
            .map(|(login, _)| login)
            .collect();
        let mut counts = SynthCounts::default();
        let company_count = (people / 20).max(1);
        let mut company_ids = Vec::with_capacity(company_count);
        for i in 0..company_count {
            let name = format!(
                "{} {} {}",
                rng.pick(COMPANY_WORDS),
                rng.pick(COMPANY_WORDS),
                i + 1
            );
            company_ids.push(w.add_company(CompanyData {
                name,
                domain: Some(format!("company{}.example", i + 1)),
                owner: Some(rng.pick(&owners).clone()),
                ..CompanyData::default()
            })?);
        }
        counts.companies = company_count;
        let mut person_ids = Vec::with_capacity(people);
        for i in 0..people {
            let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
            let phone = format!("+98 912 {:03} {:04}", rng.below(1000), i % 10_000);
            person_ids.push(w.add_person(PersonData {
                name,
                company_id: Some(*rng.pick(&company_ids)),
                phones: vec![ContactPoint {
                    label: "mobile".into(),
                    value: phone,
                }],
                emails: vec![ContactPoint {
                    label: "work".into(),
                    value: format!("person{i}@example.com"),
                }],
                owner: Some(rng.pick(&owners).clone()),
                ..PersonData::default()
            })?);
        }
        counts.people = people;
        let mut deal_ids = Vec::new();
        for i in 0..people / 10 {
            let (currency, lo, hi) = if usable.is_empty() {
                (default_currency.as_str(), 1_000, 1_000_000)
            } else {
                *rng.pick(&usable)
            };
            deal_ids.push(w.add_deal(DealData {
                title: format!("Deal {}", i + 1),
                pipeline: pipeline.clone(),
                stage: rng.pick(STAGES).to_string(),
                value_minor: rng.between(lo, hi),
                currency: currency.to_string(),
                person_id: Some(*rng.pick(&person_ids)),
                owner: Some(rng.pick(&owners).clone()),
                ..DealData::default()
            })?);
        }
        counts.deals = deal_ids.len();
        for i in 0..people / 10 {
            let offset = rng.between(-14, 30);
            let due = if offset >= 0 {
                today.checked_add_days(Days::new(offset as u64))
            } else {
                today.checked_sub_days(Days::new(offset.unsigned_abs()))
            };
            w.add_task(TaskData {
                title: format!("Follow up {}", i + 1),
                due_date: due,
                priority: *rng.pick(&[Priority::Low, Priority::Normal, Priority::High]),
                person_id: Some(*rng.pick(&person_ids)),
                owner: Some(rng.pick(&owners).clone()),
                ..TaskData::default()
            })?;
            counts.tasks += 1;
        }
        for i in 0..people / 5 {
            w.add_activity(ActivityData {
                kind: *rng.pick(&ActivityKind::ALL),
                subject: format!("Contact {}", i + 1),
                body: None,
                occurred_at: now - Duration::minutes(rng.between(0, 60 * 24 * 90)),
                author: rng.pick(&owners).clone(),
                person_id: Some(*rng.pick(&person_ids)),
                company_id: None,
                deal_id: None,
            })?;
            counts.activities += 1;
        }
        Ok(counts)
    })
}
