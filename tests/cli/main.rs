//! CLI tests: the real `kariz` binary with a temporary HOME, config and
//! database. One test binary (one link of the crate) for every subcommand.

mod activities_tags;
mod common;
mod companies;
mod config;
mod crash;
mod deals;
mod demo;
mod duplicates;
mod export;
mod import;
mod import_crash;
mod import_real;
mod locale;
mod merge;
mod people;
mod pipes;
mod roundtrip;
mod safety;
mod search_history;
mod tasks;
