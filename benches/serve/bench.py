#!/usr/bin/env python3
"""Edit-to-reload latency of `portico serve` (Python 3 standard library only).

Started by benches/serve/run.sh, which builds the binary and makes the project. On its own:

    python3 benches/serve/bench.py --portico target/release/portico --project DIR/portico \
        --repo . --out benches/serve/results

It starts `portico serve --verbose --root PROJECT --port 0` (stderr to a log file), listens to
/__portico/events, and for each scenario writes a file and times the write to the `reload` (or
`css`) event that follows. Between edits it waits until /__portico/status says `busy: false`
(the search index is rebuilt in the background after each reload), so every edit starts on an
idle server. See benches/serve/README.md.
"""

import argparse
import csv
import datetime
import http.client
import json
import math
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

EVENT_TIMEOUT = 60.0
IDLE_TIMEOUT = 600.0
POLL = 0.005  # status poll interval while waiting for busy=false (s)


def say(*parts):
    print(*parts, file=sys.stderr, flush=True)


def uptime():
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "load average: %.2f, %.2f, %.2f" % os.getloadavg()


def percentile(values, p):
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return ordered[rank - 1]


# --------------------------------------------------------------------------------------------
# The server


class Server:
    """One `portico serve` process; its stderr goes to `log`."""

    def __init__(self, portico, project, log, start_timeout):
        self.log_path = log
        self.log = open(log, "wb")
        self.proc = subprocess.Popen(
            [portico, "serve", "--verbose", "--root", project, "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=self.log,
            stdin=subprocess.DEVNULL,
        )
        self.pid = self.proc.pid
        self.url = None
        lines = queue.Queue()

        def read_stdout():
            for line in self.proc.stdout:
                lines.put(line.decode("utf-8", "replace"))
            lines.put(None)

        threading.Thread(target=read_stdout, daemon=True).start()
        started = time.perf_counter()
        deadline = started + start_timeout
        while self.url is None:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.perf_counter()))
            except queue.Empty:
                self.stop()
                raise SystemExit(f"bench.py: no URL from portico serve after {start_timeout:.0f} s (log: {log})")
            if line is None:
                self.stop()
                raise SystemExit(f"bench.py: portico serve exited before serving (log: {log}):\n"
                                 + self.log_tail())
            m = re.match(r"serving at (http://[^/\s]+)/\s*$", line)
            if m:
                self.url = m.group(1)
        self.startup_s = time.perf_counter() - started
        host, port = self.url[len("http://"):].rsplit(":", 1)
        self.host, self.port = host, int(port)

    def log_size(self):
        self.log.flush()
        return os.path.getsize(self.log_path)

    def log_since(self, offset):
        with open(self.log_path, "rb") as f:
            f.seek(offset)
            return f.read().decode("utf-8", "replace")

    def log_tail(self, n=30):
        with open(self.log_path, "rb") as f:
            return "\n".join(f.read().decode("utf-8", "replace").splitlines()[-n:])

    def rss_mb(self):
        """Resident memory of the server (Linux), to spot growth across edits."""
        try:
            with open(f"/proc/{self.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024.0
        except OSError:
            pass
        return None

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()  # this process only, by its own handle
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


class Events:
    """Reads /__portico/events on a thread; each event is queued as (perf_counter, name, data)."""

    def __init__(self, host, port):
        self.queue = queue.Queue()
        self.conn = http.client.HTTPConnection(host, port, timeout=None)
        self.conn.request("GET", "/__portico/events", headers={"Accept": "text/event-stream"})
        self.response = self.conn.getresponse()
        if self.response.status != 200:
            raise SystemExit(f"bench.py: /__portico/events answered {self.response.status}")
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        name, data = None, []
        try:
            while True:
                raw = self.response.readline()
                if not raw:
                    break
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                if line == "":
                    if name is not None or data:
                        now = time.perf_counter()
                        text = "\n".join(data)
                        try:
                            parsed = json.loads(text) if text else None
                        except ValueError:
                            parsed = text
                        self.queue.put((now, name or "message", parsed))
                    name, data = None, []
                elif line.startswith(":"):
                    continue  # keep-alive comment
                elif line.startswith("event:"):
                    name = line[6:].lstrip(" ")
                elif line.startswith("data:"):
                    data.append(line[5:][1:] if line[5:].startswith(" ") else line[5:])
        except (OSError, http.client.HTTPException):
            pass
        self.queue.put((time.perf_counter(), "__closed__", None))

    def drain(self):
        out = []
        while True:
            try:
                out.append(self.queue.get_nowait())
            except queue.Empty:
                return out

    def wait_for(self, name, timeout):
        """The first `name` event within `timeout` s, and the other events received before it."""
        deadline = time.perf_counter() + timeout
        others = []
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                return None, others
            try:
                item = self.queue.get(timeout=left)
            except queue.Empty:
                return None, others
            if item[1] == name:
                return item, others
            if item[1] == "__closed__":
                raise SystemExit("bench.py: the event stream closed")
            others.append(item)

    def close(self):
        try:
            self.conn.sock and self.conn.sock.close()
        except OSError:
            pass


class Status:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.conn = None

    def get(self):
        for attempt in range(3):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
                self.conn.request("GET", "/__portico/status")
                response = self.conn.getresponse()
                return json.loads(response.read())
            except (OSError, http.client.HTTPException, ValueError):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
                time.sleep(0.05)

    def wait_idle(self, timeout=IDLE_TIMEOUT):
        """perf_counter when the server first said busy=false, and that status."""
        deadline = time.perf_counter() + timeout
        while True:
            status = self.get()
            now = time.perf_counter()
            if not status.get("busy"):
                return now, status
            if now > deadline:
                raise SystemExit(f"bench.py: the server stayed busy for {timeout:.0f} s")
            time.sleep(POLL)


# --------------------------------------------------------------------------------------------
# Scenarios: each makes the file's content for edit k (a unique marker), and names the event.


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


class Scenario:
    key = ""
    label = ""
    event = "reload"
    path = ""

    def setup(self, project, repo):
        """Files written once before the warm-up edits. Returns True when that write changes
        the served site (so an event must be waited for)."""
        return False

    def content(self, k):
        raise NotImplementedError


class GuideBody(Scenario):
    key, label = "guide", "guide edit (body)"

    def __init__(self, rel):
        self.rel = rel

    def setup(self, project, repo):
        self.path = os.path.join(project, self.rel)
        # A kept portal (KEEP=1) still has the marker of the last run: start from the text without it.
        self.original = re.sub(r" Bench edit \d+ changes this paragraph\.", "", read(self.path))
        lines = self.original.split("\n")
        # The last paragraph of the page: its last non-empty line (gen-guides ends on a paragraph).
        self.at = max(i for i, l in enumerate(lines) if l.strip())
        if lines[self.at].startswith(("#", "|", ">", "-", "```", "1.")):
            raise SystemExit(f"bench.py: {self.rel} does not end on a paragraph")
        self.lines = lines
        return False

    def content(self, k):
        lines = list(self.lines)
        lines[self.at] = lines[self.at] + f" Bench edit {k} changes this paragraph."
        return "\n".join(lines)


class GuideTitle(Scenario):
    key, label = "guide-title", "guide title edit"

    def __init__(self, rel):
        self.rel = rel

    def setup(self, project, repo):
        self.path = os.path.join(project, self.rel)
        self.original = re.sub(r'^(title: "[^"\n]*?)(?: r\d+)+"$', r'\1"', read(self.path), count=1, flags=re.M)
        m = re.search(r'^title: "([^"\n]*)"$', self.original, re.M)
        if not m:
            raise SystemExit(f"bench.py: no quoted title in the front matter of {self.rel}")
        self.span, self.title = m.span(1), m.group(1)
        return False

    def content(self, k):
        a, b = self.span
        return self.original[:a] + f"{self.title} r{k}" + self.original[b:]


class SpecSummary(Scenario):
    key, label = "spec", "spec edit (summary)"
    SUMMARY = '"summary": "Get a repository"'

    def setup(self, project, repo):
        self.path = os.path.join(project, "specs", "github.json")
        self.original = re.sub(r'("summary": "Get a repository) \(bench \d+\)"', r'\1"', read(self.path), count=1)
        count = self.original.count(self.SUMMARY)
        if count != 1:
            raise SystemExit(f"bench.py: {self.SUMMARY} occurs {count} times in github.json, not once")
        self.at = self.original.index(self.SUMMARY) + len(self.SUMMARY) - 1  # before the closing quote
        return False

    def content(self, k):
        return self.original[: self.at] + f" (bench {k})" + self.original[self.at:]


class Template(Scenario):
    key, label = "template", "template edit"
    ANCHOR = '<article class="guide">'

    def setup(self, project, repo):
        source = read(os.path.join(repo, "themes", "default", "templates", "guide.html"))
        if self.ANCHOR not in source:
            raise SystemExit(f"bench.py: {self.ANCHOR} not found in the theme's guide.html")
        self.source = source
        os.makedirs(os.path.join(project, "templates"), exist_ok=True)
        self.path = os.path.join(project, "templates", "guide.html")
        write(self.path, self.content(0))
        # An HTML comment (not a Tera one) so every guide page's output changes.
        return True

    def content(self, k):
        return self.source.replace(self.ANCHOR, f"{self.ANCHOR}<!-- bench template edit {k} -->", 1)


class Stylesheet(Scenario):
    key, label, event = "css", "CSS edit", "css"

    def setup(self, project, repo):
        self.source = read(os.path.join(repo, "themes", "default", "static", "style.css"))
        os.makedirs(os.path.join(project, "themes", "default", "static"), exist_ok=True)
        self.path = os.path.join(project, "themes", "default", "static", "style.css")
        write(self.path, self.content(0))
        return True

    def content(self, k):
        return self.source + f"\n/* bench edit {k} */\n.bench-marker-{k} {{ color: inherit; }}\n"


REBUILT = re.compile(r"^\s*(\d+) ms\s+(.*): (\d+) of (\d+) pages changed\s*$")
SEARCHED = re.compile(r"^\s*(\d+) ms\s+search index updated\s*$")


def parse_log(text):
    rebuilt, searched, other = [], [], []
    for line in text.splitlines():
        m = REBUILT.match(line)
        if m:
            rebuilt.append({"ms": int(m.group(1)), "changed": m.group(2),
                            "pages_changed": int(m.group(3)), "pages": int(m.group(4))})
            continue
        m = SEARCHED.match(line)
        if m:
            searched.append(int(m.group(1)))
            continue
        if line.strip():
            other.append(line)
    return rebuilt, searched, other


def one_edit(scenario, k, events, status, server):
    stray = events.drain()
    offset = server.log_size()
    text = scenario.content(k)
    t0 = time.perf_counter()
    write(scenario.path, text)
    t_written = time.perf_counter()
    got, others = events.wait_for(scenario.event, EVENT_TIMEOUT)
    if got is None:
        raise SystemExit(
            f"bench.py: no `{scenario.event}` event within {EVENT_TIMEOUT:.0f} s after edit {k} "
            f"of {scenario.label} (other events: {[o[1] for o in others]})\n{server.log_tail()}")
    t1, _, data = got
    t_idle, idle_status = status.wait_idle()
    time.sleep(0.02)  # let the log lines of this edit reach the file
    rebuilt, searched, log_other = parse_log(server.log_since(offset))
    paths = data.get("paths") if isinstance(data, dict) else None
    return {
        "edit": k,
        "t0": t0,
        "t1": t1,
        "t_idle": t_idle,
        "client_ms": (t1 - t0) * 1000.0,
        "write_ms": (t_written - t0) * 1000.0,
        "server_ms": data.get("ms") if isinstance(data, dict) else None,
        "idle_ms": (t_idle - t0) * 1000.0,
        "generation": data.get("generation") if isinstance(data, dict) else None,
        "paths": "all" if paths is None else len(paths),
        "events_before": [o[1] for o in others],
        "stray_events": [s[1] for s in stray],
        "rebuilds": len(rebuilt),
        "rebuild_log_ms": [r["ms"] for r in rebuilt],
        # The rebuild that changed pages (a second one, after a write the first one raced, changes none).
        "pages_changed": max(r["pages_changed"] for r in rebuilt) if rebuilt else None,
        "pages": rebuilt[-1]["pages"] if rebuilt else None,
        "search_ms": searched[-1] if searched else None,
        "log_other": log_other[:20],
        "failed_after": bool(idle_status.get("failed")),
        "rss_mb": server.rss_mb(),
    }


def run_scenario(scenario, args, events, status, server, counter):
    say(f"==> {scenario.label}: {scenario.path_hint}")
    if scenario.setup(args.project, args.repo):
        events.drain()
        got, _ = events.wait_for(scenario.event, EVENT_TIMEOUT)
        if got is None:
            raise SystemExit(f"bench.py: setting up {scenario.label} gave no `{scenario.event}` event\n"
                             + server.log_tail())
    status.wait_idle()
    rows = []
    total = args.warmup + args.edits
    for i in range(total):
        counter[0] += 1
        row = one_edit(scenario, counter[0], events, status, server)
        row["scenario"] = scenario.key
        row["warmup"] = i < args.warmup
        rows.append(row)
        flags = ""
        if row["events_before"]:
            flags += f"  events before: {','.join(row['events_before'])}"
        if row["rebuilds"] != 1:
            flags += f"  rebuilds: {row['rebuilds']}"
        say(f"    {'warm-up' if row['warmup'] else 'edit'} {i + 1 - (0 if row['warmup'] else args.warmup):>2}: "
            f"{row['client_ms']:7.1f} ms (server {row['server_ms'] or 0:7.1f}, idle after {row['idle_ms']:7.1f}, "
            f"pages changed {row['pages_changed']}, paths {row['paths']}){flags}")
        if args.pause:
            time.sleep(args.pause)
    return rows


def summarise(rows):
    measured = [r for r in rows if not r["warmup"]]
    client = [r["client_ms"] for r in measured]
    server = [r["server_ms"] for r in measured if r["server_ms"] is not None]
    idle = [r["idle_ms"] for r in measured]
    write_ms = [r["write_ms"] for r in measured]
    search = [r["search_ms"] for r in measured if r["search_ms"] is not None]
    pages = [r["pages_changed"] for r in measured if r["pages_changed"] is not None]
    return {
        "n": len(measured),
        "p50": statistics.median(client) if client else float("nan"),
        "p95": percentile(client, 95),
        "max": max(client) if client else float("nan"),
        "min": min(client) if client else float("nan"),
        "server_p50": statistics.median(server) if server else float("nan"),
        "idle_p50": statistics.median(idle) if idle else float("nan"),
        "write_p50": statistics.median(write_ms) if write_ms else float("nan"),
        "search_p50": statistics.median(search) if search else None,
        "pages_changed": statistics.median(pages) if pages else None,
        "paths": measured[-1]["paths"] if measured else None,
        "extra_events": sum(1 for r in measured if r["events_before"]),
        "extra_rebuilds": sum(1 for r in measured if r["rebuilds"] > 1),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--portico", required=True)
    ap.add_argument("--project", required=True, help="the portal (holds portico.toml)")
    ap.add_argument("--repo", required=True, help="the Portico repository (for theme files)")
    ap.add_argument("--out", required=True, help="results folder")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--pause", type=float, default=0.0, help="seconds to wait after each idle")
    ap.add_argument("--only", default="", help="comma-separated scenario keys")
    ap.add_argument("--guide", default="content/section-010/page-000.md")
    ap.add_argument("--title-guide", default="content/section-005/page-010.md")
    ap.add_argument("--start-timeout", type=float, default=900.0)
    args = ap.parse_args()
    args.project = os.path.abspath(args.project)
    args.repo = os.path.abspath(args.repo)
    os.makedirs(args.out, exist_ok=True)

    scenarios = [GuideBody(args.guide), GuideTitle(args.title_guide), SpecSummary(), Template(), Stylesheet()]
    scenarios[0].path_hint = args.guide
    scenarios[1].path_hint = args.title_guide
    scenarios[2].path_hint = "specs/github.json (" + SpecSummary.SUMMARY + ")"
    scenarios[3].path_hint = "templates/guide.html (overrides the built-in one)"
    scenarios[4].path_hint = "themes/default/static/style.css (overrides the built-in one)"
    if args.only:
        keys = args.only.split(",")
        scenarios = [s for s in scenarios if s.key in keys]

    # SIGTERM (run.sh interrupted) must still stop the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    log = os.path.join(args.out, f"serve-{stamp}.log")
    commit = subprocess.run(["git", "-C", args.repo, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "unknown"
    dirty = subprocess.run(["git", "-C", args.repo, "status", "--porcelain", "--untracked-files=no", "--", "src", "themes", "Cargo.toml", "Cargo.lock"],
                           capture_output=True, text=True).stdout.strip()
    commit_shown = commit + (" (+ uncommitted changes in src/themes)" if dirty else "")
    load_before = uptime()
    say(f"==> portico serve --verbose --root {args.project} --port 0  (log: {log})")
    server = Server(args.portico, args.project, log, args.start_timeout)
    events = status = None
    rows = []
    try:
        say(f"    serving at {server.url}/ after {server.startup_s:.1f} s; pid {server.pid}")
        for line in server.log_since(0).splitlines():
            say("    | " + line)
        events = Events(server.host, server.port)
        hello, _ = events.wait_for("hello", 10)
        if hello is None:
            raise SystemExit("bench.py: no hello event")
        status = Status(server.host, server.port)
        status.wait_idle()
        first = status.get()
        rss_start = server.rss_mb()
        counter = [0]
        for scenario in scenarios:
            rows.extend(run_scenario(scenario, args, events, status, server, counter))
            if not server.alive():
                raise SystemExit("bench.py: portico serve exited\n" + server.log_tail())
    finally:
        if events:
            events.close()
        server.stop()
    load_after = uptime()

    summary = {s.key: summarise([r for r in rows if r["scenario"] == s.key]) for s in scenarios}
    labels = {s.key: s.label for s in scenarios}

    out = []
    out.append(f"portico serve: write -> message latency, portico {commit_shown}, {datetime.datetime.now():%Y-%m-%d %H:%M}")
    out.append(f"portal: {first.get('files')} files served; first build + start {server.startup_s:.1f} s")
    rss_end = next((r["rss_mb"] for r in reversed(rows) if r.get("rss_mb")), None)
    if rss_start and rss_end:
        out.append(f"server RSS: {rss_start:.0f} MB after the first build, {rss_end:.0f} MB after the last edit")
    out.append(f"load before: {load_before}")
    out.append(f"load after:  {load_after}")
    out.append("")
    head = f"{'scenario':<22} {'n':>3} {'p50':>8} {'p95':>8} {'max':>8} {'server p50':>11} {'idle p50':>9}"
    out.append(head)
    out.append("-" * len(head))
    for key, s in summary.items():
        out.append(f"{labels[key]:<22} {s['n']:>3} {s['p50']:>8.1f} {s['p95']:>8.1f} {s['max']:>8.1f} "
                   f"{s['server_p50']:>11.1f} {s['idle_p50']:>9.1f}")
    out.append("")
    out.append("ms. p50/p95/max: client time from just before the write to the `reload` (CSS: `css`) event;")
    out.append("server p50: the event's own `ms` (first file event -> message, includes the 10 ms quiet wait);")
    out.append("idle p50: write -> /__portico/status busy=false (search index caught up).")
    out.append("")
    head2 = (f"{'scenario':<22} {'event':<7} {'paths':>6} {'pages changed':>14} {'search idx p50':>15} "
             f"{'write p50':>10} {'extra events':>13} {'2+ rebuilds':>12}")
    out.append(head2)
    out.append("-" * len(head2))
    for key, s in summary.items():
        search = "-" if s["search_p50"] is None else f"{s['search_p50']:.0f}"
        pages = "-" if s["pages_changed"] is None else f"{s['pages_changed']:.0f}"
        ev = next(sc.event for sc in scenarios if sc.key == key)
        out.append(f"{labels[key]:<22} {ev:<7} {str(s['paths']):>6} {pages:>14} {search:>15} "
                   f"{s['write_p50']:>10.1f} {s['extra_events']:>13} {s['extra_rebuilds']:>12}")
    out.append("")
    out.append("paths: pages named in the last reload (all = every page); pages changed and search idx (ms)")
    out.append("from the server's --verbose log; write: time of the write() itself; extra events: edits")
    out.append("that produced another event (e.g. `problems` from a half-written file) before the awaited one;")
    out.append("2+ rebuilds: edits the server rebuilt more than once (the log shows one line per rebuild).")
    report = "\n".join(out)
    print(report, flush=True)

    base = os.path.join(args.out, f"serve-bench-{stamp}")
    fields = ["scenario", "edit", "warmup", "client_ms", "server_ms", "idle_ms", "write_ms", "generation",
              "paths", "pages_changed", "pages", "search_ms", "rebuilds", "rss_mb", "events_before", "stray_events"]
    with open(base + ".csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            r2 = dict(r)
            r2["events_before"] = " ".join(r["events_before"])
            r2["stray_events"] = " ".join(r["stray_events"])
            w.writerow(r2)
    document = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "commit": commit,
        "dirty": bool(dirty),
        "load_before": load_before,
        "load_after": load_after,
        "cpus": os.cpu_count(),
        "startup_s": server.startup_s,
        "files_served": first.get("files"),
        "rss_start_mb": rss_start,
        "settings": {"edits": args.edits, "warmup": args.warmup, "guide": args.guide,
                     "title_guide": args.title_guide, "poll_s": POLL},
        "summary": summary,
        "rows": rows,
        "log": os.path.basename(log),
        "report": report,
    }
    with open(base + ".json", "w") as f:
        json.dump(document, f, indent=1)
    for suffix in (".json", ".csv"):
        shutil.copyfile(base + suffix, os.path.join(args.out, "latest" + suffix))
    with open(base + ".txt", "w") as f:
        f.write(report + "\n")
    say(f"==> results: {base}.json, .csv, .txt; server log: {log}")


if __name__ == "__main__":
    main()
