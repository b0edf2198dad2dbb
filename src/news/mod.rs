//! Real-news gold data: the corpora the annotations point into, annotation
//! sheets for readers, the stand-off annotation files and their resolution
//! into training rows, and agreement between independent readers. The
//! guidelines and the files themselves are in `datasets/news/`.

pub mod agreement;
pub mod corpus;
pub mod labels;
pub mod sheet;
pub mod standoff;
