// `portico serve` in a real browser: pages reload themselves when their source changes (and keep
// their scroll position), other pages do not, stylesheets are swapped without a reload, and a
// broken build shows an overlay (as text, whatever the file says) over the last good page until
// the file is fixed.
// usage: node serve.mjs BASE_URL PROJECT_DIR  (BASE_URL is `portico serve` of PROJECT_DIR)
// Prints the time from each file write to the page showing it.
import { launch } from "./chromium.mjs";
import fs from "node:fs";
import path from "node:path";

const [base, project] = process.argv.slice(2);
const themeCss = process.env.THEME_CSS;
const failures = [];
const check = (ok, message) => { if (!ok) failures.push(message); };
const report = [];
const WAIT = 10000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const file = (rel) => path.join(project, rel);
const ms = (since) => Date.now() - since;

// The server's side of the story: its own subscription to the events every page gets.
const heard = [];
const listening = new AbortController();
async function listen() {
  const response = await fetch(base + "__portico/events", { signal: listening.signal });
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      let data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data += line.slice(5).trim();
      }
      if (data) heard.push({ event, data: JSON.parse(data), at: Date.now() });
    }
  }
}
const heardSince = (since, event) => heard.filter((m) => m.at >= since && m.event === event);
// "; server: N ms from the file event to its message", when the message said.
function serverTime(since, event) {
  const message = heardSince(since, event)[0];
  return message && typeof message.data.ms === "number" ? `; server: ${message.data.ms.toFixed(0)} ms to send \`${event}\`` : "";
}

async function status() {
  const response = await fetch(base + "__portico/status");
  return response.json();
}
// Waits until the server has dealt with a change: a new generation, or a failed build.
async function settled(before, { failed = false } = {}) {
  const until = Date.now() + WAIT;
  for (;;) {
    const now = await status();
    if (failed ? now.failed : now.generation > before && !now.failed) return now;
    if (Date.now() > until) throw new Error(`the server did not rebuild: ${JSON.stringify(now)}`);
    await sleep(25);
  }
}

// Before any page script: record the EventSource that live.js opens and the messages it gets,
// so a test knows when the page is listening (and can't miss a change made right after).
function recordLiveEvents() {
  const Native = window.EventSource;
  window.__live = [];
  window.EventSource = class extends Native {
    constructor(...rest) {
      super(...rest);
      for (const type of ["hello", "reload", "css", "problems", "ok"]) {
        this.addEventListener(type, () => window.__live.push({ type, at: performance.now() }));
      }
    }
  };
}
const listeningPage = (page) =>
  page.waitForFunction(() => window.__live.some((m) => m.type === "hello"), null, { timeout: WAIT });

const browser = await launch();
const errors = [];
const dialogs = [];
const requested = [];
const navigations = new Map();
const navigated = (page) => navigations.get(page) || 0;

async function open(context, url) {
  const page = await context.newPage();
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) navigations.set(page, navigated(page) + 1);
  });
  await page.goto(url);
  await listeningPage(page);
  return page;
}
async function mark(page, value) {
  await page.evaluate((v) => { window.__marker = v; }, value);
}
const marker = (page) => page.evaluate(() => window.__marker);
const overlay = (page) => page.locator("#portico-serve-problems");
const overlayText = (page) => page.evaluate(() => document.getElementById("portico-serve-problems")?.textContent ?? null);

try {
  listen().catch((e) => { if (e.name !== "AbortError") errors.push(`event stream: ${e}`); });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(WAIT);
  await context.addInitScript(recordLiveEvents);
  context.on("request", (request) => requested.push(new URL(request.url()).pathname));
  // A reload or a swapped stylesheet may cancel what the page was still fetching
  // (net::ERR_ABORTED); anything else fails.
  context.on("requestfailed", (request) => {
    const why = request.failure() ? request.failure().errorText : "";
    if (why !== "net::ERR_ABORTED") errors.push(`request failed: ${request.url()} ${why}`);
  });
  context.on("response", (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  context.on("page", (page) => {
    page.on("pageerror", (e) => errors.push(`page error: ${e} (${page.url()})`));
    page.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()} (${page.url()})`); });
    page.on("dialog", (d) => { dialogs.push(`${d.type()}: ${d.message()} (${page.url()})`); d.dismiss().catch(() => {}); });
  });
  let generation = (await status()).generation;
  check(generation >= 1 && !(await status()).failed, "the first build succeeded");

  // 1. Saving the open page's Markdown reloads it, at the same scroll position.
  const guide = await open(context, base + "guides/quickstart/");
  const height = await guide.evaluate(() => document.documentElement.scrollHeight - innerHeight);
  const target = Math.min(1500, height - 100);
  check(target > 400, `the quickstart page is long enough to scroll: ${height}px`);
  await guide.evaluate((y) => window.scrollTo(0, y), target);
  const scrolled = await guide.evaluate(() => window.scrollY);
  check(Math.abs(scrolled - target) < 2, `scrolled to ${target}: at ${scrolled}`);
  await mark(guide, 1);
  const before = navigated(guide);
  let since = Date.now();
  fs.appendFileSync(file("content/guides/quickstart.md"), "\n\nThe word zebrafinchquickstart is new.\n");
  await guide.waitForFunction(() => document.body.innerText.includes("zebrafinchquickstart"), null, { timeout: WAIT });
  report.push(`serve: quickstart.md saved → its open page shows the new paragraph in ${ms(since)} ms${serverTime(since, "reload")}`);
  check(await marker(guide) === undefined, "the quickstart page reloaded (the marker is gone)");
  check(navigated(guide) > before, "the quickstart page navigated (reloaded)");
  await guide.waitForFunction(() => document.readyState === "complete");
  // The reader's place is restored once the page has loaded.
  const restored = await guide.waitForFunction((y) => Math.abs(window.scrollY - y) <= 50 ? window.scrollY : false,
    scrolled, { timeout: 3000 }).then((h) => h.jsonValue()).catch(() => null);
  check(restored !== null, `the scroll position is restored near ${scrolled}: at ${await guide.evaluate(() => window.scrollY)}`);
  const reloads = heardSince(since, "reload");
  check(reloads.length === 1 && Array.isArray(reloads[0].data.paths) && reloads[0].data.paths.includes("/guides/quickstart/"),
    `one reload, naming the quickstart page: ${JSON.stringify(reloads.map((m) => m.data))}`);
  generation = (await settled(generation)).generation;

  // 2. Another guide changes: its open page reloads, the quickstart page does not. The
  // webhooks page turns the browser's own scroll restoration off: live.js must do it alone.
  await mark(guide, 2);
  const other = await open(context, base + "guides/webhooks/");
  await mark(other, 2);
  const otherY = await other.evaluate(() => {
    history.scrollRestoration = "manual";
    window.scrollTo(0, Math.min(1200, document.documentElement.scrollHeight - innerHeight - 100));
    return window.scrollY;
  });
  check(otherY > 400, `the webhooks page is long enough to scroll: ${otherY}`);
  const [guideBefore, otherBefore] = [navigated(guide), navigated(other)];
  since = Date.now();
  fs.appendFileSync(file("content/guides/webhooks.md"), "\n\nThe word zebrafinchwebhooks is new.\n");
  await other.waitForFunction(() => document.body.innerText.includes("zebrafinchwebhooks"), null, { timeout: WAIT });
  report.push(`serve: webhooks.md saved → its open page shows the new paragraph in ${ms(since)} ms${serverTime(since, "reload")}`);
  check(await marker(other) === undefined && navigated(other) > otherBefore, "the webhooks page reloaded");
  await other.waitForFunction(() => document.readyState === "complete");
  const otherRestored = await other.waitForFunction((y) => Math.abs(window.scrollY - y) <= 50, otherY, { timeout: 3000 })
    .then(() => true, () => false);
  check(otherRestored, `live.js restores the scroll position near ${otherY}: at ${await other.evaluate(() => window.scrollY)}`);
  generation = (await settled(generation)).generation;
  await sleep(1000);
  check(await marker(guide) === 2, "the quickstart page did not reload when another guide changed");
  check(navigated(guide) === guideBefore, `the quickstart page did not navigate: ${navigated(guide) - guideBefore} time(s)`);
  const named = heardSince(since, "reload").flatMap((m) => m.data.paths || ["(every page)"]);
  check(named.includes("/guides/webhooks/") && !named.includes("/guides/quickstart/"),
    `the reload names the webhooks page only: ${JSON.stringify(named)}`);
  await other.close();

  // 2b. A page whose event stream connects only after its guide changed (held back here; in
  // life, a rebuild between the page's fetch and its connection, or a dropped connection)
  // learns from the first message that it is out of date, and reloads.
  const late = await context.newPage();
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await late.route("**/__portico/events", async (route) => { await held; await route.continue(); });
  await late.goto(base + "guides/authentication/");
  await mark(late, 5);
  since = Date.now();
  fs.appendFileSync(file("content/guides/authentication.md"), "\n\nThe word zebrafinchlate is new.\n");
  generation = (await settled(generation)).generation;
  check(!(await late.evaluate(() => document.body.innerText.includes("zebrafinchlate"))),
    "the held-back page still shows the old text");
  release();
  await late.waitForFunction(() => document.body.innerText.includes("zebrafinchlate"), null, { timeout: WAIT });
  report.push(`serve: a page connecting after the change reloads ${ms(since)} ms after the write`);
  check(await marker(late) === undefined, "the page that connected late reloaded");
  await late.close();

  // 3. The stylesheet changes (a theme override that did not exist yet): swapped in place.
  const outline = () => guide.evaluate(() => {
    const style = getComputedStyle(document.body);
    return `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`;
  });
  check(await outline() !== "7px solid rgb(1, 2, 3)", "the body has no test outline yet");
  await mark(guide, 3);
  const cssBefore = navigated(guide);
  const css = fs.readFileSync(themeCss, "utf8") + "\nbody { outline: 7px solid rgb(1, 2, 3); }\n";
  since = Date.now();
  fs.mkdirSync(file("themes/default/static"), { recursive: true });
  fs.writeFileSync(file("themes/default/static/style.css"), css);
  await guide.waitForFunction(() => {
    const style = getComputedStyle(document.body);
    return style.outlineColor === "rgb(1, 2, 3)" && style.outlineWidth === "7px";
  }, null, { timeout: WAIT });
  report.push(`serve: style.css saved → the open page uses it in ${ms(since)} ms${serverTime(since, "css")}`);
  generation = (await settled(generation)).generation;
  check(await marker(guide) === 3 && navigated(guide) === cssBefore, "the page did not reload for a stylesheet");
  const sheets = await guide.evaluate(() => [...document.querySelectorAll('link[rel="stylesheet"]')]
    .map((l) => new URL(l.href).pathname + new URL(l.href).search));
  check(sheets.filter((s) => s.startsWith("/assets/style.css")).length === 1 && sheets.some((s) => s.startsWith("/assets/style.css?portico=")),
    `the old stylesheet link was replaced by the new one: ${JSON.stringify(sheets)}`);
  check(heardSince(since, "reload").length === 0, `no reload for a stylesheet: ${JSON.stringify(heardSince(since, "reload").map((m) => m.data))}`);

  // 4. A broken spec: the overlay over the last good page, also on a page opened meanwhile,
  // until the file is fixed.
  const specPath = file("specs/streamline.yaml");
  const spec = fs.readFileSync(specPath, "utf8");
  const lines = spec.split("\n");
  const breakAt = (line, text) => [...lines.slice(0, line - 1), text, ...lines.slice(line - 1)].join("\n");
  const api = await open(context, base + "api/streamline/");
  const apiTitle = await api.locator("main h1").textContent();
  await mark(api, 4);
  const apiBefore = navigated(api);
  since = Date.now();
  fs.writeFileSync(specPath, breakAt(2, "broken: this line: is not YAML"));
  await overlay(api).waitFor({ state: "visible", timeout: WAIT });
  report.push(`serve: a broken streamline.yaml → the overlay shows in ${ms(since)} ms`);
  await settled(generation, { failed: true });
  let shown = await overlayText(api);
  check(/specs\/streamline\.yaml:2(:\d+)?/.test(shown), `the overlay names specs/streamline.yaml:2: ${shown}`);
  check(shown.includes("broken: this line: is not YAML"), `the overlay quotes the line: ${shown}`);
  check(await marker(api) === 4 && navigated(api) === apiBefore, "the page did not reload to show the overlay");
  check(await api.locator("main h1").textContent() === apiTitle && (await api.locator("main").innerText()).length > 200,
    "the page under the overlay keeps its content");
  check(await api.locator("#portico-serve-problems").getAttribute("role") === "alertdialog", "the overlay is an alert dialog");

  // A page opened while the build is broken: the last good version, with the overlay at once.
  const fresh = await context.newPage();
  const freshResponse = await fresh.goto(base + "api/streamline/operations/create-customer/");
  check(freshResponse.status() === 200, `a page opened while broken is served: HTTP ${freshResponse.status()}`);
  await overlay(fresh).waitFor({ state: "visible", timeout: WAIT });
  check(/specs\/streamline\.yaml:2/.test(await overlayText(fresh)), "the overlay on a new page names the file and line");
  check((await fresh.locator("main h1").count()) === 1, "the new page has its content under the overlay");
  await fresh.getByRole("button", { name: "Hide" }).click();
  check(await overlay(fresh).count() === 0, "Hide removes the overlay");

  // 5. The broken line is hostile: the overlay shows it as text and runs none of it.
  const hostile = '  broken: <img src=x onerror="window.__xss=1">: <script>window.__xss=2</script>';
  since = Date.now();
  fs.writeFileSync(specPath, breakAt(4, hostile));
  await api.waitForFunction(() => /streamline\.yaml:4/.test(document.getElementById("portico-serve-problems")?.textContent),
    null, { timeout: WAIT });
  report.push(`serve: the broken line moved → the overlay follows in ${ms(since)} ms`);
  shown = await overlayText(api);
  check(shown.includes('<img src=x onerror="window.__xss=1">'), `the overlay shows the markup as text: ${shown}`);
  check(await api.evaluate(() => document.querySelectorAll("#portico-serve-problems img, #portico-serve-problems script").length) === 0,
    "no element was made from the file's text");
  check(await api.evaluate(() => document.querySelectorAll("#portico-serve-problems").length) === 1, "one overlay at a time");
  await overlay(fresh).waitFor({ state: "visible", timeout: WAIT });
  check((await overlayText(fresh)).includes("<script>window.__xss=2</script>"), "a hidden overlay comes back for new problems");
  for (const page of [api, fresh]) {
    check(await page.evaluate(() => window.__xss) === undefined, `no script ran from the spec's text on ${page.url()}`);
  }

  // A problem whose message quotes the file: a $ref to a hostile name.
  const refLine = lines.findIndex((l) => l.includes("$ref: '#/components/schemas/CustomerCreate'")) + 1;
  check(refLine > 0, "the spec has a $ref to CustomerCreate");
  const hostileRef = lines.slice();
  hostileRef[refLine - 1] = hostileRef[refLine - 1].replace("CustomerCreate", "<img src=x onerror=window.__xss=3>");
  fs.writeFileSync(specPath, hostileRef.join("\n"));
  await api.waitForFunction((n) => document.getElementById("portico-serve-problems")?.textContent.includes(`streamline.yaml:${n}`),
    refLine, { timeout: WAIT });
  shown = await overlayText(api);
  check(/\$ref "[^"]*<img src=x onerror=window.__xss=3>[^"]*" points nowhere/.test(shown),
    `the overlay quotes the hostile $ref in its message: ${shown}`);
  for (const page of [api, fresh]) {
    await overlay(page).waitFor({ state: "visible", timeout: WAIT });
    check(await page.evaluate(() => document.querySelectorAll("#portico-serve-problems *:not(h2, div, pre, button)").length) === 0,
      `the overlay holds only its own elements on ${page.url()}`);
    check(await page.evaluate(() => window.__xss) === undefined, `no script ran from the $ref on ${page.url()}`);
  }
  check(!requested.some((p) => p === "/x" || p.endsWith("/x")), "the <img src=x> was never requested");

  // The file is fixed: the overlay goes and the pages reload (to the fixed site).
  await mark(fresh, 5);
  const fixedBefore = navigated(api);
  since = Date.now();
  fs.writeFileSync(specPath, spec);
  await api.waitForFunction(() => window.__marker === undefined && document.readyState === "complete", null, { timeout: WAIT });
  report.push(`serve: streamline.yaml fixed → the page reloads without the overlay in ${ms(since)} ms${serverTime(since, "reload")}`);
  generation = (await settled(generation)).generation;
  await fresh.waitForFunction(() => window.__marker === undefined && document.readyState === "complete", null, { timeout: WAIT });
  for (const page of [api, fresh]) {
    check(await overlay(page).count() === 0, `no overlay once fixed on ${page.url()}`);
  }
  check(navigated(api) > fixedBefore, "the API page reloaded once fixed");
  check(heardSince(since, "ok").length === 1, `one ok message: ${heardSince(since, "ok").length}`);
  // The quickstart page reloads too (every page does after a failure) and keeps its stylesheet.
  await guide.waitForFunction(() => window.__marker === undefined && document.readyState === "complete", null, { timeout: WAIT });
  check(await outline() === "7px solid rgb(1, 2, 3)", `the new stylesheet is served after a reload: ${await outline()}`);
  for (const page of [guide, api, fresh]) {
    check(await page.evaluate(() => window.__xss) === undefined, `no script ran on ${page.url()}`);
  }
} catch (error) {
  // A step that cannot go on (a wait that times out) ends the run with what was found so far.
  failures.push(`stopped: ${error.message.split("\n")[0]}`);
} finally {
  await browser.close();
  listening.abort();
}

// 6. Nothing failed on the way, and nothing opened a dialog.
check(errors.length === 0, `no errors:\n  ${errors.join("\n  ")}`);
check(dialogs.length === 0, `no dialogs: ${dialogs.join("; ")}`);
for (const line of report) console.log(line);
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log("serve: all checks passed");
