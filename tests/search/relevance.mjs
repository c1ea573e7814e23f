// Runs a relevance test set against a built site with the theme's own search engine
// (themes/default/static/search.js, loaded as a module) and reports where each expected result
// ranks. Usage: node tests/search/relevance.mjs <site dir> <queries.tsv> [--verbose]
// Exit status 1 when an expected result is not in the top 3.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { Engine } = require(join(here, "../../themes/default/static/search.js"));

const [site, queriesFile, ...flags] = process.argv.slice(2);
if (!site || !queriesFile) {
  console.error("usage: node relevance.mjs <site dir> <queries.tsv> [--verbose]");
  process.exit(2);
}
const verbose = flags.includes("--verbose");
const SHOWN = 8;

const cases = readFileSync(queriesFile, "utf8").split("\n")
  .filter((line) => line.trim() && !line.startsWith("#"))
  .map((line) => { const [query, expected, why] = line.split("\t"); return { query, expected, why }; });

let top1 = 0, top3 = 0;
const failures = [];
const bytes = [];
for (const c of cases) {
  // A fresh engine per query: every query starts cold, as a reader's first one does.
  const fetched = [];
  const engine = new Engine(async (path) => {
    const raw = readFileSync(join(site, path));
    fetched.push(Math.min(raw.length, gzipSync(raw, { level: 6 }).length));
    return JSON.parse(raw.toString("utf8"));
  });
  const found = await engine.search(c.query, true);
  const records = await engine.records(found.hits.slice(0, SHOWN));
  bytes.push(fetched.reduce((a, b) => a + b, 0));
  const urls = records.map((r) => r.url);
  const rank = urls.indexOf(c.expected) + 1;
  if (rank === 1) top1++;
  if (rank >= 1 && rank <= 3) top3++;
  else failures.push({ ...c, urls: urls.slice(0, 5) });
  if (verbose || rank !== 1) {
    console.log(`${rank === 1 ? "ok  " : rank > 0 && rank <= 3 ? "top3" : "MISS"} ${JSON.stringify(c.query)} → rank ${rank || "-"} (expected ${c.expected})`);
    if (rank !== 1) urls.slice(0, 3).forEach((u, i) => console.log(`       ${i + 1}. ${u}`));
  }
}
bytes.sort((a, b) => a - b);
const median = bytes[Math.floor(bytes.length / 2)];
console.log(`\n${cases.length} queries: top 1 ${top1} (${(100 * top1 / cases.length).toFixed(0)}%), top 3 ${top3} (${(100 * top3 / cases.length).toFixed(0)}%); median compressed bytes per cold query (index files only) ${median}`);
process.exit(failures.length ? 1 : 0);
