//! What every service reader shares: the clients, the account, the key index, and the semaphore
//! that bounds calls in flight.

use std::future::Future;
use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use tokio::sync::Semaphore;

use super::Options;
use super::keys::KeyIndex;
use crate::aws::{Aws, CallError, Service};
use crate::model::{Arns, Prop, naming};

pub(super) struct Ctx<'a> {
    pub aws: &'a Aws,
    pub account: String,
    pub region: String,
    pub partition: &'static str,
    pub keys: KeyIndex,
    permits: Arc<Semaphore>,
    unlisted: Mutex<Vec<String>>,
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
            permits: opts.permits,
            unlisted: Mutex::new(Vec::new()),
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
        tracing::debug!(target: "lakectl::inventory", "{}:{operation} {resource}", service.action_prefix());
        request
            .await
            .map_err(|e| self.aws.error(service, operation, resource, &e))
    }

    /// What a listing found, or nothing; a failed listing is remembered (see
    /// [`Ctx::take_unlisted`]) so the audit reports it instead of auditing nothing silently.
    pub fn listed<T>(&self, result: Result<Vec<T>, CallError>) -> Vec<T> {
        result.unwrap_or_else(|e| {
            let reason = format!("cannot list: {}", e.reason());
            self.unlisted
                .lock()
                .expect("no panic while holding the lock")
                .push(reason);
            Vec::new()
        })
    }

    /// The listings that failed so far, sorted.
    pub fn take_unlisted(&self) -> Vec<String> {
        let mut unlisted = std::mem::take(
            &mut *self
                .unlisted
                .lock()
                .expect("no panic while holding the lock"),
        );
        unlisted.sort();
        unlisted.dedup();
        unlisted
    }

    /// ARNs in the account and region read.
    pub fn arns(&self) -> Arns<'_> {
        Arns {
            partition: self.partition,
            region: &self.region,
            account: &self.account,
        }
    }
}

/// Reads every item concurrently (each call still waits for a permit) and keeps the resources
/// that exist: a reader returns `None` for one that does not.
pub(super) async fn existing<T, U, Fut>(
    items: impl IntoIterator<Item = T>,
    read: impl FnMut(T) -> Fut,
) -> Vec<U>
where
    Fut: Future<Output = Option<U>>,
{
    futures::future::join_all(items.into_iter().map(read))
        .await
        .into_iter()
        .flatten()
        .collect()
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
