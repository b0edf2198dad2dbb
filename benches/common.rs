//! Generated inputs shared by the benches: news-like English text from a
//! fixed word list and a fixed-seed generator, so every run times the same
//! bytes and nothing is read from disk.

#![allow(dead_code)]

const WORDS: &[&str] = &[
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "on",
    "said",
    "that",
    "for",
    "with",
    "by",
    "its",
    "government",
    "minister",
    "president",
    "council",
    "parliament",
    "officials",
    "talks",
    "missile",
    "defense",
    "system",
    "deployment",
    "sanctions",
    "trade",
    "tariffs",
    "deal",
    "summit",
    "treaty",
    "agreement",
    "climate",
    "emissions",
    "nuclear",
    "energy",
    "aid",
    "refugees",
    "border",
    "security",
    "election",
    "vote",
    "plan",
    "proposal",
    "opposed",
    "supported",
    "rejected",
    "welcomed",
    "criticized",
    "backed",
    "warned",
    "urged",
    "called",
    "China",
    "Russia",
    "Japan",
    "France",
    "Germany",
    "Brazil",
    "India",
    "Korea",
    "Seoul",
    "Beijing",
    "Moscow",
    "Washington",
    "Paris",
    "Brasília",
    "week",
    "Tuesday",
    "statement",
    "spokesman",
    "foreign",
    "ministry",
    "regional",
    "stability",
    "strongly",
    "would",
    "not",
    "will",
    "new",
    "also",
    "after",
    "before",
    "because",
    "while",
    "economic",
    "military",
];

/// A small linear congruential generator (deterministic across platforms).
pub struct Lcg(pub u64);

impl Lcg {
    /// Next value in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// One sentence of 8-27 words, capitalized, ending in a period.
pub fn sentence(rng: &mut Lcg) -> String {
    let n = 8 + rng.below(20);
    let mut s = String::new();
    for i in 0..n {
        let w = WORDS[rng.below(WORDS.len())];
        if i == 0 {
            let mut c = w.chars();
            let first = c.next().expect("non-empty word");
            s.extend(first.to_uppercase());
            s.push_str(c.as_str());
        } else {
            s.push(' ');
            s.push_str(w);
            if rng.below(12) == 0 {
                s.push(',');
            }
        }
    }
    s.push('.');
    s
}

/// About `bytes` bytes of news-like text: paragraphs of 3-6 sentences.
pub fn news(bytes: usize) -> String {
    let mut rng = Lcg(42);
    let mut out = String::with_capacity(bytes + 256);
    while out.len() < bytes {
        for _ in 0..3 + rng.below(4) {
            out.push_str(&sentence(&mut rng));
            out.push(' ');
        }
        out.push_str("\n\n");
    }
    out
}

/// `n` one-sentence documents.
pub fn docs(n: usize, seed: u64) -> Vec<String> {
    let mut rng = Lcg(seed);
    (0..n).map(|_| sentence(&mut rng)).collect()
}
