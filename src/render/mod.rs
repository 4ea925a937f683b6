//! The renderer: a desired [`Model`] → one CloudFormation template for the whole lake (YAML or
//! JSON, from a handlebars template), the IAM and bucket policies as JSON files, and a manifest.
//!
//! Rendering is pure and all in memory ([`Renderer::render`]); [`output::write_all`] then puts
//! the files on disk atomically. Pieces:
//! - [`view`]: the model in CloudFormation terms, resource by resource, with `DependsOn`;
//! - [`cfn`]: intrinsic functions and the `Fn::Sub` rule for tokens;
//! - [`templates`]: the strict handlebars registry and its `value` helper;
//! - [`escape`] and [`emit`]: scalars and structured values in YAML and JSON;
//! - [`finish`]: the last tidy-and-parse pass over the rendered template;
//! - [`files`]: policy files and the manifest.

pub mod cfn;
mod emit;
pub mod escape;
mod files;
mod finish;
pub mod output;
mod storage;
pub mod templates;
pub mod view;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::Model;
use templates::{Origin, Templates};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    pub fn template_file(self) -> &'static str {
        match self {
            Format::Yaml => "cloudformation.yaml",
            Format::Json => "cloudformation.json",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    CloudformationTemplate,
    IamPolicy,
    IamTrustPolicy,
    BucketPolicy,
    /// A Glue job's script, at its key in the scripts bucket (`scripts/<hash>/<file>`), so that
    /// `aws s3 sync <out>/scripts s3://<scripts bucket>/scripts` puts every job's script where
    /// the template's jobs look for it.
    JobScript,
    Manifest,
}

/// One output file, relative to the output directory (`/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    pub path: String,
    pub kind: FileKind,
    /// What the file describes: the lake, a role name, a bucket name.
    pub resource: String,
    pub contents: String,
}

impl RenderedFile {
    pub fn new(path: String, kind: FileKind, resource: &str, contents: String) -> Self {
        RenderedFile {
            path,
            kind,
            resource: resource.to_string(),
            contents,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("cannot render {what}: its value is unknown ({reason}); only a desired model renders")]
    Unknown { what: String, reason: String },
    #[error("cannot render {what}: {reason}")]
    Unsupported { what: String, reason: String },
    #[error("cannot read the script of job {job} ({path}): {error}")]
    ScriptRead {
        job: String,
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{what} refers to {target}, which is not in the model")]
    Reference { what: String, target: String },
    #[error(
        "cannot read the template override {path}: {error} (--templates-dir must hold every file of lakectl's templates/ directory, with the same names)"
    )]
    TemplateRead {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{origin}:{line}:{column}: invalid template: {message}")]
    TemplateSyntax {
        origin: Origin,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{origin}:{line}:{column}: rendering failed: {message}")]
    TemplateRender {
        origin: Origin,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{origin} rendered an invalid {file}: {detail}")]
    InvalidOutput {
        origin: Origin,
        file: &'static str,
        detail: String,
    },
    #[error("two output files would have the path {0}")]
    DuplicatePath(String),
}

/// A loaded template, ready to render any number of models.
pub struct Renderer {
    format: Format,
    templates: Templates,
}

impl Renderer {
    /// The embedded template of `format`, or its override in `templates_dir`.
    pub fn new(format: Format, templates_dir: Option<&Path>) -> Result<Self, RenderError> {
        Ok(Renderer {
            format,
            templates: Templates::load(format, templates_dir)?,
        })
    }

    /// Every output file, in memory: the template, policies, and the manifest last.
    pub fn render(&self, model: &Model) -> Result<Vec<RenderedFile>, RenderError> {
        let mut files = vec![RenderedFile::new(
            self.format.template_file().to_string(),
            FileKind::CloudformationTemplate,
            &format!("{}-{}", model.lake.name, model.lake.environment),
            self.template(model)?,
        )];
        files.extend(files::policy_files(model));
        files.extend(files::script_files(model)?);
        let mut seen = std::collections::BTreeSet::new();
        if let Some(dup) = files.iter().find(|f| !seen.insert(f.path.as_str())) {
            return Err(RenderError::DuplicatePath(dup.path.clone()));
        }
        let manifest = files::manifest(model, self.format, &files);
        files.push(manifest);
        Ok(files)
    }

    /// The CloudFormation template alone.
    pub fn template(&self, model: &Model) -> Result<String, RenderError> {
        // Logical ids are unique by construction: compiling checks them (`compile::check`).
        let view = view::build(model)?;
        let rendered = self.templates.render(&view)?;
        // Parsing the whole template back is the largest single cost of a render. The embedded
        // templates are proven by the test suite, which runs debug builds and so this check on
        // every render (every reference blueprint, hostile strings in every field, cfn-lint);
        // a release build re-parses only what an override rendered.
        let verify = cfg!(debug_assertions) || matches!(self.templates.origin(), Origin::File(_));
        finish::finish(self.format, &rendered, verify).map_err(|detail| {
            RenderError::InvalidOutput {
                origin: self.templates.origin().clone(),
                file: self.format.template_file(),
                detail,
            }
        })
    }
}
