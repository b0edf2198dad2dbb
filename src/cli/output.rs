//! Where the subcommands write: [`Output`] (stdout, or a file written to a
//! temporary file and renamed into place) and the progress bars on stderr.

use crate::error::Result;

/// A progress bar on stderr, shown only when stderr is a terminal and not
/// `--quiet`.
pub fn progress_bar(quiet: bool, len: Option<u64>, what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let pb = match len {
        Some(n) => indicatif::ProgressBar::new(n).with_style(
            indicatif::ProgressStyle::with_template(
                "{msg} [{bar:30}] {pos}/{len} {per_sec} eta {eta}",
            )
            .expect("valid template"),
        ),
        None => indicatif::ProgressBar::new_spinner().with_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} {pos} rows {per_sec}")
                .expect("valid template"),
        ),
    };
    pb.set_message(what.to_string());
    pb
}

/// A progress bar over `len` input bytes (with ETA), on stderr, shown only
/// when stderr is a terminal and not `--quiet`. The message carries rows
/// and rows/s.
pub fn bytes_progress_bar(quiet: bool, len: u64, what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new(len).with_style(
        indicatif::ProgressStyle::with_template(
            "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        )
        .expect("valid template"),
    );
    pb.set_message(what.to_string());
    pb
}

/// Open an output (`-` or none for stdout). Regular files are written to a
/// temporary file that is renamed into place by [`Output::commit`];
/// devices and FIFOs (`-o /dev/null`) are written in place.
pub struct Output {
    tmp: Option<(tempfile::NamedTempFile, std::path::PathBuf)>,
}

impl Output {
    /// Open `path` (None or `-` for stdout) and return the writer.
    pub fn open(path: Option<&str>) -> Result<(Output, Box<dyn std::io::Write + Send>)> {
        match path {
            None | Some("-") => Ok((
                Output { tmp: None },
                Box::new(std::io::BufWriter::new(std::io::stdout())),
            )),
            Some(p) => {
                let path = match crate::model::persist::destination(std::path::Path::new(p))? {
                    crate::model::persist::Destination::InPlace(path) => {
                        let f = crate::model::persist::open_in_place(&path)?;
                        return Ok((Output { tmp: None }, Box::new(std::io::BufWriter::new(f))));
                    }
                    crate::model::persist::Destination::Atomic(path) => path,
                };
                let dir = match path.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                    _ => std::path::PathBuf::from("."),
                };
                let tmp = tempfile::Builder::new()
                    .prefix(".stancekit-")
                    .suffix(".tmp")
                    .tempfile_in(&dir)
                    .map_err(|e| crate::Error::io(&dir, e))?;
                crate::model::persist::set_readable(tmp.as_file());
                let f = tmp.reopen().map_err(|e| crate::Error::io(tmp.path(), e))?;
                Ok((
                    Output {
                        tmp: Some((tmp, path)),
                    },
                    Box::new(std::io::BufWriter::new(f)),
                ))
            }
        }
    }

    /// Move a finished file output into place (no-op for stdout).
    pub fn commit(self) -> Result<()> {
        if let Some((tmp, path)) = self.tmp {
            tmp.persist(&path)
                .map_err(|e| crate::Error::io(&path, e.error))?;
        }
        Ok(())
    }
}
