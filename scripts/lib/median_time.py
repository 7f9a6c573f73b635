#!/usr/bin/env python3
"""median_time.py N -- COMMAND [ARGS...]: run COMMAND N times (output discarded) and print the
median wall time in milliseconds. Exits non-zero, with the command's stderr, if any run fails."""
import statistics
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    runs = int(sys.argv[1])
    command = sys.argv[3:]
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        samples.append((time.perf_counter() - start) * 1000)
        if result.returncode != 0:
            sys.stderr.write(result.stderr.decode(errors="replace"))
            return 1
    print(f"{statistics.median(samples):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
