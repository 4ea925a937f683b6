//! Iceberg's hidden partitioning: partition fields computed by a transform from a table's own
//! columns (`day(order_time)`, `bucket(16, customer_id)`), the Iceberg types of Hive column
//! types (Glue needs an Iceberg schema to create a partitioned table), and the partition spec of
//! a live table's metadata file.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An Iceberg partition transform (the Iceberg table spec's "Partition Transforms").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Transform {
    Identity,
    Year,
    Month,
    Day,
    Hour,
    /// Hash into this many buckets.
    Bucket(u32),
    /// Truncate to this width.
    Truncate(u32),
}

impl Transform {
    /// The transform as Iceberg metadata spells it (`day`, `bucket[16]`).
    pub fn metadata_name(self) -> String {
        match self {
            Self::Identity => "identity".into(),
            Self::Year => "year".into(),
            Self::Month => "month".into(),
            Self::Day => "day".into(),
            Self::Hour => "hour".into(),
            Self::Bucket(n) => format!("bucket[{n}]"),
            Self::Truncate(w) => format!("truncate[{w}]"),
        }
    }

    /// Parses Iceberg metadata's spelling; `None` for transforms lakectl does not declare
    /// (`void`, and any a later spec adds).
    pub fn from_metadata(name: &str) -> Option<Self> {
        let sized = |prefix: &str| {
            name.strip_prefix(prefix)?
                .strip_suffix(']')?
                .parse::<u32>()
                .ok()
        };
        Some(match name {
            "identity" => Self::Identity,
            "year" => Self::Year,
            "month" => Self::Month,
            "day" => Self::Day,
            "hour" => Self::Hour,
            _ => {
                if let Some(n) = sized("bucket[") {
                    Self::Bucket(n)
                } else {
                    Self::Truncate(sized("truncate[")?)
                }
            }
        })
    }

    /// Whether the transform is one of the time transforms, of which a column takes at most
    /// one (`day(ts)` next to `hour(ts)` partitions twice by the same thing).
    pub fn is_time(self) -> bool {
        matches!(self, Self::Year | Self::Month | Self::Day | Self::Hour)
    }

    /// The source types the transform accepts (Iceberg spec), as a phrase for errors.
    pub fn accepts(self) -> &'static str {
        match self {
            Self::Identity => "any primitive type",
            Self::Year | Self::Month | Self::Day => "date and timestamp columns",
            Self::Hour => "timestamp columns",
            Self::Bucket(_) => "int, bigint, decimal, date, timestamp, string and binary columns",
            Self::Truncate(_) => "int, bigint, decimal, string and binary columns",
        }
    }

    /// Whether a column of this type can be the transform's source.
    pub fn applies_to(self, source: IcebergType) -> bool {
        use IcebergType as T;
        match self {
            Self::Identity => true,
            Self::Year | Self::Month | Self::Day => matches!(source, T::Date | T::Timestamp),
            Self::Hour => source == T::Timestamp,
            Self::Bucket(_) => !matches!(source, T::Float | T::Double | T::Boolean),
            Self::Truncate(_) => matches!(
                source,
                T::Int | T::Long | T::Decimal(..) | T::String | T::Binary
            ),
        }
    }

    /// The suffix of the partition field's default name (`order_time_day`), as Spark and Athena
    /// name them.
    fn field_suffix(self) -> &'static str {
        match self {
            Self::Identity => "",
            Self::Year => "_year",
            Self::Month => "_month",
            Self::Day => "_day",
            Self::Hour => "_hour",
            Self::Bucket(_) => "_bucket",
            Self::Truncate(_) => "_trunc",
        }
    }
}

/// One partition field: a transform of a column of the table. Written as Athena's
/// `PARTITIONED BY` spells it: `region`, `day(order_time)`, `bucket(16, customer_id)`,
/// `truncate(4, store_id)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PartitionField {
    pub column: String,
    pub transform: Transform,
}

impl PartitionField {
    /// The partition field's name in the spec: the column for identity, else `<column>_<transform>`.
    pub fn name(&self) -> String {
        format!("{}{}", self.column, self.transform.field_suffix())
    }
}

impl fmt::Display for PartitionField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.column;
        match self.transform {
            Transform::Identity => write!(f, "{c}"),
            Transform::Year => write!(f, "year({c})"),
            Transform::Month => write!(f, "month({c})"),
            Transform::Day => write!(f, "day({c})"),
            Transform::Hour => write!(f, "hour({c})"),
            Transform::Bucket(n) => write!(f, "bucket({n}, {c})"),
            Transform::Truncate(w) => write!(f, "truncate({w}, {c})"),
        }
    }
}

impl From<PartitionField> for String {
    fn from(field: PartitionField) -> String {
        field.to_string()
    }
}

impl TryFrom<String> for PartitionField {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        text.parse()
    }
}

const SPELLINGS: &str = "write `column`, `year(column)`, `month(column)`, `day(column)`, `hour(column)`, `bucket(N, column)` or `truncate(W, column)`";

impl std::str::FromStr for PartitionField {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let bad = |why: &str| format!("`{text}` is not a partition field: {why}; {SPELLINGS}");
        let text = text.trim();
        let Some((function, rest)) = text.split_once('(') else {
            return Ok(PartitionField {
                column: identifier(text).ok_or_else(|| bad("not a column name"))?,
                transform: Transform::Identity,
            });
        };
        let args = rest.strip_suffix(')').ok_or_else(|| {
            if rest.trim().parse::<u32>().is_ok() {
                // `[bucket(16, id)]` is two items to YAML: a flow list splits at commas.
                bad("no closing parenthesis (in a YAML `[...]` list, quote a field with a comma: \"bucket(16, id)\")")
            } else {
                bad("no closing parenthesis")
            }
        })?;
        let args: Vec<&str> = args.split(',').map(str::trim).collect();
        let column = |arg: &str| identifier(arg).ok_or_else(|| bad("not a column name"));
        let width = |arg: &str| match arg.parse::<u32>() {
            Ok(n) if (1..=i32::MAX as u32).contains(&n) => Ok(n),
            _ => Err(bad(&format!(
                "`{arg}` must be a whole number from 1 to {}",
                i32::MAX
            ))),
        };
        let transform = match (function.trim(), args.as_slice()) {
            ("year", [c]) => (Transform::Year, column(c)?),
            ("month", [c]) => (Transform::Month, column(c)?),
            ("day", [c]) => (Transform::Day, column(c)?),
            ("hour", [c]) => (Transform::Hour, column(c)?),
            ("bucket", [n, c]) => (Transform::Bucket(width(n)?), column(c)?),
            ("truncate", [w, c]) => (Transform::Truncate(width(w)?), column(c)?),
            ("year" | "month" | "day" | "hour", _) => return Err(bad("it takes one column")),
            ("bucket" | "truncate", _) => {
                return Err(bad("it takes a number, then one column"));
            }
            (other, _) => return Err(bad(&format!("`{other}` is not an Iceberg transform"))),
        };
        Ok(PartitionField {
            column: transform.1,
            transform: transform.0,
        })
    }
}

/// A column name as the catalog takes it: lowercase letters, digits and `_`.
fn identifier(text: &str) -> Option<String> {
    let ok = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    ok.then(|| text.to_string())
}

impl schemars::JsonSchema for PartitionField {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "IcebergPartitionField".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "An Iceberg partition field over a column of the table: `column` (identity), `year(column)`, `month(column)`, `day(column)`, `hour(column)`, `bucket(N, column)` or `truncate(W, column)`.",
            "pattern": r"^\s*([a-z0-9_]+|(year|month|day|hour)\(\s*[a-z0-9_]+\s*\)|(bucket|truncate)\(\s*[0-9]+\s*,\s*[a-z0-9_]+\s*\))\s*$"
        })
    }
}

/// The primitive Iceberg types a Hive column type maps to (as Athena maps them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IcebergType {
    Int,
    Long,
    Float,
    Double,
    Boolean,
    String,
    Binary,
    Date,
    Timestamp,
    Decimal(u8, u8),
}

impl IcebergType {
    /// The Iceberg type of a Hive type; `None` for nested types (`array<…>`, `map<…>`,
    /// `struct<…>`), whose Iceberg schema needs ids for every nested field, and for names Hive
    /// does not have.
    pub fn from_hive(hive: &str) -> Option<Self> {
        let hive = hive.trim().to_ascii_lowercase();
        Some(match hive.as_str() {
            "tinyint" | "smallint" | "int" | "integer" => Self::Int,
            "bigint" => Self::Long,
            "float" => Self::Float,
            "double" => Self::Double,
            "boolean" => Self::Boolean,
            "string" => Self::String,
            "binary" => Self::Binary,
            "date" => Self::Date,
            "timestamp" => Self::Timestamp,
            _ if hive.starts_with("varchar(") || hive.starts_with("char(") => Self::String,
            _ => {
                let args = hive.strip_prefix("decimal(")?.strip_suffix(')')?;
                let (precision, scale) = args.split_once(',')?;
                let (precision, scale) = (
                    precision.trim().parse::<u8>().ok()?,
                    scale.trim().parse::<u8>().ok()?,
                );
                if !(1..=38).contains(&precision) || scale > precision {
                    return None;
                }
                Self::Decimal(precision, scale)
            }
        })
    }

    /// The type as an Iceberg schema spells it.
    pub fn name(self) -> String {
        match self {
            Self::Int => "int".into(),
            Self::Long => "long".into(),
            Self::Float => "float".into(),
            Self::Double => "double".into(),
            Self::Boolean => "boolean".into(),
            Self::String => "string".into(),
            Self::Binary => "binary".into(),
            Self::Date => "date".into(),
            Self::Timestamp => "timestamp".into(),
            Self::Decimal(p, s) => format!("decimal({p},{s})"),
        }
    }
}

/// Schema field ids are the columns' positions from 1; partition field ids start at 1000, as
/// Iceberg's reference implementation numbers them.
pub const FIRST_PARTITION_FIELD_ID: i32 = 1000;

/// What Glue (and CloudFormation's `IcebergTableInput`) need to create a partitioned Iceberg
/// table: the schema with field ids, and the partition spec over those ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub schema: Vec<SchemaField>,
    pub spec: Vec<SpecField>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaField {
    pub id: i32,
    pub name: String,
    /// The Iceberg type name (`long`, `decimal(12,2)`).
    pub kind: String,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecField {
    pub field_id: i32,
    pub name: String,
    pub source_id: i32,
    /// The transform as metadata spells it (`day`, `bucket[16]`).
    pub transform: String,
}

impl Layout {
    /// The layout of columns `(name, Hive type, comment)` partitioned by `partitioning`; `None`
    /// if a column has no primitive Iceberg type or a field names no column (validation refuses
    /// both first).
    pub fn of<'a>(
        columns: impl IntoIterator<Item = (&'a str, &'a str, Option<&'a str>)>,
        partitioning: &[PartitionField],
    ) -> Option<Layout> {
        let schema = (1..)
            .zip(columns)
            .map(|(id, (name, hive, doc))| {
                Some(SchemaField {
                    id,
                    name: name.to_string(),
                    kind: IcebergType::from_hive(hive)?.name(),
                    doc: doc.map(str::to_string),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let spec = (FIRST_PARTITION_FIELD_ID..)
            .zip(partitioning)
            .map(|(field_id, f)| {
                let source = schema.iter().find(|c| c.name == f.column)?;
                Some(SpecField {
                    field_id,
                    name: f.name(),
                    source_id: source.id,
                    transform: f.transform.metadata_name(),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Layout { schema, spec })
    }
}

/// Why a metadata file gives no partition spec lakectl can compare.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetadataError {
    #[error("the Iceberg metadata file is not JSON lakectl reads: {0}")]
    Json(String),
    #[error("the Iceberg metadata file has no partition spec {0} (its default-spec-id)")]
    NoDefaultSpec(i64),
    #[error("the Iceberg metadata file has no schema {0} (its current-schema-id)")]
    NoCurrentSchema(i64),
    #[error(
        "partition field {field} has source-id {source_id}, which is not in the current schema"
    )]
    UnknownSource { field: String, source_id: i64 },
    #[error(
        "partition field {field} uses the transform `{transform}`, which lakectl does not declare"
    )]
    UnknownTransform { field: String, transform: String },
}

/// The default partition spec of an Iceberg table metadata file (format version 1 or 2), as
/// partition fields over the current schema's column names.
pub fn partition_spec(metadata: &[u8]) -> Result<Vec<PartitionField>, MetadataError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "kebab-case")]
    struct Metadata {
        current_schema_id: Option<i64>,
        #[serde(default)]
        schemas: Vec<Schema>,
        /// Format version 1 keeps a single schema here.
        schema: Option<Schema>,
        default_spec_id: Option<i64>,
        #[serde(default)]
        partition_specs: Vec<Spec>,
        /// Format version 1's single spec.
        partition_spec: Option<Vec<Field>>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "kebab-case")]
    struct Schema {
        schema_id: Option<i64>,
        fields: Vec<SchemaField>,
    }
    #[derive(Deserialize)]
    struct SchemaField {
        id: i64,
        name: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "kebab-case")]
    struct Spec {
        spec_id: i64,
        fields: Vec<Field>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "kebab-case")]
    struct Field {
        name: String,
        source_id: i64,
        transform: String,
    }

    let m: Metadata =
        serde_json::from_slice(metadata).map_err(|e| MetadataError::Json(e.to_string()))?;
    let schema_id = m.current_schema_id.unwrap_or(0);
    let schema = match m.schema {
        Some(schema) if m.schemas.is_empty() => schema,
        _ => m
            .schemas
            .into_iter()
            .find(|s| s.schema_id.unwrap_or(0) == schema_id)
            .ok_or(MetadataError::NoCurrentSchema(schema_id))?,
    };
    let fields = match (m.default_spec_id, m.partition_spec) {
        (None, Some(fields)) => fields,
        (spec_id, _) => {
            let spec_id = spec_id.unwrap_or(0);
            m.partition_specs
                .into_iter()
                .find(|s| s.spec_id == spec_id)
                .ok_or(MetadataError::NoDefaultSpec(spec_id))?
                .fields
        }
    };
    fields
        .into_iter()
        .map(|f| {
            let column = schema
                .fields
                .iter()
                .find(|c| c.id == f.source_id)
                .ok_or_else(|| MetadataError::UnknownSource {
                    field: f.name.clone(),
                    source_id: f.source_id,
                })?
                .name
                .clone();
            let transform = Transform::from_metadata(&f.transform).ok_or_else(|| {
                MetadataError::UnknownTransform {
                    field: f.name.clone(),
                    transform: f.transform.clone(),
                }
            })?;
            Ok(PartitionField { column, transform })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(text: &str) -> Result<PartitionField, String> {
        text.parse()
    }

    #[test]
    fn athena_spellings_parse_and_print_back() {
        for (text, column, transform, name) in [
            ("region", "region", Transform::Identity, "region"),
            (
                "day(order_time)",
                "order_time",
                Transform::Day,
                "order_time_day",
            ),
            ("hour( ts )", "ts", Transform::Hour, "ts_hour"),
            (
                "bucket(16, customer_id)",
                "customer_id",
                Transform::Bucket(16),
                "customer_id_bucket",
            ),
            (
                "truncate(4,store_id)",
                "store_id",
                Transform::Truncate(4),
                "store_id_trunc",
            ),
        ] {
            let parsed = field(text).unwrap();
            assert_eq!(
                (parsed.column.as_str(), parsed.transform),
                (column, transform)
            );
            assert_eq!(parsed.name(), name);
            assert_eq!(field(&parsed.to_string()).unwrap(), parsed, "{text}");
        }
        assert_eq!(
            field("bucket(16, customer_id)").unwrap().to_string(),
            "bucket(16, customer_id)"
        );
    }

    #[test]
    fn bad_spellings_say_what_is_wrong() {
        let err = |t: &str| field(t).unwrap_err();
        assert!(err("days(ts)").starts_with("`days(ts)` is not a partition field: `days` is not an Iceberg transform; write `column`"));
        assert!(err("bucket(ts)").contains(": it takes a number, then one column;"));
        assert!(
            err("bucket(0, id)").contains(": `0` must be a whole number from 1 to 2147483647;")
        );
        assert!(err("day(ts").contains(": no closing parenthesis;"));
        assert!(err("bucket(16").contains(r#": no closing parenthesis (in a YAML `[...]` list, quote a field with a comma: "bucket(16, id)");"#));
        assert!(err("Order Time").contains(": not a column name;"));
        assert!(err("day(a, b)").contains(": it takes one column;"));
    }

    #[test]
    fn transforms_accept_the_types_the_iceberg_spec_allows() {
        let t = |hive: &str| IcebergType::from_hive(hive).unwrap();
        assert!(Transform::Day.applies_to(t("date")));
        assert!(Transform::Day.applies_to(t("timestamp")));
        assert!(!Transform::Hour.applies_to(t("date")));
        assert!(!Transform::Month.applies_to(t("string")));
        assert!(Transform::Bucket(8).applies_to(t("decimal(12,2)")));
        assert!(!Transform::Bucket(8).applies_to(t("double")));
        assert!(Transform::Truncate(3).applies_to(t("varchar(20)")));
        assert!(!Transform::Truncate(3).applies_to(t("date")));
        assert!(Transform::Identity.applies_to(t("boolean")));
    }

    #[test]
    fn hive_types_map_to_iceberg_names() {
        let name = |hive: &str| IcebergType::from_hive(hive).map(IcebergType::name);
        assert_eq!(name("bigint").as_deref(), Some("long"));
        assert_eq!(name("smallint").as_deref(), Some("int"));
        assert_eq!(name("decimal(12, 2)").as_deref(), Some("decimal(12,2)"));
        assert_eq!(name("char(3)").as_deref(), Some("string"));
        assert_eq!(name("decimal(40,2)"), None);
        assert_eq!(name("array<string>"), None);
        assert_eq!(name("struct<a:int>"), None);
    }

    #[test]
    fn a_layout_numbers_columns_from_1_and_partition_fields_from_1000() {
        let partitioning: Vec<PartitionField> = ["day(order_time)", "bucket(16, customer_id)"]
            .iter()
            .map(|t| t.parse().unwrap())
            .collect();
        let columns = [
            ("customer_id", "string", Some("personal data")),
            ("amount", "decimal(12,2)", None),
            ("order_time", "timestamp", None),
        ];
        let layout = Layout::of(columns, &partitioning).unwrap();
        let schema: Vec<(i32, &str, &str)> = layout
            .schema
            .iter()
            .map(|f| (f.id, f.name.as_str(), f.kind.as_str()))
            .collect();
        assert_eq!(
            schema,
            [
                (1, "customer_id", "string"),
                (2, "amount", "decimal(12,2)"),
                (3, "order_time", "timestamp")
            ]
        );
        assert_eq!(layout.schema[0].doc.as_deref(), Some("personal data"));
        assert_eq!(
            layout.spec,
            vec![
                SpecField {
                    field_id: 1000,
                    name: "order_time_day".into(),
                    source_id: 3,
                    transform: "day".into()
                },
                SpecField {
                    field_id: 1001,
                    name: "customer_id_bucket".into(),
                    source_id: 1,
                    transform: "bucket[16]".into()
                },
            ]
        );
        assert_eq!(Layout::of([("tags", "array<string>", None)], &[]), None);
        assert_eq!(Layout::of([("a", "int", None)], &partitioning), None);
    }

    #[test]
    fn the_default_spec_is_read_over_the_current_schema() {
        let metadata = br#"{
            "format-version": 2, "current-schema-id": 1, "default-spec-id": 1,
            "schemas": [
                {"schema-id": 0, "fields": [{"id": 1, "name": "old", "type": "string", "required": false}]},
                {"schema-id": 1, "fields": [
                    {"id": 1, "name": "order_id", "type": "string", "required": false},
                    {"id": 2, "name": "order_time", "type": "timestamp", "required": false},
                    {"id": 3, "name": "customer_id", "type": "string", "required": false}]}
            ],
            "partition-specs": [
                {"spec-id": 0, "fields": []},
                {"spec-id": 1, "fields": [
                    {"name": "order_time_day", "transform": "day", "source-id": 2, "field-id": 1000},
                    {"name": "customer_id_bucket", "transform": "bucket[16]", "source-id": 3, "field-id": 1001}]}
            ]
        }"#;
        let spec: Vec<String> = partition_spec(metadata)
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(spec, ["day(order_time)", "bucket(16, customer_id)"]);
    }

    #[test]
    fn a_format_v1_file_and_broken_files() {
        let v1 = br#"{"format-version": 1,
            "schema": {"fields": [{"id": 1, "name": "ts", "type": "timestamp"}]},
            "partition-spec": [{"name": "ts_hour", "transform": "hour", "source-id": 1, "field-id": 1000}]}"#;
        assert_eq!(
            partition_spec(v1).unwrap(),
            vec![PartitionField {
                column: "ts".into(),
                transform: Transform::Hour
            }]
        );
        let void = br#"{"current-schema-id": 0, "default-spec-id": 0,
            "schemas": [{"schema-id": 0, "fields": [{"id": 1, "name": "ts"}]}],
            "partition-specs": [{"spec-id": 0, "fields": [{"name": "ts_void", "transform": "void", "source-id": 1}]}]}"#;
        assert_eq!(
            partition_spec(void).unwrap_err().to_string(),
            "partition field ts_void uses the transform `void`, which lakectl does not declare"
        );
        let orphan = br#"{"current-schema-id": 0, "default-spec-id": 0,
            "schemas": [{"schema-id": 0, "fields": []}],
            "partition-specs": [{"spec-id": 0, "fields": [{"name": "x", "transform": "day", "source-id": 9}]}]}"#;
        assert_eq!(
            partition_spec(orphan).unwrap_err().to_string(),
            "partition field x has source-id 9, which is not in the current schema"
        );
        assert!(matches!(
            partition_spec(b"not json"),
            Err(MetadataError::Json(_))
        ));
    }
}
