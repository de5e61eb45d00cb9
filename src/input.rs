//! TEMPORARY STUB (replaced by the real module).
use std::path::{Path, PathBuf};
pub enum SourcePath {
    Stdin,
    File(PathBuf),
}
pub struct InputSpec {
    pub source: SourcePath,
    pub label: String,
    pub explicit: bool,
}
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{0}: no such file or directory")]
    Missing(String),
}
pub fn discover(
    args: &[String],
    label_override: Option<&str>,
) -> (Vec<InputSpec>, Vec<InputError>) {
    let mut v = Vec::new();
    let mut e = Vec::new();
    for a in args {
        if a == "-" {
            v.push(InputSpec {
                source: SourcePath::Stdin,
                label: "stdin".into(),
                explicit: true,
            });
            continue;
        }
        let p = std::path::absolute(a).unwrap();
        if !p.exists() {
            e.push(InputError::Missing(a.clone()));
            continue;
        }
        v.push(InputSpec {
            label: label_override
                .map(String::from)
                .unwrap_or_else(|| label_for_path(&p)),
            source: SourcePath::File(p),
            explicit: true,
        });
    }
    (v, e)
}
pub fn label_for_path(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}
pub fn detect_compression(head: &[u8]) -> Compression {
    if head.starts_with(&[0x1f, 0x8b]) {
        Compression::Gzip
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Compression::Zstd
    } else {
        Compression::None
    }
}
pub fn decoder<R: std::io::Read + Send + 'static>(
    c: Compression,
    r: R,
) -> std::io::Result<Box<dyn std::io::Read + Send>> {
    Ok(match c {
        Compression::None => Box::new(r),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(std::io::BufReader::new(
            r,
        ))),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(r)?),
    })
}
