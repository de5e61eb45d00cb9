//! Storage: where lake files go, behind one small interface ([`Storage`]) so that object storage
//! can come later. [`LocalDir`] is a local or mounted directory: each file is written as a hidden
//! temporary beside its final name, fsynced, renamed over the old file and the directory fsynced,
//! so a reader sees the old file or the new one, whole, and never a part.

use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// A store of named objects (`/`-separated paths relative to the lake's root).
pub trait Storage {
    /// Starts writing `path`; nothing is visible under that name until [`Upload::commit`].
    fn create(&self, path: &str) -> io::Result<Box<dyn Upload>>;
    /// The object's size and its last `len` bytes (all of it when shorter); `None` when absent.
    fn read_tail(&self, path: &str, len: u64) -> io::Result<Option<(u64, Vec<u8>)>>;
    /// The visible objects under directory `prefix` (recursively), as paths from the root, sorted.
    fn list(&self, prefix: &str) -> io::Result<Vec<String>>;
    /// Removes `path`.
    fn delete(&self, path: &str) -> io::Result<()>;
}

/// An object being written.
pub trait Upload: Write + Send {
    /// Makes the object visible, whole and durable, replacing any old one.
    fn commit(self: Box<Self>) -> io::Result<()>;
}

/// A lake in a local (or mounted) directory.
#[derive(Debug, Clone)]
pub struct LocalDir {
    root: PathBuf,
}

/// The hidden temporary name of `name` (engines skip names starting with `.`).
fn temporary(name: &str) -> String {
    format!(".{name}.tmp")
}

impl LocalDir {
    /// The lake at `root` (created with its parents if missing).
    pub fn open(root: &Path) -> io::Result<LocalDir> {
        fs::create_dir_all(root)?;
        Ok(LocalDir { root: root.canonicalize()? })
    }

    /// The root directory, absolute.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Removes temporaries of files named `name` that a killed run left behind, up to two
    /// directory levels down (`<table>/<period>=…/`).
    pub fn remove_temporaries(&self, name: &str) -> io::Result<usize> {
        let temp = temporary(name);
        let mut removed = 0;
        let mut dirs = vec![(self.root.clone(), 0)];
        while let Some((dir, depth)) = dirs.pop() {
            for entry in fs::read_dir(&dir)? {
                let entry = entry?;
                if entry.file_type()?.is_dir() && depth < 2 {
                    dirs.push((entry.path(), depth + 1));
                } else if entry.file_name().to_str() == Some(temp.as_str()) {
                    fs::remove_file(entry.path())?;
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }

    fn full(&self, path: &str) -> PathBuf {
        self.root.join(path)
    }

    /// Creates `dir` (and missing parents up to the root), syncing each parent that gained an entry.
    fn make_dir(&self, dir: &Path) -> io::Result<()> {
        if dir.is_dir() {
            return Ok(());
        }
        if let Some(parent) = dir.parent() {
            self.make_dir(parent)?;
            match fs::create_dir(dir) {
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(e),
                _ => {}
            }
            File::open(parent)?.sync_all()?;
        }
        Ok(())
    }
}

impl Storage for LocalDir {
    fn create(&self, path: &str) -> io::Result<Box<dyn Upload>> {
        let target = self.full(path);
        let dir = target.parent().unwrap_or(&self.root).to_path_buf();
        self.make_dir(&dir)?;
        let name = target.file_name().and_then(|n| n.to_str()).unwrap_or(path);
        let temp = dir.join(temporary(name));
        let file = File::create(&temp)?;
        Ok(Box::new(LocalUpload { out: Some(BufWriter::with_capacity(1 << 20, file)), temp, target, dir }))
    }

    fn read_tail(&self, path: &str, len: u64) -> io::Result<Option<(u64, Vec<u8>)>> {
        let mut file = match File::open(self.full(path)) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let size = file.metadata()?.len();
        let start = size.saturating_sub(len);
        file.seek(SeekFrom::Start(start))?;
        let mut buf = Vec::with_capacity((size - start) as usize);
        file.read_to_end(&mut buf)?;
        Ok(Some((size, buf)))
    }

    fn list(&self, prefix: &str) -> io::Result<Vec<String>> {
        let mut found = Vec::new();
        let mut dirs = vec![prefix.trim_end_matches('/').to_string()];
        while let Some(rel) = dirs.pop() {
            let entries = match fs::read_dir(self.full(&rel)) {
                Ok(entries) => entries,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            };
            for entry in entries {
                let entry = entry?;
                let Some(name) = entry.file_name().to_str().map(str::to_string) else { continue };
                if name.starts_with('.') {
                    continue;
                }
                let child = if rel.is_empty() { name } else { format!("{rel}/{name}") };
                if entry.file_type()?.is_dir() {
                    dirs.push(child);
                } else {
                    found.push(child);
                }
            }
        }
        found.sort();
        Ok(found)
    }

    fn delete(&self, path: &str) -> io::Result<()> {
        let target = self.full(path);
        fs::remove_file(&target)?;
        File::open(target.parent().unwrap_or(&self.root))?.sync_all()
    }
}

/// A file being written under its temporary name.
struct LocalUpload {
    out: Option<BufWriter<File>>,
    temp: PathBuf,
    target: PathBuf,
    dir: PathBuf,
}

impl Write for LocalUpload {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.as_mut().map_or(Ok(0), |out| out.write(buf))
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.as_mut().map_or(Ok(()), |out| out.flush())
    }
}

impl Upload for LocalUpload {
    fn commit(mut self: Box<Self>) -> io::Result<()> {
        let out = self.out.take().expect("an upload is committed once");
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        fs::rename(&self.temp, &self.target)?;
        File::open(&self.dir)?.sync_all()
    }
}

impl Drop for LocalUpload {
    fn drop(&mut self) {
        // Not committed (an error on the way): leave nothing behind.
        if self.out.take().is_some() {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_visible_until_commit_and_commit_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let lake = LocalDir::open(&dir.path().join("lake")).unwrap();
        let mut up = lake.create("t/month=2026-11/h.parquet").unwrap();
        up.write_all(b"new").unwrap();
        up.flush().unwrap();
        assert!(lake.list("").unwrap().is_empty(), "a temporary is not listed");
        assert!(lake.full("t/month=2026-11/.h.parquet.tmp").exists());
        up.commit().unwrap();
        assert_eq!(lake.list("t").unwrap(), ["t/month=2026-11/h.parquet"]);
        assert_eq!(lake.read_tail("t/month=2026-11/h.parquet", 2).unwrap(), Some((3, b"ew".to_vec())));
        assert_eq!(lake.read_tail("t/missing", 2).unwrap(), None);

        let mut again = lake.create("t/month=2026-11/h.parquet").unwrap();
        again.write_all(b"newer").unwrap();
        drop(again);
        assert!(!lake.full("t/month=2026-11/.h.parquet.tmp").exists(), "an abandoned upload is removed");
        assert_eq!(lake.read_tail("t/month=2026-11/h.parquet", 99).unwrap().unwrap().1, b"new");

        fs::write(lake.full("t/month=2026-11/.h.parquet.tmp"), b"left by a kill").unwrap();
        assert_eq!(lake.remove_temporaries("h.parquet").unwrap(), 1);
        lake.delete("t/month=2026-11/h.parquet").unwrap();
        assert!(lake.list("").unwrap().is_empty());
    }
}
