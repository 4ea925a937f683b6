//! `apply`: carries out a [`Plan`] through the service APIs, writing only what the plan marks.
//!
//! Order. Work runs in phases; inside a phase resources are independent and run concurrently
//! (at most `concurrency` at once). Key policies name the lake's roles, and KMS refuses a
//! policy whose principals do not exist, while role and bucket settings need key ARNs. So keys
//! are created first with KMS's default key policy (the account administers the key), roles
//! next, and the full key policies last:
//!
//! 0. keys (create, alias, rotation, tags; not the policy)
//! 1. access-log bucket, streams, catalog encryption, security configurations, databases,
//!    work groups (they need only keys)
//! 2. zone and results buckets (their logging targets the log bucket), roles, tables
//! 3. key policies (name roles), bucket policies (name key ARNs), crawlers (roles, databases)
//! 4. delivery streams (roles, buckets, streams), Lake Formation (roles, buckets, tables)
//!
//! Safety. Apply never deletes data: no DeleteBucket, DeleteObject, ScheduleKeyDeletion or
//! DeleteStream here; changes that need a replacement are reported by the plan and skipped.
//! Creates are safe to retry: an "already exists" answer to a create retried after a lost
//! response counts as success, and key creation (which has no idempotency) looks for the key
//! it may have created before trying again (see `kms`).

mod athena;
pub mod destroy;
pub mod errors;
mod firehose;
mod glue;
mod iam;
mod kinesis;
mod kms;
mod lakeformation;
mod s3;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use futures::StreamExt;
use serde::Serialize;

use crate::aws::Aws;
use crate::model::refs::Resolver;
use crate::model::{BucketPurpose, KeyRef, Model};
use crate::plan::{Action, Kind, Plan, ResourceChange};

#[derive(Debug, Clone)]
pub struct Options {
    /// Resources in flight at once.
    pub concurrency: usize,
}

/// A resource deploy finished, and what it did (`created`, `rotation enabled` ...).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Completed {
    pub kind: Kind,
    pub name: String,
    pub actions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failed {
    pub kind: Kind,
    pub name: String,
    pub error: String,
}

/// What a deploy did so far; complete when `apply` returns, partial when it was interrupted.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Outcome {
    pub completed: Vec<Completed>,
    pub failed: Vec<Failed>,
    /// Resources with planned work that were not reached.
    pub not_started: Vec<String>,
    /// Things the user should know that did not fail the deploy.
    pub warnings: Vec<String>,
}

/// Receives progress as resources complete (stderr lines, a progress bar, nothing in tests).
pub trait Progress: Send + Sync {
    fn planned(&self, resources: usize);
    fn completed(&self, done: &Completed);
    fn failed(&self, failed: &Failed);
}

/// Progress nobody watches.
pub struct Silent;

impl Progress for Silent {
    fn planned(&self, _: usize) {}
    fn completed(&self, _: &Completed) {}
    fn failed(&self, _: &Failed) {}
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Key,
    KeyPolicy,
    Bucket,
    BucketPolicy,
    Role,
    Stream,
    DeliveryStream,
    CatalogEncryption,
    SecurityConfiguration,
    Database,
    Table,
    Crawler,
    WorkGroup,
    LakeFormation,
}

const PHASES: usize = 5;

/// Shared state of one deploy.
pub struct Applier<'a> {
    pub aws: &'a Aws,
    pub desired: &'a Model,
    pub live: &'a Model,
    pub plan: &'a Plan,
    /// Model key id → ARN, from the live keys and the keys created by this deploy.
    key_arns: Mutex<BTreeMap<String, String>>,
    /// Roles created by this deploy (IAM needs a moment before other services accept them).
    created_roles: AtomicBool,
    outcome: Arc<Mutex<Outcome>>,
    /// Actions done so far per resource, reported when its last step finishes.
    actions: Mutex<BTreeMap<(Kind, String), Vec<String>>>,
    progress: &'a dyn Progress,
}

impl<'a> Applier<'a> {
    pub fn new(
        aws: &'a Aws,
        desired: &'a Model,
        live: &'a Model,
        plan: &'a Plan,
        progress: &'a dyn Progress,
    ) -> Self {
        let key_arns = desired
            .keys
            .iter()
            .filter_map(|d| {
                let live = live.keys.iter().find(|l| l.alias == d.alias)?;
                Some((d.id.clone(), live.arn.clone()?))
            })
            .collect();
        Applier {
            aws,
            desired,
            live,
            plan,
            key_arns: Mutex::new(key_arns),
            created_roles: AtomicBool::new(false),
            outcome: Arc::new(Mutex::new(Outcome::default())),
            actions: Mutex::new(BTreeMap::new()),
            progress,
        }
    }

    /// The outcome, shared so that an interrupted deploy can still say what it did.
    pub fn outcome(&self) -> Arc<Mutex<Outcome>> {
        self.outcome.clone()
    }

    /// Runs the plan. Stops after the phase in which a resource failed (the resources already
    /// in flight finish); a second deploy picks up from what exists.
    pub async fn apply(&self, options: &Options) -> Outcome {
        let phases = self.schedule();
        let resources: std::collections::BTreeSet<_> = phases
            .iter()
            .flatten()
            .map(|(_, rc)| (rc.kind, rc.name.clone()))
            .collect();
        self.progress.planned(resources.len());
        let last_phase = |rc: &ResourceChange| {
            phases
                .iter()
                .rposition(|p| p.iter().any(|(_, r)| std::ptr::eq(*r, rc)))
                .unwrap_or(0)
        };
        let failed = AtomicBool::new(false);
        for (index, phase) in phases.iter().enumerate() {
            if failed.load(Ordering::SeqCst) {
                let mut outcome = lock(&self.outcome);
                for (_, rc) in phase {
                    let label = format!("{} {}", rc.kind.label(), rc.name);
                    if !outcome.not_started.contains(&label) {
                        outcome.not_started.push(label);
                    }
                }
                continue;
            }
            futures::stream::iter(phase.iter())
                .map(|(step, rc)| {
                    let failed = &failed;
                    let is_last = last_phase(rc) == index;
                    async move {
                        if failed.load(Ordering::SeqCst) {
                            lock(&self.outcome).not_started.push(format!(
                                "{} {}",
                                rc.kind.label(),
                                rc.name
                            ));
                            return;
                        }
                        match self.run(*step, rc).await {
                            Ok(actions) => self.record(rc, actions, is_last),
                            Err(error) => {
                                failed.store(true, Ordering::SeqCst);
                                let f = Failed {
                                    kind: rc.kind,
                                    name: rc.name.clone(),
                                    error: format!("{error:#}"),
                                };
                                self.progress.failed(&f);
                                lock(&self.outcome).failed.push(f);
                            }
                        }
                    }
                })
                .buffer_unordered(options.concurrency.max(1))
                .collect::<Vec<()>>()
                .await;
        }
        lock(&self.outcome).clone()
    }

    fn record(&self, rc: &ResourceChange, actions: Vec<String>, is_last: bool) {
        let key = (rc.kind, rc.name.clone());
        let mut all = lock(&self.actions);
        all.entry(key.clone()).or_default().extend(actions);
        if is_last {
            let actions = all.remove(&key).unwrap_or_default();
            let done = Completed {
                kind: rc.kind,
                name: rc.name.clone(),
                actions,
            };
            self.progress.completed(&done);
            lock(&self.outcome).completed.push(done);
        }
    }

    pub fn warn(&self, warning: String) {
        lock(&self.outcome).warnings.push(warning);
    }

    /// Assigns each step with work to a phase (see the module doc).
    fn schedule(&self) -> Vec<Vec<(Step, &'a ResourceChange)>> {
        let mut phases: Vec<Vec<(Step, &ResourceChange)>> = vec![Vec::new(); PHASES];
        for rc in self.plan.resources.iter().filter(|r| r.has_writes()) {
            let mut at = |phase: usize, step: Step| phases[phase].push((step, rc));
            match rc.kind {
                Kind::Key => {
                    at(0, Step::Key);
                    if rc.writes("policy") {
                        at(3, Step::KeyPolicy);
                    }
                }
                Kind::Bucket => {
                    let is_log = self
                        .desired
                        .buckets
                        .iter()
                        .any(|b| b.name == rc.name && b.purpose == BucketPurpose::AccessLogs);
                    let core = [
                        "encryption",
                        "public_access_block",
                        "ownership",
                        "versioning",
                        "lifecycle",
                        "logging",
                        "tags",
                    ];
                    if rc.action == Action::Create || core.iter().any(|p| rc.writes(p)) {
                        at(if is_log { 1 } else { 2 }, Step::Bucket);
                    }
                    if rc.writes("policy") {
                        at(3, Step::BucketPolicy);
                    }
                }
                Kind::Role => at(2, Step::Role),
                Kind::Stream => at(1, Step::Stream),
                Kind::DeliveryStream => at(4, Step::DeliveryStream),
                Kind::CatalogEncryption => at(1, Step::CatalogEncryption),
                Kind::SecurityConfiguration => at(1, Step::SecurityConfiguration),
                Kind::Database => at(1, Step::Database),
                Kind::Table => at(2, Step::Table),
                Kind::Crawler => at(3, Step::Crawler),
                Kind::WorkGroup => at(1, Step::WorkGroup),
                Kind::LakeFormation => at(4, Step::LakeFormation),
            }
        }
        phases
    }

    async fn run(&self, step: Step, rc: &ResourceChange) -> anyhow::Result<Vec<String>> {
        match step {
            Step::Key => kms::key(self, rc).await,
            Step::KeyPolicy => kms::key_policy(self, rc).await,
            Step::Bucket => s3::bucket(self, rc).await,
            Step::BucketPolicy => s3::bucket_policy(self, rc).await,
            Step::Role => iam::role(self, rc).await,
            Step::Stream => kinesis::stream(self, rc).await,
            Step::DeliveryStream => firehose::delivery_stream(self, rc).await,
            Step::CatalogEncryption => glue::catalog_encryption(self, rc).await,
            Step::SecurityConfiguration => glue::security_configuration(self, rc).await,
            Step::Database => glue::database(self, rc).await,
            Step::Table => glue::table(self, rc).await,
            Step::Crawler => glue::crawler(self, rc).await,
            Step::WorkGroup => athena::workgroup(self, rc).await,
            Step::LakeFormation => lakeformation::settings(self, rc).await,
        }
    }

    pub fn created_roles(&self) -> bool {
        self.created_roles.load(Ordering::SeqCst)
    }

    fn role_created(&self) {
        self.created_roles.store(true, Ordering::SeqCst);
    }

    pub fn account(&self) -> &str {
        &self.desired.lake.account
    }

    fn set_key_arn(&self, id: &str, arn: &str) {
        lock(&self.key_arns).insert(id.to_string(), arn.to_string());
    }

    /// The ARN to write for a key reference; `None` for the service's AWS managed key.
    pub fn key_arn(&self, key: &KeyRef) -> anyhow::Result<Option<String>> {
        match key {
            KeyRef::AwsManaged => Ok(None),
            KeyRef::Other(arn) => Ok(Some(arn.clone())),
            KeyRef::Lake(id) => lock(&self.key_arns)
                .get(id)
                .cloned()
                .map(Some)
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "key `{id}` does not exist yet (its creation failed or was skipped)"
                    )
                }),
        }
    }

    pub fn key_arn_opt(&self, key: &Option<KeyRef>) -> anyhow::Result<Option<String>> {
        match key {
            Some(k) => self.key_arn(k),
            None => Ok(None),
        }
    }

    /// Resolves the account and the key ARNs known so far in desired-state strings.
    pub fn resolver(&self) -> Resolver {
        let arns = lock(&self.key_arns);
        self.desired
            .keys
            .iter()
            .fold(Resolver::new().account(self.account()), |r, k| {
                match arns.get(&k.id) {
                    Some(arn) => r.arn(&k.logical_id, arn),
                    None => r,
                }
            })
    }

    /// Resolves a policy and makes sure no token is left (a key that does not exist).
    pub fn policy_json(&self, policy: &crate::model::PolicyDocument) -> anyhow::Result<String> {
        let json = self.resolver().resolve_policy(policy).to_json();
        let left = self.resolver().unresolved(&json);
        anyhow::ensure!(
            left.is_empty(),
            "policy still names {} after resolution: the resources it refers to do not exist",
            left.join(", ")
        );
        Ok(json)
    }

    fn role_arn(&self, role: &str) -> String {
        let role = self.desired.role(role).map_or(role, |r| r.name.as_str());
        format!(
            "arn:{}:iam::{}:role/{role}",
            self.desired.lake.partition,
            self.account()
        )
    }

    fn bucket_name(&self, id: &str) -> String {
        self.desired
            .bucket(id)
            .map_or_else(|| id.to_string(), |b| b.name.clone())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave these maps half-written.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The desired resource a plan entry is about.
fn find<'m, T>(items: &'m [T], name: &str, key: impl Fn(&T) -> &str) -> anyhow::Result<&'m T> {
    items
        .iter()
        .find(|i| key(i) == name)
        .ok_or_else(|| anyhow::anyhow!("internal: `{name}` is in the plan but not in the model"))
}

/// Waits with exponential backoff; used by the few loops that poll a resource's state.
async fn pause(attempt: u32) {
    let millis = (100u64 << attempt.min(5)).min(2_000);
    tokio::time::sleep(std::time::Duration::from_millis(millis)).await;
}
