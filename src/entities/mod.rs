//! Named countries: the gazetteer that finds country mentions (names, short
//! forms, demonyms, capitals and seats of power) in text, and resolves
//! holder names to countries; the people who speak for states, by date.

pub mod dated;
pub mod gazetteer;
pub mod leaders;

pub use gazetteer::{
    Alias, Country, CountryId, Gazetteer, Institution, InstitutionKind, Mention, MentionKind,
    Status,
};
