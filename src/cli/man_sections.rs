//! The hand-written sections of `man syncd`: exit status, files, environment, examples.
//! Kept next to the generator so the page and the code change together.

pub(super) const SECTIONS: &str = r#".SH "EXIT STATUS"
.TP
.B 0
Success.
.TP
.B 1
An error: a sync failed, a resolution failed, a check did not pass.
.TP
.B 2
Usage or configuration: a bad flag or value, an unknown connector, run, conflict or
schedule, a config file error, no age identity to read the stored tokens; a plan file
that cannot be read, or that \fBsyncd apply\fR refuses because something it depends on
changed since it was made.
.TP
.B 3
Done, but conflicts are left open (\fBsyncd sync\fR, \fBsyncd sync \-\-dry\-run\fR for the
real run it previews, \fBsyncd apply\fR, \fBsyncd runs undo\fR, and \fBsyncd conflicts
resolve\fR quit with conflicts open); \fBsyncd check\fR: Zammad and Kimai drift or
conflicts are open.
.TP
.B 75
Try again later: another sync holds the lease, a server is unreachable, timed out or
answered 5xx or 429; \fBsyncd check\fR could not compare.
.TP
.B 130, 143
Stopped by Ctrl\-C (SIGINT) or SIGTERM.
.SH FILES
.TP
.I $XDG_CONFIG_HOME/syncd/config.yaml
The config file (default \fI~/.config/syncd/config.yaml\fR; then \fI/etc/syncd/config.yaml\fR).
\fBsyncd init\fR writes it; \fBsyncd config check\fR validates it.
.TP
.I $XDG_DATA_HOME/syncd/syncd.db
The SQLite store (default \fI~/.local/share/syncd/syncd.db\fR): connectors with their
encrypted tokens, mappings, the ledger, conflicts, runs and what each run did, schedules,
the audit log. Created 0600.
.TP
.I $XDG_DATA_HOME/syncd/identity.txt
The age identity that encrypts the API tokens, created 0600 by \fBsyncd init\fR when no
other source holds one. Without it the stored tokens cannot be read.
.SH ENVIRONMENT
.TP
.B SYNCD_CONFIG
The config file to read.
.TP
.B SYNCD_DB
The SQLite store (as \fB\-\-db\fR).
.TP
.B SYNCD_DATA_DIR
The data directory (store and identity file).
.TP
.B SYNCD_IDENTITY
The age identity itself (AGE\-SECRET\-KEY\-…); first in the lookup chain.
.TP
.B SYNCD_IDENTITY_FILE
A file holding the age identity.
.TP
.B CREDENTIALS_DIRECTORY
systemd's credentials directory: \fIsyncd\-identity\fR in it is used
(\fBLoadCredential=syncd\-identity:/path\fR).
.TP
.B SYNCD_NO_KEYRING
Set to 1 to skip the OS keyring when looking for the identity.
.TP
.B SYNCD_<SECTION>_<KEY>
Overrides one config key, e.g. \fBSYNCD_SYNC_NEGATIVE_CORRECTION=net\fR,
\fBSYNCD_SYNC_CONCURRENCY=8\fR, \fBSYNCD_DAEMON_LISTEN=127.0.0.1:8787\fR,
\fBSYNCD_AUDIT_RETENTION_DAYS=30\fR. Flags win over the environment, the environment over
the file.
.TP
.B SYNCD_LOG, RUST_LOG
Log filter for stderr (tracing syntax), over \fB\-v\fR and \fB\-q\fR.
.TP
.B NO_COLOR
Set: no colour in the conflicts view on a terminal (the \fB*\fR marks stay).
.TP
.B COLUMNS
The terminal width tables are fitted to (otherwise asked from the terminal). Piped
output is never cut.
.TP
.B SUDO_USER
Noted next to the OS account in audit rows (\fBroot (sudo: ann)\fR); the actor itself is
the account of the real user id, not \fB$USER\fR.
.TP
.B SYNCD_EVENT, SYNCD_RUN_ID, SYNCD_STATUS, SYNCD_ERROR, SYNCD_OPEN_CONFLICTS
Set by \fBsyncd serve\fR for a notification command.
.SH EXAMPLES
.TP
Set up and try a sync without changing anything:
.nf
syncd init
syncd connector add zammad \-\-name helpdesk \-\-url https://zammad.example.com \-\-time\-unit minute \-\-token\-file zammad.token
syncd connector add kimai \-\-name timesheets \-\-url https://kimai.example.com \-\-token\-file kimai.token
syncd connector test
syncd mapping suggest
syncd sync \-\-dry\-run
.fi
.TP
From cron: sync, and mail only what needs a person (exit 3: conflicts left):
.nf
syncd sync \-q || [ $? \-eq 3 ]
.fi
.TP
Look at conflicts and decide them one by one, or in bulk from a script:
.nf
syncd conflicts list
syncd conflicts show 12
syncd conflicts resolve
syncd conflicts resolve \-\-reason negative\-correction \-\-all \-\-action net
syncd conflicts resolve \-\-reason unmapped\-activity \-\-all \-\-action map \-\-activity 7
.fi
.TP
Everything that is wrong with the set\-up, and the command that fixes each (exit 1 when
something must be fixed; \fB\-\-output json\fR for monitoring):
.nf
syncd doctor
.fi
.TP
What did last night's run do with each entry?
.nf
syncd runs list \-\-limit 5
syncd runs show 0195f0a2\-1c3e
.fi
.TP
Review exactly what will be written, then apply exactly that (refused, exit 2, if anything it depends on moved):
.nf
syncd sync \-\-full \-\-plan\-out nightly.plan
syncd plan show nightly.plan
syncd apply nightly.plan
.fi
.TP
From monitoring: does Zammad agree with Kimai (0 yes, 3 drift or open conflicts, 75 could not check)?
.nf
syncd check \-\-output json
syncd schedule set drift \-\-cron "*/15 * * * *" \-\-kind check    # syncd_drifted_entries
.fi
.TP
Take back what a run did (deletes what it created, restores what it updated):
.nf
syncd runs undo 0195f0a2\-1c3e \-\-dry\-run
syncd runs undo 0195f0a2\-1c3e
syncd runs undo 0195f0a2\-1c3e \-\-resync     # and let the next sync book them again
.fi
.TP
A nightly full reconciliation run by \fBsyncd serve\fR:
.nf
syncd schedule set nightly \-\-cron "0 3 * * *" \-\-timezone Europe/Berlin \-\-scope full
.fi
.TP
Who changed what in the last week:
.nf
syncd audit list \-\-category config \-\-since 7d
.fi
.TP
Hand November's audit log to an auditor, who checks it was not edited since (keep the head printed on stderr):
.nf
syncd audit export \-\-since 2026\-11\-01 > audit\-2026\-11.ndjson
syncd audit verify audit\-2026\-11.ndjson
.fi
.TP
Let Zammad call the daemon when time is accounted (webhook, trigger and a new signing secret; run it again any time):
.nf
syncd webhook install \-\-url https://syncd.example.com/webhooks/zammad \-\-dry\-run
syncd webhook install \-\-url https://syncd.example.com/webhooks/zammad
.fi
.TP
Shell completions: static scripts (commands, flags, \fB\-\-action\fR values, reason codes), or dynamic ones that also complete the configured connector names:
.nf
syncd generate completions bash \-\-dir /usr/share/bash\-completion/completions
source <(COMPLETE=bash syncd)      # in ~/.bashrc; COMPLETE=zsh or fish likewise
.fi
"#;
