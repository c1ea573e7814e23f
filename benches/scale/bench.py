#!/usr/bin/env python3
"""Build synthetic specs of growing size with Portico and print how time and memory grow.

usage: bench.py --portico BIN [--sizes 1000,2000,5000,10000,20000] [--runs 3] [--work DIR]
Each size N has N operations and N/4 schemas (gen_spec.py). Each build runs under
/usr/bin/time; the table has medians. "per op" divides by N; "growth" is that per-operation
figure relative to the smallest size (1.00 = perfectly linear).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def build(portico, project, output):
    shutil.rmtree(output, ignore_errors=True)
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%e %U %S %M", portico, "build", "--quiet", "--root", project,
         "--output", output],
        capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"portico build failed in {project}:\n{out.stderr[-2000:]}")
    wall, user, sys_, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(sys_), int(rss) / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--portico", required=True)
    ap.add_argument("--sizes", default="1000,2000,5000,10000,20000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work")
    ap.add_argument("--outputs", help="folder for the built sites (default: inside --work)")
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="portico-scale-")
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        project = os.path.join(work, f"ops{n}")
        os.makedirs(os.path.join(project, "specs"), exist_ok=True)
        spec = os.path.join(project, "specs", "api.json")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_spec.py"), str(n), str(n // 4), spec], check=True)
        with open(os.path.join(project, "portico.toml"), "w") as f:
            f.write('title = "Scale"\nbase_url = "https://example.com/"\n')
        output = os.path.join(args.outputs or project, f"public{n}")
        runs = [build(args.portico, project, output) for _ in range(args.runs)]
        pages = sum(1 for root, _, files in os.walk(output)
                    for name in files if name == "index.html")
        site_mb = sum(os.path.getsize(os.path.join(root, name))
                      for root, _, files in os.walk(output) for name in files) / 1e6
        shutil.rmtree(output, ignore_errors=True)  # tmpfs is memory
        spec_mb = os.path.getsize(spec) / 1e6
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        rss = statistics.median(r[2] for r in runs)
        rows.append({"operations": n, "schemas": n // 4, "spec_mb": spec_mb, "pages": pages, "site_mb": site_mb,
                     "wall_s": wall, "cpu_s": cpu, "rss_mb": rss, "runs": runs})
        print(f"  {n} operations: {wall:.2f} s", file=sys.stderr)
    base = rows[0]
    print(f"{'operations':>10} {'schemas':>8} {'spec MB':>8} {'pages':>7} {'site MB':>8} {'wall s':>7} "
          f"{'cpu s':>7} {'RSS MB':>7} {'ms/op':>6} {'growth':>6} {'RSS/spec':>8}")
    for r in rows:
        per_op = r["wall_s"] * 1000 / r["operations"]
        growth = per_op / (base["wall_s"] * 1000 / base["operations"])
        print(f"{r['operations']:>10} {r['schemas']:>8} {r['spec_mb']:>8.1f} {r['pages']:>7} {r['site_mb']:>8.0f} {r['wall_s']:>7.2f} "
              f"{r['cpu_s']:>7.2f} {r['rss_mb']:>7.0f} {per_op:>6.2f} {growth:>6.2f} {r['rss_mb'] * 1.048576 / r['spec_mb']:>8.1f}")
    last = rows[-1]
    print(f"from {base['operations']:,} to {last['operations']:,} operations "
          f"({last['operations'] / base['operations']:.0f}x): wall time x{last['wall_s'] / base['wall_s']:.1f}, "
          f"CPU x{last['cpu_s'] / base['cpu_s']:.1f}, peak RSS x{last['rss_mb'] / base['rss_mb']:.1f}")
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "latest.json"), "w") as f:
        json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
