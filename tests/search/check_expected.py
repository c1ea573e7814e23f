#!/usr/bin/env python3
"""Check a search relevance query file against a built Portico site.

Usage: python3 tests/search/check_expected.py <queries.tsv> <built site dir>

The query file is UTF-8; lines starting with '#' (and blank lines) are comments,
every other line is `query<TAB>expected<TAB>why`. `expected` is a site path
without a leading slash, such as `api/streamline/operations/create-subscription/`
or `guides/webhooks/#verifying-signatures`.

For every line this checks that the row has three non-empty columns, that the
path is a directory of the site holding an index.html, and, when the path has
an anchor, that the page has an element with that id. It prints a summary and
exits with 1 listing every problem, 2 on wrong usage, 0 otherwise.
"""

import os
import sys
from html.parser import HTMLParser
from urllib.parse import unquote


class IdCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids.add(value)

    handle_startendtag = handle_starttag


def page_ids(path, cache):
    if path not in cache:
        parser = IdCollector()
        with open(path, encoding="utf-8") as f:
            parser.feed(f.read())
        parser.close()
        cache[path] = parser.ids
    return cache[path]


def check(queries_path, site_dir):
    problems = []
    rows = 0
    seen = {}
    cache = {}
    site_root = os.path.realpath(site_dir)
    with open(queries_path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{queries_path}:{lineno}"
        cols = line.split("\t")
        if len(cols) != 3:
            problems.append(f"{where}: expected 3 tab-separated columns, found {len(cols)}")
            continue
        query, expected, why = cols
        rows += 1
        if not query.strip() or not expected.strip() or not why.strip():
            problems.append(f"{where}: empty column in {line!r}")
            continue
        if query != query.strip():
            problems.append(f"{where}: query {query!r} has leading or trailing spaces")
        if query in seen:
            problems.append(f"{where}: query {query!r} already on line {seen[query]}")
        else:
            seen[query] = lineno
        if expected.startswith("/"):
            problems.append(f"{where}: expected {expected!r} must not start with '/'")
            continue
        path, _, anchor = expected.partition("#")
        if "#" in expected and not anchor:
            problems.append(f"{where}: expected {expected!r} has an empty anchor")
            continue
        if path and not path.endswith("/"):
            problems.append(f"{where}: expected path {path!r} should end with '/'")
        rel = unquote(path)
        directory = os.path.realpath(os.path.join(site_root, rel))
        if directory != site_root and not directory.startswith(site_root + os.sep):
            problems.append(f"{where}: expected {expected!r} points outside the site")
            continue
        index = os.path.join(directory, "index.html")
        if not os.path.isfile(index):
            problems.append(f"{where}: no page for {expected!r} (missing {os.path.relpath(index, site_root)})")
            continue
        if anchor:
            ids = page_ids(index, cache)
            if unquote(anchor) not in ids:
                problems.append(f"{where}: page {path or '/'} has no element with id {anchor!r}")
    return rows, problems


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    queries_path, site_dir = argv[1], argv[2]
    if not os.path.isfile(queries_path):
        print(f"error: no query file {queries_path}", file=sys.stderr)
        return 2
    if not os.path.isdir(site_dir):
        print(f"error: no site directory {site_dir}", file=sys.stderr)
        return 2
    rows, problems = check(queries_path, site_dir)
    for p in problems:
        print(p)
    status = "FAIL" if problems else "ok"
    print(f"{status}: {rows} queries in {queries_path}, {len(problems)} problem(s) against {site_dir}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
