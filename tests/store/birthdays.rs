//! Birthdays on Today follow the configured calendar.

use crate::{TempDb, now, person};
use kariz::calendar::jalali;
use kariz::config::{Calendar, Config};
use kariz::model::PersonData;

fn born(name: &str, birthday: chrono::NaiveDate) -> PersonData {
    PersonData {
        birthday: Some(birthday),
        ..person(name)
    }
}

fn jalali_config() -> Config {
    let mut config = Config::default_config();
    config.display.calendar = Calendar::Jalali;
    config
}

fn names_on(store: &kariz::store::Store, day: chrono::NaiveDate) -> Vec<String> {
    store
        .birthdays_on(day)
        .unwrap()
        .into_iter()
        .map(|p| p.data.name)
        .collect()
}

#[test]
fn a_jalali_birthday_shows_on_the_jalali_date_every_year() {
    let db = TempDb::new();
    let mut store = db.open_with(jalali_config(), "tester");
    // 1 Farvardin 1370 is 1991-03-21; 1 Farvardin 1403 is 2024-03-20.
    let nowruz_1370 = jalali::to_gregorian(1370, 1, 1).unwrap();
    let nowruz_1403 = jalali::to_gregorian(1403, 1, 1).unwrap();
    assert_ne!(
        (nowruz_1370.format("%m-%d").to_string()),
        nowruz_1403.format("%m-%d").to_string(),
        "the test needs a year where Nowruz moved"
    );
    store
        .write(now(), |w| w.add_person(born("نیما", nowruz_1370)))
        .unwrap();
    assert_eq!(names_on(&store, nowruz_1403), ["نیما"]);
    assert!(names_on(&store, nowruz_1403.succ_opt().unwrap()).is_empty());

    // The same database read with a Gregorian setup keeps the Gregorian day.
    drop(store);
    let gregorian = db.open("tester");
    assert!(names_on(&gregorian, nowruz_1403).is_empty());
    assert_eq!(
        names_on(&gregorian, nowruz_1403.succ_opt().unwrap()),
        ["نیما"]
    );
}

#[test]
fn leap_day_birthdays_show_in_common_years() {
    let db = TempDb::new();
    let mut store = db.open("tester");
    let leap_day = chrono::NaiveDate::from_ymd_opt(2000, 2, 29).unwrap();
    store
        .write(now(), |w| w.add_person(born("Leap", leap_day)))
        .unwrap();
    let feb_28 = chrono::NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
    assert_eq!(names_on(&store, feb_28), ["Leap"]);
}
