//! Integration tests: one binary, one module per subcommand or concern,
//! each running the real `stancekit` in a fresh directory.

mod article;
mod batch;
mod defaults;
mod errors;
mod evaluate;
mod explain;
mod html;
mod news;
mod predict;
mod real_news;
mod report;
mod scale;
mod semeval;
mod topics;
mod tour;
mod train;
mod util;
