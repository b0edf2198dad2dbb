//! Text handling, the first steps of the pipeline: boilerplate cleaning of
//! scraped articles, Unicode normalization, sentence splitting and
//! tokenizing. Every step keeps byte offsets into the original text.

pub mod clean;
pub mod normalize;
pub mod sentences;
pub mod tokens;
