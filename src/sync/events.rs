//! What a sync is doing, as events. The engine says what happens; whoever started it
//! decides how to show it (the CLI draws a spinner and a bar on a terminal, the daemon and
//! scripts show nothing). Keeps terminal drawing out of `sync`.

use std::sync::Arc;

/// One step of a sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Reading or comparing, in words ("reading Kimai").
    Stage(String),
    /// Reading and planning are done.
    Planned,
    /// Applying starts: this many timesheet items.
    Applying { items: u64 },
    /// One item was applied (whatever its outcome).
    ItemDone,
    /// Applying is done.
    Applied,
}

/// Receives the events of a sync; called from the sync's tasks, so it must be cheap.
pub trait EventSink: Send + Sync {
    fn event(&self, event: Event);
}

/// Where a sync sends its events: nowhere by default.
#[derive(Clone, Default)]
pub struct Events(Option<Arc<dyn EventSink>>);

impl Events {
    pub fn new(sink: impl EventSink + 'static) -> Events {
        Events(Some(Arc::new(sink)))
    }

    pub fn none() -> Events {
        Events(None)
    }

    pub fn emit(&self, event: Event) {
        if let Some(sink) = &self.0 {
            sink.event(event);
        }
    }

    pub fn stage(&self, text: impl Into<String>) {
        if self.0.is_some() {
            self.emit(Event::Stage(text.into()));
        }
    }
}

impl std::fmt::Debug for Events {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Events(sink)"
        } else {
            "Events(none)"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    struct Log(Arc<Mutex<Vec<Event>>>);
    impl EventSink for Log {
        fn event(&self, event: Event) {
            self.0.lock().unwrap().push(event);
        }
    }

    #[test]
    fn events_reach_the_sink_and_none_is_silent() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let events = Events::new(Log(seen.clone()));
        events.stage("reading Kimai");
        events.emit(Event::Applying { items: 2 });
        assert_eq!(
            *seen.lock().unwrap(),
            [
                Event::Stage("reading Kimai".into()),
                Event::Applying { items: 2 }
            ]
        );
        Events::none().stage("nothing happens");
    }
}
