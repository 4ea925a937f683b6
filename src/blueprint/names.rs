//! AWS naming rules, each returning what is allowed when a name breaks it. Used to validate both
//! the names a user writes and the names lakectl derives from them.

/// A rule broken by a name: the message says what is allowed.
pub type NameResult = Result<(), String>;

fn all_chars(name: &str, allowed: impl Fn(char) -> bool) -> bool {
    name.chars().all(allowed)
}

fn is_lower_alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// Lake names, environments, zone names, tenant prefixes: lowercase DNS labels.
pub fn label(name: &str, min: usize, max: usize) -> NameResult {
    let ok = (min..=max).contains(&name.len())
        && all_chars(name, |c| is_lower_alnum(c) || c == '-')
        && name.starts_with(is_lower_alnum)
        && name.ends_with(is_lower_alnum)
        && !name.contains("--");
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{min} to {max} lowercase letters, digits and single hyphens, starting and ending with a letter or digit"
        ))
    }
}

/// S3 bucket names (general purpose buckets).
pub fn bucket(name: &str) -> NameResult {
    let allowed = "3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, not an IP address, no `xn--`/`sthree-` prefix and no `-s3alias`/`--ol-s3`/`--x-s3` suffix";
    let looks_like_ip =
        name.split('.').count() == 4 && name.split('.').all(|p| p.parse::<u8>().is_ok());
    let ok = (3..=63).contains(&name.len())
        && all_chars(name, |c| is_lower_alnum(c) || c == '-' || c == '.')
        && name.starts_with(is_lower_alnum)
        && name.ends_with(is_lower_alnum)
        && !name.contains("..")
        && !name.contains(".-")
        && !name.contains("-.")
        && !looks_like_ip
        && !["xn--", "sthree-", "amzn-s3-demo-"]
            .iter()
            .any(|p| name.starts_with(p))
        && !["-s3alias", "--ol-s3", "--x-s3", "--table-s3"]
            .iter()
            .any(|s| name.ends_with(s));
    if ok { Ok(()) } else { Err(allowed.to_string()) }
}

/// Kinesis stream and Firehose delivery stream names.
pub fn stream(name: &str, max: usize) -> NameResult {
    let ok = (1..=max).contains(&name.len())
        && all_chars(name, |c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
        });
    if ok {
        Ok(())
    } else {
        Err(format!("1 to {max} letters, digits, `_`, `-` and `.`"))
    }
}

/// Glue database, table and column names (lowercase, as Athena requires).
pub fn glue(name: &str) -> NameResult {
    let ok = (1..=255).contains(&name.len()) && all_chars(name, |c| is_lower_alnum(c) || c == '_');
    if ok {
        Ok(())
    } else {
        Err(
            "1 to 255 lowercase letters, digits and `_` (Athena reads only lowercase names)"
                .to_string(),
        )
    }
}

/// LF-tag keys (`max` 128) and values (`max` 256): Lake Formation stores them in lowercase, so
/// an uppercase letter would be drift forever.
pub fn lf_tag(text: &str, max: usize) -> NameResult {
    let ok = (1..=max).contains(&text.len())
        && all_chars(text, |c| is_lower_alnum(c) || "_-.:".contains(c));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "1 to {max} lowercase letters, digits, `_`, `-`, `.` and `:`"
        ))
    }
}

/// Data cells filter names.
pub fn cells_filter(name: &str) -> NameResult {
    let ok = (1..=255).contains(&name.len())
        && all_chars(name, |c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err("1 to 255 letters, digits, `_` and `-`".to_string())
    }
}

/// IAM role names.
pub fn role(name: &str) -> NameResult {
    let ok = (1..=64).contains(&name.len())
        && all_chars(name, |c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
    if ok {
        Ok(())
    } else {
        Err("1 to 64 letters, digits and `+=,.@_-`".to_string())
    }
}

/// Athena work group names.
pub fn workgroup(name: &str) -> NameResult {
    let ok = (1..=128).contains(&name.len())
        && all_chars(name, |c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
        });
    if ok {
        Ok(())
    } else {
        Err("1 to 128 letters, digits, `_`, `-` and `.`".to_string())
    }
}

/// AWS regions such as `us-east-1`, `eu-central-2`, `us-gov-west-1`.
pub fn region(name: &str) -> NameResult {
    let parts: Vec<&str> = name.split('-').collect();
    let ok = (3..=4).contains(&parts.len())
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].parse::<u8>().is_ok();
    if ok {
        Ok(())
    } else {
        Err("an AWS region such as `us-east-1` or `eu-central-2`".to_string())
    }
}

/// 12-digit account ids.
pub fn account_id(id: &str) -> NameResult {
    if id.len() == 12 && id.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(
            "exactly 12 digits, quoted so YAML keeps leading zeros, e.g. \"012345678901\""
                .to_string(),
        )
    }
}

/// Object key prefixes: relative, ending in `/`, without expressions Firehose would expand.
pub fn prefix(prefix: &str) -> NameResult {
    let ok = !prefix.is_empty()
        && prefix.len() <= 512
        && prefix.ends_with('/')
        && !prefix.starts_with('/')
        && !prefix.contains("//")
        && !prefix.contains("!{")
        && !prefix.contains("${")
        && prefix
            .split('/')
            .all(|segment| segment != "." && segment != "..")
        && all_chars(prefix, |c| c.is_ascii_alphanumeric() || "/_-.=".contains(c));
    if ok {
        Ok(())
    } else {
        Err("a relative key prefix ending in `/`, made of letters, digits and `/_-.=`, e.g. `clickstream/`".to_string())
    }
}

/// IAM principal ARNs (roles, users, account roots).
pub fn principal_arn(arn: &str) -> NameResult {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ok = parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "iam"
        && parts[3].is_empty()
        && account_id(parts[4]).is_ok()
        && (parts[5] == "root" || parts[5].starts_with("role/") || parts[5].starts_with("user/"));
    if ok {
        Ok(())
    } else {
        Err("a role name from `roles`, or an IAM ARN such as `arn:aws:iam::123456789012:role/analyst`".to_string())
    }
}

/// Tag keys and values, as every service in the lake accepts them.
pub fn tag(key: &str, value: &str) -> NameResult {
    let charset = |c: char| c.is_alphanumeric() || " _.:/=+-@".contains(c);
    if !(1..=128).contains(&key.chars().count()) || !all_chars(key, charset) {
        return Err("tag keys are 1 to 128 letters, digits, spaces and `_.:/=+-@`".to_string());
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Err("tag keys starting with `aws:` are reserved by AWS".to_string());
    }
    if value.chars().count() > 256 || !all_chars(value, charset) {
        return Err(
            "tag values are at most 256 letters, digits, spaces and `_.:/=+-@`".to_string(),
        );
    }
    Ok(())
}

/// Glue crawler schedules: `cron(...)` with six fields.
pub fn cron(expression: &str) -> NameResult {
    let ok = expression
        .strip_prefix("cron(")
        .and_then(|rest| rest.strip_suffix(')'))
        .is_some_and(|fields| fields.split_whitespace().count() == 6);
    if ok {
        Ok(())
    } else {
        Err("a schedule such as `cron(0 2 * * ? *)` (six fields: minutes hours day-of-month month day-of-week year)".to_string())
    }
}

/// Hive column types Athena and Glue accept.
pub fn hive_type(kind: &str) -> NameResult {
    const PRIMITIVES: &[&str] = &[
        "boolean",
        "tinyint",
        "smallint",
        "int",
        "integer",
        "bigint",
        "float",
        "double",
        "string",
        "binary",
        "date",
        "timestamp",
    ];
    let base = kind.split(['(', '<']).next().unwrap_or_default();
    let ok = PRIMITIVES.contains(&kind)
        || (["decimal", "char", "varchar"].contains(&base) && kind.ends_with(')'))
        || (["array", "map", "struct"].contains(&base) && kind.ends_with('>'));
    if ok {
        Ok(())
    } else {
        Err("a Hive type: boolean, tinyint, smallint, int, bigint, float, double, decimal(p,s), char(n), varchar(n), string, binary, date, timestamp, array<..>, map<..,..>, struct<..>".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names_follow_the_s3_rules() {
        for good in [
            "abc",
            "retail-raw-prod-123456789012-us-east-1",
            "a.b-c",
            &"a".repeat(63),
        ] {
            assert_eq!(bucket(good), Ok(()), "{good}");
        }
        for bad in [
            "ab",
            "Abc",
            "-abc",
            "abc-",
            "a..b",
            "a.-b",
            "192.168.5.4",
            "xn--abc",
            "abc-s3alias",
            &"a".repeat(64),
            "a_b",
        ] {
            assert!(bucket(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn labels_reject_double_hyphens_and_edges() {
        assert_eq!(label("retail-1", 2, 20), Ok(()));
        for bad in ["r", "retail--1", "-r", "r-", "Retail", "re tail"] {
            assert!(label(bad, 2, 20).is_err(), "{bad}");
        }
    }

    #[test]
    fn regions_and_accounts() {
        for good in [
            "us-east-1",
            "eu-central-2",
            "us-gov-west-1",
            "ap-southeast-4",
        ] {
            assert_eq!(region(good), Ok(()), "{good}");
        }
        for bad in ["us-east", "useast1", "US-EAST-1", "us-east-x", ""] {
            assert!(region(bad).is_err(), "{bad}");
        }
        assert_eq!(account_id("012345678901"), Ok(()));
        assert!(account_id("12345678901").is_err());
    }

    #[test]
    fn prefixes_are_relative_and_end_with_a_slash() {
        assert_eq!(prefix("clickstream/"), Ok(()));
        assert_eq!(prefix("tenant=a/orders/"), Ok(()));
        for bad in [
            "clickstream",
            "/abs/",
            "a//b/",
            "../x/",
            "x/!{timestamp:yyyy}/",
            "a b/",
        ] {
            assert!(prefix(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn hive_types_and_schedules() {
        for good in [
            "string",
            "decimal(10,2)",
            "array<string>",
            "map<string,int>",
            "struct<a:int>",
        ] {
            assert_eq!(hive_type(good), Ok(()), "{good}");
        }
        for bad in ["text", "decimal", "array", ""] {
            assert!(hive_type(bad).is_err(), "{bad}");
        }
        assert_eq!(cron("cron(0 2 * * ? *)"), Ok(()));
        assert!(cron("rate(1 day)").is_err());
    }

    #[test]
    fn principals_and_tags() {
        assert_eq!(
            principal_arn("arn:aws:iam::123456789012:role/analyst"),
            Ok(())
        );
        assert_eq!(principal_arn("arn:aws:iam::123456789012:root"), Ok(()));
        assert!(principal_arn("arn:aws:s3:::bucket").is_err());
        assert_eq!(tag("cost-center", "1234"), Ok(()));
        assert!(tag("aws:createdBy", "x").is_err());
        assert!(tag("k", "bad\nvalue").is_err());
    }

    #[test]
    fn shortened_bucket_names_follow_the_bucket_rule() {
        let lake = crate::model::naming::Scope {
            lake: "a-very-long-lake-nam",
            environment: "production",
            region: "ap-southeast-2",
        };
        let name = crate::model::naming::bucket_name(lake, "marketing-campaigns", "123456789012");
        assert_eq!(name.len(), 63);
        assert_eq!(bucket(&name), Ok(()));
    }
}
