#!/usr/bin/env python3
"""Portico against Hugo, mdBook and Zola on Markdown guides workloads.

For each size N, generates N synthetic guides with ../shared/tools/gen-guides.py (the same pages
for Portico, Hugo and mdBook; this script converts Portico's into a Zola site), then runs each
tool RUNS times, interleaved, one process at a time, each run under
`/usr/bin/time -f "%e %U %S %M"` (wall s, user s, sys s, peak RSS KB of the measured process
tree's largest process), and prints medians plus Portico's ratio to each tool. A run only counts
when the output holds the N guide pages. Standard library only. run.sh normally calls it; see
README.md.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from measure import TIME, fmt_bytes, git_commit, loadavg, say, timed_run, write_results  # noqa: E402

TOOL_KEYS = ("portico", "hugo", "mdbook", "zola")
LABELS = {"portico": "portico build", "hugo": "hugo build", "mdbook": "mdbook build",
          "zola": "zola build"}
# A guide page in any tool's output: section-000/page-000/index.html (Portico, Hugo, Zola) or
# section-000/page-000.html (mdBook).
PAGE_RE = re.compile(r"(^|/)section-\d{3}/page-\d{3}(/index)?\.html$")


def file_system(path):
    """The type, mount point and options of the file system holding path, from /proc/mounts."""
    path, best = os.path.realpath(path), ("?", "", "")
    try:
        with open("/proc/mounts") as f:
            for line in f:
                _dev, mnt, kind, opts = line.split()[:4]
                if (path == mnt or path.startswith(mnt.rstrip("/") + "/")) and len(mnt) >= len(best[1]):
                    best = (kind, mnt, opts)
    except OSError:
        pass
    return f"{best[0]} on {best[1]} ({best[2]})"


def output_stats(path):
    """Files, bytes, HTML files and guide pages (see PAGE_RE) under a folder."""
    files = total = html = pages = 0
    for root, _dirs, names in os.walk(path):
        for n in names:
            p = os.path.join(root, n)
            files += 1
            total += os.path.getsize(p)
            if n.endswith(".html"):
                html += 1
                if PAGE_RE.search(os.path.relpath(p, path).replace(os.sep, "/")):
                    pages += 1
    return {"files": files, "bytes": total, "html": html, "pages": pages}


def first_page_ok(out, title):
    """Whether the first guide's page was rendered with its title (not an empty template)."""
    for rel in ("section-000/page-000/index.html", "section-000/page-000.html"):
        p = os.path.join(out, rel)
        if os.path.isfile(p):
            with open(p, encoding="utf-8", errors="replace") as f:
                return title in f.read()
    return False


def tool_version(argv):
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=30).stdout.strip()
        return out.splitlines()[0] if out else "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


# ---------------------------------------------------------------- the Zola site

ZOLA_CONFIG = """base_url = "http://localhost/"
title = "Bench Docs"
compile_sass = false
build_search_index = false

[markdown.highlighting]
theme = "github-light"
"""

# The same minimal layout as gen-guides.py writes for Hugo (baseof/single/list), in Tera.
ZOLA_TEMPLATES = {
    "base.html": (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<title>{% block title %}{{ config.title }}{% endblock title %}</title>'
        '<link rel="stylesheet" href="/style.css"></head><body><nav><a href="/">Home</a> '
        '{% block parent %}{% endblock parent %}</nav>'
        '<main>{% block main %}{% endblock main %}</main></body></html>\n'),
    "page.html": (
        '{% extends "base.html" %}'
        '{% block title %}{{ page.title }} | {{ config.title }}{% endblock title %}'
        '{% block parent %}{% set parent = get_section(path=page.ancestors | last, metadata_only=true) %}'
        '&rsaquo; <a href="{{ parent.permalink | safe }}">{{ parent.title }}</a>{% endblock parent %}'
        '{% block main %}<article><h1>{{ page.title }}</h1>'
        '<nav id="TableOfContents"><ul>{% for h in page.toc %}<li><a href="#{{ h.id }}">{{ h.title }}</a>'
        '{% if h.children %}<ul>{% for c in h.children %}<li><a href="#{{ c.id }}">{{ c.title }}</a></li>'
        '{% endfor %}</ul>{% endif %}</li>{% endfor %}</ul></nav>'
        '{{ page.content | safe }}</article>'
        '<footer>{% if page.lower %}<a href="{{ page.lower.permalink | safe }}">prev</a>{% endif %} '
        '{% if page.higher %}<a href="{{ page.higher.permalink | safe }}">next</a>{% endif %}</footer>'
        '{% endblock main %}\n'),
    "section.html": (
        '{% extends "base.html" %}'
        '{% block title %}{{ section.title }} | {{ config.title }}{% endblock title %}'
        '{% block parent %}&rsaquo; <a href="{{ config.base_url | safe }}">{{ config.title }}</a>'
        '{% endblock parent %}'
        '{% block main %}<h1>{{ section.title }}</h1>{{ section.content | safe }}<ul>'
        '{% for p in section.pages %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a></li>'
        '{% endfor %}</ul>{% endblock main %}\n'),
    "index.html": (
        '{% extends "base.html" %}'
        '{% block main %}<h1>{{ section.title }}</h1>{{ section.content | safe }}<ul>'
        '{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}'
        '<li><a href="{{ sub.permalink | safe }}">{{ sub.title }}</a></li>{% endfor %}</ul>'
        '{% endblock main %}\n'),
}

FRONT_MATTER_RE = re.compile(r"\A---\n(.*?)\n---\n", re.S)
# gen-guides.py's cross-links: [text](../section-007/page-014.md)
LINK_RE = re.compile(r"\]\(\.\./(section-\d{3}/page-\d{3}\.md)\)")


def toml_front_matter(yaml_text, extra=""):
    """gen-guides.py's YAML front matter (only `title` and `weight`) as Zola's TOML."""
    fields = {}
    for line in yaml_text.splitlines():
        key, _, value = line.partition(":")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        fields[key.strip()] = value
    lines = ["+++", "title = " + json.dumps(fields["title"])]
    if "weight" in fields:
        lines.append("weight = " + str(int(fields["weight"])))
    if extra:
        lines.append(extra)
    lines.append("+++")
    return "\n".join(lines) + "\n"


def make_zola_site(portico_dir, zola_dir):
    """Convert the Portico project's guides into a Zola site with the same page text.

    index.md becomes _index.md (a section, pages sorted by weight); the page bodies are copied
    unchanged except the cross-links, which become Zola's internal links (@/section-007/page-014.md,
    checked by Zola at build time) as gen-guides.py makes them /section-007/page-014/ for Hugo.
    """
    shutil.rmtree(zola_dir, ignore_errors=True)
    src = os.path.join(portico_dir, "content")
    pages = 0
    for root, _dirs, names in os.walk(src):
        for name in sorted(names):
            if not name.endswith(".md"):
                continue
            rel = os.path.relpath(os.path.join(root, name), src)
            with open(os.path.join(root, name), encoding="utf-8") as f:
                text = f.read()
            m = FRONT_MATTER_RE.match(text)
            if not m:
                raise ValueError(f"no front matter in {rel}")
            body = LINK_RE.sub(r"](@/\1)", text[m.end():])
            if name == "index.md":
                dest = os.path.join(os.path.dirname(rel), "_index.md")
                fm = toml_front_matter(m.group(1), 'sort_by = "weight"')
            else:
                dest, fm = rel, toml_front_matter(m.group(1))
                pages += 1
            path = os.path.join(zola_dir, "content", dest)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(fm + body)
    with open(os.path.join(zola_dir, "config.toml"), "w") as f:
        f.write(ZOLA_CONFIG)
    os.makedirs(os.path.join(zola_dir, "templates"))
    for name, text in ZOLA_TEMPLATES.items():
        with open(os.path.join(zola_dir, "templates", name), "w") as f:
            f.write(text)
    os.makedirs(os.path.join(zola_dir, "static"))
    shutil.copyfile(os.path.join(os.path.dirname(portico_dir), "hugo", "static", "style.css"),
                    os.path.join(zola_dir, "static", "style.css"))
    return pages


# ---------------------------------------------------------------- workloads and runs

def make_workload(args, n):
    """Generate N guides for every tool under work/N; returns (folder, gen-guides.py's summary)."""
    d = os.path.join(args.work, str(n))
    summary = subprocess.run([sys.executable, args.gen, str(n), d], capture_output=True,
                             text=True, check=True).stdout.strip()
    with open(os.path.join(d, "portico", "portico.toml"), "w") as f:
        f.write('title = "Bench guides"\n')
    return d, summary


def command(args, key, d, out):
    """The command line of one build of the workload in d into out."""
    if key == "portico":
        return [args.portico, "build", "--quiet", "--root", os.path.join(d, "portico"),
                "--output", out]
    if key == "hugo":
        return [args.hugo, "build", "--quiet", "--source", os.path.join(d, "hugo"),
                "--destination", out]
    if key == "mdbook":
        return [args.mdbook, "build", os.path.join(d, "mdbook"), "--dest-dir", out]
    if key == "zola":
        return [args.zola, "--root", os.path.join(d, "zola"), "build", "--output-dir", out]
    raise ValueError(key)


def run_once(argv, cwd, out, n, timeout, log_path):
    """One measured run; status ok / failed / timeout / incomplete, and the figures."""
    if os.path.exists(out):
        shutil.rmtree(out)  # not measured; every tool creates its output folder itself
    os.makedirs(os.path.dirname(out), exist_ok=True)
    os.sync()  # nor is writing back what the previous run left in the page cache
    r = {"load1": loadavg().split()[0], **timed_run(argv, cwd, out + ".time", timeout, log_path)}
    if r["status"] != "ok":
        return r
    if os.path.isdir(out):
        r.update(output_stats(out))
    else:
        r.update(files=0, bytes=0, html=0, pages=0)
    # A build that exits 0 but does not hold the N guide pages, rendered, is not a result.
    title_ok = r["pages"] and first_page_ok(out, "Page 000-000")
    if r["pages"] != n or not title_ok:
        r["status"] = "incomplete"
        with open(log_path, "a") as log:
            log.write(f"[bench] incomplete: {r['pages']} of {n} guide pages in {out}"
                      + ("" if title_ok else "; section-000/page-000 lacks its title") + "\n")
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--portico", required=True)
    ap.add_argument("--hugo", default="", help="the hugo binary ('' = not installed)")
    ap.add_argument("--mdbook", default="", help="the mdbook binary ('' = not installed)")
    ap.add_argument("--zola", default="", help="the zola binary ('' = not installed)")
    ap.add_argument("--gen", required=True, help="../shared/tools/gen-guides.py")
    ap.add_argument("--repo", required=True)
    ap.add_argument("--work", required=True, help="temporary folder for workloads and outputs")
    ap.add_argument("--out", required=True, help="results folder")
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--tools", default="portico,hugo,mdbook,zola")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--slow", default="mdbook@10000",
                    help="tool@size pairs measured only --slow-runs times")
    ap.add_argument("--slow-runs", type=int, default=None, help="default: --runs")
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--outputs", help="folder for the tools' outputs (default: WORK/outputs)")
    args = ap.parse_args()
    for a in ("portico", "hugo", "mdbook", "zola", "gen", "repo", "work", "out", "outputs"):
        if getattr(args, a):
            setattr(args, a, os.path.abspath(getattr(args, a)))
    if not os.access(TIME, os.X_OK):
        sys.exit(f"bench.py: GNU time is needed at {TIME}")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    keys = [k.strip() for k in args.tools.split(",") if k.strip()]
    for k in keys:
        if k not in TOOL_KEYS:
            sys.exit(f"bench.py: unknown tool {k} ({', '.join(TOOL_KEYS)})")
    slow = {tuple(p.split("@")) for p in args.slow.split(",") if "@" in p}
    slow_runs = args.runs if args.slow_runs is None else args.slow_runs

    def runs_for(k, n):
        return slow_runs if (k, str(n)) in slow else args.runs

    missing = [k for k in keys if not getattr(args, k)]
    for k in missing:
        say(f"!!! {k} is not installed: it is skipped (reported as 'missing'); see README.md")
    versions = {"portico": tool_version([args.portico, "--version"]) + " @ " + git_commit(args.repo)}
    if args.hugo:
        versions["hugo"] = tool_version([args.hugo, "version"]).split("-")[0]  # hugo v0.168.0
    if args.mdbook:
        versions["mdbook"] = tool_version([args.mdbook, "--version"])
    if args.zola:
        versions["zola"] = tool_version([args.zola, "--version"])

    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d-%H%M%S")
    os.makedirs(args.out, exist_ok=True)
    log_path = os.path.join(args.out, f"guides-{stamp}.log")
    outputs = args.outputs or os.path.join(args.work, "outputs")  # not work/N/TOOL: the sources
    work_fs, outputs_fs = file_system(args.work), file_system(outputs)
    load_before = loadavg()
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    say(f"==> sizes {sizes} x tools {keys} x {args.runs} runs; load {load_before}; "
        f"tool output in {log_path}")

    runs = {}  # (size, tool) -> list of run dicts
    workloads = {}
    for n in sizes:
        d, summary = make_workload(args, n)
        workloads[n] = summary
        say(f"==> {n} guides: {summary}")
        if "zola" in keys and args.zola:
            make_zola_site(os.path.join(d, "portico"), os.path.join(d, "zola"))
        dead = set(missing)
        for i in range(args.runs):
            for k in keys:  # interleaved, so a load change hits every tool alike
                if k in dead or i >= runs_for(k, n):
                    continue
                out = os.path.join(outputs, str(n), k)
                r = run_once(command(args, k, d, out), d, out, n, args.timeout, log_path)
                figs = (f"{r['wall']:.2f} s wall" if "wall" in r else "") + \
                       (f", {r['cpu']:.2f} s cpu, {r['rss_kb'] / 1024:.0f} MB" if "cpu" in r else "") + \
                       (f", {r['pages']} pages" if "pages" in r else "")
                say(f"    {n:>6} {k:<8} run {i + 1}/{runs_for(k, n)} {r['status']:<10} {figs}"
                    f"  (load {r['load1']})")
                runs.setdefault((n, k), []).append(r)
                if r["status"] != "ok":
                    dead.add(k)  # a failure, timeout or incomplete output is not retried
        # the last outputs stay in OUTPUTS/N/TOOL (with KEEP=1, for a look)

    load_after = loadavg()

    # Summaries.
    rows = []
    for n in sizes:
        for k in keys:
            rs = runs.get((n, k), [])
            bad = [r for r in rs if r["status"] != "ok"]
            row = {"size": n, "tool": k, "version": versions.get(k, ""), "runs": len(rs)}
            if k in missing:
                row["status"] = "missing"
            elif bad or not rs:
                row["status"] = bad[0]["status"] if bad else "not run"
                if bad and "pages" in bad[0]:
                    row["pages"] = bad[0]["pages"]
            else:
                row["status"] = "ok"
                for f in ("wall", "cpu", "user", "sys"):
                    row[f] = statistics.median(r[f] for r in rs)
                row["rss_mb"] = statistics.median(r["rss_kb"] for r in rs) / 1024
                row["wall_min"] = min(r["wall"] for r in rs)
                row["wall_max"] = max(r["wall"] for r in rs)
                for f in ("files", "bytes", "html", "pages"):
                    row[f] = rs[-1][f]
            rows.append(row)
    by = {(r["size"], r["tool"]): r for r in rows}
    for r in rows:
        p = by.get((r["size"], "portico"))
        if r["tool"] != "portico" and r["status"] == "ok" and p and p["status"] == "ok":
            r["portico_ratio_wall"] = p["wall"] / r["wall"]
            r["portico_ratio_cpu"] = p["cpu"] / r["cpu"]
            r["portico_ratio_rss"] = p["rss_mb"] / r["rss_mb"]

    loads = [float(r["load1"]) for rs in runs.values() for r in rs if r.get("load1", "?") != "?"]
    lines = [
        f"Guides benchmark, {started}; " + "; ".join(versions[k] for k in keys if k in versions),
        f"load average (1/5/15 min): {load_before} before, {load_after} after"
        + (f"; 1-min load at the start of the runs {min(loads):.2f}-{max(loads):.2f}" if loads else "")
        + f"; {os.cpu_count()} CPUs; medians of {args.runs} runs"
        + (f" ({slow_runs} for {args.slow})" if slow_runs != args.runs else ""),
        f"workloads in {args.work}: {work_fs}",
        f"outputs in {outputs} (deleted before each run, not measured): {outputs_fs}",
        "",
    ]
    hdr = (f"{'guides':>6}  {'tool':<14} {'status':<10} {'runs':>4} {'wall s':>8} {'cpu s':>8} "
           f"{'RSS MB':>7} {'html':>6} {'files':>6} {'output':>9}   "
           f"{'portico/tool: wall':>18} {'cpu':>6} {'RSS':>6}")
    lines += [hdr, "-" * len(hdr)]
    for n in sizes:
        for k in keys:
            r = by[(n, k)]
            if r["status"] == "ok":
                s = (f"{n:>6}  {LABELS[k]:<14} {'ok':<10} {r['runs']:>4} {r['wall']:>8.2f} "
                     f"{r['cpu']:>8.2f} {r['rss_mb']:>7.0f} {r['html']:>6} {r['files']:>6} "
                     f"{fmt_bytes(r['bytes']):>9}")
                if "portico_ratio_wall" in r:
                    s += (f"   {r['portico_ratio_wall']:>18.3f} {r['portico_ratio_cpu']:>6.3f} "
                          f"{r['portico_ratio_rss']:>6.3f}")
            else:
                s = f"{n:>6}  {LABELS[k]:<14} {r['status']:<10}"
                if r["status"] == "incomplete":
                    s += f" {r.get('pages', 0)} of {n} guide pages"
                elif r["status"] == "missing":
                    s += " not installed, skipped (see README.md)"
            lines.append(s)
        lines.append("")
    lines.append("portico/tool: Portico's median divided by the tool's (below 1: Portico is faster / smaller).")
    lines.append("RSS: peak resident set of the largest process (GNU time %M). html: HTML files "
                 "(each run checks that the N guide pages are there). Tool output: " + log_path)
    report = "\n".join(lines)
    print(report)

    meta = {"started": started, "load_before": load_before, "load_after": load_after,
            "runs": args.runs, "slow": args.slow, "slow_runs": slow_runs,
            "timeout_s": args.timeout, "cpus": os.cpu_count(), "work": args.work,
            "work_fs": work_fs, "outputs": outputs, "outputs_fs": outputs_fs, "tools": versions,
            "missing": missing, "workloads": workloads}
    raw = [{"size": n, "tool": t, "run": i + 1, **r}
           for (n, t), rs in runs.items() for i, r in enumerate(rs)]
    fields = ["size", "tool", "status", "runs", "wall", "wall_min", "wall_max", "cpu", "user",
              "sys", "rss_mb", "html", "pages", "files", "bytes", "portico_ratio_wall",
              "portico_ratio_cpu", "portico_ratio_rss", "version"]
    write_results(args.out, f"guides-{stamp}", {"meta": meta, "summary": rows, "runs": raw}, rows,
                  fields, report)


if __name__ == "__main__":
    main()
