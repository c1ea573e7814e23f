// Code-sample tabs in a real browser: one language at a time, the choice kept across pages,
// and every sample readable with JavaScript off.
// usage: node tabs.mjs BASE_URL  (BASE_URL serves a built sample portal)
import { launch } from "./chromium.mjs";

const base = process.argv[2];
const failures = [];
const check = (ok, message) => { if (!ok) failures.push(message); };

const browser = await launch();
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base + "api/streamline/operations/create-customer/");
  const tabs = page.locator("#request-sample [role=tab]");
  check(await tabs.count() === 6, `six tabs, found ${await tabs.count()}`);
  const visible = async () => page.locator("#request-sample .code-sample:visible").count();
  check(await visible() === 1, "one sample visible at a time");
  await page.getByRole("tab", { name: "Python" }).click();
  const shown = await page.locator("#request-sample .code-sample:visible").getAttribute("data-language");
  check(shown === "python", `Python shown after its tab is clicked, got ${shown}`);
  check(await page.getByRole("tab", { name: "Python" }).getAttribute("aria-selected") === "true", "the tab is marked selected");

  // The choice follows the reader to another operation.
  await page.goto(base + "api/streamline/operations/list-customers/");
  const kept = await page.locator("#request-sample .code-sample:visible").getAttribute("data-language");
  check(kept === "python", `the chosen language is remembered, got ${kept}`);

  // Arrow keys move between tabs.
  await page.getByRole("tab", { name: "Python" }).focus();
  await page.keyboard.press("ArrowRight");
  const next = await page.locator("#request-sample .code-sample:visible").getAttribute("data-language");
  check(next === "javascript", `ArrowRight selects the next language, got ${next}`);
  check(errors.length === 0, `no script errors: ${errors.join("; ")}`);

  // Without JavaScript every sample is on the page, with its label.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const noScript = await plain.newPage();
  await noScript.goto(base + "api/streamline/operations/create-customer/");
  check(await noScript.locator("#request-sample .code-sample:visible").count() === 6, "all samples visible without JavaScript");
  check(await noScript.locator(".code-sample__label:visible").count() >= 6, "labels visible without JavaScript");
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log("tabs: all checks passed");
