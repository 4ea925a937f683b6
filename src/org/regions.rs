//! `--region`: the regions an audit covers, named, or `all` of those enabled in each account.
//!
//! `all` is resolved per account, with that account's credentials (EC2 `DescribeRegions`
//! without `AllRegions` answers the regions enabled for the account: opt-in regions differ
//! between accounts). docs/org.md says why EC2 rather than the Account API.

use crate::aws::{Aws, CallError, Service};

/// The `--region` value that stands for every region enabled in each account.
pub const ALL: &str = "all";

/// Which regions of each account are audited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Regions {
    /// These regions, in the order given, duplicates dropped; empty: the AWS configuration's
    /// region, filled in when connecting.
    Listed(Vec<String>),
    /// Every region enabled in the account, listed for each account.
    Enabled,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionsError {
    #[error("--region: empty region name")]
    Empty,
    #[error(
        "--region all (every region enabled in each account) cannot be mixed with named regions ({0}); give either `all` or the regions"
    )]
    Mixed(String),
}

impl Regions {
    /// The `--region` values, each already split at commas.
    pub fn parse(values: Vec<String>) -> Result<Self, RegionsError> {
        let mut listed: Vec<String> = Vec::new();
        let mut all = false;
        for value in values {
            let region = value.trim();
            if region.is_empty() {
                return Err(RegionsError::Empty);
            }
            if region == ALL {
                all = true;
            } else if !listed.iter().any(|r| r == region) {
                listed.push(region.to_string());
            }
        }
        match (all, listed.is_empty()) {
            (true, true) => Ok(Regions::Enabled),
            (true, false) => Err(RegionsError::Mixed(listed.join(", "))),
            (false, _) => Ok(Regions::Listed(listed)),
        }
    }

    /// The region named first, where the caller connects; `None`: the AWS configuration's.
    pub fn first(&self) -> Option<&str> {
        match self {
            Regions::Listed(regions) => regions.first().map(String::as_str),
            Regions::Enabled => None,
        }
    }

    /// The regions named, or `default` (the caller's configured region) when none was;
    /// `None` for `all`, which each account answers for itself.
    pub fn named_or(&self, default: &str) -> Option<Vec<String>> {
        match self {
            Regions::Listed(regions) if regions.is_empty() => Some(vec![default.to_string()]),
            Regions::Listed(regions) => Some(regions.clone()),
            Regions::Enabled => None,
        }
    }

    /// More than the one region of the caller's configuration.
    pub fn several(&self) -> bool {
        match self {
            Regions::Listed(regions) => regions.len() > 1,
            Regions::Enabled => true,
        }
    }
}

/// The regions enabled in the account `aws` reaches, sorted so that every run walks them (and
/// picks the region of the global resources) in the same order.
pub async fn enabled(aws: &Aws, account: &str) -> Result<Vec<String>, CallError> {
    let out = aws.ec2.describe_regions().send().await.map_err(|e| {
        aws.error(
            Service::Ec2,
            "DescribeRegions",
            &format!("account {account}"),
            &e,
        )
    })?;
    let mut regions: Vec<String> = out
        .regions()
        .iter()
        .filter_map(|r| r.region_name().map(str::to_string))
        .collect();
    regions.sort();
    regions.dedup();
    tracing::debug!(account, ?regions, "regions enabled in the account");
    Ok(regions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(values: &[&str]) -> Result<Regions, RegionsError> {
        Regions::parse(values.iter().map(|v| v.to_string()).collect())
    }

    #[test]
    fn named_regions_keep_their_order_without_duplicates() {
        assert_eq!(
            parse(&["eu-west-3", " ap-northeast-2", "eu-west-3"]),
            Ok(Regions::Listed(vec![
                "eu-west-3".into(),
                "ap-northeast-2".into()
            ]))
        );
        assert_eq!(parse(&[]), Ok(Regions::Listed(Vec::new())));
        let none = Regions::Listed(Vec::new());
        assert_eq!(none.named_or("eu-west-1"), Some(vec!["eu-west-1".into()]));
        let named = Regions::Listed(vec!["ap-northeast-2".into(), "eu-west-3".into()]);
        assert_eq!(
            named.named_or("eu-west-1"),
            Some(vec!["ap-northeast-2".into(), "eu-west-3".into()])
        );
        assert_eq!(parse(&["eu-west-1", " "]), Err(RegionsError::Empty));
    }

    #[test]
    fn all_stands_alone() {
        assert_eq!(parse(&["all"]), Ok(Regions::Enabled));
        assert_eq!(parse(&["all", "all"]), Ok(Regions::Enabled));
        assert!(Regions::Enabled.several());
        assert_eq!(Regions::Enabled.named_or("eu-west-1"), None);
        assert_eq!(Regions::Enabled.first(), None);
        let err = parse(&["eu-west-1", "all", "us-east-1"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--region all (every region enabled in each account) cannot be mixed with named \
             regions (eu-west-1, us-east-1); give either `all` or the regions"
        );
    }
}
