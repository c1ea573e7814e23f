#!/usr/bin/env python3
"""Portico against the tools a user would pick instead, on API-reference workloads.

Runs each tool on each spec RUNS times, one process at a time, each run under
`/usr/bin/time -f "%e %U %S %M"` (wall s, user s, sys s, peak RSS KB of the measured process
tree's largest process), and prints medians plus Portico's ratio to each tool. Standard library
only. run.sh normally calls it; see README.md.
"""
import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from measure import TIME, fmt_bytes, git_commit, loadavg, say, timed_run, write_results  # noqa: E402



def tree_size(path):
    """(files, bytes) of a file or a folder."""
    if os.path.isfile(path):
        return 1, os.path.getsize(path)
    files = total = 0
    for root, _dirs, names in os.walk(path):
        for n in names:
            files += 1
            total += os.path.getsize(os.path.join(root, n))
    return files, total


class Tool:
    """A tool: how to prepare a spec once, and the command and output of one run."""

    def __init__(self, key, label, version):
        self.key, self.label, self.version = key, label, version


def make_tools(args):
    nm = os.path.join(args.node_modules, ".bin")

    def pkg_version(name):
        try:
            with open(os.path.join(args.node_modules, name, "package.json")) as f:
                return json.load(f)["version"]
        except (OSError, ValueError, KeyError):
            return "?"

    try:
        pv = subprocess.run([args.portico, "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        pv = "?"
    tools = {
        "portico": Tool("portico", "portico build", pv + " @ " + git_commit(args.repo)),
        "redocly": Tool("redocly", "redocly build-docs", "@redocly/cli " + pkg_version("@redocly/cli")),
        "widdershins": Tool("widdershins", "widdershins", "widdershins " + pkg_version("widdershins")),
    }

    def prepare(tool, spec_name, spec_path, work):
        """Return (cwd, argv-builder(out_dir) -> (argv, output path))."""
        d = os.path.join(work, spec_name, tool.key)
        os.makedirs(d, exist_ok=True)
        if tool.key == "portico":
            os.makedirs(os.path.join(d, "specs"), exist_ok=True)
            with open(os.path.join(d, "portico.toml"), "w") as f:
                f.write('title = "Bench portal"\n')
            ext = os.path.splitext(spec_path)[1]
            shutil.copyfile(spec_path, os.path.join(d, "specs", spec_name + ext))
            return d, lambda out: ([args.portico, "build", "--quiet", "--root", d, "--output", out], out)
        if tool.key == "redocly":
            return d, lambda out: ([os.path.join(nm, "redocly"), "build-docs", spec_path,
                                    "-o", os.path.join(out, "out.html")], out)
        if tool.key == "widdershins":
            return d, lambda out: ([os.path.join(nm, "widdershins"), spec_path,
                                    "-o", os.path.join(out, "out.md")], out)
        raise ValueError(tool.key)

    return tools, prepare


def run_once(argv, cwd, out, timeout, log_path, env):
    """One measured run. Returns a dict with status ok/failed/timeout and the figures."""
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    r = timed_run(argv, cwd, os.path.join(cwd, "time.txt"), timeout, log_path, env)
    if r["status"] == "ok":
        r["files"], r["bytes"] = tree_size(out)
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--portico", required=True)
    ap.add_argument("--node-modules", required=True, help="benches/peers/node_modules")
    ap.add_argument("--repo", required=True)
    ap.add_argument("--work", required=True, help="temporary folder for projects and outputs")
    ap.add_argument("--out", required=True, help="results folder")
    ap.add_argument("--spec", action="append", required=True, metavar="NAME=PATH")
    ap.add_argument("--tools", default="portico,redocly,widdershins")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=0, help="unmeasured runs per tool and spec first")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--outputs", help="folder for the tools' outputs (default: inside --work)")
    args = ap.parse_args()
    # Tools run in their own folders: make the paths absolute.
    for a in ("portico", "node_modules", "repo", "work", "out"):
        setattr(args, a, os.path.abspath(getattr(args, a)))
    if not os.access(TIME, os.X_OK):
        sys.exit(f"bench.py: GNU time is needed at {TIME}")

    tools, prepare = make_tools(args)
    keys = [k.strip() for k in args.tools.split(",") if k.strip()]
    for k in keys:
        if k not in tools:
            sys.exit(f"bench.py: unknown tool {k} (portico, redocly, widdershins)")
    specs = []
    for s in args.spec:
        name, _, path = s.partition("=")
        if not os.path.isfile(path):
            sys.exit(f"bench.py: spec {name}: no file {path}")
        specs.append((name, os.path.abspath(path)))

    env = dict(os.environ)
    # Redocly CLI otherwise checks the npm registry for updates and sends telemetry (after a
    # 1 s reachability probe): neither is part of building the docs.
    env["REDOCLY_TELEMETRY"] = "off"
    env["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true"
    env["NO_COLOR"] = "1"

    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d-%H%M%S")
    os.makedirs(args.out, exist_ok=True)
    log_path = os.path.join(args.out, f"peers-{stamp}.log")
    load_before = loadavg()
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    say(f"==> {len(specs)} specs x {len(keys)} tools x {args.runs} runs; tool output in {log_path}")

    runs = {}  # (spec, tool) -> list of run dicts
    # What Portico costs before it reads a spec: an empty site (portico.toml only). Its own
    # code, the C library and its relocated data are resident whatever the input.
    empty = []
    if "portico" in keys:
        d = os.path.join(args.work, "empty-site")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "portico.toml"), "w") as f:
            f.write('title = "Bench portal"\n')
        out = os.path.join(args.outputs or d, "empty-site-out")
        for i in range(args.runs):
            r = run_once([args.portico, "build", "--quiet", "--root", d, "--output", out], d, out,
                         args.timeout, log_path, env)
            say(f"    {'(empty)':<12} {'portico':<12} run {i + 1}/{args.runs:<3} {r['status']:<7} "
                + (f"{r['rss_kb'] / 1024:.1f} MB" if "rss_kb" in r else ""))
            if r["status"] == "ok":
                empty.append(r["rss_kb"])
    empty_rss_mb = statistics.median(empty) / 1024 if empty else None
    for name, path in specs:
        prepared = {k: prepare(tools[k], name, path, args.work) for k in keys}
        dead = set()
        for i in range(-args.warmup, args.runs):
            for k in keys:  # interleaved, so a load change hits every tool alike
                if k in dead:
                    continue
                cwd, build = prepared[k]
                out_dir = (os.path.join(args.outputs, name, k) if args.outputs
                           else os.path.join(cwd, "out"))
                argv, out = build(out_dir)
                r = run_once(argv, cwd, out, args.timeout, log_path, env)
                tag = "warm-up" if i < 0 else f"run {i + 1}/{args.runs}"
                figs = (f"{r['wall']:.2f} s wall" if "wall" in r else "") + \
                       (f", {r['cpu']:.2f} s cpu, {r['rss_kb'] / 1024:.0f} MB" if "cpu" in r else "")
                say(f"    {name:<12} {k:<12} {tag:<9} {r['status']:<7} {figs}")
                if r["status"] != "ok":
                    dead.add(k)  # a failure or timeout is not retried
                if i >= 0 or r["status"] != "ok":
                    runs.setdefault((name, k), []).append(r)
            # outputs are deleted by the next run; keep the last ones for a look with KEEP=1

    load_after = loadavg()

    # What a reader downloads for one page of each Portico portal (its last output).
    weights = []
    if "portico" in keys:
        for name, _ in specs:
            site = (os.path.join(args.outputs, name, "portico") if args.outputs
                    else os.path.join(args.work, name, "portico", "out"))
            if os.path.isdir(site):
                table = subprocess.run(
                    [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "..", "weight.py"), site],
                    capture_output=True, text=True).stdout
                weights.append(f"Page weight, Portico's {name} portal:\n{table}")

    # Summaries.
    rows = []
    for name, path in specs:
        for k in keys:
            rs = runs.get((name, k), [])
            bad = [r for r in rs if r["status"] != "ok"]
            row = {"spec": name, "spec_path": path, "tool": k, "version": tools[k].version,
                   "runs": len(rs)}
            if bad or not rs:
                row["status"] = bad[0]["status"] if bad else "not run"
            else:
                row["status"] = "ok"
                for f in ("wall", "cpu", "user", "sys"):
                    row[f] = statistics.median(r[f] for r in rs)
                row["rss_mb"] = statistics.median(r["rss_kb"] for r in rs) / 1024
                row["wall_min"] = min(r["wall"] for r in rs)
                row["wall_max"] = max(r["wall"] for r in rs)
                row["files"], row["bytes"] = rs[-1]["files"], rs[-1]["bytes"]
            rows.append(row)
    by = {(r["spec"], r["tool"]): r for r in rows}
    for r in rows:
        p = by.get((r["spec"], "portico"))
        if r["tool"] != "portico" and r["status"] == "ok" and p and p["status"] == "ok":
            r["portico_ratio_wall"] = p["wall"] / r["wall"]
            r["portico_ratio_cpu"] = p["cpu"] / r["cpu"]
            r["portico_ratio_rss"] = p["rss_mb"] / r["rss_mb"]

    lines = [
        f"Peers benchmark, {started}; portico {tools['portico'].version}; "
        + ", ".join(tools[k].version for k in keys if k != "portico")
        + f"; node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}",
        f"load average (1/5/15 min): {load_before} before, {load_after} after; "
        f"{os.cpu_count()} CPUs; medians of {args.runs} runs (+{args.warmup} warm-up)",
        "",
    ]
    hdr = (f"{'spec':<12} {'tool':<20} {'status':<8} {'wall s':>8} {'cpu s':>8} {'RSS MB':>8} "
           f"{'files':>7} {'output':>10}   {'portico/tool: wall':>18} {'cpu':>6} {'RSS':>6}")
    lines += [hdr, "-" * len(hdr)]
    for name, _ in specs:
        for k in keys:
            r = by[(name, k)]
            if r["status"] == "ok":
                s = (f"{name:<12} {tools[k].label:<20} {'ok':<8} {r['wall']:>8.2f} {r['cpu']:>8.2f} "
                     f"{r['rss_mb']:>8.0f} {r['files']:>7} {fmt_bytes(r['bytes']):>10}")
                if "portico_ratio_wall" in r:
                    s += (f"   {r['portico_ratio_wall']:>18.3f} {r['portico_ratio_cpu']:>6.3f} "
                          f"{r['portico_ratio_rss']:>6.3f}")
            else:
                s = f"{name:<12} {tools[k].label:<20} {r['status']:<8}"
            lines.append(s)
        lines.append("")
    if empty_rss_mb is not None:
        lines.append(f"Portico on an empty site (portico.toml only): peak RSS {empty_rss_mb:.1f} MB, "
                     f"median of {len(empty)}: what the process costs before it reads a spec.")
    lines.append("portico/tool: Portico's median divided by the tool's (below 1: Portico is faster / smaller).")
    lines.append("RSS: peak resident set of the largest process (GNU time %M). Failures: see " + log_path)
    lines.append(f"Outputs written to {args.outputs or args.work} (deleted before each run, not measured).")
    for w in weights:
        lines += ["", w.rstrip()]
    report = "\n".join(lines)
    print(report)

    meta = {"started": started, "load_before": load_before, "load_after": load_after,
            "runs": args.runs, "warmup": args.warmup, "timeout_s": args.timeout,
            "cpus": os.cpu_count(), "tools": {k: tools[k].version for k in keys},
            "outputs": args.outputs or args.work,
            "specs": dict(specs), "empty_site_rss_mb": empty_rss_mb}
    raw = [{"spec": s, "tool": t, "run": i + 1, **r}
           for (s, t), rs in runs.items() for i, r in enumerate(rs)]
    fields = ["spec", "tool", "status", "runs", "wall", "wall_min", "wall_max", "cpu", "user", "sys",
              "rss_mb", "files", "bytes", "portico_ratio_wall", "portico_ratio_cpu",
              "portico_ratio_rss", "version", "spec_path"]
    write_results(args.out, f"peers-{stamp}", {"meta": meta, "summary": rows, "runs": raw}, rows,
                  fields, report)


if __name__ == "__main__":
    main()
