//! The three scopes an audit runs in, and what each rule checks in each of them.
//!
//! - **static** (`--static`): the blueprint's desired state, compiled without AWS calls;
//! - **blueprint** (`--blueprint`): the live resources of one lake, judged by its zones;
//! - **account** (`--all`): every resource of a region, judged against the account baseline and
//!   the audit policy, because an account has no zones and no zone keys.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    #[default]
    Static,
    Blueprint,
    Account,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Static => "static",
            Scope::Blueprint => "blueprint",
            Scope::Account => "account",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a rule checks in each scope, one sentence each; part of the rule's documentation.
#[derive(Debug, Clone, Copy)]
pub struct Scopes {
    pub static_: &'static str,
    pub blueprint: &'static str,
    pub account: &'static str,
}

impl Scopes {
    pub fn get(&self, scope: Scope) -> &'static str {
        match scope {
            Scope::Static => self.static_,
            Scope::Blueprint => self.blueprint,
            Scope::Account => self.account,
        }
    }
}
