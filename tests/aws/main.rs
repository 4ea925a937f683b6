//! Integration tests against the local AWS emulators (LocalStack + moto), started on first use
//! by `support::emulators::local_aws()`. Run with `scripts/test` or `cargo test --test aws`.
//!
//! This binary uses only the AWS SDK crates and dev-dependencies, not the `lakectl` crate, so it
//! checks the test infrastructure itself independently of the product code.

#[path = "../support/mod.rs"]
mod support;

mod deploy;
mod emulators_smoke;
mod lake;
mod proxy_smoke;
