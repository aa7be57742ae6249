//! The `obligo` command line: a thin layer over the library.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use jiff::tz::TimeZone;

use obligo::format::Tlp;
use obligo::incident::IncidentInput;
use obligo::load::{self, LoadOptions};
use obligo::model::Dataset;
use obligo::search::{DocKind, Filter, SearchIndex};
use obligo::{engine, format, stats};

/// The server allocates many short strings per answer; mimalloc serves them
/// at a fraction of the system allocator's cost.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "obligo", version, about = "Who must notify whom, by when, and why: data-breach and security-incident notification obligations by jurisdiction.", after_help = format::NOT_LEGAL_ADVICE)]
struct Cli {
    /// Use the dataset in DIR (a working copy) instead of the one built into the binary.
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a dataset and list every problem as file:line:col.
    Check {
        /// The data directory (default: --data, else the embedded dataset).
        dir: Option<PathBuf>,
        /// Print every lint id with what it means, and exit.
        #[arg(long)]
        list_lints: bool,
    },
    /// Assess an incident (TOML or JSON file, `-` for stdin) and print the obligations.
    Query {
        incident: PathBuf,
        /// Output format (default: table on a terminal, json otherwise).
        #[arg(long, short)]
        format: Option<Format>,
        /// Show times in this IANA zone (default: the zone of `aware_at`).
        #[arg(long)]
        tz: Option<String>,
        /// Mark the output with a TLP 2.0 label: CLEAR, GREEN, AMBER, AMBER+STRICT or RED.
        #[arg(long, value_parser = parse_tlp)]
        tlp: Option<Tlp>,
        /// Assess as of this instant (RFC 3339 / RFC 9557) instead of the
        /// current time: time left and "if determined now" dates use it.
        #[arg(long)]
        now: Option<String>,
    },
    /// Search jurisdictions, authorities, laws and rules (typos and prefixes are fine).
    Search {
        /// The words to search for, e.g. "72 hours health".
        #[arg(required = true)]
        query: Vec<String>,
        /// Only this kind: jurisdiction, authority, regime or rule.
        #[arg(long)]
        kind: Option<String>,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Serve the site and the JSON API.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Answer every incident as of this instant (RFC 3339 / RFC 9557)
        /// instead of the current time: for tabletop exercises and tests.
        #[arg(long)]
        now: Option<String>,
    },
    /// Write the static site (every page that needs no server) into DIR.
    Build {
        #[arg(long, value_name = "DIR", default_value = "site")]
        out: PathBuf,
        /// The assessment engine for the static copy (from `tools/wasm/build.sh`),
        /// so its assess page answers in the browser.
        #[arg(long, value_name = "FILE.wasm")]
        engine: Option<PathBuf>,
    },
    /// Print the JSON Schema of data files (for Taplo / Even Better TOML), or of incidents.
    Schema {
        #[arg(long, value_enum, default_value = "jurisdiction")]
        of: SchemaOf,
    },
    /// Print coverage: jurisdictions, regimes, rules and authorities by region and review status.
    Stats {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
    Markdown,
    Ics,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaOf {
    Jurisdiction,
    Taxonomy,
    Incident,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve { .. }) {
        stop_quietly_when_the_reader_goes_away();
    }
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// `obligo check --list-lints | head` must end quietly when `head` has
/// read enough, as other command-line tools do, not panic on the broken
/// pipe. The server keeps Rust's default (a write to a closed connection is
/// an error to handle, not a reason to exit).
fn stop_quietly_when_the_reader_goes_away() {
    #[cfg(unix)]
    // SAFETY: restores the default action for SIGPIPE before any thread is
    // started; no handler runs Rust code.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Check {
            list_lints: true, ..
        } => {
            for lint in load::lints::LINTS {
                println!("{:<22} {}", lint.id, lint.meaning);
                println!("{:<22}   mistake: {}", "", lint.mistake);
                println!("{:<22}   fix:     {}", "", lint.fix);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { dir, .. } => check(dir.as_deref().or(cli.data.as_deref())),
        Command::Query {
            incident,
            format,
            tz,
            tlp,
            now,
        } => {
            let data = dataset(cli.data.as_deref())?;
            let now = fixed_now(now.as_deref())?.unwrap_or_else(jiff::Timestamp::now);
            query(&data, &incident, format, tz.as_deref(), tlp, now)
        }
        Command::Search { query, kind, json } => {
            let data = dataset(cli.data.as_deref())?;
            search(&data, &query.join(" "), kind.as_deref(), json)
        }
        Command::Serve { addr, now } => {
            let data = dataset(cli.data.as_deref())?;
            serve(data, &addr, fixed_now(now.as_deref())?)
        }
        Command::Build { out, engine } => {
            let data = dataset(cli.data.as_deref())?;
            let engine = engine
                .map(|path| {
                    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
                })
                .transpose()?;
            let report = obligo::export::static_site::build(&data, &out, engine.as_deref())?;
            println!(
                "wrote {} pages ({} files) to {}",
                report.pages,
                report.files,
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema { of } => {
            let schema = match of {
                SchemaOf::Jurisdiction => schemars::schema_for!(load::raw::JurisdictionFile),
                SchemaOf::Taxonomy => schemars::schema_for!(load::raw::TaxonomyFile),
                SchemaOf::Incident => schemars::schema_for!(IncidentInput),
            };
            println!("{}", serde_json::to_string_pretty(&schema)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats { json } => {
            let data = dataset(cli.data.as_deref())?;
            let s = stats::compute(&data);
            if json {
                println!("{}", serde_json::to_string_pretty(&s)?);
            } else {
                print!("{}", stats::render(&s));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

fn files(dir: Option<&Path>) -> Result<Vec<load::SourceFile>> {
    Ok(match dir {
        Some(d) => load::read_dir(d)?,
        None => load::embedded_files(),
    })
}

fn dataset(dir: Option<&Path>) -> Result<Dataset> {
    let options = LoadOptions::default();
    load::load(&files(dir)?, options).map_err(|d| {
        let listing: Vec<String> = d.0.iter().map(|x| x.to_string()).collect();
        anyhow::anyhow!(
            "{d}; run `obligo check` for details:\n{}",
            listing.join("\n")
        )
    })
}

fn check(dir: Option<&Path>) -> Result<ExitCode> {
    let files = files(dir)?;
    let where_ = dir
        .map(|d| d.display().to_string())
        .unwrap_or_else(|| "the embedded dataset".into());
    match load::load(
        &files,
        LoadOptions {
            today: Some(today()),
        },
    ) {
        Ok(data) => {
            println!(
                "ok: {} is valid ({} jurisdictions, {} authorities, {} regimes, {} rules)",
                where_,
                data.jurisdictions.len(),
                data.authorities.len(),
                data.regimes.len(),
                data.rules.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(diagnostics) => {
            for d in &diagnostics.0 {
                println!("{d}");
            }
            eprintln!("\n{where_}: {} problem(s)", diagnostics.0.len());
            Ok(ExitCode::from(1))
        }
    }
}

fn parse_tlp(s: &str) -> Result<Tlp, String> {
    Tlp::parse(s).ok_or_else(|| "use CLEAR, GREEN, AMBER, AMBER+STRICT or RED".to_string())
}

fn search(data: &Dataset, query: &str, kind: Option<&str>, json: bool) -> Result<ExitCode> {
    let kind = match kind {
        None => None,
        Some(k) => Some(DocKind::parse(k).with_context(|| {
            format!("unknown kind `{k}`; use jurisdiction, authority, regime or rule")
        })?),
    };
    let index = SearchIndex::build(data)?;
    let results = index.search(
        query,
        &Filter {
            kind,
            jurisdiction: None,
        },
    );
    if json {
        println!("{}", serde_json::to_string_pretty(&results)?);
        return Ok(ExitCode::SUCCESS);
    }
    if results.hits.is_empty() {
        println!("nothing matches `{query}`");
        return Ok(ExitCode::from(1));
    }
    for h in &results.hits {
        let snippet: String = results_snippet(&h.snippet);
        println!(
            "{:<12} {:<6} {}\n             {}\n",
            h.kind.label(),
            h.jurisdiction,
            h.title,
            snippet
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A snippet for the terminal: matches in [brackets].
fn results_snippet(pieces: &[obligo::search::Piece]) -> String {
    pieces
        .iter()
        .map(|p| {
            if p.mark {
                format!("[{}]", p.text)
            } else {
                p.text.clone()
            }
        })
        .collect()
}

/// The instant of a `--now` option.
fn fixed_now(now: Option<&str>) -> Result<Option<jiff::Timestamp>> {
    now.map(|s| {
        obligo::incident::parse_instant(s)
            .map(|(instant, _)| instant)
            .map_err(|m| anyhow::anyhow!("--now: {m}"))
    })
    .transpose()
}

fn serve(data: Dataset, addr: &str, now: Option<jiff::Timestamp>) -> Result<ExitCode> {
    obligo::server::limit_arenas();
    let mut state = obligo::server::AppState::new(data)?;
    state.fixed_now = now;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let listener = obligo::server::listen(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        eprintln!("obligo: serving on http://{local}/ (Ctrl-C to stop)");
        obligo::server::serve(listener, obligo::server::router(state)).await?;
        eprintln!("obligo: stopped");
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

fn query(
    data: &Dataset,
    path: &Path,
    format: Option<Format>,
    tz: Option<&str>,
    tlp: Option<Tlp>,
    now: jiff::Timestamp,
) -> Result<ExitCode> {
    // An empty `--tz` means none, as an empty `tz=` does in the API.
    let zone = match tz.filter(|t| !t.trim().is_empty()) {
        Some(name) => match TimeZone::get(name) {
            Ok(z) => Some(z),
            Err(_) => bail!("unknown time zone `{name}`; use an IANA name such as Europe/Berlin"),
        },
        None => None,
    };
    let text = if path == Path::new("-") {
        std::io::read_to_string(std::io::stdin()).context("reading the incident from stdin")?
    } else {
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?
    };
    let is_json =
        path.extension().is_some_and(|e| e == "json") || text.trim_start().starts_with('{');
    let input = if is_json {
        IncidentInput::from_json(&text)
    } else {
        IncidentInput::from_toml(&text)
    }
    .with_context(|| format!("in {}", path.display()))?;
    let incident = input
        .check(data)
        .with_context(|| format!("in {}", path.display()))?;
    let shown = zone.clone().unwrap_or_else(|| incident.zone.clone());
    let assessment = engine::assess(data, &incident, now);
    let format = format.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Table
    } else {
        Format::Json
    });
    let out = match format {
        Format::Table => format::table(&assessment, &shown, tlp),
        Format::Json => format::json(&assessment, zone.as_ref(), tlp),
        Format::Markdown => format::markdown(&assessment, &shown, tlp),
        Format::Ics => format::ics(&assessment, tlp),
    };
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}
