//! Layering: the config file, then `LAKECTL_*` environment variables, then flags. A later layer
//! replaces a setting (lists are replaced whole, not merged).

use std::path::PathBuf;

use super::Loaded;
use super::file::{FailOn, RuleName, parse_service, parse_severity};
use crate::audit::policy::{AuditPolicy, Selection};
use crate::audit::rule::{Rule, Service, Severity};

/// The audit flags that override the config file and the environment; `None` or empty when
/// not given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFlags {
    pub fail_on: Option<Option<Severity>>,
    pub suppressions: Option<PathBuf>,
    pub rules: Vec<String>,
    pub skip_rules: Vec<String>,
    pub services: Vec<String>,
}

/// What an audit runs with, once every layer is applied.
#[derive(Debug, Clone, PartialEq)]
pub struct LayeredAudit {
    pub policy: AuditPolicy,
    /// `None`: never fail on findings.
    pub fail_on: Option<Severity>,
    pub suppressions: Option<PathBuf>,
}

/// Reads a list variable: comma-separated, blanks ignored.
fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn rules(names: &[String], source: &str) -> Result<Vec<&'static Rule>, String> {
    names
        .iter()
        .map(|n| {
            RuleName::try_from(n.clone())
                .map(|r| r.rule())
                .map_err(|e| format!("{source}: {e}"))
        })
        .collect()
}

pub fn resolve_audit(
    config: Option<&Loaded>,
    env: &dyn Fn(&str) -> Option<String>,
    flags: &AuditFlags,
) -> Result<LayeredAudit, String> {
    let mut layered = from_file(config);
    apply_env(&mut layered, env)?;
    apply_flags(&mut layered, flags)?;
    Ok(layered)
}

/// The config file's settings, or the defaults without one; relative paths resolve against the
/// file's directory.
fn from_file(config: Option<&Loaded>) -> LayeredAudit {
    let audit = config.map(|c| c.file.audit.clone()).unwrap_or_default();
    let base = config
        .and_then(|c| c.path.parent())
        .map(PathBuf::from)
        .unwrap_or_default();
    let policy = AuditPolicy {
        required_tags: audit.required_tags,
        min_stream_retention_hours: audit.min_stream_retention_hours,
        max_bytes_scanned_cutoff: audit.athena_max_bytes_scanned,
        severity_overrides: audit
            .severity
            .iter()
            .map(|(r, s)| (r.rule().id, s.0))
            .collect(),
        selection: Selection {
            rules: audit.rules.iter().map(|r| r.rule()).collect(),
            skip_rules: audit.skip_rules.iter().map(|r| r.rule()).collect(),
            services: audit.services.iter().map(|s| s.0).collect(),
            skip_services: audit.skip_services.iter().map(|s| s.0).collect(),
            severities: audit.severities.iter().map(|s| s.0).collect(),
        },
    };
    LayeredAudit {
        policy,
        fail_on: audit.fail_on.map_or(Some(Severity::High), |f| f.0),
        suppressions: audit.suppressions.map(|p| base.join(p)),
    }
}

/// `LAKECTL_*` variables replace what the file says.
fn apply_env(
    layered: &mut LayeredAudit,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(), String> {
    let policy = &mut layered.policy;
    if let Some(v) = env("LAKECTL_FAIL_ON") {
        layered.fail_on = FailOn::try_from(v)
            .map_err(|e| format!("LAKECTL_FAIL_ON: {e}"))?
            .0;
    }
    if let Some(v) = env("LAKECTL_SUPPRESSIONS") {
        layered.suppressions = Some(PathBuf::from(v));
    }
    if let Some(v) = env("LAKECTL_RULES") {
        policy.selection.rules = rules(&list(&v), "LAKECTL_RULES")?;
    }
    if let Some(v) = env("LAKECTL_SKIP_RULES") {
        policy.selection.skip_rules = rules(&list(&v), "LAKECTL_SKIP_RULES")?;
    }
    if let Some(v) = env("LAKECTL_SERVICES") {
        policy.selection.services = services(&list(&v), "LAKECTL_SERVICES")?;
    }
    if let Some(v) = env("LAKECTL_SEVERITIES") {
        policy.selection.severities = list(&v)
            .iter()
            .map(|s| parse_severity(s).map_err(|e| format!("LAKECTL_SEVERITIES: {e}")))
            .collect::<Result<_, _>>()?;
    }
    if let Some(v) = env("LAKECTL_REQUIRED_TAGS") {
        policy.required_tags = list(&v).into_iter().map(|k| (k, None)).collect();
    }
    if let Some(v) = env("LAKECTL_MIN_STREAM_RETENTION_HOURS") {
        policy.min_stream_retention_hours = Some(v.trim().parse().map_err(|_| {
            format!("LAKECTL_MIN_STREAM_RETENTION_HOURS: `{v}` is not a whole number of hours")
        })?);
    }
    if let Some(v) = env("LAKECTL_ATHENA_MAX_BYTES_SCANNED") {
        policy.max_bytes_scanned_cutoff = Some(v.trim().parse().map_err(|_| {
            format!("LAKECTL_ATHENA_MAX_BYTES_SCANNED: `{v}` is not a whole number of bytes")
        })?);
    }
    Ok(())
}

/// Flags replace both the file and the environment.
fn apply_flags(layered: &mut LayeredAudit, flags: &AuditFlags) -> Result<(), String> {
    if let Some(f) = flags.fail_on {
        layered.fail_on = f;
    }
    if let Some(path) = &flags.suppressions {
        layered.suppressions = Some(path.clone());
    }
    let selection = &mut layered.policy.selection;
    if !flags.rules.is_empty() {
        selection.rules = rules(&flags.rules, "--rule")?;
    }
    if !flags.skip_rules.is_empty() {
        selection.skip_rules = rules(&flags.skip_rules, "--skip-rule")?;
    }
    if !flags.services.is_empty() {
        selection.services = services(&flags.services, "--service")?;
    }
    Ok(())
}

fn services(names: &[String], source: &str) -> Result<Vec<Service>, String> {
    names
        .iter()
        .map(|s| parse_service(s).map_err(|e| format!("{source}: {e}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use super::*;
    use crate::audit::rule::Service;
    use crate::config::parse;

    fn loaded(text: &str) -> Loaded {
        Loaded {
            path: PathBuf::from("/repo/.lakectl.yaml"),
            file: parse("/repo/.lakectl.yaml", text).unwrap(),
        }
    }

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn without_any_layer_the_defaults_hold() {
        let s = resolve_audit(None, &env_of(&[]), &AuditFlags::default()).unwrap();
        assert_eq!(s.fail_on, Some(Severity::High));
        assert_eq!(s.suppressions, None);
        assert_eq!(s.policy, AuditPolicy::default());
    }

    #[test]
    fn the_environment_overrides_the_file_and_flags_override_both() {
        let config = loaded(
            "audit:\n  fail_on: low\n  suppressions: s.yaml\n  services: [kms]\n  required_tags: {owner: ~}\n",
        );
        let from_file = resolve_audit(Some(&config), &env_of(&[]), &AuditFlags::default()).unwrap();
        assert_eq!(from_file.fail_on, Some(Severity::Low));
        assert_eq!(
            from_file.suppressions.as_deref(),
            Some(Path::new("/repo/s.yaml"))
        );
        assert_eq!(from_file.policy.selection.services, vec![Service::Kms]);

        let env = env_of(&[
            ("LAKECTL_FAIL_ON", "critical"),
            ("LAKECTL_SERVICES", "s3, glue"),
            ("LAKECTL_REQUIRED_TAGS", "owner,cost-center"),
        ]);
        let from_env = resolve_audit(Some(&config), &env, &AuditFlags::default()).unwrap();
        assert_eq!(from_env.fail_on, Some(Severity::Critical));
        assert_eq!(
            from_env.policy.selection.services,
            vec![Service::S3, Service::Glue]
        );
        assert_eq!(
            from_env.policy.required_tags.keys().collect::<Vec<_>>(),
            vec!["cost-center", "owner"]
        );

        let flags = AuditFlags {
            fail_on: Some(None),
            services: vec!["athena".into()],
            skip_rules: vec!["LK-ATH-003".into()],
            ..AuditFlags::default()
        };
        let from_flags = resolve_audit(Some(&config), &env, &flags).unwrap();
        assert_eq!(from_flags.fail_on, None);
        assert_eq!(from_flags.policy.selection.services, vec![Service::Athena]);
        assert_eq!(
            from_flags
                .policy
                .selection
                .skip_rules
                .iter()
                .map(|r| r.id)
                .collect::<Vec<_>>(),
            vec!["LK-ATH-003"]
        );
    }

    #[test]
    fn bad_environment_values_and_flags_say_where_they_came_from() {
        let e = resolve_audit(
            None,
            &env_of(&[("LAKECTL_FAIL_ON", "loud")]),
            &AuditFlags::default(),
        )
        .unwrap_err();
        assert!(
            e.starts_with("LAKECTL_FAIL_ON: unknown fail-on level `loud`"),
            "{e}"
        );
        let flags = AuditFlags {
            rules: vec!["LK-NOPE-001".into()],
            ..AuditFlags::default()
        };
        let e = resolve_audit(None, &env_of(&[]), &flags).unwrap_err();
        assert!(e.starts_with("--rule: unknown rule `LK-NOPE-001`"), "{e}");
    }
}
