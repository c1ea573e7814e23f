// How every browser test starts Chromium: Debian's (or $CHROMIUM), headless, and without the
// background connections that a machine with no network refuses many at a time.
import { chromium } from "playwright-core";

const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function launch() {
  return chromium.launch({ executablePath, args, headless: true });
}
