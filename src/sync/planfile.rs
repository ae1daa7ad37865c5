//! Plan files, Terraform's workflow for timesheets: `syncd sync --plan-out FILE` writes a
//! prepared plan with the fingerprints of everything it was computed from, `syncd plan
//! show FILE` prints it, and `syncd apply FILE` applies exactly it (or refuses, naming
//! what moved). JSON, with a format name and a version.

use super::Counts;
use super::prepare::Prepared;
use crate::error::Error;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

pub(crate) const FORMAT: &str = "syncd-plan";
/// Bumped when a change to the file would be misread by an older syncd.
pub(crate) const VERSION: u32 = 1;

/// A plan file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PlanFile {
    /// Always `syncd-plan`.
    pub format: String,
    pub version: u32,
    pub created_at: DateTime<Utc>,
    /// Who made the plan (the OS user).
    pub created_by: String,
    pub syncd_version: String,
    /// What applying would do, for people reading the file.
    pub counts: Counts,
    /// The exit code `syncd sync` would have had (as a dry run reports it).
    pub would_exit: u8,
    #[serde(flatten)]
    pub prepared: Prepared,
}

impl PlanFile {
    pub(crate) fn new(prepared: Prepared, created_by: &str, would_exit: u8) -> PlanFile {
        PlanFile {
            format: FORMAT.into(),
            version: VERSION,
            created_at: Utc::now(),
            created_by: created_by.to_string(),
            syncd_version: env!("CARGO_PKG_VERSION").into(),
            counts: prepared.counts(),
            would_exit,
            prepared,
        }
    }
}

/// Write the file whole or not at all (a temporary file renamed over it), readable by its
/// owner only: it holds ticket titles and agents' names and emails.
pub(crate) fn write(path: &Path, file: &PlanFile) -> anyhow::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let text = serde_json::to_string_pretty(file)?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| Error::usage(format!("--plan-out {}: not a file name", path.display())))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.write_all(b"\n")?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(
            Error::usage(format!("cannot write the plan to {}: {e}", path.display())).into(),
        );
    }
    Ok(())
}

/// Read and check a plan file: a usage error (exit 2) that says what is wrong and where.
pub(crate) fn read(path: &Path) -> anyhow::Result<PlanFile> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::usage(format!("cannot read plan file {}: {e}", path.display())))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Error::usage(format!(
            "{} is not a syncd plan file: line {}, column {}: {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    let format = value.get("format").and_then(|f| f.as_str());
    if format != Some(FORMAT) {
        return Err(Error::usage(format!(
            "{} is not a syncd plan file (its `format` is {}, not `{FORMAT}`); write one with \
             `syncd sync --plan-out FILE`",
            path.display(),
            format.map_or("missing".to_string(), |f| format!("`{f}`"))
        ))
        .into());
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) if v > u64::from(VERSION) => {
            return Err(Error::usage(format!(
                "{} was written by a newer syncd (plan format version {v}; this syncd reads \
                 version {VERSION}): apply it with that version, or make a new plan",
                path.display()
            ))
            .into());
        }
        other => {
            return Err(Error::usage(format!(
                "{}: unsupported plan format version {}",
                path.display(),
                other.map_or("(missing)".to_string(), |v| v.to_string())
            ))
            .into());
        }
    }
    serde_json::from_value(value).map_err(|e| {
        Error::usage(format!(
            "{} is not a valid syncd plan file: {e} (was it edited?)",
            path.display()
        ))
        .into()
    })
}

/// A plan as stored in a file: the plan as the dry run shows it, plus what applying needs
/// that the dry run does not show (each item's Zammad entry and fingerprint, the entries
/// whose open conflicts it settles).
pub(crate) mod plan_record {
    use super::super::model::SourceEntry;
    use super::super::plan::{EntrySources, Plan};
    use crate::ids::ZammadEntryId;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize)]
    struct Out<'a> {
        #[serde(flatten)]
        plan: &'a Plan,
        item_sources: Vec<SourceOut<'a>>,
        settled: &'a [ZammadEntryId],
    }

    #[derive(Serialize)]
    struct SourceOut<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        fingerprint: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        updated_at: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        entry: Option<&'a SourceEntry>,
    }

    #[derive(Deserialize)]
    struct In {
        #[serde(flatten)]
        plan: Plan,
        #[serde(default)]
        item_sources: Vec<SourceIn>,
        #[serde(default)]
        settled: Vec<ZammadEntryId>,
    }

    #[derive(Deserialize)]
    struct SourceIn {
        fingerprint: Option<String>,
        updated_at: Option<String>,
        entry: Option<SourceEntry>,
    }

    pub(crate) fn serialize<S: Serializer>(plan: &Plan, s: S) -> Result<S::Ok, S::Error> {
        Out {
            plan,
            item_sources: plan
                .items
                .iter()
                .map(|i| SourceOut {
                    fingerprint: i.source_fingerprint.as_deref(),
                    updated_at: i.source_updated_at.map(super::super::model::timestamp_text),
                    entry: plan.sources.get(i.entry),
                })
                .collect(),
            settled: &plan.settled,
        }
        .serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Plan, D::Error> {
        let In {
            mut plan,
            item_sources,
            settled,
        } = In::deserialize(d)?;
        if item_sources.len() != plan.items.len() {
            return Err(serde::de::Error::custom(format!(
                "the plan has {} items but {} item sources",
                plan.items.len(),
                item_sources.len()
            )));
        }
        let mut entries = Vec::new();
        for (item, src) in plan.items.iter_mut().zip(item_sources) {
            item.source_fingerprint = src.fingerprint;
            item.source_updated_at = match src.updated_at {
                Some(t) => Some(super::super::model::timestamp_of_text(&t).ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "item_sources: updated_at `{t}` is not an RFC 3339 timestamp"
                    ))
                })?),
                None => None,
            };
            entries.extend(src.entry);
        }
        plan.sources = EntrySources::of(entries, &plan);
        plan.settled = settled;
        Ok(plan)
    }
}
