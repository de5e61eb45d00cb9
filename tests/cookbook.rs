//! The README's promises about the sample archive: the quick start's result, and every query of
//! the SQL cookbook returning rows on the database it builds; the queries of the cookbook on
//! libvirt sources returning rows on the libvirt recordings.

mod util;

use util::*;

fn samples_db() -> Dir {
    let dir = Dir::new();
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    let run = dir.run(&[samples, "--json"]);
    assert_eq!(run.code, 3, "the samples hold two malformed lines on purpose: {}", run.stderr);
    dir
}

/// The heading of the README's queries on libvirt sources.
const LIBVIRT_COOKBOOK: &str = "### Cookbook on libvirt sources";

/// The ```sql blocks of README.md, each with whether it is in the cookbook on libvirt sources.
fn all_queries() -> Vec<(bool, String)> {
    let readme = include_str!("../README.md");
    let mut queries = Vec::new();
    let mut current: Option<String> = None;
    let mut libvirt = false;
    for line in readme.lines() {
        if line.starts_with("## ") || line.starts_with("### ") {
            libvirt = line == LIBVIRT_COOKBOOK;
        }
        match (&mut current, line.trim()) {
            (None, "```sql") => current = Some(String::new()),
            (Some(q), "```") => {
                queries.push((libvirt, std::mem::take(q)));
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

/// The queries of the SQL cookbook on the samples.
fn cookbook() -> Vec<String> {
    all_queries().into_iter().filter(|(libvirt, _)| !libvirt).map(|(_, q)| q).collect()
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

#[test]
fn every_libvirt_cookbook_query_returns_rows_on_the_libvirt_recordings() {
    let queries: Vec<String> = all_queries().into_iter().filter(|(libvirt, _)| *libvirt).map(|(_, q)| q).collect();
    assert!(queries.len() >= 4, "the README's libvirt cookbook lost queries: {}", queries.len());
    let dir = Dir::new();
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/libvirt");
    for name in ["libvirtd-info.log", "virsh-plain.txt", "virsh-timestamp.txt"] {
        dir.write(&format!("in/{name}"), std::fs::read(format!("{data}/{name}")).unwrap());
    }
    // The newest piece of a rotated log alone: some of its monitors were opened before it.
    dir.write("host2/libvirtd.log", std::fs::read(format!("{data}/rotated/libvirtd.log")).unwrap());
    for args in [&["in/libvirtd-info.log", "in/virsh-plain.txt", "in/virsh-timestamp.txt"][..], &["host2"]] {
        let run = dir.run(args);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    for query in queries {
        let rows = dir.rows(&query);
        assert!(!rows.is_empty(), "no rows from:\n{query}");
    }
    // The question about events no domain owns, which picks spans first, answers what a plain
    // join of all_events with files does.
    let unowned = all_queries().into_iter().find(|(_, q)| q.contains("f.parent IS NULL")).expect("the query").1;
    let plain = "SELECT f.path, a.line, a.time, a.event FROM all_events AS a JOIN files AS f ON f.id = a.file_id
                 WHERE f.format = 'libvirt-log' AND f.parent IS NULL ORDER BY f.path, a.line";
    assert_eq!(dir.rows(&unowned), dir.rows(plain));
    // So does the comparison of virsh's receive times with QEMU's, which picks spans first too
    // (all of its rows: the cookbook's LIMIT left out).
    let late = all_queries().into_iter().find(|(_, q)| q.contains("'virsh-receive-time'")).expect("the query").1;
    let late = late.trim_end().trim_end_matches(';').trim_end_matches(" LIMIT 10");
    assert!(!late.contains("LIMIT"), "{late}");
    let plain = "SELECT r.label AS vm, r.event, (r.ts_us - q.ts_us) / 1000 AS late_ms
                 FROM all_events AS r JOIN files AS rf ON rf.id = r.file_id AND rf.format = 'virsh-receive-time'
                 JOIN all_events AS q ON q.label = r.label AND q.event = r.event
                      AND q.ts_us BETWEEN r.ts_us - 5000000 AND r.ts_us
                 JOIN files AS qf ON qf.id = q.file_id AND qf.format = 'virsh'
                 ORDER BY late_ms DESC, vm, r.event";
    let expected = dir.rows(plain);
    assert!(expected.len() > 10, "the recordings share {} events", expected.len());
    assert_eq!(dir.rows(late), expected);
    // And the general cookbook's per-VM views name the domains.
    let vms = dir.rows("SELECT DISTINCT vm FROM events_per_vm_day ORDER BY vm").concat();
    assert!(vms.contains(&"web 'ü' 02".to_string()) && vms.contains(&"db01".to_string()), "{vms:?}");
}
