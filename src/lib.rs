//! qmp-ingest: QEMU QMP event archives (JSONL) into a typed SQLite database.
//!
//! The data's way: [`input`] finds the sources → [`source`] opens and reads them →
//! [`split`] cuts bytes into lines → [`parse`] turns lines into typed events ([`catalog`]) →
//! [`store`] writes them to SQLite → [`report`] tells the user. [`ingest`] drives the pipeline;
//! [`config`] and [`exit`] are the edges the binary uses. [`export`] derives a Parquet lake from
//! the database (`qmp-ingest export`). See ARCHITECTURE.md.

pub mod catalog;
pub mod config;
pub mod exit;
pub mod export;
pub mod ingest;
pub mod input;
pub mod parse;
pub mod report;
pub mod sigbus;
pub mod source;
pub mod split;
pub mod store;
