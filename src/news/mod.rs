//! Real-news gold data: the corpora the annotations point into, annotation
//! sheets for readers, the stand-off annotation files and their resolution
//! into training rows, agreement between independent readers, and
//! article-level cross-validation folds. The
//! guidelines and the files themselves are in `datasets/news/`.

pub mod agreement;
pub mod corpus;
pub mod folds;
pub mod labels;
pub mod sheet;
pub mod standoff;

/// Write `rows` as CSV with a header from their fields; `what` names them
/// in the error ("cannot write stand-off rows: ...").
pub fn write_csv<W: std::io::Write, T: serde::Serialize>(
    out: W,
    rows: &[T],
    what: &str,
) -> crate::Result<()> {
    let err = |e: csv::Error| crate::Error::Other(format!("cannot write {what}: {e}"));
    let mut w = csv::Writer::from_writer(out);
    for r in rows {
        w.serialize(r).map_err(err)?;
    }
    w.flush()
        .map_err(|e| crate::Error::Other(format!("cannot write {what}: {e}")))
}
