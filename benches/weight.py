#!/usr/bin/env python3
"""Page weight of a built portal, per page type: what a reader's browser transfers for one page.

usage: weight.py SITE_DIR [--budget-kb 60]

For every HTML page: its own bytes, plus the stylesheets, scripts and icons it links to (each
counted once per page; a first visit downloads them), compressed with gzip -9 as a web server
or CDN would send them. The search index (`search/`) is left out: it is fetched only when the
reader searches. Pages are grouped by type from their path (operation, schema, tag, API
overview, guide, ...) and the table shows, per type: pages, median and largest compressed
weight, and the largest page's path. Exit status 1 when the largest operation page is over the
budget. Standard library only.
"""
import argparse
import gzip
import os
import re
import statistics
import sys

LINKED = re.compile(r'<(?:link[^>]+href|script[^>]+src)="([^"]+)"')


def page_type(rel):
    parts = rel.split("/")
    if len(parts) >= 4 and parts[0] == "api":
        return {"operations": "operation", "schemas": "schema", "tags": "tag",
                "webhooks": "webhook"}.get(parts[2], parts[2])
    if len(parts) == 3 and parts[0] == "api":
        return "api overview" if parts[2] == "index.html" else "other"
    if rel == "index.html":
        return "home"
    if parts[0] == "search":
        return "search page"
    if rel == "404.html":
        return "404"
    return "guide / section"


def gz(data, cache, key):
    if key not in cache:
        cache[key] = len(gzip.compress(data, 9))
    return cache[key]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--budget-kb", type=float, default=60.0)
    args = ap.parse_args()
    site = os.path.abspath(args.site)
    cache = {}
    rows = {}
    for root, _dirs, files in os.walk(site):
        for name in files:
            if not name.endswith(".html"):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, site)
            with open(path, "rb") as f:
                html = f.read()
            total = gz(html, cache, path)
            assets = set()
            for href in LINKED.findall(html.decode("utf-8", "replace")):
                if "://" in href or href.startswith("data:"):
                    continue
                href = href.split("#")[0].split("?")[0]
                # `/x` (404.html uses the base path): from the site's root.
                base = site if href.startswith("/") else root
                target = os.path.normpath(os.path.join(base, href.lstrip("/")))
                if target.startswith(os.path.join(site, "search") + os.sep):
                    continue
                if os.path.isfile(target):
                    assets.add(target)
            for asset in assets:
                with open(asset, "rb") as f:
                    total += gz(f.read(), cache, asset)
            rows.setdefault(page_type(rel), []).append((total, len(html), rel))
    print(f"{'page type':<16} {'pages':>6} {'median KB':>10} {'max KB':>8} {'max raw KB':>11}  largest page")
    print("-" * 100)
    over = False
    for kind in sorted(rows, key=lambda k: -len(rows[k])):
        sizes = rows[kind]
        biggest = max(sizes)
        median = statistics.median(s[0] for s in sizes)
        print(f"{kind:<16} {len(sizes):>6} {median / 1024:>10.1f} {biggest[0] / 1024:>8.1f} "
              f"{biggest[1] / 1024:>11.1f}  {biggest[2]}")
        if kind == "operation" and biggest[0] / 1024 > args.budget_kb:
            over = True
    print(f"(compressed with gzip -9: the page plus the CSS/JS/icons it links to; the search index "
          f"is excluded; budget for an operation page: {args.budget_kb:.0f} KB)")
    if over:
        print("OVER BUDGET: the largest operation page weighs more than the budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
