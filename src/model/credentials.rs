//! What marks a job argument as carrying a credential. Blueprint validation refuses such names
//! and LK-GLUE-011 finds them (and access key ids in values) on live jobs: one predicate for both.

/// Words that mark an argument as carrying a credential.
const SECRET_WORDS: [&str; 6] = ["password", "passwd", "secret", "token", "apikey", "api_key"];

/// Endings that make a name a reference to a credential kept elsewhere (`--db-secret-id`,
/// `--password-secret-arn`): passing where the secret lives is what the remediation asks for.
const REFERENCE_ENDINGS: [&str; 3] = ["_id", "_name", "_arn"];

/// Whether an argument's name says it carries a credential (`--db-password`, `--API-Key`), and
/// is not a reference to one.
pub fn names_a_secret(name: &str) -> bool {
    let lower = name.to_ascii_lowercase().replace('-', "_");
    SECRET_WORDS.iter().any(|w| lower.contains(w))
        && !REFERENCE_ENDINGS.iter().any(|e| lower.ends_with(e))
}

/// Whether `value` contains an AWS access key id: `AKIA` (long-term) or `ASIA` (temporary)
/// and 16 upper-case letters or digits, standing alone (not inside a longer word).
pub fn holds_access_key_id(value: &str) -> bool {
    let bytes = value.as_bytes();
    let word = |b: &u8| b.is_ascii_alphanumeric();
    (0..bytes.len().saturating_sub(19)).any(|start| {
        let candidate = &bytes[start..start + 20];
        let end = start + 20;
        (candidate.starts_with(b"AKIA") || candidate.starts_with(b"ASIA"))
            && candidate[4..]
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && (start == 0 || !word(&bytes[start - 1]))
            && bytes.get(end).is_none_or(|b| !word(b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_whatever_their_case_or_separators() {
        for name in [
            "--db-password",
            "--API-Key",
            "--apikey",
            "--github_token",
            "--SECRET",
        ] {
            assert!(names_a_secret(name), "{name}");
        }
        for name in [
            "--enable-metrics",
            "--source-path",
            "--job-bookmark-option",
            "--secret-id",
            "--db-secret-name",
            "--warehouse-password-secret-arn",
        ] {
            assert!(!names_a_secret(name), "{name}");
        }
    }

    #[test]
    fn access_key_ids_standing_alone_in_a_value() {
        for value in [
            "AKIAIOSFODNN7EXAMPLE",
            "ASIAIOSFODNN7EXAMPLE",
            "key=AKIAIOSFODNN7EXAMPLE,region=eu-west-1",
        ] {
            assert!(holds_access_key_id(value), "{value}");
        }
        for value in [
            "",
            "AKIA",
            "AKIAIOSFODNN7EXAMPL",     // 15 after the prefix
            "AKIAIOSFODNN7EXAMPLEX",   // 17: a longer word
            "XAKIAIOSFODNN7EXAMPLE",   // inside a word
            "AKIAiosfodnn7example",    // lower case
            "s3://bucket/AKIA-notes/", // a prefix, not a key
        ] {
            assert!(!holds_access_key_id(value), "{value}");
        }
    }
}
