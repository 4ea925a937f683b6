//! Glue Data Catalog: encryption settings, security configurations, databases, tables,
//! crawlers, and ETL jobs.

use super::{Ctx, Props, Want, eq};
use crate::model::property::{
    CatalogEncryptionProperty, CrawlerProperty, DatabaseProperty, JobProperty,
    SecurityConfigurationProperty, TableProperty, WorkflowProperty,
};
use crate::model::{CatalogEncryption, Kind, Prop, Tags};
use crate::plan::compare::same_set;
use crate::plan::{Effect, ResourceChange};

impl Ctx<'_> {
    pub(super) fn catalog(&self, out: &mut Vec<ResourceChange>) {
        self.catalog_encryption_settings(out);
        self.security_configurations(out);
        self.databases(out);
        self.tables(out);
        self.crawlers(out);
        self.jobs(out);
        self.workflows(out);
    }

    fn catalog_encryption(&self, e: &CatalogEncryption) -> Want<CatalogEncryption> {
        match (
            self.key(&e.metadata_key),
            self.key(&e.connection_password_key),
        ) {
            (Want::Is(metadata_key), Want::Is(connection_password_key)) => {
                Want::Is(CatalogEncryption {
                    metadata_key,
                    connection_password_key,
                })
            }
            _ => Want::AfterApply,
        }
    }

    fn catalog_encryption_settings(&self, out: &mut Vec<ResourceChange>) {
        let (d, l) = (&self.desired.catalog, &self.live.catalog);
        let Some(v) = d.encryption.known() else {
            return;
        };
        // Account-wide settings always exist; only their values change.
        let mut p = Props::new(false);
        let live = l.encryption.clone().map(|e| CatalogEncryption {
            metadata_key: self.live_key(&e.metadata_key),
            connection_password_key: self.live_key(&e.connection_password_key),
        });
        p.check(
            CatalogEncryptionProperty::Encryption,
            self.catalog_encryption(v),
            Some(live),
            eq,
            Effect::Update,
        );
        out.push(p.finish(Kind::CatalogEncryption, "data catalog"));
    }

    fn security_configurations(&self, out: &mut Vec<ResourceChange>) {
        use SecurityConfigurationProperty as P;
        let (d, l) = (&self.desired.catalog, &self.live.catalog);
        for ds in &d.security_configurations {
            let ls = l.security_configurations.iter().find(|s| s.name == ds.name);
            let mut p = Props::new(ls.is_none());
            // Glue cannot update a security configuration.
            for (name, want, live) in [
                (P::S3Key, &ds.s3_key, ls.map(|s| &s.s3_key)),
                (
                    P::CloudwatchKey,
                    &ds.cloudwatch_key,
                    ls.map(|s| &s.cloudwatch_key),
                ),
                (
                    P::BookmarksKey,
                    &ds.bookmarks_key,
                    ls.map(|s| &s.bookmarks_key),
                ),
            ] {
                if let Some(v) = want.known() {
                    let live = live.map(|k| k.clone().map(|k| self.live_key(&k)));
                    p.check(name, self.key(v), live, eq, Effect::Replace);
                }
            }
            out.push(p.finish(Kind::SecurityConfiguration, &ds.name));
        }
    }

    fn databases(&self, out: &mut Vec<ResourceChange>) {
        use DatabaseProperty as P;
        let (d, l) = (&self.desired.catalog, &self.live.catalog);
        for dd in &d.databases {
            let ld = l.databases.iter().find(|x| x.name == dd.name);
            let mut p = Props::new(ld.is_none());
            if let Some(v) = dd.location.known() {
                p.check(
                    P::Location,
                    Want::Is(self.resolver.resolve(v)),
                    ld.map(|x| x.location.clone()),
                    eq,
                    Effect::Update,
                );
            }
            p.same(P::Description, &dd.description, ld.map(|x| &x.description));
            p.same(
                P::TableDefaults,
                &dd.table_defaults,
                ld.map(|x| &x.table_defaults),
            );
            out.push(p.finish(Kind::Database, &dd.name));
        }
    }

    fn tables(&self, out: &mut Vec<ResourceChange>) {
        use TableProperty as P;
        let (d, l) = (&self.desired.catalog, &self.live.catalog);
        for dt in &d.tables {
            let lt = l
                .tables
                .iter()
                .find(|t| t.database == dt.database && t.name == dt.name);
            let mut p = Props::new(lt.is_none());
            if let Some(v) = dt.location.known() {
                p.check(
                    P::Location,
                    Want::Is(self.resolver.resolve(v)),
                    lt.map(|t| t.location.clone()),
                    eq,
                    Effect::Update,
                );
            }
            p.same(P::Format, &dt.format, lt.map(|t| &t.format));
            p.same(P::Compression, &dt.compression, lt.map(|t| &t.compression));
            p.same(P::Columns, &dt.columns, lt.map(|t| &t.columns));
            if let Some(v) = dt.partition_keys.known() {
                // Existing partitions are laid out by the old keys.
                p.check(
                    P::PartitionKeys,
                    Want::Is(v.clone()),
                    lt.map(|t| t.partition_keys.clone()),
                    eq,
                    Effect::Replace,
                );
            }
            if let Some(v) = dt.partitioning.known() {
                // Data files already written are laid out by the live spec; evolving it is a
                // rewrite of the table's layout that deploy leaves to its owner.
                p.check(
                    P::Partitioning,
                    Want::Is(v.clone()),
                    lt.map(|t| t.partitioning.clone()),
                    eq,
                    Effect::Replace,
                );
            }
            out.push(p.finish(Kind::Table, &format!("{}.{}", dt.database, dt.name)));
        }
    }

    fn crawlers(&self, out: &mut Vec<ResourceChange>) {
        use CrawlerProperty as P;
        let (d, l) = (&self.desired.catalog, &self.live.catalog);
        for dc in &d.crawlers {
            let lc = l.crawlers.iter().find(|c| c.name == dc.name);
            let mut p = Props::new(lc.is_none());
            p.check(
                P::Database,
                Want::Is(dc.database.clone()),
                lc.map(|c| Prop::Known(c.database.clone())),
                eq,
                Effect::Update,
            );
            p.check(
                P::Role,
                Want::Is(self.role_name(&dc.role)),
                lc.map(|c| Prop::Known(self.role_name(&c.role))),
                eq,
                Effect::Update,
            );
            if let Some(v) = dc.targets.known() {
                let targets: Vec<String> = v.iter().map(|t| self.resolver.resolve(t)).collect();
                p.check(
                    P::Targets,
                    Want::Is(targets),
                    lc.map(|c| c.targets.clone()),
                    |a, b| same_set(a, b),
                    Effect::Update,
                );
            }
            p.same(P::Schedule, &dc.schedule, lc.map(|c| &c.schedule));
            p.same(
                P::SecurityConfiguration,
                &dc.security_configuration,
                lc.map(|c| &c.security_configuration),
            );
            p.same(
                P::DeleteBehavior,
                &dc.delete_behavior,
                lc.map(|c| &c.delete_behavior),
            );
            p.same(
                P::UpdateBehavior,
                &dc.update_behavior,
                lc.map(|c| &c.update_behavior),
            );
            p.same(
                P::RecrawlBehavior,
                &dc.recrawl_behavior,
                lc.map(|c| &c.recrawl_behavior),
            );
            p.tags(P::Tags, &dc.tags, lc.map(|c| &c.tags));
            out.push(p.finish(Kind::Crawler, &dc.name));
        }
    }

    fn jobs(&self, out: &mut Vec<ResourceChange>) {
        use JobProperty as P;
        let (d, l) = (&self.desired.catalog, &self.live.catalog);
        for dj in &d.jobs {
            let lj = l.jobs.iter().find(|j| j.name == dj.name);
            let mut p = Props::new(lj.is_none());
            p.check(
                P::Role,
                Want::Is(self.role_name(&dj.role)),
                lj.map(|j| Prop::Known(self.role_name(&j.role))),
                eq,
                Effect::Update,
            );
            let resolve = |v: &Prop<String>| v.known().map(|v| self.resolver.resolve(v));
            if let Some(v) = resolve(&dj.script_location) {
                p.check(
                    P::ScriptLocation,
                    Want::Is(v),
                    lj.map(|j| j.script_location.clone()),
                    eq,
                    Effect::Update,
                );
            }
            p.same(
                P::GlueVersion,
                &dj.glue_version,
                lj.map(|j| &j.glue_version),
            );
            p.same(P::WorkerType, &dj.worker_type, lj.map(|j| &j.worker_type));
            p.same(P::Workers, &dj.workers, lj.map(|j| &j.workers));
            p.same(
                P::ExecutionClass,
                &dj.execution_class,
                lj.map(|j| &j.execution_class),
            );
            p.same(
                P::TimeoutMinutes,
                &dj.timeout_minutes,
                lj.map(|j| &j.timeout_minutes),
            );
            p.same(P::MaxRetries, &dj.max_retries, lj.map(|j| &j.max_retries));
            p.same(
                P::NotifyDelayMinutes,
                &dj.notify_delay_minutes,
                lj.map(|j| &j.notify_delay_minutes),
            );
            if let Some(v) = dj.arguments.known() {
                let resolved: Tags = (v.iter())
                    .map(|(k, v)| (k.clone(), self.resolver.resolve(v)))
                    .collect();
                p.check(
                    P::Arguments,
                    Want::Is(resolved),
                    lj.map(|j| j.arguments.clone()),
                    eq,
                    Effect::Update,
                );
            }
            p.same(
                P::SecurityConfiguration,
                &dj.security_configuration,
                lj.map(|j| &j.security_configuration),
            );
            p.tags(P::Tags, &dj.tags, lj.map(|j| &j.tags));
            out.push(p.finish(Kind::Job, &dj.name));
        }
    }

    /// A workflow's triggers are compared as one sorted list: the plan shows the whole graph.
    fn workflows(&self, out: &mut Vec<ResourceChange>) {
        use WorkflowProperty as P;
        let (d, l) = (&self.desired.catalog, &self.live.catalog);
        for dw in &d.workflows {
            let lw = l.workflows.iter().find(|w| w.name == dw.name);
            let mut p = Props::new(lw.is_none());
            p.same(P::Description, &dw.description, lw.map(|w| &w.description));
            p.same(P::Triggers, &dw.triggers, lw.map(|w| &w.triggers));
            p.tags(P::Tags, &dw.tags, lw.map(|w| &w.tags));
            out.push(p.finish(Kind::Workflow, &dw.name));
        }
    }
}
