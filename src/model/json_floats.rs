//! The model format's float vectors written in parallel
//! ([`serialize_floats`]), byte for byte as serde_json writes them.

use serde::Serialize;

/// Serializes a float vector as serde_json does, the long ones formatted in
/// parallel chunks (a 52M-weight model spent seconds on one thread here).
/// Each chunk is serde_json's own text for it, so the bytes are the same
/// as a plain `Vec<f64>` field's. For serde_json serializers only (the
/// model format), as it hands the text over as a raw value.
pub(crate) fn serialize_floats<S: serde::Serializer>(
    v: &[f64],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    use rayon::prelude::*;
    use serde::ser::Error as _;
    const CHUNK: usize = 1 << 16;
    if v.len() <= CHUNK {
        return v.serialize(s);
    }
    let parts: Vec<String> = v
        .par_chunks(CHUNK)
        .map(serde_json::to_string)
        .collect::<std::result::Result<_, _>>()
        .map_err(S::Error::custom)?;
    let mut text = String::with_capacity(parts.iter().map(String::len).sum::<usize>() + 2);
    text.push('[');
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&p[1..p.len() - 1]);
    }
    text.push(']');
    serde_json::value::RawValue::from_string(text)
        .map_err(S::Error::custom)?
        .serialize(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_float_text_is_serde_jsons_own() {
        #[derive(Serialize)]
        struct Plain<'a> {
            v: &'a [f64],
        }
        #[derive(Serialize)]
        struct Parallel<'a> {
            #[serde(serialize_with = "serialize_floats")]
            v: &'a [f64],
        }
        // Several chunks and a partial one; values of every kind, including
        // ones JSON cannot hold (written as null either way).
        let specials = [
            0.0,
            -0.0,
            1.0,
            -2.5e-300,
            1e300,
            f64::NAN,
            f64::INFINITY,
            0.1,
        ];
        for n in [0, 3, (1 << 16) + 1, 3 * (1 << 16) + 17] {
            let v: Vec<f64> = (0..n)
                .map(|i| match i % 11 {
                    k @ 0..=7 => specials[k],
                    _ => (i as f64).sqrt() * 1e-3 - 7.0,
                })
                .collect();
            let plain = serde_json::to_string(&Plain { v: &v }).unwrap();
            let parallel = serde_json::to_string(&Parallel { v: &v }).unwrap();
            assert!(plain == parallel, "{n} floats differ");
        }
    }
}
