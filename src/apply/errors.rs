//! How apply reads SDK errors: by error code, and by the class [`crate::aws::classify`] gives
//! them (the one classifier, shared with the inventory), e.g. whether a failed call may still
//! have been carried out by AWS (the response was lost), which decides how a create is retried.

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::aws::classify::{self, ErrorClass};

/// The AWS error code, when AWS answered with one.
pub fn code<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> Option<&str> {
    match err {
        SdkError::ServiceError(e) => e.err().code(),
        _ => None,
    }
}

pub fn is<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>, codes: &[&str]) -> bool {
    code(err).is_some_and(|c| codes.contains(&c))
}

/// True when the request may have reached AWS and been carried out although no success came
/// back: a dropped connection, a timeout, an unreadable response or a 5xx. A create that fails
/// this way must look for what it may have created before trying again.
pub fn ambiguous<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> bool {
    classify::of(err) == ErrorClass::Ambiguous
}

/// True when the endpoint does not implement the operation (an emulator's gap, e.g. LocalStack
/// community's "not yet been emulated" or "not included in your current license plan").
pub fn not_implemented<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> bool {
    classify::of(err) == ErrorClass::NotOffered
}

/// True for throttling answers (safe to retry: AWS did nothing).
pub fn throttled<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> bool {
    classify::of(err) == ErrorClass::Throttling
}

/// True when a create found the resource there already.
pub fn already_exists<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> bool {
    classify::of(err) == ErrorClass::AlreadyExists
}

/// `service:Action on resource: what AWS said`.
pub fn describe<E, R>(action: &str, resource: &str, err: &SdkError<E, R>) -> anyhow::Error
where
    E: std::error::Error + ProvideErrorMetadata + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    let detail = match err {
        SdkError::ServiceError(e) => format!(
            "{}: {}",
            e.err().code().unwrap_or("error"),
            e.err().message().unwrap_or("no message")
        ),
        other => DisplayErrorContext(other).to_string(),
    };
    anyhow::anyhow!("{action} on {resource} failed: {detail}")
}

/// Adds `describe`'s context to a result.
pub trait CallContext<T> {
    fn call(self, action: &str, resource: &str) -> anyhow::Result<T>;
}

impl<T, E, R> CallContext<T> for Result<T, SdkError<E, R>>
where
    E: std::error::Error + ProvideErrorMetadata + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    fn call(self, action: &str, resource: &str) -> anyhow::Result<T> {
        self.map_err(|e| describe(action, resource, &e))
    }
}
