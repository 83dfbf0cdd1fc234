//! `lembar serve`: builds the site into memory, serves it on one port, and
//! rebuilds on every change of its sources, with live reload.
//!
//! One [`State`] (behind an `Arc`, no globals) is shared by the HTTP server
//! ([`crate::http_server`]: requests read the current [`World`](world::World),
//! each open page's event stream is a task waiting for a broadcast) and by
//! the caller's thread, which applies changes.
//! An edit of one page is patched into the world in place (a write lock held
//! for a few milliseconds); any wider change makes a new world off the lock
//! and swaps it in. A change with errors keeps the last good world and shows
//! the errors over every page until they are fixed.

pub mod http;
pub mod watch;
pub mod world;

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use tokio::sync::broadcast;

use crate::build::BuildOptions;
use crate::diagnostic::{Diagnostic, Diagnostics};
use watch::Change;
use world::{Edit, World};

/// An event for the open pages.
#[derive(Debug, Clone)]
pub struct Event {
    /// `reload` or `css`.
    pub name: &'static str,
    pub version: String,
}

/// What every thread of the server shares.
pub struct State {
    /// The last good site; `None` until the first build without errors.
    world: RwLock<Option<World>>,
    /// The errors of the last change, shown over every page; empty when good.
    problems: RwLock<Vec<String>>,
    /// Bumped by every change; with `started`, tells pages what they missed.
    changes: AtomicU64,
    started: u64,
    /// Events for the open pages' streams.
    events: broadcast::Sender<Event>,
    /// Open event streams.
    streams: AtomicUsize,
    /// Resized photos, so a rebuild resizes only new or changed ones.
    photos: crate::photos::PhotoCache,
}

impl State {
    fn new() -> State {
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        State {
            world: RwLock::new(None),
            problems: RwLock::new(Vec::new()),
            changes: AtomicU64::new(0),
            started,
            events: broadcast::channel(16).0,
            streams: AtomicUsize::new(0),
            photos: crate::photos::PhotoCache::default(),
        }
    }

    /// This server's start and its number of changes: a page served at
    /// another version reloads when its event stream reconnects.
    pub fn version(&self) -> String {
        format!("{}-{}", self.started, self.changes.load(Ordering::SeqCst))
    }

    /// Counts an open event stream until the guard is dropped; `None` when
    /// `max` are open already.
    fn open_stream(self: &Arc<Self>, max: usize) -> Option<StreamGuard> {
        self.streams
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()?;
        Some(StreamGuard(Arc::clone(self)))
    }

    /// Open event streams.
    pub fn streams(&self) -> usize {
        self.streams.load(Ordering::SeqCst)
    }

    /// Tells every open page (none listening is fine).
    fn broadcast(&self, name: &'static str) {
        self.changes.fetch_add(1, Ordering::SeqCst);
        let event = Event {
            name,
            version: self.version(),
        };
        let _ = self.events.send(event);
    }

    /// A page as served: with the reload script, and the overlay while the
    /// site has errors.
    fn decorate(&self, page: &[u8]) -> Vec<u8> {
        let mut extra = http::reload_script(&self.version());
        let problems = self.problems.read().unwrap_or_else(|e| e.into_inner());
        if !problems.is_empty() {
            extra.push_str(&http::overlay(&problems));
        }
        http::inject(page, &extra)
    }

    fn set_problems(&self, problems: Vec<Diagnostic>) {
        *self.problems.write().unwrap_or_else(|e| e.into_inner()) =
            problems.iter().map(ToString::to_string).collect();
    }
}

struct StreamGuard(Arc<State>);

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.0.streams.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A running server: its address, and the state its threads share.
pub struct Server {
    pub address: SocketAddr,
    pub state: Arc<State>,
    http: Mutex<crate::http_server::Running>,
}

impl Server {
    /// Binds the address (port 0: a free one) and starts serving; the site
    /// is served once [`Server::run`] has built it. `hosts` are the names
    /// besides IP addresses and `localhost` that requests may be sent to.
    pub fn bind(
        bind: IpAddr,
        port: u16,
        hosts: http::Hosts,
        limits: crate::http_server::Limits,
    ) -> Result<Server, Diagnostic> {
        let refused = |e: &dyn std::fmt::Display| {
            Diagnostic::error(format!("cannot listen on {bind} port {port}: {e}")).help(
                "another program may use the port: pick another with `--port N`, or `--port 0` for any free one",
            )
        };
        let listener =
            crate::http_server::listen(SocketAddr::new(bind, port)).map_err(|e| refused(&e))?;
        let limits = limits.within_open_files();
        let state = Arc::new(State::new());
        let site = Arc::new(http::Site {
            state: Arc::clone(&state),
            hosts,
            // Streams never go idle: half the connections stay for pages.
            max_streams: limits.connections / 2,
        });
        let running = crate::http_server::start(listener, site, limits).map_err(|e| refused(&e))?;
        Ok(Server {
            address: running.address,
            state,
            http: Mutex::new(running),
        })
    }

    /// Builds the site (its `base_url` should be the served address),
    /// reports it with `report`, then watches and rebuilds
    /// until the watcher stops (never, in normal use).
    pub fn run(&self, build: &BuildOptions, report: &dyn Fn(Report)) -> Result<(), Diagnostic> {
        let out = build.out_dir();
        // The first site is loaded before watching (the watcher would hear
        // every file it opens, thousands of events competing with the load);
        // an edit saved meanwhile shows in a snapshot of the files.
        let before = watch::Snapshot::take(&build.root);
        let started = Instant::now();
        self.first(build, report, started);
        let changes = watch::watch(&build.root, &out).map_err(|e| {
            Diagnostic::error(format!("cannot watch the site's files: {e}"))
                .help("on Linux, raise fs.inotify.max_user_watches; or use `lembar build`")
        })?;
        if watch::Snapshot::take(&build.root) != before {
            self.apply(build, &[Change::Other], report, Instant::now());
        }
        for batch in changes {
            let started = Instant::now();
            self.apply(build, &batch, report, started);
        }
        Ok(())
    }

    /// Applies a batch of changes: page edits in place when the site is good
    /// and they stay in place, else a new world.
    fn apply(
        &self,
        build: &BuildOptions,
        batch: &[Change],
        report: &dyn Fn(Report),
        started: Instant,
    ) {
        let good = self
            .state
            .problems
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .is_empty();
        let pages: Option<Vec<&str>> = batch
            .iter()
            .map(|c| match c {
                Change::Page(rel) => Some(rel.as_str()),
                _ => None,
            })
            .collect();
        let what = match batch {
            [Change::Page(rel)] => format!("content/{rel}"),
            _ => format!("{} files", batch.len()),
        };
        let (Some(pages), true) = (pages, good) else {
            let css = batch.iter().all(|c| *c == Change::Stylesheet);
            let name = self.rebuild(build, &what, report, started);
            if css && name == "reload" {
                self.state.broadcast("css");
            } else {
                self.state.broadcast(name);
            }
            return;
        };
        let mut warnings = Vec::new();
        let mut guard = self.state.world.write().unwrap_or_else(|e| e.into_inner());
        let Some(world) = guard.as_mut() else {
            drop(guard);
            let name = self.rebuild(build, &what, report, started);
            self.state.broadcast(name);
            return;
        };
        for rel in pages {
            match world.edit_page(rel, build) {
                Edit::Applied { warnings: w } => warnings.extend(w),
                Edit::Rejected(problems) => {
                    drop(guard);
                    let problems = problems.sorted();
                    self.state.set_problems(problems.clone());
                    self.state.broadcast("reload");
                    report(Report::Failed { what, problems });
                    return;
                }
                Edit::Wide => {
                    drop(guard);
                    let name = self.rebuild(build, &what, report, started);
                    self.state.broadcast(name);
                    return;
                }
            }
        }
        drop(guard);
        self.state.broadcast("reload");
        report(Report::Rebuilt {
            what,
            pages: None,
            warnings,
            millis: started.elapsed().as_secs_f64() * 1000.0,
        });
    }

    /// The first world: served as soon as its site is prepared (each page's
    /// Markdown rendered on its first request), then checked whole; errors
    /// found then are shown over its pages, and the next change makes the
    /// world again, as after any error.
    fn first(&self, build: &BuildOptions, report: &dyn Fn(Report), started: Instant) {
        let fail = |problems: Diagnostics| {
            let problems = only_errors(problems);
            self.state.set_problems(problems.clone());
            self.state.broadcast("reload");
            report(Report::Failed {
                what: String::new(),
                problems,
            });
        };
        let (world, mut all) = match World::start(build, &self.state.photos) {
            Ok(started) => started,
            Err(problems) => return fail(problems),
        };
        let pages = world.pages();
        let lock = &self.state.world;
        *lock.write().unwrap_or_else(|e| e.into_inner()) = Some(world);
        // Pages are served meanwhile: warming takes the lock to read only.
        if let Some(world) = lock.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
            world.warm();
        }
        if let Some(world) = lock.write().unwrap_or_else(|e| e.into_inner()).as_mut() {
            all.extend(world.settle());
        }
        if all.has_errors() {
            return fail(all);
        }
        report(Report::Rebuilt {
            what: String::new(),
            pages: Some(pages),
            warnings: all.sorted(),
            millis: started.elapsed().as_secs_f64() * 1000.0,
        });
    }

    /// Makes a new world from the disk and swaps it in, or keeps the old one
    /// and shows the errors. Returns the event for the open pages.
    fn rebuild(
        &self,
        build: &BuildOptions,
        what: &str,
        report: &dyn Fn(Report),
        started: Instant,
    ) -> &'static str {
        match World::make(build, &self.state.photos) {
            Ok((world, warnings)) => {
                let pages = world.pages();
                *self.state.world.write().unwrap_or_else(|e| e.into_inner()) = Some(world);
                self.state.set_problems(Vec::new());
                report(Report::Rebuilt {
                    what: what.to_string(),
                    pages: Some(pages),
                    warnings: warnings.sorted(),
                    millis: started.elapsed().as_secs_f64() * 1000.0,
                });
            }
            Err(problems) => {
                let problems = only_errors(problems);
                self.state.set_problems(problems.clone());
                report(Report::Failed {
                    what: what.to_string(),
                    problems,
                });
            }
        }
        "reload"
    }

    /// Stops serving (tests).
    pub fn stop(&self) {
        self.http.lock().unwrap_or_else(|e| e.into_inner()).stop();
    }
}

/// The errors of a failed build (its warnings would bury them in the overlay).
fn only_errors(problems: Diagnostics) -> Vec<Diagnostic> {
    let all = problems.sorted();
    all.into_iter()
        .filter(|d| d.severity == crate::diagnostic::Severity::Error)
        .collect()
}

/// What the server tells its user after each (re)build.
#[derive(Debug)]
pub enum Report {
    /// `what` changed (empty: the first build); `pages` when the whole
    /// site was made again.
    Rebuilt {
        what: String,
        pages: Option<usize>,
        warnings: Vec<Diagnostic>,
        millis: f64,
    },
    Failed {
        what: String,
        problems: Vec<Diagnostic>,
    },
}

/// The address of this machine in the local network, for phones: the one the
/// system would send from (a UDP "connection" sends nothing).
pub fn lan_address() -> Option<IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// The URL to print and to build links with, for a server bound to `address`.
pub fn site_url(address: SocketAddr) -> String {
    let ip = match address.ip() {
        ip if ip.is_unspecified() => lan_address().unwrap_or(IpAddr::from([127, 0, 0, 1])),
        ip => ip,
    };
    match ip {
        IpAddr::V4(v4) => format!("http://{v4}:{}/", address.port()),
        IpAddr::V6(v6) => format!("http://[{v6}]:{}/", address.port()),
    }
}

/// A QR code of `url` for the terminal, two rows of modules per line.
pub fn terminal_qr(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::unicode::Dense1x2>()
            .dark_color(qrcode::render::unicode::Dense1x2::Light)
            .light_color(qrcode::render::unicode::Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
    )
}
