//! Compressed inputs read as a stream: gzip (`flate2`'s `MultiGzDecoder`,
//! so files made of many gzip members, such as WARC files compressed record
//! by record, read whole) and zstd (the `zstd` crate, the reference C
//! library). The compression is told by the first bytes (gzip `1f 8b`,
//! zstd `28 b5 2f fd`), not by the name, so standard input and misnamed
//! files work too; [`strip_suffix`] gives the name without `.gz` / `.zst`
//! for telling the format inside. Nothing is read whole: memory stays
//! bounded by the decoders' buffers (zstd's window: at most 128 MiB, the
//! `zstd` tool's default limit; usually a few MiB).

use std::io::{self, Read};

/// How a stream is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip, one member or many.
    Gzip,
    /// Zstandard.
    Zstd,
}

const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
const ZSTD_MAGIC: &[u8] = &[0x28, 0xb5, 0x2f, 0xfd];

impl Compression {
    /// The compression that a stream starting with `head` uses.
    pub fn sniff(head: &[u8]) -> Compression {
        if head.starts_with(GZIP_MAGIC) {
            Compression::Gzip
        } else if head.starts_with(ZSTD_MAGIC) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }
}

/// `path` without a final `.gz` or `.zst` (any case): the name that tells
/// the format of the content.
pub fn strip_suffix(path: &str) -> &str {
    let lower = path.to_ascii_lowercase();
    for suffix in [".gz", ".zst"] {
        if lower.ends_with(suffix) {
            return &path[..path.len() - suffix.len()];
        }
    }
    path
}

/// `input`, decompressed when its first bytes say it is gzip or zstd.
pub fn decompressed(mut input: Box<dyn Read + Send>) -> io::Result<Box<dyn Read + Send>> {
    let mut head = [0u8; 4];
    let mut n = 0;
    // A pipe may hand over fewer bytes than asked; read until 4 or the end.
    while n < head.len() {
        match input.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    let whole = io::Cursor::new(head[..n].to_vec()).chain(input);
    Ok(match Compression::sniff(&head[..n]) {
        Compression::None => Box::new(whole),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(io::BufReader::new(whole))),
        Compression::Zstd => {
            let mut d = zstd::stream::read::Decoder::new(whole)?;
            // Accept frames made with `zstd --long` (windows up to 2^27).
            d.window_log_max(27)?;
            Box::new(d)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read_all(bytes: Vec<u8>) -> Vec<u8> {
        let mut out = Vec::new();
        decompressed(Box::new(io::Cursor::new(bytes)))
            .unwrap()
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn gzip_members_and_zstd_read_as_one_stream() {
        let mut gz = Vec::new();
        for part in ["first member\n", "second member\n"] {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(part.as_bytes()).unwrap();
            gz.extend(e.finish().unwrap());
        }
        assert_eq!(read_all(gz), b"first member\nsecond member\n");
        let zst = zstd::encode_all(&b"zstd text\n"[..], 3).unwrap();
        assert_eq!(read_all(zst), b"zstd text\n");
        assert_eq!(read_all(b"ab".to_vec()), b"ab");
        assert_eq!(read_all(Vec::new()), b"");
    }

    #[test]
    fn suffixes_are_stripped() {
        assert_eq!(strip_suffix("a/b.warc.GZ"), "a/b.warc");
        assert_eq!(strip_suffix("x.jsonl.zst"), "x.jsonl");
        assert_eq!(strip_suffix("x.csv"), "x.csv");
    }
}
