//! Integration tests: one binary, one module per subcommand or concern,
//! each running the real `stancekit` in a fresh directory.

mod article;
mod defaults;
mod semeval;
mod topics;
mod tour;
mod util;
