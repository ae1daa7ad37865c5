//! The daemon after an unclear answer from Kimai: it comes back by itself once the settle
//! window has passed, books every entry exactly once, and sends no failure notification
//! for creates that only wait to settle.

use crate::daemon::{runs, serve_with, wait_for};
use crate::scenario::Scenario;
use std::time::Duration;
use syncd_sim::FaultConfig;

#[test]
fn a_webhook_run_with_unclear_creates_is_settled_by_the_daemon_itself() {
    let s = Scenario::new("UTC", "minute");
    s.small_helpdesk();
    let a = s.entry(101, "30.0", 1, 3, "2026-11-02T10:00:00.000Z");
    let b = s.entry(101, "15.0", 1, 3, "2026-11-02T11:00:00.000Z");
    crate::daemon::add_secret(&s, "webhook-secret-1");
    // Every timesheet POST is stored by Kimai and then answered by a proxy's 502/504.
    s.kimai.set_faults(FaultConfig {
        gateway_error_rate: 1.0,
        only: vec!["POST /api/timesheets".into()],
        ..FaultConfig::default()
    });
    let notified = s.path("notified");
    let notify = s.path("notify.sh");
    std::fs::write(
        &notify,
        format!(
            "#!/bin/sh\necho \"$SYNCD_EVENT\" >> {}\n",
            notified.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&notify, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let notify_cmd = notify.display().to_string();
    let d = serve_with(
        &s,
        &[
            ("SYNCD_SYNC_SETTLE_SECS", "2"),
            ("SYNCD_NOTIFY_COMMAND", &notify_cmd),
        ],
        None,
    );
    let body = serde_json::to_vec(&syncd_sim::webhook::custom_payload(101)).unwrap();
    let url = format!("{}/webhooks/zammad", d.url);
    let status =
        syncd_sim::webhook::send_webhook_blocking(&url, Some("webhook-secret-1"), &body, "d-1")
            .unwrap();
    assert_eq!(status, 202);
    // The webhook's run gets only unclear answers; nothing else triggers a sync.
    // Finished, not only started: clearing the faults while its POSTs are still going
    // would let them be answered plainly and leave nothing to settle.
    wait_for("the webhook's run", Duration::from_secs(15), || {
        runs(&s)
            .iter()
            .any(|r| r["trigger"] == "webhook" && r["status"] != "running")
    });
    s.kimai.set_faults(FaultConfig::default());
    wait_for(
        "a follow-up run that settles the creates",
        Duration::from_secs(20),
        || {
            runs(&s)
                .iter()
                .any(|r| r["trigger"] == "retry" && r["status"] == "succeeded")
        },
    );
    s.assert_exactly_once(1);
    let by_entry = s.timesheets_by_entry();
    assert!(by_entry.contains_key(&a) && by_entry.contains_key(&b));
    assert_eq!(
        s.kimai.request_count("POST /api/timesheets"),
        2,
        "no create sent twice"
    );
    let events = std::fs::read_to_string(&notified).unwrap_or_default();
    assert!(
        !events.contains("run_failed"),
        "waiting to settle is not a failure worth a notification: {events}"
    );
}
