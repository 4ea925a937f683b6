//! Unique resource names, so tests can run in parallel (and against an emulator that outlives a
//! test run) without colliding.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// S3 bucket names are the strictest of the names the tests create: at most 63 characters.
const MAX_LEN: usize = 63;

/// A lowercase, DNS-safe name that starts with `prefix`: `unique("deploy-retail")` gives e.g.
/// `deploy-retail-p4242-3-k1x9qz` (process id, a per-process counter, and a base-36 time
/// component that tells apart processes that reuse a pid). Characters other than `[a-z0-9-]`
/// in the prefix become `-`; a long prefix is cut so the whole name fits in 63 characters.
pub fn unique(prefix: &str) -> String {
    build(prefix, '-')
}

/// Like [`unique`] but separated with `_`, for Glue databases and tables: Athena SQL needs those
/// quoted when they contain `-`.
pub fn unique_ident(prefix: &str) -> String {
    build(prefix, '_')
}

fn build(prefix: &str, sep: char) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("system clock before 1970")
        .as_millis();
    // 36^6 ms is about 25 days: plenty to separate runs, short enough to read.
    let suffix = format!(
        "{sep}p{pid}{sep}{n}{sep}{time}",
        pid = std::process::id(),
        time = base36((millis % 36u128.pow(6)) as u64)
    );
    let mut head: String = prefix
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .map(|c| if c.is_ascii_alphanumeric() { c } else { sep })
        .collect();
    head.truncate(MAX_LEN - suffix.len());
    let head = head.trim_matches(sep);
    let head = if head.is_empty() { "t" } else { head };
    format!("{head}{suffix}")
}

fn base36(mut v: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(v % 36) as usize]);
        v /= 36;
        if v == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ascii digits")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_dns_safe_distinct_and_bounded() {
        let a = unique("Deploy Retail!");
        let b = unique("Deploy Retail!");
        assert_ne!(a, b);
        let pid = std::process::id();
        assert!(a.starts_with(&format!("deploy-retail-p{pid}-")), "{a}");
        assert!(
            a.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{a}"
        );
        assert!(unique(&"x".repeat(200)).len() <= MAX_LEN);
        assert!(unique_ident("glue-db").starts_with("glue_db_p"));
        assert!(unique("--").starts_with("t-p"));
        assert_eq!(base36(0), "0");
        assert_eq!(base36(36 * 36 + 35), "10z");
    }
}
