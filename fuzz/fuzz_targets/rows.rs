//! CSV and JSON Lines readers on arbitrary bytes: no panic, every row has
//! one value per column, and reading always ends.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stancekit::data::{Format, Limits, RowReader};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_field_bytes: 1 << 12,
        max_line_bytes: 1 << 12,
    };
    for format in [Format::Csv, Format::Jsonl] {
        let input: Box<dyn std::io::Read + Send> = Box::new(std::io::Cursor::new(data.to_vec()));
        let Ok(mut reader) = RowReader::from_reader("fuzz", input, format, limits) else {
            continue;
        };
        let width = reader.headers().len();
        let mut n = 0u64;
        while let Ok(Some(next)) = reader.next_checked() {
            n += 1;
            assert!(n <= data.len() as u64 + 1, "reader does not end");
            if let Ok(row) = next {
                assert_eq!(row.values.len(), width);
            }
        }
    }
});
