//! The linter and model builder: every check a contributor can trip, each
//! with a stable lint id, reported all at once with file, line and column.

//! The lints are listed, with their meaning, in `src/load/lints.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use jiff::civil::Date;

mod entities;
mod parse;
mod rules;

use super::raw::{self, Sp};
use super::{Diagnostic, Diagnostics, LoadOptions, SourceFile, did_you_mean, line_col};
use crate::model::*;

pub(super) fn build(files: &[SourceFile], options: LoadOptions) -> Result<Dataset, Diagnostics> {
    let mut ck = Checker {
        diags: Vec::new(),
        today: options.today,
        siblings: Vec::new(),
    };
    let Some(tax_file) = files.iter().find(|f| f.relative == "taxonomy.toml") else {
        return Err(Diagnostics(vec![Diagnostic {
            file: "taxonomy.toml".into(),
            line: 1,
            column: 1,
            lint: "parse",
            message: "the dataset has no taxonomy.toml".into(),
            hint: Some("every data directory needs the shared vocabulary in taxonomy.toml".into()),
        }]));
    };
    let taxonomy = ck
        .parse::<raw::TaxonomyFile>(tax_file)
        .map(taxonomy_from)
        .unwrap_or_default();

    for stray in files
        .iter()
        .filter(|f| f.relative.starts_with("jurisdictions/") && !super::is_toml(&f.relative))
    {
        let name = stray.relative.trim_start_matches("jurisdictions/");
        let stem = name.split('.').next().unwrap_or(name);
        ck.at(
            stray,
            0..0,
            "file-name",
            format!(
                "`{}` is not read: data files end in `.toml`",
                stray.relative
            ),
            Some(format!(
                "rename it to `jurisdictions/{stem}.toml`, or move it out of data/jurisdictions/"
            )),
        );
    }
    let parsed: Vec<(&SourceFile, raw::JurisdictionFile)> = files
        .iter()
        .filter(|f| f.relative.starts_with("jurisdictions/") && super::is_toml(&f.relative))
        .filter_map(|f| ck.parse::<raw::JurisdictionFile>(f).map(|p| (f, p)))
        .collect();
    if !ck.diags.is_empty() && taxonomy.sections.is_empty() {
        return Err(ck.finish());
    }

    let mut data = Dataset {
        taxonomy,
        jurisdictions: BTreeMap::new(),
        authorities: BTreeMap::new(),
        regimes: BTreeMap::new(),
        rules: Vec::new(),
        rules_by_jurisdiction: BTreeMap::new(),
        aliases: BTreeMap::new(),
        within: Default::default(),
        digest: digest(files),
    };

    // Pass 1: everything that can be referred to, so references in pass 2
    // resolve regardless of file order.
    let mut first_seen: BTreeMap<(&str, String), String> = BTreeMap::new();
    for (file, parsed) in &parsed {
        let mut claim = |ck: &mut Checker, what: &'static str, id: &Sp<String>| {
            let key = (what, id.get().clone());
            let (line, _) = line_col(&file.text, id.span().start);
            if let Some(first) = first_seen.get(&key) {
                ck.at(
                    file,
                    id.span(),
                    "duplicate-id",
                    format!("{what} `{}` is defined twice", id.get()),
                    Some(format!("it was first defined at {first}")),
                );
                false
            } else {
                first_seen.insert(key, format!("{}:{line}", file.display));
                true
            }
        };
        let j = &parsed.jurisdiction;
        if claim(&mut ck, "jurisdiction", &j.code) {
            ck.jurisdiction(file, j, &mut data);
        }
        for a in &parsed.authorities {
            if claim(&mut ck, "authority", &a.id) {
                ck.authority(file, j.code.get(), a, &mut data);
            }
        }
        for r in &parsed.regimes {
            if claim(&mut ck, "regime", &r.id) {
                ck.regime(file, j.code.get(), r, &mut data);
            }
        }
        for r in &parsed.rules {
            claim(&mut ck, "rule", &r.id);
        }
    }

    // Pass 2: cross-references, then the rules.
    for (file, parsed) in &parsed {
        ck.jurisdiction_references(file, &parsed.jurisdiction, &data);
        for a in &parsed.authorities {
            ck.term(file, &data.taxonomy, Section::RecipientKinds, &a.kind);
        }
        let mut seen_rules = BTreeSet::new();
        for r in &parsed.rules {
            if !seen_rules.insert(r.id.get().clone()) {
                continue;
            }
            if let Some(rule) = ck.rule(file, parsed, r, &data) {
                data.rules.push(rule);
            }
        }
    }
    if !ck.diags.is_empty() {
        return Err(ck.finish());
    }
    data.rules.sort_by(|a, b| {
        (&a.jurisdiction, &a.regime, &a.id).cmp(&(&b.jurisdiction, &b.regime, &b.id))
    });
    data.index_rules();
    Ok(data)
}

fn taxonomy_from(file: raw::TaxonomyFile) -> Taxonomy {
    let mut sections = BTreeMap::new();
    let pairs = [
        (Section::PartyRoles, file.party_roles),
        (Section::IncidentKinds, file.incident_kinds),
        (Section::DataCategories, file.data_categories),
        (Section::Sectors, file.sectors),
        (Section::EntityTypes, file.entity_types),
        (Section::RecipientKinds, file.recipient_kinds),
        (Section::Facts, file.facts),
        (Section::Determinations, file.determinations),
    ];
    for (section, terms) in pairs {
        let terms = terms
            .into_iter()
            .map(|(k, t)| {
                (
                    k,
                    Term {
                        definition: t.definition,
                        question: t.question,
                        event: t.event,
                    },
                )
            })
            .collect();
        sections.insert(section, terms);
    }
    Taxonomy { sections }
}

struct Checker {
    diags: Vec<Diagnostic>,
    today: Option<Date>,
    /// The rules of the file being checked (id to obligation ids), for
    /// clocks that run from another rule's notice (`rule#obligation`).
    siblings: Vec<(String, Vec<String>)>,
}

impl Checker {
    fn at(
        &mut self,
        file: &SourceFile,
        span: Range<usize>,
        lint: &'static str,
        message: String,
        hint: Option<String>,
    ) {
        debug_assert!(
            super::lints::is_registered(lint),
            "lint `{lint}` is not in src/load/lints.rs"
        );
        let (line, column) = line_col(&file.text, span.start);
        self.diags.push(Diagnostic {
            file: file.display.clone(),
            line,
            column,
            lint,
            message,
            hint,
        });
    }

    fn finish(mut self) -> Diagnostics {
        self.diags
            .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        self.diags.dedup();
        Diagnostics(self.diags)
    }

    fn origin(file: &SourceFile, span: Range<usize>) -> Origin {
        Origin {
            file: file.display.clone(),
            line: line_col(&file.text, span.start).0,
        }
    }

    fn term(&mut self, file: &SourceFile, tax: &Taxonomy, section: Section, t: &Sp<String>) {
        if !tax.contains(section, t.get()) {
            self.unknown_term(file, t.span(), tax, section, t.get());
        }
    }

    fn unknown_term(
        &mut self,
        file: &SourceFile,
        span: Range<usize>,
        tax: &Taxonomy,
        section: Section,
        term: &str,
    ) {
        let known = tax.terms(section);
        let hint = match did_you_mean(term, known.keys().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "known terms in [{}]: {}; add new terms to taxonomy.toml first",
                section.key(),
                known.keys().cloned().collect::<Vec<_>>().join(", "),
            ),
        };
        self.at(
            file,
            span,
            "unknown-term",
            format!("unknown {} `{term}`", section.singular()),
            Some(hint),
        );
    }

    fn unknown_authority(&mut self, file: &SourceFile, id: &Sp<String>, data: &Dataset) {
        let hint = did_you_mean(id.get(), data.authorities.keys().map(String::as_str))
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some("define it in an [[authorities]] table".into()));
        self.at(
            file,
            id.span(),
            "unknown-reference",
            format!("unknown authority `{}`", id.get()),
            hint,
        );
    }

    fn https(&mut self, file: &SourceFile, url: &Sp<String>) {
        let u = url.get();
        if let Err(why) = crate::load::https_url(u) {
            if u.starts_with("https://") {
                self.at(
                    file,
                    url.span(),
                    "https-url",
                    format!("`{}` is not a valid https URL: {why}", u.escape_debug()),
                    Some("write the address as a browser shows it; percent-encode spaces, quotes and brackets".into()),
                );
                return;
            }
            let hint = if u.starts_with("http://") {
                "official sources must be linked over https; most sites serve the same page at https://"
            } else {
                "write a full https:// URL"
            };
            self.at(
                file,
                url.span(),
                "https-url",
                format!("`{}` is not an https URL", u.escape_debug()),
                Some(hint.into()),
            );
        }
    }

    fn date(&mut self, file: &SourceFile, d: &Sp<String>) -> Option<Date> {
        match d.get().parse::<Date>() {
            Ok(date) if d.get().len() == 10 => Some(date),
            _ => {
                self.at(
                    file,
                    d.span(),
                    "invalid-date",
                    format!("`{}` is not a valid date", d.get()),
                    Some("write dates as \"YYYY-MM-DD\", in quotes".into()),
                );
                None
            }
        }
    }
}

/// Far above any real deadline (ten years in days), so a typo cannot make
/// the engine count business days for ever.
const MAX_DEADLINE_UNITS: i64 = 3660;

/// FNV-1a over every data file's path and lines, comment lines blanked:
/// stable across builds and targets, so the binary and the WebAssembly
/// engine (which embeds the files in that form) agree on it.
fn digest(files: &[SourceFile]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut add = |bytes: &[u8]| {
        for &byte in bytes {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for file in files.iter().filter(|f| super::is_toml(&f.relative)) {
        add(file.relative.as_bytes());
        add(b"\0");
        for line in super::comment_lines::without_comment_lines(&file.text) {
            add(line.as_bytes());
            add(b"\n");
        }
        add(b"\0");
    }
    format!("{hash:016x}")
}
