// Opens pages built from a hostile spec and fails if any script from the spec runs: alert,
// confirm and prompt are replaced by recorders before any page script, and every element is
// hovered, focused and clicked to trigger handlers that might have slipped through.
// usage: node xss.mjs BASE_URL PAGE...
import { chromium } from "playwright-core";

const [base, ...pages] = process.argv.slice(2);
const args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args });
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
