//! Writing a rendering to disk without ever leaving a half-written output directory.
//!
//! Every file is first written into a staging directory inside the output directory (so it
//! is on the same filesystem), then renamed over its final path, which replaces a file
//! atomically; the manifest goes last, so a manifest always describes files that are in
//! place. A failure while staging leaves the output directory as it was. Files the previous
//! manifest listed that this rendering no longer produces (a role that was removed) are
//! deleted, so the directory holds exactly one rendering.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::Context;

use super::RenderedFile;
use super::files::MANIFEST;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Paths written, as given (relative to the output directory).
    pub written: Vec<String>,
    /// Stale paths removed, as the previous manifest listed them.
    pub removed: Vec<String>,
}

pub fn write_all(dir: &Path, files: &[RenderedFile]) -> anyhow::Result<Written> {
    fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the output directory {}", dir.display()))?;
    let previous = previous_manifest_paths(dir);
    let staging = dir.join(format!(".lakectl-render-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging); // left by a killed run with the same pid
    fs::create_dir(&staging)
        .with_context(|| format!("cannot create the staging directory {}", staging.display()))?;
    let staged = stage(&staging, files);
    let result = staged.and_then(|()| move_into_place(&staging, dir, files));
    let _ = fs::remove_dir_all(&staging);
    result?;

    let current: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut removed = Vec::new();
    for stale in previous
        .iter()
        .filter(|p| !current.contains(&p.as_str()) && p.as_str() != MANIFEST)
    {
        let path = dir.join(stale);
        if path.is_file() {
            fs::remove_file(&path)
                .with_context(|| format!("cannot remove the stale file {}", path.display()))?;
            removed.push(stale.clone());
        }
    }
    Ok(Written {
        written: current.into_iter().map(str::to_string).collect(),
        removed,
    })
}

fn stage(staging: &Path, files: &[RenderedFile]) -> anyhow::Result<()> {
    for file in files {
        let path = staging.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, &file.contents)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// Renames in the order given; the renderer puts the manifest last.
fn move_into_place(staging: &Path, dir: &Path, files: &[RenderedFile]) -> anyhow::Result<()> {
    for file in files {
        let target = dir.join(&file.path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::rename(staging.join(&file.path), &target)
            .with_context(|| format!("cannot move {} into place", target.display()))?;
    }
    Ok(())
}

/// The paths the manifest already in `dir` lists, keeping only plain relative paths (a
/// manifest edited by hand must not make lakectl delete anything outside `dir`).
fn previous_manifest_paths(dir: &Path) -> Vec<String> {
    let Ok(text) = fs::read_to_string(dir.join(MANIFEST)) else {
        return Vec::new();
    };
    let Ok(manifest) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    manifest["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["path"].as_str())
        .filter(|p| {
            let path = PathBuf::from(p);
            !p.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
        })
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::FileKind;
    use super::*;

    fn file(path: &str, contents: &str) -> RenderedFile {
        RenderedFile::new(path.to_string(), FileKind::IamPolicy, "r", contents.into())
    }

    fn manifest(paths: &[&str]) -> RenderedFile {
        let files: Vec<_> = paths
            .iter()
            .map(|p| serde_json::json!({"path": p}))
            .collect();
        RenderedFile::new(
            MANIFEST.to_string(),
            FileKind::Manifest,
            "m",
            serde_json::json!({ "files": files }).to_string(),
        )
    }

    #[test]
    fn writes_files_and_removes_only_stale_listed_ones() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        write_all(
            &out,
            &[
                file("iam/a.json", "A"),
                file("iam/b.json", "B"),
                manifest(&["iam/a.json", "iam/b.json", "../outside", "/etc/passwd"]),
            ],
        )
        .unwrap();
        fs::write(dir.path().join("outside"), "keep").unwrap();
        fs::write(out.join("mine.txt"), "keep").unwrap();

        let written =
            write_all(&out, &[file("iam/a.json", "A2"), manifest(&["iam/a.json"])]).unwrap();
        assert_eq!(
            written,
            Written {
                written: vec!["iam/a.json".into(), MANIFEST.into()],
                removed: vec!["iam/b.json".into()],
            }
        );
        assert_eq!(fs::read_to_string(out.join("iam/a.json")).unwrap(), "A2");
        assert!(!out.join("iam/b.json").exists());
        assert!(dir.path().join("outside").exists());
        assert!(out.join("mine.txt").exists());
        let leftovers: Vec<_> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with(".lakectl-render"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn a_failure_while_staging_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        write_all(&out, &[file("iam/a.json", "A"), manifest(&["iam/a.json"])]).unwrap();
        // `iam/a.json/x` cannot be staged: `iam/a.json` is staged as a file first.
        let err = write_all(
            &out,
            &[
                file("iam/a.json", "A2"),
                file("iam/a.json/x", "X"),
                manifest(&[]),
            ],
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains("a.json"), "{err:#}");
        assert_eq!(fs::read_to_string(out.join("iam/a.json")).unwrap(), "A");
        assert!(out.join(MANIFEST).exists());
    }
}
