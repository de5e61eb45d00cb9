//! Civil dates: days since 1970-01-01 to and from (year, month, day) in the proleptic Gregorian
//! calendar, UTC (Howard Hinnant's algorithms, exact for every `i64` day the callers use). The
//! lake's partitions and libvirt's printed times count days this way.

/// Days since 1970-01-01 → (year, month, day).
pub fn from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// (year, month, day) → days since 1970-01-01.
pub fn to_days(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_agrees_with_sqlite() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for days in [-719_528i64, -1, 0, 59, 60, 365, 10_957, 11_016, 20_789, 2_932_896] {
            let (y, m, d) = from_days(days);
            assert_eq!(to_days(y, m, d), days);
            let sqlite: String = conn.query_row("SELECT date(?1 * 86400, 'unixepoch')", [days], |r| r.get(0)).unwrap();
            assert_eq!(format!("{y:04}-{m:02}-{d:02}"), sqlite, "day {days}");
        }
        assert_eq!(from_days(11_016), (2000, 2, 29));
    }
}
