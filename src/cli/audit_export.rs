//! `syncd audit export [--since T] > FILE` and `syncd audit verify FILE`: the audit log as a
//! hash chain (see `audit::chain`), and its check. Verify needs no store, so an auditor can
//! run it anywhere.

use super::Context;
use crate::audit::chain::{self, Exporter, Summary};
use crate::error::ExitCode;
use crate::output;
use crate::store::audit_export::ExportItem;
use anyhow::Context as _;
use std::io::{BufRead, BufWriter, Write};
use std::path::Path;

pub(super) fn export(ctx: &Context, since: Option<&str>) -> anyhow::Result<ExitCode> {
    let since = since
        .map(|t| super::time_arg::parse("--since", t))
        .transpose()?;
    let since_text = since.map(crate::store::ts_text);
    let exported_at = crate::store::now_text();
    let store = ctx.open_store()?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut exporter: Option<Exporter> = None;
    let written = store.export_audit(since, |item| {
        let line = match item {
            ExportItem::Anchor(before) => {
                let (e, header) = Exporter::start(before, &exported_at, since_text.as_deref());
                exporter = Some(e);
                header
            }
            ExportItem::Row(row) => exporter
                .as_mut()
                .context("the store gave a row before the anchor")?
                .row(row),
        };
        writeln!(out, "{line}").map_err(Into::into)
    });
    let summary = written.and_then(|()| {
        let (summary, end) = exporter
            .take()
            .context("the store gave no anchor")?
            .finish();
        writeln!(out, "{end}")?;
        out.flush()?;
        Ok(summary)
    });
    let summary = match summary {
        Ok(s) => s,
        // `syncd audit export | head`: the reader left; the export is unfinished, not failed.
        Err(e) if is_broken_pipe(&e) => return Ok(ExitCode::Ok),
        Err(e) => return Err(e.context("cannot write the export")),
    };
    ctx.audit_config(
        &store,
        "audit.export",
        None,
        serde_json::json!({ "since": since_text, "summary": summary }),
    )?;
    eprintln!("{}", summary_line(&summary));
    Ok(ExitCode::Ok)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn summary_line(s: &Summary) -> String {
    let ids = match (s.first_id, s.last_id) {
        (Some(a), Some(b)) => format!(" (ids {a}-{b})"),
        _ => String::new(),
    };
    format!(
        "exported {} audit rows{ids}; head {}: keep it to prove later that the file is unchanged \
         (recorded as audit.export)",
        s.rows,
        s.head.as_deref().unwrap_or("-")
    )
}

pub(super) fn verify(ctx: &Context, file: &Path) -> anyhow::Result<ExitCode> {
    let shown = file.display().to_string();
    let input: Box<dyn BufRead> = if file == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(file).with_context(|| format!("cannot open {shown}"))?;
        Box::new(std::io::BufReader::new(f))
    };
    let v = chain::verify(input).with_context(|| format!("cannot read {shown}"))?;
    if ctx.json() {
        let mut value = serde_json::to_value(&v)?;
        value["file"] = serde_json::json!(shown);
        output::print_json(&value)?;
    } else if v.intact {
        let ids = match (v.first_id, v.last_id) {
            (Some(a), Some(b)) => format!(" (ids {a}-{b})"),
            _ => String::new(),
        };
        output::write_stdout(&format!(
            "{shown}: intact: {} audit rows{ids}, exported {}; anchor {}{}; head {}",
            v.rows,
            v.exported_at.as_deref().unwrap_or("-"),
            v.anchor.as_deref().unwrap_or("-"),
            v.anchor_id
                .map(|i| format!(" (audit row {i})"))
                .unwrap_or_default(),
            v.head.as_deref().unwrap_or("-"),
        ))?;
    }
    if v.intact {
        return Ok(ExitCode::Ok);
    }
    if !ctx.json() {
        for p in &v.problems {
            let row =
                p.id.map(|i| format!(" (audit row {i})"))
                    .unwrap_or_default();
            eprintln!("{shown} line {}{row}: {}", p.line, p.message);
        }
        eprintln!(
            "{shown} is NOT intact: {} problem{} (the first at line {})",
            v.problems.len(),
            if v.problems.len() == 1 { "" } else { "s" },
            v.problems[0].line
        );
    }
    Ok(ExitCode::Failure)
}
