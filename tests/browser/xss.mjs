// Opens pages built from a hostile spec and fails if any script from the spec runs: alert,
// confirm and prompt are replaced by recorders before any page script, and every element is
// hovered, focused and clicked to trigger handlers that might have slipped through.
// Paths with `?q=` are search pages: their results (built from the spec's text) must show.
// usage: node xss.mjs BASE_URL PAGE...
import { launch } from "./chromium.mjs";

const [base, ...pages] = process.argv.slice(2);
const browser = await launch();
const fired = [];
try {
  const context = await browser.newContext();
  await context.exposeFunction("__porticoRecord", (what) => fired.push(what));
  await context.addInitScript(() => {
    for (const name of ["alert", "confirm", "prompt"]) {
      window[name] = (message) => window.__porticoRecord(`${name}(${message}) on ${location.pathname}`);
    }
  });
  for (const path of pages) {
    const page = await context.newPage();
    await page.goto(base + path);
    if (path.includes("?q=")) {
      // Search results render records made from the spec's text: wait for them to be shown.
      await page.waitForFunction(() => document.querySelector(".search-page__status")?.textContent);
      const shown = await page.locator(".search-page__results .search-result").count();
      if (!shown) throw new Error(`no search results on ${path}: the hostile records were not searched`);
    }
    await page.evaluate(() => {
      for (const el of document.querySelectorAll("body *")) {
        for (const type of ["mouseover", "focus", "click"]) {
          try { el.dispatchEvent(new Event(type)); } catch (e) { /* ignore */ }
        }
      }
    });
    await page.waitForTimeout(50);
    await page.close();
  }
} finally {
  await browser.close();
}
if (fired.length) {
  console.error("script from the spec ran:\n" + fired.join("\n"));
  process.exit(1);
}
console.log(`xss: ${pages.length} pages, no script from the spec ran`);
