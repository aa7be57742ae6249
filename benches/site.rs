//! Benchmarks of the site: building the search index, searching (exact,
//! typo, prefix, several words), and rendering pages (a results page should
//! take tens of microseconds).

use criterion::{Criterion, criterion_group, criterion_main};
use obligo::load;
use obligo::search::{Filter, SearchIndex};
use obligo::site::{self, Mode, Site};
use std::hint::black_box;

/// The binary's allocator (src/main.rs), so the figures are the server's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn benches(c: &mut Criterion) {
    let data = load::embedded().unwrap();
    c.bench_function("search_index_build", |b| {
        b.iter(|| SearchIndex::build(black_box(&data)).unwrap())
    });
    let index = SearchIndex::build(&data).unwrap();
    for query in ["Germany", "Germny", "calif", "72 hours health"] {
        c.bench_function(&format!("search {query:?}"), |b| {
            b.iter(|| index.search(black_box(query), &Filter::default()))
        });
    }
    let site = Site {
        data: &data,
        mode: Mode::Server,
        offline_engine: false,
    };
    let results = index.search("72 hours", &Filter::default());
    c.bench_function("render_search_results_page", |b| {
        b.iter(|| {
            site::search_results_markup(black_box(&results), &Filter::default()).into_string()
        })
    });
    c.bench_function("search_and_render_full_results_page", |b| {
        b.iter(|| {
            let results = index.search(black_box("72 hours"), &Filter::default());
            site::search_page(site, "72 hours", &Filter::default(), Some(&results)).into_string()
        })
    });
    let de = &data.jurisdictions["DE"];
    c.bench_function("render_jurisdiction_page_de", |b| {
        b.iter(|| site::jurisdiction(site, black_box(de)).into_string())
    });
    let gdpr = &data.regimes["gdpr"];
    c.bench_function("render_regime_page_gdpr", |b| {
        b.iter(|| site::regime(site, black_box(gdpr)).into_string())
    });
    c.bench_function("render_home_page", |b| {
        b.iter(|| site::home(black_box(site)).into_string())
    });
}

criterion_group!(site_benches, benches);
criterion_main!(site_benches);
