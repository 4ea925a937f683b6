//! Counting the AWS calls a run makes. One interceptor is installed on every client; it records
//! each operation (and each attempt, so retries show) per service, and whether the operation
//! mutates anything. Deploy uses the snapshot to prove a plan-only run made zero mutating calls;
//! benchmarks use it to report requests per resource.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use serde::Serialize;

/// Operation name prefixes that only read. Anything else counts as mutating: for a proof of
/// "no mutating calls", an operation we do not recognise must not pass as a read.
const READ_PREFIXES: &[&str] = &[
    "Get", "List", "Describe", "Head", "Lookup", "Search", "BatchGet",
];

/// True when an operation (e.g. `PutBucketPolicy`) may change something.
pub fn is_mutating(operation: &str) -> bool {
    !READ_PREFIXES.iter().any(|p| operation.starts_with(p))
}

/// Counts for one operation of one service.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OperationCount {
    /// Calls the code made (one per `send()`).
    pub calls: u64,
    /// HTTP attempts, retries included.
    pub attempts: u64,
    pub mutating: bool,
}

/// A point-in-time copy of the counts, keyed by (service, operation), e.g. `("S3", "GetBucketPolicy")`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CallSnapshot {
    pub operations: BTreeMap<(String, String), OperationCount>,
}

impl CallSnapshot {
    /// Calls made, retries not counted.
    pub fn total(&self) -> u64 {
        self.operations.values().map(|c| c.calls).sum()
    }

    /// HTTP attempts, retries included.
    pub fn attempts(&self) -> u64 {
        self.operations.values().map(|c| c.attempts).sum()
    }

    pub fn mutating(&self) -> u64 {
        self.operations
            .values()
            .filter(|c| c.mutating)
            .map(|c| c.calls)
            .sum()
    }

    /// `service:Operation` of every mutating operation called, e.g. `S3:PutBucketPolicy`.
    pub fn mutating_operations(&self) -> Vec<String> {
        self.operations
            .iter()
            .filter(|(_, c)| c.mutating && c.calls > 0)
            .map(|((s, o), _)| format!("{s}:{o}"))
            .collect()
    }

    /// Calls per service.
    pub fn by_service(&self) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        for ((service, _), count) in &self.operations {
            *out.entry(service.clone()).or_default() += count.calls;
        }
        out
    }

    /// The calls made since `earlier` (a snapshot of the same log).
    pub fn since(&self, earlier: &CallSnapshot) -> CallSnapshot {
        let operations = self
            .operations
            .iter()
            .filter_map(|(key, now)| {
                let before = earlier.operations.get(key).copied().unwrap_or_default();
                let calls = now.calls - before.calls.min(now.calls);
                let attempts = now.attempts - before.attempts.min(now.attempts);
                (calls > 0 || attempts > 0).then(|| {
                    (
                        key.clone(),
                        OperationCount {
                            calls,
                            attempts,
                            mutating: now.mutating,
                        },
                    )
                })
            })
            .collect();
        CallSnapshot { operations }
    }
}

/// The shared, thread-safe log the interceptor writes to. Cloning shares the log.
#[derive(Debug, Clone, Default)]
pub struct CallLog {
    inner: Arc<Mutex<BTreeMap<(String, String), OperationCount>>>,
}

impl CallLog {
    pub fn snapshot(&self) -> CallSnapshot {
        let map = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        CallSnapshot {
            operations: map.clone(),
        }
    }

    fn record(&self, metadata: Option<&Metadata>, attempt: bool) {
        let (service, operation) = match metadata {
            Some(m) => (m.service().to_string(), m.name().to_string()),
            None => ("unknown".to_string(), "unknown".to_string()),
        };
        let mutating = is_mutating(&operation);
        let mut map = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let count = map.entry((service, operation)).or_insert(OperationCount {
            mutating,
            ..OperationCount::default()
        });
        if attempt {
            count.attempts += 1;
        } else {
            count.calls += 1;
        }
    }

    /// The interceptor to install on a client.
    pub fn interceptor(&self) -> CallCounter {
        CallCounter { log: self.clone() }
    }
}

/// Records every execution and attempt in a [`CallLog`].
#[derive(Debug, Clone)]
pub struct CallCounter {
    log: CallLog,
}

impl Intercept for CallCounter {
    fn name(&self) -> &'static str {
        "lakectl-call-counter"
    }

    // Not `read_before_execution`: client interceptors see that before the operation's
    // configuration (and so its `Metadata`) is in the bag. This runs once per execution too.
    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.log.record(cfg.load::<Metadata>(), false);
        Ok(())
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.log.record(cfg.load::<Metadata>(), true);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_mutations_are_told_apart_by_operation_name() {
        for read in [
            "GetBucketPolicy",
            "ListAliases",
            "DescribeKey",
            "HeadBucket",
            "BatchGetTable",
            "LookupEvents",
            "SearchTables",
        ] {
            assert!(!is_mutating(read), "{read}");
        }
        for write in [
            "PutBucketPolicy",
            "CreateKey",
            "UpdateWorkGroup",
            "DeleteBucket",
            "TagResource",
            "UntagResource",
            "EnableKeyRotation",
            "DisableKeyRotation",
            "RegisterResource",
            "GrantPermissions",
            "RevokePermissions",
            "AttachRolePolicy",
            "ScheduleKeyDeletion",
            "StartCrawler",
            "BatchCreatePartition",
            "BatchGrantPermissions",
            // Unrecognised verbs count as mutating.
            "AssumeRole",
        ] {
            assert!(is_mutating(write), "{write}");
        }
    }

    #[test]
    fn snapshots_count_calls_attempts_and_differences() {
        let log = CallLog::default();
        let get = Metadata::new("GetBucketPolicy", "S3");
        let put = Metadata::new("PutBucketPolicy", "S3");
        log.record(Some(&get), false);
        log.record(Some(&get), true);
        let before = log.snapshot();
        log.record(Some(&put), false);
        log.record(Some(&put), true);
        log.record(Some(&put), true);
        let after = log.snapshot();
        assert_eq!(after.total(), 2);
        assert_eq!(after.attempts(), 3);
        assert_eq!(after.mutating(), 1);
        assert_eq!(after.mutating_operations(), vec!["S3:PutBucketPolicy"]);
        assert_eq!(after.by_service(), BTreeMap::from([("S3".to_string(), 2)]));
        let delta = after.since(&before);
        assert_eq!(
            delta.operations,
            BTreeMap::from([(
                ("S3".to_string(), "PutBucketPolicy".to_string()),
                OperationCount {
                    calls: 1,
                    attempts: 2,
                    mutating: true
                }
            )])
        );
    }
}
