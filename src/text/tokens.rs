//! Tokenizer (placeholder; being rewritten). Contract kept by the rewrite:
//! `for_each_token` calls `f(token, start..end)` for each token in order, with
//! `token` the lowercased, normalized form and `start..end` its byte range in
//! `text`.

use std::ops::Range;

/// Calls `f` for each token of `text`. `buf` is scratch space reused across
/// calls so no `String` is allocated per token.
pub fn for_each_token<F: FnMut(&str, Range<usize>)>(text: &str, buf: &mut String, mut f: F) {
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            buf.clear();
            buf.extend(text[s..i].chars().flat_map(char::to_lowercase));
            f(buf, s..i);
        }
    }
}
