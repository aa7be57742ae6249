// Generates the world map outlines obligo draws (src/site/map.rs reads it):
// Natural Earth 1:110m countries (public domain) via the world-atlas
// package (ISC), projected with d3-geo's Natural Earth projection; countries
// only in the 1:50m set (small states) become a dot at their centroid.
// Output: one line per country: ISO 3166-1 numeric, tab, "p" and an SVG
// path, or "c" and "x y" of a dot.
import { readFileSync } from "node:fs";
import { feature } from "topojson-client";
import { geoNaturalEarth1, geoPath, geoCentroid } from "d3-geo";
const load = (f) => JSON.parse(readFileSync(new URL(`node_modules/world-atlas/${f}`, import.meta.url)));
const small = load("countries-110m.json"), large = load("countries-50m.json");
const countries = feature(small, small.objects.countries).features.filter((f) => f.id !== "010");
const width = 960, height = 470;
const projection = geoNaturalEarth1().fitExtent([[4, 4], [width - 4, height - 4]], { type: "FeatureCollection", features: countries });
const path = geoPath(projection).digits(1);
const seen = new Set();
const lines = [];
for (const f of countries) {
  const d = path(f);
  if (!d) continue;
  lines.push(`${f.id ?? "-"}\tp\t${d}`);
  if (f.id) seen.add(f.id);
}
for (const f of feature(large, large.objects.countries).features) {
  if (!f.id || seen.has(f.id) || f.id === "010") continue;
  const [x, y] = projection(geoCentroid(f));
  lines.push(`${f.id}\tc\t${x.toFixed(1)} ${y.toFixed(1)}`);
  seen.add(f.id);
}
console.log(`# ${width} ${height}`);
console.log(lines.join("\n"));
