//! The bytes of attachments on disk: `attachments/ab/abcdef…` under the server's data
//! directory, one file per SHA-256 (the first two hex digits make a folder, so no folder holds
//! more than a few thousand files).
//!
//! A file is written to a temporary name in its final folder, flushed to disk and renamed, so
//! no reader and no crash ever sees half a file under a final name; since the name is the
//! hash of the contents, a file once in place never changes, and two uploads of it at once
//! rename the same bytes. SQLite and PostgreSQL deployments both keep the files here: the
//! database holds only which household they belong to (`store::StoredAttachment`).
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use shouwang_domain::model::is_sha256_hex;

/// The attachments folder of a server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blobs {
    root: PathBuf,
}

impl Blobs {
    /// The folder `attachments` of the data directory `data_dir` (created when first written).
    pub fn under(data_dir: &Path) -> Blobs {
        Blobs {
            root: data_dir.join("attachments"),
        }
    }

    /// The folder itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the bytes of `sha256` live; `None` unless it is a SHA-256 in lower-case hex (so a
    /// path segment can never name another file).
    pub fn path(&self, sha256: &str) -> Option<PathBuf> {
        is_sha256_hex(sha256).then(|| self.root.join(&sha256[..2]).join(sha256))
    }

    /// Whether the bytes of `sha256` are stored.
    pub fn contains(&self, sha256: &str) -> bool {
        self.path(sha256).is_some_and(|p| p.is_file())
    }

    /// Stores `bytes` as `sha256` (the caller has checked they hash to it); `false` when they
    /// were already there, which writes nothing.
    pub fn write(&self, sha256: &str, bytes: &[u8]) -> io::Result<bool> {
        let path = self
            .path(sha256)
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a SHA-256 in hex"))?;
        if path.is_file() {
            return Ok(false);
        }
        let dir = path.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(dir)?;
        // A temporary name starting with a dot in the same folder: the rename is then atomic,
        // and a leftover of a crash is never mistaken for a picture.
        let mut temp = tempfile::Builder::new().prefix(".part-").tempfile_in(dir)?;
        temp.write_all(bytes)?;
        temp.as_file().sync_all()?;
        temp.persist(&path).map_err(|e| e.error)?;
        sync_dir(dir)?;
        Ok(true)
    }

    /// The bytes of `sha256`; `NotFound` when they are not stored.
    pub fn read(&self, sha256: &str) -> io::Result<Vec<u8>> {
        let path = self
            .path(sha256)
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))?;
        std::fs::read(path)
    }

    /// The stored file of `sha256`, opened for reading.
    pub fn open(&self, sha256: &str) -> io::Result<File> {
        let path = self
            .path(sha256)
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))?;
        File::open(path)
    }
}

/// Makes a rename in `dir` survive a power cut (the folder's entry is on disk too).
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    #[test]
    fn a_picture_is_written_once_under_its_hash_with_no_temporary_left() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = Blobs::under(dir.path());
        assert!(blobs.write(SHA, b"test").unwrap());
        assert!(
            !blobs.write(SHA, b"test").unwrap(),
            "a resend writes nothing"
        );
        let folder = dir.path().join("attachments").join("9f");
        let names: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, [SHA]);
        assert_eq!(blobs.read(SHA).unwrap(), b"test");
    }

    #[test]
    fn only_a_sha256_names_a_file() {
        let blobs = Blobs::under(Path::new("/data"));
        assert_eq!(blobs.path("../../etc/passwd"), None);
        assert_eq!(blobs.path(&SHA.to_uppercase()), None);
        assert!(blobs.write("abc", b"x").is_err());
    }
}
