//! The world map: Natural Earth outlines (templates/world-map.txt, see
//! tools/world-map), drawn as inline SVG so it works in the static export
//! and from `file://` with no tiles and no script. Each country is a link
//! with a `<title>`, and every map comes with a legend that lists the
//! places in words: colour is never the only signal.

use std::sync::LazyLock;

use maud::{Markup, html};

const OUTLINES: &str = include_str!("../../templates/world-map.txt");

/// One drawable country: an outline, or a dot for a state too small for
/// the 1:110m outlines.
struct Shape {
    /// ISO 3166-1 alpha-2, or `None` for land without a code.
    code: Option<String>,
    outline: Outline,
}

enum Outline {
    Path(&'static str),
    Dot(&'static str, &'static str),
}

struct World {
    width: &'static str,
    height: &'static str,
    shapes: Vec<Shape>,
}

static WORLD: LazyLock<World> = LazyLock::new(|| {
    let mut size = ("960", "470");
    let mut shapes = Vec::new();
    for line in OUTLINES.lines() {
        if let Some(rest) = line.strip_prefix("# ") {
            let mut parts = rest.split(' ');
            if let (Some(w), Some(h), None) = (parts.next(), parts.next(), parts.next()) {
                if w.parse::<u32>().is_ok() && h.parse::<u32>().is_ok() {
                    size = (w, h);
                }
            }
            continue;
        }
        let mut fields = line.splitn(3, '\t');
        let (Some(numeric), Some(kind), Some(geometry)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let code = rust_iso3166::from_numeric_str(numeric).map(|c| c.alpha2.to_string());
        let outline = match kind {
            "p" => Outline::Path(geometry),
            _ => match geometry.split_once(' ') {
                Some((x, y)) => Outline::Dot(x, y),
                None => continue,
            },
        };
        shapes.push(Shape { code, outline });
    }
    World {
        width: size.0,
        height: size.1,
        shapes,
    }
});

/// How a country is drawn: a CSS class (`map-…`), the words of its
/// `<title>`, and the page it links to.
pub struct Mark {
    pub class: &'static str,
    pub title: String,
    pub href: Option<String>,
}

/// One legend entry: its class, its label, and the places in it.
pub struct LegendEntry {
    pub class: &'static str,
    pub label: String,
    pub places: Vec<String>,
}

/// The map; `mark` says how each country (by alpha-2 code) is drawn, or
/// `None` for the plain background.
pub fn world_map(
    label: &str,
    mark: &dyn Fn(&str) -> Option<Mark>,
    legend: &[LegendEntry],
) -> Markup {
    let world = &*WORLD;
    let view_box = format!("0 0 {} {}", world.width, world.height);
    html! {
        figure class="world-map" {
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(view_box) role="img" aria-label=(label) {
                @for shape in &world.shapes {
                    @let m = shape.code.as_deref().and_then(mark);
                    @let class = m.as_ref().map_or("map-land", |m| m.class);
                    @match (&m, &shape.outline) {
                        (Some(Mark { href: Some(href), title, .. }), outline) => {
                            a href=(href) { (draw(outline, shape.code.as_deref(), class, Some(title))) }
                        }
                        (m, outline) => { (draw(outline, shape.code.as_deref(), class, m.as_ref().map(|m| &m.title))) }
                    }
                }
            }
            figcaption {
                ul class="map-legend" {
                    @for entry in legend {
                        li {
                            span class=(format!("swatch {}", entry.class)) aria-hidden="true" {}
                            strong { (entry.label) } " (" (entry.places.len()) ")"
                            @if !entry.places.is_empty() && entry.places.len() <= 40 {
                                ": " span class="small" { (entry.places.join(", ")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn draw(outline: &Outline, code: Option<&str>, class: &str, title: Option<&String>) -> Markup {
    let title = title.map(|t| html! { title { (t) } });
    match outline {
        Outline::Path(d) => {
            html! { path class=(class) data-code=[code] d=(d) { (title.unwrap_or_default()) } }
        }
        Outline::Dot(x, y) => html! {
            circle class=(format!("{class} map-dot")) data-code=[code] cx=(x) cy=(y) r="3" { (title.unwrap_or_default()) }
        },
    }
}

/// The alpha-2 codes the map can draw (for tests and legends).
pub fn drawable() -> impl Iterator<Item = &'static str> {
    WORLD.shapes.iter().filter_map(|s| s.code.as_deref())
}
