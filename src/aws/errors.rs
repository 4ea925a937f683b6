//! Turning SDK errors into what a user can act on.
//!
//! Every failed call becomes a [`CallError`]: the IAM action (`s3:GetBucketPolicy`), the resource
//! (`arn:aws:s3:::x`), the endpoint it went to, and a [`Failure`] saying what kind of problem it
//! was. Its `Display` is one sentence with what to do; [`CallError::reason`] is the short form the
//! inventory stores in `Prop::Unknown`. [`CallError::is_not_found`] tells "this resource or
//! configuration does not exist" (a value) from "we could not read it" (unknown).

use std::error::Error as StdError;
use std::fmt;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::classify::{self, ErrorClass};
use super::endpoints::Service;

/// What kind of problem a failed call had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The resource or configuration does not exist (`NoSuchBucketPolicy`, ...).
    NotFound {
        code: String,
    },
    AccessDenied {
        code: String,
    },
    /// The endpoint does not implement the service (HTTP 501, e.g. LocalStack community for
    /// Glue, Athena, Lake Formation and CloudTrail).
    NotOffered {
        message: String,
    },
    /// No credentials anywhere in the chain.
    NoCredentials {
        detail: String,
    },
    /// Credentials were found but refused.
    BadCredentials {
        code: String,
    },
    /// The region is malformed or has no endpoint for the service.
    InvalidRegion {
        detail: String,
    },
    /// No connection: refused, reset, DNS or timeout.
    Unreachable {
        detail: String,
        refused: bool,
    },
    /// Still throttled after every retry.
    Throttled {
        code: String,
    },
    Other {
        code: Option<String>,
        message: String,
    },
}

/// One failed AWS call, with enough context to say what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError {
    pub service: Service,
    /// IAM action, e.g. `s3:GetBucketPolicy`.
    pub action: String,
    /// ARN or name of the resource, e.g. `arn:aws:s3:::x`.
    pub resource: String,
    /// The endpoint the call went to (`None`: AWS).
    pub endpoint: Option<String>,
    /// Boxed: results carrying a `CallError` stay small.
    pub failure: Box<Failure>,
}

impl CallError {
    /// The error of a call of `service`'s `operation` (e.g. `GetBucketPolicy`) on `resource`.
    pub fn from_sdk<E>(
        service: Service,
        operation: &str,
        resource: &str,
        endpoint: Option<&str>,
        err: &SdkError<E, HttpResponse>,
    ) -> CallError
    where
        E: ProvideErrorMetadata + StdError + 'static,
    {
        CallError {
            service,
            action: format!("{}:{operation}", service.action_prefix()),
            resource: resource.to_string(),
            endpoint: endpoint.map(str::to_string),
            failure: Box::new(classify(err, endpoint.is_some())),
        }
    }

    /// The resource or configuration does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(*self.failure, Failure::NotFound { .. })
    }

    /// A problem that will fail every call alike (credentials, region, endpoint down): the run
    /// should stop with this error rather than report every property as unknown.
    pub fn is_fatal(&self) -> bool {
        matches!(
            *self.failure,
            Failure::NoCredentials { .. }
                | Failure::BadCredentials { .. }
                | Failure::InvalidRegion { .. }
                | Failure::Unreachable { .. }
        )
    }

    /// The short reason stored in `Prop::Unknown`, e.g.
    /// `AccessDenied on s3:GetBucketPolicy for arn:aws:s3:::x`.
    pub fn reason(&self) -> String {
        let on = format!("{} for {}", self.action, self.resource);
        match &*self.failure {
            Failure::NotFound { code } => format!("{code} on {on}"),
            Failure::AccessDenied { .. } => format!("AccessDenied on {on}"),
            Failure::NotOffered { .. } => format!(
                "{} is not offered by the endpoint {} (HTTP 501); set {} to an endpoint that \
                 has it",
                self.service.label(),
                self.endpoint_name(),
                self.service.env_key()
            ),
            Failure::Throttled { code } => format!("{code} on {on} after all retries"),
            Failure::Other {
                code: Some(code),
                message,
            } => format!("{code} on {on}: {message}"),
            Failure::Other {
                code: None,
                message,
            } => format!("{on} failed: {message}"),
            Failure::NoCredentials { .. }
            | Failure::BadCredentials { .. }
            | Failure::InvalidRegion { .. }
            | Failure::Unreachable { .. } => self.to_string(),
        }
    }

    fn endpoint_name(&self) -> &str {
        self.endpoint.as_deref().unwrap_or("of AWS")
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (action, resource) = (&self.action, &self.resource);
        match &*self.failure {
            Failure::NotFound { code } => {
                write!(f, "{resource} does not exist ({code} on {action})")
            }
            Failure::AccessDenied { .. } => write!(
                f,
                "access denied: {action} on {resource}; allow {action} for the caller's identity"
            ),
            Failure::NotOffered { message } => write!(
                f,
                "the endpoint {} does not offer {} (HTTP 501: {message}); LocalStack community \
                 has no Glue, Athena, Lake Formation or CloudTrail: point {} at an endpoint that \
                 has it (e.g. moto) or use LocalStack Pro",
                self.endpoint_name(),
                self.service.label(),
                self.service.env_key()
            ),
            Failure::NoCredentials { detail } => write!(
                f,
                "no AWS credentials found ({detail}); set AWS_PROFILE or AWS_ACCESS_KEY_ID and \
                 AWS_SECRET_ACCESS_KEY, or run `aws sso login`"
            ),
            Failure::BadCredentials { code } => write!(
                f,
                "AWS refused the credentials ({code} on {action}); check AWS_PROFILE or the \
                 access keys, or refresh them with `aws sso login`"
            ),
            Failure::InvalidRegion { detail } => write!(
                f,
                "{action} cannot be sent to this region ({detail}); check --region, AWS_REGION \
                 or the blueprint's lake.region"
            ),
            Failure::Unreachable { detail, refused } => {
                let endpoint = self.endpoint.as_deref();
                match (endpoint, refused) {
                    (Some(url), true) => write!(
                        f,
                        "connection refused by {url} ({action}); is the endpoint running? (for \
                         the local emulators: `eval \"$(localstack/up)\"`)"
                    ),
                    (Some(url), false) => write!(
                        f,
                        "cannot reach {url} ({action}: {detail}); check the endpoint URL and \
                         that it is running"
                    ),
                    (None, _) => write!(
                        f,
                        "cannot reach AWS for {action} ({detail}); check the network and the \
                         region"
                    ),
                }
            }
            Failure::Throttled { code } => write!(
                f,
                "{action} on {resource} was throttled ({code}) after all retries; lower \
                 --concurrency or raise AWS_MAX_ATTEMPTS"
            ),
            Failure::Other {
                code: Some(code),
                message,
            } => write!(f, "{action} on {resource} failed: {code}: {message}"),
            Failure::Other {
                code: None,
                message,
            } => write!(f, "{action} on {resource} failed: {message}"),
        }
    }
}

impl StdError for CallError {}

/// Classifies an SDK error. `custom_endpoint`: the call went to an endpoint other than AWS
/// (a DNS failure then means a wrong URL rather than a wrong region).
pub fn classify<E>(err: &SdkError<E, HttpResponse>, custom_endpoint: bool) -> Failure
where
    E: ProvideErrorMetadata + StdError + 'static,
{
    match err {
        SdkError::ServiceError(ctx) => {
            let status = ctx.raw().status().as_u16();
            classify_service(ctx.err().code(), ctx.err().message(), status)
        }
        SdkError::ResponseError(ctx) => {
            let status = ctx.raw().status().as_u16();
            let text = chain_text(err);
            if status == 501 {
                Failure::NotOffered { message: text }
            } else if status == 404 {
                Failure::NotFound {
                    code: "NotFound".to_string(),
                }
            } else {
                Failure::Other {
                    code: None,
                    message: format!("unreadable response (HTTP {status}): {text}"),
                }
            }
        }
        SdkError::TimeoutError(_) => Failure::Unreachable {
            detail: "timed out".to_string(),
            refused: false,
        },
        SdkError::DispatchFailure(_) | SdkError::ConstructionFailure(_) => {
            classify_transport(&chain_text(err), is_refused(err), custom_endpoint)
        }
        _ => Failure::Other {
            code: None,
            message: chain_text(err),
        },
    }
}

/// Classifies an error the service answered with (see [`classify::answer`]), keeping what the
/// messages need.
pub fn classify_service(code: Option<&str>, message: Option<&str>, status: u16) -> Failure {
    let class = classify::answer(code, message, Some(status));
    let message = message.unwrap_or_default().to_string();
    let code = code.map(str::to_string);
    match (class, code) {
        (ErrorClass::NotOffered, Some(code)) if message.is_empty() => {
            Failure::NotOffered { message: code }
        }
        (ErrorClass::NotOffered, _) => Failure::NotOffered { message },
        (ErrorClass::NotFound, code) => Failure::NotFound {
            code: code.unwrap_or_else(|| "NotFound".to_string()),
        },
        (ErrorClass::AccessDenied, code) => Failure::AccessDenied {
            code: code.unwrap_or_else(|| "AccessDenied".to_string()),
        },
        (ErrorClass::BadCredentials, Some(code)) => Failure::BadCredentials { code },
        (ErrorClass::Throttling, Some(code)) => Failure::Throttled { code },
        (_, Some(code)) => Failure::Other {
            code: Some(code),
            message,
        },
        (_, None) => Failure::Other {
            code: None,
            message: format!("HTTP {status} {message}").trim().to_string(),
        },
    }
}

/// True for "does not exist" answers (Athena's `InvalidRequestException` "... is not found"
/// included).
pub fn is_not_found(code: &str, message: &str) -> bool {
    classify::answer(Some(code), Some(message), None) == ErrorClass::NotFound
}

/// Classifies a failure that got no answer from the service.
fn classify_transport(text: &str, refused: bool, custom_endpoint: bool) -> Failure {
    let lower = text.to_ascii_lowercase();
    let credentials = [
        "no providers in chain provided credentials",
        "failed to load credentials",
        "credentials provider was not enabled",
        "no credentials",
        "an error occurred while loading credentials",
    ];
    if credentials.iter().any(|c| lower.contains(c))
        || lower.contains("identity") && lower.contains("resolv")
    {
        return Failure::NoCredentials {
            detail: text.to_string(),
        };
    }
    if lower.contains("invalid region") || lower.contains("no region") {
        return Failure::InvalidRegion {
            detail: text.to_string(),
        };
    }
    let dns = lower.contains("dns error") || lower.contains("failed to lookup address");
    if dns && !custom_endpoint {
        return Failure::InvalidRegion {
            detail: "the service has no endpoint in this region (DNS lookup failed)".to_string(),
        };
    }
    Failure::Unreachable {
        detail: if refused {
            "connection refused".to_string()
        } else {
            text.to_string()
        },
        refused,
    }
}

/// Every message in the error's source chain, joined with `: `.
fn chain_text(err: &(dyn StdError + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(e) = source {
        let text = e.to_string();
        if !parts.last().is_some_and(|last| last.contains(&text)) {
            parts.push(text);
        }
        source = e.source();
    }
    parts.join(": ")
}

fn is_refused(err: &(dyn StdError + 'static)) -> bool {
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::ConnectionRefused
        {
            return true;
        }
        current = e.source();
    }
    chain_text(err)
        .to_ascii_lowercase()
        .contains("connection refused")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(service: Service, failure: Failure, endpoint: Option<&str>) -> CallError {
        CallError {
            service,
            action: format!("{}:GetBucketPolicy", service.action_prefix()),
            resource: "arn:aws:s3:::x".to_string(),
            endpoint: endpoint.map(str::to_string),
            failure: Box::new(failure),
        }
    }

    #[test]
    fn not_found_codes_include_athenas_invalid_request_for_a_missing_work_group() {
        for code in [
            "NoSuchBucket",
            "NoSuchBucketPolicy",
            "ServerSideEncryptionConfigurationNotFoundError",
            "NoSuchLifecycleConfiguration",
            "ResourceNotFoundException",
            "EntityNotFoundException",
            "NoSuchEntity",
            "OwnershipControlsNotFoundError",
            "NoSuchPublicAccessBlockConfiguration",
            "NoSuchTagSet",
        ] {
            assert!(is_not_found(code, ""), "{code}");
        }
        assert!(is_not_found(
            "InvalidRequestException",
            "WorkGroup lake-dev-analysts is not found."
        ));
        assert!(!is_not_found("InvalidRequestException", "bad parameter"));
        assert!(!is_not_found("AccessDenied", ""));
    }

    #[test]
    fn service_errors_are_classified_by_code_and_status() {
        assert_eq!(
            classify_service(Some("AccessDeniedException"), Some("no"), 400),
            Failure::AccessDenied {
                code: "AccessDeniedException".into()
            }
        );
        assert_eq!(
            classify_service(
                Some("InternalFailure"),
                Some("not included in your current license plan"),
                501
            ),
            Failure::NotOffered {
                message: "not included in your current license plan".into()
            }
        );
        assert_eq!(
            classify_service(Some("ExpiredToken"), None, 400),
            Failure::BadCredentials {
                code: "ExpiredToken".into()
            }
        );
        assert_eq!(
            classify_service(Some("ThrottlingException"), None, 400),
            Failure::Throttled {
                code: "ThrottlingException".into()
            }
        );
        assert_eq!(
            classify_service(None, None, 404),
            Failure::NotFound {
                code: "NotFound".into()
            }
        );
        assert_eq!(
            classify_service(Some("ValidationException"), Some("bad"), 400),
            Failure::Other {
                code: Some("ValidationException".into()),
                message: "bad".into()
            }
        );
    }

    #[test]
    fn transport_failures_name_credentials_region_or_endpoint() {
        assert!(matches!(
            classify_transport(
                "failed to construct request: no providers in chain provided credentials",
                false,
                false
            ),
            Failure::NoCredentials { .. }
        ));
        assert_eq!(
            classify_transport(
                "dispatch failure: dns error: failed to lookup address",
                false,
                false
            ),
            Failure::InvalidRegion {
                detail: "the service has no endpoint in this region (DNS lookup failed)".into()
            }
        );
        assert_eq!(
            classify_transport("io error: Connection refused (os error 111)", true, true),
            Failure::Unreachable {
                detail: "connection refused".into(),
                refused: true
            }
        );
    }

    #[test]
    fn reasons_are_short_and_messages_say_what_to_do() {
        let denied = call(
            Service::S3,
            Failure::AccessDenied {
                code: "AccessDenied".into(),
            },
            None,
        );
        assert_eq!(
            denied.reason(),
            "AccessDenied on s3:GetBucketPolicy for arn:aws:s3:::x"
        );
        assert_eq!(
            denied.to_string(),
            "access denied: s3:GetBucketPolicy on arn:aws:s3:::x; allow s3:GetBucketPolicy for \
             the caller's identity"
        );
        let glue = call(
            Service::Glue,
            Failure::NotOffered {
                message: "not included in your current license plan".into(),
            },
            Some("http://127.0.0.1:4566"),
        );
        assert_eq!(
            glue.reason(),
            "glue is not offered by the endpoint http://127.0.0.1:4566 (HTTP 501); set \
             AWS_ENDPOINT_URL_GLUE to an endpoint that has it"
        );
        assert!(!glue.is_fatal());
        let down = call(
            Service::Sts,
            Failure::Unreachable {
                detail: "connection refused".into(),
                refused: true,
            },
            Some("http://127.0.0.1:4566"),
        );
        assert!(down.is_fatal());
        assert_eq!(
            down.to_string(),
            "connection refused by http://127.0.0.1:4566 (sts:GetBucketPolicy); is the endpoint \
             running? (for the local emulators: `eval \"$(localstack/up)\"`)"
        );
    }
}
