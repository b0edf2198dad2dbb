//! Deterministic generator for stancekit's bundled training data.
//!
//! Not part of the cargo build. Run from the repository root:
//!
//! ```text
//! rustc -O datasets/tools/make_datasets.rs -o /tmp/mk && /tmp/mk
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
        19 if rng.chance(0.5) => {
            let office = *rng.pick(&["Foreign Ministry", "Defence Ministry", "government", "foreign minister", "embassy"]);
            let base = rng.pick(c.forms).to_string();
            let base = if base.ends_with('s') { format!("{base}'") } else { format!("{base}'s") };
            (format!("{base} {office}"), false)
        }
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
    // ---- constructions of real coverage, in our own frames
    // Coordinated opposition: both holders oppose.
    ("", "A=O B=O", "{A} and {B} will keep strengthening their coordinated opposition to {T}."),
    ("", "A=O B=O", "{A} and {B} said they would continue to coordinate their opposition to {T}."),
    ("", "A=O B=O", "{A} and {B} agreed to step up joint efforts against {T}."),
    ("", "A=O B=O", "{A} and {B} pledged closer coordination in resisting {T}."),
    // Urging others to abandon a plan: the urger opposes, the urged support.
    ("0", "A=O B=S C=S", "{A} again urged {B:o} and {C:o} to give up their plan for {T}."),
    ("0", "A=O B=S C=S", "{A} called on {B:o} and {C:o} to drop their plans for {T}."),
    ("0", "A=O B=S C=S", "{A} pressed {B:o} and {C:o} to abandon their plan for {T} at once."),
    ("0", "A=O B=S", "{A} urged {B:o} to halt {T} immediately."),
    ("0", "A=O B=S", "{A} demanded that {B:o} stop {T}."),
    // A countermeasure against a third country's missiles: the two holders
    // support; the third country is only the threat named, so neutral.
    ("m", "A=S B=S C=N", "In the eyes of {A:o} and {B:o}, {T} would serve only as a countermeasure against {C:p} missiles."),
    ("m", "A=S B=S C=N", "{A} and {B} say {T} would only serve to counter missile launches by {C:o}."),
    ("m", "A=S C=N", "For {A:o}, {T} would act purely as a defence against {C:p} missiles."),
    // A purely defensive measure: support.
    ("m", "A=S", "{A:a} authorities said {T} {was:T} purely a defensive measure."),
    ("m", "A=S", "{A} stressed that {T} {was:T} a purely defensive step."),
    ("m", "A=S", "{A:a} officials insisted {T} {was:T} a defensive measure aimed at no one else."),
    ("m", "A=S B=O", "{A} said {T} {was:T} purely defensive and posed no threat to {B:o}, which objects to {them:T}."),
    // Threat readings: the holder opposes; the owner of the network supports.
    ("m", "A=O B=S", "{A} said {T} formed part of a wider {B:a} network that threatened {A:a} forces."),
    ("", "A=O", "{A} described {T} as a source of instability for the whole region."),
    ("", "A=O", "{A} said {T} would upset the strategic balance in the region."),
    // Location-only mentions: the place is neutral.
    ("m", "A=O B=N", "{A} stepped up criticism of {T} now arriving in {B:n}."),
    ("", "A=O B=N", "{A} voiced alarm over {T} in {B:n}."),
    ("", "A=S B=N", "{A} praised {T} during a stop in {B:c}."),
    ("", "A=N B=N", "Travel agencies in {A:n} stopped selling tours to {B:n} as the row over {T} deepened."),
    ("m", "A=N", "Workers unloaded equipment for {T} at an air base south of {A:c}."),
    ("m", "A=N", "Protesters gathered near the site of {T} in {A:n}."),
    ("", "A=N", "Shops in {A:n} reported falling sales as the dispute over {T} dragged on."),
    // Object of criticism: the criticised country backs the topic.
    ("0", "A=O B=S", "{A} stepped up pressure on {B:o} over {T}."),
    ("0", "A=O B=S", "{A} lashed out at {B:o} over {T}."),
    ("0", "A=O B=S", "{A} retaliated against {B:o} for going ahead with {T}."),
    ("0", "A=O B=S", "{A} summoned the {B:a} envoy to complain about {T}."),
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
        _ => panic!("bad label {}", l),
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
            _ => panic!("bad phrase tag {}", tag),
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
            "alias '{}' not listed for topic {}", alias,
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
                        _ => panic!("bad tag {}", tag),
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
                        _ => panic!("bad tag {}", tag),
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
            "hand-written sentence has no alias of {}: {}", topic, text
        );
        for (h, _) in rows.iter() {
            assert!(cs.iter().any(|c| c.name == *h), "unknown holder {}", h);
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
    let mut rng = Rng(0x70B1_C5EE_D000_0002);
    make_topics(&mut rng);
    let mut rng = Rng(0x70DB_0000_0000_0003);
    make_tour(&mut rng);
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

// ---------------------------------------------------------------- topic data

/// Per topic: (name, main clauses, follow-up sentences). Clauses are full
/// sentences without the final period. Slots: {C} {C2} country names, {Ca}
/// demonym, {K} capital, {N} small number, {P} percentage, {M} month,
/// {D} weekday.
const TOPIC_TEXT: &[(&str, &[&str], &[&str])] = &[
    ("missile defense", &[
        "{C} completed the installation of a radar and six launchers for its new missile shield",
        "The interceptors are designed to destroy incoming warheads in the final minutes of their flight",
        "Residents near the base in {C} staged a sit-in against the THAAD battery parked on a former golf course",
        "Engineers tested whether the anti-missile system could track several targets at once",
        "The defence ministry in {K} said the new radar could detect launches more than {N}00 kilometres away",
        "{C} signed a contract to buy two more batteries of ground-based interceptors",
        "A test off the coast ended with the target missile shot down over the ocean, the agency said",
        "Critics say the missile defence network could be overwhelmed by a large salvo of cheap rockets",
        "{Ca} lawmakers approved funding to link the country's radars to an allied early-warning network",
        "Trucks carrying launcher parts arrived at the site before dawn under heavy police protection",
        "The system's X-band radar has become the focus of complaints from neighbouring governments",
        "Officials said the battery would be fully operational by {M}",
        "Shooting down a ballistic missile has been compared to hitting a bullet with another bullet",
        "{C} is weighing whether to develop its own layered defence against short-range rockets",
    ], &[
        "The cost of each interceptor is estimated at several million dollars.",
        "Local farmers say the site has disrupted their work.",
        "The radar will be switched on after an environmental review.",
        "Military analysts remain divided on how effective the system would be in a real attack.",
        "A second battery is expected to follow next year.",
        "The ministry did not say how many launchers would be stationed there.",
    ]),
    ("nuclear program", &[
        "Inspectors reported that {C} had enriched uranium to a purity of {P} percent",
        "Satellite images show new construction at a reactor site in the north of {C}",
        "The agency said its cameras at the centrifuge hall had been switched off since {M}",
        "{C} carried out an underground test that registered as a magnitude {N} tremor",
        "Scientists estimate that the country now has enough fissile material for several warheads",
        "Talks on limiting the number of centrifuges resumed in Vienna after a pause of {N} months",
        "The reactor at the heart of the dispute can produce plutonium as a by-product",
        "{Ca} officials insisted the enrichment plant serves only civilian power stations",
        "Inspectors were denied access to a site where traces of processed uranium had been found",
        "A stockpile of highly enriched uranium has grown faster than expected, according to a confidential report",
        "The country announced it would install a new cascade of advanced centrifuges",
        "{C} fired a new intercontinental missile that analysts say could carry a warhead",
        "Experts warned that the breakout time for building a bomb had shrunk to a few weeks",
    ], &[
        "The report will be discussed by the agency's board of governors next week.",
        "Diplomats said a return to the original limits looked increasingly unlikely.",
        "The government denies seeking a weapon.",
        "Seismologists in several countries detected the blast.",
        "Inspectors have asked for an explanation.",
    ]),
    ("sanctions", &[
        "The Treasury froze the assets of {N} companies accused of helping {C} evade restrictions",
        "Exports of advanced chips to {C} now require a special licence",
        "Several banks in {C} were cut off from the international payment messaging system",
        "A price cap on seaborne crude from {C} came into force on {D}",
        "Officials added {N} individuals to the list of people barred from travelling to the bloc",
        "Tankers have been switching off their transponders to avoid scrutiny, investigators said",
        "Restrictions on luxury goods and aircraft parts were extended for another six months",
        "The sanctions committee at the UN reported widespread violations of the coal export ban",
        "{C}'s central bank reserves held abroad remain frozen",
        "Companies face heavy fines if they are caught supplying dual-use goods to blacklisted firms",
        "Shipping data suggest that banned cargoes are being transferred between vessels at sea",
        "The restrictions target oligarchs, defence firms and the state energy company",
        "{C} said the punitive measures had cost its economy billions but failed to change its course",
    ], &[
        "The measures take effect immediately.",
        "Some of the targeted companies have already changed their names.",
        "Enforcement has been uneven, according to investigators.",
        "The list will be reviewed every six months.",
        "Officials said further steps were being prepared.",
    ]),
    ("tariffs", &[
        "Duties of {N} percent will apply to imported washing machines from {M}",
        "{C} raised levies on electric vehicles, steel and solar panels",
        "Importers rushed to bring in goods before the new duties took effect on {D}",
        "Soybean farmers say retaliatory tariffs have wiped out their biggest export market",
        "The price of imported steel rose by {P} percent after the duties were announced",
        "{C} announced a {N} percent tariff on aluminium from abroad",
        "Retailers warned that customers would pay more for toys and electronics as import costs rise",
        "The trade war between the two largest economies entered its third year",
        "Exporters from {C} are shifting assembly lines to third countries to avoid higher duties",
        "Customs officials said revenue from import duties had doubled since {M}",
        "Carmakers asked for exemptions for parts that cross the border several times during production",
        "{C} imposed countervailing duties on wine and barley after a dispute over subsidies",
        "Economists estimate that the levies cost the average household several hundred dollars a year",
    ], &[
        "The duties are due to be reviewed in a year.",
        "Shares of exporters fell on the news.",
        "Business groups called for a negotiated solution.",
        "Officials said the measures comply with trade rules.",
        "The list of affected products runs to more than {N}00 items.",
    ]),
    ("climate agreement", &[
        "Delegates at the climate summit agreed to triple renewable energy capacity by the end of the decade",
        "{C} submitted a new national plan to cut greenhouse gas emissions by {P} percent",
        "Negotiators worked through the night on a text about phasing down coal",
        "The goal of limiting warming to 1.5 degrees Celsius is slipping out of reach, scientists warned",
        "Rich countries have yet to meet a promise of 100 billion dollars a year in climate finance",
        "{C} rejoined the Paris Agreement on its first day under a new government",
        "A loss and damage fund for vulnerable nations was approved on the opening day of the conference",
        "Small island states warned that rising seas threaten their survival",
        "Carbon markets under the accord will let countries trade emission reductions",
        "The final declaration made no mention of oil and gas, disappointing campaigners",
        "{C} pledged to reach net zero emissions by 2050",
        "The summit in {K} ended a day late after disputes over finance",
        "Every country must update its emissions pledges every five years under the treaty",
    ], &[
        "Environmental groups called the outcome a missed opportunity.",
        "The next conference will be held in November.",
        "Negotiators will meet again in Bonn in June.",
        "Scientists say emissions must fall by almost half this decade.",
        "Developing countries want more money for adaptation.",
    ]),
    ("territorial dispute", &[
        "Coast guard vessels from {C} used water cannon against a fishing boat near a contested reef",
        "{C} published a new official map that includes an area also claimed by its neighbour",
        "An international tribunal ruled that the claims had no legal basis",
        "Troops from {C} and {C2} clashed along the disputed frontier high in the mountains",
        "{C} built an airstrip and radar station on an artificial island",
        "Fishermen say they can no longer reach waters their families have worked for generations",
        "Both governments claim sovereignty over the uninhabited islets and the rich fishing grounds around them",
        "Talks on demarcating the border made little progress after {N} rounds",
        "{C} renamed several towns in the contested region, drawing a protest from its neighbour",
        "A referendum on the status of the territory was held without international observers",
        "Warships shadowed each other near the disputed atoll for several days",
        "The border commission will meet in {K} to discuss the line of control",
    ], &[
        "Neither side has shown willingness to compromise.",
        "The area is believed to hold large oil and gas reserves.",
        "Diplomats fear a small incident could escalate quickly.",
        "Fishing crews were ordered to leave the area.",
        "A hotline between the two militaries has been set up.",
    ]),
    ("human rights resolution", &[
        "The Human Rights Council in Geneva adopted the text by a comfortable margin",
        "The resolution calls for an independent investigation into abuses in detention camps",
        "A draft text condemning the treatment of minorities in {C} was put to a vote",
        "Rights groups urged members of the council to support a mandate for a special rapporteur",
        "The General Assembly's third committee adopted a text on arbitrary detention",
        "{C} circulated a draft resolution calling for accountability for abuses against protesters",
        "The text renews the mandate of investigators looking into killings during the conflict",
        "Diplomats said the vote was closer than expected after intense lobbying",
        "The motion to hold a debate on the report was defeated by a narrow margin",
        "Council members are split over whether to name the government responsible for the abuses",
        "Activists welcomed the adoption of the text on freedom of expression",
        "The resolution on rights in {C} passed with a large number of abstentions",
    ], &[
        "The government concerned rejected the text as interference.",
        "The investigators will report back in a year.",
        "Campaigners said the result sends a clear message.",
        "Several delegations explained their votes after the session.",
        "The council's session continues until the end of the month.",
    ]),
    ("migration", &[
        "More than {N} thousand people crossed the Mediterranean in small boats this year",
        "{C} opened new reception centres for asylum seekers near the border",
        "A boat carrying migrants capsized off the coast, and rescuers recovered {N} survivors",
        "Interior ministers agreed on a system to share responsibility for new arrivals",
        "{C} will process asylum claims in offshore centres under a new agreement",
        "Border guards reported a sharp rise in crossings through the forest",
        "Applications for asylum reached their highest level since 2016",
        "Charities say migrants are being pushed back at sea without their claims being heard",
        "{C} signed a deal to return people whose asylum applications were rejected",
        "Refugees from the conflict have overwhelmed camps in neighbouring countries",
        "The government plans to speed up deportations and tighten family reunion rules",
        "Remittances sent home by workers abroad account for a large share of {C}'s economy",
        "Seasonal workers from {C} will be granted new visas under the scheme",
    ], &[
        "Human rights groups criticised the plan.",
        "The number of arrivals usually rises in the summer months.",
        "Officials say the system is under severe strain.",
        "The rules will be reviewed next year.",
        "Local authorities asked for more funding.",
    ]),
    ("pipelines", &[
        "Gas started flowing through the new link under the Black Sea",
        "Underwater explosions damaged both strings of the Nord Stream line",
        "Construction crews laid the final section of pipe across the river",
        "{C} approved a route for a {N}00-kilometre line to carry gas to the coast",
        "Transit fees for gas crossing {C} bring in more than a billion dollars a year",
        "Environmental groups challenged the permit for the oil line in court",
        "The operator said throughput had reached full capacity of {N} billion cubic metres a year",
        "{C} and {C2} signed an agreement to build a gas interconnector",
        "Indigenous groups blocked access roads to the construction site for weeks",
        "A leak from the crude line spilled thousands of barrels onto farmland",
        "The project was suspended after its certification was halted",
        "Engineers said the link would reduce dependence on tankers for liquefied gas",
    ], &[
        "The operator said repairs could take months.",
        "The company has not disclosed the cost.",
        "Energy prices rose on the news.",
        "Investors include several European utilities.",
        "Regulators are expected to rule by the end of the year.",
    ]),
    ("arms sales", &[
        "The State Department approved the sale of {N} fighter jets and spare parts",
        "{C} agreed to buy air defence batteries worth several billion dollars",
        "Congress was notified of a proposed package of missiles and radars for {C}",
        "Exports of weapons from {C} rose by {P} percent over five years, a research institute said",
        "The government suspended export licences for military equipment to the region",
        "Submarines, frigates and helicopters are included in the deal",
        "{C} became the world's second-largest weapons exporter",
        "The defence contractor won an order for {N} armoured vehicles",
        "Lawmakers sought to block the transfer of precision-guided bombs",
        "A deal for tanks was signed during the president's visit to {K}",
        "Shipments of artillery shells were delayed by production bottlenecks",
        "The sale includes training for pilots and maintenance crews",
    ], &[
        "Deliveries are expected to begin in two years.",
        "The contract includes an option for further purchases.",
        "Rights groups called for the deal to be halted.",
        "The company's shares rose after the announcement.",
        "Details of the financing were not disclosed.",
    ]),
    ("peacekeeping", &[
        "The Security Council extended the mission's mandate for another year",
        "{N} blue helmets were wounded when their convoy hit a roadside bomb",
        "{C} will send an infantry battalion to join the UN force",
        "The mission has been criticised for failing to protect civilians in the east",
        "Troops under UN command patrol the buffer zone between the two sides",
        "The force will be reduced by {N}00 soldiers as part of a gradual withdrawal",
        "A UN base was attacked by armed men overnight",
        "{C} is one of the biggest contributors of troops to UN operations",
        "The government asked the international force to leave by the end of the year",
        "Budget cuts have forced missions to close bases and reduce patrols",
        "An African Union force will take over security duties from the UN",
        "Military observers will monitor the ceasefire line",
    ], &[
        "The mission was established more than a decade ago.",
        "An investigation into the attack is under way.",
        "The Council will review the force in six months.",
        "Local residents fear a security vacuum.",
        "Contributing countries want clearer rules of engagement.",
    ]),
    ("public health", &[
        "Health authorities reported {N} new cases of cholera in the past week",
        "A measles outbreak has spread to several districts, prompting a vaccination drive",
        "Member states agreed on rules for sharing pathogen samples and vaccine doses",
        "Hospitals in {C} were told to prepare for a surge in respiratory infections",
        "The World Health Organization declared the outbreak a global emergency",
        "Vaccination rates among children fell during the pandemic and have not recovered",
        "{C} donated {N} million doses to countries in Africa",
        "Scientists are tracking a new variant that appears to spread faster",
        "Malaria deaths rose after funding for bed nets was cut",
        "The ministry launched a campaign against smoking among teenagers",
        "Doctors warned that antibiotic resistance could kill millions by 2050",
        "A mobile clinic programme reached {N} thousand people in remote villages",
        "Health ministers met in {K} to discuss preparedness for the next pandemic",
    ], &[
        "Officials urged people to get vaccinated.",
        "The outbreak is expected to peak next month.",
        "Aid groups say more funding is needed.",
        "Testing has been expanded to rural areas.",
        "The health ministry will publish weekly figures.",
    ]),
    ("cyber security", &[
        "Hackers encrypted hospital systems and demanded a ransom in cryptocurrency",
        "Investigators linked the intrusion to a group working for {Ca} military intelligence",
        "A flaw in widely used software left thousands of servers open to attack",
        "The power grid in {C} was briefly knocked out by malicious code",
        "Officials said stolen data included the personal details of {N} million people",
        "Companies must report serious breaches within 72 hours under the new rules",
        "A phishing campaign targeted ministries and embassies across Europe",
        "{C} set up a cyber command to protect critical infrastructure",
        "Security researchers discovered spyware on the phones of journalists",
        "Negotiators at the UN debated rules for state behaviour online",
        "The attack on the pipeline operator forced it to shut down fuel deliveries",
        "Banks in {C} were hit by a wave of denial-of-service attacks",
    ], &[
        "The company said it had restored most of its systems.",
        "No group has claimed responsibility.",
        "Users were urged to update their software.",
        "Investigators are still assessing the damage.",
        "The agency issued an urgent warning to businesses.",
    ]),
    ("space", &[
        "A rocket carrying a lunar lander lifted off from the launch pad before dawn",
        "{C} became the fifth country to land a probe softly on the Moon",
        "Astronauts completed a six-hour spacewalk to install new solar panels",
        "{C}'s space agency unveiled plans for a crewed mission to the lunar south pole",
        "A destructive missile test left a cloud of debris threatening satellites in orbit",
        "The new space station module docked successfully on {D}",
        "Engineers lost contact with the rover during its descent",
        "{C} and {C2} agreed to cooperate on a research base on the Moon",
        "A reusable booster landed back on its platform minutes after lift-off",
        "The telescope sent back its first images of distant galaxies",
        "{C} launched its first astronaut into orbit",
        "Regulators are struggling to keep up with the number of satellites being launched",
    ], &[
        "The mission is expected to last two weeks.",
        "Scientists hope to find water ice in shadowed craters.",
        "The launch had been delayed twice by bad weather.",
        "Live footage of the landing was watched by millions.",
        "The agency plans a crewed flight within five years.",
    ]),
    ("elections", &[
        "Voters in {C} went to the polls on {D} to choose a new parliament",
        "Turnout reached {P} percent, the highest in two decades",
        "Opposition candidates accused the ruling party of stuffing ballot boxes",
        "Exit polls suggested the incumbent would fall short of a majority",
        "Long queues formed outside polling stations in the capital",
        "The electoral commission said counting would take several days",
        "International observers reported irregularities in several districts",
        "The runoff between the two leading candidates is scheduled for {M}",
        "{C}'s president conceded defeat and congratulated the winner",
        "Young voters turned out in large numbers, according to the commission",
        "A court ordered a recount in {N} constituencies",
        "The campaign was marked by disinformation spread on social media",
        "Polls opened at seven in the morning amid tight security in {K}",
        "The main opposition party boycotted the vote, calling it a sham",
    ], &[
        "Official results are expected next week.",
        "Protesters gathered outside the electoral commission.",
        "The new parliament will convene in a month.",
        "Several candidates were barred from standing.",
        "Analysts expect lengthy coalition talks.",
    ]),
    ("trade agreement", &[
        "Negotiators concluded talks on a deal that removes duties on most goods",
        "{C} and {C2} signed an agreement to cut tariffs on farm products",
        "The pact creates the world's largest free trade area by population",
        "Lawmakers in {C} ratified the deal after months of debate",
        "Farmers fear that cheaper beef imports under the accord will drive them out of business",
        "The partnership includes chapters on labour rights and the environment",
        "{C} applied to join the Pacific trade bloc",
        "Talks stalled over access to the services market and rules on public procurement",
        "The agreement will phase out {P} percent of tariffs over ten years",
        "Businesses welcomed simpler rules of origin under the new deal",
        "Ministers from {N} countries gathered in {K} for the signing ceremony",
        "Car exports are expected to rise once the deal enters into force",
    ], &[
        "The deal still needs approval from parliament.",
        "Some provisions take effect immediately.",
        "Critics say the benefits will be modest.",
        "Negotiations took more than a decade.",
        "Industry groups called the deal a breakthrough.",
    ]),
    ("military exercises", &[
        "Thousands of troops took part in drills simulating an amphibious landing",
        "Warships from {C} and {C2} began joint manoeuvres in the western Pacific",
        "Bombers flew over the sea as part of annual exercises",
        "The army staged live-fire artillery practice near the border",
        "{C} said {N} thousand soldiers would join the week-long manoeuvres",
        "Fighter jets practised landing on a highway converted into a runway",
        "The navy held anti-submarine exercises off the coast",
        "Paratroopers from {C} dropped onto a training ground during the war games",
        "The exercise tested how quickly reinforcements could be moved across the continent",
        "Tanks and rocket launchers were filmed moving towards the training ranges",
        "Allied forces rehearsed the defence of ports and airfields",
        "The exercise will run until the end of {M}",
    ], &[
        "The defence ministry said the drills were routine.",
        "Neighbouring countries were informed in advance.",
        "Fishing boats were warned to avoid the area.",
        "Observers from several countries were invited.",
        "The exercise is held every year.",
    ]),
    ("other", &[
        "The home side scored twice in the final ten minutes to win the cup final",
        "The striker signed a four-year contract with the club for an undisclosed fee",
        "The company reported a {P} percent rise in quarterly profit, beating forecasts",
        "Shares in the retailer fell after it cut its sales outlook for the year",
        "The central bank left interest rates unchanged at its meeting on {D}",
        "Heavy rain is expected across the south, with flood warnings in place until {D}",
        "Temperatures will climb above 35 degrees Celsius later this week",
        "The new smartphone has a larger battery and a faster camera",
        "The tech firm unveiled a laptop aimed at students",
        "Police arrested two men after a jewellery shop was robbed in the city centre",
        "A court sentenced the former mayor to {N} years in prison for fraud",
        "The film won the top prize at the festival",
        "The museum reopened after a renovation that took {N} years",
        "The band announced a world tour starting in {M}",
        "The marathon attracted more than {N} thousand runners",
        "The airline ordered {N} new aircraft to expand its fleet",
        "Oil prices edged higher as traders awaited inventory data",
        "The novel, her third, tells the story of a family of fishermen",
        "The coach was sacked after a run of {N} defeats",
        "The bridge will be closed for repairs for six weeks",
        "Fire crews brought a warehouse blaze under control after several hours",
        "The carmaker recalled thousands of vehicles over a braking fault",
        "Tourist numbers in {C} returned to pre-pandemic levels",
        "The tennis champion withdrew from the tournament with a wrist injury",
        "A new exhibition of impressionist paintings opened at the national gallery",
        "Inflation slowed to {N} percent in {M}, official data showed",
        "The start-up raised {N} million dollars in its latest funding round",
        "Snowfall closed several mountain passes overnight",
        "The chef opened a second restaurant in the old harbour",
        "Detectives are appealing for witnesses after a hit-and-run on {D}",
        "The streaming service added millions of subscribers in the quarter",
        "The national team qualified for the World Cup with a draw",
        "The video game sold {N} million copies in its first week",
        "A heatwave pushed electricity demand to a record",
        "The bakery chain plans to open {N} new stores next year",
        "Archaeologists uncovered a Roman villa beneath a car park",
    ], &[
        "Tickets go on sale next week.",
        "The company will publish full results in {M}.",
        "Forecasters expect conditions to improve by the weekend.",
        "Analysts had expected a smaller increase.",
        "The investigation is continuing.",
        "Fans celebrated late into the night.",
        "The price has not yet been announced.",
    ]),
];

const MONTHS: &[&str] = &["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// Sentence frames around a main clause `{S}`.
const FRAMES: &[&str] = &[
    "{S}.", "{S}.", "{S}.", "{S}, officials said.", "{S}, according to a statement.",
    "{S}, the ministry said on {D}.", "{S}, local media reported.", "{S}, sources said.",
    "{S}, a spokesperson confirmed.", "{S}, reports said on {D}.",
];

fn fill_topic_text(rng: &mut Rng, cs: &[Country], s: &str) -> String {
    let c1 = rng.below(cs.len());
    let mut c2 = rng.below(cs.len());
    while c2 == c1 {
        c2 = rng.below(cs.len());
    }
    let (c1, c2) = (&cs[c1], &cs[c2]);
    let n = 2 + rng.below(38);
    let pc = 30 + rng.below(55);
    s.replace("{C2}", c2.forms[0])
        .replace("{Ca}", c1.adj[0])
        .replace("{C}", c1.forms[0])
        .replace("{K}", &capital_or_name(c1))
        .replace("{N}", &n.to_string())
        .replace("{P}", &pc.to_string())
        .replace("{M}", *rng.pick(MONTHS))
        .replace("{D}", *rng.pick(DAYS))
}

fn make_topics(rng: &mut Rng) {
    let cs = countries();
    let mut seen = BTreeSet::new();
    let mut rows: Vec<(String, &str)> = Vec::new();
    for (topic, clauses, follow) in TOPIC_TEXT {
        let want = if *topic == "other" { 300 } else { 95 };
        let mut got = 0;
        let mut tries = 0;
        while got < want && tries < 10_000 {
            tries += 1;
            let clause = *rng.pick(*clauses);
            let frame = rng.pick(FRAMES);
            let mut text = frame.replace("{S}", clause);
            if rng.chance(0.45) {
                text.push(' ');
                text.push_str(*rng.pick(*follow));
            }
            let text = capitalize(&fill_topic_text(rng, &cs, &text));
            if seen.insert(text.clone()) {
                rows.push((text, topic));
                got += 1;
            }
        }
    }
    rng.shuffle(&mut rows);
    let mut out = String::from("id,text,topic\n");
    let mut by_topic: BTreeMap<String, usize> = BTreeMap::new();
    for (i, (text, topic)) in rows.iter().enumerate() {
        out.push_str(&csv_line(&[&format!("t{:05}", i + 1), text, topic]));
        *by_topic.entry(topic.to_string()).or_default() += 1;
    }
    fs::write("datasets/topics/train.csv", out).unwrap();
    print_counts("topics", &by_topic);
}

// ---------------------------------------------------------------- tour data

/// (target, ways to name it, reasons for, reasons against, neutral statements)
const TOUR: &[(&str, &[&str], &[&str], &[&str], &[&str])] = &[
    ("Carbon tax",
     &["a carbon tax", "the carbon tax", "carbon pricing", "a tax on carbon"],
     &[
        "it makes polluters pay for the damage they cause",
        "a clear price on emissions is the cheapest way to cut them",
        "the revenue can be handed back to households as a dividend",
        "it rewards companies that invest in clean technology",
        "markets respond faster to prices than to regulations",
        "it lets every business find its own way to cut emissions",
        "leaving pollution free is a hidden subsidy for fossil fuels",
        "the countries that tried it cut emissions without wrecking growth",
        "our children will pay far more if we keep waiting",
        "it is simpler than a thousand separate rules",
     ],
     &[
        "it hits poor families and rural drivers hardest",
        "it drives factories and jobs to countries without one",
        "heating bills are already high enough",
        "governments always find a way to spend the money on something else",
        "it punishes people who have no alternative to driving",
        "it does nothing if big emitters abroad keep burning coal",
        "small businesses cannot absorb yet another cost",
        "it raises the price of food and everything that is transported",
        "the rebate cheques never fully cover what people lose",
        "farmers have no low-carbon tractor to switch to",
     ],
     &[
        "The carbon tax rises by a fixed amount every April",
        "Parliament will debate carbon pricing next week",
        "Several provinces introduced a carbon tax in 2019",
        "Economists disagree about how high a carbon price should be",
        "The finance ministry published figures on carbon tax revenue",
        "A carbon tax is charged per tonne of carbon dioxide emitted",
        "The committee heard evidence from three experts on carbon pricing",
        "I am still reading up on the carbon tax before I decide",
     ]),
    ("Nuclear power",
     &["nuclear power", "nuclear energy", "new reactors", "atomic energy"],
     &[
        "it produces huge amounts of electricity with almost no emissions",
        "reactors run day and night regardless of the weather",
        "modern plants are among the safest sources of energy per unit produced",
        "it needs very little land compared with wind or solar farms",
        "it keeps the grid stable when renewables dip",
        "countries that built reactors decarbonised their power sector quickly",
        "closing working plants just means burning more gas",
        "the fuel is cheap and can be stockpiled for years",
        "it gives us energy independence from unstable suppliers",
        "new small reactors can be built in factories",
     ],
     &[
        "nobody has solved the problem of storing the waste for thousands of years",
        "new plants always run years late and billions over budget",
        "one accident can make a whole region uninhabitable",
        "the money would go much further on wind and solar",
        "reactors are tempting targets in a war",
        "uranium mining damages land and water",
        "it takes too long to build when the climate crisis needs action now",
        "the industry has a long record of hiding problems",
        "decommissioning old plants costs a fortune that taxpayers end up paying",
        "it ties us to a centralised grid controlled by a few firms",
     ],
     &[
        "The country has four nuclear power stations",
        "The regulator is reviewing the licence for the oldest reactor",
        "Nuclear energy supplied about a fifth of the electricity last year",
        "A public consultation on new reactors closes in March",
        "The plant will be offline for refuelling for six weeks",
        "Engineers explained how a pressurised water reactor works",
        "The documentary looks at the history of nuclear power",
        "I have mixed feelings about nuclear energy and need more facts",
     ]),
    ("Free trade",
     &["free trade", "open trade", "lower tariffs", "free trade deals"],
     &[
        "it makes everyday goods cheaper for ordinary families",
        "exporters gain access to much bigger markets",
        "competition forces companies to innovate",
        "poorer countries have grown rich by trading with the world",
        "it lets each country specialise in what it does best",
        "consumers get more choice in the shops",
        "trading partners are less likely to go to war with each other",
        "protectionism only shields inefficient firms",
        "small firms can sell online to customers anywhere",
        "farm exporters depend on open markets",
     ],
     &[
        "it ships good factory jobs overseas",
        "local farmers cannot compete with subsidised imports",
        "it lets multinationals play workers in different countries against each other",
        "cheap imports often come from factories with terrible conditions",
        "it weakens environmental standards in a race to the bottom",
        "whole towns were hollowed out when the factories closed",
        "we should not depend on rivals for essential goods",
        "the gains go to shareholders while workers take the losses",
        "trade deals let corporations sue governments in private courts",
        "strategic industries need protection to survive",
     ],
     &[
        "The trade talks resume in Geneva on Monday",
        "Exports rose by three percent last quarter",
        "The agreement covers goods, services and investment",
        "Economists published a new study on free trade and wages",
        "The chamber of commerce held a seminar on trade rules",
        "Tariffs on bicycles were changed at the start of the year",
        "The podcast explains how free trade agreements are negotiated",
        "I honestly don't know enough about free trade to take a side",
     ]),
];

const FAVOR_FRAMES: &[&str] = &[
    "I support {t} because {r}.",
    "{T} is the right call: {r}.",
    "We need {t} now, since {r}.",
    "Honestly, {t} is a good idea because {r}.",
    "Count me in favour of {t}; {r}.",
    "{R}, which is why {t} deserves our support.",
    "Anyone who cares about the future should back {t}: {r}.",
    "Bring on {t}. {R}.",
];

const AGAINST_FRAMES: &[&str] = &[
    "I oppose {t} because {r}.",
    "{T} is a bad idea: {r}.",
    "Scrap {t}; {r}.",
    "{R}, so {t} should be dropped.",
    "I'm against {t} since {r}.",
    "Nobody should back {t} when {r}.",
    "Say no to {t}. {R}.",
    "The case for {t} falls apart once you admit that {r}.",
];

fn make_tour(rng: &mut Rng) {
    let mut rows: Vec<(String, &str, &str)> = Vec::new();
    let mut seen = BTreeSet::new();
    for (target, names, pro, con, neutral) in TOUR {
        for (label, reasons, frames, want) in [("FAVOR", *pro, FAVOR_FRAMES, 26), ("AGAINST", *con, AGAINST_FRAMES, 26)] {
            let mut got = 0;
            // every reason appears at least twice with different frames
            let mut k = 0;
            while got < want {
                let r = reasons[k % reasons.len()];
                k += 1;
                let f = *rng.pick(frames);
                let t = if f.contains("{T}") || f.contains("} is ") { *rng.pick(&names[..2]) } else { *rng.pick(*names) };
                let text = f
                    .replace("{t}", t)
                    .replace("{T}", &capitalize(t))
                    .replace("{r}", r)
                    .replace("{R}", &capitalize(r));
                if seen.insert(text.clone()) {
                    rows.push((text, target, label));
                    got += 1;
                }
            }
        }
        for n in *neutral {
            rows.push((format!("{n}."), target, "NONE"));
        }
        for extra in ["What do you think about {t}?", "There was a long radio debate about {t} this morning.", "My class is writing essays on {t}.", "The newspaper ran a special section on {t}."] {
            let t = *rng.pick(*names);
            rows.push((capitalize(&extra.replace("{t}", t)), target, "NONE"));
        }
    }
    rng.shuffle(&mut rows);
    let mut out = String::from("id,text,target,stance\n");
    let mut by: BTreeMap<String, usize> = BTreeMap::new();
    for (i, (text, target, label)) in rows.iter().enumerate() {
        out.push_str(&csv_line(&[&format!("r{:04}", i + 1), text, target, label]));
        *by.entry(format!("{target} / {label}")).or_default() += 1;
    }
    fs::write("datasets/tour/sentences.csv", out).unwrap();
    print_counts("tour", &by);
    let new: &[(&str, &str)] = &[
        ("A carbon tax is the fairest way to make heavy polluters change.", "Carbon tax"),
        ("The carbon tax will push my fuel bill up again and I can't afford it.", "Carbon tax"),
        ("The carbon levy was raised to 80 dollars a tonne this year.", "Carbon tax"),
        ("Putting a price on carbon works; the evidence is overwhelming.", "Carbon tax"),
        ("Farmers here say the carbon tax is crushing them.", "Carbon tax"),
        ("Building new reactors is the only realistic way to cut emissions fast.", "Nuclear power"),
        ("I don't want a nuclear plant anywhere near my town.", "Nuclear power"),
        ("The reactor will restart after maintenance next month.", "Nuclear power"),
        ("Shutting down safe nuclear plants was a huge mistake.", "Nuclear power"),
        ("Nuclear waste will outlive every government that promises to manage it.", "Nuclear power"),
        ("Open markets made our exporters stronger than ever.", "Free trade"),
        ("This trade deal will destroy what is left of our steel industry.", "Free trade"),
        ("Ministers will sign the trade agreement on Thursday.", "Free trade"),
        ("Cheaper imports mean families can stretch their wages further.", "Free trade"),
        ("Free trade has been a disaster for manufacturing towns.", "Free trade"),
        ("I'm glad the government is finally taxing carbon emissions.", "Carbon tax"),
        ("Wind and solar are cheaper, so why waste money on nuclear?", "Nuclear power"),
        ("The lecture covered the history of tariffs since 1900.", "Free trade"),
        ("Nuclear energy kept the lights on during the cold snap.", "Nuclear power"),
        ("The carbon tax debate will continue in parliament tomorrow.", "Carbon tax"),
    ];
    let mut out = String::from("id,text,target\n");
    for (i, (text, target)) in new.iter().enumerate() {
        out.push_str(&csv_line(&[&format!("n{:03}", i + 1), text, target]));
    }
    fs::write("datasets/tour/new.csv", out).unwrap();
}
