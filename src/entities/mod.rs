//! Named countries: the gazetteer that finds country mentions (names, short
//! forms, demonyms, capitals and seats of power) in text.

pub mod gazetteer;
