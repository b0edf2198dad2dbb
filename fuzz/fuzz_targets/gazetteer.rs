//! Gazetteer matcher on arbitrary text: no panic, mentions sorted,
//! non-overlapping and on char boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stancekit::entities::gazetteer::Gazetteer;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let gaz = Gazetteer::builtin();
    let mut last = 0;
    for m in gaz.find(text) {
        assert!(m.start >= last && m.start < m.end && m.end <= text.len());
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        last = m.end;
    }
    let _ = gaz.lookup(text);
});
