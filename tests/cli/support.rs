//! Runs the real `lembar` binary on copies of fixture sites.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;
use walkdir::WalkDir;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A site in a temporary folder, copied from fixtures.
pub struct Site {
    pub dir: TempDir,
}

impl Site {
    /// A copy of `tests/fixtures/<name>`.
    pub fn copy(name: &str) -> Site {
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_tree(&fixtures().join(name), dir.path());
        Site { dir }
    }

    /// The base fixture with `overlay`'s files laid over it.
    pub fn overlay(overlay: &Path) -> Site {
        let site = Site::copy("base");
        copy_tree(overlay, site.root());
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    /// `lembar build` in the site's folder, with extra arguments.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        run_in(self.root(), &all)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Every file under `rel`, relative to it, sorted.
    pub fn files(&self, rel: &str) -> Vec<String> {
        list_files(&self.path(rel))
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    #[track_caller]
    pub fn success(&self) -> &Self {
        assert_eq!(self.code, 0, "lembar failed:\n{}", self.stderr);
        self
    }
}

/// Runs `lembar` with `args` in `dir`, with a clean environment.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_lembar"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        // Reviews are counted to a fixed day, so results do not change with the calendar.
        .env("SOURCE_DATE_EPOCH", "1796515200")
        .env("NO_COLOR", "1")
        .output()
        .expect("lembar runs");
    Run::from(output)
}

/// Runs `lembar` with `args` in `dir` as [`run_in`] does, killed after
/// `limit`: a hang (a FIFO read, a quadratic pass) fails the test instead of
/// hanging it. The limit is far above the normal time: a guard, not a timing.
pub fn run_bounded(dir: &Path, args: &[&str], limit: std::time::Duration) -> Run {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_lembar"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .env("SOURCE_DATE_EPOCH", "1796515200")
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("lembar runs");
    // Read while it runs, so a full pipe cannot block it.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let stdout = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let stderr = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("lembar {args:?} was still running after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn list_files(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

/// Every file's bytes under `dir`, for byte-for-byte comparisons.
pub fn snapshot_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    list_files(dir)
        .into_iter()
        .map(|f| {
            let b = std::fs::read(dir.join(&f)).unwrap();
            (f, b)
        })
        .collect()
}

/// The `<main>` element of an HTML page.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("a </main>") + "</main>".len();
    &html[start..end]
}

/// A program some tests need from the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// Headless Chromium: printing, and search in a real browser.
    Chromium,
    /// poppler-utils' `pdfinfo` and `pdftotext`, to read printed PDFs back.
    Poppler,
    /// git, whose history dates translations.
    Git,
    /// node with playwright-core installed in `tools/site-check` (`npm ci`
    /// there), to drive Chromium through a page's scripts.
    Playwright,
}

impl Tool {
    /// The tool's program, found on `PATH` as `lembar pdf` finds Chromium
    /// (`$CHROMIUM` first): no `which` program needed.
    pub fn find(self) -> Option<PathBuf> {
        let path = std::env::var_os("PATH");
        match self {
            Tool::Chromium => lembar::pdf::find_chromium(
                std::env::var_os("CHROMIUM").map(PathBuf::from),
                path.as_deref(),
            )
            .ok(),
            Tool::Poppler => lembar::pdf::find_on_path(&["pdfinfo"], path.as_deref())
                .filter(|_| lembar::pdf::find_on_path(&["pdftotext"], path.as_deref()).is_some()),
            Tool::Git => lembar::pdf::find_on_path(&["git"], path.as_deref()),
            Tool::Playwright => lembar::pdf::find_on_path(&["node"], path.as_deref())
                .filter(|_| site_check().join("node_modules/playwright-core").is_dir()),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Tool::Chromium => "chromium",
            Tool::Poppler => "poppler-utils (pdfinfo, pdftotext)",
            Tool::Git => "git",
            Tool::Playwright => "node and playwright-core (`npm ci` in tools/site-check)",
        }
    }
}

/// The project's browser checks (`tools/site-check`).
pub fn site_check() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/site-check")
}

/// Whether the machine has `tools`, for a test that cannot run without them.
///
/// A test that returns early on `false` is skipped, never silently: with `CI`
/// set this panics naming the missing tool (`.ci/run` installs every tool, so
/// a missing one means CI is broken, not that the test may pass); without it
/// the skip is written straight to the terminal, past the test harness's
/// capture, and counted in a line printed when the test program ends.
#[track_caller]
pub fn have(tools: &[Tool]) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .filter(|t| t.find().is_none())
        .map(|t| t.name())
        .collect();
    if missing.is_empty() {
        return true;
    }
    lacking(&missing.join(", "))
}

/// [`have`] for a folder beside the project (the shared corpus).
#[track_caller]
pub fn have_folder(path: &Path) -> bool {
    path.is_dir() || lacking(&path.display().to_string())
}

/// Records that the calling test lacks `missing` (a failure under CI); false.
#[track_caller]
fn lacking(missing: &str) -> bool {
    // The harness names the test's thread after it; the caller's line tells
    // even when the tests run on the main thread (`--test-threads=1`).
    let test = format!(
        "{} ({})",
        std::thread::current().name().unwrap_or("a test"),
        std::panic::Location::caller()
    );
    assert!(
        std::env::var_os("CI").is_none(),
        "{test} needs {missing}, which this machine lacks; CI must install it (see .ci/run)"
    );
    skipped::record(&test, missing);
    false
}

/// The tests skipped for a missing tool, told once more when the program ends.
mod skipped {
    use std::io::Write;
    use std::sync::{Mutex, Once};

    static SKIPPED: Mutex<Vec<String>> = Mutex::new(Vec::new());
    static AT_EXIT: Once = Once::new();

    unsafe extern "C" {
        /// The C library's: runs `f` when the process exits, after the test
        /// harness has printed its results.
        fn atexit(f: extern "C" fn()) -> std::ffi::c_int;
    }

    extern "C" fn summary() {
        let skipped = SKIPPED.lock().unwrap_or_else(|e| e.into_inner());
        let _ = writeln!(
            std::io::stderr(),
            "\nSKIPPED {} test(s) for want of a tool (set CI=true to make that a failure):\n{}",
            skipped.len(),
            skipped.join("\n")
        );
    }

    pub fn record(test: &str, missing: &str) {
        let line = format!("  {test}: needs {missing}");
        // `write!` to the stream itself: `eprintln!` would be captured.
        let _ = writeln!(std::io::stderr(), "SKIPPED {}", line.trim_start());
        SKIPPED.lock().unwrap_or_else(|e| e.into_inner()).push(line);
        AT_EXIT.call_once(|| {
            // SAFETY: registers a plain function with no arguments, as atexit asks.
            unsafe {
                atexit(summary);
            }
        });
    }
}

/// The first QR code in `html` drawn back into pixels and read with a QR decoder.
pub fn decode_qr(html: &str) -> String {
    let (size, dark) = lembar::qr::read_modules(html).expect("a QR code");
    let scale = 4;
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(size * scale, size * scale, |x, y| {
            if dark[(y / scale) * size + x / scale] {
                0
            } else {
                255
            }
        });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1);
    grids[0].decode().unwrap().1
}
