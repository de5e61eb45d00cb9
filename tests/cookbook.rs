//! The README's promises about the sample archive: the quick start's result, and every query of
//! the SQL cookbook returning rows on the database it builds.

mod util;

use util::*;

fn samples_db() -> Dir {
    let dir = Dir::new();
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    let run = dir.run(&[samples, "--json"]);
    assert_eq!(run.code, 3, "the samples hold two malformed lines on purpose: {}", run.stderr);
    dir
}

/// The ```sql blocks of README.md.
fn cookbook() -> Vec<String> {
    let readme = include_str!("../README.md");
    let mut queries = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match (&mut current, line.trim()) {
            (None, "```sql") => current = Some(String::new()),
            (Some(q), "```") => {
                queries.push(std::mem::take(q));
                current = None;
            }
            (Some(q), _) => {
                q.push_str(line);
                q.push('\n');
            }
            _ => {}
        }
    }
    queries
}

#[test]
fn the_quick_start_imports_the_samples_as_samples_readme_says() {
    let dir = Dir::new();
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    let summary = dir.run(&[samples, "--json"]).json();
    assert_eq!(summary["files"].as_array().unwrap().len(), 5);
    assert_eq!(
        (&summary["lines"], &summary["typed"], &summary["unknown"], &summary["rejects"], &summary["non_event"]),
        (&928.into(), &915.into(), &1.into(), &2.into(), &10.into())
    );
    let mut labels: Vec<String> = dir.rows("SELECT DISTINCT label FROM files ORDER BY label").concat();
    labels.sort();
    assert_eq!(labels, vec!["vm-build02", "vm-db01", "vm-web01"]);
    // The seed's examples, as the design's first acceptance check reads them.
    assert_eq!(
        dir.rows("SELECT reference, sector_num, sectors_count FROM quorum_failure WHERE reference = 'usr1'"),
        vec![vec!["usr1", "345435", "5"]]
    );
    assert_eq!(dir.rows("SELECT info_slot_type FROM acpi_device_ost WHERE info_device = 'd1'"), vec![vec!["DIMM"]]);
}

#[test]
fn every_cookbook_query_returns_rows_on_the_samples() {
    let queries = cookbook();
    assert!(queries.len() >= 8, "the README's cookbook lost queries: {}", queries.len());
    let dir = samples_db();
    for query in queries {
        let rows = dir.rows(&query);
        assert!(!rows.is_empty(), "no rows from:\n{query}");
    }
}
