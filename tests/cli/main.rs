//! Whole-process runs of the commands that need no AWS. One test binary (each links the whole
//! crate, AWS SDK included), one module per command.

mod audit;
mod sarif;
mod validate;
