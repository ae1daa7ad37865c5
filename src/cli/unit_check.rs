//! The unit guard at `connector edit --time-unit`: judge the new unit by Zammad's newest
//! entries right away, so an admin hears about a wrong unit where they typed it. When
//! Zammad cannot answer (unreachable, no global list before 6.2, too few entries), the
//! check is left to the next sync (`unit_check_pending`).

use super::Context;
use crate::http::RetryPolicy;
use crate::store::ConnectorRow;
use crate::sync::unit_guard::{self, Verdict};
use crate::sync::units::TimeUnit;

/// How many of the newest entries are judged.
const SAMPLE: u32 = 100;

/// The verdict on `row`'s unit from Zammad's newest entries; `None` when this Zammad has
/// no global list (before 6.2: the newest entries cannot be read cheaply); `Err` says why
/// Zammad could not be asked.
pub(super) fn judge_now(ctx: &Context, row: &ConnectorRow) -> Result<Option<Verdict>, String> {
    let unit: TimeUnit = row
        .settings
        .time_unit
        .as_deref()
        .unwrap_or("minute")
        .parse()?;
    let identity = ctx.load_identity().map_err(|e| format!("{e:#}"))?;
    let client = super::clients::zammad(ctx, &identity, row)
        .map_err(|e| format!("{e:#}"))?
        .with_retry_policy(RetryPolicy::none());
    let entries = match ctx.block_on(client.time_accountings(1, SAMPLE, "id", "desc")) {
        Ok(e) => e,
        Err(e) if e.kind == crate::http::ApiErrorKind::NoRoute => return Ok(None),
        Err(e) => return Err(format!("cannot read Zammad's newest entries: {e}")),
    };
    Ok(Some(unit_guard::judge(
        entries.iter().map(|e| e.time_unit.as_str()),
        unit,
    )))
}
