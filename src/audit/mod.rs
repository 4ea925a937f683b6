//! The audit: a catalogue of rules over [`crate::model::Model`], the engine that runs them,
//! Analytics Lens results, suppressions and the report formats.
//!
//! Everything here is pure: the same rules audit a desired model (compiled from a blueprint,
//! `lakectl audit --static`) and a live one (read by the inventory). A property the inventory
//! could not read is [`crate::model::Prop::Unknown`] and yields an `Unknown` finding, never a
//! silent pass.

pub mod catalogue;
pub mod coverage;
pub mod engine;
pub mod finding;
pub mod keys;
pub mod lens_results;
pub mod location;
pub mod policy;
pub mod policy_eval;
pub mod registry;
pub mod report;
pub mod reports;
pub mod resource;
pub mod rule;
pub mod rules;
pub mod saved;
pub mod scope;
pub mod suppress;

#[cfg(test)]
pub(crate) mod testing;

pub use engine::{run, run_in, run_region};
pub use finding::{Finding, Status};
pub use policy::AuditPolicy;
pub use registry::RULES;
pub use resource::Resource;
pub use rule::{Outcome, Rule, Service, Severity};
pub use scope::Scope;
