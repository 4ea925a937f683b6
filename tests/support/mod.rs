//! Test support shared by the integration test binaries. Include it from a binary with
//! `#[path = "../support/mod.rs"] mod support;` (or `"support/mod.rs"` from a file in `tests/`).
//!
//! It deliberately does not use the `lakectl` crate: only the AWS SDK and the dev-dependencies, so
//! the emulator tests build even while the product code is being rewritten.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

pub mod accounts;
pub mod emulators;
pub mod fault_proxy;
pub mod fixture;
pub mod names;
