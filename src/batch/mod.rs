//! Batch labeling of article archives: where the articles come from, one
//! item per article, a bad one an error of its own ([`source`]), and how
//! they are processed in parallel chunks and handed back in input order
//! with bounded memory ([`ordered`]). `predict` in article mode
//! (`src/cli/predict/articles.rs`) runs the two with the article analysis
//! in between.

pub mod ordered;
pub mod source;
