//! The `stancekit` binary: parse arguments, run, print one error line.

use clap::Parser;

/// mimalloc instead of the system allocator: article mode allocates many
/// small short-lived buffers per sentence on every thread (see
/// `benches/README.md`, "Article mode, one and two threads").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = stancekit::cli::Cli::parse();
    if let Err(e) = stancekit::cli::run(cli) {
        if let stancekit::Error::Io { source, .. } = &e {
            if source.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
        eprintln!("stancekit: {e}");
        std::process::exit(e.exit_code());
    }
}
