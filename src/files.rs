//! Reading the site's own files: only regular files, only inside the site's
//! folder (a symbolic link is followed only where its real path stays inside),
//! never more than a limit. The one place every stage that reads a file the
//! site names goes through. Reads the disk.
//!
//! A FIFO or a device (`/dev/zero` through a link) would make a plain
//! `std::fs::read` wait or read forever; a link to `~/.ssh/id_ed25519` would
//! publish a secret. Files are opened without blocking, their type is checked
//! on the open handle (so a file swapped after a check cannot slip through),
//! and read through `Read::take`, so even a file that grows under us ends.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// Why a file of the site was not read.
#[derive(Debug)]
pub enum Refused {
    Io(std::io::Error),
    /// The file, or a folder on its way, is a link whose real path leaves the
    /// site's folder; `target` is what it points to (the link's own text, or
    /// the real path when a linked folder is on the way).
    Outside {
        target: PathBuf,
        is_link: bool,
    },
    /// Not a regular file: what it is ("a named pipe (FIFO)", "a device", …).
    NotRegular(&'static str),
    TooLarge {
        size: u64,
        limit: u64,
    },
}

impl From<std::io::Error> for Refused {
    fn from(e: std::io::Error) -> Self {
        Refused::Io(e)
    }
}

impl Refused {
    /// What went wrong with `shown` (a path from the site root) and what to do.
    pub fn describe(&self, shown: &Path) -> (String, &'static str) {
        let shown = shown.display();
        match self {
            Refused::Io(e) => (
                format!("cannot read `{shown}`: {e}"),
                "check that the file exists and is readable",
            ),
            Refused::Outside { target, is_link } => (
                format!(
                    "`{shown}` {} `{}`, outside the site's folder",
                    if *is_link {
                        "is a link to"
                    } else {
                        "is really"
                    },
                    target.display()
                ),
                "copy the file into the site instead of linking to it: lembar reads nothing outside the site's folder",
            ),
            Refused::NotRegular(what) => (
                format!("`{shown}` is {what}, not a regular file"),
                "replace it with a regular file, or remove it",
            ),
            Refused::TooLarge { size, limit } => (
                format!(
                    "`{shown}` is too large ({:.1} MiB; the limit is {} MiB)",
                    *size as f64 / 1048576.0,
                    limit / 1048576
                ),
                "make the file smaller, or leave it out of the site",
            ),
        }
    }

    /// The error, at `shown` (a path from the site root).
    pub fn diagnostic(&self, shown: &Path) -> Diagnostic {
        let (message, help) = self.describe(shown);
        Diagnostic::error(message).in_file(shown).help(help)
    }
}

/// Reads `root/rel`, a regular file inside the site, of at most `limit` bytes.
pub fn read_file(root: &Path, rel: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    let (mut file, len) = open_bounded(root, rel, limit)?;
    // The size from `fstat` is a hint only: the file may grow while we read.
    let mut bytes = Vec::with_capacity(len as usize);
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Opens `root/rel`, a regular file inside the site, of at most `limit`
/// bytes, to be read in pieces (a big static file is copied, never held in
/// memory). Returns it with its size at opening.
pub fn open_bounded(root: &Path, rel: &Path, limit: u64) -> Result<(Bounded, u64), Refused> {
    let (file, len) = open_file(root, rel)?;
    if len > limit {
        return Err(Refused::TooLarge { size: len, limit });
    }
    let file = file.take(limit + 1);
    Ok((Bounded { file, limit }, len))
}

/// A file that gives at most its limit: a byte more is an error, so a file
/// that grows while it is read still ends.
#[derive(Debug)]
pub struct Bounded {
    file: std::io::Take<File>,
    limit: u64,
}

impl Read for Bounded {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read(buf)?;
        if self.file.limit() == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::FileTooLarge,
                format!(
                    "the file grew beyond the limit of {} MiB while it was read",
                    self.limit / 1048576
                ),
            ));
        }
        Ok(n)
    }
}

/// Opens `root/rel` for reading: a regular file inside the site. Returns it
/// with its size at opening.
pub fn open_file(root: &Path, rel: &Path) -> Result<(File, u64), Refused> {
    let full = root.join(rel);
    // Resolved once for both checks: this runs for every file a build reads.
    let real_root = std::fs::canonicalize(root)?;
    if !plainly_inside(&real_root, rel) {
        check_real_inside(&real_root, &full)?;
    }
    let file = open_without_blocking(&full)?;
    check_opened_inside(&real_root, &file)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(Refused::NotRegular(kind_of(&meta.file_type())));
    }
    Ok((file, meta.len()))
}

/// `Ok` when the file that was opened is inside `real_root` (the site's
/// folder, links resolved): a link swapped in between [`check_inside`] and
/// the open would otherwise slip through. Linux names an open file's real
/// path in `/proc/self/fd`; elsewhere the path check stands alone.
fn check_opened_inside(real_root: &Path, file: &File) -> Result<(), Refused> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let fd = format!("/proc/self/fd/{}", file.as_raw_fd());
        if let Ok(opened) = std::fs::read_link(fd) {
            if !opened.starts_with(real_root) {
                return Err(Refused::Outside {
                    target: opened,
                    is_link: false,
                });
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (real_root, file);
    Ok(())
}

/// Whether `rel` names a path inside `real_root` without a link on the way:
/// plain names only, none of them a link (checked from the root down, one
/// `lstat` each). Cheaper than resolving the whole path, which reads every
/// folder above the site again for each of its thousands of files; when it
/// says no, the full check decides (and names what is wrong).
fn plainly_inside(real_root: &Path, rel: &Path) -> bool {
    let mut at = real_root.to_path_buf();
    for part in rel.components() {
        let std::path::Component::Normal(name) = part else {
            return false;
        };
        at.push(name);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if !meta.file_type().is_symlink() => {}
            _ => return false,
        }
    }
    true
}

/// `Ok` when the real path of `full` (links followed) is inside `root`.
pub fn check_inside(root: &Path, full: &Path) -> Result<(), Refused> {
    check_real_inside(&std::fs::canonicalize(root)?, full)
}

/// [`check_inside`], with the root already resolved.
fn check_real_inside(real_root: &Path, full: &Path) -> Result<(), Refused> {
    let real = std::fs::canonicalize(full)?;
    if real.starts_with(real_root) {
        return Ok(());
    }
    // Name what the link says when the file itself is one; else (a linked
    // folder on the way) where the file really is.
    Err(match std::fs::read_link(full) {
        Ok(target) => Refused::Outside {
            target,
            is_link: true,
        },
        Err(_) => Refused::Outside {
            target: real,
            is_link: false,
        },
    })
}

/// For a walk that follows links (`walkdir`'s `filter_entry`): whether to
/// enter `entry`. A link whose real path leaves the site is not entered but
/// reported, once, naming the link and where it points.
pub fn keep_entry(root: &Path, entry: &walkdir::DirEntry, problems: &mut Vec<Diagnostic>) -> bool {
    // An output folder (one with lembar's marker) reached from an input, say
    // `static/pub -> ../public`, would publish every build into the next.
    if entry.file_type().is_dir() && crate::output::is_output_folder(entry.path()) {
        let shown = entry.path().strip_prefix(root).unwrap_or(entry.path());
        problems.push(
            Diagnostic::error(format!(
                "`{}` is an output folder of lembar: every build would publish the previous one",
                shown.display()
            ))
            .in_file(shown)
            .help("remove it (or the link to it) from the site's input folders; lembar writes its output outside them"),
        );
        return false;
    }
    if !entry.path_is_symlink() {
        return true;
    }
    match check_inside(root, entry.path()) {
        Ok(()) => true,
        Err(refused) => {
            let shown = entry.path().strip_prefix(root).unwrap_or(entry.path());
            problems.push(refused.diagnostic(shown));
            false
        }
    }
}

/// Opening a FIFO for reading waits for a writer; `O_NONBLOCK` returns at once
/// (and changes nothing for regular files).
fn open_without_blocking(full: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    options.open(full)
}

fn kind_of(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("static")).unwrap();
        dir
    }

    #[test]
    fn reads_a_regular_file_and_a_link_inside() {
        let dir = site();
        std::fs::write(dir.path().join("static/a.txt"), "a").unwrap();
        symlink("a.txt", dir.path().join("static/b.txt")).unwrap();
        let read = |p: &str| read_file(dir.path(), Path::new(p), 10).unwrap();
        assert_eq!(read("static/a.txt"), b"a");
        assert_eq!(read("static/b.txt"), b"a");
    }

    #[test]
    fn refuses_links_outside_devices_and_large_files() {
        let dir = site();
        let outside = tempfile::NamedTempFile::new().unwrap();
        symlink(outside.path(), dir.path().join("static/key.txt")).unwrap();
        symlink("/dev/zero", dir.path().join("static/zero")).unwrap();
        std::fs::write(dir.path().join("static/big.txt"), "12345").unwrap();
        let read = |p: &str| read_file(dir.path(), Path::new(p), 4).unwrap_err();
        assert!(
            matches!(read("static/key.txt"), Refused::Outside { target, is_link: true } if target == outside.path())
        );
        assert!(matches!(read("static/zero"), Refused::Outside { .. }));
        assert!(matches!(
            read("static/big.txt"),
            Refused::TooLarge { size: 5, limit: 4 }
        ));
        assert!(matches!(read("static"), Refused::NotRegular("a folder")));
    }

    #[test]
    fn a_file_that_grows_while_it_is_read_ends() {
        let dir = site();
        std::fs::write(dir.path().join("static/log.txt"), "1234").unwrap();
        let (mut file, len) = open_bounded(dir.path(), Path::new("static/log.txt"), 4).unwrap();
        assert_eq!(len, 4);
        std::fs::write(dir.path().join("static/log.txt"), "123456").unwrap();
        let e = std::io::copy(&mut file, &mut std::io::sink()).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::FileTooLarge);
    }

    #[test]
    fn a_fifo_is_refused_without_waiting() {
        let dir = site();
        let fifo = dir.path().join("static/pipe");
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
        )
        .unwrap();
        let e = read_file(dir.path(), Path::new("static/pipe"), 10).unwrap_err();
        assert!(matches!(e, Refused::NotRegular("a named pipe (FIFO)")));
        let (message, _) = e.describe(Path::new("static/pipe"));
        assert_eq!(
            message,
            "`static/pipe` is a named pipe (FIFO), not a regular file"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn what_was_opened_is_checked_not_only_the_path() {
        // As if a link had been swapped in after the path was checked: the
        // open file is outside the root, whatever path led to it.
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::write(elsewhere.path().join("secret"), "key").unwrap();
        let file = File::open(elsewhere.path().join("secret")).unwrap();
        assert!(matches!(
            check_opened_inside(&root, &file),
            Err(Refused::Outside { .. })
        ));
        std::fs::write(root.join("page.md"), "x").unwrap();
        let file = File::open(root.join("page.md")).unwrap();
        assert!(check_opened_inside(&root, &file).is_ok());
    }
}
