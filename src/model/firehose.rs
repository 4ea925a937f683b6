//! What a delivery stream does to records before it writes them: record format conversion
//! (JSON to Parquet/ORC, typed by a Glue table) and dynamic partitioning (partition keys that
//! JQ expressions extract from each record). Render, inventory, diff and apply share these
//! types, and the one spelling of the JQ extraction query and of the prefix namespaces.

use serde::{Deserialize, Serialize};

use super::vocab::{ColumnarFormat, TableCompression};

/// Firehose's JQ engine for metadata extraction: the only version it offers.
pub const JQ_ENGINE: &str = "JQ-1.6";

/// The schema version Firehose reads when it follows the table's latest version.
pub const LATEST_VERSION: &str = "LATEST";

/// Record format conversion: JSON records are deserialized (OpenX JSON SerDe), typed by a Glue
/// table and serialized to a columnar format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormatConversion {
    pub format: ColumnarFormat,
    pub schema: SchemaRef,
    /// The serializer's codec. Firehose-level compression must be off when converting, so this
    /// is the only compression of the objects (lakectl writes SNAPPY).
    pub compression: TableCompression,
}

/// The Glue table a conversion takes its schema from, and who reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaRef {
    /// Account id of the Data Catalog; `${AWS::AccountId}` until the account is known.
    pub catalog_id: String,
    pub region: String,
    pub database: String,
    pub table: String,
    /// [`LATEST_VERSION`] or a table version id.
    pub version: String,
    /// The role Firehose reads the schema with: a role name (or model id in a desired model).
    pub role: String,
}

/// A Lambda processor that transforms records before delivery, and whether Firehose backs up
/// the source records (`S3BackupMode: Enabled`). lakectl's own streams transform nothing (their
/// metadata extraction only reads keys); the audit judges the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transform {
    /// The ARN of the processor's Lambda function.
    pub lambda: String,
    pub source_backup: bool,
}

/// Dynamic partitioning by fields of each record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DynamicPartitioning {
    /// In prefix order.
    pub keys: Vec<PartitionQuery>,
    /// How long Firehose retries delivering to a prefix.
    pub retry_seconds: u32,
}

/// One partition key and the JQ 1.6 expression that extracts it from a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionQuery {
    pub name: String,
    pub query: String,
}

impl DynamicPartitioning {
    /// The `MetadataExtractionQuery`: a JQ object, e.g. `{event_type:.event_type}`.
    pub fn extraction_query(&self) -> String {
        let fields: Vec<String> = (self.keys.iter())
            .map(|k| format!("{}:{}", k.name, k.query))
            .collect();
        format!("{{{}}}", fields.join(","))
    }

    /// The Hive-style prefix segments the keys add, e.g.
    /// `event_type=!{partitionKeyFromQuery:event_type}/`.
    pub fn prefix_segments(&self) -> String {
        (self.keys.iter())
            .map(|k| format!("{}={}/", k.name, key_reference(&k.name)))
            .collect()
    }
}

/// The prefix namespace that places a record by a key the query extracted.
pub fn key_reference(key: &str) -> String {
    format!("!{{partitionKeyFromQuery:{key}}}")
}

/// The keys a prefix places records by, in order of appearance.
pub fn referenced_keys(prefix: &str) -> Vec<&str> {
    const OPEN: &str = "!{partitionKeyFromQuery:";
    let mut keys = Vec::new();
    let mut rest = prefix;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len()..];
        let Some(end) = after.find('}') else { break };
        keys.push(&after[..end]);
        rest = &after[end + 1..];
    }
    keys
}

/// Reads a JQ object of the form `{name: expression, ...}` back into its keys. `None` when the
/// text is not such an object (a query lakectl did not write): the caller reports it unknown.
pub fn parse_extraction_query(text: &str) -> Option<Vec<PartitionQuery>> {
    let inner = text.trim().strip_prefix('{')?.strip_suffix('}')?;
    split_top_level(inner)?
        .into_iter()
        .filter(|field| !field.trim().is_empty())
        .map(|field| {
            let (name, query) = field.split_once(':')?;
            let name = name.trim();
            let ok = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_');
            ok.then(|| PartitionQuery {
                name: name.to_string(),
                query: query.trim().to_string(),
            })
        })
        .collect()
}

/// Splits on the commas outside strings, parentheses, brackets and braces. `None` when the
/// nesting does not balance.
fn split_top_level(text: &str) -> Option<Vec<&str>> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0usize, 0);
    let (mut in_string, mut escaped) = (false, false);
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.checked_sub(1)?,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    (depth == 0 && !in_string).then(|| {
        parts.push(&text[start..]);
        parts
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str, query: &str) -> PartitionQuery {
        PartitionQuery {
            name: name.into(),
            query: query.into(),
        }
    }

    #[test]
    fn the_extraction_query_and_prefix_name_every_key_in_order() {
        let dp = DynamicPartitioning {
            keys: vec![
                key("event_type", ".event_type"),
                key("year", r#".ts|strftime("%Y")"#),
            ],
            retry_seconds: 300,
        };
        assert_eq!(
            dp.extraction_query(),
            r#"{event_type:.event_type,year:.ts|strftime("%Y")}"#
        );
        assert_eq!(
            dp.prefix_segments(),
            "event_type=!{partitionKeyFromQuery:event_type}/year=!{partitionKeyFromQuery:year}/"
        );
        assert_eq!(
            referenced_keys(&format!(
                "data/{}x/!{{timestamp:yyyy}}/",
                dp.prefix_segments()
            )),
            vec!["event_type", "year"]
        );
    }

    #[test]
    fn extraction_queries_parse_back_including_commas_inside_expressions() {
        assert_eq!(
            parse_extraction_query(
                r#"{ a: .a, b : .t|strftime("%Y,%m"), c: [.x, .y] | join("-") }"#
            ),
            Some(vec![
                key("a", ".a"),
                key("b", r#".t|strftime("%Y,%m")"#),
                key("c", r#"[.x, .y] | join("-")"#),
            ])
        );
        assert_eq!(parse_extraction_query("{}"), Some(vec![]));
        for bad in [
            ".a",
            "{a .a}",
            "{a: (.a}",
            r#"{a: "x}"#,
            "{: .a}",
            "{a b: .a}",
        ] {
            assert_eq!(parse_extraction_query(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_unterminated_reference_ends_the_scan() {
        assert_eq!(
            referenced_keys("a/!{partitionKeyFromQuery:x"),
            Vec::<&str>::new()
        );
        assert_eq!(referenced_keys("plain/"), Vec::<&str>::new());
    }
}
