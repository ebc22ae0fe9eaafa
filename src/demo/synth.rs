//! Synthetic records at scale, for benchmarks and load tests. Names mix
//! Latin, Persian and Arabic so folding and search are exercised the way
//! real data would.

use super::Rng;
use crate::clock::Clock;
use crate::error::Result;
use crate::model::{
    ActivityData, ActivityKind, CompanyData, ContactPoint, DealData, PersonData, Priority, TaskData,
};
use crate::store::{Store, Writer};
use chrono::{DateTime, Days, Duration, NaiveDate, Utc};

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
        let mut made = Made {
            w,
            rng,
            owners: &owners,
        };
        let company_ids = made.companies((people / 20).max(1))?;
        let person_ids = made.people(people, &company_ids)?;
        let deals = made.deals(
            people / 10,
            &pipeline,
            &usable,
            &default_currency,
            &person_ids,
        )?;
        made.tasks(people / 10, today, &person_ids)?;
        made.activities(people / 5, now, &person_ids)?;
        Ok(SynthCounts {
            companies: company_ids.len(),
            people,
            deals,
            tasks: people / 10,
            activities: people / 5,
        })
    })
}

/// What one generation writes with: the transaction, the random source and
/// the team's logins that own the records.
struct Made<'a, 'w> {
    w: &'a mut Writer<'w>,
    rng: &'a mut Rng,
    owners: &'a [String],
}

impl Made<'_, '_> {
    fn owner(&mut self) -> Option<String> {
        Some(self.rng.pick(self.owners).clone())
    }

    fn companies(&mut self, count: usize) -> Result<Vec<i64>> {
        let mut ids = Vec::with_capacity(count);
        for i in 0..count {
            let name = format!(
                "{} {} {}",
                self.rng.pick(COMPANY_WORDS),
                self.rng.pick(COMPANY_WORDS),
                i + 1
            );
            let owner = self.owner();
            ids.push(self.w.add_company(CompanyData {
                name,
                domain: Some(format!("company{}.example", i + 1)),
                owner,
                ..CompanyData::default()
            })?);
        }
        Ok(ids)
    }

    fn people(&mut self, count: usize, company_ids: &[i64]) -> Result<Vec<i64>> {
        let mut ids = Vec::with_capacity(count);
        for i in 0..count {
            let name = format!("{} {}", self.rng.pick(FIRST), self.rng.pick(LAST));
            let phone = format!("+98 912 {:03} {:04}", self.rng.below(1000), i % 10_000);
            let company_id = Some(*self.rng.pick(company_ids));
            let owner = self.owner();
            ids.push(self.w.add_person(PersonData {
                name,
                company_id,
                phones: vec![ContactPoint {
                    label: "mobile".into(),
                    value: phone,
                }],
                emails: vec![ContactPoint {
                    label: "work".into(),
                    value: format!("person{i}@example.com"),
                }],
                owner,
                ..PersonData::default()
            })?);
        }
        Ok(ids)
    }

    /// Deals in a currency of the config (its default when none of the
    /// demo's currencies is configured); returns how many.
    fn deals(
        &mut self,
        count: usize,
        pipeline: &str,
        usable: &[(&str, i64, i64)],
        default_currency: &str,
        person_ids: &[i64],
    ) -> Result<usize> {
        for i in 0..count {
            let (currency, lo, hi) = if usable.is_empty() {
                (default_currency, 1_000, 1_000_000)
            } else {
                *self.rng.pick(usable)
            };
            let stage = self.rng.pick(STAGES).to_string();
            let value_minor = self.rng.between(lo, hi);
            let person_id = Some(*self.rng.pick(person_ids));
            let owner = self.owner();
            self.w.add_deal(DealData {
                title: format!("Deal {}", i + 1),
                pipeline: pipeline.to_owned(),
                stage,
                value_minor,
                currency: currency.to_string(),
                person_id,
                owner,
                ..DealData::default()
            })?;
        }
        Ok(count)
    }

    /// Tasks due from two weeks ago to a month ahead.
    fn tasks(&mut self, count: usize, today: NaiveDate, person_ids: &[i64]) -> Result<()> {
        for i in 0..count {
            let offset = self.rng.between(-14, 30);
            let due = if offset >= 0 {
                today.checked_add_days(Days::new(offset.unsigned_abs()))
            } else {
                today.checked_sub_days(Days::new(offset.unsigned_abs()))
            };
            let priority = *self
                .rng
                .pick(&[Priority::Low, Priority::Normal, Priority::High]);
            let person_id = Some(*self.rng.pick(person_ids));
            let owner = self.owner();
            self.w.add_task(TaskData {
                title: format!("Follow up {}", i + 1),
                due_date: due,
                priority,
                person_id,
                owner,
                ..TaskData::default()
            })?;
        }
        Ok(())
    }

    /// Activities over the last ninety days.
    fn activities(&mut self, count: usize, now: DateTime<Utc>, person_ids: &[i64]) -> Result<()> {
        for i in 0..count {
            let kind = *self.rng.pick(&ActivityKind::ALL);
            let occurred_at = now - Duration::minutes(self.rng.between(0, 60 * 24 * 90));
            let author = self.rng.pick(self.owners).clone();
            let person_id = Some(*self.rng.pick(person_ids));
            self.w.add_activity(ActivityData {
                kind,
                subject: format!("Contact {}", i + 1),
                body: None,
                occurred_at,
                author,
                person_id,
                company_id: None,
                deal_id: None,
            })?;
        }
        Ok(())
    }
}
