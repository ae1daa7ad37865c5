//! The command line, exactly as the issues and README describe it. Only `cli` sees these
//! types; handlers turn them into plain structs before calling the core.

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;

fn connectors() -> ArgValueCompleter {
    ArgValueCompleter::new(super::complete::connector_names)
}
use std::path::PathBuf;

/// A name people give a connector or a schedule (`what`): 1-64 letters, digits, `-`, `_`
/// or `.`, so it needs no quoting in a shell, a URL or a log line.
pub(crate) fn validate_name(what: &str, name: &str) -> Result<(), crate::error::Error> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(crate::error::Error::usage(format!(
            "invalid {what} name `{name}`: use 1-64 letters, digits, `-`, `_` or `.`"
        )))
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "syncd",
    version,
    about = "Sync Zammad ticket time accounting into Kimai timesheets, exactly once",
    propagate_version = true,
    max_term_width = 100
)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Config file (default: $SYNCD_CONFIG, then $XDG_CONFIG_HOME/syncd/config.yaml, then /etc/syncd/config.yaml)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// SQLite store (default: database in the config, or $XDG_DATA_HOME/syncd/syncd.db)
    #[arg(long, global = true, value_name = "FILE", env = "SYNCD_DB")]
    pub db: Option<PathBuf>,
    /// Output format for results (logs always go to stderr)
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
    /// More log output (-v info, -vv debug, -vvv trace)
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,
    /// Only errors on stderr
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Log line format on stderr
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Human)]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Human,
    Json,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create the config file, data directory, store and age identity
    Init(InitArgs),
    /// Validate or print the resolved configuration
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Manage Zammad and Kimai connections
    #[command(subcommand)]
    Connector(ConnectorCommand),
    /// Map Zammad activity types, organizations, tickets and agents to Kimai
    #[command(subcommand)]
    Mapping(MappingCommand),
    /// Fetch, reconcile and apply Zammad time accounting to Kimai
    Sync(SyncArgs),
    /// Apply a plan file written by `sync --plan-out`: exactly that plan, or nothing
    Apply(ApplyArgs),
    /// Plan files written by `sync --plan-out`
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Compare Zammad and Kimai without writing: exit 0 in sync, 3 drift or open conflicts,
    /// 75 could not check
    Check(CheckArgs),
    /// Past sync runs
    #[command(subcommand)]
    Runs(RunsCommand),
    /// Inspect and resolve sync conflicts
    #[command(subcommand)]
    Conflicts(ConflictsCommand),
    /// Run the daemon: webhooks, schedules, health and metrics
    Serve(ServeArgs),
    /// Cron schedules for the daemon
    #[command(subcommand)]
    Schedule(ScheduleCommand),
    /// Webhook signature secrets
    #[command(subcommand)]
    Webhook(WebhookCommand),
    /// Everything that is wrong with this set-up, and what to do about it
    ///
    /// Checks, in order: the config file and age identity; the store (integrity, size, free
    /// disk); each connector (reachable, version, permissions, Kimai's timesheet rules and
    /// rounding, clock skew, the API user's timezone, the Zammad unit); mappings missing for
    /// types and agents seen in the last 30 days; open conflicts; runs; schedules; webhook
    /// secrets; the daemon's /readyz. Exit 0 when nothing must be fixed, 1 otherwise.
    Doctor,
    /// The audit log
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Start built-in Zammad and Kimai simulators and run a real sync end to end
    #[cfg(feature = "demo")]
    Demo(DemoArgs),
    /// Write shell completions or the man page
    #[command(subcommand)]
    Generate(GenerateCommand),
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Never prompt; take defaults
    #[arg(long)]
    pub non_interactive: bool,
    /// Write this `data_dir` into a new config file (e.g. /var/lib/syncd for systemd)
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Write this `identity_file` into a new config file (e.g. /etc/syncd/identity.txt, loaded
    /// by the unit as a credential)
    #[arg(long, value_name = "FILE")]
    pub identity_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ConfigCommand {
    /// Validate the config file and environment
    Check,
    /// Print the resolved configuration (secrets masked)
    Show,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ConnectorKind {
    Zammad,
    Kimai,
}

/// Where a token comes from. Never a plain argument value.
#[derive(Debug, Args, Clone, Default)]
pub(crate) struct TokenSource {
    /// Read the API token from this file (first line)
    #[arg(long, value_name = "FILE", conflicts_with = "token_stdin")]
    pub token_file: Option<PathBuf>,
    /// Read the API token from standard input (first line)
    #[arg(long)]
    pub token_stdin: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ConnectorCommand {
    /// Add a connector (token by hidden prompt, --token-file or --token-stdin)
    Add(ConnectorAddArgs),
    /// List connectors
    List,
    /// Show one connector
    Show {
        #[arg(add = connectors())]
        name: String,
    },
    /// Change a connector
    Edit(ConnectorEditArgs),
    /// Remove a connector (refused while mappings or synced entries refer to it)
    Remove {
        #[arg(add = connectors())]
        name: String,
        /// Also remove its mappings and ledger entries
        #[arg(long)]
        force: bool,
    },
    /// Call the real endpoints and report version, timezone and permissions
    Test {
        /// Connector to test (default: all)
        #[arg(add = connectors())]
        name: Option<String>,
    },
}

#[derive(Debug, Args)]
pub(crate) struct ConnectorAddArgs {
    pub kind: ConnectorKind,
    #[arg(long)]
    pub name: String,
    /// Base URL, e.g. https://helpdesk.example.com
    #[arg(long)]
    pub url: String,
    #[command(flatten)]
    pub token: TokenSource,
    /// Zammad only: what one `time_unit` means: minute, hour, quarter or <N>m
    #[arg(long, value_name = "UNIT")]
    pub time_unit: Option<String>,
    /// Request timeout in seconds
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
    /// Save without calling the server (offline set-up); `syncd connector test` checks later
    #[arg(long)]
    pub no_check: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ConnectorEditArgs {
    #[arg(add = connectors())]
    pub name: String,
    /// New name
    #[arg(long)]
    pub rename: Option<String>,
    #[arg(long)]
    pub url: Option<String>,
    #[command(flatten)]
    pub token: TokenSource,
    /// Replace the token by hidden prompt
    #[arg(long, conflicts_with_all = ["token_file", "token_stdin"])]
    pub token_prompt: bool,
    /// What one Zammad `time_unit` means: minute, hour, quarter or <N>m (checked against
    /// Zammad's newest entries)
    #[arg(long, value_name = "UNIT")]
    pub time_unit: Option<String>,
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
    /// With --time-unit: change the unit even when Zammad's entries look like another one
    #[arg(long, requires = "time_unit")]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum MappingKind {
    Activity,
    Customer,
    Project,
    User,
}

/// Which connector pair a mapping belongs to (defaults: the only one of each kind).
#[derive(Debug, Args, Clone, Default)]
pub(crate) struct PairArgs {
    /// Zammad connector name
    #[arg(long, value_name = "NAME", add = connectors())]
    pub zammad: Option<String>,
    /// Kimai connector name
    #[arg(long, value_name = "NAME", add = connectors())]
    pub kimai: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum MappingCommand {
    /// List mappings
    List {
        #[arg(long, value_enum)]
        kind: Option<MappingKind>,
        #[command(flatten)]
        pair: PairArgs,
    },
    /// Map a Zammad id or name to a Kimai id or name
    Add {
        kind: MappingKind,
        /// Zammad side: type, organization, ticket or agent (id, name, number or email)
        #[arg(long)]
        source: String,
        /// Kimai side: activity, customer, project or user (id or name)
        #[arg(long)]
        target: String,
        #[command(flatten)]
        pair: PairArgs,
    },
    /// Remove a mapping
    Remove {
        kind: MappingKind,
        #[arg(long)]
        source: String,
        #[command(flatten)]
        pair: PairArgs,
    },
    /// Propose activity and user mappings by name and email
    Suggest {
        /// Write the proposals without asking
        #[arg(long)]
        yes: bool,
        #[command(flatten)]
        pair: PairArgs,
    },
    /// Add mappings from a YAML or JSON file written by `mapping export`
    Import {
        file: PathBuf,
        #[command(flatten)]
        pair: PairArgs,
    },
    /// Print all mappings (YAML, or JSON with --output json)
    Export {
        #[command(flatten)]
        pair: PairArgs,
    },
}

#[derive(Debug, Args, Clone, Default)]
pub(crate) struct SyncArgs {
    /// Print the plan; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Compare every entry (finds deletions) instead of the incremental cursor
    #[arg(long)]
    pub full: bool,
    /// Only entries created at or after this time (RFC 3339, or YYYY-MM-DD meaning midnight UTC)
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only entries created before this time (RFC 3339, or YYYY-MM-DD meaning midnight UTC)
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// Only this ticket (number or #number)
    #[arg(long, value_name = "N")]
    pub ticket: Option<String>,
    /// Do not ask before deleting Kimai timesheets (asked only on a terminal)
    #[arg(long)]
    pub yes: bool,
    /// Override the safety guards (empty source, large change share, a time unit the
    /// entries contradict)
    #[arg(long)]
    pub force: bool,
    /// Wait for a running sync to finish instead of exiting 75
    #[arg(long)]
    pub wait: bool,
    /// Write the plan to FILE (JSON, with the fingerprints of what it was computed from) and
    /// change nothing; apply it later with `syncd apply FILE`
    #[arg(long, value_name = "FILE")]
    pub plan_out: Option<PathBuf>,
    #[command(flatten)]
    pub pair: PairArgs,
}

/// `syncd apply FILE`.
#[derive(Debug, Args)]
#[command(after_help = "\
Applies exactly the plan in FILE under the sync lease, as one recorded run. Before writing \
anything it reads again what the plan depends on: the Zammad entries and Kimai timesheets it \
names, the ledger rows of its entries, the mappings they use and the settings that shape a \
plan. When any of them changed since the plan was made (an entry or a timesheet edited or \
deleted, a mapping or setting changed, another run applied one of its entries), it applies \
nothing, records no run, names each change and exits 2: make a new plan.")]
pub(crate) struct ApplyArgs {
    /// The plan file (written by `syncd sync --plan-out FILE`)
    pub file: PathBuf,
    /// Wait for a running sync to finish instead of exiting 75
    #[arg(long)]
    pub wait: bool,
}

/// `syncd check`.
#[derive(Debug, Args)]
#[command(after_help = "\
Not a run: no lease, no run row, nothing written. It plans as a sync would, reading every \
timesheet syncd made in Kimai, and lists as drift what a sync would still do (create, update, \
delete, duplicate), every conflict a sync would raise, creates waiting to settle and the open \
conflicts in the store. It prints totals per customer and month (the Kimai API user's \
timezone): Zammad minutes against the minutes of their Kimai timesheets, and what is not \
synced yet. Without --full or --since it compares entries created since the first of last \
month (this month and last month are totalled) and every change since the last sync; --full \
compares every entry and finds deletions. Exit codes: 0 in sync, 3 drift or open conflicts \
(--output json lists them), 75 could not check (a server unreachable or refusing, a store \
locked), 2 bad flags.")]
pub(crate) struct CheckArgs {
    /// Compare every entry (finds deletions in Zammad)
    #[arg(long)]
    pub full: bool,
    /// Only entries created at or after this time (the grammar of `sync --since`)
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only entries created before this time
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    #[command(flatten)]
    pub pair: PairArgs,
}

#[derive(Debug, Subcommand)]
pub(crate) enum PlanCommand {
    /// Print a plan file as `sync --dry-run` prints a plan (exit code as the dry run's)
    Show {
        /// The plan file
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum RunsCommand {
    /// Recent runs, newest first
    List {
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// One run in detail
    Show { id: String },
    /// Take a run back: delete the timesheets it created, restore those it updated, recreate
    /// those it deleted, where Kimai still holds what it wrote
    Undo(UndoArgs),
}

/// `syncd runs undo RUN`.
#[derive(Debug, Args)]
#[command(after_help = "\
Only where Kimai still holds what the run wrote: a timesheet a person changed since becomes a \
conflict (target-edited) and is left as it is; one a later run changed is left for that run's \
undo. Undone entries are held: the next sync neither books them again nor repeats the updates \
(ledger state `undone`). With --resync they are released instead, and the next sync books each \
one again, exactly once (a second `runs undo RUN --resync` releases entries an earlier undo \
held). Undoing a run twice changes nothing. The undo takes the sync lease, is recorded as a \
run (scope `undo RUN`) and audited (sync.undo). Customers, projects and activities the run \
created stay.")]
pub(crate) struct UndoArgs {
    /// The run (an id prefix is enough)
    pub id: String,
    /// Say what would be undone; write nothing, record no conflict
    #[arg(long)]
    pub dry_run: bool,
    /// Let the next sync book the undone entries again (exactly once)
    #[arg(long)]
    pub resync: bool,
    /// Wait for a running sync to finish instead of exiting 75
    #[arg(long)]
    pub wait: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ConflictStatusArg {
    Open,
    Resolved,
    Ignored,
}

/// Conflict reason codes, for help and completions.
fn reason_codes() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(crate::conflicts::ALL_REASONS.map(|r| r.as_str()))
}

#[derive(Debug, Subcommand)]
pub(crate) enum ConflictsCommand {
    /// List conflicts (default: open)
    List {
        #[arg(long, value_enum)]
        status: Option<ConflictStatusArg>,
        /// Reason code, e.g. target-edited
        #[arg(long, value_parser = reason_codes())]
        reason: Option<String>,
        /// Ticket number
        #[arg(long)]
        ticket: Option<String>,
        /// Customer (organization) name
        #[arg(long)]
        customer: Option<String>,
        #[arg(long, value_name = "TIME")]
        since: Option<String>,
    },
    /// Both sides side by side
    Show { id: i64 },
    /// Resolve interactively, or in bulk with --action
    Resolve(ResolveArgs),
    /// Ignore a conflict for good
    Ignore { id: i64 },
    /// Reopen a resolved or ignored conflict
    Reopen { id: i64 },
}

#[derive(Debug, Args)]
pub(crate) struct ResolveArgs {
    /// Conflict ids (default with --all or --reason: every open one that matches)
    pub ids: Vec<i64>,
    /// What to do (which actions fit depends on the reason; see `conflicts show`)
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(
        crate::conflicts::ALL_ACTIONS.map(|a| a.as_str())))]
    pub action: Option<String>,
    /// Every open conflict (filtered by --reason)
    #[arg(long)]
    pub all: bool,
    /// Only conflicts with this reason code
    #[arg(long, value_parser = reason_codes())]
    pub reason: Option<String>,
    /// For --action map: the Kimai activity id
    #[arg(long, value_name = "ID")]
    pub activity: Option<i64>,
    /// For --action map: the Kimai user id
    #[arg(long, value_name = "ID")]
    pub user: Option<i64>,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Listen address (default: daemon.listen, 127.0.0.1:8787)
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConcurrencyArg {
    Skip,
    Queue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScopeArg {
    Incremental,
    Full,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScheduleKindArg {
    /// Sync (the default)
    Sync,
    /// A drift check, as `syncd check` (sets the syncd_drifted_entries gauge)
    Check,
}

impl From<ConcurrencyArg> for crate::schedule::Concurrency {
    fn from(a: ConcurrencyArg) -> Self {
        match a {
            ConcurrencyArg::Skip => Self::Skip,
            ConcurrencyArg::Queue => Self::Queue,
        }
    }
}

impl From<ScopeArg> for crate::schedule::ScheduleScope {
    fn from(a: ScopeArg) -> Self {
        match a {
            ScopeArg::Incremental => Self::Incremental,
            ScopeArg::Full => Self::Full,
        }
    }
}

impl From<ScheduleKindArg> for crate::schedule::ScheduleKind {
    fn from(a: ScheduleKindArg) -> Self {
        match a {
            ScheduleKindArg::Sync => Self::Sync,
            ScheduleKindArg::Check => Self::Check,
        }
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum ScheduleCommand {
    /// Schedules with their next three runs
    Show,
    /// Create or change a schedule (default name: default)
    Set {
        name: Option<String>,
        /// Cron expression, 5 or 6 fields (seconds first)
        #[arg(long)]
        cron: String,
        /// IANA timezone the expression is evaluated in (default UTC)
        #[arg(long)]
        timezone: Option<String>,
        #[arg(long, value_enum)]
        concurrency: Option<ConcurrencyArg>,
        #[arg(long, value_enum)]
        scope: Option<ScopeArg>,
        /// What the schedule runs: a sync, or a drift check for monitoring
        #[arg(long, value_enum)]
        kind: Option<ScheduleKindArg>,
    },
    /// Enable a schedule (default name: default)
    Enable { name: Option<String> },
    /// Disable a schedule (default name: default)
    Disable { name: Option<String> },
    /// Remove a schedule
    Remove { name: String },
}

#[derive(Debug, Subcommand)]
pub(crate) enum WebhookCommand {
    /// Webhook signature secrets (several may be active, for rotation)
    #[command(subcommand)]
    Secret(WebhookSecretCommand),
    /// Credentials for the optional Authorization check (Basic password or Bearer token);
    /// secrets of their own, never the signing secret
    #[command(subcommand)]
    Credential(WebhookSecretCommand),
    /// Create or update syncd's webhook and trigger in Zammad (idempotent)
    Install(WebhookInstallArgs),
}

/// `syncd webhook install`: needs a Zammad token with admin.webhook and admin.trigger.
#[derive(Debug, Args)]
#[command(after_help = "\
Creates (or brings back in line) one webhook and one trigger in Zammad, both named --name and \
marked `[syncd-managed]` in their note; webhooks and triggers without that mark are never \
changed. The trigger fires on ticket updates where the ticket's accounted time changed and \
calls the webhook, which POSTs {\"ticket_id\":\"#{ticket.id}\"} to --url, signed with a new \
random token (HMAC-SHA1, X-Hub-Signature) and with SSL verification on. The token is stored \
encrypted as a webhook secret (syncd webhook secret list) and never printed. A second install \
changes nothing; a new --url updates the webhook and keeps the token.")]
pub(crate) struct WebhookInstallArgs {
    /// Where Zammad sends deliveries: the daemon's public URL, e.g. https://syncd.example.com/webhooks/zammad
    #[arg(long, value_name = "URL")]
    pub url: String,
    /// Zammad connector (default: the only one)
    #[arg(long, value_name = "NAME", add = connectors())]
    pub zammad: Option<String>,
    /// Name of the webhook and the trigger in Zammad
    #[arg(long, value_name = "NAME", default_value = crate::zammad::install::DEFAULT_NAME)]
    pub name: String,
    /// Print what would be created or changed; write nothing (neither in Zammad nor in the store)
    #[arg(long)]
    pub dry_run: bool,
    /// Give the webhook a new signature token even when nothing else changes
    #[arg(long)]
    pub rotate_token: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum WebhookSecretCommand {
    /// Add a secret (hidden prompt, --secret-file or --secret-stdin)
    Add {
        /// A label for this secret
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_name = "FILE", conflicts_with = "secret_stdin")]
        secret_file: Option<PathBuf>,
        #[arg(long)]
        secret_stdin: bool,
    },
    /// List secrets (never their values)
    List,
    /// Remove a secret by id or name
    Remove { id: String },
}

#[derive(Debug, Subcommand)]
pub(crate) enum AuditCommand {
    /// Audit rows, newest first; filters combine
    List(AuditListArgs),
    /// Remove access rows older than the retention
    Prune {
        /// Days to keep (default: audit.retention_days, 90)
        #[arg(long, value_name = "DAYS")]
        older_than: Option<u32>,
    },
    /// Write the audit log to stdout as tamper-evident NDJSON (check it with `audit verify`)
    #[command(after_help = "\
Lines: a header ({\"type\":\"export\",...}), one line per audit row in recording order \
({\"type\":\"audit\",...}), an end line ({\"type\":\"end\",\"rows\":N,...}). Every line carries \
`prev`, the hash of the line before, and `hash`, the SHA-256 of its own canonical JSON \
(keys sorted, no whitespace) without `hash`. The header's `prev` is the anchor: the SHA-256 of \
the last stored row before the first exported one (64 zeros when there is none). The end \
line's hash, the head, is printed on stderr and recorded in the audit log (audit.export): \
keep it, and `syncd audit verify` proves the file unchanged.

Example: syncd audit export --since 2026-11-01 > audit-2026-11.ndjson")]
    Export {
        /// Start at the first row recorded at or after this time and include every later one
        /// (RFC 3339, a date, a UTC time or an age like 30d); default: the whole log
        #[arg(long, value_name = "TIME")]
        since: Option<String>,
    },
    /// Check a file written by `audit export`: exit 0 when intact, 1 naming each line that was
    /// edited, removed, reordered or inserted
    Verify {
        /// The export (`-` for standard input)
        file: PathBuf,
    },
}

#[derive(Debug, Args, Default)]
pub(crate) struct AuditListArgs {
    #[arg(long, value_parser = ["access", "config", "sync"])]
    pub category: Option<String>,
    #[arg(long)]
    pub action: Option<String>,
    #[arg(long)]
    pub actor: Option<String>,
    #[arg(long)]
    pub ip: Option<String>,
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    #[arg(long, value_name = "ID")]
    pub run: Option<String>,
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
}

#[cfg(feature = "demo")]
#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Number of sample time accounting entries
    #[arg(long, default_value_t = 40)]
    pub entries: usize,
    /// Keep the simulators running until Ctrl-C
    #[arg(long)]
    pub keep: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ShellArg {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Subcommand)]
pub(crate) enum GenerateCommand {
    /// Shell completions on stdout (or into --dir)
    Completions {
        #[arg(value_enum)]
        shell: ShellArg,
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// The man page on stdout (or into --dir)
    Man {
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}
