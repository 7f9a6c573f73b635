#!/usr/bin/env python3
"""run_stats.py N -- COMMAND [ARGS...]: runs COMMAND N times (after 2 warm-up runs; output
discarded) and prints one JSON line: the median wall time in milliseconds, and the median peak
RSS in KiB of 5 more runs under GNU time (started from a small process, so the figure is the
command's own, not this Python's). Exits non-zero, with the command's stderr, if any run fails."""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def fail(result) -> int:
    sys.stderr.write(result.stderr.decode(errors="replace"))
    return 1


def main() -> int:
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    runs = int(sys.argv[1])
    command = sys.argv[3:]
    times = []
    for index in range(runs + 2):
        start = time.perf_counter()
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = (time.perf_counter() - start) * 1000
        if result.returncode != 0:
            return fail(result)
        if index >= 2:
            times.append(elapsed)
    peaks = []
    with tempfile.NamedTemporaryFile("r") as report:
        for _ in range(5):
            result = subprocess.run(
                ["/usr/bin/time", "-f", "%M", "-o", report.name] + command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if result.returncode != 0:
                return fail(result)
            report.seek(0)
            peaks.append(int(report.read().strip().splitlines()[-1]))
    print(json.dumps({"ms": round(statistics.median(times), 2), "rssKiB": int(statistics.median(peaks))}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
