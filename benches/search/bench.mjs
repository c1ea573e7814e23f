// Portico's static search against Pagefind, in Debian's Chromium, on one built portal.
// Normally run by run.sh, which builds the portal and both indexes first:
//
//   node bench.mjs --site DIR/public [--runs DIR] [--repo DIR] [--out DIR]
//
// --runs is the folder where run.sh left its timings (portico-N.us, portico-N.stderr,
// pagefind-N.us, pagefind-N.stdout, npx-N.us). Environment: REPEAT, QUERIES, TYPE_DELAY_MS,
// VERBOSE, CHROMIUM, SEARCH_TIMEOUT_MS (see README.md).
import { chromium } from "playwright-core";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------
// Arguments and settings

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    const key = a.slice(2);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) throw new Error(`${a} needs a value`);
    out[key] = value;
    i++;
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
if (!args.site) {
  console.error("usage: node bench.mjs --site DIR/public [--runs DIR] [--repo DIR] [--out DIR]");
  process.exit(2);
}
const site = path.resolve(args.site);
const repo = path.resolve(args.repo || path.join(here, "..", ".."));
const runsDir = args.runs ? path.resolve(args.runs) : null;
const outDir = path.resolve(args.out || process.env.BENCH_OUT || path.join(here, "results"));
const REPEAT = intEnv("REPEAT", 3);
const MAX_QUERIES = intEnv("QUERIES", 12);
const TYPE_DELAY_MS = intEnv("TYPE_DELAY_MS", 0);
const SEARCH_TIMEOUT_MS = intEnv("SEARCH_TIMEOUT_MS", 30000);
const VERBOSE = process.env.VERBOSE === "1";
const PAGE = "api/github/"; // the page both engines are measured from
const RANK_DEPTH = 8; // the expected page's rank is looked for in the first 8 results (Portico's dropdown)
const PAGEFIND_RESULTS = intEnv("PAGEFIND_RESULTS", 5); // Pagefind UI shows 5 results at first

function intEnv(name, fallback) {
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  const n = Number.parseInt(v, 10);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const median = (xs) => {
  const v = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const gz = (buf) => zlib.gzipSync(buf, { level: 6 }).length;
const wire = (buf) => Math.min(buf.length, gz(buf)); // what a gzipping static host would send
const ratio = (a, b) => (a == null || b == null || b === 0 ? null : a / b);
const fmtBytes = (n) => {
  if (n == null) return "n/a";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
};
const fmtMs = (n) => (n == null ? "n/a" : n >= 100 ? `${n.toFixed(0)} ms` : `${n.toFixed(1)} ms`);
const fmtRatio = (r) => (r == null ? "n/a" : `${r.toFixed(2)}×`);
const fmtPct = (r) => (r == null ? "n/a" : `${(r * 100).toFixed(1)}%`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function walk(dir) {
  const files = [];
  if (!fs.existsSync(dir)) return files;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(p));
    else if (entry.isFile()) files.push(p);
  }
  return files;
}

function sizeOf(files) {
  let raw = 0;
  let wireSum = 0;
  for (const f of files) {
    const buf = fs.readFileSync(f);
    raw += buf.length;
    wireSum += wire(buf);
  }
  return { files: files.length, raw, gzip: wireSum };
}

function table(rows, header, align) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r) =>
    r.map((c, i) => (align[i] === "l" ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Build and indexing times recorded by run.sh

function readRuns(dir) {
  if (!dir || !fs.existsSync(dir)) return null;
  const files = fs.readdirSync(dir);
  const numbered = (prefix, suffix) =>
    files
      .map((f) => f.match(new RegExp(`^${prefix}-(\\d+)\\.${suffix}$`)))
      .filter(Boolean)
      .sort((a, b) => a[1] - b[1])
      .map((m) => path.join(dir, m[0]));
  const us = (f) => Number(fs.readFileSync(f, "utf8").trim()) / 1000;

  const porticoWall = numbered("portico", "us").map(us);
  const stageRuns = numbered("portico", "stderr").map((f) => parseStages(fs.readFileSync(f, "utf8")));
  const pagefindWall = numbered("pagefind", "us").map(us);
  const npxWall = numbered("npx", "us").map(us);
  const pagefindLogs = numbered("pagefind", "stdout").map((f) => fs.readFileSync(f, "utf8"));

  // Stage medians, by label, in the order of the first run.
  const labels = stageRuns.length ? stageRuns[0].stages.map((s) => s.label) : [];
  const stages = labels.map((label) => ({
    label,
    nested: stageRuns[0].stages.find((s) => s.label === label).nested,
    runs: stageRuns.map((r) => r.stages.find((s) => s.label === label)?.ms ?? null),
  }));
  for (const s of stages) s.median = median(s.runs);
  const reported = stageRuns.map((r) => r.reportedMs);

  // The search stage: a label that mentions "search". When several do (a combined stage and
  // its search-only part), the one that is only about search wins.
  const candidates = stages.filter((s) => /search/i.test(s.label));
  const pure = candidates.filter((s) => !/render|page/i.test(s.label));
  const searchStage = (pure.length ? pure : candidates).at(-1) || null;

  const wallMedian = median(porticoWall);
  const reportedMedian = median(reported);
  return {
    portico: {
      wallMs: porticoWall,
      wallMedianMs: wallMedian,
      reportedMs: reported,
      reportedMedianMs: reportedMedian,
      summary: stageRuns.map((r) => r.summary).at(-1) || null,
      stages,
      searchStage: searchStage
        ? {
            label: searchStage.label,
            runs: searchStage.runs,
            medianMs: searchStage.median,
            shareOfWall: ratio(searchStage.median, wallMedian),
            shareOfReported: ratio(searchStage.median, reportedMedian),
          }
        : null,
    },
    pagefind: {
      wallMs: pagefindWall,
      wallMedianMs: median(pagefindWall),
      npxOverheadMs: npxWall,
      npxOverheadMedianMs: median(npxWall),
      stats: pagefindLogs.length ? parsePagefindLog(pagefindLogs.at(-1)) : null,
    },
  };
}

// `portico build --verbose` prints one line per stage on stderr: "  {ms:>8.1} ms  {label}"
// (src/cli/mod.rs); a label that starts with spaces is a part of the stage above it.
function parseStages(text) {
  const stages = [];
  let reportedMs = null;
  let summary = null;
  for (const line of text.split("\n")) {
    const clean = line.replace(/\x1b\[[0-9;]*m/g, "");
    const m = clean.match(/^\s+(\d+(?:\.\d+)?) ms  (.*)$/);
    if (m) {
      stages.push({ label: m[2].trim(), nested: /^\s/.test(m[2]), ms: Number(m[1]) });
      continue;
    }
    const s = clean.match(/^built .* in (\d+(?:\.\d+)?)s → /);
    if (s) {
      reportedMs = Number(s[1]) * 1000;
      summary = clean.trim();
    }
  }
  return { stages, reportedMs, summary };
}

function parsePagefindLog(text) {
  const stats = {};
  for (const m of text.matchAll(/Indexed ([\d,]+) (\w+)/g)) stats[m[2]] = Number(m[1].replace(/,/g, ""));
  const total = text.match(/Finished in ([\d.]+) seconds/);
  if (total) stats.reportedMs = Number(total[1]) * 1000;
  return stats;
}

// ---------------------------------------------------------------------------------------------
// Index sizes on disk

function indexSizes() {
  const porticoFiles = walk(path.join(site, "search"));
  const porticoScript = path.join(site, "assets", "search.js");
  if (fs.existsSync(porticoScript)) porticoFiles.push(porticoScript);

  const porticoKind = (f) => {
    const b = path.basename(f);
    if (b === "search.js") return "search.js (ui + engine)";
    if (b === "index.json") return "index.json (chunk table)";
    if (/^t-.*\.json$/.test(b)) return "term chunks";
    if (/^r-.*\.json$/.test(b)) return "record files";
    if (b.endsWith(".html")) return "search page (html)";
    return "other";
  };
  const porticoByKind = {};
  for (const f of porticoFiles) (porticoByKind[porticoKind(f)] ||= []).push(f);

  const pfFiles = walk(path.join(site, "pagefind"));
  const kind = (f) => {
    const b = path.basename(f);
    if (/^wasm\..*\.pagefind$/.test(b)) return "wasm";
    if (b.endsWith(".pf_meta")) return "meta";
    if (b.endsWith(".pf_index")) return "index chunks";
    if (b.endsWith(".pf_fragment")) return "fragments";
    if (b.endsWith(".pf_filter")) return "filters";
    if (/^pagefind(-worker)?\.js$/.test(b) || b === "pagefind-entry.json") return "api script + entry";
    return "ui (not used here)";
  };
  const byKind = {};
  for (const f of pfFiles) (byKind[kind(f)] ||= []).push(f);
  const pagefindKinds = Object.fromEntries(Object.entries(byKind).map(([k, fs_]) => [k, sizeOf(fs_)]));
  const pfSearchFiles = pfFiles.filter((f) => kind(f) !== "ui (not used here)");
  return {
    portico: porticoFiles.length
      ? { ...sizeOf(porticoFiles), byKind: Object.fromEntries(Object.entries(porticoByKind).map(([k, v]) => [k, sizeOf(v)])) }
      : null,
    pagefind: pfFiles.length ? { ...sizeOf(pfFiles), withoutUi: sizeOf(pfSearchFiles), byKind: pagefindKinds } : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Queries

function loadQueries() {
  const tsv = path.join(repo, "tests", "search", "github-queries.tsv");
  if (fs.existsSync(tsv)) {
    const seen = new Set();
    const queries = [];
    const expected = {};
    const lines = fs.readFileSync(tsv, "utf8").split(/\r?\n/);
    lines.forEach((line, i) => {
      if (!line.trim() || line.trimStart().startsWith("#")) return;
      const [q, want] = line.split("\t").map((c) => c?.trim());
      if (!q || (i === 0 && /^query$/i.test(q)) || seen.has(q)) return;
      seen.add(q);
      queries.push(q);
      if (want) expected[q] = want;
    });
    if (queries.length) {
      // Evenly spaced through the file, which is grouped by topic: the first 12 would all be one topic.
      const n = MAX_QUERIES && MAX_QUERIES < queries.length ? MAX_QUERIES : queries.length;
      const picked = Array.from({ length: n }, (_, i) => queries[Math.floor((i * queries.length) / n)]);
      const source = `${path.relative(repo, tsv)}, ${n} of ${queries.length}${n < queries.length ? " evenly spaced" : ""}`;
      return { source, queries: picked, expected };
    }
  }
  const builtIn = [
    "create repository", "list issues", "pull request review", "GET /repos/{owner}/{repo}",
    "workflow runs", "gist", "webhook", "simple-user", "branch protection", "release assets",
    "codespaces", "team members",
  ];
  return { source: "built-in list", queries: builtIn.slice(0, MAX_QUERIES || builtIn.length), expected: {} };
}

// ---------------------------------------------------------------------------------------------
// A static file server: no compression, no caching headers, real content types.

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".yaml": "text/yaml; charset=utf-8",
  ".yml": "text/yaml; charset=utf-8",
  ".pagefind": "application/octet-stream",
};
const contentType = (file) => {
  const ext = path.extname(file).toLowerCase();
  if (ext.startsWith(".pf_")) return "application/octet-stream";
  return TYPES[ext] || "application/octet-stream";
};

// Every request the server answered, in order: a cross-check of what the browser reports
// (Pagefind fetches from a web worker).
const served = [];

function serve(root) {
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
      const body = fs.readFileSync(file);
      served.push(new URL(req.url, "http://x").pathname.slice(1));
      res.writeHead(200, { "Content-Type": contentType(file), "Content-Length": body.length });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
    }
  });
  server.keepAliveTimeout = 1000;
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, base: `http://127.0.0.1:${server.address().port}/` })),
  );
}

// ---------------------------------------------------------------------------------------------
// Browser measurements

const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const launchArgs = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--disable-extensions", "--disable-default-apps", "--mute-audio"];

// A cold page: fresh context (empty HTTP cache), the page loaded, every response recorded.
async function openCold(browser, base) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  const responses = [];
  let loaded = false;
  page.on("response", (r) => responses.push({ response: r, afterLoad: loaded }));
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const servedFrom = served.length;
  await page.goto(base + PAGE, { waitUntil: "load" });
  loaded = true;
  return { context, page, responses, errors, servedFrom };
}

// The bytes a search cost: every response that is not part of the plain page (the page and the
// assets a plain load fetches, found once by `baseline`), plus anything under search/ or
// pagefind/ whenever it came. `min(raw, gzip -6)` per file, as a gzipping host would send it.
async function searchBytes(responses, base, baseline, servedFrom) {
  await sleep(200); // let late responses finish
  const serverIndex = served.slice(servedFrom).filter((p) => /^(search|pagefind)\//.test(p)).length;
  const files = [];
  for (const { response, afterLoad } of responses) {
    const url = response.url();
    if (!url.startsWith(base)) continue;
    const rel = url.slice(base.length);
    const isIndex = /^(search|pagefind)\//.test(rel);
    if (!isIndex && baseline.has(rel)) continue;
    if (!isIndex && !afterLoad) continue;
    let body;
    try {
      body = await response.body();
    } catch {
      body = Buffer.alloc(Number(response.headers()["content-length"] || 0));
    }
    files.push({ path: rel, status: response.status(), raw: body.length, wire: wire(body), afterLoad });
  }
  const browserIndex = files.filter((f) => /^(search|pagefind)\//.test(f.path)).length;
  return {
    raw: files.reduce((s, f) => s + f.raw, 0),
    wire: files.reduce((s, f) => s + f.wire, 0),
    requests: files.length,
    files,
    mismatch: serverIndex !== browserIndex ? `the server answered ${serverIndex} index request(s), the browser reported ${browserIndex}` : null,
  };
}

async function baselineUrls(browser, base) {
  const { context, page, responses } = await openCold(browser, base);
  await page.waitForLoadState("networkidle").catch(() => {});
  await sleep(500);
  const set = new Set();
  const page_ = [];
  for (const { response } of responses) {
    const url = response.url();
    if (!url.startsWith(base)) continue;
    const rel = url.slice(base.length);
    if (/^(search|pagefind)\//.test(rel)) continue;
    set.add(rel);
    let size = 0;
    try {
      size = wire(await response.body());
    } catch {}
    page_.push({ path: rel, wire: size });
  }
  const ui = await page.evaluate(() => ({
    input: !!document.querySelector("#search-input"),
    script: [...document.scripts].map((s) => s.getAttribute("src") || "").find((s) => /search\.js(\?|$)/.test(s)) || null,
  }));
  await context.close();
  return { set, files: page_, ui };
}

// The first result link the header dropdown shows (as a path), and the total number of hits
// its "All N results" link gives (the event's count is only the number shown, at most 8).
const PORTICO_TOP = () => {
  const input = document.querySelector("#search-input");
  const owned = input && (input.getAttribute("aria-controls") || input.getAttribute("aria-owns"));
  const roots = [owned && document.getElementById(owned), document.querySelector("#search-results"),
    document.querySelector("[role=listbox]")].filter(Boolean);
  let top = null;
  let total = null;
  let shown = null;
  for (const r of roots) {
    const links = [...r.querySelectorAll("a[href]:not(.search-panel__more)")].map((a) => new URL(a.href).pathname);
    if (links.length && top === null) [top, shown] = [links[0], links];
    const more = r.querySelector(".search-panel__more");
    const m = more && more.textContent.match(/(\d+)/);
    if (m && total === null) total = Number(m[1]);
  }
  return { top, total, shown };
};

// One measurement on a fresh browser context (cold cache): `measure(page)` returns the figures,
// or `{ error }`; `after(page, r)` may add what must not count towards the bytes.
async function cold(browser, base, baseline, measure, after) {
  const { context, page, responses, errors, servedFrom } = await openCold(browser, base);
  try {
    const r = await measure(page);
    if (r.error) return { ...r, errors };
    r.bytes = await searchBytes(responses, base, baseline, servedFrom);
    r.errors = errors;
    if (after) await after(page, r);
    return r;
  } catch (e) {
    return { error: String(e.message || e).split("\n")[0], errors };
  } finally {
    await context.close();
  }
}

async function porticoTyped(browser, base, baseline, query) {
  return cold(browser, base, baseline, async (page) => {
    await page.evaluate(() => {
      window.__bench = { t0: null, lastInput: null, events: [] };
      document.addEventListener("keydown", () => {
        if (window.__bench.t0 === null) window.__bench.t0 = performance.now();
      }, true);
      document.addEventListener("input", () => { window.__bench.lastInput = performance.now(); }, true);
      document.addEventListener("portico:search", (e) => {
        window.__bench.events.push({ query: e.detail?.query, count: e.detail?.count, t: performance.now() });
      });
    });
    await page.focus("#search-input");
    await page.keyboard.type(query, { delay: TYPE_DELAY_MS });
    await page.waitForFunction((q) => window.__bench.events.some((e) => e.query === q), query,
      { timeout: SEARCH_TIMEOUT_MS, polling: "raf" });
    const r = await page.evaluate((q) => {
      const e = window.__bench.events.find((x) => x.query === q);
      return { ms: e.t - window.__bench.t0, afterLastKeyMs: e.t - window.__bench.lastInput,
        typingMs: window.__bench.lastInput - window.__bench.t0, count: e.count, events: window.__bench.events.length };
    }, query);
    return Object.assign(r, await page.evaluate(PORTICO_TOP));
  });
}

async function porticoPasted(browser, base, baseline, query) {
  return cold(browser, base, baseline, async (page) => {
    const r = await page.evaluate(({ q, timeout }) => new Promise((resolve) => {
      const input = document.querySelector("#search-input");
      let t0 = 0;
      const timer = setTimeout(() => resolve({ error: `no portico:search event for "${q}" within ${timeout} ms` }), timeout);
      document.addEventListener("portico:search", (e) => {
        if (e.detail?.query !== q) return;
        clearTimeout(timer);
        resolve({ ms: performance.now() - t0, count: e.detail.count });
      });
      t0 = performance.now();
      input.focus();
      input.value = q;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }), { q: query, timeout: SEARCH_TIMEOUT_MS });
    return r.error ? r : Object.assign(r, await page.evaluate(PORTICO_TOP));
  });
}

async function pagefind(browser, base, baseline, query) {
  return cold(browser, base, baseline, (page) => page.evaluate(async ({ base, q, n }) => {
    const t0 = performance.now();
    const pf = await import(base + "pagefind/pagefind.js");
    const search = await pf.search(q);
    window.__pfSearch = search;
    const data = await Promise.all(search.results.slice(0, n).map((x) => x.data()));
    const t1 = performance.now();
    return { ms: t1 - t0, count: search.results.length, top: data[0]?.url ?? null, tops: data.map((d) => d.url) };
  }, { base, q: query, n: PAGEFIND_RESULTS }), async (page, r) => {
    // For the rank of the expected page only: more fragments, after the bytes were counted.
    r.shown = await page.evaluate(async (n) =>
      (await Promise.all(window.__pfSearch.results.slice(0, n).map((x) => x.data()))).map((d) => new URL(d.url, location.href).pathname),
    RANK_DEPTH);
  });
}

// ---------------------------------------------------------------------------------------------
// Main

const loadAtStart = os.loadavg();
const runs = readRuns(runsDir);
const sizes = indexSizes();
const { source: querySource, queries, expected } = loadQueries();
const { server, base } = await serve(site);
const browser = await chromium.launch({ executablePath, args: launchArgs, headless: true });
const results = queries.map((query) => ({ query, porticoTyped: [], porticoPasted: [], pagefind: [] }));
let baseline;
let porticoMissing = null;
let pagefindMissing = null;

try {
  const pageStatus = await fetch(base + PAGE).then((r) => r.status);
  if (pageStatus !== 200) throw new Error(`${PAGE} is not in the built site (HTTP ${pageStatus})`);
  baseline = await baselineUrls(browser, base);
  if (!baseline.ui.input || !baseline.ui.script) {
    porticoMissing = "portico search UI not found (no " +
      [!baseline.ui.input && "#search-input", !baseline.ui.script && "search.js script"].filter(Boolean).join(", no ") +
      ` on /${PAGE}); measuring Pagefind only`;
    console.error(porticoMissing);
  }
  if (!fs.existsSync(path.join(site, "pagefind", "pagefind.js"))) {
    pagefindMissing = "no pagefind/pagefind.js in the site (run.sh indexes it); measuring Portico only";
    console.error(pagefindMissing);
  }

  for (let rep = 0; rep < REPEAT; rep++) {
    for (const r of results) {
      // Interleaved, so a noisy moment of the machine hits every engine alike.
      if (!porticoMissing) {
        r.porticoTyped.push(await porticoTyped(browser, base, baseline.set, r.query));
        r.porticoPasted.push(await porticoPasted(browser, base, baseline.set, r.query));
      }
      if (!pagefindMissing) r.pagefind.push(await pagefind(browser, base, baseline.set, r.query));
      const last = (xs) => xs.at(-1);
      const note = (x) => (x ? (x.error ? `error: ${x.error}` : fmtMs(x.ms)) : "-");
      console.error(`  [${rep + 1}/${REPEAT}] ${r.query.padEnd(30)} portico typed ${note(last(r.porticoTyped))}, ` +
        `pasted ${note(last(r.porticoPasted))}; pagefind ${note(last(r.pagefind))}`);
    }
  }
} finally {
  await browser.close();
  server.close();
}

// Per query: medians over the repeats; bytes from the first successful repeat (they are the same
// every time unless something is wrong, which `bytesVary` reports).
function summarise(samples) {
  const ok = samples.filter((s) => !s.error);
  if (!ok.length) return samples.length ? { error: samples[0].error } : null;
  const wires = ok.map((s) => s.bytes.wire);
  return {
    medianMs: median(ok.map((s) => s.ms)),
    ms: ok.map((s) => s.ms),
    afterLastKeyMedianMs: median(ok.map((s) => s.afterLastKeyMs)),
    typingMedianMs: median(ok.map((s) => s.typingMs)),
    mismatch: ok.map((s) => s.bytes.mismatch).find(Boolean) || null,
    wire: ok[0].bytes.wire,
    raw: ok[0].bytes.raw,
    requests: ok[0].bytes.requests,
    bytesVary: Math.min(...wires) !== Math.max(...wires) ? [Math.min(...wires), Math.max(...wires)] : null,
    files: ok[0].bytes.files,
    count: ok[0].count,
    total: ok[0].total ?? null,
    top: ok[0].top ?? null,
    shown: ok[0].shown ?? null,
    tops: ok[0].tops,
    errors: [...new Set(ok.flatMap((s) => s.errors))],
    failures: samples.length - ok.length,
  };
}

const perQuery = results.map((r) => {
  const typed = summarise(r.porticoTyped);
  const pasted = summarise(r.porticoPasted);
  const pf = summarise(r.pagefind);
  const pBytes = pasted && !pasted.error ? pasted.wire : null;
  const fBytes = pf && !pf.error ? pf.wire : null;
  const want = expected[r.query] ? "/" + expected[r.query].replace(/^\//, "").split("#")[0] : null;
  const rankIn = (s) => {
    if (!want || !s || s.error || !s.shown) return null;
    const i = s.shown.findIndex((u) => u === want);
    return i < 0 ? `>${RANK_DEPTH}` : i + 1;
  };
  return {
    query: r.query,
    expected: want,
    porticoRank: rankIn(pasted),
    pagefindRank: rankIn(pf),
    porticoTyped: typed,
    porticoPasted: pasted,
    pagefind: pf,
    bytesRatio: ratio(pBytes, fBytes),
    typedBytesRatio: ratio(typed && !typed.error ? typed.wire : null, fBytes),
    pastedMsRatio: ratio(pasted?.medianMs, pf?.medianMs),
    typedMsRatio: ratio(typed?.medianMs, pf?.medianMs),
  };
});

const col = (f) => perQuery.map(f).filter((x) => x != null);
const medians = {
  porticoPastedBytes: median(col((q) => q.porticoPasted?.wire)),
  porticoTypedBytes: median(col((q) => q.porticoTyped?.wire)),
  pagefindBytes: median(col((q) => q.pagefind?.wire)),
  bytesRatio: median(col((q) => q.bytesRatio)),
  porticoPastedMs: median(col((q) => q.porticoPasted?.medianMs)),
  porticoTypedMs: median(col((q) => q.porticoTyped?.medianMs)),
  porticoAfterLastKeyMs: median(col((q) => q.porticoTyped?.afterLastKeyMedianMs)),
  porticoTypingMs: median(col((q) => q.porticoTyped?.typingMedianMs)),
  pagefindMs: median(col((q) => q.pagefind?.medianMs)),
  pastedMsRatio: median(col((q) => q.pastedMsRatio)),
  typedMsRatio: median(col((q) => q.typedMsRatio)),
};

// ---------------------------------------------------------------------------------------------
// Report

const out = [];
const say = (s = "") => out.push(s);
const cell = (s, f) => (s == null ? "-" : s.error ? "ERR" : f(s));
say("");
say(`Portico search vs Pagefind — ${path.basename(path.dirname(site))}, page /${PAGE}, ${queries.length} queries (${querySource}), ` +
  `${REPEAT} cold run(s) per query and engine, median per query`);
say("bytes = what the search fetched, each file counted min(raw, gzip -6); ratio = Portico / Pagefind (below 1: Portico is lighter/faster)");
say("Portico 'paste' = the whole query put in at once (one input event); 'typed' = keystrokes from the first keydown; " +
  `Pagefind = import pagefind.js + search() + ${PAGEFIND_RESULTS} fragments`);
const loadAtEnd = os.loadavg();
const fmtLoad = (l) => l.map((x) => x.toFixed(1)).join(" / ");
say(`machine: ${os.cpus().length} cores; load average (1 / 5 / 15 min) ${fmtLoad(loadAtStart)} at the start, ${fmtLoad(loadAtEnd)} at the end`);
if (porticoMissing) say(`!! ${porticoMissing}`);
if (pagefindMissing) say(`!! ${pagefindMissing}`);
say("");
const trunc = (s, n) => (s.length > n ? s.slice(0, n - 1) + "…" : s);
say(table(
  [
    ...perQuery.map((q) => [
      trunc(q.query, 28),
      cell(q.porticoPasted, (s) => fmtBytes(s.wire)),
      cell(q.porticoTyped, (s) => fmtBytes(s.wire)),
      cell(q.pagefind, (s) => fmtBytes(s.wire)),
      fmtRatio(q.bytesRatio),
      cell(q.porticoPasted, (s) => fmtMs(s.medianMs)),
      cell(q.porticoTyped, (s) => fmtMs(s.medianMs)),
      cell(q.porticoTyped, (s) => fmtMs(s.afterLastKeyMedianMs)),
      cell(q.pagefind, (s) => fmtMs(s.medianMs)),
      fmtRatio(q.pastedMsRatio),
      cell(q.porticoPasted, (s) => String(s.total ?? s.count ?? "?")),
      cell(q.pagefind, (s) => String(s.count)),
    ]),
    ["median", fmtBytes(medians.porticoPastedBytes), fmtBytes(medians.porticoTypedBytes), fmtBytes(medians.pagefindBytes),
      fmtRatio(medians.bytesRatio), fmtMs(medians.porticoPastedMs), fmtMs(medians.porticoTypedMs), fmtMs(medians.porticoAfterLastKeyMs), fmtMs(medians.pagefindMs),
      fmtRatio(medians.pastedMsRatio), "", ""],
  ],
  ["query", "P paste B", "P typed B", "PF B", "B ratio", "P paste", "P typed", "P last key", "PF", "ms ratio", "P hits", "PF hits"],
  ["l", "r", "r", "r", "r", "r", "r", "r", "r", "r", "r", "r"],
));
say("(the median row is the median of each column; its ratios are medians of the per-query ratios)");
if (medians.porticoTypingMs != null) {
  say(`'P typed' includes the typing itself: Playwright took a median ${fmtMs(medians.porticoTypingMs)} from the first keydown to the ` +
    `last input event (TYPE_DELAY_MS=${TYPE_DELAY_MS}); 'P last key' is from that last input event to the results.`);
}
say("");
say("Top result per query" + (Object.keys(expected).length ? ` (rank = where the expected page is among the first ${RANK_DEPTH}; anchors ignored):` : ":"));
for (const q of perQuery) {
  const p = q.porticoPasted && !q.porticoPasted.error ? q.porticoPasted.top ?? "(not found in the DOM)" : "-";
  const f = q.pagefind && !q.pagefind.error ? q.pagefind.top ?? "(no results)" : "-";
  const ranks = q.expected ? `   [expected ${q.expected}: portico rank ${q.porticoRank ?? "-"}, pagefind rank ${q.pagefindRank ?? "-"}]` : "";
  say(`  ${trunc(q.query, 28).padEnd(28)}  portico: ${p}   pagefind: ${f}${ranks}`);
}
const ranked = perQuery.filter((q) => q.expected);
if (ranked.length) {
  const top = (k, n) => ranked.filter((q) => typeof q[k] === "number" && q[k] <= n).length;
  say(`  expected page first: portico ${top("porticoRank", 1)}/${ranked.length}, pagefind ${top("pagefindRank", 1)}/${ranked.length}; ` +
    `in the top 3: portico ${top("porticoRank", 3)}/${ranked.length}, pagefind ${top("pagefindRank", 3)}/${ranked.length}`);
}
const failures = perQuery.flatMap((q) => [["portico typed", q.porticoTyped], ["portico paste", q.porticoPasted], ["pagefind", q.pagefind]]
  .filter(([, s]) => s && (s.error || s.failures || s.errors?.length || s.bytesVary || s.mismatch))
  .map(([name, s]) => `  ${q.query} / ${name}: ${s.error || [s.failures && `${s.failures} failed run(s)`,
    s.errors?.length && `page errors: ${s.errors.join("; ")}`, s.bytesVary && `bytes varied ${s.bytesVary.join("..")}`, s.mismatch].filter(Boolean).join(", ")}`));
if (failures.length) {
  say("");
  say("Problems:");
  failures.forEach((f) => say(f));
}

const psearch = baseline?.files.find((f) => /search\.js(\?|$)/.test(f.path));
if (psearch) {
  say("");
  say(`Note: assets/search.js (${fmtBytes(psearch.wire)} gzip) loads with every page, so it is not in the per-query bytes above; ` +
    `pagefind.js is, since it is imported on demand.`);
}

if (VERBOSE) {
  say("");
  say("Files fetched per query (first repeat; wire size):");
  for (const q of perQuery) {
    for (const [name, s] of [["portico paste", q.porticoPasted], ["portico typed", q.porticoTyped], ["pagefind", q.pagefind]]) {
      if (!s || s.error) continue;
      say(`  ${q.query} / ${name}: ${s.requests} request(s), ${fmtBytes(s.wire)} (raw ${fmtBytes(s.raw)})`);
      for (const f of s.files) say(`      ${String(f.wire).padStart(9)}  ${f.path}${f.status !== 200 ? ` [${f.status}]` : ""}${f.afterLoad ? "" : " (before load)"}`);
    }
  }
}

say("");
say("Index on disk (gzip = sum over files of min(raw, gzip -6)):");
const sizeRows = [];
if (sizes.portico) {
  sizeRows.push(["Portico: search/ + assets/search.js", sizes.portico.files, fmtBytes(sizes.portico.raw), fmtBytes(sizes.portico.gzip)]);
  for (const [k, v] of Object.entries(sizes.portico.byKind).sort()) sizeRows.push([`  portico ${k}`, v.files, fmtBytes(v.raw), fmtBytes(v.gzip)]);
} else sizeRows.push(["Portico: search/ + assets/search.js", 0, "n/a", "n/a"]);
if (sizes.pagefind) {
  sizeRows.push(["Pagefind: pagefind/ (everything)", sizes.pagefind.files, fmtBytes(sizes.pagefind.raw), fmtBytes(sizes.pagefind.gzip)]);
  sizeRows.push(["Pagefind: without its UI files", sizes.pagefind.withoutUi.files, fmtBytes(sizes.pagefind.withoutUi.raw), fmtBytes(sizes.pagefind.withoutUi.gzip)]);
  for (const [k, v] of Object.entries(sizes.pagefind.byKind).sort()) sizeRows.push([`  pagefind ${k}`, v.files, fmtBytes(v.raw), fmtBytes(v.gzip)]);
}
say(table(sizeRows, ["", "files", "raw", "gzip"], ["l", "r", "r", "r"]));
if (sizes.portico && sizes.pagefind) {
  say(`ratio Portico / Pagefind (without UI): raw ${fmtRatio(ratio(sizes.portico.raw, sizes.pagefind.withoutUi.raw))}, ` +
    `gzip ${fmtRatio(ratio(sizes.portico.gzip, sizes.pagefind.withoutUi.gzip))}, files ${fmtRatio(ratio(sizes.portico.files, sizes.pagefind.withoutUi.files))}`);
}

if (runs) {
  const p = runs.portico;
  const f = runs.pagefind;
  say("");
  say(`Index build (median of ${p.wallMs.length} run(s)):`);
  say(`  portico build (whole site) wall ${fmtMs(p.wallMedianMs)}, as reported ${fmtMs(p.reportedMedianMs)}` +
    (p.summary ? `   [${p.summary}]` : ""));
  if (p.searchStage) {
    say(`  portico stage "${p.searchStage.label}": ${fmtMs(p.searchStage.medianMs)} = ${fmtPct(p.searchStage.shareOfWall)} of the build's wall time ` +
      `(${fmtPct(p.searchStage.shareOfReported)} of the reported time)`);
  } else {
    say("  portico search stage: n/a (no --verbose stage label mentions \"search\")");
  }
  say(`  pagefind --root-selector main: wall ${fmtMs(f.wallMedianMs)} (npx launcher alone: ${fmtMs(f.npxOverheadMedianMs)})` +
    (f.stats ? `; indexed ${["pages", "words", "language", "languages"].filter((k) => f.stats[k] != null).map((k) => `${f.stats[k]} ${k}`).join(", ")}` : ""));
  if (p.searchStage) {
    say(`  ratio portico search stage / pagefind wall: ${fmtRatio(ratio(p.searchStage.medianMs, f.wallMedianMs))}; ` +
      `whole portico build / pagefind: ${fmtRatio(ratio(p.wallMedianMs, f.wallMedianMs))}`);
  }
  say("  portico stages (median ms): " + p.stages.map((s) => `${s.label} ${s.median?.toFixed(1)}`).join(" | "));
}

const stamp = new Date().toISOString().replace(/[:.]/g, "-");
fs.mkdirSync(outDir, { recursive: true });
const jsonPath = path.join(outDir, `search-bench-${stamp}.json`);
const json = {
  date: new Date().toISOString(),
  site,
  page: PAGE,
  settings: { repeat: REPEAT, queries: queries.length, querySource, typeDelayMs: TYPE_DELAY_MS, pagefindResults: PAGEFIND_RESULTS, chromium: executablePath },
  versions: {
    node: process.version,
    pagefind: readVersion("pagefind"),
    playwrightCore: readVersion("playwright-core"),
  },
  machine: { cores: os.cpus().length, loadAtStart, loadAtEnd },
  porticoMissing,
  pagefindMissing,
  pageBaseline: baseline ? baseline.files : null,
  medians,
  perQuery,
  indexSizes: sizes,
  build: runs,
};
fs.writeFileSync(jsonPath, JSON.stringify(json, null, 2));
fs.writeFileSync(path.join(outDir, "latest.json"), JSON.stringify(json, null, 2));
say("");
say(`JSON: ${jsonPath}`);
console.log(out.join("\n"));

function readVersion(pkg) {
  try {
    return JSON.parse(fs.readFileSync(path.join(here, "node_modules", pkg, "package.json"), "utf8")).version;
  } catch {
    return null;
  }
}
