// The theme toggle: follows the system by default, switches on click, remembers the choice.
// usage: node theme.mjs BASE_URL
import { launch } from "./chromium.mjs";

const base = process.argv[2];
const browser = await launch();
const failures = [];
const check = (ok, message) => { if (!ok) failures.push(message); };
const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
try {
  const dark = await browser.newContext({ colorScheme: "dark" });
  const page = await dark.newPage();
  await page.goto(base + "guides/quickstart/");
  const darkBg = await background(page);
  check(darkBg !== "rgb(255, 255, 255)", `a dark system gets a dark page, got ${darkBg}`);
  const toggle = page.locator(".theme-toggle");
  check(await toggle.isVisible(), "the toggle is shown when script runs");
  await toggle.click();
  check(await page.evaluate(() => document.documentElement.dataset.theme) === "light", "one click chooses light");
  check(await background(page) === "rgb(255, 255, 255)", "the light palette applies");
  await page.goto(base + "api/streamline/");
  check(await background(page) === "rgb(255, 255, 255)", "the choice is remembered on the next page");

  const light = await browser.newContext({ colorScheme: "light", javaScriptEnabled: false });
  const plain = await light.newPage();
  await plain.goto(base);
  check(!(await plain.locator(".theme-toggle").isVisible()), "without script the toggle is hidden");
  check(await background(plain) === "rgb(255, 255, 255)", "a light system gets a light page");
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log("theme: all checks passed");
