//! Named countries: the gazetteer that finds country mentions (names, short
//! forms, demonyms, capitals and seats of power) in text, and resolves
//! holder names to countries.

pub mod gazetteer;

pub use gazetteer::{
    Alias, Country, CountryId, Gazetteer, Institution, InstitutionKind, Mention, MentionKind,
    Status,
};
