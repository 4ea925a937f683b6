//! Typed property keys: one enum per resource [`Kind`], wrapped in [`Property`]. The plan's
//! diff reports them and apply writes them; both sides match on these enums exhaustively, so a
//! property one side knows and the other does not is a compile error, not a silent skip.
//!
//! Names (`name()`, the serialized form) are the plan's historical snake_case strings.

use std::fmt;

use serde::{Serialize, Serializer};

use super::Kind;

/// A property key of one resource kind.
pub trait KindProperty: Copy + Into<Property> + 'static {
    /// Every property of the kind, in the order the diff reports them.
    const ALL: &'static [Self];
}

macro_rules! properties {
    ($( $(#[$doc:meta])* $enum:ident => $kind:ident { $($variant:ident = $name:literal),+ $(,)? } )+) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
            pub enum $enum { $($variant),+ }

            impl $enum {
                pub fn name(self) -> &'static str {
                    match self { $($enum::$variant => $name),+ }
                }
            }

            impl KindProperty for $enum {
                const ALL: &'static [Self] = &[$($enum::$variant),+];
            }

            impl From<$enum> for Property {
                fn from(p: $enum) -> Property {
                    Property::$kind(p)
                }
            }

            impl TryFrom<Property> for $enum {
                type Error = Property;
                fn try_from(p: Property) -> Result<Self, Property> {
                    match p {
                        Property::$kind(p) => Ok(p),
                        other => Err(other),
                    }
                }
            }
        )+

        /// A property of some resource kind.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Property { $($kind($enum)),+ }

        impl Property {
            pub fn name(self) -> &'static str {
                match self { $(Property::$kind(p) => p.name()),+ }
            }

            pub fn kind(self) -> Kind {
                match self { $(Property::$kind(_) => Kind::$kind),+ }
            }

            /// Every property of every kind.
            pub fn all() -> Vec<Property> {
                let mut all = Vec::new();
                $( all.extend(<$enum as KindProperty>::ALL.iter().map(|p| Property::from(*p))); )+
                all
            }
        }
    };
}

properties! {
    KeyProperty => Key {
        Description = "description",
        Rotation = "rotation",
        State = "state",
        CustomerManaged = "customer_managed",
        Policy = "policy",
        Tags = "tags",
    }
    BucketProperty => Bucket {
        Encryption = "encryption",
        PublicAccessBlock = "public_access_block",
        Ownership = "ownership",
        Versioning = "versioning",
        Lifecycle = "lifecycle",
        Logging = "logging",
        Policy = "policy",
        EventBridge = "event_bridge",
        Tags = "tags",
    }
    RoleProperty => Role {
        Trust = "trust",
        Policy = "policy",
        ManagedPolicies = "managed_policies",
        Tags = "tags",
    }
    StreamProperty => Stream {
        Mode = "mode",
        Shards = "shards",
        RetentionHours = "retention_hours",
        Encryption = "encryption",
        ShardMetrics = "shard_metrics",
        Tags = "tags",
    }
    DeliveryStreamProperty => DeliveryStream {
        SourceStream = "source_stream",
        Bucket = "bucket",
        Role = "role",
        Prefix = "prefix",
        ErrorPrefix = "error_prefix",
        BufferingMb = "buffering_mb",
        BufferingSeconds = "buffering_seconds",
        Compression = "compression",
        DestinationKey = "destination_key",
        Sse = "sse",
        FormatConversion = "format_conversion",
        DynamicPartitioning = "dynamic_partitioning",
        ErrorLogging = "error_logging",
        Tags = "tags",
    }
    CatalogEncryptionProperty => CatalogEncryption {
        Encryption = "encryption",
    }
    SecurityConfigurationProperty => SecurityConfiguration {
        S3Key = "s3_key",
        CloudwatchKey = "cloudwatch_key",
        BookmarksKey = "bookmarks_key",
    }
    DatabaseProperty => Database {
        Location = "location",
        Description = "description",
        TableDefaults = "table_default_permissions",
    }
    TableProperty => Table {
        Location = "location",
        Format = "format",
        Compression = "compression",
        Columns = "columns",
        PartitionKeys = "partition_keys",
        Partitioning = "partitioning",
    }
    CrawlerProperty => Crawler {
        Database = "database",
        Role = "role",
        Targets = "targets",
        Schedule = "schedule",
        SecurityConfiguration = "security_configuration",
        DeleteBehavior = "delete_behavior",
        UpdateBehavior = "update_behavior",
        RecrawlBehavior = "recrawl_behavior",
        Tags = "tags",
    }
    JobProperty => Job {
        Role = "role",
        ScriptLocation = "script_location",
        GlueVersion = "glue_version",
        WorkerType = "worker_type",
        Workers = "workers",
        ExecutionClass = "execution_class",
        TimeoutMinutes = "timeout_minutes",
        MaxRetries = "max_retries",
        NotifyDelayMinutes = "notify_delay_minutes",
        Arguments = "arguments",
        SecurityConfiguration = "security_configuration",
        Tags = "tags",
    }
    WorkflowProperty => Workflow {
        Description = "description",
        Triggers = "triggers",
        Tags = "tags",
    }
    WorkGroupProperty => WorkGroup {
        Description = "description",
        EnforceConfiguration = "enforce_configuration",
        ResultLocation = "result_location",
        ResultEncryption = "result_encryption",
        BytesScannedCutoff = "bytes_scanned_cutoff",
        Metrics = "metrics",
        EngineVersion = "engine_version",
        Tags = "tags",
    }
    LakeFormationProperty => LakeFormation {
        Admins = "admins",
        CreateDatabaseDefault = "create_database_default",
        CreateTableDefault = "create_table_default",
        RegisteredLocations = "registered_locations",
        HybridLocations = "hybrid_access_locations",
        Grants = "grants",
        Tags = "lf_tags",
        TagAssignments = "lf_tag_assignments",
        TagGrants = "lf_tag_grants",
        DataCellsFilters = "data_cells_filters",
        FilterGrants = "data_cells_filter_grants",
        IamAllowedGrants = "iam_allowed_principals_grants",
    }
    EventRuleProperty => EventRule {
        Pattern = "pattern",
        Targets = "targets",
        Enabled = "enabled",
        Tags = "tags",
    }
    TrailProperty => Trail {
        Bucket = "bucket",
        Prefix = "prefix",
        Key = "key",
        MultiRegion = "multi_region",
        LogFileValidation = "log_file_validation",
        EventSelectors = "event_selectors",
        Logging = "logging",
        Tags = "tags",
    }
    AlarmProperty => Alarm {
        Definition = "definition",
        Actions = "actions",
        Tags = "tags",
    }
    LogGroupProperty => LogGroup {
        Retention = "retention",
        Key = "key",
        Streams = "streams",
        Tags = "tags",
    }
}

impl Property {
    /// True for IAM policy documents (text output summarises them by statement id).
    pub fn is_policy(self) -> bool {
        matches!(
            self,
            Property::Key(KeyProperty::Policy)
                | Property::Bucket(BucketProperty::Policy)
                | Property::Role(RoleProperty::Policy | RoleProperty::Trust)
        )
    }
}

impl Property {
    /// The property of `kind` named `name` (the serialized form); names repeat across kinds
    /// (`tags`, `policy`), so the kind is needed.
    pub fn parse(kind: Kind, name: &str) -> Option<Property> {
        Property::all()
            .into_iter()
            .find(|p| p.kind() == kind && p.name() == name)
    }
}

impl Serialize for Property {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl fmt::Display for Property {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl PartialEq<&str> for Property {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}
