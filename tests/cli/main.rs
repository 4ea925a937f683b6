//! Whole-process runs of the commands that need no AWS (the AWS ones only where they fail
//! before calling it). One test binary (each links the whole
//! crate, AWS SDK included), one module per command.

mod audit;
mod habits;
mod pipes;
mod reports;
mod sarif;
mod saved_plans;
mod validate;
