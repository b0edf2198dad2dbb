//! The gazetteer of each article date: the built-in table (with the
//! user's aliases file, `predict --aliases`) and the heads of state and
//! government and ministers added as aliases of their country
//! ([`crate::entities::leaders`]): for a dated article those in office
//! that day, for an undated one the names that need no date.

use std::sync::{Arc, Mutex};

use crate::entities::gazetteer::Gazetteer;
use crate::entities::leaders::{self, Day, Named};
use crate::error::{Error, Result};

/// The gazetteer of each article date: the built-in table (with --aliases)
/// and the office holders added ([`leaders`]): for a dated article those
/// of that day, built once per date and shared by every thread; for an
/// undated one the names that need no date ([`leaders::undated_names`]).
pub struct Gazetteers {
    user: Option<(String, String)>,
    /// Built on first use.
    undated: std::sync::OnceLock<Gazetteer>,
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
        // The user's aliases are checked up front, not at the first article.
        if let Some((text, name)) = &user {
            Gazetteer::with_aliases(text, name)?;
        }
        Ok(Gazetteers {
            user,
            undated: std::sync::OnceLock::new(),
            by_day: Mutex::default(),
        })
    }

    /// The built-in table plus the office holders' names (`full` as plain
    /// aliases, `titled` only after a title) and then the user's aliases,
    /// so that the user's (later lines) win on the same text.
    fn build(&self, full: &[Named], titled: &[Named]) -> Result<Gazetteer> {
        let surnames: Vec<String> = full
            .iter()
            .filter(|(_, n)| !n.contains(' '))
            .map(|(_, n)| n.clone())
            .collect();
        let mut text = leaders::aliases_text(full);
        let mut name = "datasets/gazetteer/leaders.tsv".to_string();
        if let Some((u, n)) = &self.user {
            text.push_str(u);
            name = format!("{name} + {n}");
        }
        Gazetteer::with_leaders(&text, &name, titled, &surnames)
    }

    /// `f` of the gazetteer for an article of `day` (or undated).
    pub fn with<T>(&self, day: Option<Day>, f: impl FnOnce(&Gazetteer) -> T) -> Result<T> {
        let Some(day) = day else {
            let gaz = match self.undated.get() {
                Some(g) => g,
                None => {
                    let (full, titled) = leaders::undated_names(leaders::builtin());
                    let g = self.build(&full, &titled)?;
                    self.undated.get_or_init(|| g)
                }
            };
            return Ok(f(gaz));
        };
        let gaz = {
            let mut by_day = self.by_day.lock().expect("no thread panics holding it");
            match by_day.get(&day) {
                Some(g) => g.clone(),
                None => {
                    let (on_day, _) = leaders::names_on(leaders::builtin(), day);
                    let g = Arc::new(self.build(&on_day, &[])?);
                    by_day.insert(day, g.clone());
                    g
                }
            }
        };
        Ok(f(&gaz))
    }
}
