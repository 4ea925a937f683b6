//! `apply`: carries out a [`Plan`] through the service APIs, writing only what the plan marks.
//!
//! Order. Each step of a resource declares the resources it references (see `order`); apply
//! runs the steps level by level in a topological order of those references, at most
//! `concurrency` at once inside a level. Key policies name the lake's roles, and KMS refuses a
//! policy whose principals do not exist, while roles and buckets need key ARNs. So a key is
//! created first with KMS's default key policy (the account administers the key) and its full
//! policy is a separate step that references the roles; a bucket policy likewise is a step of
//! its own that references the keys.
//!
//! Safety. Apply never deletes data: no DeleteBucket, DeleteObject, ScheduleKeyDeletion or
//! DeleteStream here; changes that need a replacement are reported by the plan and skipped.
//! Creates are safe to retry: an "already exists" answer to a create retried after a lost
//! response counts as success, and key creation (which has no idempotency) looks for the key
//! it may have created before trying again (see `kms`).

mod alarms;
mod athena;
pub mod destroy;
pub mod errors;
mod events;
mod firehose;
mod firehose_records;
mod glue;
mod iam;
mod iceberg;
mod jobs;
mod kinesis;
mod kms;
mod lakeformation;
mod lftags;
mod logs;
mod order;
mod outcome;
mod s3;
#[cfg(test)]
mod tests;
mod trail;
mod workflows;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use futures::StreamExt;

use crate::aws::Aws;
use crate::model::arn::Arns;
use crate::model::refs::Resolver;
use crate::model::{KeyRef, Kind, Model, Property};
use crate::plan::{Plan, ResourceChange};

pub use order::{Cycle, Step, levels};
pub use outcome::{Applied, Completed, Failed, Outcome, Progress, Silent};

#[derive(Debug, Clone)]
pub struct Options {
    /// Resources in flight at once.
    pub concurrency: usize,
}

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
    actions: Mutex<BTreeMap<(Kind, String), Vec<Applied>>>,
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

    /// Runs the plan. Stops after the level in which a resource failed (the resources already
    /// in flight finish); a second deploy picks up from what exists.
    pub async fn apply(&self, options: &Options) -> Outcome {
        let levels = match levels(self.desired, self.plan) {
            Ok(levels) => levels,
            Err(cycle) => {
                let mut outcome = lock(&self.outcome);
                for (_, rc) in &cycle.steps {
                    outcome.failed.push(Failed {
                        kind: rc.kind,
                        name: rc.name.clone(),
                        error: cycle.to_string(),
                    });
                }
                return outcome.clone();
            }
        };
        let resources: std::collections::BTreeSet<_> = levels
            .iter()
            .flatten()
            .map(|(_, rc)| (rc.kind, rc.name.clone()))
            .collect();
        self.progress.planned(resources.len());
        let failed = AtomicBool::new(false);
        for (index, level) in levels.iter().enumerate() {
            if failed.load(Ordering::SeqCst) {
                let mut outcome = lock(&self.outcome);
                for (_, rc) in level {
                    let label = format!("{} {}", rc.kind.label(), rc.name);
                    if !outcome.not_started.contains(&label) {
                        outcome.not_started.push(label);
                    }
                }
                continue;
            }
            // A resource is complete after its step in the last level that holds one.
            let is_last = |rc: &ResourceChange| {
                let last = levels
                    .iter()
                    .rposition(|l| l.iter().any(|(_, r)| std::ptr::eq(*r, rc)));
                last.unwrap_or(0) == index
            };
            futures::stream::iter(level.iter())
                .map(|(step, rc)| self.run_step(*step, rc, is_last(rc), &failed))
                .buffer_unordered(options.concurrency.max(1))
                .collect::<Vec<()>>()
                .await;
        }
        lock(&self.outcome).clone()
    }

    async fn run_step(&self, step: Step, rc: &ResourceChange, is_last: bool, failed: &AtomicBool) {
        if failed.load(Ordering::SeqCst) {
            let label = format!("{} {}", rc.kind.label(), rc.name);
            lock(&self.outcome).not_started.push(label);
            return;
        }
        match self.run(step, rc).await {
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

    fn record(&self, rc: &ResourceChange, actions: Vec<Applied>, is_last: bool) {
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

    async fn run(&self, step: Step, rc: &ResourceChange) -> anyhow::Result<Vec<Applied>> {
        match step {
            Step::KeyPolicy => kms::key_policy(self, rc).await,
            Step::BucketPolicy => s3::bucket_policy(self, rc).await,
            Step::LakeFormationDefaults => lakeformation::defaults(self, rc).await,
            Step::Resource(kind) => match kind {
                Kind::Key => kms::key(self, rc).await,
                Kind::Bucket => s3::bucket(self, rc).await,
                Kind::Role => iam::role(self, rc).await,
                Kind::Stream => kinesis::stream(self, rc).await,
                Kind::DeliveryStream => firehose::delivery_stream(self, rc).await,
                Kind::CatalogEncryption => glue::catalog_encryption(self, rc).await,
                Kind::SecurityConfiguration => glue::security_configuration(self, rc).await,
                Kind::Database => glue::database(self, rc).await,
                Kind::Table => glue::table(self, rc).await,
                Kind::Crawler => glue::crawler(self, rc).await,
                Kind::Job => jobs::job(self, rc).await,
                Kind::Workflow => workflows::workflow(self, rc).await,
                Kind::WorkGroup => athena::workgroup(self, rc).await,
                Kind::LakeFormation => lakeformation::settings(self, rc).await,
                Kind::EventRule => events::rule(self, rc).await,
                Kind::Trail => trail::trail(self, rc).await,
                Kind::Alarm => alarms::alarm(self, rc).await,
                Kind::LogGroup => logs::log_group(self, rc).await,
                Kind::Account | Kind::Connection => {
                    anyhow::bail!("internal: deploy has no step for a {}", kind.label())
                }
            },
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

    fn arns(&self) -> Arns<'_> {
        Arns::of(&self.desired.lake)
    }

    fn role_arn(&self, role: &str) -> String {
        let role = self.desired.role(role).map_or(role, |r| r.name.as_str());
        Arns::of(&self.desired.lake).role(role)
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

/// How apply writes a planned property: in which step, or never (and why). The matches are
/// exhaustive, so a property the diff can report has a writer or a stated reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    Step(Step),
    /// Reported by the plan, never written (a replacement).
    Never(&'static str),
}

pub fn writer(property: Property) -> Writer {
    match property {
        Property::Key(p) => kms::writer(p),
        Property::Bucket(p) => s3::writer(p),
        Property::Role(p) => iam::writer(p),
        Property::Stream(p) => kinesis::writer(p),
        Property::DeliveryStream(p) => firehose::writer(p),
        Property::CatalogEncryption(p) => glue::catalog_encryption_writer(p),
        Property::SecurityConfiguration(p) => glue::security_configuration_writer(p),
        Property::Database(p) => glue::database_writer(p),
        Property::Table(p) => glue::table_writer(p),
        Property::Crawler(p) => glue::crawler_writer(p),
        Property::Job(p) => jobs::writer(p),
        Property::Workflow(p) => workflows::writer(p),
        Property::WorkGroup(p) => athena::writer(p),
        Property::LakeFormation(p) => lakeformation::writer(p),
        Property::EventRule(p) => events::writer(p),
        Property::Trail(p) => trail::writer(p),
        Property::Alarm(p) => alarms::writer(p),
        Property::LogGroup(p) => logs::writer(p),
    }
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
