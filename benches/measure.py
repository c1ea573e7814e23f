"""What the benchmark scripts share: one measured run of a command, and the result files.

Every run is one process tree under `/usr/bin/time -f "%e %U %S %M"` (wall s, user s, sys s,
peak RSS KB of the tree's largest process), killed with its whole process group when it runs
over its time limit. Standard library only; the scripts import it from the folder above them.
"""

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time

TIME = "/usr/bin/time"


def say(*parts):
    print(*parts, file=sys.stderr, flush=True)


def loadavg():
    """The 1, 5 and 15 minute load averages, as text."""
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def git_commit(repo):
    """The short commit of repo, flagged when its sources have uncommitted changes."""
    try:
        c = subprocess.run(["git", "-C", repo, "rev-parse", "--short", "HEAD"],
                           capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", repo, "status", "--porcelain", "--", "src", "themes",
                                "Cargo.toml", "Cargo.lock"],
                               capture_output=True, text=True).stdout.strip()
        return c + (" (+uncommitted src changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


def timed_run(argv, cwd, time_file, timeout, log_path, env=None):
    """Run argv once, its output appended to log_path. Returns status ok / failed / timeout,
    the exit code, and wall, user, sys, cpu (user + sys) and rss_kb when GNU time gave them."""
    if os.path.exists(time_file):
        os.remove(time_file)
    with open(log_path, "a") as log:
        log.write("\n$ " + " ".join(argv) + "\n")
        log.flush()
        p = subprocess.Popen([TIME, "-f", "%e %U %S %M", "-o", time_file] + argv, cwd=cwd,
                             env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                             start_new_session=True)
        t0 = time.monotonic()
        try:
            rc = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            log.write(f"[bench] timeout after {timeout} s, killed\n")
            return {"status": "timeout", "wall": time.monotonic() - t0}
    figures = None
    try:
        with open(time_file) as f:
            for line in f:  # GNU time writes "Command exited with non-zero status N" first
                parts = line.split()
                if len(parts) == 4:
                    try:
                        figures = [float(x) for x in parts]
                    except ValueError:
                        pass
    except OSError:
        pass
    r = {"status": "ok" if rc == 0 else "failed", "exit": rc}
    if figures:
        wall, user, sys_s, rss = figures
        r.update(wall=wall, user=user, sys=sys_s, cpu=user + sys_s, rss_kb=int(rss))
    if rc != 0:
        with open(log_path, "a") as log:
            log.write(f"[bench] exit status {rc}\n")
    return r


def fmt_bytes(n):
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024


def write_results(out_dir, base_name, document, rows, fields, report):
    """<base_name>.json (document), .csv (rows, in fields) and .txt (report) in out_dir, each
    also copied to latest.*."""
    base = os.path.join(out_dir, base_name)
    with open(base + ".json", "w") as f:
        json.dump(document, f, indent=1)
    with open(base + ".csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    with open(base + ".txt", "w") as f:
        f.write(report + "\n")
    for ext in (".json", ".csv", ".txt"):
        shutil.copyfile(base + ext, os.path.join(out_dir, "latest" + ext))
    say(f"==> results: {base}.json / .csv / .txt (and latest.*)")
