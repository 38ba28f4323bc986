"""Benchmark: drafting Hulin's charter from its notice, against checking the charter, measured
side by side.

Prints the ratio from one run (this machine is shared and noisy; ratios of interleaved runs are
what can be compared, not seconds):

``jointmeeting draft charters/sources/hulin-2025-notice.txt -o …`` as a whole process, against
``jointmeeting check charters/huilin.yaml`` as a whole process (target: at most 2x). The draft
reads the notice, drafts, renders and loads its own result to say whether it loads.

Run: ``python bench/bench_draft.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    # As installed from a wheel, the package is byte-compiled (see bench_load.py).
    compileall.compile_dir(ROOT / "src", quiet=1)
    notice = ROOT / "charters" / "sources" / "hulin-2025-notice.txt"
    check = [sys.executable, "-m", "jointmeeting", "check", str(ROOT / "charters/huilin.yaml")]
    drafts, checks = [], []
    with tempfile.TemporaryDirectory() as folder:
        for n in range(args.repeat):  # interleaved, so both see the same machine
            out = Path(folder) / f"draft-{n}.yaml"
            drafts.append(timed([sys.executable, "-m", "jointmeeting", "draft", str(notice),
                                 "-o", str(out)]))
            checks.append(timed(check))
    m_draft, m_check = statistics.median(drafts), statistics.median(checks)
    print(f"draft hulin notice (process)   median {m_draft * 1000:7.1f} ms")
    print(f"check huilin.yaml (process)    median {m_check * 1000:7.1f} ms")
    print(f"  ratio {m_draft / m_check:.2f}x (target <= 2x)")


if __name__ == "__main__":
    main()
