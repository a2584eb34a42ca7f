//! Zone files from disk into one [`Zone`].

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use dmarc_lens::dns::zone::{self, Zone, ZoneError};

/// The project's fixture zones, `tests/zones/`.
pub fn zones_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../zones")
}

/// Every zone in [`zones_dir`], as one zone.
pub fn fixture_zones() -> Result<Zone, LoadError> {
    load_zones(&[zones_dir()])
}

/// A zone file that could not be read.
#[derive(Debug)]
pub enum LoadError {
    /// The file or directory could not be read.
    Io {
        /// Which.
        path: PathBuf,
        /// Why.
        error: io::Error,
    },
    /// The file is not a zone this reader takes.
    Zone {
        /// Which.
        path: PathBuf,
        /// Where and why.
        error: ZoneError,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            LoadError::Zone { path, error } => write!(f, "{}:{}: {}", path.display(), error.line, error.kind),
        }
    }
}

impl std::error::Error for LoadError {}

/// Reads zone files into one zone. A directory stands for the files in it
/// (sorted by name; not its subdirectories, nor names starting with `.`).
pub fn load_zones<P: AsRef<Path>>(paths: &[P]) -> Result<Zone, LoadError> {
    let mut files = Vec::new();
    for path in paths {
        let path = path.as_ref();
        if path.is_dir() {
            let io = |error| LoadError::Io { path: path.to_path_buf(), error };
            let mut inside = Vec::new();
            for entry in std::fs::read_dir(path).map_err(io)? {
                let entry = entry.map_err(io)?;
                let hidden = entry.file_name().to_string_lossy().starts_with('.');
                if !hidden && entry.file_type().map_err(io)?.is_file() {
                    inside.push(entry.path());
                }
            }
            inside.sort();
            files.extend(inside);
        } else {
            files.push(path.to_path_buf());
        }
    }
    let mut all = Zone::default();
    for path in files {
        let text =
            std::fs::read_to_string(&path).map_err(|error| LoadError::Io { path: path.clone(), error })?;
        all.extend(zone::parse(&text).map_err(|error| LoadError::Zone { path, error })?);
    }
    Ok(all)
}
