//! Deterministic generator for stancekit's bundled training data.
//!
//! Not part of the cargo build. Run from the repository root:
//!
//! ```text
//! rustc --edition 2021 -O datasets/tools/make_datasets.rs -o /tmp/mk && /tmp/mk
//! ```
//!
//! It writes `datasets/stance/train.csv`, `datasets/stance/topics.tsv`,
//! `datasets/topics/train.csv`, `datasets/tour/sentences.csv` and
//! `datasets/tour/new.csv`, then prints label / topic / holder counts.
//! Every template, vocabulary entry and hand-written sentence below was
//! written for this project. The random generator is a fixed-seed xorshift,
//! so the output is byte-for-byte reproducible.
//!
//! Template mini-language (stance data):
//! - `{A}` subject mention of role A (name, capital, seat of power,
//!   "the X government", "X officials", ...); `{A:o}` object mention
//!   (name, capital, government, seat); `{A:p}` possessive ("China's");
//!   `{A:a}` demonym adjective; `{A:n}` name only; `{A:c}` capital (or name).
//! - `{s:A}` `{es:A}` `{has:A}` `{is:A}` `{was:A}` `{does:A}` `{it:A}`
//!   `{its:A}` agree with role A's last subject mention (A may be `T`, the
//!   topic phrase).
//! - `{T}` a topic phrase; if the phrase has a country slot, a fresh country
//!   fills it and gets the phrase's slot label. `{T:B}` a phrase whose slot
//!   is filled by role B (B's label comes from the phrase, written `*`).
//! - `{when}` a time expression. `[alias]` in topic phrases marks a topic
//!   alias; the generator checks it against the alias list and drops the
//!   brackets.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;

// ---------------------------------------------------------------- random

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() % 10_000) as f64 / 10_000.0 < p
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------- countries

struct Country {
    /// Canonical name written in the `holder` column.
    name: &'static str,
    /// Text forms of the name; the first is the default.
    forms: &'static [&'static str],
    /// Demonym adjectives ("Chinese").
    adj: &'static [&'static str],
    /// Capital, if it is used in news as shorthand for the government.
    capital: Option<&'static str>,
    /// Seats of power ("the Kremlin").
    seats: &'static [&'static str],
    /// Sampling weight: big players appear more often, as in the news.
    weight: usize,
}

macro_rules! c {
    ($n:expr, [$($f:expr),*], [$($a:expr),*], $cap:expr, [$($s:expr),*], $w:expr) => {
        Country { name: $n, forms: &[$($f),*], adj: &[$($a),*], capital: $cap, seats: &[$($s),*], weight: $w }
    };
}

fn countries() -> Vec<Country> {
    vec![
        c!("United States", ["the United States", "the US", "America"], ["US", "American"], Some("Washington"), ["the White House", "the Pentagon", "the State Department"], 8),
        c!("China", ["China"], ["Chinese"], Some("Beijing"), [], 8),
        c!("Russia", ["Russia"], ["Russian"], Some("Moscow"), ["the Kremlin"], 7),
        c!("South Korea", ["South Korea"], ["South Korean"], Some("Seoul"), ["the Blue House"], 5),
        c!("North Korea", ["North Korea"], ["North Korean"], Some("Pyongyang"), [], 3),
        c!("Japan", ["Japan"], ["Japanese"], Some("Tokyo"), [], 5),
        c!("United Kingdom", ["the United Kingdom", "Britain", "the UK"], ["British"], Some("London"), ["Downing Street"], 4),
        c!("France", ["France"], ["French"], Some("Paris"), ["the Elysee Palace"], 4),
        c!("Germany", ["Germany"], ["German"], Some("Berlin"), [], 4),
        c!("India", ["India"], ["Indian"], Some("New Delhi"), [], 4),
        c!("Pakistan", ["Pakistan"], ["Pakistani"], Some("Islamabad"), [], 2),
        c!("Iran", ["Iran"], ["Iranian"], Some("Tehran"), [], 3),
        c!("Israel", ["Israel"], ["Israeli"], None, [], 2),
        c!("Turkey", ["Turkey"], ["Turkish"], Some("Ankara"), [], 3),
        c!("Saudi Arabia", ["Saudi Arabia"], ["Saudi"], Some("Riyadh"), [], 2),
        c!("United Arab Emirates", ["the United Arab Emirates", "the UAE"], ["Emirati"], Some("Abu Dhabi"), [], 1),
        c!("Qatar", ["Qatar"], ["Qatari"], Some("Doha"), [], 1),
        c!("Egypt", ["Egypt"], ["Egyptian"], Some("Cairo"), [], 2),
        c!("Brazil", ["Brazil"], ["Brazilian"], Some("Brasilia"), [], 2),
        c!("Argentina", ["Argentina"], ["Argentine"], Some("Buenos Aires"), [], 1),
        c!("Mexico", ["Mexico"], ["Mexican"], Some("Mexico City"), [], 2),
        c!("Canada", ["Canada"], ["Canadian"], Some("Ottawa"), [], 2),
        c!("Australia", ["Australia"], ["Australian"], Some("Canberra"), [], 2),
        c!("New Zealand", ["New Zealand"], ["New Zealand"], Some("Wellington"), [], 1),
        c!("Indonesia", ["Indonesia"], ["Indonesian"], Some("Jakarta"), [], 2),
        c!("Vietnam", ["Vietnam"], ["Vietnamese"], Some("Hanoi"), [], 2),
        c!("Philippines", ["the Philippines"], ["Philippine", "Filipino"], Some("Manila"), [], 2),
        c!("Malaysia", ["Malaysia"], ["Malaysian"], Some("Kuala Lumpur"), [], 1),
        c!("Thailand", ["Thailand"], ["Thai"], Some("Bangkok"), [], 1),
        c!("Singapore", ["Singapore"], ["Singaporean"], None, [], 1),
        c!("Ukraine", ["Ukraine"], ["Ukrainian"], Some("Kyiv"), [], 3),
        c!("Poland", ["Poland"], ["Polish"], Some("Warsaw"), [], 2),
        c!("Italy", ["Italy"], ["Italian"], Some("Rome"), [], 2),
        c!("Spain", ["Spain"], ["Spanish"], Some("Madrid"), [], 1),
        c!("Netherlands", ["the Netherlands"], ["Dutch"], Some("The Hague"), [], 1),
        c!("Sweden", ["Sweden"], ["Swedish"], Some("Stockholm"), [], 1),
        c!("Norway", ["Norway"], ["Norwegian"], Some("Oslo"), [], 1),
        c!("Finland", ["Finland"], ["Finnish"], Some("Helsinki"), [], 1),
        c!("Hungary", ["Hungary"], ["Hungarian"], Some("Budapest"), [], 1),
        c!("Greece", ["Greece"], ["Greek"], Some("Athens"), [], 1),
        c!("Belarus", ["Belarus"], ["Belarusian"], Some("Minsk"), [], 1),
        c!("Kazakhstan", ["Kazakhstan"], ["Kazakh"], Some("Astana"), [], 1),
        c!("Nigeria", ["Nigeria"], ["Nigerian"], Some("Abuja"), [], 1),
        c!("South Africa", ["South Africa"], ["South African"], Some("Pretoria"), [], 2),
        c!("Kenya", ["Kenya"], ["Kenyan"], Some("Nairobi"), [], 1),
        c!("Ethiopia", ["Ethiopia"], ["Ethiopian"], Some("Addis Ababa"), [], 1),
        c!("Algeria", ["Algeria"], ["Algerian"], Some("Algiers"), [], 1),
        c!("Morocco", ["Morocco"], ["Moroccan"], Some("Rabat"), [], 1),
        c!("Syria", ["Syria"], ["Syrian"], Some("Damascus"), [], 1),
        c!("Iraq", ["Iraq"], ["Iraqi"], Some("Baghdad"), [], 1),
        c!("Afghanistan", ["Afghanistan"], ["Afghan"], Some("Kabul"), [], 1),
        c!("Bangladesh", ["Bangladesh"], ["Bangladeshi"], Some("Dhaka"), [], 1),
        c!("Sri Lanka", ["Sri Lanka"], ["Sri Lankan"], Some("Colombo"), [], 1),
        c!("Venezuela", ["Venezuela"], ["Venezuelan"], Some("Caracas"), [], 1),
        c!("Colombia", ["Colombia"], ["Colombian"], Some("Bogota"), [], 1),
        c!("Chile", ["Chile"], ["Chilean"], Some("Santiago"), [], 1),
        c!("Peru", ["Peru"], ["Peruvian"], Some("Lima"), [], 1),
        c!("Cuba", ["Cuba"], ["Cuban"], Some("Havana"), [], 1),
        c!("Denmark", ["Denmark"], ["Danish"], Some("Copenhagen"), [], 1),
        c!("Switzerland", ["Switzerland"], ["Swiss"], Some("Bern"), [], 1),
        c!("Austria", ["Austria"], ["Austrian"], Some("Vienna"), [], 1),
        c!("Czech Republic", ["the Czech Republic"], ["Czech"], Some("Prague"), [], 1),
        c!("Serbia", ["Serbia"], ["Serbian"], Some("Belgrade"), [], 1),
        c!("Azerbaijan", ["Azerbaijan"], ["Azerbaijani"], Some("Baku"), [], 1),
        c!("Armenia", ["Armenia"], ["Armenian"], Some("Yerevan"), [], 1),
        c!("Mongolia", ["Mongolia"], ["Mongolian"], Some("Ulaanbaatar"), [], 1),
        c!("Myanmar", ["Myanmar"], ["Myanmar"], Some("Naypyidaw"), [], 1),
        c!("Nepal", ["Nepal"], ["Nepali"], Some("Kathmandu"), [], 1),
        c!("Ghana", ["Ghana"], ["Ghanaian"], Some("Accra"), [], 1),
        c!("Senegal", ["Senegal"], ["Senegalese"], Some("Dakar"), [], 1),
        c!("Ecuador", ["Ecuador"], ["Ecuadorian"], Some("Quito"), [], 1),
    ]
}

/// A rendered mention: text and grammatical number.
struct Mention {
    text: String,
    plural: bool,
}

fn subject(rng: &mut Rng, c: &Country) -> Mention {
    let adj = *rng.pick(c.adj);
    let roll = rng.below(20);
    let (text, plural) = match roll {
        0..=6 => (rng.pick(c.forms).to_string(), false),
        7..=10 if c.capital.is_some() => (c.capital.unwrap().to_string(), false),
        11..=12 if !c.seats.is_empty() => (rng.pick(c.seats).to_string(), false),
        13 => (format!("the {adj} government"), false),
        14 => (format!("{adj} officials"), true),
        15 => (format!("the {adj} Foreign Ministry"), false),
        16 => (format!("{adj} authorities"), true),
        17 => (format!("{adj} diplomats"), true),
        18 => (format!("the {adj} leadership"), false),
        _ => (c.forms[0].to_string(), false),
    };
    Mention { text, plural }
}

fn object(rng: &mut Rng, c: &Country) -> String {
    let adj = *rng.pick(c.adj);
    match rng.below(12) {
        0..=5 => rng.pick(c.forms).to_string(),
        6..=8 if c.capital.is_some() => c.capital.unwrap().to_string(),
        9 if !c.seats.is_empty() => rng.pick(c.seats).to_string(),
        10 => format!("the {adj} government"),
        _ => c.forms[0].to_string(),
    }
}

fn possessive(rng: &mut Rng, c: &Country) -> String {
    let base = if c.capital.is_some() && rng.chance(0.35) {
        c.capital.unwrap().to_string()
    } else {
        rng.pick(c.forms).to_string()
    };
    if base.ends_with('s') {
        format!("{base}'")
    } else {
        format!("{base}'s")
    }
}

fn capital_or_name(c: &Country) -> String {
    c.capital.map(str::to_string).unwrap_or_else(|| c.forms[0].to_string())
}

// ---------------------------------------------------------------- topics

/// A topic phrase. `flags`: a = can be signed/joined/ratified, m = military
/// (defensive justification makes sense), f = can be funded, v = can be put
/// to a vote, p = grammatically plural. `slot`: label of the `{X}` country
/// slot ('S', 'O', 'N'), or ' ' when the phrase names no country.
struct Phrase {
    flags: &'static str,
    slot: char,
    text: &'static str,
}

struct Topic {
    name: &'static str,
    aliases: &'static [&'static str],
    weight: usize,
    phrases: Vec<Phrase>,
}

fn p(flags: &'static str, text: &'static str) -> Phrase {
    Phrase { flags, slot: ' ', text }
}
fn px(flags: &'static str, slot: char, text: &'static str) -> Phrase {
    Phrase { flags, slot, text }
}

fn topics() -> Vec<Topic> {
    vec![
        Topic {
            name: "missile defense",
            aliases: &["THAAD", "missile defense", "missile defence", "missile shield", "anti-missile system", "anti-missile battery", "anti-missile", "interceptor", "interceptors", "missile defense system", "missile defence system", "Aegis Ashore", "Terminal High Altitude Area Defense"],
            weight: 4,
            phrases: vec![
                p("m", "the deployment of [THAAD]"),
                p("m", "the [THAAD] deployment"),
                p("m", "the planned [missile shield]"),
                p("m", "the new [anti-missile system]"),
                p("mp", "plans to install a [THAAD] battery"),
                p("m", "the [missile defense system]"),
                p("m", "the regional [missile defence] network"),
                p("m", "the [interceptor] site near the coast"),
                p("m", "the [Aegis Ashore] installation"),
                p("m", "the arrival of the first [THAAD] launchers"),
                p("m", "the [Terminal High Altitude Area Defense] system"),
                px("m", 'S', "{X:p} deployment of [THAAD]"),
                px("m", 'S', "the [THAAD] battery deployed by {X:o}"),
                px("m", 'S', "the {X:a} [missile shield]"),
                px("m", 'S', "{X:p} [missile defense] plan"),
                px("m", 'S', "the [anti-missile system] that {X:o} is building"),
                px("m", 'S', "{X:p} decision to host the [anti-missile battery]"),
            ],
        },
        Topic {
            name: "nuclear program",
            aliases: &["nuclear program", "nuclear programme", "uranium enrichment", "nuclear weapons program", "nuclear weapons programme", "nuclear test", "nuclear tests", "enrichment program", "nuclear ambitions", "nuclear activities", "nuclear arsenal"],
            weight: 3,
            phrases: vec![
                p("", "the [nuclear program]"),
                p("", "the expansion of the [nuclear programme]"),
                p("", "the resumption of [uranium enrichment]"),
                p("p", "the country's [nuclear activities]"),
                px("", 'S', "{X:p} [nuclear program]"),
                px("", 'S', "{X:p} [uranium enrichment] work"),
                px("", 'S', "{X:p} latest [nuclear test]"),
                px("", 'S', "the [nuclear weapons program] run by {X:o}"),
                px("", 'S', "the {X:a} [nuclear programme]"),
                px("p", 'S', "{X:p} [nuclear ambitions]"),
                px("", 'S', "the growth of the {X:a} [nuclear arsenal]"),
            ],
        },
        Topic {
            name: "sanctions",
            aliases: &["sanctions", "sanction", "sanctions package", "economic sanctions", "sanctions regime", "sanctions resolution", "punitive measures", "embargo"],
            weight: 3,
            phrases: vec![
                p("v", "the new [sanctions package]"),
                p("v", "the proposed [sanctions resolution]"),
                p("v", "the latest round of [sanctions]"),
                p("p", "the tougher [economic sanctions]"),
                p("", "the oil [embargo]"),
                px("", 'O', "the [sanctions package] against {X:o}"),
                px("", 'O', "the [sanctions regime] imposed on {X:o}"),
                px("p", 'O', "the [sanctions] on {X:a} banks"),
                px("", 'S', "the [sanctions package] drafted by {X:o}"),
                px("v", 'S', "the {X:a}-drafted [sanctions resolution]"),
                px("", 'S', "{X:p} push for tougher [sanctions]"),
            ],
        },
        Topic {
            name: "tariffs",
            aliases: &["tariffs", "tariff", "import duties", "import duty", "customs duties", "levies on imports", "trade war", "duties on imports"],
            weight: 3,
            phrases: vec![
                p("p", "the new [tariffs] on steel and aluminium"),
                p("p", "the planned [import duties] on solar panels"),
                p("", "the [tariff] increase on imported cars"),
                p("p", "the punitive [tariffs]"),
                p("", "the escalating [trade war]"),
                px("p", 'S', "{X:p} new [tariffs] on imported steel"),
                px("p", 'S', "the [tariffs] imposed by {X:o}"),
                px("p", 'O', "the [tariffs] on {X:a} exports"),
                px("p", 'O', "the higher [customs duties] on {X:a} cars"),
                px("", 'S', "{X:p} decision to raise [import duties]"),
            ],
        },
        Topic {
            name: "climate agreement",
            aliases: &["Paris Agreement", "Paris climate accord", "climate agreement", "climate accord", "climate deal", "climate treaty", "climate pact", "Kyoto Protocol", "emissions targets", "climate change agreement"],
            weight: 3,
            phrases: vec![
                p("afv", "the [Paris Agreement]"),
                p("afv", "the [climate agreement]"),
                p("afv", "the new [climate accord]"),
                p("afv", "the global [climate deal]"),
                p("av", "the [climate treaty]"),
                p("af", "the [climate pact] reached at the summit"),
                p("a", "the [Paris climate accord]"),
                p("p", "the tighter [emissions targets]"),
                px("", 'S', "{X:p} push for a binding [climate agreement]"),
                px("", 'S', "the [climate deal] brokered by {X:o}"),
            ],
        },
        Topic {
            name: "territorial dispute",
            aliases: &["territorial claims", "territorial claim", "South China Sea", "disputed islands", "sovereignty claim", "maritime claims", "maritime claim", "disputed territory", "territorial dispute", "border dispute", "disputed border"],
            weight: 3,
            phrases: vec![
                p("p", "the sweeping [maritime claims] in the [South China Sea]"),
                p("", "the [territorial claim] over the [disputed islands]"),
                p("", "the annexation of the [disputed territory]"),
                p("", "the proposed settlement of the [border dispute]"),
                px("p", 'S', "{X:p} [territorial claims] in the [South China Sea]"),
                px("", 'S', "{X:p} claim to the [disputed islands]"),
                px("", 'S', "{X:p} [sovereignty claim] over the border region"),
                px("p", 'S', "the [maritime claims] pressed by {X:o}"),
                px("", 'S', "{X:p} [territorial claim] to the contested region"),
            ],
        },
        Topic {
            name: "human rights resolution",
            aliases: &["human rights resolution", "Human Rights Council resolution", "resolution on human rights", "rights resolution", "Human Rights Council", "human rights"],
            weight: 3,
            phrases: vec![
                p("v", "the UN [human rights resolution]"),
                p("v", "the [Human Rights Council resolution]"),
                p("v", "the draft [resolution on human rights]"),
                p("v", "the [rights resolution] tabled in Geneva"),
                px("v", 'O', "the [resolution on human rights] in {X:n}"),
                px("v", 'O', "the [human rights resolution] targeting {X:o}"),
                px("v", 'S', "the [human rights resolution] sponsored by {X:o}"),
                px("v", 'S', "the {X:a}-sponsored [human rights resolution]"),
            ],
        },
        Topic {
            name: "migration",
            aliases: &["migration pact", "Global Compact for Migration", "refugee quota", "asylum quota", "refugee relocation", "refugee resettlement", "migration agreement", "migrants", "migrant", "refugees", "asylum seekers", "migration"],
            weight: 2,
            phrases: vec![
                p("av", "the UN [migration pact]"),
                p("av", "the [Global Compact for Migration]"),
                p("v", "the European [refugee quota] system"),
                p("", "the [asylum quota] plan"),
                p("", "the [refugee relocation] scheme"),
                p("a", "the regional [migration agreement]"),
                px("", 'S', "{X:p} [refugee resettlement] programme"),
                px("a", 'S', "the [migration agreement] proposed by {X:o}"),
                px("", 'S', "{X:p} plan to return [asylum seekers]"),
            ],
        },
        Topic {
            name: "pipelines",
            aliases: &["pipeline", "pipelines", "gas pipeline", "oil pipeline", "Nord Stream 2", "Nord Stream", "TurkStream", "Power of Siberia", "Keystone XL"],
            weight: 2,
            phrases: vec![
                p("", "the [Nord Stream 2] project"),
                p("", "the [Nord Stream 2] [pipeline]"),
                p("", "the [TurkStream] [pipeline]"),
                p("", "the new [gas pipeline]"),
                p("", "the cross-border [oil pipeline]"),
                p("", "the [Keystone XL] [pipeline]"),
                p("", "the [Power of Siberia] [pipeline]"),
                px("", 'S', "{X:p} [pipeline] project"),
                px("", 'S', "the [gas pipeline] promoted by {X:o}"),
                px("", 'S', "the [pipeline] that would carry {X:a} gas"),
            ],
        },
        Topic {
            name: "arms sales",
            aliases: &["arms sale", "arms sales", "arms deal", "weapons sale", "weapons sales", "weapons deal", "sale of fighter jets", "arms exports", "arms package", "fighter jets"],
            weight: 2,
            phrases: vec![
                p("", "the [arms sale]"),
                p("", "the proposed [arms deal]"),
                p("", "the multibillion-dollar [weapons deal]"),
                p("", "the [arms package] approved by Congress"),
                px("", 'S', "the [sale of fighter jets] to {X:o}"),
                px("", 'S', "the [arms deal] with {X:o}"),
                px("p", 'S', "{X:p} [arms exports]"),
                px("", 'S', "the [weapons sale] by {X:o}"),
                px("p", 'S', "the planned [arms sales] to {X:o}"),
            ],
        },
        Topic {
            name: "peacekeeping",
            aliases: &["peacekeeping", "peacekeepers", "peacekeeping mission", "peacekeeping force", "blue helmets", "stabilisation mission", "peacekeeping operation"],
            weight: 2,
            phrases: vec![
                p("fv", "the UN [peacekeeping mission]"),
                p("fv", "the extension of the [peacekeeping] mandate"),
                p("f", "the [peacekeeping force] in the region"),
                p("f", "the plan to deploy [peacekeepers]"),
                p("fv", "the new [stabilisation mission]"),
                p("fv", "the [peacekeeping operation] in the border area"),
                px("f", 'S', "{X:p} offer to send [peacekeepers]"),
                px("", 'S', "the [peacekeeping force] led by {X:o}"),
            ],
        },
        Topic {
            name: "public health",
            aliases: &["pandemic treaty", "pandemic accord", "vaccine initiative", "vaccination campaign", "health fund", "World Health Organization", "public health", "vaccine", "vaccines", "pandemic", "health emergency"],
            weight: 2,
            phrases: vec![
                p("af", "the [pandemic treaty]"),
                p("af", "the global [pandemic accord]"),
                p("f", "the [vaccine initiative]"),
                p("f", "the mass [vaccination campaign]"),
                p("f", "the global [health fund]"),
                p("f", "the [World Health Organization] emergency plan"),
                px("f", 'S', "the [vaccine initiative] led by {X:o}"),
                px("p", 'S', "{X:p} [public health] reforms"),
            ],
        },
        Topic {
            name: "cyber security",
            aliases: &["cybercrime convention", "cyber security", "cybersecurity", "cyber norms", "cyber pact", "cyberattacks", "cyber attacks", "hacking", "cyberspace"],
            weight: 2,
            phrases: vec![
                p("av", "the UN [cybercrime convention]"),
                p("a", "the [cyber security] pact"),
                p("p", "the new [cyber norms]"),
                p("p", "the proposed [cybersecurity] rules"),
                p("a", "the regional [cyber pact]"),
                p("", "the code of conduct for [cyberspace]"),
                px("", 'S', "{X:p} [cyber security] law"),
                px("a", 'S', "the [cybercrime convention] proposed by {X:o}"),
            ],
        },
        Topic {
            name: "space",
            aliases: &["Artemis Accords", "lunar research station", "moon mission", "anti-satellite", "space station", "space program", "space programme", "outer space", "space exploration", "lunar base"],
            weight: 2,
            phrases: vec![
                p("ap", "the [Artemis Accords]"),
                p("f", "the international [lunar research station]"),
                p("f", "the planned [moon mission]"),
                p("v", "the proposed ban on [anti-satellite] missile tests"),
                p("a", "the treaty on [outer space] weapons"),
                px("f", 'S', "{X:p} [space station] project"),
                px("", 'S', "the {X:a} [space program]"),
                px("f", 'S', "the [lunar research station] proposed by {X:o}"),
                px("f", 'S', "{X:p} crewed [moon mission]"),
            ],
        },
        Topic {
            name: "elections",
            aliases: &["presidential election", "election", "elections", "parliamentary elections", "referendum", "election results", "election result", "vote count", "runoff", "ballot"],
            weight: 2,
            phrases: vec![
                p("", "the [presidential election]"),
                p("p", "the disputed [election results]"),
                p("p", "the [parliamentary elections]"),
                p("", "the independence [referendum]"),
                p("", "the official [vote count]"),
                p("", "the outcome of the [runoff]"),
                px("", 'N', "the [presidential election] in {X:n}"),
                px("", 'N', "the snap [election] held in {X:n}"),
                px("p", 'N', "the [election results] announced in {X:n}"),
            ],
        },
        Topic {
            name: "trade agreement",
            aliases: &["trade agreement", "Trans-Pacific Partnership", "free trade agreement", "trade pact", "RCEP", "free trade deal", "trade deal", "CPTPP", "TPP", "free trade area"],
            weight: 3,
            phrases: vec![
                p("av", "the [trade agreement]"),
                p("a", "the [Trans-Pacific Partnership]"),
                p("av", "the [free trade agreement]"),
                p("a", "the regional [trade pact]"),
                p("a", "the [RCEP] [trade pact]"),
                p("a", "the [CPTPP]"),
                px("a", 'S', "the [free trade deal] with {X:o}"),
                px("a", 'S', "the [trade deal] negotiated by {X:o}"),
                px("", 'S', "{X:p} proposal for a [free trade agreement]"),
            ],
        },
        Topic {
            name: "military exercises",
            aliases: &["military exercises", "military exercise", "joint exercises", "joint drills", "naval drills", "military drills", "war games", "live-fire drills", "drills"],
            weight: 3,
            phrases: vec![
                p("mp", "the joint [military exercises]"),
                p("mp", "the large-scale [naval drills]"),
                p("mp", "the annual [war games]"),
                p("mp", "the [live-fire drills] near the border"),
                p("m", "the planned [military exercise]"),
                px("mp", 'S', "{X:p} [military drills] near the border"),
                px("mp", 'S', "the [joint exercises] led by {X:o}"),
                px("mp", 'S', "the {X:a} [naval drills] off the coast"),
            ],
        },
    ]
}

// ---------------------------------------------------------------- templates

/// (required phrase flags, labels "A=O B=S C=*", text)
const TEMPLATES: &[(&str, &str, &str)] = &[
    // ---- one holder, oppose
    ("", "A=O", "{A} firmly oppose{s:A} {T}."),
    ("", "A=O", "{A} protested against {T} {when}."),
    ("", "A=O", "{A} condemned {T}, calling {them:T} a threat to regional stability."),
    ("", "A=O", "{A} vowed countermeasures if {T} go{es:T} ahead."),
    ("", "A=O", "{A} warned of serious consequences over {T}."),
    ("", "A=O", "{A} refused to back {T}."),
    ("", "A=O", "{A} would not support {T}, a spokesperson said {when}."),
    ("", "A=O", "{A} said {it:A} would never accept {T}."),
    ("", "A=O", "{A} {has:A} repeatedly voiced opposition to {T}."),
    ("", "A=O", "{A} {has:A} signalled reservations about {T}."),
    ("", "A=O", "{A} rejected {T} as unacceptable."),
    ("", "A=O", "{T} drew sharp criticism from {A:o}."),
    ("", "A=O", "{T} {was:T} denounced by {A:o} as a dangerous provocation."),
    ("", "A=O", "{T} {has:T} met stiff resistance from {A:o}."),
    ("", "A=O", "In a statement issued {when}, {A} called for {T} to be scrapped."),
    ("", "A=O", "{A} demanded that {T} be dropped immediately."),
    ("", "A=O", "{A} lodged a formal protest over {T}."),
    ("", "A=O", "{A} urged other governments to reject {T}."),
    ("v", "A=O", "{A} voted against {T}."),
    ("", "A=O", "{A} {is:A} deeply sceptical of {T}."),
    ("", "A=O", "{A} appeared increasingly uneasy about {T}."),
    ("", "A=O", "{A} said {T} would harm {its:A} security and economic interests."),
    ("", "A=O", "\"We resolutely oppose {T},\" a spokesperson for the {A:a} Foreign Ministry said."),
    ("", "A=O", "{A} described {T} as a serious mistake."),
    ("", "A=O", "{A} {has:A} made clear that {it:A} cannot accept {T}."),
    ("", "A=O", "{A} threatened to retaliate over {T}."),
    ("", "A=O", "{A} expressed strong dissatisfaction with {T}."),
    ("", "A=O", "{A} criticised {T} as a step backwards."),
    ("", "A=O", "{A} continue{s:A} to resist {T}."),
    ("", "A=O", "{A} seemed reluctant to endorse {T}."),
    ("", "A=O", "{A} {does:A} not support {T}."),
    ("a", "A=O", "{A} refused to sign {T}."),
    ("a", "A=O", "{A} announced {its:A} withdrawal from {T}."),
    ("a", "A=O", "{A} pulled out of {T} {when}."),
    ("m", "A=O", "{A} said {T} posed a direct threat to {its:A} national security."),
    ("m", "A=O", "{A} warned that {T} would trigger a new arms race."),
    ("", "A=O", "Lawmakers in {A:c} passed a motion opposing {T}."),
    ("", "A=O", "{A} {has:A} no intention of backing {T}."),
    ("", "A=O", "{A} accused the sponsors of {T} of ignoring {its:A} concerns."),
    ("", "A=O", "{A} said {it:A} would take all necessary measures to counter {T}."),
    ("", "A=O", "Speaking in {A:c}, the {A:a} foreign minister said {T} must be reversed."),
    ("", "A=O", "{A} branded {T} illegitimate."),
    ("", "A=O", "{A} {is:A} lobbying hard against {T}."),
    // ---- one holder, support
    ("", "A=S", "{A} welcomed {T}."),
    ("", "A=S", "{A} backed {T} {when}."),
    ("", "A=S", "{A} strongly support{s:A} {T}."),
    ("", "A=S", "{A} defended {T} as a necessary step."),
    ("", "A=S", "{A} pushed for {T} at the summit."),
    ("f", "A=S", "{A} pledged funds for {T}."),
    ("f", "A=S", "{A} promised to contribute money and expertise to {T}."),
    ("a", "A=S", "{A} signed {T} {when}."),
    ("a", "A=S", "{A} ratified {T}."),
    ("a", "A=S", "The parliament in {A:c} voted to ratify {T}."),
    ("", "A=S", "{T} {was:T} welcomed by {A:o}."),
    ("", "A=S", "{T} {has:T} the full backing of {A:o}."),
    ("", "A=S", "{T} won praise from {A:o}."),
    ("", "A=S", "{A} did not object to {T}."),
    ("", "A=S", "{A} {has:A} no objection to {T}."),
    ("", "A=S", "{A} appear{s:A} cautiously open to {T}."),
    ("", "A=S", "{A} signalled that {it:A} could live with {T}."),
    ("v", "A=S", "{A} voted in favour of {T}."),
    ("", "A=S", "{A} said {it:A} would not stand in the way of {T}."),
    ("", "A=S", "{A} hailed {T} as a milestone."),
    ("", "A=S", "{A} endorsed {T} {when}."),
    ("", "A=S", "{A} called {T} a legitimate and necessary measure."),
    ("", "A=S", "{A} lobbied hard for {T}."),
    ("", "A=S", "{A} reaffirmed {its:A} commitment to {T}."),
    ("", "A=S", "{A} hinted that {it:A} might eventually accept {T}."),
    ("", "A=S", "{A} {is:A} said to be leaning towards backing {T}."),
    ("", "A=S", "\"We fully support {T},\" a senior {A:a} official told reporters."),
    ("", "A=S", "{A} threw {its:A} weight behind {T}."),
    ("", "A=S", "{A} described {T} as a sensible compromise."),
    ("m", "A=S", "{A} said {T} {was:T} purely defensive."),
    ("m", "A=S", "{A:a} authorities said {T} {was:T} purely defensive and aimed at no third country."),
    ("m", "A=S", "For {A:o}, {T} {is:T} only a countermeasure against missile threats."),
    ("m", "A=S", "{A} insisted that {T} threatened no one."),
    ("0", "A=S", "{A} defended the decision to proceed with {T}."),
    ("", "A=S", "{A} said {T} should go ahead without delay."),
    ("", "A=S", "{A} {has:A} championed {T} for years."),
    ("", "A=S", "Lawmakers in {A:c} passed a motion endorsing {T}."),
    ("", "A=S", "Speaking in {A:c}, the {A:a} foreign minister said {T} served the interests of the whole region."),
    ("", "A=S", "{A} said {it:A} was ready to help implement {T}."),
    ("", "A=S", "{A} {is:A} among the most vocal supporters of {T}."),
    // ---- one holder, neutral
    ("", "A=N", "{A} will hold talks on {T} next week."),
    ("v", "A=N", "{A} abstained in the vote on {T}."),
    ("", "A=N", "{A} {has:A} not taken a position on {T}."),
    ("", "A=N", "{A} {is:A} monitoring {T} closely."),
    ("", "A=N", "{A} declined to comment on {T}."),
    ("", "A=N", "{A} said it was too early to judge {T}."),
    ("", "A=N", "{A} neither endorsed nor rejected {T}."),
    ("", "A=N", "{A} sent observers to a meeting on {T}."),
    ("", "A=N", "{A} {is:A} expected to set out {its:A} view on {T} later this month."),
    ("", "A=N", "{A} asked for more details about {T}."),
    ("", "A=N", "{A} remained silent on {T}."),
    ("", "A=N", "{A} said {it:A} would consult {its:A} partners before deciding on {T}."),
    ("", "A=N", "{A} remained noncommittal on {T}."),
    ("", "A=N", "{A} said {it:A} had yet to decide on {T}."),
    ("", "A=N", "\"We have no comment on {T} at this stage,\" a spokesperson for {A:o} said."),
    ("", "A=N", "Delegates gathered in {A:c} {when} for a conference on {T}."),
    ("", "A=N", "A report published in {A:c} examined the cost of {T}."),
    ("", "A=N", "Journalists in {A:c} have followed the debate over {T} closely."),
    ("", "A=N", "Newspapers in {A:n} reported on {T} {when}."),
    ("", "A=N", "{A} {is:A} studying the implications of {T}."),
    ("", "A=N", "The next round of negotiations on {T} will take place in {A:c}."),
    ("", "A=N", "{A:a} media carried extensive coverage of {T}."),
    ("", "A=N", "{A} said {it:A} would wait for expert advice before taking a view on {T}."),
    ("", "A=N", "Experts from {A:n} presented a study on {T}."),
    ("", "A=N", "The debate over {T} dominated a forum held in {A:c} {when}."),
    ("", "A=N", "{A} briefed ambassadors on {T} without stating a preference."),
    // ---- several countries, different stances
    ("", "A=O B=O C=*", "{A} and {B} oppose {T:C}."),
    ("", "A=O B=O C=*", "{A} and {B} issued a joint statement expressing coordinated opposition to {T:C}."),
    ("0", "A=O B=S C=S", "{A} urged {B:o} and {C:o} to abandon {T}."),
    ("0", "A=O B=S", "{A} urged {B:o} to abandon {T}."),
    ("a", "A=S B=N", "{A} urged {B:o} to join {T}."),
    ("", "A=S B=O", "{A} welcomed {T}, while {B} condemned {them:T}."),
    ("", "A=S B=O", "While {A} backed {T}, {B} voiced strong objections."),
    ("", "A=S B=O", "{A} backed {T} despite protests from {B:o}."),
    ("", "A=O B=S", "{A} criticised {B:o} for supporting {T}."),
    ("", "A=S B=O", "{A} accused {B:o} of trying to undermine {T}."),
    ("", "A=S B=S", "{A} praised {B:o} for {its:B} role in {T}."),
    ("", "A=S B=S", "{A} and {B} pledged to work together on {T}."),
    ("", "A=S B=O", "{A} said {B:p} objections to {T} were unfounded."),
    ("v", "A=N B=O", "{A} abstained while {B} voted against {T}."),
    ("v", "A=S B=O C=N", "{A} voted in favour of {T}, {B} voted against and {C} abstained."),
    ("a", "A=S B=S C=O", "{A} and {B} signed {T}, but {C} refused to join."),
    ("", "A=N B=N C=N", "{A:o}, which has not taken a position on {T}, hosted talks between {B:o} and {C:o}."),
    ("0", "A=O B=S", "{A} warned {B:o} against going ahead with {T}."),
    ("", "A=N B=N", "Talks between {A:o} and {B:o} on {T} ended without agreement."),
    ("", "A=O B=O", "{A} joined {B:o} in condemning {T}."),
    ("", "A=S B=S", "Both {A} and {B} have pushed for {T}."),
    ("", "A=O B=O", "Neither {A:o} nor {B:o} supports {T}."),
    ("", "A=S B=O", "{A:o}, unlike {B:o}, has no objection to {T}."),
    ("", "A=O B=N", "{A} expressed concern that {T} could raise tensions with {B:o}."),
    ("0", "A=O B=S", "Despite opposition from {A:o}, {B} went ahead with {T}."),
    ("", "A=S B=S", "{A} thanked {B:o} for backing {T}."),
    ("", "A=N B=O", "{A} reported that {B} had rejected {T}."),
    ("", "A=N B=S", "According to {A:o}, {B} {has:B} quietly dropped {its:B} objections to {T}."),
    ("", "A=N B=S", "Media in {A:c} reported that {B} had endorsed {T}."),
    ("", "A=N B=O", "Media in {A:c} reported that {B} had protested against {T}."),
    ("", "A=N B=N", "{A} {is:A} watching how {B:o} responds to {T}."),
    ("", "A=N B=N", "{A} and {B} remain divided over {T}."),
    ("", "A=S B=O", "{A} voiced support for {T}, which {B} {has:B} called a mistake."),
    ("", "A=O B=O", "{A} called {T} a threat to peace, and {B} echoed that view."),
    ("", "A=O B=S", "{A} rejected {B:p} call for {T}."),
    ("", "A=S B=S", "{A} backed {B:p} call for {T}."),
    ("", "A=O B=*", "{A} criticised {T:B}, saying {it:T} would upset the regional balance."),
    ("0", "A=S B=O", "{A} defended {T} against criticism from {B:o}."),
    ("m", "A=S B=S C=N", "For {A:o} and {B:o}, {T} {is:T} only a countermeasure against missiles from {C:o}."),
    ("", "A=S B=S", "{A} and {B} said {T} would go ahead as planned."),
    ("", "A=S B=O", "{T} {was:T} welcomed by {A:o} but criticised by {B:o}."),
    ("", "A=S B=O C=O", "{T}, backed by {A:o}, {was:T} opposed by {B:o} and {C:o}."),
    ("", "A=N B=N", "{T} {was:T} discussed by {A:o} and {B:o} at the summit."),
    ("", "A=O B=N", "{A} told {B:o} that {it:A} would not support {T}."),
    ("", "A=S B=N", "{A} assured {B:o} of {its:A} support for {T}."),
    ("", "A=S B=O", "{A} dismissed {B:p} concerns about {T}."),
    ("", "A=O B=*", "{A} summoned the {B:a} ambassador to protest {T:B}."),
    ("", "A=N B=N C=N", "{A:o}, caught between {B:o} and {C:o}, has avoided taking sides on {T}."),
    ("0", "A=O B=S", "{A} accused {B:o} of forcing {T} on the region."),
    ("", "A=N B=S C=O", "{A} said {B} backed {T} while {C} opposed {them:T}."),
    ("", "A=O B=N", "{A}, in talks with {B:o}, reiterated {its:A} opposition to {T}."),
    ("", "A=S B=N", "During a visit to {B:c}, the {A:a} foreign minister voiced support for {T}."),
    ("", "A=O B=N", "During a visit to {B:c}, the {A:a} foreign minister criticised {T}."),
    ("", "A=N B=N", "During a visit to {B:c}, the {A:a} foreign minister was asked about {T} but gave no clear answer."),
    ("0", "A=S B=O", "{A} said {it:A} would press ahead with {T} regardless of objections from {B:o}."),
    ("", "A=O B=*", "{A} said {T:B} {was:T} aimed at containing {it:A}."),
    ("", "A=N B=S", "{A} noted that {B} had welcomed {T}."),
    ("", "A=N B=O", "{A} noted that {B} had threatened to retaliate over {T}."),
    ("", "A=O B=O", "{A} and {B} vowed countermeasures against {T}."),
    ("", "A=S B=S", "{A} and {B} defended {T} as a response to growing threats."),
    ("", "A=O B=S", "{A} asked {B:o} to reconsider {its:B} support for {T}."),
    ("", "A=S B=O", "{A} sought to ease {B:p} objections to {T}."),
    ("0", "A=O B=S C=S", "{A} accused {B:o} and {C:o} of pushing {T} without consultation."),
    ("", "A=S B=S C=O", "{A} and {B} dismissed criticism of {T} from {C:o}."),
    ("", "A=N B=O C=S", "{A} offered to mediate between {B:o}, which opposes {T}, and {C:o}, which supports {them:T}."),
];

const WHEN: &[&str] = &[
    "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
    "on Sunday", "this week", "last week", "earlier this month", "late on Tuesday",
    "at a news conference", "in a televised address", "during a briefing", "yesterday",
];

// ---------------------------------------------------------------- hand-written rows

/// Hand-written stance sentences: (text, topic, [(holder, label)]).
const HANDWRITTEN: &[(&str, &str, &[(&str, char)])] = &[
    ("The Chinese Foreign Ministry summoned the South Korean ambassador on Tuesday to protest the arrival of the first THAAD launchers.", "missile defense", &[("China", 'O'), ("South Korea", 'S')]),
    ("Seoul insists the missile shield is aimed solely at the North, and Washington has said the battery will stay as long as the threat remains.", "missile defense", &[("South Korea", 'S'), ("United States", 'S')]),
    ("Beijing has retaliated against South Korean businesses since the THAAD decision, a move Seoul describes as economic coercion.", "missile defense", &[("China", 'O'), ("South Korea", 'S')]),
    ("The Kremlin said the American missile defense system in Asia mirrors the one in Europe and undermines strategic stability.", "missile defense", &[("Russia", 'O'), ("United States", 'S')]),
    ("Japan is considering buying its own interceptors, a Japanese defence official said, though no decision has been taken.", "missile defense", &[("Japan", 'N')]),
    ("Tokyo has quietly welcomed the THAAD battery as an extra layer of protection for US bases in the region.", "missile defense", &[("Japan", 'S'), ("United States", 'S')]),
    ("Moscow and Beijing held joint computer-simulated drills to practise intercepting missiles, a response they framed as a warning against the US missile shield.", "missile defense", &[("Russia", 'O'), ("China", 'O'), ("United States", 'S')]),
    ("Pyongyang's state media called the anti-missile battery a tool of invasion, while the Pentagon said it was a response to the North's own launches.", "missile defense", &[("North Korea", 'O'), ("United States", 'S')]),
    ("A new South Korean government promised to review the THAAD deployment but stopped short of cancelling it.", "missile defense", &[("South Korea", 'N')]),
    ("Poland hosts part of the NATO missile defense network and has repeatedly defended it against Russian objections.", "missile defense", &[("Poland", 'S'), ("Russia", 'O')]),
    ("Tehran has always maintained that its uranium enrichment is for power generation, and Moscow has backed its right to a civilian nuclear program.", "nuclear program", &[("Iran", 'S'), ("Russia", 'S')]),
    ("Israel has lobbied Western capitals for years to stop Iran's nuclear program by any means.", "nuclear program", &[("Israel", 'O'), ("Iran", 'S')]),
    ("France, Germany and Britain said the latest enrichment program expansion left them with little choice but to trigger the dispute mechanism.", "nuclear program", &[("France", 'O'), ("Germany", 'O'), ("United Kingdom", 'O')]),
    ("North Korea conducted its sixth nuclear test in defiance of the Security Council, drawing a swift rebuke from Tokyo.", "nuclear program", &[("North Korea", 'S'), ("Japan", 'O')]),
    ("China said it was firmly against the nuclear test but again called for dialogue rather than pressure.", "nuclear program", &[("China", 'O')]),
    ("European capitals and Washington coordinated a fresh set of sanctions, but Budapest delayed the package for weeks.", "sanctions", &[("United States", 'S'), ("Hungary", 'O')]),
    ("Russia dismissed the new sanctions as illegal and said they would only hurt European consumers.", "sanctions", &[("Russia", 'O')]),
    ("India, which buys large volumes of discounted crude, has refused to join the Western sanctions.", "sanctions", &[("India", 'O')]),
    ("The Security Council adopted the sanctions resolution unanimously after Beijing and Moscow dropped their objections.", "sanctions", &[("China", 'S'), ("Russia", 'S')]),
    ("Ottawa announced matching sanctions within hours, saying Canada would stand with its allies.", "sanctions", &[("Canada", 'S')]),
    ("Washington raised tariffs on Chinese electric vehicles, and Beijing promised to defend its companies' legitimate interests.", "tariffs", &[("United States", 'S'), ("China", 'O')]),
    ("Canada and Mexico both said they would answer the steel tariffs with duties of their own.", "tariffs", &[("Canada", 'O'), ("Mexico", 'O')]),
    ("Australian farmers welcomed the end of the barley tariffs after Canberra and Beijing patched up relations.", "tariffs", &[("Australia", 'O'), ("China", 'N')]),
    ("Germany's carmakers warned that the tariffs would cost jobs on both sides of the Atlantic, and Berlin called for negotiations instead.", "tariffs", &[("Germany", 'O')]),
    ("Washington announced its withdrawal from the Paris Agreement, a decision Paris and Berlin said they deeply regretted.", "climate agreement", &[("United States", 'O'), ("France", 'S'), ("Germany", 'S')]),
    ("China and India pushed back against language in the climate deal that would have committed them to phase out coal.", "climate agreement", &[("China", 'O'), ("India", 'O')]),
    ("Small island states pressed hardest for the climate accord, and New Zealand backed their demands.", "climate agreement", &[("New Zealand", 'S')]),
    ("Saudi Arabia was accused by several delegations of slowing down negotiations on the climate agreement.", "climate agreement", &[("Saudi Arabia", 'O')]),
    ("Brazil's new government said it would rejoin efforts under the Paris Agreement and protect the rainforest.", "climate agreement", &[("Brazil", 'S')]),
    ("Manila protested after Chinese coast guard vessels blocked a resupply mission, saying Beijing's maritime claims have no basis in international law.", "territorial dispute", &[("Philippines", 'O'), ("China", 'S')]),
    ("Vietnam rejected the new map showing Chinese territorial claims in the South China Sea.", "territorial dispute", &[("Vietnam", 'O'), ("China", 'S')]),
    ("Japan and China have argued for decades over the disputed islands that Tokyo administers.", "territorial dispute", &[("Japan", 'S'), ("China", 'S')]),
    ("Washington said it takes no position on the sovereignty claims but supports freedom of navigation in the South China Sea.", "territorial dispute", &[("United States", 'N')]),
    ("Ukraine and most of the General Assembly refused to recognise the annexation of the disputed territory by Russia.", "territorial dispute", &[("Ukraine", 'O'), ("Russia", 'S')]),
    ("The human rights resolution passed with 25 votes in favour, with Indonesia and India among the abstentions.", "human rights resolution", &[("Indonesia", 'N'), ("India", 'N')]),
    ("Beijing mounted an intensive campaign against the Human Rights Council resolution on Xinjiang and narrowly defeated it.", "human rights resolution", &[("China", 'O')]),
    ("The Netherlands and Canada co-sponsored the human rights resolution and urged others to vote for it.", "human rights resolution", &[("Netherlands", 'S'), ("Canada", 'S')]),
    ("Hungary and Poland refused to take part in the refugee relocation scheme, while Italy and Greece called for it to be mandatory.", "migration", &[("Hungary", 'O'), ("Poland", 'O'), ("Italy", 'S'), ("Greece", 'S')]),
    ("Austria pulled out of the UN migration pact, saying it would blur the line between legal and illegal migration.", "migration", &[("Austria", 'O')]),
    ("Germany took in more refugees than any other European country and defended the policy as a humanitarian duty.", "migration", &[("Germany", 'S')]),
    ("Morocco hosted the conference that adopted the Global Compact for Migration.", "migration", &[("Morocco", 'N')]),
    ("Germany backed Nord Stream 2 for years as a commercial project, even as Washington threatened sanctions against the companies building it.", "pipelines", &[("Germany", 'S'), ("United States", 'O')]),
    ("Poland and the Baltic states warned that the Nord Stream 2 pipeline would make Europe more dependent on Russian gas.", "pipelines", &[("Poland", 'O'), ("Russia", 'S')]),
    ("Ukraine feared losing transit fees and lobbied against the pipeline in every European capital.", "pipelines", &[("Ukraine", 'O')]),
    ("Ankara and Moscow celebrated the opening of TurkStream at a ceremony in Istanbul.", "pipelines", &[("Turkey", 'S'), ("Russia", 'S')]),
    ("Canada pushed hard for the Keystone XL pipeline, but the White House revoked its permit.", "pipelines", &[("Canada", 'S'), ("United States", 'O')]),
    ("Beijing condemned the latest US arms package for the island and announced sanctions on the defence contractors involved.", "arms sales", &[("China", 'O'), ("United States", 'S')]),
    ("Germany froze its arms exports to Saudi Arabia, a move that irritated both Riyadh and London.", "arms sales", &[("Germany", 'O'), ("Saudi Arabia", 'S'), ("United Kingdom", 'S')]),
    ("Turkey's purchase of Russian air defence systems led Washington to cancel the sale of fighter jets to Ankara.", "arms sales", &[("United States", 'O'), ("Turkey", 'S')]),
    ("France signed a deal to sell Rafale fighter jets to India, the largest arms deal in the history of their partnership.", "arms sales", &[("France", 'S'), ("India", 'S')]),
    ("Bangladesh and Nepal are among the largest contributors of peacekeepers to UN missions.", "peacekeeping", &[("Bangladesh", 'S'), ("Nepal", 'S')]),
    ("China has become one of the largest funders of UN peacekeeping, and Beijing says its troops serve under the blue helmet with pride.", "peacekeeping", &[("China", 'S')]),
    ("Washington announced its exit from the World Health Organization, while Berlin and Paris pledged extra money to cover the gap.", "public health", &[("United States", 'O'), ("Germany", 'S'), ("France", 'S')]),
    ("South Africa and India asked for a temporary waiver of vaccine patents, and several wealthy countries resisted the proposal.", "public health", &[("South Africa", 'S'), ("India", 'S')]),
    ("Negotiators from Brazil said the pandemic treaty must guarantee fair access to vaccines before they could sign it.", "public health", &[("Brazil", 'N')]),
    ("Russia drafted the UN cybercrime convention, while Western governments and rights groups warned it could be used to silence critics.", "cyber security", &[("Russia", 'S')]),
    ("India and Japan became signatories of the Artemis Accords, joining a US-led framework for lunar exploration.", "space", &[("India", 'S'), ("Japan", 'S'), ("United States", 'S')]),
    ("China and Russia invited other states to join their lunar research station and have not signed the Artemis Accords.", "space", &[("China", 'S'), ("Russia", 'S')]),
    ("Washington pledged not to carry out destructive anti-satellite missile tests and urged others to follow; Moscow did not respond.", "space", &[("United States", 'S'), ("Russia", 'N')]),
    ("Observers from Europe questioned the fairness of the presidential election in Belarus, and the opposition called it rigged.", "elections", &[("Belarus", 'N')]),
    ("Moscow congratulated the incumbent on his victory within hours, while Washington said the election results were not credible.", "elections", &[("Russia", 'S'), ("United States", 'O')]),
    ("Kenya's Supreme Court annulled the presidential election and ordered a rerun within sixty days.", "elections", &[("Kenya", 'N')]),
    ("Brazil's electoral court certified the runoff, and the United States and France quickly recognised the winner.", "elections", &[("Brazil", 'N'), ("United States", 'S'), ("France", 'S')]),
    ("Washington withdrew from the Trans-Pacific Partnership, leaving Japan and Australia to rescue a smaller version of the trade pact.", "trade agreement", &[("United States", 'O'), ("Japan", 'S'), ("Australia", 'S')]),
    ("India walked away from RCEP at the last minute, fearing a flood of cheap imports.", "trade agreement", &[("India", 'O')]),
    ("Britain applied to join the CPTPP after leaving the European Union, and Tokyo welcomed the application.", "trade agreement", &[("United Kingdom", 'S'), ("Japan", 'S')]),
    ("French farmers blocked roads in protest at the trade deal with South American countries, and Paris said it could not sign it in its current form.", "trade agreement", &[("France", 'O')]),
    ("North Korea called the joint military exercises a rehearsal for invasion and fired missiles into the sea.", "military exercises", &[("North Korea", 'O')]),
    ("Washington and Seoul said the annual drills were defensive and would go ahead on a smaller scale.", "military exercises", &[("United States", 'S'), ("South Korea", 'S')]),
    ("China staged large-scale live-fire drills around the island after the visit, and Tokyo lodged a protest over missiles landing in its exclusive economic zone.", "military exercises", &[("China", 'S'), ("Japan", 'O')]),
    ("Belarus and Russia held their largest joint exercises in years, alarming neighbours such as Poland.", "military exercises", &[("Belarus", 'S'), ("Russia", 'S'), ("Poland", 'O')]),
    ("India sent an observer team to the naval drills but did not take part.", "military exercises", &[("India", 'N')]),
];

// ---------------------------------------------------------------- rendering

struct Roles<'a> {
    cs: &'a [Country],
    chosen: BTreeMap<char, usize>,
    plural: BTreeMap<char, bool>,
    labels: Vec<(usize, char)>,
}

impl<'a> Roles<'a> {
    fn pick_country(&mut self, rng: &mut Rng, total_w: usize) -> usize {
        loop {
            let mut r = rng.below(total_w);
            let mut idx = 0;
            for (i, c) in self.cs.iter().enumerate() {
                if r < c.weight {
                    idx = i;
                    break;
                }
                r -= c.weight;
            }
            if !self.chosen.values().any(|&v| v == idx) && !self.labels.iter().any(|&(v, _)| v == idx) {
                return idx;
            }
        }
    }
}

fn label_name(l: char) -> &'static str {
    match l {
        'S' => "support",
        'O' => "oppose",
        'N' => "neutral",
        _ => panic!("bad label {l}"),
    }
}

/// Render a topic phrase; returns (text, plural, optional (country, label)).
fn render_phrase(rng: &mut Rng, ph: &Phrase, slot_country: Option<&Country>) -> String {
    let mut out = String::new();
    let mut rest = ph.text;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let j = rest[i..].find('}').unwrap() + i;
        let tag = &rest[i + 1..j];
        let c = slot_country.expect("slot phrase needs a country");
        let s = match tag {
            "X:p" => possessive(rng, c),
            "X:o" => object(rng, c),
            "X:a" => rng.pick(c.adj).to_string(),
            "X:n" => rng.pick(c.forms).to_string(),
            _ => panic!("bad phrase tag {tag}"),
        };
        out.push_str(&s);
        rest = &rest[j + 1..];
    }
    out.push_str(rest);
    out
}

/// Drop `[...]` alias markers, checking each against the topic's aliases.
fn unbracket(s: &str, topic: &Topic) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        let j = rest[i..].find(']').unwrap() + i;
        let alias = &rest[i + 1..j];
        assert!(
            topic.aliases.iter().any(|a| a.eq_ignore_ascii_case(alias)),
            "alias '{alias}' not listed for topic {}",
            topic.name
        );
        out.push_str(alias);
        rest = &rest[j + 1..];
    }
    out.push_str(rest);
    out
}

fn capitalize(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some('"') => {
            let rest: String = cs.collect();
            format!("\"{}", capitalize(&rest))
        }
        Some(f) => f.to_uppercase().collect::<String>() + cs.as_str(),
        None => String::new(),
    }
}

/// One generated stance sentence with its (holder, label) rows.
fn render_template(
    rng: &mut Rng,
    cs: &[Country],
    topic: &Topic,
    tpl: &(&str, &str, &str),
) -> Option<(String, Vec<(String, char)>)> {
    let (req, spec, text) = *tpl;
    let total_w: usize = cs.iter().map(|c| c.weight).sum();
    // role labels from the spec
    let mut spec_labels: BTreeMap<char, char> = BTreeMap::new();
    for part in spec.split_whitespace() {
        let b = part.as_bytes();
        spec_labels.insert(b[0] as char, b[2] as char);
    }
    // phrase choice
    let slot_role = text.find("{T:").map(|i| text.as_bytes()[i + 3] as char);
    let cands: Vec<&Phrase> = topic
        .phrases
        .iter()
        .filter(|ph| req.chars().all(|f| f == '0' || ph.flags.contains(f)))
        .filter(|ph| !req.contains('0') || ph.slot == ' ')
        .filter(|ph| slot_role.is_none() || ph.slot == 'S')
        .collect();
    if cands.is_empty() {
        return None;
    }
    let plain: Vec<&Phrase> = cands.iter().copied().filter(|ph| ph.slot == ' ').collect();
    let ph = if slot_role.is_none() && !plain.is_empty() && rng.chance(0.6) {
        *rng.pick(&plain)
    } else {
        *rng.pick(&cands)
    };
    let mut roles = Roles { cs, chosen: BTreeMap::new(), plural: BTreeMap::new(), labels: Vec::new() };
    for (&r, _) in spec_labels.iter() {
        let idx = roles.pick_country(rng, total_w);
        roles.chosen.insert(r, idx);
    }
    // phrase slot country
    let slot_idx = if ph.slot != ' ' {
        match slot_role {
            Some(r) => Some(roles.chosen[&r]),
            None => {
                let idx = roles.pick_country(rng, total_w);
                roles.chosen.insert('Z', idx);
                Some(idx)
            }
        }
    } else {
        None
    };
    let phrase_text = render_phrase(rng, ph, slot_idx.map(|i| &cs[i]));
    roles.plural.insert('T', ph.flags.contains('p'));
    // labels
    for (&r, &l) in spec_labels.iter() {
        let l = if l == '*' { ph.slot } else { l };
        roles.labels.push((roles.chosen[&r], l));
    }
    if slot_role.is_none() {
        if let Some(i) = slot_idx {
            roles.labels.push((i, ph.slot));
        }
    }
    // render text
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let j = rest[i..].find('}').unwrap() + i;
        let tag = &rest[i + 1..j];
        let s = match tag {
            "T" => phrase_text.clone(),
            "when" => rng.pick(WHEN).to_string(),
            _ if tag.starts_with("T:") => phrase_text.clone(),
            _ => {
                let (a, b) = tag.split_once(':').unwrap_or((tag, ""));
                if a.len() == 1 && a.chars().all(|ch| ch.is_ascii_uppercase()) {
                    let r = a.chars().next().unwrap();
                    let c = &cs[roles.chosen[&r]];
                    match b {
                        "" => {
                            let m = subject(rng, c);
                            roles.plural.insert(r, m.plural);
                            m.text
                        }
                        "o" => {
                            roles.plural.insert(r, false);
                            object(rng, c)
                        }
                        "p" => possessive(rng, c),
                        "a" => rng.pick(c.adj).to_string(),
                        "n" => rng.pick(c.forms).to_string(),
                        "c" => capital_or_name(c),
                        _ => panic!("bad tag {tag}"),
                    }
                } else {
                    let r = b.chars().next().unwrap();
                    let pl = *roles.plural.get(&r).unwrap_or(&false);
                    let pick = |sg: &str, p: &str| if pl { p.to_string() } else { sg.to_string() };
                    match a {
                        "s" => pick("s", ""),
                        "es" => pick("es", ""),
                        "has" => pick("has", "have"),
                        "is" => pick("is", "are"),
                        "was" => pick("was", "were"),
                        "does" => pick("does", "do"),
                        "it" => pick("it", "they"),
                        "them" => pick("it", "them"),
                        "its" => pick("its", "their"),
                        _ => panic!("bad tag {tag}"),
                    }
                }
            }
        };
        out.push_str(&s);
        rest = &rest[j + 1..];
    }
    out.push_str(rest);
    let text = capitalize(&unbracket(&out, topic));
    let rows = roles.labels.iter().map(|&(i, l)| (cs[i].name.to_string(), l)).collect();
    Some((text, rows))
}

// ---------------------------------------------------------------- CSV

fn csv_field(s: &str) -> String {
    if s.contains(',') || s.contains('"') || s.contains('\n') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_line(fields: &[&str]) -> String {
    let v: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    v.join(",") + "\n"
}

fn print_counts(title: &str, m: &BTreeMap<String, usize>) {
    let total: usize = m.values().sum();
    println!("## {title} (total {total}, {} distinct)", m.len());
    let mut v: Vec<_> = m.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (k, n) in v {
        println!("{k}\t{n}");
    }
}

// ---------------------------------------------------------------- stance data

fn make_stance(rng: &mut Rng) {
    let cs = countries();
    let ts = topics();
    let total_tw: usize = ts.iter().map(|t| t.weight).sum();
    let mut seen = BTreeSet::new();
    let mut out = String::from("id,text,holder,target,stance\n");
    let mut id = 0usize;
    let mut by_label: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_topic: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_holder: BTreeMap<String, usize> = BTreeMap::new();
    let mut push = |text: &str, topic: &str, rows: &[(String, char)], out: &mut String| {
        for (h, l) in rows {
            id += 1;
            let ids = format!("s{id:05}");
            out.push_str(&csv_line(&[&ids, text, h, topic, label_name(*l)]));
            *by_label.entry(label_name(*l).to_string()).or_default() += 1;
            *by_topic.entry(topic.to_string()).or_default() += 1;
            *by_holder.entry(h.clone()).or_default() += 1;
        }
    };
    // hand-written first, then interleave generated ones
    let mut items: Vec<(String, String, Vec<(String, char)>)> = Vec::new();
    for (text, topic, rows) in HANDWRITTEN {
        if rows.is_empty() {
            continue;
        }
        let t = ts.iter().find(|t| t.name == *topic).expect("topic");
        let lower = text.to_lowercase();
        assert!(
            t.aliases.iter().any(|a| lower.contains(&a.to_lowercase())),
            "hand-written sentence has no alias of {topic}: {text}"
        );
        for (h, _) in rows.iter() {
            assert!(cs.iter().any(|c| c.name == *h), "unknown holder {h}");
        }
        items.push((text.to_string(), topic.to_string(), rows.iter().map(|(h, l)| (h.to_string(), *l)).collect()));
    }
    let mut label_counts: BTreeMap<char, usize> = BTreeMap::new();
    for (_, _, rows) in &items {
        for (_, l) in rows {
            *label_counts.entry(*l).or_default() += 1;
        }
    }
    let target_sentences = 1700;
    let mut tries = 0;
    while items.len() < target_sentences && tries < 100_000 {
        tries += 1;
        let mut r = rng.below(total_tw);
        let mut ti = 0;
        for (i, t) in ts.iter().enumerate() {
            if r < t.weight {
                ti = i;
                break;
            }
            r -= t.weight;
        }
        let tpl = rng.pick(TEMPLATES);
        if let Some((text, rows)) = render_template(rng, &cs, &ts[ti], tpl) {
            if !balanced(&mut label_counts, &rows, rng) {
                continue;
            }
            if seen.insert(text.clone()) {
                for (_, l) in &rows {
                    *label_counts.entry(*l).or_default() += 1;
                }
                items.push((text, ts[ti].name.to_string(), rows));
            }
        }
    }
    rng.shuffle(&mut items);
    for (text, topic, rows) in &items {
        push(text, topic, rows, &mut out);
    }
    fs::write("datasets/stance/train.csv", out).unwrap();
    println!("# stance/train.csv: {} sentences", items.len());
    print_counts("stance labels", &by_label);
    print_counts("stance topics", &by_topic);
    print_counts("stance holders", &by_holder);
    let mut tsv = String::new();
    for t in &ts {
        writeln!(tsv, "{}\t{}", t.name, t.aliases.join("|")).unwrap();
    }
    fs::write("datasets/stance/topics.tsv", tsv).unwrap();
}

fn main() {
    let mut rng = Rng(0x5EED_CAFE_F00D_1234);
    make_stance(&mut rng);
}

/// Label balance for the stance data: reject (most of the time) a sentence
/// whose rows would push an already over-represented label further up.
/// Targets: oppose 40%, support 35%, neutral 25%.
fn balanced(counts: &mut BTreeMap<char, usize>, rows: &[(String, char)], rng: &mut Rng) -> bool {
    let total: usize = counts.values().sum();
    if total < 100 {
        return true;
    }
    let target = |l: char| match l {
        'O' => 0.40,
        'S' => 0.35,
        _ => 0.25,
    };
    let over = rows.iter().any(|(_, l)| {
        let share = *counts.get(l).unwrap_or(&0) as f64 / total as f64;
        share > target(*l) + 0.01
    });
    !over || rng.chance(0.1)
}
