//! The default models embedded in the binary, so `stancekit predict
//! ARTICLE` works with no `--model`. They are trained from the bundled data
//! in `datasets/` (see models/README.md for the exact commands) and a test
//! checks that retraining reproduces them byte for byte.

use crate::error::Result;
use crate::model::{persist, Model, Task};

/// The default country-stance model (models/stance-default.json).
pub static STANCE: &[u8] = include_bytes!("../../models/stance-default.json");
/// The default topic model (models/topic-default.json).
pub static TOPIC: &[u8] = include_bytes!("../../models/topic-default.json");

/// Load the embedded default model for a task.
pub fn load(task: Task) -> Result<Model> {
    match task {
        Task::Stance => persist::from_bytes("<embedded stance-default.json>", STANCE),
        Task::Topic => persist::from_bytes("<embedded topic-default.json>", TOPIC),
    }
}
