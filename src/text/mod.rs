//! Text handling, the first steps of the pipeline: boilerplate cleaning of
//! scraped articles ([`clean`]), Unicode normalization ([`normalize`]),
//! sentence splitting ([`sentences`]) and tokenizing ([`tokens`]). Every step
//! keeps byte offsets into the original text.

pub mod clean;
pub mod email;
pub mod hashtags;
pub mod normalize;
pub mod sentences;
pub mod tokens;

pub use clean::{clean_article, cleaned_text, Cleaned};
pub use normalize::{normalize, strip_accents};
pub use sentences::{sentence_spans, split_sentences};
pub use tokens::{for_each_token, is_stop_word, tokenize, Token};

#[cfg(test)]
pub(crate) mod testing {

    /// Text built from fragments that exercise the tricky rules, plus
    /// arbitrary Unicode.
    pub(crate) fn newsy() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let frag = prop_oneof![
            Just("U.S."),
            Just("Mr."),
            Just("J."),
            Just(" "),
            Just("  "),
            Just("\n"),
            Just("\n\n"),
            Just("\r\n"),
            Just("3.5"),
            Just("1,000"),
            Just("’s"),
            Just("'s"),
            Just("#tag"),
            Just("@who"),
            Just("http://x.org/a"),
            Just("www."),
            Just("é"),
            Just("北"),
            Just("\u{301}"),
            Just("."),
            Just("!"),
            Just("?"),
            Just("..."),
            Just("\u{2026}"),
            Just("\""),
            Just("“"),
            Just(")"),
            Just("("),
            Just("-"),
            Just("\u{2010}"),
            Just("—"),
            Just("The"),
            Just("word"),
            Just("ΣΑ"),
            Just("ﬁ"),
            Just("Ｕ"),
            Just("\u{200B}"),
            Just("\u{00A0}"),
            Just("\u{1c}"),
            Just("Photo: Reuters"),
            Just("Share"),
            Just("Updated 3:04 PM ET"),
            Just("(Photo : AFP)"),
            Just("\u{2029}"),
            Just("İ"),
            Just("ǅ"),
            Just("。"),
        ];
        prop_oneof![
            proptest::collection::vec(frag, 0..40).prop_map(|v| v.concat()),
            any::<String>(),
        ]
    }
}
