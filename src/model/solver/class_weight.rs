//! Class weights: how much each row counts by its class. [`ClassWeight`]
//! is the setting (saved in model files as `"none"` or `"balanced"`);
//! [`class_weights`] turns it into one weight per class for given labels,
//! as scikit-learn does.

use serde::{Deserialize, Serialize};

/// How rows are weighted by their class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClassWeight {
    /// Every class weighs 1.
    None,
    /// sklearn's `class_weight="balanced"`: class `c` weighs
    /// `n_samples / (n_present_classes * count_c)`, so each class present in
    /// the training labels contributes the same total weight.
    Balanced,
}

/// sklearn's class weights for `y`: all ones for [`ClassWeight::None`];
/// for [`ClassWeight::Balanced`], `n_samples / (n_present * count_c)` where
/// `n_present` counts the classes that occur in `y` (absent classes get 0,
/// which is moot since they have no rows).
pub fn class_weights(y: &[u32], n_classes: usize, class_weight: ClassWeight) -> Vec<f64> {
    match class_weight {
        ClassWeight::None => vec![1.0; n_classes],
        ClassWeight::Balanced => {
            let mut counts = vec![0usize; n_classes];
            for &c in y {
                counts[c as usize] += 1;
            }
            let present = counts.iter().filter(|&&n| n > 0).count();
            counts
                .iter()
                .map(|&n| {
                    if n == 0 {
                        0.0
                    } else {
                        y.len() as f64 / (present as f64 * n as f64)
                    }
                })
                .collect()
        }
    }
}
