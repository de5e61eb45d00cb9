//! Period: how the lake partitions rows by time (`month=YYYY-MM` or `day=YYYY-MM-DD`, UTC), the
//! partition a row's `ts_us` falls in, and each partition's `ts_us` range for the SQL that reads it.

use std::fmt;

const US_PER_DAY: i128 = 86_400_000_000;

/// The partitioning of a lake (`--period`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// `month=YYYY-MM`.
    Month,
    /// `day=YYYY-MM-DD`.
    Day,
}

impl Period {
    /// The partition key's name: `month` or `day`.
    pub fn name(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Day => "day",
        }
    }

    /// The partition holding a row with timestamp `ts_us` (`None`: no timestamp).
    pub fn partition(self, ts_us: Option<i64>) -> Partition {
        let Some(ts) = ts_us else { return Partition::None };
        let days = (ts as i128).div_euclid(US_PER_DAY) as i64;
        let (y, m, d) = crate::civil::from_days(days);
        let (first, next) = match self {
            Period::Month => {
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                (crate::civil::to_days(y, m, 1), crate::civil::to_days(ny, nm, 1))
            }
            Period::Day => (days, days + 1),
        };
        let lo = (first as i128 * US_PER_DAY).max(i64::MIN as i128) as i64;
        let hi = (next as i128 * US_PER_DAY - 1).min(i64::MAX as i128) as i64;
        let label = match self {
            Period::Month => format!("{y:04}-{m:02}"),
            Period::Day => format!("{y:04}-{m:02}-{d:02}"),
        };
        Partition::Range { lo, hi, label }
    }
}

impl Period {
    /// The partition whose directory is `dir` ([`Partition::dir`]), if it is one of this period's.
    pub fn partition_of_dir(self, dir: &str) -> Option<Partition> {
        let label = dir.strip_prefix(self.name())?.strip_prefix('=')?;
        if label == "none" {
            return Some(Partition::None);
        }
        let mut fields = label.split('-').map(|f| f.parse::<u32>().ok());
        let (y, m) = (fields.next()??, fields.next()??);
        let d = match self {
            Period::Month => 1,
            Period::Day => fields.next()??,
        };
        let part = self.partition(Some(crate::civil::to_days(y.into(), m, d) * US_PER_DAY as i64));
        (part.dir(self) == dir).then_some(part)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One partition of a table: rows without a timestamp, or a time range.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Partition {
    /// `month=none` / `day=none`: rows whose `ts_us` is NULL. Sorts first, as NULL does in SQL.
    None,
    /// Rows with `lo <= ts_us <= hi`; `label` is `2026-11` or `2026-11-24`.
    Range { lo: i64, hi: i64, label: String },
}

impl Partition {
    /// The directory name under the table: `month=2026-11`, `day=none`.
    pub fn dir(&self, period: Period) -> String {
        match self {
            Partition::None => format!("{}=none", period.name()),
            Partition::Range { label, .. } => format!("{}={label}", period.name()),
        }
    }

    /// Whether a row with `ts_us` belongs here.
    pub fn contains(&self, ts_us: Option<i64>) -> bool {
        match (self, ts_us) {
            (Partition::None, None) => true,
            (Partition::Range { lo, hi, .. }, Some(ts)) => *lo <= ts && ts <= *hi,
            _ => false,
        }
    }
}

/// An SQL condition on `ts_us` selecting exactly the rows of `parts` (sorted, distinct), with
/// neighbouring ranges merged so a full export is one range.
pub fn sql_filter(parts: &[Partition]) -> String {
    let mut terms = Vec::new();
    let mut open: Option<(i64, i64)> = None;
    for part in parts {
        match part {
            Partition::None => terms.push("ts_us IS NULL".to_string()),
            Partition::Range { lo, hi, .. } => match open {
                Some((start, end)) if end.checked_add(1) == Some(*lo) => open = Some((start, *hi)),
                Some((start, end)) => {
                    terms.push(format!("ts_us BETWEEN {start} AND {end}"));
                    open = Some((*lo, *hi));
                }
                None => open = Some((*lo, *hi)),
            },
        }
    }
    if let Some((start, end)) = open {
        terms.push(format!("ts_us BETWEEN {start} AND {end}"));
    }
    if terms.is_empty() { "0".to_string() } else { terms.join(" OR ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partition_is_found_again_from_its_directory() {
        for period in [Period::Month, Period::Day] {
            for ts in [None, Some(0), Some(-1), Some(1_795_478_436_128_802), Some(951_825_600_001_000)] {
                let part = period.partition(ts);
                assert_eq!(period.partition_of_dir(&part.dir(period)), Some(part), "{period} {ts:?}");
            }
        }
        for dir in ["month=2026-13", "month=2026-1", "day=2026-11", "month=2026-11-02", "day=none ", "x=none", "month"]
        {
            let period = if dir.starts_with("day") { Period::Day } else { Period::Month };
            assert_eq!(period.partition_of_dir(dir), None, "{dir}");
        }
    }

    fn us(secs: i64) -> Option<i64> {
        Some(secs * 1_000_000)
    }

    #[test]
    fn labels_are_utc_months_and_days() {
        // 2026-11-24T03:15:00Z
        let t = us(1_795_490_100);
        assert_eq!(Period::Month.partition(t).dir(Period::Month), "month=2026-11");
        assert_eq!(Period::Day.partition(t).dir(Period::Day), "day=2026-11-24");
        assert_eq!(Period::Month.partition(None).dir(Period::Month), "month=none");
        assert_eq!(Period::Day.partition(Some(-1)).dir(Period::Day), "day=1969-12-31");
        assert_eq!(Period::Month.partition(Some(0)).dir(Period::Month), "month=1970-01");
        // Leap day and the last microsecond of a year.
        assert_eq!(Period::Day.partition(us(951_782_400)).dir(Period::Day), "day=2000-02-29");
        assert_eq!(Period::Month.partition(Some(1_798_761_599_999_999)).dir(Period::Month), "month=2026-12");
    }

    #[test]
    fn ranges_are_exact_and_cover_their_rows() {
        for period in [Period::Month, Period::Day] {
            for ts in [i64::MIN, -86_400_000_001, -1, 0, 1, 951_782_400_000_000, 1_798_761_599_999_999, i64::MAX] {
                let part = period.partition(Some(ts));
                assert!(part.contains(Some(ts)), "{ts} in {part:?}");
                let Partition::Range { lo, hi, .. } = &part else { panic!() };
                assert_eq!(period.partition(Some(*lo)), part);
                assert_eq!(period.partition(Some(*hi)), part);
                if let Some(before) = lo.checked_sub(1) {
                    assert_ne!(period.partition(Some(before)), part);
                }
                if let Some(after) = hi.checked_add(1) {
                    assert_ne!(period.partition(Some(after)), part);
                }
            }
        }
    }

    #[test]
    fn days_round_trip() {
        for days in (-800_000..800_000).step_by(97) {
            let (y, m, d) = crate::civil::from_days(days);
            assert_eq!(crate::civil::to_days(y, m, d), days);
        }
    }

    #[test]
    fn filters_merge_neighbours() {
        let p = |s| Period::Month.partition(us(s));
        let (nov, dec, feb) = (p(1_793_491_200), p(1_796_083_200), p(1_801_440_000));
        assert_eq!(sql_filter(&[]), "0");
        let merged = sql_filter(&[Partition::None, nov.clone(), dec.clone()]);
        assert_eq!(merged.matches("BETWEEN").count(), 1, "{merged}");
        assert!(merged.starts_with("ts_us IS NULL OR "));
        assert_eq!(sql_filter(&[nov, dec, feb]).matches("BETWEEN").count(), 2);
    }
}
