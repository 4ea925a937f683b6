//! Integration tests against the local AWS emulators (LocalStack + moto), started on first use
//! by `support::emulators::local_aws()` unless an endpoint is configured. Run with
//! `scripts/test` or `cargo test --test aws`. One binary for all of them: each test binary links
//! the whole AWS SDK.

#[path = "../support/mod.rs"]
mod support;

mod accounts;
mod alarms;
mod audit;
mod connections;
mod deploy;
mod emulators_smoke;
mod error_logs;
mod events;
mod firehose;
mod foreign_account;
mod iceberg;
mod inventory;
mod jobs;
mod lake;
mod lftags;
mod organization;
mod proxy_smoke;
mod trail;
