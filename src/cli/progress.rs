//! A sync's events drawn on stderr: a spinner while reading and planning, a bar while
//! applying. Only used when stderr is a terminal.

use crate::sync::events::{Event, EventSink, Events};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::Mutex;
use std::time::Duration;

#[derive(Default)]
struct Bars {
    spinner: Option<ProgressBar>,
    bar: Option<ProgressBar>,
}

/// Draws a sync's progress on stderr.
#[derive(Default)]
pub(super) struct Terminal {
    bars: Mutex<Bars>,
}

/// Progress on a terminal, nothing otherwise.
pub(super) fn events(draw: bool) -> Events {
    if draw {
        Events::new(Terminal::default())
    } else {
        Events::none()
    }
}

fn spinner() -> ProgressBar {
    let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.enable_steady_tick(Duration::from_millis(120));
    pb
}

fn bar(len: u64) -> ProgressBar {
    let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} timesheets  {per_sec}  eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    pb
}

impl EventSink for Terminal {
    fn event(&self, event: Event) {
        let mut b = self.bars.lock().unwrap_or_else(|e| e.into_inner());
        match event {
            Event::Stage(text) => b.spinner.get_or_insert_with(spinner).set_message(text),
            Event::Planned => {
                if let Some(s) = b.spinner.take() {
                    s.finish_and_clear();
                }
            }
            Event::Applying { items } => {
                if let Some(s) = b.spinner.take() {
                    s.finish_and_clear();
                }
                b.bar = Some(bar(items));
            }
            Event::ItemDone => {
                if let Some(pb) = &b.bar {
                    pb.inc(1);
                }
            }
            Event::Applied => {
                if let Some(pb) = b.bar.take() {
                    pb.finish_and_clear();
                }
            }
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let b = self.bars.get_mut().unwrap_or_else(|e| e.into_inner());
        for pb in [b.spinner.take(), b.bar.take()].into_iter().flatten() {
            pb.finish_and_clear();
        }
    }
}
