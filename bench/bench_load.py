"""Benchmark: how the charter loader compares with what it builds on, measured side by side.

Prints ratios from one run (this machine is shared and noisy; ratios of interleaved runs are what
can be compared, not seconds):

1. ``jointmeeting check charters/huilin.yaml`` as a whole process, against a process that imports
   exactly the modules ``check`` imports, this project's own and the plugins' included, and does
   nothing else (the list is read from a ``check`` run, so it follows the code; target: at most
   1.2x), and against one that imports only pydantic, click and ruamel.yaml's C parser (the
   third-party floor the issue was first measured against);
2. loading a generated charter of 10,000 units and 100,000 duties with positions kept, against a
   plain C-libyaml safe load of the same file (PyYAML's CSafeLoader), with peak memory of each
   (target: at most 2x).

Run: ``python bench/bench_load.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"

CHILD = """
import resource, sys, time
t = time.perf_counter()
{body}
elapsed = time.perf_counter() - t
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
OURS = """
import jointmeeting
charter = jointmeeting.load_charter({path!r})
assert len(charter.duties) == 100_000 and charter.locator.locate(("duties", 99_999, "owner"))
"""
BASELINE = """
import yaml
data = yaml.load(open({path!r}, encoding="utf-8"), Loader=yaml.CSafeLoader)
assert len(data["duties"]) == 100_000
"""


def generate(path: Path, units: int = 10_000, duties: int = 100_000) -> None:
    """A valid charter of the given size, shaped like a real one."""
    out = ["format: 1\nid: bench\ntitle: 基准联席会议制度\n",
           "jurisdiction: {name: 基准市, level: county-level-city}\n",
           "source: {document: 基政办发〔2025〕1号, title: 基准, issuer: 基准市人民政府办公室, "
           "issued: 2025-01-01}\n",
           "office: {name: 联席会议办公室, host: unit-0, text: 设在第0单位。, "
           "responsibilities: [日常协调], source: 一（一）/3}\n", "units:\n"]
    for i in range(units):
        out.append(f"  - id: unit-{i}\n    name: 第{i}单位\n    aliases: [第{i}局]\n"
                   f"    kind: government\n    source: 四/第{i}单位\n")
    out.append("members:\n")
    for i in range(units):
        out.append(f"  - {{name: 成员{i}, unit: unit-{i}, position: 副局长, since: 2025-01-01, "
                   f"source: 四/成员{i}}}\n")
    out.append("duties:\n")
    for j in range(duties):
        unit, n = j % units, j // units + 1
        text = f"推动完善儿童福利和困境儿童权益保护政策，指导做好未成年人临时监护工作第{j}项；"
        out.append(f"  - id: unit-{unit}-{n}\n    owner: unit-{unit}\n    role: owns\n"
                   f"    text: {text}\n"
                   f"    areas: [children.welfare]\n    source: 四/第{unit}单位/{n}\n")
    path.write_text("".join(out), encoding="utf-8")


#: Run in a fresh process: ``check`` on Hulin, then the modules it imported, one a line.
IMPORTED = """
import contextlib, io, sys
before = set(sys.modules)
from jointmeeting.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    main(["check", {path!r}])
print("\\n".join(m for m in sys.modules if m not in before))
"""


def imports_of_check(path: str) -> list[str]:
    """The modules a ``check`` of ``path`` imports, in the order it imports them."""
    result = subprocess.run([sys.executable, "-c", IMPORTED.format(path=path)], check=True,
                            capture_output=True, text=True)
    return result.stdout.split()


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start


def child(body: str) -> tuple[float, int]:
    result = subprocess.run([sys.executable, "-c", CHILD.format(body=body)], check=True,
                            capture_output=True, text=True)
    seconds, rss_kib = result.stdout.split()
    return float(seconds), int(rss_kib)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    # As installed from a wheel, the package is byte-compiled; an editable checkout under
    # PYTHONDONTWRITEBYTECODE would recompile it in every process and measure the compiler.
    for folder in (ROOT / "src", *ROOT.glob("plugins/*/src")):
        compileall.compile_dir(folder, quiet=1)
    hulin = str(ROOT / "charters/huilin.yaml")
    modules = imports_of_check(hulin)
    own = sum(m.startswith("jointmeeting") for m in modules)  # the plugins' included
    runs = {
        "check huilin.yaml (process)": [sys.executable, "-m", "jointmeeting", "check", hulin],
        f"import what check imports ({len(modules)} modules, {own} ours)": [
            sys.executable, "-c",
            f"import importlib\nfor name in {modules!r}:\n    importlib.import_module(name)"],
        "import pydantic, click, C parser only": [
            sys.executable, "-c", "import pydantic, click, ruamel.yaml.cyaml"],
    }
    times: dict[str, list[float]] = {label: [] for label in runs}
    for _ in range(args.repeat):  # interleaved, so all see the same machine
        for label, command in runs.items():
            times[label].append(timed(command))
    medians = [statistics.median(times[label]) for label in runs]
    targets = ("", " (target <= 1.2x)", "")
    for index, (label, median) in enumerate(zip(runs, medians, strict=True)):
        ratio = f"   check is {medians[0] / median:.2f}x{targets[index]}" if index else ""
        print(f"{label:<52} median {median * 1000:7.1f} ms{ratio}")

    OUT.mkdir(exist_ok=True)
    big = OUT / "big-charter.yaml"
    if not big.exists():
        generate(big)
    print(f"generated charter: {big.stat().st_size / 2**20:.1f} MiB, 10,000 units, "
          "100,000 duties")
    loads, plains = [], []
    for _ in range(max(1, args.repeat // 2)):
        loads.append(child(OURS.format(path=str(big))))
        plains.append(child(BASELINE.format(path=str(big))))
    t_ours = statistics.median(t for t, _ in loads)
    t_base = statistics.median(t for t, _ in plains)
    rss_ours, rss_base = max(r for _, r in loads), max(r for _, r in plains)
    for label, seconds, rss in (("load_charter, positions kept", t_ours, rss_ours),
                                ("PyYAML CSafeLoader", t_base, rss_base)):
        print(f"{label:<30} median {seconds:6.2f} s, peak RSS {rss / 1024:6.0f} MiB")
    print(f"  ratio {t_ours / t_base:.2f}x time (target <= 2x), {rss_ours / rss_base:.2f}x memory")


if __name__ == "__main__":
    main()
