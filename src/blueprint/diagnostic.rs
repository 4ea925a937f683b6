//! Validation diagnostics: what is wrong, where (file:line:column and the field path), what is
//! allowed, and for a refused guardrail the Analytics Lens question it would break.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A path to a field of the blueprint, e.g. `zones[2].lifecycle.transitions[0].days`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub struct FieldPath(Vec<Segment>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

impl FieldPath {
    pub fn root() -> Self {
        FieldPath(Vec::new())
    }

    pub fn key(&self, key: &str) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Key(key.to_string()));
        next
    }

    pub fn index(&self, index: usize) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Index(index));
        next
    }

    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// What follows `prefix` in this path, when the path starts with it.
    pub fn strip_prefix(&self, prefix: &FieldPath) -> Option<&[Segment]> {
        self.0.strip_prefix(prefix.0.as_slice())
    }

    /// This path followed by `rest`.
    pub fn join(&self, rest: &[Segment]) -> Self {
        let mut next = self.clone();
        next.0.extend_from_slice(rest);
        next
    }

    /// This path without its last `n` segments.
    pub fn ancestor(&self, n: usize) -> Self {
        FieldPath(self.0[..self.0.len().saturating_sub(n)].to_vec())
    }

    pub fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(Segment::Key(key)) => Some(key),
            _ => None,
        }
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(document)");
        }
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => write!(f, "{key}")?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

impl From<FieldPath> for String {
    fn from(path: FieldPath) -> String {
        path.to_string()
    }
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One problem found in a blueprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub position: Option<Position>,
    pub path: FieldPath,
    pub message: String,
    /// What is allowed, or what to do instead.
    pub help: Option<String>,
    /// The Analytics Lens question a refused guardrail answers.
    pub lens: Option<&'static str>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(Position { line, column }) => write!(f, "{}:{line}:{column}: ", self.file)?,
            None => write!(f, "{}: ", self.file)?,
        }
        write!(f, "{}: {}", self.path, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        if let Some(lens) = self.lens {
            let title = crate::lens::question(lens)
                .map(|q| q.title)
                .unwrap_or_default();
            write!(f, "\n  lens: {lens} ({title})")?;
        }
        Ok(())
    }
}

/// Every problem found in one blueprint, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {diagnostic}")?;
        }
        let count = self.0.len();
        write!(
            f,
            "\n{count} error{} found",
            if count == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// A problem before it is located: the field it is about and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: FieldPath,
    pub message: String,
    pub help: Option<String>,
    pub lens: Option<&'static str>,
}

impl Problem {
    pub fn new(
        path: FieldPath,
        message: impl Into<String>,
        help: impl Into<Option<String>>,
    ) -> Self {
        Problem {
            path,
            message: message.into(),
            help: help.into(),
            lens: None,
        }
    }
}

/// Shows control characters visibly, so an error about a name never prints a raw newline or
/// terminal escape.
pub fn printable(value: &str) -> String {
    let shown: String = value
        .chars()
        .take(80)
        .flat_map(char::escape_debug)
        .collect();
    if value.chars().count() > 80 {
        format!("{shown}…")
    } else {
        shown
    }
}
