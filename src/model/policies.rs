//! The policies lakectl writes: key policies, bucket policies, role trust and permission
//! policies. Each is built from the compiled model, so a policy names exactly the ARNs of the
//! resources that use it. Guardrails live here once; the audit rules check the same statements.

use std::collections::BTreeSet;

use super::arn::{self, Arns};
use super::policy::{PolicyDocument, Principal, Statement};
use super::refs::arn_token;
use super::{Bucket, Key, LakeInfo, RolePurpose};

/// What a role does in the lake, gathered by the compiler from every resource that uses it.
#[derive(Debug, Clone, Default)]
pub struct RoleNeeds {
    /// (bucket name, key prefix) pairs the role reads.
    pub reads: BTreeSet<(String, String)>,
    /// (bucket name, key prefix) pairs the role writes.
    pub writes: BTreeSet<(String, String)>,
    /// Key aliases the role uses through S3.
    pub s3_keys: BTreeSet<String>,
    /// Key aliases the role uses through other services (Kinesis, Glue, Logs).
    pub service_keys: BTreeSet<String>,
    /// Kinesis stream ARNs read.
    pub streams: BTreeSet<String>,
    /// Glue database names whose catalog entries the role reads.
    pub catalog_reads: BTreeSet<String>,
    /// Glue database names whose tables the role creates and updates.
    pub catalog_writes: BTreeSet<String>,
    /// (database, table) pairs whose schema the role reads to convert records (Firehose).
    pub schema_tables: BTreeSet<(String, String)>,
    /// Athena work group names.
    pub workgroups: BTreeSet<String>,
    /// Log group name patterns the role writes to.
    pub log_groups: BTreeSet<String>,
}

fn kms_key_wildcard(lake: &LakeInfo) -> String {
    // Key ids are random, so role policies scope keys by alias with `kms:ResourceAliases`.
    Arns::of(lake).key("*")
}

fn service_host(service: &str, lake: &LakeInfo) -> String {
    format!("{service}.{}.amazonaws.com", lake.region)
}

/// What the account may do with a lake key through IAM policies: administer it, never
/// decrypt with it. Decryption is granted only by the key policy itself (to the lake's roles
/// through the lake's services, and to the blueprint's `encryption.decrypters`), so an IAM
/// administrator who manages the key cannot read the data it protects.
const KEY_ADMINISTRATION: &[&str] = &[
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:DeleteAlias",
    "kms:Describe*",
    "kms:Disable*",
    "kms:Enable*",
    "kms:Get*",
    "kms:List*",
    "kms:Put*",
    "kms:RevokeGrant",
    "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:Update*",
];

/// Key policy: the account administers the key (without this a key can become unmanageable)
/// and may encrypt with it (a deployer writes job scripts and Iceberg metadata), but only the
/// roles that need it may decrypt, only through the lake's services, plus the named
/// `decrypters`. Grants are allowed only for AWS services acting for a caller (Firehose
/// encryption), since a grant to a principal would hand out decryption outside the policy.
pub fn key_policy(
    lake: &LakeInfo,
    key: &Key,
    users: &[String],
    services: &[&str],
    decrypters: &[String],
) -> PolicyDocument {
    let root = || Principal::aws(vec![Arns::of(lake).account_root()]);
    let any = || vec!["*".to_string()];
    let mut statements = vec![
        Statement::allow("AccountAdministers", KEY_ADMINISTRATION, any()).principal(root()),
        Statement::allow(
            "AccountEncrypts",
            &["kms:Encrypt", "kms:GenerateDataKey*"],
            any(),
        )
        .principal(root()),
        Statement::allow(
            "AccountGrantsOnlyToAwsServices",
            &["kms:CreateGrant"],
            any(),
        )
        .principal(root())
        .when("Bool", "kms:GrantIsForAWSResource", &["true"]),
    ];
    if !decrypters.is_empty() {
        statements.push(
            Statement::allow(
                "NamedPrincipalsDecrypt",
                &["kms:Decrypt", "kms:DescribeKey"],
                any(),
            )
            .principal(Principal::aws(decrypters.to_vec())),
        );
    }
    if !users.is_empty() {
        let via: Vec<String> = services.iter().map(|s| service_host(s, lake)).collect();
        let via: Vec<&str> = via.iter().map(String::as_str).collect();
        statements.push(
            Statement::allow(
                "LakeRolesUseThroughLakeServices",
                &[
                    "kms:Decrypt",
                    "kms:DescribeKey",
                    "kms:Encrypt",
                    "kms:GenerateDataKey*",
                    "kms:ReEncrypt*",
                ],
                vec!["*".to_string()],
            )
            .principal(Principal::aws(users.to_vec()))
            .when("StringEquals", "kms:ViaService", &via),
        );
    }
    if services.contains(&"logs") {
        let log_groups = Arns::of(lake).log_group("*");
        statements.push(
            Statement::allow(
                "CloudWatchLogsEncryptsLakeLogs",
                &[
                    "kms:Decrypt",
                    "kms:Encrypt",
                    "kms:GenerateDataKey*",
                    "kms:ReEncrypt*",
                ],
                vec!["*".to_string()],
            )
            .principal(Principal::service(&service_host("logs", lake)))
            .when(
                "ArnLike",
                "kms:EncryptionContext:aws:logs:arn",
                &[&log_groups],
            ),
        );
    }
    let mut doc = PolicyDocument::new(statements);
    doc.id = Some(format!(
        "{}-key-policy",
        key.alias.trim_start_matches("alias/")
    ));
    doc
}

/// The transport guardrails every bucket gets: HTTPS only, TLS 1.2 or later, on the bucket and
/// its objects.
fn transport_denies(bucket_arn: &str) -> Vec<Statement> {
    let both = vec![bucket_arn.to_string(), format!("{bucket_arn}/*")];
    vec![
        Statement::deny("DenyInsecureTransport", &["s3:*"], both.clone())
            .principal(Principal::any())
            .when("Bool", "aws:SecureTransport", &["false"]),
        Statement::deny("DenyOutdatedTls", &["s3:*"], both)
            .principal(Principal::any())
            .when("NumericLessThan", "s3:TlsVersion", &["1.2"]),
    ]
}

/// Writes must use SSE-KMS with the bucket's own key. `IfExists`: a request without the
/// headers gets the bucket's default encryption, which is that same key.
fn encryption_denies(bucket_arn: &str, key_logical_id: &str) -> Vec<Statement> {
    let objects = vec![format!("{bucket_arn}/*")];
    let key_arn = arn_token(key_logical_id);
    vec![
        Statement::deny("DenyNonKmsEncryption", &["s3:PutObject"], objects.clone())
            .principal(Principal::any())
            .when(
                "StringNotEqualsIfExists",
                "s3:x-amz-server-side-encryption",
                &["aws:kms"],
            ),
        Statement::deny("DenyOtherKmsKeys", &["s3:PutObject"], objects)
            .principal(Principal::any())
            .when(
                "StringNotEqualsIfExists",
                "s3:x-amz-server-side-encryption-aws-kms-key-id",
                &[&key_arn],
            ),
    ]
}

/// Bucket policy of a zone or the Athena results bucket, whose key has `key_logical_id`.
pub fn data_bucket_policy(
    lake: &LakeInfo,
    bucket: &Bucket,
    key_logical_id: &str,
) -> PolicyDocument {
    let arn = bucket.arn(&lake.partition);
    let mut statements = transport_denies(&arn);
    statements.extend(encryption_denies(&arn, key_logical_id));
    PolicyDocument::new(statements)
}

/// Bucket policy of the access-log bucket: S3's logging service may write, only for the lake's
/// own buckets in this account. Server access logs support SSE-S3 only, hence no KMS denies.
pub fn log_bucket_policy(lake: &LakeInfo, logs: &Bucket, sources: &[String]) -> PolicyDocument {
    let arn = logs.arn(&lake.partition);
    let mut statements = transport_denies(&arn);
    let sources: Vec<&str> = sources.iter().map(String::as_str).collect();
    statements.push(
        Statement::allow(
            "S3ServerAccessLogsDelivery",
            &["s3:PutObject"],
            vec![format!("{arn}/*")],
        )
        .principal(Principal::service("logging.s3.amazonaws.com"))
        .when("ArnLike", "aws:SourceArn", &sources)
        .when("StringEquals", "aws:SourceAccount", &[&lake.account]),
    );
    PolicyDocument::new(statements)
}

/// The lake trail's grants on the log bucket (CloudTrail's documented bucket policy): check the
/// bucket's ACL and write log files under the trail's prefix, handing them to the bucket owner,
/// for this one trail only (`aws:SourceArn`: no other account's trail can write here).
pub fn trail_bucket_statements(bucket_arn: &str, prefix: &str, trail_arn: &str) -> Vec<Statement> {
    vec![
        Statement::allow(
            "CloudTrailAclCheck",
            &["s3:GetBucketAcl"],
            vec![bucket_arn.to_string()],
        )
        .principal(Principal::service(CLOUDTRAIL))
        .when("StringEquals", "aws:SourceArn", &[trail_arn]),
        Statement::allow(
            "CloudTrailWrite",
            &["s3:PutObject"],
            vec![format!("{bucket_arn}/{prefix}/AWSLogs/*")],
        )
        .principal(Principal::service(CLOUDTRAIL))
        .when(
            "StringEquals",
            "s3:x-amz-acl",
            &["bucket-owner-full-control"],
        )
        .when("StringEquals", "aws:SourceArn", &[trail_arn]),
    ]
}

/// The lake trail's grants on the key that encrypts its log files (CloudTrail's documented key
/// policy): data keys only for this trail's log files (`aws:SourceArn`, and the encryption
/// context CloudTrail sets), and the key's description to validate it.
pub fn trail_key_statements(lake: &LakeInfo, trail_arn: &str) -> Vec<Statement> {
    let trails = format!(
        "arn:{}:cloudtrail:*:{}:trail/*",
        lake.partition, lake.account
    );
    vec![
        Statement::allow(
            "CloudTrailEncryptsLogs",
            &["kms:GenerateDataKey*"],
            vec!["*".to_string()],
        )
        .principal(Principal::service(CLOUDTRAIL))
        .when("StringEquals", "aws:SourceArn", &[trail_arn])
        .when(
            "StringLike",
            "kms:EncryptionContext:aws:cloudtrail:arn",
            &[&trails],
        ),
        Statement::allow(
            "CloudTrailDescribesKey",
            &["kms:DescribeKey"],
            vec!["*".to_string()],
        )
        .principal(Principal::service(CLOUDTRAIL))
        .when("StringEquals", "aws:SourceArn", &[trail_arn]),
    ]
}

const CLOUDTRAIL: &str = "cloudtrail.amazonaws.com";

/// Who may assume a role: the service it works for (in this account only), or people.
pub fn trust_policy(
    lake: &LakeInfo,
    purpose: RolePurpose,
    assumed_by: &[String],
) -> PolicyDocument {
    let service = match purpose {
        RolePurpose::Ingestion => Some("firehose.amazonaws.com"),
        RolePurpose::Crawler | RolePurpose::Etl => Some("glue.amazonaws.com"),
        RolePurpose::Analyst | RolePurpose::Admin => None,
    };
    let statement = match service {
        Some(service) => Statement::allow("ServiceAssumesRole", &["sts:AssumeRole"], Vec::new())
            .principal(Principal::service(service))
            .when("StringEquals", "aws:SourceAccount", &[&lake.account]),
        // People assume analyst and admin roles: the named roles, or anyone of the account
        // signed in with MFA (the account root alone would let every principal in).
        None if assumed_by.is_empty() => {
            Statement::allow("PrincipalsAssumeRole", &["sts:AssumeRole"], Vec::new())
                .principal(Principal::aws(vec![Arns::of(lake).account_root()]))
                .when("Bool", "aws:MultiFactorAuthPresent", &["true"])
        }
        None => Statement::allow("PrincipalsAssumeRole", &["sts:AssumeRole"], Vec::new())
            .principal(Principal::aws(assumed_by.to_vec())),
    };
    PolicyDocument::new(vec![statement])
}

/// EventBridge may assume the role, for one rule of the lake's account only (no confused
/// deputy: another account's rule cannot use it).
pub fn events_trust_policy(lake: &LakeInfo, rule_arn: &str) -> PolicyDocument {
    let statement = Statement::allow("EventBridgeAssumesRole", &["sts:AssumeRole"], Vec::new())
        .principal(Principal::service("events.amazonaws.com"))
        .when("StringEquals", "aws:SourceAccount", &[&lake.account])
        .when("StringEquals", "aws:SourceArn", &[rule_arn]);
    PolicyDocument::new(vec![statement])
}

/// The one permission a workflow's EventBridge role has: to notify that workflow of an event.
pub fn notify_workflow_policy(workflow_arn: &str) -> PolicyDocument {
    PolicyDocument::new(vec![Statement::allow(
        "NotifyWorkflow",
        &[NOTIFY_EVENT],
        vec![workflow_arn.to_string()],
    )])
}

/// The Glue action EventBridge calls on a workflow's behalf.
pub const NOTIFY_EVENT: &str = "glue:notifyEvent";

/// The inline permission policy of a role, from what it needs. No `*` action, and `*`
/// resources only for actions that support nothing narrower (Lake Formation data access).
pub fn role_policy(lake: &LakeInfo, purpose: RolePurpose, needs: &RoleNeeds) -> PolicyDocument {
    let arns = Arns::of(lake);
    let mut statements = object_statements(&lake.partition, purpose, needs);
    statements.extend(key_statements(lake, purpose, needs));
    if !needs.streams.is_empty() {
        statements.push(Statement::allow(
            "ReadSourceStreams",
            &[
                "kinesis:DescribeStream",
                "kinesis:DescribeStreamSummary",
                "kinesis:GetRecords",
                "kinesis:GetShardIterator",
                "kinesis:ListShards",
            ],
            needs.streams.iter().cloned().collect(),
        ));
    }
    statements.extend(catalog_statements(arns, needs));
    statements.extend(query_and_log_statements(arns, needs));
    statements.extend(unscoped_statements(purpose));
    PolicyDocument::new(statements)
}

/// Listing, reading and writing the lake's objects, by bucket and prefix.
fn object_statements(partition: &str, purpose: RolePurpose, needs: &RoleNeeds) -> Vec<Statement> {
    let buckets = |pairs: &BTreeSet<(String, String)>| -> Vec<String> {
        let arns: BTreeSet<String> = pairs
            .iter()
            .map(|(b, _)| arn::bucket(partition, b))
            .collect();
        arns.into_iter().collect()
    };
    let objects = |pairs: &BTreeSet<(String, String)>| -> Vec<String> {
        let arns: BTreeSet<String> = pairs
            .iter()
            .map(|(b, prefix)| arn::bucket_objects(partition, b, &format!("{prefix}*")))
            .collect();
        arns.into_iter().collect()
    };
    let mut statements = Vec::new();
    let all_pairs: BTreeSet<(String, String)> = needs.reads.union(&needs.writes).cloned().collect();
    if !all_pairs.is_empty() {
        statements.push(Statement::allow(
            "ListLakeBuckets",
            &[
                "s3:GetBucketLocation",
                "s3:ListBucket",
                "s3:ListBucketMultipartUploads",
            ],
            buckets(&all_pairs),
        ));
        statements.push(Statement::allow(
            "ReadLakeObjects",
            &["s3:GetObject", "s3:GetObjectVersion"],
            objects(&all_pairs),
        ));
    }
    if !needs.writes.is_empty() {
        let mut actions = vec!["s3:AbortMultipartUpload", "s3:PutObject"];
        if purpose == RolePurpose::Etl {
            actions.push("s3:DeleteObject"); // ETL rewrites its own output partitions
        }
        statements.push(Statement::allow(
            "WriteLakeObjects",
            &actions,
            objects(&needs.writes),
        ));
    }
    statements
}

/// Using the lake's keys, scoped by alias and by the service the call comes through.
fn key_statements(lake: &LakeInfo, purpose: RolePurpose, needs: &RoleNeeds) -> Vec<Statement> {
    let key_statement = |sid: &str, actions: &[&str], aliases: &BTreeSet<String>, via: &[&str]| {
        let aliases: Vec<&str> = aliases.iter().map(String::as_str).collect();
        let via: Vec<String> = via.iter().map(|s| service_host(s, lake)).collect();
        let via: Vec<&str> = via.iter().map(String::as_str).collect();
        Statement::allow(sid, actions, vec![kms_key_wildcard(lake)])
            .when("ForAnyValue:StringEquals", "kms:ResourceAliases", &aliases)
            .when("StringEquals", "kms:ViaService", &via)
    };
    let mut statements = Vec::new();
    if !needs.s3_keys.is_empty() {
        let actions: &[&str] = if needs.writes.is_empty() {
            &["kms:Decrypt"]
        } else {
            &["kms:Decrypt", "kms:GenerateDataKey"]
        };
        statements.push(key_statement(
            "UseZoneKeysThroughS3",
            actions,
            &needs.s3_keys,
            &["s3"],
        ));
    }
    if !needs.service_keys.is_empty() {
        // Firehose uses the platform key to read its source stream and, when it converts
        // records, the encrypted catalog's schema tables.
        let ingestion: Vec<&str> = [
            (!needs.streams.is_empty()).then_some("kinesis"),
            (!needs.schema_tables.is_empty()).then_some("glue"),
        ]
        .into_iter()
        .flatten()
        .collect();
        let via: &[&str] = match purpose {
            RolePurpose::Ingestion => &ingestion,
            RolePurpose::Crawler | RolePurpose::Etl => &["glue", "logs"],
            RolePurpose::Analyst => &["glue", "athena"],
            RolePurpose::Admin => &["glue"],
        };
        statements.push(key_statement(
            "UsePlatformKeyThroughServices",
            &["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
            &needs.service_keys,
            via,
        ));
    }
    statements
}

/// Reading and writing Data Catalog entries: the catalog, the databases and their tables.
fn catalog_statements(arns: Arns, needs: &RoleNeeds) -> Vec<Statement> {
    let databases = |names: &BTreeSet<String>| -> Vec<String> {
        let mut resources = vec![arns.glue_catalog()];
        for name in names {
            resources.push(arns.glue_database(name));
            resources.push(arns.glue_table(name, "*"));
        }
        resources
    };
    let mut statements = Vec::new();
    if !needs.catalog_reads.is_empty() {
        statements.push(Statement::allow(
            "ReadCatalog",
            &[
                "glue:GetDatabase",
                "glue:GetDatabases",
                "glue:GetPartition",
                "glue:GetPartitions",
                "glue:GetTable",
                "glue:GetTables",
                "glue:BatchGetPartition",
            ],
            databases(&needs.catalog_reads),
        ));
    }
    if !needs.schema_tables.is_empty() {
        let mut scoped = BTreeSet::new();
        for (database, table) in &needs.schema_tables {
            scoped.insert(arns.glue_database(database));
            scoped.insert(arns.glue_table(database, table));
        }
        let resources = std::iter::once(arns.glue_catalog()).chain(scoped).collect();
        statements.push(Statement::allow(
            "ReadConversionSchemas",
            &[
                "glue:GetTable",
                "glue:GetTableVersion",
                "glue:GetTableVersions",
            ],
            resources,
        ));
    }
    if !needs.catalog_writes.is_empty() {
        statements.push(Statement::allow(
            "WriteCatalog",
            &[
                "glue:BatchCreatePartition",
                "glue:BatchUpdatePartition",
                "glue:CreatePartition",
                "glue:CreateTable",
                "glue:UpdatePartition",
                "glue:UpdateTable",
            ],
            databases(&needs.catalog_writes),
        ));
    }
    statements
}

/// Querying through the role's work groups, and writing its own log groups.
fn query_and_log_statements(arns: Arns, needs: &RoleNeeds) -> Vec<Statement> {
    let mut statements = Vec::new();
    if !needs.workgroups.is_empty() {
        statements.push(Statement::allow(
            "QueryThroughWorkGroups",
            &[
                "athena:GetQueryExecution",
                "athena:GetQueryResults",
                "athena:GetWorkGroup",
                "athena:ListQueryExecutions",
                "athena:StartQueryExecution",
                "athena:StopQueryExecution",
            ],
            needs
                .workgroups
                .iter()
                .map(|w| arns.athena_workgroup(w))
                .collect(),
        ));
    }
    if !needs.log_groups.is_empty() {
        statements.push(Statement::allow(
            "WriteOwnLogs",
            &[
                "logs:AssociateKmsKey",
                "logs:CreateLogGroup",
                "logs:CreateLogStream",
                "logs:PutLogEvents",
            ],
            needs.log_groups.iter().map(|g| arns.log_group(g)).collect(),
        ));
    }
    statements
}

/// Actions that have no resource type, so they take `*`: Lake Formation data access and
/// administration, and reading Glue security configurations.
fn unscoped_statements(purpose: RolePurpose) -> Vec<Statement> {
    let mut statements = Vec::new();
    match purpose {
        RolePurpose::Crawler | RolePurpose::Etl | RolePurpose::Analyst => {
            // Lake Formation vends data credentials per request; the action has no resource type.
            statements.push(Statement::allow(
                "LakeFormationDataAccess",
                &["lakeformation:GetDataAccess"],
                vec!["*".to_string()],
            ));
        }
        RolePurpose::Admin => {
            statements.push(Statement::allow(
                "AdministerLakeFormation",
                &[
                    "lakeformation:BatchGrantPermissions",
                    "lakeformation:BatchRevokePermissions",
                    "lakeformation:DescribeResource",
                    "lakeformation:GetDataLakeSettings",
                    "lakeformation:GrantPermissions",
                    "lakeformation:ListPermissions",
                    "lakeformation:ListResources",
                    "lakeformation:PutDataLakeSettings",
                    "lakeformation:RegisterResource",
                    "lakeformation:RevokePermissions",
                ],
                vec!["*".to_string()],
            ));
        }
        RolePurpose::Ingestion => {}
    }
    if purpose == RolePurpose::Crawler || purpose == RolePurpose::Etl {
        // GetSecurityConfiguration has no resource-level permissions.
        statements.push(Statement::allow(
            "ReadSecurityConfiguration",
            &["glue:GetSecurityConfiguration"],
            vec!["*".to_string()],
        ));
    }
    statements
}
