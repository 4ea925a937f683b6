//! The best practices of each Analytics Lens question, and how each is answered.
//!
//! The lens text (the 2020 whitepaper) states its best practices as prose under each question,
//! without numbers. Each entry below is one recommendation that prose makes, in the order the
//! text makes them; the id is the question id, a dot and that position (`ANALYTICS_SEC 4.1`).
//! A practice is either shown by the control plane of a service lakectl reads (the API calls
//! that show it are listed) or only a reviewer can tell (process, people, data content, or a
//! service lakectl does not read). `rules` names the lakectl rules that check it; where it is
//! empty a reviewer answers the practice, and `evidence` says what to look for.

/// Where the answer to a practice can come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The control plane shows it; these are the API calls that read it.
    ControlPlane(&'static [&'static str]),
    /// Only a reviewer can tell.
    Reviewer,
}

/// One best practice of a lens question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Practice {
    /// `<question id>.<position>`, e.g. `ANALYTICS_SEC 4.1`.
    pub id: &'static str,
    /// The practice in a few words (at most 128 characters, the WA Tool's limit for a choice).
    pub title: &'static str,
    pub source: Source,
    /// Rule ids that check it, in registry order.
    pub rules: &'static [&'static str],
    /// What a reviewer looks for, from the lens text.
    pub evidence: &'static str,
}

impl Practice {
    /// The id of the question the practice belongs to.
    pub fn question_id(&self) -> &'static str {
        self.id.rsplit_once('.').map_or(self.id, |(q, _)| q)
    }

    /// Whether lakectl rules answer it; otherwise a reviewer does.
    pub fn is_automated(&self) -> bool {
        !self.rules.is_empty()
    }
}

const fn reviewer(id: &'static str, title: &'static str, evidence: &'static str) -> Practice {
    Practice {
        id,
        title,
        source: Source::Reviewer,
        rules: &[],
        evidence,
    }
}

const fn shown(
    id: &'static str,
    title: &'static str,
    reads: &'static [&'static str],
    rules: &'static [&'static str],
    evidence: &'static str,
) -> Practice {
    Practice {
        id,
        title,
        source: Source::ControlPlane(reads),
        rules,
        evidence,
    }
}

/// Every practice, question by question in the lens's order.
pub const PRACTICES: &[Practice] = &[
    // ANALYTICS_OPS 01: selecting services
    reviewer(
        "ANALYTICS_OPS 01.1",
        "Classify the workload and select services by operational criteria",
        "A design record that maps each use case to the service chosen and why: speed, batch or real time, interactive or automated, self-managed, serverless or AWS-managed.",
    ),
    reviewer(
        "ANALYTICS_OPS 01.2",
        "Prefer managed, serverless services for core ETL",
        "Spark ETL runs on AWS Glue (or another managed service); any self-managed cluster has a stated reason such as custom streaming or Spot capacity.",
    ),
    // ANALYTICS_OPS 02: creating and deploying the pipeline
    reviewer(
        "ANALYTICS_OPS 02.1",
        "Automate creation, configuration and deployment of the pipeline from templates",
        "The lake's resources come from templates or a blueprint kept in version control (CloudFormation, lakectl); no console-made resources; `lakectl plan` shows no drift.",
    ),
    reviewer(
        "ANALYTICS_OPS 02.2",
        "Release ETL code through a CI/CD pipeline",
        "A pipeline that builds, tests and deploys the Glue scripts and job definitions, with its release history.",
    ),
    reviewer(
        "ANALYTICS_OPS 02.3",
        "Pre-provision clean, isolated environments for testing and forensics",
        "Templates that stand up a separate environment (account or stack) on demand, and a record of its use.",
    ),
    // ANALYTICS_OPS 03: monitoring pipeline health
    reviewer(
        "ANALYTICS_OPS 03.1",
        "Dashboards of KPI-based metrics with business and technical views",
        "CloudWatch (or third-party) dashboards showing ingestion, processing and query KPIs that the team reviews.",
    ),
    shown(
        "ANALYTICS_OPS 03.2",
        "Send job and service logs and metrics to CloudWatch",
        &["glue:GetJobs", "firehose:DescribeDeliveryStream"],
        &["LK-GLUE-009", "LK-FH-006"],
        "Glue jobs run with `--enable-metrics` and `--enable-continuous-cloudwatch-log`; delivery streams log errors to CloudWatch; log groups exist with a retention period.",
    ),
    shown(
        "ANALYTICS_OPS 03.3",
        "Baseline metrics and alarms on pipeline health",
        &["cloudwatch:DescribeAlarms"],
        &["LK-CW-001"],
        "Alarms on Kinesis iterator age and write throttling, Firehose data freshness and Glue job failures, with thresholds from a measured baseline.",
    ),
    reviewer(
        "ANALYTICS_OPS 03.4",
        "Integrate AWS Health events into event management",
        "Personal Health Dashboard events (or the Health API) routed to the team's event management system.",
    ),
    reviewer(
        "ANALYTICS_OPS 03.5",
        "Right-size capacity from operational metrics, not guesswork",
        "Capacity changes (shards, DPUs, workers) that cite the metrics that justified them.",
    ),
    // ANALYTICS_OPS 04: operational events
    reviewer(
        "ANALYTICS_OPS 04.1",
        "Runbooks and playbooks for planned and unplanned events",
        "Runbooks for promotions, deployments, failure tests, utilization surges and component failures, with manual procedures for when automation fails.",
    ),
    shown(
        "ANALYTICS_OPS 04.2",
        "Alerts owned by an accountable role or team",
        &["cloudwatch:DescribeAlarms", "sns:ListSubscriptionsByTopic"],
        &["LK-CW-002"],
        "Every pipeline alarm has an action (an SNS topic or automation) that reaches the owning team's on-call, and the owner is written down.",
    ),
    reviewer(
        "ANALYTICS_OPS 04.3",
        "Root cause analysis after events; recurrence prevented",
        "RCA documents for past events with their follow-up actions and documented workarounds.",
    ),
    shown(
        "ANALYTICS_OPS 04.4",
        "Automated responses to resource state changes",
        &["events:ListRules", "events:ListTargetsByRule"],
        &[],
        "EventBridge (CloudWatch Events) rules on state changes such as Glue job FAILED or TIMEOUT, with targets (Lambda, SNS, Step Functions, Systems Manager Automation).",
    ),
    // ANALYTICS_OPS 05: evolving the workload
    shown(
        "ANALYTICS_OPS 05.1",
        "Decouple storage from compute with an external metadata store",
        &["glue:GetTables"],
        &[],
        "Data lives in S3 and its schemas in the Glue Data Catalog, so clusters and jobs can be replaced and resume processing.",
    ),
    shown(
        "ANALYTICS_OPS 05.2",
        "Keep configuration artifacts versioned in S3",
        &["glue:GetJobs", "s3:GetBucketVersioning"],
        &["LK-GLUE-014"],
        "Job scripts and configuration files sit in a versioned bucket; job definitions point at them.",
    ),
    reviewer(
        "ANALYTICS_OPS 05.3",
        "Shared configuration in Parameter Store rather than environment variables",
        "Parameters that several applications share are read from Systems Manager Parameter Store.",
    ),
    shown(
        "ANALYTICS_OPS 05.4",
        "Credentials in Secrets Manager, rotated and retrieved by code",
        &["glue:GetConnections", "glue:GetJobs"],
        &["LK-GLUE-011", "LK-GLUE-013"],
        "Glue connections reference a Secrets Manager secret (`SECRET_ID`) instead of a `PASSWORD`, and job arguments pass secret names, never credentials; the secrets rotate.",
    ),
    // ANALYTICS_SEC 1: authentication
    shown(
        "ANALYTICS_SEC 1.1",
        "Federate authentication with the organization's directory; people assume roles",
        &["iam:ListSAMLProviders", "iam:ListUsers"],
        &[],
        "An identity provider (IAM Identity Center, SAML or OIDC) through which people assume roles; no long-lived IAM users for people.",
    ),
    shown(
        "ANALYTICS_SEC 1.2",
        "Role trust policies name the principals that may assume them",
        &["iam:GetRole"],
        &["LK-IAM-003"],
        "Trust policies of the lake's roles name services or specific roles; no `*` and no bare account root without a condition.",
    ),
    reviewer(
        "ANALYTICS_SEC 1.3",
        "Choose each service's authentication mechanism deliberately",
        "A record of how each service authenticates: IAM and Lake Formation permissions for the catalog, Athena through IAM or federated identity, JDBC clients with temporary credentials.",
    ),
    // ANALYTICS_SEC 2: authorization
    shown(
        "ANALYTICS_SEC 2.1",
        "Storage authorization: bucket policies and ACLs grant no public or unintended access",
        &[
            "s3:GetPublicAccessBlock",
            "s3:GetBucketOwnershipControls",
            "s3:GetBucketPolicy",
            "s3control:GetPublicAccessBlock",
        ],
        &[
            "LK-S3-007",
            "LK-S3-008",
            "LK-S3-011",
            "LK-S3-012",
            "LK-S3-014",
        ],
        "Block Public Access on account and buckets, ACLs disabled, bucket policies granting only named principals of the account.",
    ),
    shown(
        "ANALYTICS_SEC 2.2",
        "Metadata authorization: fine-grained catalog permissions",
        &[
            "lakeformation:GetDataLakeSettings",
            "lakeformation:ListPermissions",
            "lakeformation:ListResources",
        ],
        &["LK-LF-001", "LK-LF-002", "LK-LF-004", "LK-LF-005"],
        "Lake Formation grants per database and table; IAM_ALLOWED_PRINCIPALS neither a default nor granted on existing lake databases and tables; lake locations registered, in Lake Formation mode rather than hybrid access mode.",
    ),
    shown(
        "ANALYTICS_SEC 2.3",
        "Application authorization: IAM policies grant named actions on named resources",
        &["iam:GetRolePolicy", "events:ListTargetsByRule"],
        &["LK-IAM-001", "LK-IAM-002", "LK-EVB-001"],
        "Role policies list the actions each job, crawler or stream needs, on the resources it touches; the role a rule assumes to start a workflow may only notify it.",
    ),
    shown(
        "ANALYTICS_SEC 2.4",
        "Key policies limit who can use and administer each key",
        &["kms:GetKeyPolicy"],
        &["LK-KMS-003", "LK-KMS-004"],
        "Key policies grant use only to the lake's roles and services, and administration to separate principals.",
    ),
    reviewer(
        "ANALYTICS_SEC 2.5",
        "Segment authorization by team with accounts and cross-account roles",
        "An account structure per team (coarse-grained) with read-only cross-account roles for consumers, or a stated reason for sharing one account.",
    ),
    // ANALYTICS_SEC 3: access and query logs
    shown(
        "ANALYTICS_SEC 3.1",
        "S3 server access logs for the lake's buckets",
        &["s3:GetBucketLogging"],
        &["LK-S3-010"],
        "Every lake bucket logs to the access-log bucket.",
    ),
    shown(
        "ANALYTICS_SEC 3.2",
        "CloudTrail records API calls, queries and S3 data access",
        &[
            "cloudtrail:DescribeTrails",
            "cloudtrail:GetEventSelectors",
            "cloudtrail:GetTrailStatus",
        ],
        &["LK-CT-001"],
        "A logging trail with S3 data events for the zone buckets; Athena query requests appear in CloudTrail.",
    ),
    shown(
        "ANALYTICS_SEC 3.3",
        "Job and crawler logs kept in CloudWatch Logs with a retention",
        &["logs:DescribeLogGroups"],
        &["LK-LOG-001"],
        "Glue and Firehose log groups exist with a retention period and, where required, a KMS key.",
    ),
    reviewer(
        "ANALYTICS_SEC 3.4",
        "Analyze logs centrally; monitor connections with VPC Flow Logs",
        "Logs searchable in one place (Athena over S3, OpenSearch) with saved queries or dashboards; VPC Flow Logs on the analytics VPCs.",
    ),
    // ANALYTICS_SEC 4: data at rest
    shown(
        "ANALYTICS_SEC 4.1",
        "Encrypt every data store at rest with keys you manage",
        &[
            "s3:GetBucketEncryption",
            "s3:GetBucketPolicy",
            "kinesis:DescribeStreamSummary",
            "firehose:DescribeDeliveryStream",
            "athena:GetWorkGroup",
        ],
        &[
            "LK-S3-001",
            "LK-S3-002",
            "LK-S3-003",
            "LK-S3-006",
            "LK-FH-001",
            "LK-FH-002",
            "LK-KIN-001",
            "LK-ATH-002",
        ],
        "Zone buckets, streams, delivery streams and query results encrypted with the lake's customer managed keys.",
    ),
    shown(
        "ANALYTICS_SEC 4.2",
        "Encrypt the Glue Data Catalog and its connection passwords",
        &["glue:GetDataCatalogEncryptionSettings"],
        &["LK-GLUE-001", "LK-GLUE-002"],
        "Catalog encryption at rest and connection password encryption on, with a customer managed key.",
    ),
    shown(
        "ANALYTICS_SEC 4.3",
        "Glue security configurations encrypt job output, logs and bookmarks",
        &[
            "glue:GetJobs",
            "glue:GetCrawlers",
            "glue:GetSecurityConfigurations",
        ],
        &["LK-GLUE-003", "LK-GLUE-004"],
        "Every job and crawler names a security configuration with S3 (SSE-KMS), CloudWatch log and job bookmark encryption.",
    ),
    shown(
        "ANALYTICS_SEC 4.4",
        "A key rotation policy",
        &["kms:GetKeyRotationStatus"],
        &["LK-KMS-001"],
        "Automatic rotation on every customer managed lake key, or a documented manual rotation schedule.",
    ),
    reviewer(
        "ANALYTICS_SEC 4.5",
        "A key management strategy fitted to compliance requirements",
        "A decision record answering: must we manage the keys, do we need dedicated hardware (CloudHSM), must keys stay on premises; and who may access the keys.",
    ),
    // ANALYTICS_SEC 5: data in transit
    shown(
        "ANALYTICS_SEC 5.1",
        "S3 accepts only TLS requests, at a current TLS version",
        &["s3:GetBucketPolicy"],
        &["LK-S3-004", "LK-S3-005"],
        "Bucket policies deny `aws:SecureTransport = false` and `s3:TlsVersion` below 1.2.",
    ),
    shown(
        "ANALYTICS_SEC 5.2",
        "JDBC connections enforce SSL",
        &["glue:GetConnections"],
        &["LK-GLUE-012"],
        "Glue JDBC connections set `JDBC_ENFORCE_SSL` to true.",
    ),
    reviewer(
        "ANALYTICS_SEC 5.3",
        "Clients and cluster-internal traffic use TLS",
        "Athena JDBC/ODBC and BI clients connect over TLS; Redshift requires SSL; EMR in-transit encryption (Hadoop RPC, HDFS block transfer) where used.",
    ),
    // ANALYTICS_SEC 6: sensitive data
    reviewer(
        "ANALYTICS_SEC 6.1",
        "Identify and classify sensitive data",
        "Amazon Macie discovery jobs (or another classifier) over the lake buckets, and a data classification of each dataset.",
    ),
    shown(
        "ANALYTICS_SEC 6.2",
        "Tag sensitive data and restrict access by tag",
        &[
            "lakeformation:ListLFTags",
            "lakeformation:GetResourceLFTags",
            "lakeformation:ListPermissions",
        ],
        &["LK-LF-002"],
        "Sensitivity tags (S3 object tags or Lake Formation tags) on datasets, and grants or IAM conditions that use them.",
    ),
    shown(
        "ANALYTICS_SEC 6.3",
        "Deny tagging actions to users so they cannot grant themselves access",
        &["iam:GetRolePolicy"],
        &[],
        "Policies of people's roles deny `s3:PutObjectTagging`, `lakeformation:AddLFTagsToResource` and similar on tagged data.",
    ),
    shown(
        "ANALYTICS_SEC 6.4",
        "Expose sensitive data only through views without sensitive columns",
        &["lakeformation:ListDataCellsFilter"],
        &["LK-LF-003"],
        "Views or Lake Formation column and cell filters that leave out sensitive columns, and consumers granted only those.",
    ),
    // ANALYTICS_SEC 7: security alerts and incidents
    reviewer(
        "ANALYTICS_SEC 7.1",
        "Response SLAs and procedures agreed with security and compliance",
        "Written SLAs per security event type, response runbooks and game-day records.",
    ),
    shown(
        "ANALYTICS_SEC 7.2",
        "CloudTrail logs, monitors and retains account activity",
        &["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"],
        &["LK-CT-002"],
        "A multi-region trail that is logging, with log file validation and KMS encryption, delivering to a retained bucket.",
    ),
    reviewer(
        "ANALYTICS_SEC 7.3",
        "Threat detection with findings routed to responders",
        "GuardDuty and Macie enabled in the lake's accounts, their findings reaching the security team.",
    ),
    shown(
        "ANALYTICS_SEC 7.4",
        "No credentials embedded in code or job arguments",
        &["glue:GetJobs"],
        &["LK-GLUE-011"],
        "Secret scanning on the code repositories; Glue job default arguments hold no passwords or keys.",
    ),
    reviewer(
        "ANALYTICS_SEC 7.5",
        "Investigate unusual access patterns promptly",
        "Alerts on unusual data-store access (GuardDuty S3 protection, CloudTrail Insights) and records of their investigation.",
    ),
    // ANALYTICS_REL 1: metadata changes
    shown(
        "ANALYTICS_REL 1.1",
        "A central metadata repository for source and target schemas",
        &["glue:GetDatabases", "glue:GetTables"],
        &[],
        "Source and target tables defined in the Glue Data Catalog and shared with Athena and EMR.",
    ),
    shown(
        "ANALYTICS_REL 1.2",
        "Propagate schema changes without losing catalog entries",
        &["glue:GetCrawlers"],
        &["LK-GLUE-010", "LK-GLUE-015"],
        "Crawler schema-change policies deprecate rather than delete tables whose data is gone, and update (not only log) tables whose schema changed; recrawls read changed folders, not only new ones.",
    ),
    shown(
        "ANALYTICS_REL 1.3",
        "An audit trail of metadata changes",
        &["cloudtrail:GetEventSelectors"],
        &["LK-CT-003"],
        "A trail recording Glue management events (table and schema changes); Glue table versions kept.",
    ),
    reviewer(
        "ANALYTICS_REL 1.4",
        "Trace how a metric is calculated from its sources (lineage)",
        "Lineage captured per layer (crawler lineage settings, a lineage tool) so that a target value can be traced back to the raw data.",
    ),
    // ANALYTICS_REL 2: configuration consistency
    reviewer(
        "ANALYTICS_REL 2.1",
        "Configuration as code in a repository, with rollback",
        "Templates or blueprints for every environment in version control, and a rollback path.",
    ),
    shown(
        "ANALYTICS_REL 2.2",
        "Track configuration changes across the whole environment",
        &["tag:GetResources"],
        &["LK-INV-001"],
        "Every resource visible to the configuration tracker (AWS Config, `lakectl plan`); changes reviewed.",
    ),
    shown(
        "ANALYTICS_REL 2.3",
        "Service-side settings override client settings",
        &["athena:GetWorkGroup"],
        &["LK-ATH-001"],
        "Athena work groups enforce their configuration over client-side settings.",
    ),
    // ANALYTICS_REL 3: recovering the primary store
    reviewer(
        "ANALYTICS_REL 3.1",
        "A recovery strategy that meets the RTO and RPO",
        "Stated RTO and RPO for the lake and warehouse, and a tested restore.",
    ),
    shown(
        "ANALYTICS_REL 3.2",
        "Raw data can be recovered after deletion or corruption",
        &[
            "s3:GetBucketVersioning",
            "s3:GetBucketReplication",
            "s3:GetObjectLockConfiguration",
        ],
        &["LK-S3-009"],
        "Versioning on raw zone buckets; replication or Object Lock where the policy asks for it.",
    ),
    shown(
        "ANALYTICS_REL 3.3",
        "The keys that protect the data remain usable",
        &["kms:DescribeKey"],
        &["LK-KMS-002"],
        "Lake keys enabled, none pending deletion.",
    ),
    reviewer(
        "ANALYTICS_REL 3.4",
        "Warehouse snapshots and multi-AZ or cross-Region copies",
        "Automated snapshots and Multi-AZ or cross-Region replication for Redshift or RDS where they hold primary data.",
    ),
    // ANALYTICS_REL 4: ETL failures
    shown(
        "ANALYTICS_REL 4.1",
        "Streams retain records long enough to replay after a failure",
        &["kinesis:DescribeStreamSummary"],
        &["LK-KIN-002"],
        "Kinesis retention of at least seven days, or the longest consumer outage the team plans for.",
    ),
    shown(
        "ANALYTICS_REL 4.2",
        "Glue jobs retry, time out, resume from bookmarks and notify on delay",
        &["glue:GetJobs"],
        &["LK-GLUE-008"],
        "Job `MaxRetries` above zero, a `Timeout`, `--job-bookmark-option job-bookmark-enable` and a `NotificationProperty.NotifyDelayAfter`.",
    ),
    shown(
        "ANALYTICS_REL 4.3",
        "Delivery streams keep failed records",
        &["firehose:DescribeDeliveryStream", "logs:DescribeLogGroups"],
        &["LK-FH-003", "LK-FH-006", "LK-FH-007"],
        "Firehose error output prefix, CloudWatch error logging to a log group that exists, and S3 backup where a processor transforms records.",
    ),
    reviewer(
        "ANALYTICS_REL 4.4",
        "Orchestrated jobs restart or resume automatically",
        "Workflows, triggers or Step Functions with retry and catch steps for schedule- and event-based ETL.",
    ),
    reviewer(
        "ANALYTICS_REL 4.5",
        "Serverless ETL services to reduce failure risk",
        "Batch ETL on Glue, streams on Kinesis and Firehose, small event-based steps on Lambda, rather than self-managed servers.",
    ),
    // ANALYTICS_PERF 01: formats and compression
    shown(
        "ANALYTICS_PERF 01.1",
        "Columnar formats or compression for data that is queried",
        &["glue:GetTables"],
        &["LK-GLUE-005", "LK-GLUE-007"],
        "Curated tables in Parquet, ORC or Iceberg, or at least compressed.",
    ),
    shown(
        "ANALYTICS_PERF 01.2",
        "Ingestion compresses and converts to a columnar format",
        &["firehose:DescribeDeliveryStream"],
        &["LK-FH-004"],
        "Firehose compression on, and record format conversion to Parquet or ORC where a table schema exists.",
    ),
    reviewer(
        "ANALYTICS_PERF 01.3",
        "Splittable compression, formats chosen per engine",
        "Compression codecs that parallel workers can split (or objects sized for them), and formats each query engine reads well.",
    ),
    // ANALYTICS_PERF 02: compute sizing
    reviewer(
        "ANALYTICS_PERF 02.1",
        "Performance tests per workload to size it against its SLAs",
        "Load and processing tests with their results, the bottlenecks found and the sizing chosen for loading, processing and freshness SLAs.",
    ),
    shown(
        "ANALYTICS_PERF 02.2",
        "Worker types and counts chosen from measurements",
        &["glue:GetJobs", "kinesis:DescribeStreamSummary"],
        &[],
        "Glue worker type and count (or auto scaling) and stream capacity justified by measured utilization.",
    ),
    reviewer(
        "ANALYTICS_PERF 02.3",
        "Monitor end-to-end completion time as well as each step",
        "Metrics of whole pipeline runs against their deadlines, beside per-step metrics, showing neither over- nor under-provisioning.",
    ),
    // ANALYTICS_PERF 03: partitioning
    shown(
        "ANALYTICS_PERF 03.1",
        "Partition by the columns queries filter on",
        &["glue:GetTables"],
        &["LK-GLUE-006"],
        "Curated tables partitioned by time or the columns in frequent filters and group-bys.",
    ),
    reviewer(
        "ANALYTICS_PERF 03.2",
        "Avoid over-partitioning and small files; revisit as queries change",
        "Partition sizes and object sizes reviewed against query patterns; compaction where objects are small.",
    ),
    shown(
        "ANALYTICS_PERF 03.3",
        "Ingestion writes Hive-style partitioned prefixes",
        &["firehose:DescribeDeliveryStream"],
        &["LK-FH-005"],
        "Firehose prefixes (or dynamic partitioning) that match the table's partition keys.",
    ),
    // ANALYTICS_PERF 04: ingestion and job monitoring
    shown(
        "ANALYTICS_PERF 04.1",
        "Streams monitored at stream and shard level",
        &["kinesis:DescribeStreamSummary", "cloudwatch:GetMetricData"],
        &["LK-KIN-003", "LK-KIN-004"],
        "Enhanced (shard-level) monitoring on the lake's streams; resharding decisions based on it.",
    ),
    shown(
        "ANALYTICS_PERF 04.2",
        "Job DPU memory and CPU metrics collected",
        &["glue:GetJobs"],
        &["LK-GLUE-009"],
        "Glue jobs run with `--enable-metrics` (and observability metrics) so DPU use can be judged.",
    ),
    shown(
        "ANALYTICS_PERF 04.3",
        "Alarms on ingestion lag, job duration and SLAs",
        &["cloudwatch:DescribeAlarms"],
        &["LK-CW-001"],
        "Alarms on iterator age, write throttling, Firehose data freshness and job run time, with actions.",
    ),
    reviewer(
        "ANALYTICS_PERF 04.4",
        "Orchestration reports end-to-end metrics; service quotas managed",
        "The scheduler emits end-to-end job metrics and alerts; quotas that limit scaling are tracked.",
    ),
    // ANALYTICS_PERF 05: query performance
    shown(
        "ANALYTICS_PERF 05.1",
        "Query engines publish performance metrics",
        &["athena:GetWorkGroup"],
        &["LK-ATH-004"],
        "Athena work groups publish CloudWatch metrics.",
    ),
    reviewer(
        "ANALYTICS_PERF 05.2",
        "Query performance reviewed over time to re-evaluate stores and formats",
        "Periodic reviews of query run time and data scanned (query history, CloudTrail) and the changes they led to.",
    ),
    // ANALYTICS_COST 01: compute
    reviewer(
        "ANALYTICS_COST 01.1",
        "Resource requirements known after on-demand testing",
        "The number, type and size of resources and whether the load is steady or spiky, from the test phase.",
    ),
    reviewer(
        "ANALYTICS_COST 01.2",
        "Commitments for steady use",
        "Reserved capacity or Savings Plans covering steadily used compute (Redshift, EMR, RDS, DynamoDB, ElastiCache).",
    ),
    shown(
        "ANALYTICS_COST 01.3",
        "Spare or flexible capacity for transient and non-urgent work",
        &["glue:GetJobs"],
        &[],
        "Non-urgent Glue jobs use the Flex execution class; transient clusters use Spot.",
    ),
    shown(
        "ANALYTICS_COST 01.4",
        "Capacity modes that fit the load",
        &[
            "kinesis:DescribeStreamSummary",
            "cloudwatch:GetMetricData",
            "glue:GetJobs",
        ],
        &["LK-KIN-004", "LK-GLUE-016"],
        "Glue Spark jobs auto scale their workers to the work; Kinesis on-demand for spiky or unknown load, provisioned shards for steady load.",
    ),
    // ANALYTICS_COST 02: data stored
    shown(
        "ANALYTICS_COST 02.1",
        "Compress, partition and convert to columnar formats to cut scan cost",
        &["glue:GetTables", "firehose:DescribeDeliveryStream"],
        &[
            "LK-FH-004",
            "LK-FH-005",
            "LK-GLUE-005",
            "LK-GLUE-007",
            "LK-GLUE-006",
        ],
        "Queried tables compressed, partitioned and columnar; Firehose converting formats where it lands data.",
    ),
    reviewer(
        "ANALYTICS_COST 02.2",
        "Query data in place instead of keeping copies",
        "Athena, Redshift Spectrum or S3 Select read S3 directly; transient clusters over EMRFS instead of long-running ones.",
    ),
    // ANALYTICS_COST 03: tiering
    shown(
        "ANALYTICS_COST 03.1",
        "Lifecycle policies move objects between storage classes",
        &["s3:GetBucketLifecycleConfiguration"],
        &["LK-S3-015"],
        "Enabled lifecycle rules with transitions to Infrequent Access or Glacier classes as data cools.",
    ),
    shown(
        "ANALYTICS_COST 03.2",
        "Intelligent-Tiering where access patterns are unknown or change",
        &[
            "s3:GetBucketLifecycleConfiguration",
            "s3:ListBucketIntelligentTieringConfigurations",
        ],
        &[],
        "Lifecycle transitions to INTELLIGENT_TIERING, or Intelligent-Tiering archive configurations.",
    ),
    reviewer(
        "ANALYTICS_COST 03.3",
        "The right storage service for each data temperature",
        "Hot data in caches or databases, warm data in S3, cold data archived; a stated choice per dataset.",
    ),
    // ANALYTICS_COST 04: lifecycle plan
    shown(
        "ANALYTICS_COST 04.1",
        "A data lifecycle plan codified per zone",
        &["s3:GetBucketLifecycleConfiguration"],
        &["LK-S3-013"],
        "Retention and transition ages per zone, written down and matching the buckets' lifecycle rules.",
    ),
    shown(
        "ANALYTICS_COST 04.2",
        "Measure access patterns with S3 Storage Class Analysis or Inventory",
        &[
            "s3:ListBucketAnalyticsConfigurations",
            "s3:ListBucketInventoryConfigurations",
        ],
        &[],
        "Storage Class Analysis or S3 Inventory configured on the larger lake buckets, and its results used to set transition ages.",
    ),
    shown(
        "ANALYTICS_COST 04.3",
        "Transient data expires",
        &["s3:GetBucketLifecycleConfiguration", "athena:GetWorkGroup"],
        &["LK-S3-016"],
        "Query results and noncurrent object versions expire after a set age.",
    ),
    reviewer(
        "ANALYTICS_COST 04.4",
        "Cold warehouse data moved to S3 and queried in place",
        "Infrequently used warehouse data unloaded to S3 and queried with Athena or Redshift Spectrum.",
    ),
    // ANALYTICS_COST 05: step costs
    reviewer(
        "ANALYTICS_COST 05.1",
        "A cost model of each pipeline step",
        "A pipeline cost model covering storage location, frequency, concurrency, data size, duration, format and network traffic per step.",
    ),
    shown(
        "ANALYTICS_COST 05.2",
        "Per-query cost is bounded",
        &["athena:GetWorkGroup"],
        &["LK-ATH-003"],
        "Athena work groups set a per-query bytes-scanned cutoff.",
    ),
    reviewer(
        "ANALYTICS_COST 05.3",
        "Processing frequency matches consumption, from billing detail",
        "Cost and Usage Reports broken down by resource, and ETL schedules aligned with when results are used.",
    ),
    // ANALYTICS_COST 06: freshness
    reviewer(
        "ANALYTICS_COST 06.1",
        "Data freshness tracked in a metadata repository",
        "A catalog or metadata tool recording when each dataset was last updated, used to find infrequently updated data.",
    ),
    shown(
        "ANALYTICS_COST 06.2",
        "Infrequently updated data moves to cheaper tiers automatically",
        &["s3:GetBucketLifecycleConfiguration"],
        &["LK-S3-015"],
        "Lifecycle transitions or Intelligent-Tiering on the zones whose data stops changing.",
    ),
    // ANALYTICS_COST 07: data transfer
    reviewer(
        "ANALYTICS_COST 07.1",
        "Data kept close to the analytics that use it",
        "Lake data and its processing in the same Region; data from other Regions or on premises copied in rather than read repeatedly across.",
    ),
    reviewer(
        "ANALYTICS_COST 07.2",
        "Chatty applications characterized with periodic VPC Flow Logs",
        "Periodic (not continuous) flow-log collections and an analysis of inter-AZ and cross-Region traffic.",
    ),
    reviewer(
        "ANALYTICS_COST 07.3",
        "Caches for repeated reads; transient work in one AZ",
        "A cache (ElastiCache) in front of remote data read repeatedly; transient workloads placed in one AZ and rerun on failure.",
    ),
    // ANALYTICS_COST 08: cost allocation
    shown(
        "ANALYTICS_COST 08.1",
        "Cost allocation tags on every resource",
        &["tag:GetResources"],
        &["LK-TAG-001"],
        "The lake's cost allocation tags on every taggable resource, activated in Billing.",
    ),
    reviewer(
        "ANALYTICS_COST 08.2",
        "Accounts separate billing where teams are siloed",
        "An AWS Organizations structure with an account per line of business or a stated reason for tags instead.",
    ),
    reviewer(
        "ANALYTICS_COST 08.3",
        "Per-requester usage measured for shared platforms",
        "Charge-back from CloudTrail and CloudWatch Logs: requester, run time, capacity units and data scanned (Athena work groups per team).",
    ),
];

/// The practices of one question, in the lens's order.
pub fn practices_of(question_id: &str) -> impl Iterator<Item = &'static Practice> + '_ {
    PRACTICES
        .iter()
        .filter(move |p| p.question_id() == question_id)
}
