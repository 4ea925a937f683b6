//! Blueprint → desired model: every default filled in, every reference resolved to a model id,
//! every name derived, every policy built. This is the only place that knows both the blueprint
//! and the model. It expects a validated blueprint; on one that is not, it still returns a model
//! (a reference to something missing is left out) and never panics.
//!
//! The compiler also records which blueprint field produced each resource ([`Origin`]), so
//! problems only visible in the compiled model, such as two names that become one CloudFormation
//! logical id, are reported where the user can fix them ([`check`]).

mod alarms;
mod athena;
mod catalog;
mod check;
mod events;
mod jobs;
mod lakeformation;
mod origin;
mod roles;
mod storage;
mod streams;
mod trail;
mod workflows;

use std::cell::RefCell;

use crate::blueprint::{Blueprint, KeyStrategy, Source};
use crate::model::naming::{self, ACCOUNT_TOKEN, LAKE_KEY, PLATFORM_KEY};
use crate::model::{Arns, LakeInfo, Model, Prop, Tags};
use crate::scripts::Scripts;

pub use check::check;
pub use origin::Origin;
pub use workflows::trigger_logical_id;

/// Settings that are not part of the blueprint.
#[derive(Debug, Clone, Default)]
pub struct CompileOptions {
    /// Account id to use when the blueprint has none (deploy asks STS; render may be told).
    pub account: Option<String>,
    /// The job scripts, read: their content names their S3 keys.
    pub scripts: Scripts,
}

impl CompileOptions {
    /// Options for a blueprint read from `source`: its job scripts read and hashed.
    pub fn reading(blueprint: &Blueprint, source: &Source) -> Self {
        CompileOptions {
            account: None,
            scripts: Scripts::read(blueprint, source),
        }
    }

    /// The same options for account `account` (when known).
    pub fn with_account(self, account: Option<String>) -> Self {
        CompileOptions { account, ..self }
    }
}

/// The desired model of a blueprint.
pub fn compile(blueprint: &Blueprint, options: &CompileOptions) -> Model {
    compile_traced(blueprint, options).0
}

/// The desired model, and the blueprint field each of its resources comes from.
pub fn compile_traced(blueprint: &Blueprint, options: &CompileOptions) -> (Model, Vec<Origin>) {
    let compiler = Compiler::new(blueprint, options);
    let model = compiler.model();
    (model, compiler.origins.into_inner())
}

struct Compiler<'a> {
    bp: &'a Blueprint,
    scripts: &'a Scripts,
    lake: LakeInfo,
    origins: RefCell<Vec<Origin>>,
}

impl<'a> Compiler<'a> {
    fn new(bp: &'a Blueprint, options: &'a CompileOptions) -> Self {
        let l = &bp.lake;
        let account = options
            .account
            .clone()
            .or_else(|| l.account_id.clone())
            .unwrap_or_else(|| ACCOUNT_TOKEN.to_string());
        let mut tags = l.tags.clone();
        tags.insert("owner".into(), l.owner.clone());
        tags.insert("lake".into(), l.name.clone());
        tags.insert("environment".into(), l.environment.clone());
        tags.insert("managed-by".into(), "lakectl".into());
        let lake = LakeInfo {
            name: l.name.clone(),
            environment: l.environment.clone(),
            region: l.region.clone(),
            account,
            partition: naming::partition(&l.region).to_string(),
            owner: l.owner.clone(),
            tags,
        };
        Compiler {
            bp,
            scripts: &options.scripts,
            lake,
            origins: RefCell::new(Vec::new()),
        }
    }

    fn model(&self) -> Model {
        let keys = self.keys();
        let buckets = self.buckets();
        let streams = self.streams();
        let delivery_streams = self.delivery_streams();
        let catalog = self.catalog();
        let workgroups = self.workgroups();
        let lake_formation = self.lake_formation(&buckets);
        let needs = self.role_needs(&catalog);
        let mut roles = self.roles(&needs);
        let (event_rules, event_roles) = self.event_rules();
        roles.extend(event_roles);
        let keys = self.key_policies(keys, &needs);
        let trail = self.trail(&buckets);
        let alarms = self.alarms(&streams, &delivery_streams, &catalog.jobs);
        let log_groups = self.log_groups(&delivery_streams);
        Model {
            lake: self.lake.clone(),
            keys,
            buckets,
            streams,
            delivery_streams,
            catalog,
            workgroups,
            lake_formation,
            roles,
            event_rules,
            trail,
            alarms,
            log_groups,
            account: None,
        }
    }

    /// Records that the blueprint field at `path` produced a resource.
    fn record(&self, origin: Origin) {
        self.origins.borrow_mut().push(origin);
    }

    fn tags(&self) -> Prop<Tags> {
        Prop::Known(self.lake.tags.clone())
    }

    fn arns(&self) -> Arns<'_> {
        Arns::of(&self.lake)
    }

    fn prefixed(&self, name: &str) -> String {
        naming::prefixed(self.lake.scope(), name)
    }

    fn key_id_for_zone(&self, zone: &str) -> String {
        match self.bp.encryption.key_strategy {
            KeyStrategy::PerZone => zone.to_string(),
            KeyStrategy::PerLake => LAKE_KEY.to_string(),
        }
    }

    fn platform_key(&self) -> &'static str {
        match self.bp.encryption.key_strategy {
            KeyStrategy::PerZone => PLATFORM_KEY,
            KeyStrategy::PerLake => LAKE_KEY,
        }
    }

    /// The bucket of a zone: its `bucket_name`, or the derived name (also for a zone the
    /// blueprint does not list, which validation refuses).
    fn bucket_of_zone(&self, zone: &str) -> String {
        let given = self.bp.zones.iter().find(|z| z.name == zone);
        match given.and_then(|z| z.bucket_name.clone()) {
            Some(name) => name,
            None => naming::bucket_name(self.lake.scope(), zone, &self.lake.account),
        }
    }

    fn alias(&self, key_id: &str) -> String {
        naming::key_alias(self.lake.scope(), key_id)
    }

    fn role_arn(&self, name: &str) -> String {
        self.arns().role(&self.prefixed(name))
    }

    /// A principal written as a role name or an ARN.
    fn principal_arn(&self, principal: &str) -> String {
        if principal.starts_with("arn:") {
            principal.to_string()
        } else {
            self.role_arn(principal)
        }
    }
}

#[cfg(test)]
mod tests;

/// The retail reference blueprint, compiled: the model most unit tests start from.
#[cfg(test)]
pub(crate) mod testing {
    use super::{CompileOptions, compile};
    use crate::model::Model;

    pub fn retail(account: Option<&str>) -> Model {
        let path = std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/blueprints/retail-analytics.yaml"
        ));
        let (bp, source) = crate::load::file(path, None).unwrap();
        let options =
            CompileOptions::reading(&bp, &source).with_account(account.map(str::to_string));
        compile(&bp, &options)
    }
}
