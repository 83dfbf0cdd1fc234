//! The content types: each type's own front-matter fields, parsed with the
//! common ones, and the checks serde cannot make (required sources, code
//! shapes, photo paths). Pure; no I/O.
//!
//! Longer than the ~400-line bound: each content type's fields and its own checks
//! sit side by side, so a type reads as one block.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::front_matter::{self, Common, ContentType, FrontMatter, Split, front_matter};
use crate::source::SourceFile;

front_matter! {
    /// A generic page: only the common fields.
    pub struct PageFront => PageFields {}
}

front_matter! {
    /// A destination country.
    pub struct CountryFront => Country {
        /// The ISO 3166-1 alpha-2 code: two capital letters, such as `KR`.
        #[schemars(regex(pattern = r"^[A-Z]{2}$"))]
        iso: String,
        /// The capital city.
        #[serde(default)]
        capital: Option<String>,
        /// The currency, such as `Won (KRW)`.
        #[serde(default)]
        currency: Option<String>,
        /// The legal ways in for Indonesian workers (at least one).
        #[schemars(length(min = 1))]
        programmes: Vec<Programme>,
        /// Wage figures, each with when and where it comes from.
        #[serde(default)]
        wages: Vec<Wage>,
        /// Who may place workers there (plain text, one entry each).
        #[serde(default)]
        placement: Vec<String>,
        /// The Indonesian embassy or consulate.
        #[serde(default)]
        mission: Option<Mission>,
        /// "Before you go": what to have done or ready (plain text, one entry each).
        #[serde(default)]
        checklist: Vec<String>,
    }
}

/// A way for Indonesian workers into a country.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    /// The programme's name, such as `EPS (Employment Permit System)`.
    pub name: String,
    /// Who places workers under it.
    pub scheme: Scheme,
    /// The sectors it covers, such as `manufaktur`.
    #[serde(default)]
    pub sectors: Vec<String>,
    /// The language page, as a link to its file: `../languages/korean.md`.
    #[serde(default)]
    pub language: Option<String>,
    /// The typical contract length, such as `3 tahun`.
    #[serde(default)]
    pub contract: Option<String>,
    /// Anything else worth knowing, in one or two sentences.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Who places workers under a programme (UU 18/2017).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    /// The state, under an agreement with another government (G to G).
    G2g,
    /// The state, under an agreement with an employer abroad (G to P).
    G2p,
    /// A licensed placement company (P to P).
    P2p,
    /// A company for its own workers.
    Employer,
    /// The worker alone.
    Independent,
}

/// A wage figure, with when and where it comes from: written out, or taken
/// from a money fact of the site's data (`fact: hk_min_wage`), which fills in
/// everything but `note` when the file is loaded.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Wage {
    /// A money fact of `data/facts.yaml` to take the figure from, instead of
    /// `amount`, `currency`, `period`, `as_of` and `source`.
    #[serde(default, skip_serializing)]
    pub fact: Option<String>,
    /// The amount, a plain positive number such as `2060780`.
    #[serde(default)]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub amount: Option<f64>,
    /// The currency code, such as `KRW`.
    #[serde(default)]
    pub currency: Option<String>,
    /// The time the amount is paid for.
    #[serde(default)]
    pub period: Option<Period>,
    /// The day the figure applies from, YYYY-MM-DD.
    #[serde(default)]
    pub as_of: Option<crate::date::Date>,
    /// Where the figure comes from, such as `Ministry of Employment and Labor, 2025`.
    #[serde(default)]
    pub source: Option<String>,
    /// What the figure is, such as `minimum wage`.
    #[serde(default)]
    pub note: Option<String>,
    /// A fact's amount as its language writes it (`RM1.700`), filled in with the fact.
    #[serde(skip_deserializing)]
    #[schemars(skip)]
    pub shown: Option<String>,
    /// A fact's as-of date in words, no more precise than its source
    /// (`Desember 2025`), filled in with the fact.
    #[serde(skip_deserializing)]
    #[schemars(skip)]
    pub as_of_shown: Option<String>,
}

/// The time a wage is paid for.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Per hour.
    Hour,
    /// Per day.
    Day,
    /// Per week.
    Week,
    /// Per month.
    Month,
    /// Per year.
    Year,
}

/// The Indonesian mission (embassy or consulate) in a country.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mission {
    /// The mission's name, such as `KBRI Seoul`.
    pub name: String,
    /// Its street address.
    #[serde(default)]
    pub address: Option<String>,
    /// Its telephone number, with the country code.
    #[serde(default)]
    pub phone: Option<String>,
    /// Its e-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// Its website.
    #[serde(default)]
    #[schemars(regex(pattern = crate::front_matter::patterns::WEB_URL))]
    pub url: Option<String>,
}

front_matter! {
    /// A procedure: ordered steps.
    pub struct ProcedureFront => Procedure {
        /// What a reader needs to know first, shown in a box that opens the page.
        #[serde(default)]
        summary: Option<Summary>,
        /// The steps, in order; rendered as a numbered list after an overview of their titles.
        #[serde(default)]
        steps: Vec<Step>,
        /// The Markdown body comes before the steps: for a page whose point is in
        /// its text, such as the signs of an illegal recruiter.
        #[serde(default)]
        body_first: bool,
    }
}

/// A procedure at a glance: each part optional, shown in this order.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// What you need before you start: documents, age, conditions.
    #[serde(default)]
    pub need: Vec<String>,
    /// How long it takes.
    #[serde(default)]
    pub time: Option<String>,
    /// What it costs.
    #[serde(default)]
    pub cost: Option<String>,
    /// Who to ask.
    #[serde(default)]
    pub ask: Option<String>,
}

/// One step of a procedure.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The step's name, such as `Daftar di Disnaker`.
    pub title: String,
    /// What happens in this step.
    pub what: String,
    /// A shorter `what` for printed leaflets, where room is scarce.
    #[serde(default)]
    pub short: Option<String>,
    /// Who does it.
    #[serde(default)]
    pub who: Option<String>,
    /// Where it happens.
    #[serde(default, rename = "where")]
    pub place: Option<String>,
    /// The documents to bring, such as `KTP`.
    #[serde(default)]
    pub documents: Vec<String>,
    /// What it costs.
    #[serde(default)]
    pub cost: Option<String>,
}

front_matter! {
    /// A language requirement: its tests and where to learn.
    pub struct LanguageFront => Language {
        /// The language's name, such as `Korean`.
        language: String,
        /// The tests that certify it.
        #[serde(default)]
        tests: Vec<LanguageTest>,
        /// Where to learn it.
        #[serde(default)]
        learn: Vec<Learn>,
    }
}

/// A language test.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageTest {
    /// The test's name, such as `EPS-TOPIK`.
    pub name: String,
    /// The levels or scores it reports.
    #[serde(default)]
    pub levels: Option<String>,
    /// Which programme needs which level.
    #[serde(default)]
    pub required_for: Vec<Requirement>,
    /// What the test is like: parts, length, on paper or computer.
    #[serde(default)]
    pub format: Option<String>,
    /// The score needed to pass.
    #[serde(default)]
    pub pass_mark: Option<String>,
    /// Where to sit it.
    #[serde(default, rename = "where")]
    pub place: Option<String>,
    /// The test's official page.
    #[serde(default)]
    #[schemars(regex(pattern = crate::front_matter::patterns::WEB_URL))]
    pub url: Option<String>,
}

/// The level a programme needs in a test.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// The programme, such as `EPS (South Korea)`.
    pub programme: String,
    /// The level it needs, such as `pass` or `N4`.
    pub level: String,
}

/// A place to learn a language.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Learn {
    /// The place or course, such as `BLK / LPK`.
    pub name: String,
    /// What to know about it.
    #[serde(default)]
    pub note: Option<String>,
    /// Its website.
    #[serde(default)]
    #[schemars(regex(pattern = crate::front_matter::patterns::WEB_URL))]
    pub url: Option<String>,
}

front_matter! {
    /// An event report.
    pub struct EventFront => Event {
        /// Where it took place, such as `Bontang, Kalimantan Timur`.
        place: String,
        /// Who organised it (at least one).
        #[schemars(length(min = 1))]
        organisers: Vec<String>,
        /// Who took part in organising it.
        #[serde(default)]
        partners: Vec<String>,
        /// Who spoke, each with a name and role.
        #[serde(default)]
        speakers: Vec<Speaker>,
        /// Who came, such as `about 200 job seekers`.
        #[serde(default)]
        participants: Option<String>,
        /// One or two sentences on what it was.
        #[serde(default)]
        summary: Option<String>,
        /// Photos: files beside the page's Markdown file.
        #[serde(default)]
        photos: Vec<Photo>,
    }
}

/// A speaker at an event.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Speaker {
    /// The speaker's name.
    pub name: String,
    /// Their role or office.
    pub role: String,
}

/// A photo of an event.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Photo {
    /// A file beside the page's Markdown file, such as `opening.jpg` or `photos/opening.jpg`.
    #[schemars(regex(pattern = crate::front_matter::patterns::PHOTO_PATH))]
    pub src: String,
    /// What the photo shows, for readers who cannot see it (not empty).
    #[schemars(regex(pattern = crate::front_matter::patterns::NOT_BLANK))]
    pub alt: String,
    /// A caption under the photo.
    #[serde(default)]
    pub caption: Option<String>,
}

front_matter! {
    /// A leaflet: chosen pages bound into one printable booklet.
    pub struct LeafletFront => Leaflet {
        /// The pages to include, as links to their files, in order (at least one).
        #[schemars(length(min = 1))]
        pages: Vec<String>,
        /// The paper it prints on; the site's `paper` when not given.
        #[serde(default)]
        paper: Option<crate::config::Paper>,
        /// Cover text under the title.
        #[serde(default)]
        subtitle: Option<String>,
        /// The event it is handed out at.
        #[serde(default)]
        event: Option<String>,
    }
}

/// A page's own fields, by type.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Typed {
    Page(PageFields),
    Country(Country),
    Procedure(Procedure),
    Language(Language),
    Event(Event),
    Leaflet(Leaflet),
}

impl Typed {
    pub fn country(&self) -> Option<&Country> {
        match self {
            Typed::Country(c) => Some(c),
            _ => None,
        }
    }

    /// The ids the theme gives the elements of these fields, which links may
    /// name: `step-1` … for a procedure's steps.
    /// The parts of a page of this type that a leaflet can bind by name
    /// (`x.md#steps`), in the order the theme shows them; the type's compact
    /// part when a leaflet names none (see `docs/content-types.md`).
    pub fn part_names(&self) -> Vec<&'static str> {
        match self {
            Typed::Procedure(_) => vec!["steps"],
            Typed::Country(_) => vec!["facts", "programmes", "placement", "wages", "checklist"],
            Typed::Language(_) => vec!["tests", "learn"],
            Typed::Event(_) => vec!["facts"],
            Typed::Page(_) | Typed::Leaflet(_) => Vec::new(),
        }
    }

    /// Whether the page's own page shows its body before its typed parts.
    pub fn body_first(&self) -> bool {
        matches!(self, Typed::Procedure(p) if p.body_first)
    }

    pub fn element_ids(&self) -> Vec<String> {
        match self {
            Typed::Procedure(p) => (1..=p.steps.len()).map(|n| format!("step-{n}")).collect(),
            _ => Vec::new(),
        }
    }

    /// The fields that link out to web pages: a mission's, a test's or a
    /// place to learn's `url` (a page's `sources` are common to every type).
    pub fn urls(&self) -> Vec<&str> {
        let urls: Vec<&Option<String>> = match self {
            Typed::Country(c) => c.mission.iter().map(|m| &m.url).collect(),
            Typed::Language(l) => {
                let tests = l.tests.iter().map(|t| &t.url);
                tests.chain(l.learn.iter().map(|l| &l.url)).collect()
            }
            Typed::Page(_) | Typed::Procedure(_) | Typed::Event(_) | Typed::Leaflet(_) => {
                Vec::new()
            }
        };
        urls.into_iter().filter_map(Option::as_deref).collect()
    }

    pub fn leaflet(&self) -> Option<&Leaflet> {
        match self {
            Typed::Leaflet(l) => Some(l),
            _ => None,
        }
    }

    pub fn event(&self) -> Option<&Event> {
        match self {
            Typed::Event(e) => Some(e),
            _ => None,
        }
    }
}

/// A wage is a money fact, or written out in full with a positive amount.
fn check_wage(file: &SourceFile, split: &Split, wage: &Wage, n: usize) -> Option<Diagnostic> {
    if wage.fact.is_some() {
        let written = [
            ("amount", wage.amount.is_some()),
            ("currency", wage.currency.is_some()),
            ("period", wage.period.is_some()),
            ("as_of", wage.as_of.is_some()),
            ("source", wage.source.is_some()),
        ];
        let (key, _) = written.iter().find(|(_, set)| *set)?;
        return Some(
            Diagnostic::error(format!(
                "a wage with `fact:` takes its `{key}` from the fact"
            ))
            .at(
                file,
                front_matter::locate_text(file, split, &format!("{key}:")),
            )
            .help(format!(
                "remove `{key}:` here, or change the fact in `data/facts.yaml`"
            )),
        );
    }
    let missing = [
        ("amount", wage.amount.is_none()),
        ("currency", wage.currency.is_none()),
        ("period", wage.period.is_none()),
        ("as_of", wage.as_of.is_none()),
        ("source", wage.source.is_none()),
    ];
    if let Some((key, _)) = missing.iter().find(|(_, m)| *m) {
        let at = front_matter::locate_entry(file, split, "wages", n);
        return Some(
            Diagnostic::error(format!("a wage needs `{key}`, or `fact:` naming a money fact"))
                .at(file, at)
                .help("write `amount`, `currency`, `period`, `as_of` and `source`, or `- fact: name` for a money fact of `data/facts.yaml`"),
        );
    }
    let amount = wage.amount?;
    (!(amount.is_finite() && amount > 0.0)).then(|| {
        Diagnostic::error(format!(
            "the wage amount `{amount}` is not a positive number"
        ))
        .at(
            file,
            front_matter::locate_text(file, split, &amount.to_string()),
        )
        .help("write the amount as a plain number, such as `2060780`")
    })
}

/// Parses a page's front matter as `kind`, then checks what serde cannot.
pub fn parse_page(
    file: &SourceFile,
    split: &Split,
    kind: ContentType,
) -> Result<(Common, Typed), Vec<Diagnostic>> {
    let (common, typed) = match kind {
        ContentType::Country => parse_as::<CountryFront>(file, split, Typed::Country),
        ContentType::Procedure => parse_as::<ProcedureFront>(file, split, Typed::Procedure),
        ContentType::Language => parse_as::<LanguageFront>(file, split, Typed::Language),
        ContentType::Event => parse_as::<EventFront>(file, split, Typed::Event),
        ContentType::Leaflet => parse_as::<LeafletFront>(file, split, Typed::Leaflet),
        ContentType::Page => parse_as::<PageFront>(file, split, Typed::Page),
    }?;
    let problems = check_page(file, split, kind, &common, &typed);
    if problems.is_empty() {
        Ok((common, typed))
    } else {
        Err(problems)
    }
}

fn parse_as<F: FrontMatter>(
    file: &SourceFile,
    split: &Split,
    wrap: fn(F::Fields) -> Typed,
) -> Result<(Common, Typed), Vec<Diagnostic>> {
    let (common, fields) = front_matter::parse::<F>(file, split)?.into_parts();
    Ok((common, wrap(fields)))
}

/// What a page of each type must have beyond what serde checks.
fn check_page(
    file: &SourceFile,
    split: &Split,
    kind: ContentType,
    common: &Common,
    typed: &Typed,
) -> Vec<Diagnostic> {
    let mut problems = front_matter::check_common(file, split, common, &typed.urls());
    let fence = split.fence.start..split.fence.start + 3;
    let article = if kind == ContentType::Event {
        "an"
    } else {
        "a"
    };
    let mut need = |missing: bool, key: &str, example: &str| {
        if missing {
            problems.push(
                Diagnostic::error(format!("{article} {} page needs `{key}`", kind.name()))
                    .at(file, fence.clone())
                    .help(format!("add {example} between the `---` fences")),
            );
        }
    };
    if matches!(
        kind,
        ContentType::Country | ContentType::Procedure | ContentType::Language
    ) {
        need(
            common.sources.is_empty(),
            "sources",
            "`sources:` with at least one `- title: …` / `url: …` entry for the facts on the page",
        );
        need(
            common.reviewed.is_none(),
            "reviewed",
            "`reviewed: YYYY-MM-DD`, the day its facts were last checked",
        );
    }
    if kind == ContentType::Event {
        need(
            common.date.is_none(),
            "date",
            "`date: YYYY-MM-DD`, the day of the event",
        );
    }
    let at = |text: &str| front_matter::locate_text(file, split, text);
    match typed {
        Typed::Country(country) => {
            for (n, wage) in country.wages.iter().enumerate() {
                problems.extend(check_wage(file, split, wage, n));
            }
            let iso = &country.iso;
            if iso.len() != 2 || !iso.bytes().all(|b| b.is_ascii_uppercase()) {
                problems.push(
                    Diagnostic::error(format!("`{iso}` is not an ISO 3166-1 country code"))
                        .at(file, front_matter::locate_value(file, split, "iso"))
                        .help(
                            "write the two capital letters of the code, such as `JP`, `KR` or `DE`",
                        ),
                );
            }
            if country.programmes.is_empty() {
                problems.push(
                    Diagnostic::error("a country page needs at least one programme")
                        .at(file, front_matter::locate_value(file, split, "programmes"))
                        .help("list the legal ways in under `programmes:`, each with `name:` and `scheme:`"),
                );
            }
        }
        Typed::Leaflet(leaflet) if leaflet.pages.is_empty() => {
            problems.push(
                Diagnostic::error("a leaflet needs at least one page")
                    .at(file, front_matter::locate_value(file, split, "pages"))
                    .help("list the pages to print under `pages:`, as links to their files, such as `- ../procedures/legal-departure.md`"),
            );
        }
        Typed::Event(event) => {
            if event.organisers.iter().all(|o| o.trim().is_empty()) {
                problems.push(
                    Diagnostic::error("an event page needs at least one organiser")
                        .at(file, front_matter::locate_value(file, split, "organisers"))
                        .help("name who organised it under `organisers:`, such as `[Disnaker Kota Bontang]`"),
                );
            }
            for photo in &event.photos {
                if let Err(why) = check_photo_path(&photo.src) {
                    problems.push(
                        Diagnostic::error(format!("the photo `{}` {why}", photo.src))
                            .at(file, at(&photo.src))
                            .help("name a file beside the Markdown file, such as `opening.jpg` or `photos/opening.jpg`"),
                    );
                }
                if photo.alt.trim().is_empty() {
                    problems.push(
                        Diagnostic::error(format!("the photo `{}` has an empty `alt`", photo.src))
                            .at(file, at(&photo.src))
                            .help("describe what the photo shows, for readers who cannot see it"),
                    );
                }
            }
        }
        _ => {}
    }
    problems
}

/// A photo is a relative path inside the page's folder.
pub fn check_photo_path(src: &str) -> Result<(), &'static str> {
    if src.is_empty()
        || src.starts_with('/')
        || src.contains('\\')
        || src.contains("://")
        || src
            .split('/')
            .any(|p| p.is_empty() || p == "." || p == "..")
    {
        return Err("is not a path inside the page's folder");
    }
    if src.contains(['#', '?', '%', '"', ' ']) {
        return Err("has a character that breaks its address (`#`, `?`, `%`, `\"` or a space)");
    }
    if src
        .rsplit('/')
        .next()
        .is_some_and(|name| name.eq_ignore_ascii_case("index.html"))
    {
        return Err("would take the place of the page itself");
    }
    Ok(())
}

/// The sections a leaflet's link to a page chooses (`../x.md#signs,steps`),
/// each with its byte offset in the link; none when it names no `#`.
pub fn chosen_sections(href: &str) -> Vec<(usize, &str)> {
    let Some(hash) = href.find('#') else {
        return Vec::new();
    };
    let mut at = hash + 1;
    let mut chosen = Vec::new();
    for name in href[at..].split(',') {
        let trimmed = name.trim();
        if !trimmed.is_empty() {
            chosen.push((at + (name.len() - name.trim_start().len()), trimmed));
        }
        at += name.len() + 1;
    }
    chosen
}

#[cfg(test)]
mod tests;
