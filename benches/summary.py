#!/usr/bin/env python3
"""The performance targets of the project, checked against the latest benchmark results.

usage: summary.py REPO

Reads benches/peers/results/latest.json, benches/guides/results/latest.json,
benches/scale/results/latest.json and benches/corpus/results/latest.json (whichever exist) and prints one line per target with the
measured ratio and whether it is met. Every figure is a ratio of medians measured in the same
run (peers, guides) or a growth within one run (scale). Prints only; never fails.
"""
import json
import os
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def verdict(ok):
    return "met" if ok else "NOT MET"


def main():
    repo = sys.argv[1] if len(sys.argv) > 1 else "."
    lines = []
    peers = load(os.path.join(repo, "benches/peers/results/latest.json"))
    if peers:
        rows = {(r["spec"], r["tool"]): r for r in peers["summary"]}
        specs = peers["meta"].get("specs", {})
        empty_mb = peers["meta"].get("empty_site_rss_mb")
        empty_bytes = empty_mb * 1024 * 1024 if empty_mb else None
        gh_p, gh_r = rows.get(("github", "portico")), rows.get(("github", "redocly"))
        if gh_p and gh_r and gh_p.get("status") == "ok" and gh_r.get("status") == "ok":
            speed = gh_r["wall"] / gh_p["wall"]
            lines.append(f"GitHub portal vs redocly build-docs: {speed:.2f}x faster (wall {gh_p['wall']:.2f} s "
                         f"vs {gh_r['wall']:.2f} s; target >= 5x): {verdict(speed >= 5)}")
            mem = gh_p["rss_mb"] / gh_r["rss_mb"]
            lines.append(f"GitHub portal peak memory vs redocly: {mem:.2f}x ({gh_p['rss_mb']:.0f} MB vs "
                         f"{gh_r['rss_mb']:.0f} MB; target <= 0.5x): {verdict(mem <= 0.5)}")
        for name, path in specs.items():
            p = rows.get((name, "portico"))
            if not p or p.get("status") != "ok" or not os.path.isfile(path):
                continue
            # Both in bytes: the tables' "MB" of RSS are MiB (KiB / 1024, as `time` reports),
            # which would flatter the ratio by 5% against a size in decimal megabytes.
            spec_bytes = os.path.getsize(path)
            rss_bytes = p["rss_mb"] * 1024 * 1024
            ratio = rss_bytes / spec_bytes
            line = (f"{name}: peak RSS {rss_bytes / 1e6:.1f} MB = {ratio:.1f}x the spec's "
                    f"{spec_bytes / 1e6:.2f} MB (target < 10x): {verdict(ratio < 10)}")
            # Context, not the target: what the spec adds to what the process costs anyway.
            if empty_bytes is not None and ratio >= 10:
                line += (f" (above an empty site's {empty_bytes / 1e6:.1f} MB: "
                         f"{(rss_bytes - empty_bytes) / spec_bytes:.1f}x)")
            lines.append(line)
    guides = load(os.path.join(repo, "benches/guides/results/latest.json"))
    if guides:
        rows = {(str(r["size"]), r["tool"]): r for r in guides["summary"]}
        p, h = rows.get(("10000", "portico")), rows.get(("10000", "hugo"))
        if p and h and p.get("status") == "ok" and h.get("status") == "ok":
            speed = h["wall"] / p["wall"]
            lines.append(f"10,000 guides vs Hugo {guides['meta']['tools'].get('hugo', '')}: {speed:.2f}x faster "
                         f"(wall {p['wall']:.2f} s vs {h['wall']:.2f} s; target >= 3x): {verdict(speed >= 3)}")
    scale = load(os.path.join(repo, "benches/scale/results/latest.json"))
    if scale and len(scale) > 1:
        first, last = scale[0], scale[-1]
        n = last["operations"] / first["operations"]
        t = last["wall_s"] / first["wall_s"]
        m = last["rss_mb"] / first["rss_mb"]
        lines.append(f"synthetic spec {first['operations']:,} -> {last['operations']:,} operations ({n:.0f}x): "
                     f"wall time x{t:.1f}, peak RSS x{m:.1f} (near-linear when close to x{n:.0f}); "
                     f"RSS at {last['operations']:,} = {last['rss_mb'] * 1.048576 / last['spec_mb']:.0f}x the spec")
    corpus = load(os.path.join(repo, "benches/corpus/results/latest.json"))
    if corpus and corpus.get("rows"):
        built = [r for r in corpus["rows"] if r.get("ratio")]
        under = [r for r in built if r["ratio"] < 10]
        if built:
            worst = max(built, key=lambda r: r["ratio"])
            lines.append(f"corpus specs of {corpus['min_bytes'] / 1e6:.0f} MB or more: {len(under)} of {len(built)} "
                         f"peak under 10x their size (target < 10x): {verdict(len(under) == len(built))}; "
                         f"worst {worst['ratio']:.1f}x ({worst['spec']}, {worst['bytes'] / 1e6:.2f} MB)")
    print("Targets (issue 7), from the latest results:")
    for line in lines or ["no results yet: run benches/run.sh"]:
        print("  " + line)


if __name__ == "__main__":
    main()
