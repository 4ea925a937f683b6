//! Command-line definitions only (clap derive). `settings` turns these arguments and the
//! environment into settings, once, before a command runs; each subcommand's behaviour lives in
//! `commands/<name>.rs`. Library modules never import this one.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::inventory::DEFAULT_CONCURRENCY;
use crate::org::Shard;
use crate::org::fleet::DEFAULT_ACCOUNTS_IN_FLIGHT;

#[derive(Debug, Parser)]
#[command(
    name = "lakectl",
    version,
    about = "Turn a data-lake blueprint into secure AWS infrastructure, and prove it stays secure"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every subcommand accepts.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Colour: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never
    #[arg(long, value_enum, global = true, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// More output on stderr: -v debug logs of lakectl, -vv also the AWS SDK's (RUST_LOG overrides)
    #[arg(short, long, action = clap::ArgAction::Count, global = true, conflicts_with = "quiet")]
    pub verbose: u8,
    /// Only errors and warnings on stderr; results on stdout are unchanged
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Config file [default: the nearest .lakectl.yaml from the working directory upwards]
    #[arg(long, global = true, env = "LAKECTL_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a blueprint: structure, names, references and guardrails (exit 0 valid, 2 invalid)
    Validate(ValidateArgs),
    /// Render CloudFormation, IAM policies and bucket policies for a blueprint
    Render(RenderArgs),
    /// Print the JSON Schema of the blueprint format
    Schema(SchemaArgs),
    /// Show what deploy would change (exit 0 no changes, 1 changes, 2 error)
    Plan(PlanArgs),
    /// Create or update the lake a blueprint describes
    Deploy(DeployArgs),
    /// Tear down a test lake (refuses non-empty buckets without --force)
    Destroy(DestroyArgs),
    /// Audit a blueprint or a live account against the Analytics Lens rule catalogue
    Audit(Box<AuditArgs>),
    /// Re-render a saved audit report, or merge the reports of audit shards
    #[command(subcommand)]
    Report(ReportCommand),
    /// List the audit rule catalogue
    Rules(RulesArgs),
    /// Print a shell completion script (e.g. `lakectl completions bash > /etc/bash_completion.d/lakectl`)
    Completions(CompletionsArgs),
    /// Print the man page (roff), e.g. `lakectl man | man -l -`
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Blueprint files (YAML); each is checked and reported
    #[arg(required = true, num_args = 1.., value_name = "BLUEPRINT")]
    pub blueprints: Vec<PathBuf>,
    /// Output format for the result
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub output: TextOrJson,
    /// Environment to use, from the blueprint's `environments:` section (default: the base)
    #[arg(long = "env", value_name = "NAME")]
    pub env: Option<String>,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Blueprint file (YAML)
    pub blueprint: PathBuf,
    /// Directory to write into (created if missing)
    #[arg(short = 'o', long = "out", default_value = "rendered")]
    pub out: PathBuf,
    /// CloudFormation template format
    #[arg(long, value_enum, default_value_t = TemplateFormat::Yaml)]
    pub format: TemplateFormat,
    /// Directory with templates overriding the embedded ones (same file names)
    #[arg(long)]
    pub templates_dir: Option<PathBuf>,
    /// Account id to render into ARNs and names when the blueprint has none
    #[arg(long)]
    pub account_id: Option<String>,
    /// Environment to use, from the blueprint's `environments:` section (default: the base)
    #[arg(long = "env", value_name = "NAME")]
    pub env: Option<String>,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file's schema: the blueprint's, or the config file's (`.lakectl.yaml`)
    #[arg(value_enum, default_value_t = SchemaOf::Blueprint)]
    pub of: SchemaOf,
    /// Write the schema to this file instead of stdout
    #[arg(short = 'o', long)]
    pub out: Option<PathBuf>,
}

/// How to reach AWS; shared by every command that calls it.
#[derive(Debug, Clone, Args, Default)]
pub struct AwsArgs {
    /// Named profile from the AWS config files
    #[arg(long, env = "AWS_PROFILE")]
    pub profile: Option<String>,
    /// Region (default: the blueprint's region, then the AWS configuration's)
    #[arg(long)]
    pub region: Option<String>,
    /// Endpoint for every service (LocalStack, moto); per-service AWS_ENDPOINT_URL_<SERVICE>
    /// variables still apply
    #[arg(long)]
    pub endpoint_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Blueprint file (YAML)
    pub blueprint: PathBuf,
    #[command(flatten)]
    pub aws: AwsArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub output: TextOrJson,
    /// Save the plan to this file, for `lakectl deploy --plan FILE`
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Environment to use, from the blueprint's `environments:` section (default: the base)
    #[arg(long = "env", value_name = "NAME")]
    pub env: Option<String>,
}

#[derive(Debug, Args)]
pub struct DeployArgs {
    /// Blueprint file (YAML); with --plan, the one the plan was made from by default
    #[arg(required_unless_present = "plan")]
    pub blueprint: Option<PathBuf>,
    #[command(flatten)]
    pub aws: AwsArgs,
    /// Resources in flight at once
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// Output format
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub output: TextOrJson,
    /// Apply exactly this saved plan (from `lakectl plan --out`); refused if the blueprint or
    /// the live resources changed since
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Apply without asking for confirmation (required without a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Environment to use, from the blueprint's `environments:` section (default: the base)
    #[arg(long = "env", value_name = "NAME")]
    pub env: Option<String>,
}

#[derive(Debug, Args)]
pub struct DestroyArgs {
    /// Blueprint file (YAML)
    pub blueprint: PathBuf,
    #[command(flatten)]
    pub aws: AwsArgs,
    /// Empty non-empty buckets first and delete the error log groups (keys are only scheduled
    /// for deletion, 7 days)
    #[arg(long)]
    pub force: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub output: TextOrJson,
    /// Destroy without asking for confirmation (required without a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Environment to use, from the blueprint's `environments:` section (default: the base)
    #[arg(long = "env", value_name = "NAME")]
    pub env: Option<String>,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Audit the blueprint's desired state without calling AWS
    #[arg(long = "static", value_name = "BLUEPRINT", conflicts_with_all = ["blueprint", "all"])]
    pub static_blueprint: Option<PathBuf>,
    /// Audit the live resources this blueprint names; with `--all`, judge that lake's
    /// resources by its zones and the rest of the region by the account baseline
    #[arg(long, value_name = "BLUEPRINT")]
    pub blueprint: Option<PathBuf>,
    /// Audit every resource of the covered services in the region (or the regions and
    /// accounts given)
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub reach: ReachArgs,
    /// Report formats; several may be given (comma-separated or repeated)
    #[arg(long, value_enum, value_delimiter = ',', default_value = "text")]
    pub format: Vec<ReportFormat>,
    /// Directory for report files when several formats are given (one file each)
    #[arg(short = 'o', long)]
    pub out: Option<PathBuf>,
    /// Lowest severity that fails the run (exit 1) [default: high, or the config file's
    /// `audit.fail_on`]
    #[arg(long, value_enum)]
    pub fail_on: Option<SeverityArg>,
    /// Suppressions file (YAML)
    #[arg(long)]
    pub suppressions: Option<PathBuf>,
    /// Run only this rule (id or name); repeat or separate with commas
    #[arg(long = "rule", value_name = "RULE", value_delimiter = ',')]
    pub rules: Vec<String>,
    /// Do not run this rule (id or name); repeat or separate with commas
    #[arg(long = "skip-rule", value_name = "RULE", value_delimiter = ',')]
    pub skip_rules: Vec<String>,
    /// Run only the rules of this service (s3, kms, kinesis, ...); repeat or separate with commas
    #[arg(long = "service", value_name = "SERVICE", value_delimiter = ',')]
    pub services: Vec<String>,
    /// Concurrent AWS calls
    #[arg(long, default_value_t = DEFAULT_CONCURRENCY, value_parser = clap::value_parser!(u16).range(1..=128))]
    pub concurrency: u16,
    /// Environment to use, from the blueprint's `environments:` section (default: the base)
    #[arg(long = "env", value_name = "NAME")]
    pub env: Option<String>,
}

/// `lakectl report`: work on saved JSON audit reports (`lakectl audit --format json`).
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Render a saved audit report in other formats (exit codes as `audit`'s)
    Render(ReportRenderArgs),
    /// Merge the reports of audit shards (`audit --all --shard K/N`) into one report of every
    /// account and region (exit codes as `audit`'s)
    Merge(ReportMergeArgs),
}

#[derive(Debug, Args)]
pub struct ReportRenderArgs {
    /// The saved report (JSON, schema lakectl.audit/v1)
    #[arg(value_name = "AUDIT_JSON")]
    pub report: PathBuf,
    #[command(flatten)]
    pub output: ReportOutputArgs,
}

#[derive(Debug, Args)]
pub struct ReportMergeArgs {
    /// The shards' saved reports (JSON); no account and region may be in two of them
    #[arg(required = true, num_args = 1.., value_name = "AUDIT_JSON")]
    pub reports: Vec<PathBuf>,
    #[command(flatten)]
    pub output: ReportOutputArgs,
}

/// The formats `report render` and `report merge` write, and the threshold they judge by.
#[derive(Debug, Args)]
pub struct ReportOutputArgs {
    /// Report formats; several may be given (comma-separated or repeated)
    #[arg(long, value_enum, value_delimiter = ',', default_value = "text")]
    pub format: Vec<ReportFormat>,
    /// Directory for report files when several formats are given (one file each)
    #[arg(short = 'o', long)]
    pub out: Option<PathBuf>,
    /// Lowest severity that fails the run (exit 1) [default: the saved reports' threshold;
    /// the strictest of them when merged shards differ]
    #[arg(long, value_enum)]
    pub fail_on: Option<SeverityArg>,
}

/// Where a live audit looks: the AWS configuration, the regions and the accounts.
#[derive(Debug, Args, Default)]
#[command(next_help_heading = "Accounts and regions")]
pub struct ReachArgs {
    /// Named profile from the AWS config files
    #[arg(long, env = "AWS_PROFILE")]
    pub profile: Option<String>,
    /// Region to audit; repeat (or separate with commas) for several, or `all` for every
    /// region enabled in each account (with `--all`) [default: the blueprint's region, then the
    /// AWS configuration's]
    #[arg(
        long = "region",
        visible_alias = "regions",
        value_name = "REGION",
        value_delimiter = ','
    )]
    pub regions: Vec<String>,
    /// Endpoint for every service (LocalStack, moto); per-service AWS_ENDPOINT_URL_<SERVICE>
    /// variables still apply
    #[arg(long)]
    pub endpoint_url: Option<String>,
    /// Member accounts to audit (12-digit ids, comma-separated), each through `--role-name`
    #[arg(
        long,
        value_name = "ID,ID...",
        conflicts_with = "accounts_file",
        requires = "role_name"
    )]
    pub accounts: Option<String>,
    /// File of member accounts to audit: one id a line, `#` comments and blank lines ignored
    #[arg(long, value_name = "FILE", requires = "role_name")]
    pub accounts_file: Option<PathBuf>,
    /// Audit every active account of the caller's AWS Organization (listed with
    /// organizations:ListAccounts), each through `--role-name`; the caller's own account with
    /// its own credentials
    #[arg(
        long,
        conflicts_with_all = ["accounts", "accounts_file"],
        requires = "role_name"
    )]
    pub organization: bool,
    /// Role assumed in each member account, as arn:<partition>:iam::<account>:role/NAME
    #[arg(long, value_name = "NAME")]
    pub role_name: Option<String>,
    /// External id the member role's trust policy requires
    #[arg(long, value_name = "ID", requires = "role_name")]
    pub external_id: Option<String>,
    /// Session name of the assumed roles (shows in the member accounts' CloudTrail)
    #[arg(long, value_name = "NAME", requires = "role_name")]
    pub role_session_name: Option<String>,
    /// Audit only shard K of N of the member accounts: the same account always lands in the
    /// same shard for a given N
    #[arg(long, value_name = "K/N", requires = "role_name")]
    pub shard: Option<Shard>,
    /// Member accounts audited at once (their calls share `--concurrency`)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_ACCOUNTS_IN_FLIGHT as u16, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub max_accounts: u16,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
    /// Print Analytics Lens coverage instead: per question, the rules that answer it and the
    /// practices a reviewer answers
    #[arg(long)]
    pub coverage: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaOf {
    Blueprint,
    Config,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormat {
    Yaml,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Sarif,
    Junit,
    Markdown,
    Html,
    WaLens,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum SeverityArg {
    Info,
    Low,
    Medium,
    High,
    Critical,
    /// Never fail on findings
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write the page to this file instead of stdout
    #[arg(short = 'o', long)]
    pub out: Option<PathBuf>,
}
