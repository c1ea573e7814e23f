// Search in a real browser: the header box (/ and Ctrl-K, results as you type, arrow keys,
// Enter, Escape), the search page at search/?q=, and the plain form without JavaScript.
// usage: node search.mjs BASE_URL  (BASE_URL serves a built sample portal)
// With SEARCH_SCREENSHOTS=DIR it also saves pictures of the open results panel there.
import { launch } from "./chromium.mjs";

const base = process.argv[2];
const shots = process.env.SEARCH_SCREENSHOTS;
const failures = [];
const check = (ok, message) => { if (!ok) failures.push(message); };
const operation = (slug) => `api/streamline/operations/${slug}/`;
const path = (page) => new URL(page.url()).pathname;

// Every `portico:search` event, with the time of the last key pressed before it (page clock).
function recordSearches() {
  window.__searches = [];
  window.__lastKey = 0;
  window.__lastInput = 0;
  document.addEventListener("keydown", () => { window.__lastKey = performance.now(); }, true);
  document.addEventListener("input", () => { window.__lastInput = performance.now(); }, true);
  document.addEventListener("portico:search", (event) => {
    window.__searches.push({ ...event.detail, at: performance.now(), lastKey: window.__lastKey,
      lastInput: window.__lastInput });
  });
}

// Waits for the `portico:search` event of `query` that comes after the `seen` first events.
async function searched(page, query, seen = 0) {
  await page.waitForFunction(([q, n]) => window.__searches.slice(n).some((e) => e.query === q),
    [query, seen], { timeout: 10000 });
  return page.evaluate(([q, n]) => window.__searches.slice(n).filter((e) => e.query === q).pop(),
    [query, seen]);
}
const seen = (page) => page.evaluate(() => window.__searches.length);

// Types `text` key by key into the focused field and waits for the results of what it holds.
async function type(page, text) {
  const before = await seen(page);
  await page.keyboard.type(text, { delay: 40 });
  const query = await page.evaluate(() => document.activeElement.value);
  return searched(page, query, before);
}

const panel = (page) => page.locator("#search-results");
const results = (page) => page.locator("#search-results a.search-result");
const focused = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);
const selected = (page) => page.evaluate(() =>
  [...document.querySelectorAll("#search-results a.search-result")]
    .map((a) => a.getAttribute("aria-selected")));

const browser = await launch();
const errors = [];
const searchFiles = [];
// Collects, for every page of `context`: script errors, console errors, failed requests, and the
// status of every search file fetched.
async function watched(context) {
  context.setDefaultTimeout(10000);
  await context.addInitScript(recordSearches);
  context.on("response", (response) => {
    const url = new URL(response.url());
    if (url.pathname.includes("/search/") && url.pathname.endsWith(".json")) {
      searchFiles.push(`${response.status()} ${url.pathname}`);
    }
  });
  // A navigation cancels what the page was still loading (net::ERR_ABORTED); anything else fails.
  context.on("requestfailed", (request) => {
    const why = request.failure() ? request.failure().errorText : "";
    if (why !== "net::ERR_ABORTED" || request.url().includes("/search/")) {
      errors.push(`request failed: ${request.url()} ${why}`);
    }
  });
  context.on("page", (page) => {
    page.on("pageerror", (e) => errors.push(`page error: ${e} (${page.url()})`));
    page.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()} (${page.url()})`); });
  });
  return context;
}

try {
  const context = await watched(await browser.newContext({ viewport: { width: 1280, height: 800 } }));
  const page = await context.newPage();

  // 1. Home page: `/` focuses the box; typing shows results; Enter opens the first one.
  await page.goto(base);
  check(await panel(page).isHidden(), "the results panel starts hidden");
  await page.keyboard.press("/");
  check(await focused(page) === "search-input", `/ focuses the search box, focus is on #${await focused(page)}`);
  check(await page.inputValue("#search-input") === "", "/ is not typed into the box");
  const first = await type(page, "create subscription");
  console.log(`search: ${(first.at - first.lastKey).toFixed(1)} ms from the last key to portico:search ` +
    `for "create subscription" (${first.count} results, source ${first.source})`);
  check(first.source === "header" && first.count > 0, `header event with results: ${JSON.stringify(first)}`);
  check(await panel(page).isVisible(), "the panel opens while typing");
  check(await page.getAttribute("#search-results", "role") === "listbox", "the panel is a listbox");
  check(await page.getAttribute("#search-input", "aria-expanded") === "true", "the box says the list is expanded");
  check(await results(page).count() === first.count, `the event counts the ${await results(page).count()} results shown`);
  const top = results(page).first();
  check((await top.getAttribute("href")).endsWith(operation("create-subscription")),
    `create subscription → create-subscription first, got ${await top.getAttribute("href")}`);
  check(await top.getAttribute("role") === "option", "results are options");
  check(await top.getAttribute("data-kind") === "operation", `first result is an operation: ${await top.getAttribute("data-kind")}`);
  check(await top.getAttribute("aria-selected") === "true", "the first result is active after a search");
  check((await selected(page)).filter((s) => s === "true").length === 1, "exactly one result is active");
  check(await top.locator(".search-result__kind").textContent() === "Operation", "the kind label says Operation");
  check((await top.locator(".method").textContent()).trim() === "POST", "the POST badge is shown");
  check(await top.locator(".search-result__title mark").count() > 0, "the matched words of the title are marked");
  const marked = (await top.locator(".search-result__title mark").allTextContents()).join(" ").toLowerCase();
  check(marked.includes("create") && marked.includes("subscription"), `both words are marked, marked: ${marked}`);
  check((await top.locator(".search-result__subtitle").textContent()).includes("/subscriptions"),
    "the operation's path is shown");
  check(await top.locator(".search-result__api").count() === 1, "the API is named");
  if (shots) await page.screenshot({ path: `${shots}/search-panel.png` });
  await Promise.all([page.waitForURL((u) => u.pathname.endsWith(operation("create-subscription"))),
    page.keyboard.press("Enter")]);
  check(path(page).endsWith(operation("create-subscription")), `Enter opens the first result: ${page.url()}`);

  // 2. From a guide: Ctrl-K focuses; a heading result opens its page at the anchor.
  await page.goto(base + "guides/quickstart/");
  await page.keyboard.press("Control+k");
  check(await focused(page) === "search-input", `Ctrl-K focuses the search box, focus is on #${await focused(page)}`);
  await type(page, "verify webhook signature");
  const heading = await results(page).first().getAttribute("href");
  check(heading.endsWith("guides/webhooks/#verifying-signatures"),
    `verify webhook signature → the Verifying signatures heading first, got ${heading}`);
  check(["section", "guide"].includes(await results(page).first().getAttribute("data-kind")), "a guide heading is a guide result");
  await Promise.all([page.waitForURL((u) => u.hash === "#verifying-signatures"), page.keyboard.press("Enter")]);
  check(path(page).endsWith("guides/webhooks/"), `Enter opens the guide: ${page.url()}`);
  check(new URL(page.url()).hash === "#verifying-signatures", `the URL ends with the anchor: ${page.url()}`);
  check(await page.locator("[id='verifying-signatures']").count() === 1, "the anchor's element exists");
  const box = await page.locator("[id='verifying-signatures']").boundingBox();
  const header = await page.locator(".site-header").boundingBox();
  check(box && box.y >= header.y + header.height - 1 && box.y < 800,
    `the heading is scrolled into view below the sticky header, at ${box && box.y}`);

  // 3. Keyboard: arrows move the active result, Enter opens it, Escape closes then clears.
  await page.goto(base + "guides/");
  await page.keyboard.press("/");
  await type(page, "subscription");
  check(await results(page).count() >= 3, `several results for subscription, ${await results(page).count()}`);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  check((await selected(page))[2] === "true", `two ArrowDowns select the third result: ${await selected(page)}`);
  await type(page, "s"); // subscriptions: a new search makes the first result active again
  check((await selected(page))[0] === "true" && (await selected(page)).filter((x) => x === "true").length === 1,
    `the first result is active after each search: ${await selected(page)}`);
  await page.keyboard.press("ArrowDown");
  check(JSON.stringify((await selected(page)).slice(0, 3)) === '["false","true","false"]',
    `ArrowDown selects the second result: ${await selected(page)}`);
  const second = results(page).nth(1);
  check(await page.getAttribute("#search-input", "aria-activedescendant") === await second.getAttribute("id"),
    "the box points at the active result");
  check(await focused(page) === "search-input", "focus stays in the box while moving");
  await page.keyboard.press("ArrowUp");
  check((await selected(page))[0] === "true" && (await selected(page))[1] === "false", `ArrowUp goes back: ${await selected(page)}`);
  await page.keyboard.press("ArrowDown");
  const target = await second.evaluate((a) => a.href);
  await Promise.all([page.waitForURL(target), page.keyboard.press("Enter")]);
  check(page.url() === target, `Enter opens the selected (second) result ${target}, at ${page.url()}`);

  await page.keyboard.press("/");
  await type(page, "customer");
  check(await panel(page).isVisible(), "the panel is open before Escape");
  await page.mouse.click(5, 700); // the page's left margin, clear of the panel
  check(await panel(page).isHidden(), "a click elsewhere hides the panel");
  await page.locator("#search-input").focus();
  check(await panel(page).isVisible(), "focusing the box again shows its results");
  await page.keyboard.press("Escape");
  check(await panel(page).isHidden(), "Escape hides the panel");
  check(await page.getAttribute("#search-input", "aria-expanded") === "false", "the box says the list is collapsed");
  check(await page.inputValue("#search-input") === "customer", "the first Escape keeps the query");
  await page.keyboard.press("Escape");
  check(await page.inputValue("#search-input") === "", "the second Escape clears the box");

  // 4. A typo still finds; a word found nowhere says so.
  await page.keyboard.press("/");
  const typo = await type(page, "subscripton");
  check(typo.count > 0, "subscripton (a typo) finds results");
  check(/subscription/i.test(await results(page).first().textContent()), `the typo finds subscriptions: ${await results(page).first().textContent()}`);
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await page.keyboard.press("/");
  const none = await type(page, "zzqqxx");
  check(none.count === 0, `zzqqxx finds nothing: ${JSON.stringify(none)}`);
  check(await results(page).count() === 0, "no result links for zzqqxx");
  check(await panel(page).isVisible() && /No results/.test(await panel(page).textContent()),
    `the panel says No results: ${await panel(page).textContent()}`);

  // 5. The search page reads its query from the URL and keeps the URL up to date.
  await page.goto(base + "search/?q=list%20customers");
  const pageSearch = await searched(page, "list customers");
  check(pageSearch.source === "page", `the search page announces itself: ${JSON.stringify(pageSearch)}`);
  check(await page.inputValue("#search-page-input") === "list customers", "the search page's box is prefilled from q");
  const listed = page.locator("ol.search-page__results > li > a.search-result");
  check((await listed.first().getAttribute("href")).endsWith(operation("list-customers")),
    `list customers → list-customers first on the search page, got ${await listed.first().getAttribute("href")}`);
  check(/results for/.test(await page.locator(".search-page__status").textContent()),
    `the status line counts results: ${await page.locator(".search-page__status").textContent()}`);
  await page.locator("#search-page-input").fill("");
  await page.locator("#search-page-input").focus();
  await type(page, "cancel subscription");
  check(new URL(page.url()).searchParams.get("q") === "cancel subscription", `the URL follows the box: ${page.url()}`);
  check((await listed.first().getAttribute("href")).endsWith(operation("cancel-subscription")),
    `cancel subscription → cancel-subscription first, got ${await listed.first().getAttribute("href")}`);
  await page.close();

  // For the record: a whole query pasted into a fresh browser (nothing cached, the index
  // itself still to load).
  const cold = await watched(await browser.newContext());
  const fresh = await cold.newPage();
  await fresh.goto(base);
  await fresh.locator("#search-input").focus();
  await fresh.keyboard.insertText("create subscription");
  const pasted = await searched(fresh, "create subscription");
  console.log(`search: ${(pasted.at - pasted.lastInput).toFixed(1)} ms from pasting "create subscription" ` +
    "into a fresh browser to portico:search");
  await cold.close();

  // 7. Without JavaScript the header form is a plain form to the search page, which explains.
  const plain = await watched(await browser.newContext({ javaScriptEnabled: false }));
  const noScript = await plain.newPage();
  await noScript.goto(base);
  check(await noScript.locator("form.site-search").isVisible(), "the header search form is shown without JavaScript");
  check(await noScript.locator("main h1").isVisible() && (await noScript.locator("main").innerText()).length > 500,
    "the home page renders without JavaScript");
  check(await noScript.locator("#search-results").count() === 0, "no results panel without JavaScript");
  await noScript.locator("#search-input").fill("customers");
  await Promise.all([noScript.waitForURL((u) => u.pathname.endsWith("/search/")),
    noScript.locator("#search-input").press("Enter")]);
  check(new URL(noScript.url()).searchParams.get("q") === "customers", `the form sends q to search/: ${noScript.url()}`);
  check(await noScript.locator(".search-page__noscript").isVisible(), "the search page says JavaScript is needed");
  const ways = noScript.locator(".search-page__noscript + ul a");
  check(await ways.count() > 0 && await ways.first().isVisible(), "the message comes with links");
  check(await noScript.locator("ol.search-page__results > li").count() === 0, "no results are made up without JavaScript");
  await plain.close();
} catch (error) {
  // A step that cannot go on (a wait that times out) ends the run with what was found so far.
  failures.push(`stopped: ${error.message.split("\n")[0]}`);
} finally {
  await browser.close();
}

// 6. Nothing failed on the way.
check(errors.length === 0, `no errors:\n  ${errors.join("\n  ")}`);
check(searchFiles.length > 0, "search files were fetched");
const bad = searchFiles.filter((f) => !f.startsWith("200 "));
check(bad.length === 0, `every search file loads: ${bad.join(", ")}`);
console.log(`search: ${searchFiles.length} search files fetched`);
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log("search: all checks passed");
