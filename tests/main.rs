//! Integration tests: one binary, one module per subcommand or concern,
//! each running the real `stancekit` in a fresh directory.

mod defaults;
mod real_news;
mod util;
