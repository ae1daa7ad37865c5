//! The daemon: does `/readyz` answer, and is it ready. It is tried at `daemon.admin_listen`
//! when set (where `/readyz` then lives), else at `daemon.listen`. No answer is a problem
//! only when something needs the daemon: a schedule, a webhook secret, or a listen address
//! set in the config (admins who run `syncd sync` from cron need none).

use super::report::Check;
use crate::cli::Context;
use crate::store::Store;
use std::time::Duration;

const G: &str = "daemon";
const TIMEOUT: Duration = Duration::from_secs(3);

/// The address to ask: an unspecified host (0.0.0.0, ::) is asked on loopback.
fn probe_url(mut sock: std::net::SocketAddr) -> String {
    if sock.ip().is_unspecified() {
        sock.set_ip(match sock {
            std::net::SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            std::net::SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    format!("http://{sock}/readyz")
}

/// Why the daemon is needed, if it is.
fn needed_by(ctx: &Context, store: Option<&Store>) -> Option<String> {
    if let Some(store) = store {
        let enabled = store
            .list_schedules()
            .map(|s| s.iter().filter(|s| s.enabled).count())
            .unwrap_or(0);
        if enabled > 0 {
            return Some(format!(
                "{enabled} enabled {} only in the daemon",
                if enabled == 1 {
                    "schedule fires"
                } else {
                    "schedules fire"
                }
            ));
        }
        let secrets = store
            .list_webhook_secrets()
            .map(|s| s.iter().filter(|s| s.active).count())
            .unwrap_or(0);
        if secrets > 0 {
            return Some("webhook secrets are stored: Zammad's webhooks go to the daemon".into());
        }
    }
    let daemon = &ctx.settings.daemon;
    if daemon.admin_listen.is_some() {
        return Some("daemon.admin_listen is set".into());
    }
    (daemon.listen != crate::config::DaemonSettings::default().listen)
        .then(|| format!("daemon.listen is {}", daemon.listen))
}

pub(super) fn check(ctx: &Context, store: Option<&Store>) -> Check {
    let daemon = &ctx.settings.daemon;
    let url = probe_url(daemon.admin_listen.unwrap_or(daemon.listen));
    let needed = needed_by(ctx, store);
    crate::http::install_tls_provider();
    let answer = ctx.block_on(async {
        let client = reqwest::Client::builder().timeout(TIMEOUT).build()?;
        let resp = client.get(&url).send().await?;
        let status = resp.status().as_u16();
        let body: serde_json::Value = resp.json().await.unwrap_or_default();
        Ok::<_, reqwest::Error>((status, body))
    });
    let start = "start it: `systemctl start syncd` (or `syncd serve`), then `syncd doctor`";
    match answer {
        Ok((200, body)) => {
            let last = body["last_run"]["status"]
                .as_str()
                .map(|s| format!("; last run {s}"))
                .unwrap_or_default();
            Check::ok(G, "readyz", format!("{url}: ready{last}"))
        }
        Ok((503, body)) => {
            let problems: Vec<String> = body["problems"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|p| p.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            Check::fail(
                G,
                "readyz",
                format!("{url}: not ready: {}", problems.join("; ")),
                "fix what /readyz lists (free space, a locked store), then `syncd doctor`",
            )
        }
        Ok((status, _)) => Check::fail(
            G,
            "readyz",
            format!("{url} answered {status}: that is not syncd's daemon"),
            "point daemon.listen (or daemon.admin_listen) at syncd's daemon",
        ),
        Err(e) => {
            let why = if e.is_timeout() {
                "no answer within 3 s".to_string()
            } else if e.is_connect() {
                "connection refused: nothing listens there".to_string()
            } else {
                e.to_string()
            };
            match needed {
                Some(need) => Check::fail(
                    G,
                    "readyz",
                    format!("the daemon is unreachable at {url} ({why}), but {need}"),
                    start,
                ),
                None => Check::ok(
                    G,
                    "readyz",
                    format!(
                        "no daemon at {url} ({why}); none is needed: no schedules, webhook \
                         secrets or listen address configured"
                    ),
                ),
            }
        }
    }
}
