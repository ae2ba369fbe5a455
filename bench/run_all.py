"""Run every benchmark (`make bench`); each writes its own bench/results/*.json.

`BENCH_QUICK=1 make bench` runs the small versions. A failing benchmark is reported and the others
still run; the exit status says whether all of them finished.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SUITES = ["foundation", "matching", "insight", "planning", "events", "pages", "workers", "load", "showcase"]


def main() -> int:
    quick = ["--quick"] if os.environ.get("BENCH_QUICK") else []
    failed = []
    for suite in SUITES:
        script = HERE / suite / "run.py"
        if not script.exists():
            print(f"== {suite}: no benchmark yet")
            continue
        print(f"== {suite}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(script), *quick], cwd=HERE.parent)
        print(f"== {suite}: exit {code} after {time.perf_counter() - started:.0f} s", flush=True)
        if code:
            failed.append(suite)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
