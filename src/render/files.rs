//! The files written beside the template: each role's permission and trust policy, each
//! bucket's policy, each job's script at its key, and the manifest that lists every file with
//! its SHA-256.

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{FileKind, Format, RenderError, RenderedFile};
use crate::model::arn::s3_parts;
use crate::model::{Model, PolicyDocument, refs::Resolver};

/// Policies as IAM and S3 take them. Account tokens are resolved when the account is known;
/// key ARNs (`${KeyRaw.Arn}`) exist only once the keys do, so they stay tokens.
pub fn policy_files(model: &Model) -> Vec<RenderedFile> {
    let resolver = if crate::model::refs::has_token(&model.lake.account) {
        Resolver::new()
    } else {
        Resolver::new().account(&model.lake.account)
    };
    let document = |p: &PolicyDocument| {
        let mut text = resolver.resolve_policy(p).to_json_pretty();
        text.push('\n');
        text
    };
    let mut files = Vec::new();
    for role in &model.roles {
        let stem = file_stem(&role.name);
        if let Some(Some(policy)) = role.policy.known() {
            files.push(RenderedFile::new(
                format!("iam/{stem}.json"),
                FileKind::IamPolicy,
                &role.name,
                document(policy),
            ));
        }
        if let Some(trust) = role.trust.known() {
            files.push(RenderedFile::new(
                format!("iam/{stem}.trust.json"),
                FileKind::IamTrustPolicy,
                &role.name,
                document(trust),
            ));
        }
    }
    for bucket in &model.buckets {
        if let Some(Some(policy)) = bucket.policy.known() {
            files.push(RenderedFile::new(
                format!("bucket-policies/{}.json", file_stem(&bucket.id)),
                FileKind::BucketPolicy,
                &resolver.resolve(&bucket.name),
                document(policy),
            ));
        }
    }
    files
}

/// Each job's script at its content key, so the template's jobs find it once synced to the
/// scripts bucket. Jobs sharing a script share the file.
pub fn script_files(model: &Model) -> Result<Vec<RenderedFile>, RenderError> {
    let mut files: Vec<RenderedFile> = Vec::new();
    for job in &model.catalog.jobs {
        let (Some(location), Some(source)) = (job.script_location.known(), &job.script_source)
        else {
            continue;
        };
        let Some((_, key)) = s3_parts(location) else {
            continue;
        };
        if files.iter().any(|f| f.path == key) {
            continue;
        }
        let read = |error| RenderError::ScriptRead {
            job: job.name.clone(),
            path: source.clone(),
            error,
        };
        let bytes = std::fs::read(source).map_err(read)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            read(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                e.utf8_error(),
            ))
        })?;
        files.push(RenderedFile::new(
            key.to_string(),
            FileKind::JobScript,
            &job.name,
            text,
        ));
    }
    Ok(files)
}

/// A file name from a resource name: characters outside IAM's name set become `_`, so no name
/// can leave its directory.
fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "+=,.@-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    match stem.trim_matches('.') {
        "" => "_".to_string(),
        _ => stem,
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[derive(Serialize)]
struct Manifest<'a> {
    lakectl: &'static str,
    lake: &'a str,
    environment: &'a str,
    format: &'static str,
    files: Vec<ManifestEntry<'a>>,
}

#[derive(Serialize)]
struct ManifestEntry<'a> {
    path: &'a str,
    kind: FileKind,
    resource: &'a str,
    sha256: String,
}

pub const MANIFEST: &str = "manifest.json";

/// `manifest.json`: every other file, in order, with its kind, resource and SHA-256.
pub fn manifest(model: &Model, format: Format, files: &[RenderedFile]) -> RenderedFile {
    let manifest = Manifest {
        lakectl: env!("CARGO_PKG_VERSION"),
        lake: &model.lake.name,
        environment: &model.lake.environment,
        format: match format {
            Format::Yaml => "yaml",
            Format::Json => "json",
        },
        files: files
            .iter()
            .map(|f| ManifestEntry {
                path: &f.path,
                kind: f.kind,
                resource: &f.resource,
                sha256: sha256_hex(f.contents.as_bytes()),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&manifest).expect("the manifest serializes");
    text.push('\n');
    RenderedFile::new(
        MANIFEST.to_string(),
        FileKind::Manifest,
        &format!("{}-{}", model.lake.name, model.lake.environment),
        text,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_cannot_escape_their_directory() {
        assert_eq!(file_stem("retail-prod-etl"), "retail-prod-etl");
        assert_eq!(file_stem("../x/y"), ".._x_y");
        assert_eq!(file_stem(".."), "_");
        assert_eq!(file_stem(""), "_");
    }

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
