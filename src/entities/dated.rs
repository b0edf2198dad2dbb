//! The gazetteer of each article date: the built-in table (with the
//! user's aliases file, `predict --aliases`) and, for a dated article, the
//! heads of state and government and ministers in office that day added
//! as aliases of their country ([`crate::entities::leaders`]).

use std::sync::{Arc, Mutex};

use crate::entities::gazetteer::Gazetteer;
use crate::entities::leaders::{self, Day};
use crate::error::{Error, Result};

/// The gazetteer of each article date: the built-in table (with --aliases)
/// and, for a dated article, the office holders of that day added
/// ([`leaders`]); built once per date, shared by every thread.
pub struct Gazetteers {
    user: Option<(String, String)>,
    base: Option<Gazetteer>,
    by_day: Mutex<std::collections::HashMap<Day, Arc<Gazetteer>>>,
}

impl Gazetteers {
    /// The gazetteers, with the aliases file `user` if given.
    pub fn new(user: Option<&std::path::Path>) -> Result<Gazetteers> {
        let user = match user {
            Some(p) => Some((
                std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?,
                p.display().to_string(),
            )),
            None => None,
        };
        let base = match &user {
            Some((text, name)) => Some(Gazetteer::with_aliases(text, name)?),
            None => None,
        };
        Ok(Gazetteers {
            user,
            base,
            by_day: Mutex::default(),
        })
    }

    /// `f` of the gazetteer for an article of `day` (or undated).
    pub fn with<T>(&self, day: Option<Day>, f: impl FnOnce(&Gazetteer) -> T) -> Result<T> {
        let Some(day) = day else {
            return Ok(f(self
                .base
                .as_ref()
                .unwrap_or_else(|| Gazetteer::builtin())));
        };
        let gaz = {
            let mut by_day = self.by_day.lock().expect("no thread panics holding it");
            match by_day.get(&day) {
                Some(g) => g.clone(),
                None => {
                    // Office holders first, so that the user's aliases
                    // (later lines) win on the same text.
                    let mut text = leaders::aliases_on(day);
                    let mut name = "datasets/gazetteer/leaders.tsv".to_string();
                    if let Some((u, n)) = &self.user {
                        text.push_str(u);
                        name = format!("{name} + {n}");
                    }
                    let g = Arc::new(Gazetteer::with_aliases(&text, &name)?);
                    by_day.insert(day, g.clone());
                    g
                }
            }
        };
        Ok(f(&gaz))
    }
}
