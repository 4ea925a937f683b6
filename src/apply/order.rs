//! Apply's order, derived from the references between resources: each step declares the
//! resources it needs first, and the steps run in levels of a topological order of those
//! references. A new kind declares its references in [`references`] and is ordered correctly.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::{Writer, writer};
use crate::model::arn::s3_parts;
use crate::model::refs::arn_token;
use crate::model::{EventPattern, KeyRef, Kind, Model, Prop, StepTarget};
use crate::plan::LAKE_FORMATION;
use crate::plan::{Action, Plan, ResourceChange};

/// One unit of apply's work on a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// Create the resource and write its properties (a key with KMS's default policy).
    Resource(Kind),
    /// A key's full policy: it names the lake's roles, which KMS requires to exist.
    KeyPolicy,
    /// A bucket's policy: it names key ARNs.
    BucketPolicy,
    /// Lake Formation's defaults for new databases and tables, off before any database is
    /// created: a database created while they are on keeps what they gave it.
    LakeFormationDefaults,
}

/// A step and the plan entry it works on.
pub type Node<'p> = (Step, &'p ResourceChange);

/// References that form a cycle: no order can satisfy them.
#[derive(Debug)]
pub struct Cycle<'p> {
    pub steps: Vec<Node<'p>>,
}

impl fmt::Display for Cycle<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = self
            .steps
            .iter()
            .map(|(_, rc)| format!("{} {}", rc.kind.label(), rc.name))
            .collect();
        write!(
            f,
            "internal: the references between {} form a cycle, so deploy has no order to write them in; nothing was written",
            names.join(", ")
        )
    }
}

/// The steps with planned work, in levels: every step comes after the steps it references,
/// and the steps of one level are independent. Inside a level, plan order.
pub fn levels<'p>(model: &Model, plan: &'p Plan) -> Result<Vec<Vec<Node<'p>>>, Cycle<'p>> {
    let nodes: Vec<Node<'p>> = plan
        .resources
        .iter()
        .filter(|r| r.has_writes())
        .flat_map(|rc| steps(rc).into_iter().map(move |s| (s, rc)))
        .collect();
    let index: BTreeMap<(Step, &str), usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, (step, rc))| ((*step, rc.name.as_str()), i))
        .collect();
    let deps: Vec<Vec<usize>> = nodes
        .iter()
        .enumerate()
        .map(|(i, (step, rc))| {
            references(model, *step, rc)
                .iter()
                .filter_map(|(s, name)| index.get(&(*s, name.as_str())).copied())
                .filter(|d| *d != i)
                .collect()
        })
        .collect();
    match topological(&deps) {
        Ok(levels) => Ok(levels
            .into_iter()
            .map(|level| level.into_iter().map(|i| nodes[i]).collect())
            .collect()),
        Err(left) => Err(Cycle {
            steps: left.into_iter().map(|i| nodes[i]).collect(),
        }),
    }
}

/// The steps a resource needs: its own when it is created or a property it writes belongs to
/// it, and the separate policy steps when their property is written.
fn steps(rc: &ResourceChange) -> BTreeSet<Step> {
    let mut steps = BTreeSet::new();
    if rc.action == Action::Create {
        steps.insert(Step::Resource(rc.kind));
    }
    for p in rc.properties.iter().filter(|p| rc.writes(p.property)) {
        if let Writer::Step(step) = writer(p.property) {
            steps.insert(step);
        }
    }
    steps
}

/// Levels of a graph given as each node's dependencies; `Err` holds the nodes left on a cycle.
fn topological(deps: &[Vec<usize>]) -> Result<Vec<Vec<usize>>, Vec<usize>> {
    let mut level: Vec<Option<usize>> = vec![None; deps.len()];
    let mut placed = 0;
    let mut levels: Vec<Vec<usize>> = Vec::new();
    while placed < deps.len() {
        let ready: Vec<usize> = (0..deps.len())
            .filter(|&i| level[i].is_none())
            .filter(|&i| deps[i].iter().all(|d| level[*d].is_some()))
            .collect();
        if ready.is_empty() {
            return Err((0..deps.len()).filter(|&i| level[i].is_none()).collect());
        }
        for &i in &ready {
            level[i] = Some(levels.len());
        }
        placed += ready.len();
        levels.push(ready);
    }
    Ok(levels)
}

/// What a step references, as (step, plan name). Only references to steps with planned work
/// order anything; the others exist already.
fn references(model: &Model, step: Step, rc: &ResourceChange) -> Vec<(Step, String)> {
    let refs = Refs { model };
    let name = rc.name.as_str();
    match step {
        Step::KeyPolicy => [refs.own(Kind::Key, name), refs.all_roles()].concat(),
        Step::BucketPolicy => {
            let policy = model
                .buckets
                .iter()
                .find(|b| b.name == name)
                .and_then(|b| b.policy.known().cloned().flatten());
            let json = policy.map(|p| p.to_json()).unwrap_or_default();
            [refs.own(Kind::Bucket, name), refs.keys_named_in(&json)].concat()
        }
        // It names no resource of the lake, and must come before its databases.
        Step::LakeFormationDefaults => Vec::new(),
        Step::Resource(kind) => refs.of_resource(kind, name),
    }
}

struct Refs<'m> {
    model: &'m Model,
}

type Targets = Vec<(Step, String)>;

impl Refs<'_> {
    fn own(&self, kind: Kind, name: &str) -> Targets {
        vec![(Step::Resource(kind), name.to_string())]
    }

    fn key(&self, key: Option<&KeyRef>) -> Targets {
        match key {
            Some(KeyRef::Lake(id)) => self
                .model
                .key(id)
                .map(|k| (Step::Resource(Kind::Key), k.alias.clone()))
                .into_iter()
                .collect(),
            _ => Vec::new(),
        }
    }

    fn key_prop(&self, key: &Prop<Option<KeyRef>>) -> Targets {
        self.key(key.known().and_then(Option::as_ref))
    }

    /// A lake key and its policy, for services that check the policy when they are given the
    /// key (CloudTrail, CloudWatch Logs).
    fn key_with_policy(&self, key: &Prop<Option<KeyRef>>) -> Targets {
        let mut out = self.key_prop(key);
        if let Some(KeyRef::Lake(id)) = key.known().and_then(Option::as_ref)
            && let Some(k) = self.model.key(id)
        {
            out.push((Step::KeyPolicy, k.alias.clone()));
        }
        out
    }

    /// Lake keys whose ARN token appears in a document (a policy).
    fn keys_named_in(&self, text: &str) -> Targets {
        let keys = self.model.keys.iter();
        keys.filter(|k| text.contains(&arn_token(&k.logical_id)))
            .map(|k| (Step::Resource(Kind::Key), k.alias.clone()))
            .collect()
    }

    fn role(&self, role: &str) -> Targets {
        let tail = role.rsplit('/').next().unwrap_or(role);
        let name = self.model.role(tail).map_or(tail, |r| r.name.as_str());
        self.own(Kind::Role, name)
    }

    /// A bucket something writes into: its policy's guardrails come first as well.
    fn bucket(&self, bucket: &str) -> Targets {
        let name = self
            .model
            .bucket(bucket)
            .map_or(bucket, |b| b.name.as_str());
        let policy = (Step::BucketPolicy, name.to_string());
        [self.own(Kind::Bucket, name), vec![policy]].concat()
    }

    fn lake_formation_defaults(&self) -> Targets {
        vec![(Step::LakeFormationDefaults, LAKE_FORMATION.to_string())]
    }

    fn all_roles(&self) -> Targets {
        let roles = self.model.roles.iter();
        roles.flat_map(|r| self.own(Kind::Role, &r.name)).collect()
    }

    fn of_resource(&self, kind: Kind, name: &str) -> Targets {
        let m = self.model;
        let mut out = Vec::new();
        match kind {
            Kind::Account | Kind::Key | Kind::Connection => {}
            // Created with the account's defaults already off (IAM_ALLOWED_PRINCIPALS gets
            // nothing on it).
            Kind::Database => out.extend(self.lake_formation_defaults()),
            Kind::Bucket => {
                for b in m.buckets.iter().filter(|b| b.name == name) {
                    out.extend(self.key(b.encryption.known().and_then(|e| e.key.as_ref())));
                    if let Some(Some(log)) = b.logging.known() {
                        out.extend(self.own(Kind::Bucket, &log.target_bucket));
                    }
                }
            }
            Kind::Role => {
                for r in m.roles.iter().filter(|r| r.name == name) {
                    let policy = r.policy.known().cloned().flatten();
                    out.extend(
                        self.keys_named_in(&policy.map(|p| p.to_json()).unwrap_or_default()),
                    );
                }
            }
            Kind::Stream => {
                for s in m.streams.iter().filter(|s| s.name == name) {
                    out.extend(self.key_prop(&s.encryption));
                }
            }
            Kind::DeliveryStream => {
                for d in m.delivery_streams.iter().filter(|d| d.name == name) {
                    out.extend(self.role(&d.role));
                    out.extend(self.bucket(&d.bucket));
                    if let Some(stream) = &d.source_stream {
                        out.extend(self.own(Kind::Stream, stream));
                    }
                    out.extend(self.key_prop(&d.destination_key));
                    out.extend(self.key_prop(&d.sse));
                    if let Some(Some(logging)) = d.error_logging.known() {
                        out.extend(self.own(Kind::LogGroup, &logging.group));
                    }
                    // Firehose reads the schema table of a conversion.
                    if let Some(Some(c)) = d.format_conversion.known() {
                        let table = format!("{}.{}", c.schema.database, c.schema.table);
                        out.extend(self.own(Kind::Table, &table));
                    }
                }
            }
            Kind::CatalogEncryption
            | Kind::SecurityConfiguration
            | Kind::Table
            | Kind::Crawler
            | Kind::Job
            | Kind::Workflow => self.of_glue_resource(kind, name, &mut out),
            Kind::WorkGroup => {
                for w in m.workgroups.iter().filter(|w| w.name == name) {
                    if let Some(Some(e)) = w.result_encryption.known() {
                        out.extend(self.key(e.key.as_ref()));
                    }
                }
            }
            // The target names the workflow and the role; the bucket's events feed the rule.
            Kind::EventRule => {
                for r in m.event_rules.iter().filter(|r| r.name == name) {
                    out.extend(self.own(Kind::Workflow, &r.workflow));
                    out.extend(self.role(&r.role));
                    if let Some(EventPattern::ObjectCreated(p)) = r.pattern.known() {
                        out.extend(self.own(Kind::Bucket, &p.bucket));
                    }
                }
            }
            // CloudTrail checks the log bucket's policy and the key's policy at creation.
            Kind::Trail => {
                for t in m.trail.iter().filter(|t| t.name == name) {
                    if let Some(bucket) = t.bucket.known() {
                        out.extend(self.bucket(bucket));
                    }
                    out.extend(self.key_with_policy(&t.key));
                }
            }
            // CloudWatch Logs checks at creation that the key's policy lets it use the key.
            Kind::LogGroup => {
                for g in m.log_groups.iter().filter(|g| g.name == name) {
                    out.extend(self.key_with_policy(&g.key));
                }
            }
            // CloudWatch accepts an alarm on a metric nothing publishes yet; ordering it after
            // the resource it watches keeps a failed creation from leaving an orphan alarm.
            Kind::Alarm => {
                for alarm in m.alarms.iter().filter(|a| a.name == name) {
                    out.extend(self.own(alarm.signal.kind(), &alarm.resource));
                }
            }
            // Admins are roles, locations are buckets, grants name databases and tables.
            Kind::LakeFormation => {
                out.extend(self.all_roles());
                for b in &m.buckets {
                    out.extend(self.bucket(&b.name));
                }
                for d in &m.catalog.databases {
                    out.extend(self.own(Kind::Database, &d.name));
                }
                for t in &m.catalog.tables {
                    out.extend(self.own(Kind::Table, &format!("{}.{}", t.database, t.name)));
                }
            }
        }
        out
    }

    fn of_glue_resource(&self, kind: Kind, name: &str, out: &mut Targets) {
        let catalog = &self.model.catalog;
        match kind {
            Kind::CatalogEncryption => {
                if let Some(e) = catalog.encryption.known() {
                    out.extend(self.key(e.metadata_key.as_ref()));
                    out.extend(self.key(e.connection_password_key.as_ref()));
                }
            }
            Kind::SecurityConfiguration => {
                let configs = catalog.security_configurations.iter();
                for s in configs.filter(|s| s.name == name) {
                    for key in [&s.s3_key, &s.cloudwatch_key, &s.bookmarks_key] {
                        out.extend(self.key_prop(key));
                    }
                }
            }
            Kind::Table => {
                let tables = catalog.tables.iter();
                for t in tables.filter(|t| format!("{}.{}", t.database, t.name) == name) {
                    out.extend(self.own(Kind::Database, &t.database));
                }
            }
            Kind::Crawler => {
                for c in catalog.crawlers.iter().filter(|c| c.name == name) {
                    out.extend(self.role(&c.role));
                    out.extend(self.own(Kind::Database, &c.database));
                    if let Some(Some(security)) = c.security_configuration.known() {
                        out.extend(self.own(Kind::SecurityConfiguration, security));
                    }
                }
            }
            // Every crawler and job a trigger names exists before the triggers are armed.
            Kind::Workflow => {
                for w in catalog.workflows.iter().filter(|w| w.name == name) {
                    for t in w.triggers.known().into_iter().flatten() {
                        for target in t.actions.iter().chain(&t.conditions) {
                            out.extend(match target {
                                StepTarget::Crawler(c) => self.own(Kind::Crawler, c),
                                StepTarget::Job(j) => self.own(Kind::Job, j),
                            });
                        }
                    }
                }
            }
            // The script is uploaded into the scripts bucket before the job names it.
            Kind::Job => {
                for j in catalog.jobs.iter().filter(|j| j.name == name) {
                    out.extend(self.role(&j.role));
                    if let Some((bucket, _)) = j.script_location.known().and_then(|l| s3_parts(l)) {
                        out.extend(self.bucket(bucket));
                    }
                    if let Some(Some(security)) = j.security_configuration.known() {
                        out.extend(self.own(Kind::SecurityConfiguration, security));
                    }
                }
            }
            _ => {}
        }
    }
}
