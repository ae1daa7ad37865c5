//! SIGTERM/SIGINT (stop) and SIGHUP (reload), plus sd-notify when `NOTIFY_SOCKET` is set.

use tokio::signal::unix::{SignalKind, signal};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signal {
    Stop,
    Reload,
}

pub(crate) struct Signals {
    term: tokio::signal::unix::Signal,
    int: tokio::signal::unix::Signal,
    hup: tokio::signal::unix::Signal,
}

impl Signals {
    pub(crate) fn install() -> anyhow::Result<Signals> {
        Ok(Signals {
            term: signal(SignalKind::terminate())?,
            int: signal(SignalKind::interrupt())?,
            hup: signal(SignalKind::hangup())?,
        })
    }

    pub(crate) async fn next(&mut self) -> Signal {
        tokio::select! {
            _ = self.term.recv() => Signal::Stop,
            _ = self.int.recv() => Signal::Stop,
            _ = self.hup.recv() => Signal::Reload,
        }
    }
}

fn notify(states: &[sd_notify::NotifyState]) {
    if std::env::var_os("NOTIFY_SOCKET").is_none() {
        return;
    }
    if let Err(e) = sd_notify::notify(states) {
        tracing::warn!(error = %e, "sd_notify failed");
    }
}

pub(crate) fn sd_notify_ready() {
    notify(&[sd_notify::NotifyState::Ready]);
}

pub(crate) fn sd_notify_reloading() {
    let usec = crate::sys::monotonic_usec();
    notify(&[
        sd_notify::NotifyState::Reloading,
        sd_notify::NotifyState::MonotonicUsec(usec),
    ]);
}

pub(crate) fn sd_notify_stopping() {
    notify(&[sd_notify::NotifyState::Stopping]);
}
