//! Which endpoint each service's client talks to.
//!
//! aws-config reads `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>` (and the profile's
//! `endpoint_url` / `services` sections) by itself, the per-service value first. What it does not
//! do is rank `--endpoint-url` above a global `AWS_ENDPOINT_URL`: an endpoint given to the loader
//! only fills the shared config, and each client's own lookup then finds the environment's global
//! value first. So when `--endpoint-url` is given we set it on every client whose service has no
//! `AWS_ENDPOINT_URL_<SERVICE>` of its own, giving the order:
//! `AWS_ENDPOINT_URL_<SERVICE>` > `--endpoint-url` > `AWS_ENDPOINT_URL` > profile > AWS.

use std::collections::BTreeMap;

/// A service lakectl calls, by the SDK's service id (the one `AWS_ENDPOINT_URL_<ID>` is made of).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Service {
    S3,
    S3Control,
    Kms,
    Kinesis,
    Firehose,
    Glue,
    Athena,
    LakeFormation,
    Iam,
    Sts,
    CloudTrail,
    /// The pipeline's health alarms.
    CloudWatch,
    /// The delivery streams' error log groups.
    Logs,
    /// The rules that start workflows on new objects.
    EventBridge,
    /// Only `DescribeRegions`, for `--region all`.
    Ec2,
    /// Only `ListAccounts`, for `--organization`.
    Organizations,
}

impl Service {
    pub const ALL: [Service; 16] = [
        Service::S3,
        Service::S3Control,
        Service::Kms,
        Service::Kinesis,
        Service::Firehose,
        Service::Glue,
        Service::Athena,
        Service::LakeFormation,
        Service::Iam,
        Service::Sts,
        Service::CloudTrail,
        Service::CloudWatch,
        Service::Logs,
        Service::EventBridge,
        Service::Ec2,
        Service::Organizations,
    ];

    /// The SDK's service id, as the interceptor's metadata reports it.
    pub fn sdk_id(self) -> &'static str {
        match self {
            Service::S3 => "S3",
            Service::S3Control => "S3 Control",
            Service::Kms => "KMS",
            Service::Kinesis => "Kinesis",
            Service::Firehose => "Firehose",
            Service::Glue => "Glue",
            Service::Athena => "Athena",
            Service::LakeFormation => "LakeFormation",
            Service::Iam => "IAM",
            Service::Sts => "STS",
            Service::CloudTrail => "CloudTrail",
            Service::CloudWatch => "CloudWatch",
            Service::Logs => "CloudWatch Logs",
            Service::EventBridge => "EventBridge",
            Service::Ec2 => "EC2",
            Service::Organizations => "Organizations",
        }
    }

    /// The IAM action prefix, e.g. `lakeformation` in `lakeformation:GetDataLakeSettings`.
    pub fn action_prefix(self) -> &'static str {
        match self {
            Service::S3 | Service::S3Control => "s3",
            Service::Kms => "kms",
            Service::Kinesis => "kinesis",
            Service::Firehose => "firehose",
            Service::Glue => "glue",
            Service::Athena => "athena",
            Service::LakeFormation => "lakeformation",
            Service::Iam => "iam",
            Service::Sts => "sts",
            Service::CloudTrail => "cloudtrail",
            Service::CloudWatch => "cloudwatch",
            Service::Logs => "logs",
            Service::EventBridge => "events",
            Service::Ec2 => "ec2",
            Service::Organizations => "organizations",
        }
    }

    /// Short lowercase name for messages: the IAM prefix, except `s3control`.
    pub fn label(self) -> &'static str {
        match self {
            Service::S3Control => "s3control",
            other => other.action_prefix(),
        }
    }

    /// `AWS_ENDPOINT_URL_<ID>`: the id upper-cased, spaces as underscores.
    pub fn env_key(self) -> String {
        format!(
            "AWS_ENDPOINT_URL_{}",
            self.sdk_id().to_ascii_uppercase().replace(' ', "_")
        )
    }
}

/// The endpoints in effect, resolved once when connecting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Endpoints {
    /// `--endpoint-url`.
    explicit: Option<String>,
    /// The shared config's endpoint (`AWS_ENDPOINT_URL` or the profile's `endpoint_url`).
    global: Option<String>,
    /// `AWS_ENDPOINT_URL_<SERVICE>` values that are set.
    per_service: BTreeMap<Service, String>,
}

impl Endpoints {
    /// Reads the per-service variables through `var` (the process environment in production).
    pub fn resolve(
        explicit: Option<&str>,
        global: Option<&str>,
        var: impl Fn(&str) -> Option<String>,
    ) -> Endpoints {
        let per_service = Service::ALL
            .into_iter()
            .filter_map(|s| var(&s.env_key()).filter(|v| !v.is_empty()).map(|v| (s, v)))
            .collect();
        Endpoints {
            explicit: explicit.map(str::to_string),
            global: global.map(str::to_string),
            per_service,
        }
    }

    /// The endpoint to set on this service's client, overriding what the SDK would find itself.
    pub fn client_override(&self, service: Service) -> Option<&str> {
        if self.per_service.contains_key(&service) {
            return None;
        }
        self.explicit.as_deref()
    }

    /// Where this service's calls go; `None` means AWS itself.
    pub fn effective(&self, service: Service) -> Option<&str> {
        self.per_service
            .get(&service)
            .map(String::as_str)
            .or(self.explicit.as_deref())
            .or(self.global.as_deref())
    }

    /// True when any endpoint applies to S3: emulators need path-style addressing (virtual hosts
    /// would need wildcard DNS).
    pub fn s3_is_custom(&self) -> bool {
        self.effective(Service::S3).is_some()
    }

    /// True when at least one service is redirected away from AWS.
    pub fn any_custom(&self) -> bool {
        self.explicit.is_some() || self.global.is_some() || !self.per_service.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn env_keys_follow_the_sdk_service_ids() {
        assert_eq!(Service::Glue.env_key(), "AWS_ENDPOINT_URL_GLUE");
        assert_eq!(
            Service::EventBridge.env_key(),
            "AWS_ENDPOINT_URL_EVENTBRIDGE"
        );
        assert_eq!(
            Service::LakeFormation.env_key(),
            "AWS_ENDPOINT_URL_LAKEFORMATION"
        );
        assert_eq!(Service::S3Control.env_key(), "AWS_ENDPOINT_URL_S3_CONTROL");
        assert_eq!(Service::CloudTrail.env_key(), "AWS_ENDPOINT_URL_CLOUDTRAIL");
        assert_eq!(Service::Logs.env_key(), "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS");
        assert_eq!(Service::Ec2.env_key(), "AWS_ENDPOINT_URL_EC2");
        assert_eq!(
            Service::Organizations.env_key(),
            "AWS_ENDPOINT_URL_ORGANIZATIONS"
        );
    }

    #[test]
    fn per_service_variables_beat_the_flag_which_beats_the_global_variable() {
        let e = Endpoints::resolve(
            Some("http://flag"),
            Some("http://global"),
            env(&[("AWS_ENDPOINT_URL_GLUE", "http://moto")]),
        );
        assert_eq!(e.client_override(Service::Glue), None);
        assert_eq!(e.effective(Service::Glue), Some("http://moto"));
        assert_eq!(e.client_override(Service::S3), Some("http://flag"));
        assert_eq!(e.effective(Service::S3), Some("http://flag"));
        assert!(e.s3_is_custom());
    }

    #[test]
    fn without_the_flag_the_sdk_resolves_endpoints_itself() {
        let e = Endpoints::resolve(
            None,
            Some("http://global"),
            env(&[("AWS_ENDPOINT_URL_S3", "")]),
        );
        assert_eq!(e.client_override(Service::S3), None);
        assert_eq!(e.effective(Service::Kms), Some("http://global"));
        let aws = Endpoints::resolve(None, None, env(&[]));
        assert_eq!(aws.effective(Service::S3), None);
        assert!(!aws.s3_is_custom());
        assert!(!aws.any_custom());
        let s3_only = Endpoints::resolve(None, None, env(&[("AWS_ENDPOINT_URL_S3", "http://ls")]));
        assert!(s3_only.s3_is_custom());
        assert_eq!(s3_only.effective(Service::Kms), None);
    }
}
