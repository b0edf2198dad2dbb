//! Sentence splitter, tokenizer and boilerplate cleaner on arbitrary text:
//! no panic, and every range they return lies on char boundaries inside
//! the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stancekit::text::{clean_article, cleaned_text, split_sentences, tokenize};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for r in split_sentences(text) {
        assert!(r.start <= r.end && r.end <= text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
    }
    for r in clean_article(text) {
        assert!(r.start <= r.end && r.end <= text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
    }
    let _ = cleaned_text(text);
    let _ = tokenize(text);
});
