//! Each command's arguments and the environment, resolved once into a settings value before the
//! command runs. Commands read settings, never `cli` or the environment.
//!
//! Every `resolve` starts with an exhaustive destructure of its arguments (no `..`), so a new
//! flag does not compile until it is resolved here.
//!
//! Precedence, everywhere: flag > `LAKECTL_*` environment variable > config file
//! ([`FileSettings`], `.lakectl.yaml`) > default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::audit::policy::AuditPolicy;
use crate::audit::reports;
use crate::audit::rule::Severity;
use crate::aws::{AwsSettings, ConnectOptions};
use crate::cli::{
    AuditArgs, AwsArgs, ColorArg, DeployArgs, DestroyArgs, GlobalArgs, PlanArgs, ReachArgs,
    RenderArgs, ReportCommand, ReportFormat, ReportMergeArgs, ReportOutputArgs, ReportRenderArgs,
    RulesArgs, RulesFormat, SchemaArgs, SchemaOf, SeverityArg, TemplateFormat, TextOrJson,
    ValidateArgs,
};
use crate::config::{self, AuditFlags, ConfigError, Loaded};
use crate::inventory::DEFAULT_CONCURRENCY;
use crate::org::fleet::{Members, Reach};
use crate::org::{Accounts, MemberAccounts, MemberRole, Regions};
use crate::printer::{ColorChoice, Printer, Verbosity, wants_color};
use crate::render;

/// The environment variables lakectl reads, captured once (tests build it by hand).
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// `NO_COLOR` set to anything but the empty string.
    pub no_color: bool,
    /// `CLICOLOR_FORCE` set to anything but the empty string or `0`.
    pub clicolor_force: bool,
    /// `CI` set (GitHub Actions, GitLab, ...): no progress bars.
    pub ci: bool,
    /// `RUST_LOG`, when set: the log filter, overriding `-v`.
    pub rust_log: Option<String>,
    /// `AWS_MAX_ATTEMPTS`.
    pub aws_max_attempts: Option<String>,
    pub stdout_is_terminal: bool,
    pub stderr_is_terminal: bool,
    /// Every `LAKECTL_*` variable, for the settings the config file also holds.
    pub lakectl: BTreeMap<String, String>,
}

impl Environment {
    pub fn capture() -> Self {
        use std::io::IsTerminal;
        let var = |key: &str| std::env::var(key).ok();
        let set = |key: &str| var(key).is_some_and(|v| !v.is_empty());
        Environment {
            no_color: set("NO_COLOR"),
            clicolor_force: var("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0"),
            ci: set("CI"),
            rust_log: var("RUST_LOG").filter(|v| !v.is_empty()),
            aws_max_attempts: var("AWS_MAX_ATTEMPTS"),
            stdout_is_terminal: std::io::stdout().is_terminal(),
            stderr_is_terminal: std::io::stderr().is_terminal(),
            lakectl: std::env::vars()
                .filter(|(k, _)| k.starts_with("LAKECTL_"))
                .collect(),
        }
    }

    /// A `LAKECTL_*` variable.
    pub fn lakectl_var(&self, name: &str) -> Option<String> {
        self.lakectl.get(name).cloned()
    }
}

/// What the project's config file (`.lakectl.yaml`) contributes, when there is one.
#[derive(Debug, Clone, Default)]
pub struct FileSettings {
    pub config: Option<Loaded>,
}

impl FileSettings {
    /// The file given with `--config` / `LAKECTL_CONFIG` (which must exist), otherwise the
    /// nearest `.lakectl.yaml` from `cwd` upwards. A file that cannot be used is an error at
    /// its line and column.
    pub fn discover(explicit: Option<&Path>, cwd: &Path) -> Result<Self, ConfigError> {
        Ok(FileSettings {
            config: config::discover(explicit, cwd)?,
        })
    }
}

/// Result format of validate, plan, deploy and destroy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Text,
    Json,
}

impl From<TextOrJson> for Output {
    fn from(output: TextOrJson) -> Self {
        match output {
            TextOrJson::Text => Output::Text,
            TextOrJson::Json => Output::Json,
        }
    }
}

/// Settings every command shares.
#[derive(Debug, Clone)]
pub struct GlobalSettings {
    pub printer: Printer,
    /// The tracing filter (`RUST_LOG` syntax); `None`: no logs.
    pub log_filter: Option<String>,
}

impl GlobalSettings {
    pub fn resolve(args: GlobalArgs, _file: &FileSettings, env: &Environment) -> Self {
        let GlobalArgs {
            color,
            verbose,
            quiet,
            // Read before any settings, into `FileSettings` (see `main`).
            config: _,
        } = args;
        let choice = match color {
            ColorArg::Auto => ColorChoice::Auto,
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
        };
        let verbosity = match (quiet, verbose) {
            (true, _) => Verbosity::Quiet,
            (false, 0) => Verbosity::Default,
            (false, _) => Verbosity::Verbose,
        };
        let stdout_color = wants_color(
            choice,
            env.no_color,
            env.clicolor_force,
            env.stdout_is_terminal,
        );
        let stderr_color = wants_color(
            choice,
            env.no_color,
            env.clicolor_force,
            env.stderr_is_terminal,
        );
        // Progress only for a person watching: a terminal, outside CI, not asked to be quiet.
        let progress = env.stderr_is_terminal && !env.ci && !quiet;
        let log_filter = env.rust_log.clone().or(match verbose {
            0 => None,
            1 => Some("lakectl=debug".to_string()),
            // The SDK's own request tracing (aws_smithy_runtime, aws_config, ...).
            _ => Some("debug".to_string()),
        });
        GlobalSettings {
            printer: Printer::new(verbosity, stdout_color, stderr_color, progress),
            log_filter,
        }
    }
}

fn aws_settings(args: AwsArgs) -> AwsSettings {
    let AwsArgs {
        profile,
        region,
        endpoint_url,
    } = args;
    AwsSettings {
        profile,
        region,
        endpoint_url,
    }
}

fn connect_options(env: &Environment) -> ConnectOptions {
    ConnectOptions::from_max_attempts(env.aws_max_attempts.as_deref())
}

/// Concurrency of the reads plan, deploy and destroy make before writing.
const READ_CONCURRENCY: usize = DEFAULT_CONCURRENCY as usize;

#[derive(Debug, Clone)]
pub struct ValidateSettings {
    pub blueprints: Vec<PathBuf>,
    pub output: Output,
    /// The blueprint environment `--env` selects; `None`: the base blueprint.
    pub environment: Option<String>,
}

impl ValidateSettings {
    pub fn resolve(args: ValidateArgs, _file: &FileSettings, _env: &Environment) -> Self {
        let ValidateArgs {
            blueprints,
            output,
            env: environment,
        } = args;
        ValidateSettings {
            environment,
            blueprints,
            output: output.into(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct RenderSettings {
    pub blueprint: PathBuf,
    pub out: PathBuf,
    pub format: render::Format,
    pub templates_dir: Option<PathBuf>,
    pub account_id: Option<String>,
    /// The blueprint environment `--env` selects; `None`: the base blueprint.
    pub environment: Option<String>,
}

impl RenderSettings {
    pub fn resolve(args: RenderArgs, _file: &FileSettings, _env: &Environment) -> Self {
        let RenderArgs {
            blueprint,
            out,
            format,
            templates_dir,
            account_id,
            env: environment,
        } = args;
        RenderSettings {
            environment,
            blueprint,
            out,
            format: match format {
                TemplateFormat::Yaml => render::Format::Yaml,
                TemplateFormat::Json => render::Format::Json,
            },
            templates_dir,
            account_id,
        }
    }
}

#[derive(Debug, Clone)]
pub struct SchemaSettings {
    pub out: Option<PathBuf>,
    /// The config file's schema instead of the blueprint's.
    pub config: bool,
}

impl SchemaSettings {
    pub fn resolve(args: SchemaArgs, _file: &FileSettings, _env: &Environment) -> Self {
        let SchemaArgs { out, of } = args;
        SchemaSettings {
            out,
            config: of == SchemaOf::Config,
        }
    }
}

#[derive(Debug, Clone)]
pub struct PlanSettings {
    pub blueprint: PathBuf,
    pub aws: AwsSettings,
    pub connect: ConnectOptions,
    /// Read calls in flight at once.
    pub read_concurrency: usize,
    pub output: Output,
    /// Where to save the plan (`--out`).
    pub out: Option<PathBuf>,
    /// The blueprint environment `--env` selects; `None`: the base blueprint.
    pub environment: Option<String>,
}

impl PlanSettings {
    pub fn resolve(args: PlanArgs, _file: &FileSettings, env: &Environment) -> Self {
        let PlanArgs {
            blueprint,
            aws,
            output,
            out,
            env: environment,
        } = args;
        PlanSettings {
            environment,
            blueprint,
            aws: aws_settings(aws),
            connect: connect_options(env),
            read_concurrency: READ_CONCURRENCY,
            output: output.into(),
            out,
        }
    }
}

#[derive(Debug, Clone)]
pub struct DeploySettings {
    /// `None` only with `saved_plan`: then the plan's own blueprint.
    pub blueprint: Option<PathBuf>,
    pub aws: AwsSettings,
    pub connect: ConnectOptions,
    /// Resources written at once.
    pub concurrency: usize,
    /// Read calls in flight at once while planning (at least `concurrency`).
    pub read_concurrency: usize,
    pub output: Output,
    /// A saved plan to apply exactly (`--plan`).
    pub saved_plan: Option<PathBuf>,
    /// Apply without asking.
    pub yes: bool,
    /// The blueprint environment `--env` selects; `None`: the base blueprint.
    pub environment: Option<String>,
}

impl DeploySettings {
    pub fn resolve(args: DeployArgs, _file: &FileSettings, env: &Environment) -> Self {
        let DeployArgs {
            blueprint,
            aws,
            concurrency,
            output,
            plan,
            yes,
            env: environment,
        } = args;
        let concurrency = usize::from(concurrency);
        DeploySettings {
            environment,
            blueprint,
            aws: aws_settings(aws),
            connect: connect_options(env),
            concurrency,
            read_concurrency: concurrency.max(READ_CONCURRENCY),
            output: output.into(),
            saved_plan: plan,
            yes,
        }
    }
}

#[derive(Debug, Clone)]
pub struct DestroySettings {
    pub blueprint: PathBuf,
    pub aws: AwsSettings,
    pub connect: ConnectOptions,
    pub read_concurrency: usize,
    /// Empty non-empty buckets first.
    pub force: bool,
    pub output: Output,
    /// Destroy without asking.
    pub yes: bool,
    /// The blueprint environment `--env` selects; `None`: the base blueprint.
    pub environment: Option<String>,
}

impl DestroySettings {
    pub fn resolve(args: DestroyArgs, _file: &FileSettings, env: &Environment) -> Self {
        let DestroyArgs {
            blueprint,
            aws,
            force,
            output,
            yes,
            env: environment,
        } = args;
        DestroySettings {
            environment,
            blueprint,
            aws: aws_settings(aws),
            connect: connect_options(env),
            read_concurrency: READ_CONCURRENCY,
            force,
            output: output.into(),
            yes,
        }
    }
}

/// What an audit looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditScope {
    /// `--static`: the blueprint's desired state, no AWS calls.
    Static(PathBuf),
    /// `--blueprint`: the live resources the blueprint names.
    Lake(PathBuf),
    /// `--all`: every resource of the covered services in the region; with `--blueprint`, that
    /// lake's resources are judged by its zones.
    Account { lake: Option<PathBuf> },
}

#[derive(Debug, Clone)]
pub struct AuditSettings {
    pub scope: AuditScope,
    /// The configuration reached first: the first region given, the caller's credentials.
    pub aws: AwsSettings,
    /// The regions and accounts of an `--all` audit; one region of the caller's account unless
    /// more were given.
    pub reach: Reach,
    pub connect: ConnectOptions,
    /// Distinct formats, in the order given; several only with `out`.
    pub formats: Vec<reports::Format>,
    pub out: Option<PathBuf>,
    /// Lowest failing severity; `None`: never fail on findings.
    pub threshold: Option<Severity>,
    pub suppressions: Option<PathBuf>,
    pub concurrency: usize,
    /// Which rules run, and what they require (tags, retention, cutoffs, severities).
    pub policy: AuditPolicy,
    /// The blueprint environment `--env` selects; `None`: the base blueprint.
    pub environment: Option<String>,
}

impl AuditSettings {
    pub fn resolve(
        args: AuditArgs,
        file: &FileSettings,
        env: &Environment,
    ) -> anyhow::Result<Self> {
        let AuditArgs {
            static_blueprint,
            blueprint,
            all,
            reach,
            format,
            out,
            fail_on,
            suppressions,
            rules,
            skip_rules,
            services,
            concurrency,
            env: environment,
        } = args;
        let flags = AuditFlags {
            fail_on: fail_on.map(threshold),
            suppressions,
            rules,
            skip_rules,
            services,
        };
        let layered = config::resolve_audit(
            file.config.as_ref(),
            &|name: &str| env.lakectl_var(name),
            &flags,
        )
        .map_err(|e| anyhow::anyhow!(e))?;
        let formats = report_formats(format, out.as_deref())?;
        let (aws, reach) = reach_settings(reach)?;
        if reach.spans_several() && (blueprint.is_some() || !all) {
            anyhow::bail!(
                "several regions or accounts are audited with `--all` alone: `--blueprint` and \
                 `--static` audit one lake, in its own region"
            );
        }
        let scope = match (static_blueprint, blueprint, all) {
            (Some(path), _, _) => AuditScope::Static(path),
            (None, Some(path), false) => AuditScope::Lake(path),
            (None, lake, true) => AuditScope::Account { lake },
            (None, None, false) => anyhow::bail!(
                "nothing to audit: give `--static BLUEPRINT` (desired state, no AWS calls), `--blueprint BLUEPRINT` (that lake's live resources) or `--all` (the region)"
            ),
        };
        Ok(AuditSettings {
            environment,
            scope,
            aws,
            reach,
            connect: connect_options(env),
            formats,
            out,
            threshold: layered.fail_on,
            suppressions: layered.suppressions,
            concurrency: usize::from(concurrency),
            policy: layered.policy,
        })
    }
}

/// `--profile`, `--region`s, `--endpoint-url` and the member accounts. No region given: the
/// AWS configuration's (or the blueprint's), resolved when connecting; `--organization`'s
/// accounts and `--region all`'s regions are listed when the audit runs.
fn reach_settings(args: ReachArgs) -> anyhow::Result<(AwsSettings, Reach)> {
    let ReachArgs {
        profile,
        regions,
        endpoint_url,
        accounts,
        accounts_file,
        organization,
        role_name,
        external_id,
        role_session_name,
        shard,
        max_accounts,
    } = args;
    let regions = Regions::parse(regions)?;
    let accounts = match (accounts, accounts_file, organization) {
        (Some(list), _, _) => Some(MemberAccounts::Listed(Accounts::parse_list(&list)?)),
        (None, Some(path), _) => Some(MemberAccounts::Listed(Accounts::load(&path)?)),
        (None, None, true) => Some(MemberAccounts::Organization),
        (None, None, false) => None,
    };
    let members = match (accounts, role_name) {
        (Some(accounts), Some(name)) => {
            let role =
                MemberRole::new(&name, external_id.as_deref(), role_session_name.as_deref())?;
            Some(Members { accounts, role })
        }
        (None, Some(_)) => anyhow::bail!(
            "--role-name needs the accounts to assume it in: `--accounts ID,ID`, \
             `--accounts-file FILE` or `--organization`"
        ),
        (_, None) => None,
    };
    let aws = AwsSettings {
        profile,
        region: regions.first().map(str::to_string),
        endpoint_url,
    };
    let reach = Reach {
        regions,
        members,
        shard,
        accounts_in_flight: usize::from(max_accounts),
    };
    Ok((aws, reach))
}

/// Distinct formats in the order given; several need a directory to write one file each.
fn report_formats(
    format: Vec<ReportFormat>,
    out: Option<&Path>,
) -> anyhow::Result<Vec<reports::Format>> {
    let mut formats = Vec::new();
    for format in format.into_iter().map(report_format) {
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    if formats.len() > 1 && out.is_none() {
        anyhow::bail!(
            "{} formats need `--out DIR` to write one file each (e.g. audit.sarif, audit.junit.xml); give one format to print it",
            formats.len()
        );
    }
    Ok(formats)
}

/// Which saved reports `lakectl report` reads.
#[derive(Debug, Clone)]
pub enum SavedInputs {
    /// `report render`: one report, re-rendered as it is.
    One(PathBuf),
    /// `report merge`: shard reports joined into one.
    Shards(Vec<PathBuf>),
}

#[derive(Debug, Clone)]
pub struct ReportSettings {
    pub inputs: SavedInputs,
    pub formats: Vec<reports::Format>,
    pub out: Option<PathBuf>,
    /// `Some`: `--fail-on` was given (`Some(None)`: never); `None`: the saved reports' own.
    pub threshold: Option<Option<Severity>>,
}

impl ReportSettings {
    pub fn resolve(
        command: ReportCommand,
        _file: &FileSettings,
        _env: &Environment,
    ) -> anyhow::Result<Self> {
        let (inputs, output) = match command {
            ReportCommand::Render(ReportRenderArgs { report, output }) => {
                (SavedInputs::One(report), output)
            }
            ReportCommand::Merge(ReportMergeArgs { reports, output }) => {
                (SavedInputs::Shards(reports), output)
            }
        };
        // The config file's `audit.fail_on` is not applied: a saved report carries the
        // threshold its audit ran with, and only a flag replaces it.
        let ReportOutputArgs {
            format,
            out,
            fail_on,
        } = output;
        Ok(ReportSettings {
            inputs,
            formats: report_formats(format, out.as_deref())?,
            out,
            threshold: fail_on.map(threshold),
        })
    }
}

fn report_format(format: ReportFormat) -> reports::Format {
    match format {
        ReportFormat::Text => reports::Format::Text,
        ReportFormat::Json => reports::Format::Json,
        ReportFormat::Sarif => reports::Format::Sarif,
        ReportFormat::Junit => reports::Format::Junit,
        ReportFormat::Markdown => reports::Format::Markdown,
        ReportFormat::Html => reports::Format::Html,
        ReportFormat::WaLens => reports::Format::WaLens,
    }
}

fn threshold(fail_on: SeverityArg) -> Option<Severity> {
    match fail_on {
        SeverityArg::Info => Some(Severity::Info),
        SeverityArg::Low => Some(Severity::Low),
        SeverityArg::Medium => Some(Severity::Medium),
        SeverityArg::High => Some(Severity::High),
        SeverityArg::Critical => Some(Severity::Critical),
        SeverityArg::Never => None,
    }
}

/// The rule catalogue's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogueFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Clone)]
pub struct RulesSettings {
    pub format: CatalogueFormat,
    /// The Analytics Lens coverage instead of the rule catalogue.
    pub coverage: bool,
}

impl RulesSettings {
    pub fn resolve(args: RulesArgs, _file: &FileSettings, _env: &Environment) -> Self {
        let RulesArgs { format, coverage } = args;
        RulesSettings {
            coverage,
            format: match format {
                RulesFormat::Text => CatalogueFormat::Text,
                RulesFormat::Json => CatalogueFormat::Json,
                RulesFormat::Markdown => CatalogueFormat::Markdown,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn global(verbose: u8, quiet: bool, env: &Environment) -> GlobalSettings {
        let args = GlobalArgs {
            color: ColorArg::Auto,
            verbose,
            quiet,
            config: None,
        };
        GlobalSettings::resolve(args, &FileSettings::default(), env)
    }

    #[test]
    fn verbosity_picks_the_log_filter_and_rust_log_overrides_it() {
        let env = Environment::default();
        assert_eq!(global(0, false, &env).log_filter, None);
        assert_eq!(
            global(1, false, &env).log_filter.as_deref(),
            Some("lakectl=debug")
        );
        assert_eq!(global(2, false, &env).log_filter.as_deref(), Some("debug"));
        let env = Environment {
            rust_log: Some("aws_smithy_runtime=debug".into()),
            ..Environment::default()
        };
        assert_eq!(
            global(0, false, &env).log_filter.as_deref(),
            Some("aws_smithy_runtime=debug")
        );
        assert_eq!(global(0, true, &env).printer.verbosity(), Verbosity::Quiet);
    }

    #[test]
    fn no_progress_without_a_terminal_or_in_ci() {
        let env = Environment {
            stderr_is_terminal: false,
            ..Environment::default()
        };
        assert!(!global(0, false, &env).printer.draws_progress());
    }

    #[test]
    fn audit_needs_a_scope_and_an_out_dir_for_several_formats() {
        let args = |format: Vec<ReportFormat>, all: bool, out: Option<PathBuf>| AuditArgs {
            static_blueprint: None,
            blueprint: None,
            env: None,
            all,
            reach: ReachArgs::default(),
            format,
            out,
            fail_on: Some(SeverityArg::High),
            rules: Vec::new(),
            skip_rules: Vec::new(),
            services: Vec::new(),
            suppressions: None,
            concurrency: DEFAULT_CONCURRENCY,
        };
        let env = Environment::default();
        let file = FileSettings::default();
        let err = AuditSettings::resolve(args(vec![ReportFormat::Text], false, None), &file, &env)
            .unwrap_err();
        assert!(err.to_string().starts_with("nothing to audit"), "{err}");
        let err = AuditSettings::resolve(
            args(vec![ReportFormat::Sarif, ReportFormat::Junit], true, None),
            &file,
            &env,
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("2 formats need `--out DIR`"));
        let ok = AuditSettings::resolve(
            args(vec![ReportFormat::Json, ReportFormat::Json], true, None),
            &file,
            &env,
        )
        .unwrap();
        assert_eq!(ok.formats, vec![reports::Format::Json]);
        assert_eq!(ok.scope, AuditScope::Account { lake: None });
        assert_eq!(ok.threshold, Some(Severity::High));
    }
}
