//! The HTTP server under `serve` and `pdf`: hyper on a small tokio runtime of
//! its own, with the limits a server facing browsers and stray clients needs.
//! Does network I/O; what to answer is the [`Handler`]'s business.
//!
//! Why not a thread per connection (tiny_http, which `serve` used before):
//! every open page holds an event stream for live reload, and a stream that
//! holds a worker thread lets eight tabs freeze the server. Here a connection
//! is a task: an idle one costs a few kilobytes, and a stream costs nothing
//! until it has something to send.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http_body_util::BodyExt;
use http_body_util::combinators::BoxBody;
use hyper::body::{Bytes, Frame};
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{Semaphore, mpsc, oneshot};

/// A response body: bytes at once, or a stream of chunks.
pub type Body = BoxBody<Bytes, Infallible>;

/// What the server refuses or drops, so that no client can use it up.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Open connections at once; further ones wait in the listen queue.
    pub connections: usize,
    /// The request line and headers together (hyper answers 431 beyond).
    pub head_bytes: usize,
    /// The request target (answered 414 beyond).
    pub url_bytes: usize,
    /// How long a connection may send nothing, or take to send a request's
    /// head, before it is closed. Event streams send pings, so they stay.
    pub idle: Duration,
    /// Threads for the handler's blocking work (rendering pages).
    pub blocking_threads: usize,
}

impl Limits {
    /// These limits within what the process may open: the soft open-file
    /// limit is raised to the hard one (macOS starts at 256), and
    /// connections leave [`FILES_RESERVED`] for the files a rebuild reads.
    pub fn within_open_files(self) -> Limits {
        match open_files() {
            Some(files) => Limits {
                connections: self
                    .connections
                    .min(files.saturating_sub(FILES_RESERVED).max(16)),
                ..self
            },
            None => self,
        }
    }
}

/// Open files kept for everything but connections: the watcher, the site's
/// files while a rebuild reads them, the runtime's own.
pub const FILES_RESERVED: usize = 64;

/// The open-file limit, after raising the soft limit as far as allowed.
#[cfg(unix)]
fn open_files() -> Option<usize> {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    // `None` is "unlimited".
    let below = match (limit.current, limit.maximum) {
        (Some(current), Some(maximum)) => current < maximum,
        (Some(_), None) => true,
        (None, _) => false,
    };
    if below {
        let raised = rustix::process::Rlimit {
            current: limit.maximum,
            maximum: limit.maximum,
        };
        // Refused (macOS caps it below "unlimited"): the current one stands.
        let _ = setrlimit(Resource::Nofile, raised);
    }
    let current = getrlimit(Resource::Nofile).current?;
    Some(usize::try_from(current).unwrap_or(usize::MAX))
}

#[cfg(not(unix))]
fn open_files() -> Option<usize> {
    None
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            connections: 1024,
            head_bytes: 16 * 1024,
            url_bytes: 8 * 1024,
            idle: Duration::from_secs(30),
            blocking_threads: 8,
        }
    }
}

/// Answers one request. Runs on the server's runtime: blocking work goes
/// through [`tokio::task::spawn_blocking`].
pub trait Handler: Send + Sync + 'static {
    fn handle(
        self: Arc<Self>,
        request: Request<hyper::body::Incoming>,
    ) -> impl Future<Output = Response<Body>> + Send;
}

/// A server running on its own threads until stopped or dropped.
pub struct Running {
    pub address: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
    stop: Option<oneshot::Sender<()>>,
}

impl Running {
    /// Stops accepting and drops every connection.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Serves `handler` on `listener` (already bound) until the [`Running`] is
/// stopped or dropped.
pub fn start<H: Handler>(
    listener: std::net::TcpListener,
    handler: Arc<H>,
    limits: Limits,
) -> std::io::Result<Running> {
    let address = listener.local_addr()?;
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(limits.blocking_threads)
        .thread_name("lembar-http")
        .enable_all()
        .build()?;
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener)?
    };
    let (stop, stopped) = oneshot::channel();
    runtime.spawn(accept_loop(listener, handler, limits, stopped));
    Ok(Running {
        address,
        runtime: Some(runtime),
        stop: Some(stop),
    })
}

async fn accept_loop<H: Handler>(
    listener: tokio::net::TcpListener,
    handler: Arc<H>,
    limits: Limits,
    mut stopped: oneshot::Receiver<()>,
) {
    let slots = Arc::new(Semaphore::new(limits.connections));
    loop {
        let slot = tokio::select! {
            _ = &mut stopped => return,
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => return,
            },
        };
        let stream = tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait instead of spinning.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let handler = Arc::clone(&handler);
        // A panic in a connection's task ends that connection only.
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let handler = Arc::clone(&handler);
                async move { Ok::<_, Infallible>(checked(handler, request, &limits).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                // Also the idle time allowed between keep-alive requests.
                .header_read_timeout(limits.idle)
                .max_buf_size(limits.head_bytes.max(8192))
                .serve_connection(TokioIo::new(stream), service)
                .await;
            drop(slot);
        });
    }
}

/// Refuses what no handler should see, then asks the handler.
async fn checked<H: Handler>(
    handler: Arc<H>,
    request: Request<hyper::body::Incoming>,
    limits: &Limits,
) -> Response<Body> {
    let target = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if target > limits.url_bytes {
        return text(StatusCode::URI_TOO_LONG, "the address is too long\n");
    }
    handler.handle(request).await
}

/// A complete body.
pub fn full(bytes: impl Into<Bytes>) -> Body {
    http_body_util::Full::new(bytes.into())
        .map_err(|never| match never {})
        .boxed()
}

/// A plain-text response.
pub fn text(status: StatusCode, message: &'static str) -> Response<Body> {
    let mut response = Response::new(full(message));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// A body that sends what arrives on a channel, as it arrives, and ends when
/// the channel's senders are gone. Dropped by hyper when the client leaves,
/// which the sender sees as a closed channel.
pub fn channel_body(receiver: mpsc::Receiver<Bytes>) -> Body {
    ChannelBody(receiver).boxed()
}

struct ChannelBody(mpsc::Receiver<Bytes>);

impl hyper::body::Body for ChannelBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0
            .poll_recv(cx)
            .map(|chunk| chunk.map(|bytes| Ok(Frame::data(bytes))))
    }
}

/// A listening socket whose connections send each response at once (no
/// Nagle delay on keep-alive requests) and that a restarted server can bind
/// again at once.
pub fn listen(address: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::for_address(address), Type::STREAM, None)?;
    socket.set_reuse_address(true)?;
    socket.set_tcp_nodelay(true)?;
    socket.bind(&address.into())?;
    socket.listen(1024)?;
    Ok(socket.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    struct Boom;

    impl Handler for Boom {
        async fn handle(
            self: Arc<Self>,
            request: Request<hyper::body::Incoming>,
        ) -> Response<Body> {
            if request.uri().path() == "/boom" {
                panic!("a bug in one request");
            }
            text(StatusCode::OK, "fine\n")
        }
    }

    fn get(address: SocketAddr, path: &str) -> String {
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut text = String::new();
        let _ = stream.read_to_string(&mut text);
        text
    }

    #[test]
    fn a_panic_ends_one_connection_and_costs_no_capacity() {
        let listener = listen(SocketAddr::from(([127, 0, 0, 1], 0))).unwrap();
        let limits = Limits {
            connections: 4,
            ..Limits::default()
        };
        let server = start(listener, Arc::new(Boom), limits).unwrap();
        // More panics than connection slots: each slot must come back.
        for _ in 0..20 {
            assert_eq!(get(server.address, "/boom"), "", "no answer, no hang");
        }
        let fine = get(server.address, "/ok");
        assert!(fine.starts_with("HTTP/1.1 200"), "{fine}");
    }
}
