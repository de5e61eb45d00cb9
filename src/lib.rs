//! qmp-ingest: QEMU QMP event archives (JSONL) into a typed SQLite database.
//!
//! The data's way: [`input`] finds the sources → [`source`] opens and reads them, and
//! [`registry`] says which source each is and where to resume → [`framing`] decides the edges of
//! what is read (open and final lines) → [`split`] cuts bytes into lines → for sources that are
//! not raw QMP, [`decode`] reads each line in its format ([`formats`]) and finds the event's VM →
//! [`parse`] turns lines into typed events ([`catalog`]) → [`store`] writes them to SQLite → [`report`] tells the user.
//! [`ingest`] wires the stages; [`config`] and [`exit`] are the edges the binary uses.
//! [`export`] derives a Parquet lake from the database (`qmp-ingest export`). See ARCHITECTURE.md.

pub mod catalog;
pub mod civil;
pub mod config;
pub mod decode;
pub mod exit;
pub mod export;
pub mod formats;
pub mod framing;
pub mod ingest;
pub mod input;
pub mod interrupt;
pub mod parse;
pub mod records;
pub mod registry;
pub mod report;
pub mod sigbus;
pub mod source;
pub mod split;
pub mod store;
