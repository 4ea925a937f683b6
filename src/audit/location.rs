//! Where each resource of a compiled blueprint is defined, so SARIF results of a static audit
//! point at the right line (GitHub annotates it in pull requests).

use std::collections::BTreeMap;

use super::resource::Resource;
use crate::blueprint::{Blueprint, FieldPath, Locator, Source};
use crate::model::{BucketPurpose, Model, naming};

fn indexed(root: FieldPath, key: &str, index: Option<usize>) -> FieldPath {
    let path = root.key(key);
    match index {
        Some(i) => path.index(i),
        None => path,
    }
}

/// ARNs with the blueprint field each resource comes from.
type Paths = Vec<(String, FieldPath)>;

/// The line of each resource's definition, by ARN. Resources the blueprint only implies
/// (default zones, keys) point at the section they come from.
pub fn lines(blueprint: &Blueprint, source: &Source, model: &Model) -> BTreeMap<String, usize> {
    let locator = Locator::new(&source.text);
    let mut paths = Paths::new();
    storage(blueprint, model, &mut paths);
    ingest(blueprint, model, &mut paths);
    catalog(blueprint, model, &mut paths);
    access(blueprint, model, &mut paths);
    paths
        .into_iter()
        .map(|(arn, path)| {
            let line = locator.position(&path).map_or(1, |p| p.line.max(1));
            (arn, line)
        })
        .collect()
}

/// The account, keys and buckets.
fn storage(blueprint: &Blueprint, model: &Model, paths: &mut Paths) {
    let lake = &model.lake;
    let root = FieldPath::root();
    paths.push((Resource::account(lake).arn, root.key("lake")));
    for key in &model.keys {
        paths.push((Resource::key(lake, key).arn, root.key("encryption")));
    }
    for bucket in &model.buckets {
        let path = match &bucket.purpose {
            BucketPurpose::Zone { zone, .. } => indexed(
                root.clone(),
                "zones",
                blueprint.zones.iter().position(|z| &z.name == zone),
            ),
            BucketPurpose::AccessLogs => root.key("access_logs"),
            BucketPurpose::AthenaResults => root.key("athena_results"),
        };
        paths.push((Resource::bucket(lake, bucket).arn, path));
    }
}

/// Streams and delivery streams.
fn ingest(blueprint: &Blueprint, model: &Model, paths: &mut Paths) {
    let lake = &model.lake;
    let root = FieldPath::root();
    for stream in &model.streams {
        let index = blueprint.streams.iter().position(|s| s.name == stream.id);
        paths.push((
            Resource::stream(lake, stream).arn,
            indexed(root.clone(), "streams", index),
        ));
    }
    for ds in &model.delivery_streams {
        let index = blueprint
            .delivery_streams
            .iter()
            .position(|d| d.name == ds.id);
        paths.push((
            Resource::delivery_stream(lake, ds).arn,
            indexed(root.clone(), "delivery_streams", index),
        ));
    }
}

/// The catalog, its tables and crawlers.
fn catalog(blueprint: &Blueprint, model: &Model, paths: &mut Paths) {
    let lake = &model.lake;
    let root = FieldPath::root();
    paths.push((Resource::catalog(lake).arn, root.key("catalog")));
    for table in &model.catalog.tables {
        let db = blueprint
            .catalog
            .databases
            .iter()
            .position(|d| d.name == table.database);
        let path = match db {
            Some(i) => {
                let t = blueprint.catalog.databases[i]
                    .tables
                    .iter()
                    .position(|t| t.name == table.name);
                indexed(root.key("catalog").key("databases").index(i), "tables", t)
            }
            None => root.key("catalog"),
        };
        paths.push((Resource::table(lake, table).arn, path));
    }
    for crawler in &model.catalog.crawlers {
        let index = blueprint
            .catalog
            .crawlers
            .iter()
            .position(|c| naming::prefixed(blueprint.lake.scope(), &c.name) == crawler.name);
        paths.push((
            Resource::crawler(lake, crawler).arn,
            indexed(root.key("catalog"), "crawlers", index),
        ));
    }
}

/// Work groups, Lake Formation and roles.
fn access(blueprint: &Blueprint, model: &Model, paths: &mut Paths) {
    let lake = &model.lake;
    let root = FieldPath::root();
    for wg in &model.workgroups {
        let index = blueprint
            .athena
            .workgroups
            .iter()
            .position(|w| naming::prefixed(blueprint.lake.scope(), &w.name) == wg.name);
        paths.push((
            Resource::workgroup(lake, wg).arn,
            indexed(root.key("athena"), "workgroups", index),
        ));
    }
    paths.push((
        Resource::lake_formation(lake).arn,
        root.key("lake_formation"),
    ));
    for role in &model.roles {
        let index = blueprint.roles.iter().position(|r| r.name == role.id);
        paths.push((
            Resource::role(lake, role).arn,
            indexed(root.clone(), "roles", index),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::{CompileOptions, compile};

    #[test]
    fn resources_point_at_their_blueprint_lines() {
        let text = "lake:\n  name: shop\n  environment: dev\n  region: us-east-1\n  owner: team\n\
                    zones:\n  - name: raw\n  - name: curated\nstreams:\n  - name: clicks\n";
        let source = Source::new("shop.yaml", text);
        let blueprint = crate::blueprint::load_source(&source).expect("valid blueprint");
        let model = compile(&blueprint, &CompileOptions::default());
        let lines = lines(&blueprint, &source, &model);
        let curated = Resource::bucket(&model.lake, model.bucket("curated").unwrap()).arn;
        assert_eq!(lines[&curated], 8);
        assert_eq!(
            lines[&Resource::stream(&model.lake, &model.streams[0]).arn],
            10
        );
        let logs = Resource::bucket(&model.lake, model.bucket("access-logs").unwrap()).arn;
        assert_eq!(
            lines[&logs], 1,
            "implied resources fall back to the document"
        );
    }
}
