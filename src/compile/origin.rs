//! Where each compiled resource comes from in the blueprint.

use crate::blueprint::FieldPath;

/// The blueprint field that produced a resource (for a resource a default created, the field
/// the default follows from: a zone's default database comes from that zone), with the names
/// the resource takes, which must not collide with another's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub path: FieldPath,
    /// The name problems quote, as the user knows the resource.
    pub name: String,
    /// Every CloudFormation logical id the rendered template gives the resource.
    pub logical_ids: Vec<String>,
    /// The resource's AWS name, where one is unique per kind in an account.
    pub aws_name: Option<AwsName>,
}

/// A name AWS requires to be unique among resources of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsName {
    /// What the name is of, e.g. `bucket`.
    pub kind: &'static str,
    pub name: String,
}

impl Origin {
    pub fn new(path: FieldPath, name: &str, logical_ids: Vec<String>) -> Self {
        Origin {
            path,
            name: name.to_string(),
            logical_ids,
            aws_name: None,
        }
    }

    pub fn named(mut self, kind: &'static str, name: &str) -> Self {
        self.aws_name = Some(AwsName {
            kind,
            name: name.to_string(),
        });
        self
    }
}
