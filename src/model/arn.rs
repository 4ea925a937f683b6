//! ARNs of the resources lakectl manages, one function per shape, so the format of each is
//! written once. Every ARN carries the partition of its region (`aws`, `aws-cn`, `aws-us-gov`);
//! the account may be the `${AWS::AccountId}` token until it is known.

use super::LakeInfo;

/// Where ARNs point: a partition, a region and an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arns<'a> {
    pub partition: &'a str,
    pub region: &'a str,
    pub account: &'a str,
}

impl<'a> Arns<'a> {
    /// The ARNs of a lake's resources.
    pub fn of(lake: &'a LakeInfo) -> Self {
        Arns {
            partition: &lake.partition,
            region: &lake.region,
            account: &lake.account,
        }
    }

    fn regional(&self, service: &str, resource: &str) -> String {
        format!(
            "arn:{}:{service}:{}:{}:{resource}",
            self.partition, self.region, self.account
        )
    }

    /// The account itself: `arn:<p>:iam::<account>:root`.
    pub fn account_root(&self) -> String {
        format!("arn:{}:iam::{}:root", self.partition, self.account)
    }

    pub fn role(&self, name: &str) -> String {
        format!("arn:{}:iam::{}:role/{name}", self.partition, self.account)
    }

    /// Lake Formation's service-linked role, which lakectl registers locations with.
    pub fn lake_formation_data_access_role(&self) -> String {
        self.role(
            "aws-service-role/lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess",
        )
    }

    /// A KMS key by id; `*` for every key of the account and region.
    pub fn key(&self, key_id: &str) -> String {
        self.regional("kms", &format!("key/{key_id}"))
    }

    /// A KMS alias; `alias` includes its `alias/` prefix.
    pub fn alias(&self, alias: &str) -> String {
        self.regional("kms", alias)
    }

    pub fn stream(&self, name: &str) -> String {
        self.regional("kinesis", &format!("stream/{name}"))
    }

    pub fn delivery_stream(&self, name: &str) -> String {
        self.regional("firehose", &format!("deliverystream/{name}"))
    }

    /// A log group name or pattern, e.g. `/aws-glue/crawlers*`, or `*` for every group.
    pub fn log_group(&self, name: &str) -> String {
        self.regional("logs", &format!("log-group:{name}"))
    }

    pub fn glue_catalog(&self) -> String {
        self.regional("glue", "catalog")
    }

    pub fn glue_database(&self, name: &str) -> String {
        self.regional("glue", &format!("database/{name}"))
    }

    /// A table of a database; `*` for every table in it.
    pub fn glue_table(&self, database: &str, table: &str) -> String {
        self.regional("glue", &format!("table/{database}/{table}"))
    }

    pub fn glue_crawler(&self, name: &str) -> String {
        self.regional("glue", &format!("crawler/{name}"))
    }

    pub fn glue_job(&self, name: &str) -> String {
        self.regional("glue", &format!("job/{name}"))
    }

    pub fn glue_connection(&self, name: &str) -> String {
        self.regional("glue", &format!("connection/{name}"))
    }

    pub fn glue_workflow(&self, name: &str) -> String {
        self.regional("glue", &format!("workflow/{name}"))
    }

    /// A trail, in its home region.
    pub fn trail(&self, name: &str) -> String {
        self.regional("cloudtrail", &format!("trail/{name}"))
    }

    /// A CloudWatch alarm (`arn:<p>:cloudwatch:<region>:<account>:alarm:<name>`).
    pub fn alarm(&self, name: &str) -> String {
        self.regional("cloudwatch", &format!("alarm:{name}"))
    }

    /// A rule on the default event bus.
    pub fn event_rule(&self, name: &str) -> String {
        self.regional("events", &format!("rule/{name}"))
    }

    pub fn athena_workgroup(&self, name: &str) -> String {
        self.regional("athena", &format!("workgroup/{name}"))
    }

    /// Lake Formation's data lake settings belong to the Data Catalog, whose id is the account
    /// id (`CatalogId` of GetDataLakeSettings). Lake Formation defines no ARN type for them, so
    /// the catalog's id in Lake Formation's ARN namespace names them: a real ARN, which tools
    /// that join findings on ARNs can match.
    pub fn lake_formation_settings(&self) -> String {
        self.regional("lakeformation", &format!("catalog:{}", self.account))
    }
}

/// A bucket: `arn:<p>:s3:::<name>` (S3 ARNs carry neither region nor account).
pub fn bucket(partition: &str, name: &str) -> String {
    format!("arn:{partition}:s3:::{name}")
}

/// Objects of a bucket matching `pattern`, e.g. `*` or `raw/*`.
pub fn bucket_objects(partition: &str, bucket: &str, pattern: &str) -> String {
    format!("arn:{partition}:s3:::{bucket}/{pattern}")
}

/// What CloudTrail data-event selectors use for "every bucket": `arn:<p>:s3`.
pub fn all_buckets(partition: &str) -> String {
    format!("arn:{partition}:s3")
}

/// `s3://bucket/key` → (`bucket`, `key`).
pub fn s3_parts(location: &str) -> Option<(&str, &str)> {
    let rest = location.strip_prefix("s3://")?;
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    (!bucket.is_empty()).then_some((bucket, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT: Arns = Arns {
        partition: "aws-cn",
        region: "cn-north-1",
        account: "123456789012",
    };

    #[test]
    fn every_shape_carries_the_partition() {
        assert_eq!(AT.account_root(), "arn:aws-cn:iam::123456789012:root");
        assert_eq!(AT.role("r"), "arn:aws-cn:iam::123456789012:role/r");
        assert_eq!(AT.key("*"), "arn:aws-cn:kms:cn-north-1:123456789012:key/*");
        assert_eq!(
            AT.alias("alias/a"),
            "arn:aws-cn:kms:cn-north-1:123456789012:alias/a"
        );
        assert_eq!(
            AT.stream("s"),
            "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s"
        );
        assert_eq!(
            AT.delivery_stream("d"),
            "arn:aws-cn:firehose:cn-north-1:123456789012:deliverystream/d"
        );
        assert_eq!(
            AT.log_group("/g*"),
            "arn:aws-cn:logs:cn-north-1:123456789012:log-group:/g*"
        );
        assert_eq!(
            AT.glue_catalog(),
            "arn:aws-cn:glue:cn-north-1:123456789012:catalog"
        );
        assert_eq!(
            AT.glue_database("db"),
            "arn:aws-cn:glue:cn-north-1:123456789012:database/db"
        );
        assert_eq!(
            AT.glue_table("db", "*"),
            "arn:aws-cn:glue:cn-north-1:123456789012:table/db/*"
        );
        assert_eq!(
            AT.glue_crawler("c"),
            "arn:aws-cn:glue:cn-north-1:123456789012:crawler/c"
        );
        assert_eq!(
            AT.glue_job("j"),
            "arn:aws-cn:glue:cn-north-1:123456789012:job/j"
        );
        assert_eq!(
            AT.glue_connection("c"),
            "arn:aws-cn:glue:cn-north-1:123456789012:connection/c"
        );
        assert_eq!(
            AT.athena_workgroup("w"),
            "arn:aws-cn:athena:cn-north-1:123456789012:workgroup/w"
        );
        assert_eq!(
            AT.lake_formation_settings(),
            "arn:aws-cn:lakeformation:cn-north-1:123456789012:catalog:123456789012"
        );
        assert_eq!(bucket("aws-cn", "b"), "arn:aws-cn:s3:::b");
        assert_eq!(
            bucket_objects("aws-cn", "b", "p/*"),
            "arn:aws-cn:s3:::b/p/*"
        );
        assert_eq!(all_buckets("aws-cn"), "arn:aws-cn:s3");
    }
}
