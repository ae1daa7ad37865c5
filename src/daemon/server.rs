//! hyper 1 accept loops. A connection limit (a semaphore taken before `accept`, so excess
//! connections wait in the kernel's queue and cost nothing here), a deadline for headers
//! and for idle keep-alive connections, and graceful shutdown: stop accepting, let each
//! connection finish its request in flight (bounded), then close.

use super::metrics::Metrics;
use super::router::{App, Listener};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Connections allowed on the loopback-only admin address.
pub(crate) const ADMIN_CONNECTIONS: usize = 16;

/// Decrements the open-connections gauge however the connection task ends.
struct Open(Arc<Metrics>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.connection_closed();
    }
}

pub(crate) async fn accept_loop(
    listener: TcpListener,
    which: Listener,
    limit: usize,
    app: Arc<App>,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(limit.max(1)));
    let mut conns = JoinSet::new();
    loop {
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            _ = shutdown.changed() => break,
        };
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = shutdown.changed() => break,
        };
        let (stream, peer) = match accepted {
            Ok(x) => x,
            Err(e) => {
                // EMFILE and friends: back off instead of spinning.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        app.metrics.connection_opened();
        let open = Open(app.metrics.clone());
        // Headers (and the wait for the next request on a kept-alive connection) within
        // the request deadline; the body's deadline is the router's.
        let deadline = app.config().deadline;
        let app = app.clone();
        let mut sd = shutdown.clone();
        conns.spawn(async move {
            let _permit = permit;
            let _open = open;
            let svc = service_fn(move |req| {
                let app = app.clone();
                async move { Ok::<_, std::convert::Infallible>(app.handle(peer, which, req).await) }
            });
            let conn = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(deadline)
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), svc);
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                res = conn.as_mut() => {
                    if let Err(e) = res {
                        tracing::debug!(error = %e, %peer, "connection closed with an error");
                    }
                }
                _ = sd.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.as_mut().await;
                }
            }
        });
        // Reap finished connections so the set does not grow.
        while conns.try_join_next().is_some() {}
    }
    drop(listener);
    let drained = tokio::time::timeout(Duration::from_secs(5), async {
        while conns.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        conns.abort_all();
    }
}
