#!/usr/bin/env python3
"""Build every spec of ../shared/corpus as a portal with the release binary and report.

usage: python3 tests/corpus_report.py [--limit N] [--jobs J]
  (build the binary first: cargo build --release)

For each document of MANIFEST.tsv: copy it (with its folder when it is split across files) into a
fresh project, run `portico build` under a 120 s timeout, and classify the result: built (and then
every operation page's data-operation / data-webhook must equal the independent listing of
../shared/tools/spec-operations.py), failed with a diagnostic (grouped by message), crashed
(a panic or a signal), or timed out. Prints the figures; exits 1 on any crash, hang or mismatch.
"""
import collections, concurrent.futures, html, os, re, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
CORPUS = os.path.join(REPO, "..", "shared", "corpus")
TOOL = os.path.join(REPO, "..", "shared", "tools", "spec-operations.py")
BINARY = os.path.join(REPO, "target", "release", "portico")
MULTI_FILE = {"vendor/digitalocean/": "vendor/digitalocean/specification"}


def rows():
    with open(os.path.join(CORPUS, "MANIFEST.tsv")) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            yield dict(zip(header, line.rstrip("\n").split("\t")))


def expected_operations(spec):
    out = subprocess.run([sys.executable, TOOL, spec, "--webhooks"], capture_output=True, text=True)
    return sorted(l for l in out.stdout.splitlines() if l.strip()) if out.returncode == 0 else None


def rendered_operations(site):
    found = []
    api = os.path.join(site, "api")
    for slug in os.listdir(api) if os.path.isdir(api) else []:
        for kind in ("operations", "webhooks"):
            folder = os.path.join(api, slug, kind)
            for page in os.listdir(folder) if os.path.isdir(folder) else []:
                path = os.path.join(folder, page, "index.html")
                if not os.path.isfile(path):
                    continue
                text = open(path, encoding="utf-8").read()
                for value in re.findall(r' data-operation="([^"]*)"', text):
                    found.append(html.unescape(value))
                for value in re.findall(r' data-webhook="([^"]*)"', text):
                    found.append("WEBHOOK " + html.unescape(value))
    return sorted(found)


def group(message):
    message = re.sub(r'"[^"]*"', '"…"', message)
    message = re.sub(r"\d+", "N", message)
    return message[:110]


def check(row):
    path = row["path"]
    with tempfile.TemporaryDirectory() as project:
        folder = next((f for p, f in MULTI_FILE.items() if path.startswith(p)), None)
        if folder:
            shutil.copytree(os.path.join(CORPUS, folder), os.path.join(project, "specs"))
            spec = "specs/" + os.path.relpath(path, folder)
        else:
            os.makedirs(os.path.join(project, "specs"))
            spec = "specs/api." + path.rsplit(".", 1)[-1]
            shutil.copy(os.path.join(CORPUS, path), os.path.join(project, spec))
        with open(os.path.join(project, "portico.toml"), "w") as f:
            f.write(f'title = "t"\nbase_url = "https://x.example/"\n[[apis]]\nslug = "api"\nspec = "{spec}"\n')
        try:
            out = subprocess.run([BINARY, "build", "--root", project, "--quiet"], capture_output=True,
                                 text=True, timeout=120, env=dict(os.environ, NO_COLOR="1"))
        except subprocess.TimeoutExpired:
            return path, "timeout", ""
        if out.returncode not in (0, 1):
            return path, "crash", out.stderr[-300:]
        if out.returncode == 1:
            first = next((l for l in out.stderr.splitlines() if l.startswith("error")), out.stderr[:200])
            return path, "failed", group(first)
        expected = expected_operations(os.path.join(project, spec))
        if expected is None:
            return path, "built (unlisted)", ""
        found = rendered_operations(os.path.join(project, "public"))
        if found != expected:
            return path, "mismatch", f"{len(found)} pages for {len(expected)} operations"
        return path, "built", str(len(found))


def main():
    limit = int(sys.argv[sys.argv.index("--limit") + 1]) if "--limit" in sys.argv else None
    jobs = int(sys.argv[sys.argv.index("--jobs") + 1]) if "--jobs" in sys.argv else os.cpu_count()
    if not os.path.isfile(BINARY):
        sys.exit("build the release binary first: cargo build --release")
    todo = list(rows())[:limit]
    results = collections.Counter()
    reasons = collections.Counter()
    operations = 0
    problems = []
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for path, outcome, detail in pool.map(check, todo):
            results[outcome] += 1
            if outcome == "built":
                operations += int(detail)
            elif outcome == "failed":
                reasons[detail] += 1
            elif outcome != "built (unlisted)":
                problems.append(f"{outcome}: {path} {detail}")
    print(f"{len(todo)} documents: " + ", ".join(f"{n} {k}" for k, n in results.most_common()))
    print(f"{operations} operation pages checked against the independent listing")
    for reason, n in reasons.most_common():
        print(f"  {n:4} failed: {reason}")
    for p in problems:
        print("  " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
