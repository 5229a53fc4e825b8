"""Benchmark: time and peak memory of ``rectikit check`` on a large generated dataset.

Usage::

    python benchmarks/bench_check.py [--rows 200000] [--keep DIR]

Generates a procurement ledger of ``--rows`` rows (CSV, GB18030, Chinese headers, mixed
amount and date notations), a staff list, an oversight table, integrity talks and a
party-organization ledger, then runs the full check once in a child process and prints
wall time, records per second and peak resident memory. Figures are kept in
``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

AMOUNTS = ("{n}", "{n}.00", "¥{c}", "{w}万元", "{w}万")
DATES = ("{d:%Y-%m-%d}", "{d.year}/{d.month}/{d.day}", "{d.year}年{d.month}月{d.day}日")


def amount_text(rng: random.Random, value: int) -> str:
    """A budget in one of the notations offices use."""
    style = rng.choice(AMOUNTS)
    if "{w}" in style and value % 1000:
        style = "{n}"
    return style.format(n=value, c=f"{value:,}.00", w=f"{value / 10000:g}")


def generate(folder: Path, rows: int, seed: int = 7) -> int:
    """Write the dataset; return the number of records written."""
    rng = random.Random(seed)
    start = date(2023, 1, 1)
    divisions = [f"处室{i:02d}" for i in range(20)]
    with (folder / "采购台账.csv").open("w", encoding="gb18030", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(
            [
                "编号",
                "项目名称",
                "预算金额（元）",
                "组织形式",
                "采购方式",
                "供应商数",
                "是否编制采购文件",
                "供应商",
                "单位",
                "采购日期",
            ]
        )
        for i in range(rows):
            value = rng.choice((8000, 15000, 20000, 35000, 80000, 150000, 300000, 2500000))
            mode = "政府采购" if value >= 2000000 else "自行采购"
            if mode == "政府采购":
                method = "公开招标"
            elif value <= 20000:
                method = "定向采购"
            else:
                method = rng.choice(("比价", "询价", "询比价"))
            suppliers, docs = f"{rng.randrange(3, 6)}家", "是"
            if rng.random() < 0.05:  # about one row in twenty breaks a rule
                method, suppliers, docs = "定向采购", "", rng.choice(("否", ""))
            day = start + timedelta(days=rng.randrange(365))
            out.writerow(
                [
                    f"P{i:07d}",
                    f"项目{i}",
                    amount_text(rng, value),
                    mode,
                    method,
                    suppliers,
                    docs,
                    f"供应商{rng.randrange(20000)}",
                    rng.choice(divisions),
                    rng.choice(DATES).format(d=day),
                ]
            )
    staff = [(f"干部{i:04d}", divisions[i % len(divisions)]) for i in range(1000)]
    with (folder / "人员.csv").open("w", encoding="utf-8-sig", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(["姓名", "所在处室"])
        out.writerows(staff)
    leaders = [f"领导{i}" for i in range(5)]
    with (folder / "分管关系.csv").open("w", encoding="utf-8", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(["班子成员", "分管处室"])
        out.writerows((leaders[i % 5], d) for i, d in enumerate(divisions))
    talks = []
    for name, division in staff:
        leader = leaders[divisions.index(division) % 5]
        for _ in range(rng.choice((1, 2, 2, 2, 3))):
            talks.append(
                {
                    "谈话日期": (start + timedelta(days=rng.randrange(365))).isoformat(),
                    "谈话人": leader,
                    "谈话对象": name,
                    "谈话形式": "一对一",
                }
            )
    (folder / "廉政谈话记录.json").write_text(json.dumps(talks, ensure_ascii=False), "utf-8")
    with (folder / "党组织.csv").open("w", encoding="utf-8", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(["编号", "党组织名称", "类型", "上次换届日期", "备案日期"])
        for i in range(2000):
            elected = date(2016, 1, 1) + timedelta(days=rng.randrange(2900))
            out.writerow(
                [
                    f"O{i:05d}",
                    f"党组织{i}",
                    rng.choice(("党支部", "党委", "党总支")),
                    elected.isoformat(),
                    rng.choice(("", elected.isoformat())),
                ]
            )
    return rows + len(staff) + len(divisions) + len(talks) + 2000


CHILD = """
import resource, sys, time
import rectikit
t = time.perf_counter()
result = rectikit.check(sys.argv[1], as_of="2023-12-31", since="2023-01-01")
elapsed = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(elapsed, peak, result.records, len(result.violations), len(result.data_errors))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--keep", type=Path, help="generate into DIR and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="rectikit-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    written = generate(folder, args.rows)
    print(f"generated {written} records in {time.perf_counter() - t:.1f}s under {folder}")
    baseline = subprocess.run(
        [
            sys.executable,
            "-c",
            "import resource, rectikit.api; "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder)], check=True, capture_output=True, text=True
    )
    elapsed, peak, records, violations, data_errors = out.stdout.split()
    print(
        f"check: {records} records in {float(elapsed):.2f}s "
        f"({int(records) / float(elapsed):,.0f} records/s), "
        f"{violations} violations, {data_errors} data errors"
    )
    print(
        f"peak RSS {int(peak) / 1024:.0f} MiB (interpreter + imports alone: "
        f"{int(baseline.stdout) / 1024:.0f} MiB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
