#!/usr/bin/env python3
"""Build every spec of the corpus above a size and print peak memory and time against its size.

usage: bench.py --portico BIN --corpus DIR [--min-bytes 1000000] [--runs 3] [--work DIR]
                [--outputs DIR] [--out DIR]

Each spec (a row of MANIFEST.tsv) is copied alone into a project and built RUNS times under
/usr/bin/time (medians, alternating specs between runs). A spec that does not build alone (its
refs name files beside it) is listed as failed with Portico's first message. The table is
sorted by peak RSS over the spec's size, both in bytes: the project's target is under 10x. An
empty site's peak is measured in the same run: what the process costs before it reads a spec.
"""
import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import measure  # noqa: E402


def build(portico, project, output, time_file, log):
    shutil.rmtree(output, ignore_errors=True)
    r = measure.timed_run([portico, "build", "--quiet", "--root", project, "--output", output],
                          project, time_file, 600, log)
    shutil.rmtree(output, ignore_errors=True)  # tmpfs is memory
    return r


def project_for(work, name, spec):
    project = os.path.join(work, name)
    os.makedirs(os.path.join(project, "specs"), exist_ok=True)
    with open(os.path.join(project, "portico.toml"), "w") as f:
        f.write('title = "Corpus"\n')
    if spec:
        shutil.copy(spec, os.path.join(project, "specs", os.path.basename(spec)))
    return project


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--portico", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--min-bytes", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work")
    ap.add_argument("--outputs")
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="portico-corpus-")
    outputs = args.outputs or work
    os.makedirs(args.out, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    log = os.path.join(args.out, f"corpus-{stamp}.log")
    time_file = os.path.join(work, "time")

    with open(os.path.join(args.corpus, "MANIFEST.tsv")) as f:
        manifest = [row for row in csv.DictReader(f, delimiter="\t")
                    if int(row["size_bytes"] or 0) >= args.min_bytes]
    specs = []
    for i, row in enumerate(manifest):
        path = os.path.join(args.corpus, row["path"])
        if os.path.isfile(path):
            specs.append({"path": row["path"], "bytes": os.path.getsize(path),
                          "operations": int(row["operations"] or 0),
                          "project": project_for(work, f"spec{i}", path)})
    empty = project_for(work, "empty", None)
    measure.say(f"==> {len(specs)} specs of at least {args.min_bytes:,} bytes, {args.runs} runs each; "
                f"load {measure.loadavg()}")
    runs = {s["path"]: [] for s in specs}
    empty_runs = []
    for n in range(args.runs):
        empty_runs.append(build(args.portico, empty, os.path.join(outputs, "out"), time_file, log))
        for s in specs:
            runs[s["path"]].append(build(args.portico, s["project"], os.path.join(outputs, "out"),
                                         time_file, log))
        measure.say(f"  run {n + 1} of {args.runs} done")

    def median(rs, key):
        values = [r[key] for r in rs if r.get("status") == "ok" and key in r]
        return statistics.median(values) if values else None

    empty_kb = median(empty_runs, "rss_kb")
    rows = []
    for s in specs:
        rs = runs[s["path"]]
        ok = all(r.get("status") == "ok" for r in rs)
        rss_kb = median(rs, "rss_kb") if ok else None
        rows.append({"spec": s["path"], "bytes": s["bytes"], "operations": s["operations"],
                     "status": "ok" if ok else rs[-1].get("status", "failed"),
                     "wall": median(rs, "wall") if ok else None,
                     "cpu": median(rs, "cpu") if ok else None,
                     "rss_kb": rss_kb,
                     "ratio": rss_kb * 1024 / s["bytes"] if rss_kb else None})
    built = [r for r in rows if r["ratio"] is not None]
    built.sort(key=lambda r: -r["ratio"])
    print(f"Corpus benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
          f"portico {measure.git_commit(os.path.dirname(os.path.dirname(HERE)))}; load after "
          f"{measure.loadavg()}; medians of {args.runs} runs")
    print(f"Empty site: peak RSS {empty_kb / 1024:.1f} MB (what the process costs before it reads a spec)\n")
    print(f"{'RSS/spec':>8} {'above empty':>11} {'RSS MB':>7} {'spec MB':>8} {'ops':>6} {'wall s':>7} "
          f"{'cpu s':>6} {'s/MB':>5}  spec")
    for r in built:
        above = (r["rss_kb"] - empty_kb) * 1024 / r["bytes"]
        print(f"{r['ratio']:>7.1f}x {above:>10.1f}x {r['rss_kb'] / 1024:>7.1f} {r['bytes'] / 1e6:>8.2f} "
              f"{r['operations']:>6} {r['wall']:>7.2f} {r['cpu']:>6.2f} {r['wall'] / (r['bytes'] / 1e6):>5.2f}  {r['spec']}")
    for r in rows:
        if r["ratio"] is None:
            print(f"{'':>8} {'':>11} {'':>7} {r['bytes'] / 1e6:>8.2f} {r['operations']:>6}  {r['status']}: "
                  f"{r['spec']} (does not build alone; see {log})")
    under = sum(1 for r in built if r["ratio"] < 10)
    print(f"\n{under} of {len(built)} specs of at least {args.min_bytes / 1e6:.1f} MB peak under 10x "
          f"their size (RSS MB are MiB; ratios in bytes). Log: {log}")
    with open(os.path.join(args.out, "latest.json"), "w") as f:
        json.dump({"empty_rss_kb": empty_kb, "min_bytes": args.min_bytes, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
