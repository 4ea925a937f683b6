//! The one classifier of failed AWS calls, used by the inventory (through
//! [`super::errors::Failure`]) and by apply (through `apply::errors`).
//!
//! A class says what a caller can do next: retry later (throttling), treat the resource as
//! there (already exists) or absent (not found), give up with a permission message, skip a
//! feature the endpoint lacks, or look for what a lost reply may have done before retrying.

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// What kind of failure a call had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// AWS refused the rate; it did nothing, so retrying later is safe.
    Throttling,
    /// A create found the resource there already (ours, when a first answer was lost).
    AlreadyExists,
    /// The resource or configuration does not exist.
    NotFound,
    /// The caller's identity may not do this.
    AccessDenied,
    /// Credentials were found but refused (invalid, expired).
    BadCredentials,
    /// The endpoint does not implement the service or operation (HTTP 501; an emulator's
    /// "not yet been emulated", "not yet implemented", "license plan").
    NotOffered,
    /// No reliable reply: the connection dropped, the call timed out, the answer was unreadable,
    /// or the service failed inside (5xx). AWS may have carried the call out.
    Ambiguous,
    /// The request was never sent (it could not be built: credentials, region).
    NotSent,
    /// Any other definite answer (validation errors, conflicts, ...).
    Other,
}

/// Error codes meaning "the thing asked for does not exist".
pub const NOT_FOUND_CODES: &[&str] = &[
    "NoSuchBucket",
    "NoSuchBucketPolicy",
    "ServerSideEncryptionConfigurationNotFoundError",
    "NoSuchLifecycleConfiguration",
    "OwnershipControlsNotFoundError",
    "NoSuchPublicAccessBlockConfiguration",
    "NoSuchTagSet",
    "NoSuchTagSetError",
    "NoSuchEntity",
    "NoSuchEntityException",
    "ResourceNotFoundException",
    "EntityNotFoundException",
    "NotFoundException",
    "NotFound",
    "TrailNotFoundException",
    "CrawlerNotFoundException",
];

/// Codes a create answers with when the resource is there already. `ResourceInUseException`
/// is how Kinesis and Firehose say it; `BucketAlreadyExists` is not here: that bucket belongs
/// to someone else.
pub const ALREADY_EXISTS_CODES: &[&str] = &[
    "AlreadyExistsException",
    "EntityAlreadyExists",
    "EntityAlreadyExistsException",
    "ResourceAlreadyExistsException",
    "ResourceInUseException",
    "BucketAlreadyOwnedByYou",
];

pub const ACCESS_DENIED_CODES: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "AuthorizationError",
    "AllAccessDisabled",
];

/// Codes for credentials the service refuses (as opposed to no credentials at all).
pub const BAD_CREDENTIALS_CODES: &[&str] = &[
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidToken",
    // EC2's word for refused credentials.
    "AuthFailure",
];

pub const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "TooManyRequestsException",
    "SlowDown",
    "RequestLimitExceeded",
    "LimitExceededException",
    "ProvisionedThroughputExceededException",
];

/// Codes of a service that failed inside: the call may or may not have been carried out.
pub const INTERNAL_CODES: &[&str] = &[
    "InternalError",
    "InternalFailure",
    "ServiceUnavailable",
    "InternalServerError",
    "KMSInternalException",
    "DependencyTimeoutException",
    "ServiceUnavailableException",
    "InternalServiceException",
    "InternalServiceError",
    // EC2's 503.
    "Unavailable",
];

/// Classifies an answer from the service: its error code, message and HTTP status (`None` when
/// the caller's response type does not carry one).
pub fn answer(code: Option<&str>, message: Option<&str>, status: Option<u16>) -> ErrorClass {
    let message = message.unwrap_or_default().to_ascii_lowercase();
    if status == Some(501) || not_offered_message(&message) {
        return ErrorClass::NotOffered;
    }
    let Some(code) = code else {
        return match status {
            Some(404) => ErrorClass::NotFound,
            Some(403) => ErrorClass::AccessDenied,
            Some(s) if s < 500 => ErrorClass::Other,
            _ => ErrorClass::Ambiguous,
        };
    };
    // Athena answers `InvalidRequestException` for both; only the message tells them apart.
    let athena = code == "InvalidRequestException";
    if NOT_FOUND_CODES.contains(&code)
        || athena && (message.contains("not found") || message.contains("does not exist"))
    {
        ErrorClass::NotFound
    } else if ALREADY_EXISTS_CODES.contains(&code) || athena && message.contains("already") {
        ErrorClass::AlreadyExists
    } else if ACCESS_DENIED_CODES.contains(&code) {
        ErrorClass::AccessDenied
    } else if BAD_CREDENTIALS_CODES.contains(&code) {
        ErrorClass::BadCredentials
    } else if THROTTLING_CODES.contains(&code) {
        ErrorClass::Throttling
    } else if INTERNAL_CODES.contains(&code) || status.is_some_and(|s| s >= 500) {
        ErrorClass::Ambiguous
    } else {
        ErrorClass::Other
    }
}

/// Emulators' words for an operation they lack.
fn not_offered_message(lower: &str) -> bool {
    lower.contains("not yet been emulated")
        || lower.contains("license plan")
        || lower.contains("not yet implemented")
}

/// Classifies any SDK error; the HTTP status is not used (see [`of_http`]).
pub fn of<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> ErrorClass {
    match err {
        SdkError::ServiceError(e) => answer(e.err().code(), e.err().message(), None),
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => {
            ErrorClass::Ambiguous
        }
        SdkError::ConstructionFailure(_) => ErrorClass::NotSent,
        _ => ErrorClass::Other,
    }
}

/// Classifies an SDK error, using the HTTP status of the answer.
pub fn of_http<E: ProvideErrorMetadata>(err: &SdkError<E, HttpResponse>) -> ErrorClass {
    match err {
        SdkError::ServiceError(e) => answer(
            e.err().code(),
            e.err().message(),
            Some(e.raw().status().as_u16()),
        ),
        SdkError::ResponseError(e) => match e.raw().status().as_u16() {
            501 => ErrorClass::NotOffered,
            404 => ErrorClass::NotFound,
            _ => ErrorClass::Ambiguous,
        },
        other => of(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_its_class() {
        let tables: [(&[&str], ErrorClass); 6] = [
            (NOT_FOUND_CODES, ErrorClass::NotFound),
            (ALREADY_EXISTS_CODES, ErrorClass::AlreadyExists),
            (ACCESS_DENIED_CODES, ErrorClass::AccessDenied),
            (BAD_CREDENTIALS_CODES, ErrorClass::BadCredentials),
            (THROTTLING_CODES, ErrorClass::Throttling),
            (INTERNAL_CODES, ErrorClass::Ambiguous),
        ];
        for (codes, class) in tables {
            for code in codes {
                assert_eq!(answer(Some(code), Some("x"), Some(400)), class, "{code}");
                assert_eq!(
                    answer(Some(code), None, None),
                    class,
                    "{code} without status"
                );
            }
        }
        assert_eq!(THROTTLING_CODES.len(), 8);
        assert_eq!(
            answer(Some("ProvisionedThroughputExceededException"), None, None),
            ErrorClass::Throttling
        );
    }

    #[test]
    fn messages_and_statuses_decide_where_codes_do_not() {
        // (code, message, HTTP status) -> class
        type Case = (
            Option<&'static str>,
            Option<&'static str>,
            Option<u16>,
            ErrorClass,
        );
        let table: [Case; 14] = [
            (
                Some("InternalFailure"),
                Some("API not yet implemented"),
                Some(501),
                ErrorClass::NotOffered,
            ),
            (
                Some("InternalFailure"),
                Some("not included in your current license plan"),
                None,
                ErrorClass::NotOffered,
            ),
            (
                Some("NotImplemented"),
                Some("has not yet been emulated"),
                Some(400),
                ErrorClass::NotOffered,
            ),
            (None, None, Some(501), ErrorClass::NotOffered),
            (
                Some("InvalidRequestException"),
                Some("WorkGroup x is not found."),
                None,
                ErrorClass::NotFound,
            ),
            (
                Some("InvalidRequestException"),
                Some("WorkGroup is already created"),
                None,
                ErrorClass::AlreadyExists,
            ),
            (
                Some("InvalidRequestException"),
                Some("bad parameter"),
                None,
                ErrorClass::Other,
            ),
            (None, None, Some(404), ErrorClass::NotFound),
            (None, None, Some(403), ErrorClass::AccessDenied),
            (None, Some("teapot"), Some(418), ErrorClass::Other),
            (None, None, Some(502), ErrorClass::Ambiguous),
            (None, None, None, ErrorClass::Ambiguous),
            (Some("SomethingNew"), None, Some(503), ErrorClass::Ambiguous),
            (
                Some("ValidationException"),
                Some("bad"),
                Some(400),
                ErrorClass::Other,
            ),
        ];
        for (code, message, status, class) in table {
            assert_eq!(
                answer(code, message, status),
                class,
                "{code:?} {message:?} {status:?}"
            );
        }
        // A bucket someone else owns is a conflict, not ours already.
        assert_eq!(
            answer(Some("BucketAlreadyExists"), None, Some(409)),
            ErrorClass::Other
        );
    }
}
