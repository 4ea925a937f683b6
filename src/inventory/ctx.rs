//! What every service reader shares: the clients, the account, the key index, and the semaphore
//! that bounds calls in flight.

use std::future::Future;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use tokio::sync::Semaphore;

use super::Options;
use super::keys::KeyIndex;
use crate::aws::{Aws, CallError, Service};
use crate::model::{Prop, naming};

pub(super) struct Ctx<'a> {
    pub aws: &'a Aws,
    pub account: String,
    pub region: String,
    pub partition: &'static str,
    pub keys: KeyIndex,
    permits: Semaphore,
}

impl<'a> Ctx<'a> {
    pub fn new(aws: &'a Aws, account: &str, opts: Options) -> Self {
        let region = aws.region().to_string();
        Ctx {
            aws,
            account: account.to_string(),
            partition: naming::partition(&region),
            region,
            keys: KeyIndex::default(),
            permits: Semaphore::new(opts.concurrency.max(1)),
        }
    }

    pub fn with_keys(self, keys: KeyIndex) -> Self {
        Ctx { keys, ..self }
    }

    /// Runs one SDK call (an unsent `send()` future) under the concurrency bound, mapping its
    /// error to a [`CallError`] that names `service:operation` and `resource`.
    pub async fn call<T, E>(
        &self,
        service: Service,
        operation: &str,
        resource: &str,
        request: impl Future<Output = Result<T, SdkError<E, HttpResponse>>>,
    ) -> Result<T, CallError>
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("the inventory never closes its semaphore");
        request
            .await
            .map_err(|e| self.aws.error(service, operation, resource, &e))
    }

    /// `arn:<partition>:<service>:<region>:<account>:<resource>`.
    pub fn arn(&self, service: &str, resource: &str) -> String {
        format!(
            "arn:{}:{service}:{}:{}:{resource}",
            self.partition, self.region, self.account
        )
    }
}

/// The value read, or `Unknown(reason)`; "not found" is unknown too.
pub(super) fn known<T>(result: Result<T, CallError>) -> Prop<T> {
    match result {
        Ok(value) => Prop::Known(value),
        Err(e) => Prop::unknown(e.reason()),
    }
}

/// The value read; "not found" means "not configured" and gives `absent`; anything else is
/// `Unknown(reason)`.
pub(super) fn or_absent<T>(result: Result<T, CallError>, absent: impl FnOnce() -> T) -> Prop<T> {
    match result {
        Ok(value) => Prop::Known(value),
        Err(e) if e.is_not_found() => Prop::Known(absent()),
        Err(e) => Prop::unknown(e.reason()),
    }
}

/// Whether a resource exists, from the result of its first read: `Ok(Some)` exists and was read,
/// `Ok(None)` does not exist, `Err` could not tell.
pub(super) fn existence<T>(result: Result<T, CallError>) -> Result<Option<T>, CallError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// Tags as a sorted map from any list of (key, value) pairs.
pub(super) fn tag_map<'t>(
    pairs: impl IntoIterator<Item = (&'t str, &'t str)>,
) -> crate::model::Tags {
    pairs
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}
