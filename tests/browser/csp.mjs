// The pages' Content-Security-Policy in a real browser. Every `securitypolicyviolation` event
// (and every console report of one) is recorded from before any page script runs.
// usage:
//   node csp.mjs clean BASE_URL PAGE...    no page reports a violation, each page has the policy
//   node csp.mjs theme BASE_URL            search and code-sample tabs work under the policy
//   node csp.mjs blocked BASE_URL PAGE...  inline script injected into each page is refused
//   node csp.mjs serve BASE_URL PROJECT    `portico serve`: live reload works under the policy
import { launch } from "./chromium.mjs";
import fs from "node:fs";
import path from "node:path";

const [mode, base, ...rest] = process.argv.slice(2);
const failures = [];
const check = (ok, message) => { if (!ok) failures.push(message); };

const browser = await launch();
const context = await browser.newContext();
context.setDefaultTimeout(15000);
const violations = [];
await context.exposeFunction("__porticoViolation", (v) => violations.push(v));
await context.addInitScript(() => {
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__porticoViolation({ page: location.pathname + location.search,
      directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
  });
});
// Chromium also reports refusals on the console, including ones made before a listener could
// be told (a policy in a header applies to the document's very first bytes).
const consoleReports = [];
context.on("console", (m) => {
  if (/Content Security Policy/i.test(m.text())) consoleReports.push(m.text());
});
const errors = [];
async function open(url) {
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(`${url}: ${e}`));
  await page.goto(url);
  return page;
}
const policy = (page) => page.evaluate(() =>
  document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content || "");

try {
  if (mode === "clean") {
    for (const p of rest) {
      const page = await open(base + p);
      const csp = await policy(page);
      check(/script-src 'self'/.test(csp) && !/script-src[^;]*unsafe/.test(csp),
        `${p}: the page's policy allows only the site's own scripts: ${JSON.stringify(csp)}`);
      // The theme's scripts ran: the theme toggle is shown by portico.js.
      check(await page.locator(".theme-toggle:not([hidden])").count() === 1, `${p}: portico.js did not run`);
      await page.close();
    }
  } else if (mode === "theme") {
    const op = await open(base + "api/streamline/operations/create-customer/");
    await op.getByRole("tab", { name: "Python" }).click();
    const shown = await op.locator("#request-sample .code-sample:visible").getAttribute("data-language");
    check(shown === "python", `the Python tab shows its sample under the policy, got ${shown}`);
    await op.keyboard.press("/");
    await op.keyboard.type("customer", { delay: 30 });
    await op.locator("#search-results a.search-result").first().waitFor();
    check(await op.locator("#search-results a.search-result").count() > 0, "the header search shows results");
    await op.close();
    const search = await open(base + "search/?q=subscription");
    await search.locator(".search-page__results .search-result").first().waitFor();
    check(await search.locator(".search-page__results .search-result").count() > 0, "the search page shows results");
    await search.close();
  } else if (mode === "blocked") {
    for (const p of rest) {
      const page = await open(base + p);
      await page.locator("#injected").click();
      await page.waitForTimeout(100);
      const ran = await page.evaluate(() => [window.__inlineRan, window.__handlerRan]);
      check(ran[0] === undefined, `${p}: the inline script ran`);
      check(ran[1] === undefined, `${p}: the inline event handler ran`);
      const mine = violations.filter((v) => v.page === new URL(base + p).pathname);
      check(mine.some((v) => v.directive.startsWith("script-src") && v.blocked === "inline"),
        `${p}: no violation reported for the inline script: ${JSON.stringify(mine)}`);
      await page.close();
    }
    // Expected here; nothing else is.
    violations.length = 0;
    consoleReports.length = 0;
  } else if (mode === "serve") {
    const project = rest[0];
    await context.addInitScript(() => {
      const Native = window.EventSource;
      window.__hello = 0;
      window.EventSource = class extends Native {
        constructor(...a) { super(...a); this.addEventListener("hello", () => { window.__hello += 1; }); }
      };
    });
    const page = await open(base + "guides/quickstart/");
    await page.waitForFunction(() => window.__hello > 0);
    check(/script-src 'self'/.test(await policy(page)), "the served page carries the policy");
    const file = path.join(project, "content/guides/quickstart.md");
    const marker = "CSP-LIVE-RELOAD-MARK";
    const reloaded = page.waitForEvent("load", { timeout: 30000 });
    fs.appendFileSync(file, `\n${marker}\n`);
    await reloaded;
    await page.waitForFunction((m) => document.body.textContent.includes(m), marker, { timeout: 30000 });
    // The reloaded page's live.js (a file, allowed by the policy) connects again.
    await page.waitForFunction(() => window.__hello > 0);
    await page.close();
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
} finally {
  await browser.close();
}
check(violations.length === 0, `policy violations: ${JSON.stringify(violations, null, 1)}`);
check(consoleReports.length === 0, `policy reports on the console: ${consoleReports.join("\n")}`);
check(errors.length === 0, `script errors: ${errors.join("\n")}`);
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log(`csp ${mode}: all checks passed`);
