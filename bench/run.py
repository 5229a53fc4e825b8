"""The benchmark harness: rectikit against the hand-written baseline, on the same files.

Usage::

    python bench/run.py                        # every scenario at full size (~15 min)
    python bench/run.py --quick                # CI sizes (20k rows), about a minute
    python bench/run.py --scenarios prc,xlsx   # a subset (names below)
    python bench/run.py --update-benchmarks    # also rewrite BENCHMARKS.md's figures
    python bench/run.py --render --update-benchmarks   # only re-render the kept results
    python bench/run.py --repeat 3             # median of 3 runs of each program

Every program runs in a fresh subprocess; the harness reports its wall time, rows per
second and peak RSS: the larger of ``os.wait4``'s ``ru_maxrss`` for that child and the
RSS of the child and its worker processes added up (sampled every 20 ms). Scenarios:

``prc``
    1M-row procurement CSV, ``rectikit check --select PRC --format json`` against
    ``bench/baseline.py --kinds procurement``: the ratio, and rectikit's (code, subject)
    set must equal the baseline's.
``record-rules``
    ``--select PRC --ignore PRC005`` at 1M and 4M rows: peak RSS must stay flat.
``scaling``
    all PRC rules at 250k, 1M and 4M rows: each added row must cost the same.
``xlsx``
    the 100k-row procurement ledger as XLSX: rectikit's rows per second (and the
    baseline reading the same workbook with openpyxl's read-only mode).
``mixed``
    1M procurement, 200k talks, 50k meetings, 5k Party organizations, every rule,
    against the sum of the per-kind baselines (one subprocess each).
``startup``
    ``rectikit --version`` against ``python -c pass`` (median of 15 runs).
``example``
    ``rectikit check examples/city-committee`` (median of 7 runs).

A violation set that differs from the baseline's is reported with examples and makes the
exit code 1; a missed target does not (these are measurements, not tests). Datasets are
generated once into ``--data`` (default: ``$TMPDIR/rectikit-bench``) and reused while
``bench/generate.py`` is unchanged. Results are merged, scenario by scenario, into
``--results`` (JSON, default ``bench/results/full.json`` or ``quick.json``) and rendered
as Markdown next to it; ``--update-benchmarks`` copies the Markdown into the marked
block of ``BENCHMARKS.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (bench/ is not a package)

AS_OF, SINCE = generate.AS_OF, generate.SINCE
MB = 1_000_000
START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"

SIZES = {
    "full": {
        "prc": 1_000_000,
        "record-rules": (1_000_000, 4_000_000),
        "scaling": (250_000, 1_000_000, 4_000_000),
        "xlsx": 100_000,
        "mixed": (1_000_000, 200_000, 50_000, 5_000),
    },
    "quick": {
        "prc": 20_000,
        "record-rules": (20_000, 80_000),
        "scaling": (5_000, 20_000, 80_000),
        "xlsx": 5_000,
        "mixed": (20_000, 4_000, 1_000, 100),
    },
}
SCENARIOS = ("prc", "record-rules", "scaling", "xlsx", "mixed", "startup", "example")
FAMILIES = ("PRC", "ITG", "MTG", "ELC")  # what the baselines judge


class Mismatch(Exception):
    """rectikit's violations differ from the baseline's."""


# --- measuring ----------------------------------------------------------------------------


@dataclass
class Run:
    """One program run in a fresh subprocess."""

    program: str
    command: str
    wall: float
    rss_mb: float
    rows: int = 0
    violations: int | None = None
    pss_mb: float | None = None

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.wall if self.wall else 0.0


#: Runs a command and writes "wall maxrss exitcode" to a file. A separate small process
#: (``python -S``, a few MB) because a child's ``ru_maxrss`` starts from the RSS of the
#: process that forked it: measured from the harness itself, every program would seem
#: at least as large as the harness. ``ru_maxrss`` is one process's peak: rectikit reads
#: a big table in forked workers, so the launcher also samples, every 20 ms, the RSS of
#: the program and all its descendants added up (in a thread, so that the wall time is
#: the wait's), and reports the larger of the two (a page a worker shares with its parent
#: is counted twice: an upper bound). It also samples, every 100 ms, the processes' PSS
#: added up (``/proc/PID/smaps_rollup``): a page shared by n processes counts 1/n in
#: each, so a forked worker's untouched copy of its parent counts once.
LAUNCHER = """
import os, sys, time
result, cmd = sys.argv[1], sys.argv[2:]

def tree(pid):
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            with open(f"/proc/{current}/task/{current}/children") as listing:
                todo += [int(child) for child in listing.read().split()]
        except OSError:
            pass
    return found

def kib(path, key):
    try:
        with open(path) as lines:
            for line in lines:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

def rss_kib(pid):
    return kib(f"/proc/{pid}/status", "VmRSS:")

def pss_kib(pid):
    return kib(f"/proc/{pid}/smaps_rollup", "Pss:")

started = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(cmd[0], cmd)
    finally:
        os._exit(127)
import threading
sampled, running = [0], threading.Event()
running.set()

proportional = [0]

def sample():
    count = 0
    while running.is_set():
        found = tree(pid)
        sampled[0] = max(sampled[0], sum(rss_kib(each) for each in found))
        if count % 5 == 0:  # the kernel walks every page for it: every 100 ms
            proportional[0] = max(proportional[0], sum(pss_kib(each) for each in found))
        count += 1
        time.sleep(0.02)

sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
running.clear()
sampler.join()
peak = max(usage.ru_maxrss, sampled[0])
with open(result, "w") as out:
    out.write(f"{wall!r} {peak} {proportional[0]} {os.waitstatus_to_exitcode(status)}")
"""


def measure(cmd: Sequence[str], log: Path) -> tuple[float, int, int]:
    """Run ``cmd``; return (wall seconds, peak RSS in KiB, peak PSS in KiB, see
    :data:`LAUNCHER`). Its output goes to ``log``."""
    result = log.with_suffix(".rusage")
    with log.open("wb") as out:
        subprocess.run(
            [sys.executable, "-S", "-c", LAUNCHER, str(result), *cmd],
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
        )
    wall, peak, proportional, code = result.read_text().split()
    result.unlink()
    if int(code) not in (0, 1):  # rectikit exits 1 when it finds violations
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{shlex.join(cmd)} exited {code}:\n{tail}")
    return float(wall), int(peak), int(proportional)


def warm(folder: Path | None) -> None:
    """Read every file of ``folder`` once, so that the timed program finds them in the
    page cache. This VM's memory manager pages out file pages left alone for some
    seconds: a 152 MB ledger then takes about 3 s to come back from disk, paid by
    whichever program reads it first. Warming before each run makes every program,
    rectikit and baseline alike, pay for its own work only."""
    if folder is None:
        return
    for path in sorted(folder.iterdir()):
        if path.is_file():
            with path.open("rb") as stream:
                while stream.read(1 << 20):
                    pass


def median_run(
    cmd: Sequence[str], log: Path, times: int, folder: Path | None = None
) -> tuple[float, int, int]:
    """The median wall time (and the largest peak RSS and PSS) of ``times`` runs,
    ``folder``'s files read just before each."""
    walls, peaks, proportional = [], [], []
    for _ in range(times):
        warm(folder)
        wall, peak, pss = measure(cmd, log)
        walls.append(wall)
        peaks.append(peak)
        proportional.append(pss)
    return statistics.median(walls), max(peaks), max(proportional)


# --- the harness ---------------------------------------------------------------------------


@dataclass
class Target:
    """A target of issue 6 and what was measured for it."""

    name: str
    goal: str
    measured: str
    met: bool | None  # None: shown for information, not a target


@dataclass
class Scenario:
    name: str
    title: str
    command: str
    runs: list[Run] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    measured: str = ""


class Harness:
    def __init__(self, args: argparse.Namespace) -> None:
        self.mode = "quick" if args.quick else "full"
        self.sizes = SIZES[self.mode]
        self.data: Path = args.data
        self.work = self.data / "_out"
        self.work.mkdir(parents=True, exist_ok=True)
        self.rectikit = shlex.split(args.rectikit) if args.rectikit else _rectikit_command()
        self.python = sys.executable
        self.baseline = [self.python, str(HERE / "baseline.py")]
        self.encoding = args.encoding
        self.repeat = args.repeat
        self.memo: dict[tuple[str, ...], tuple[Run, set[tuple[str, str]]]] = {}
        self.mismatches: list[str] = []

    # datasets ------------------------------------------------------------------------------

    def dataset(self, name: str, **sizes: int | bool) -> Path:
        """The generated dataset ``name`` (made once, reused while the generator is the same)."""
        folder = self.data / name
        stamp = folder / ".generated.json"
        wanted = {
            "sizes": sizes,
            "encoding": self.encoding,
            "generator": hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest(),
        }
        if stamp.is_file() and json.loads(stamp.read_text()) == wanted:
            return folder
        if folder.exists():
            for child in folder.iterdir():
                child.unlink()
        say(f"generating {name} ...")
        started = time.perf_counter()
        generate.generate(folder, encoding=self.encoding, **sizes)  # type: ignore[arg-type]
        say(f"  generated in {time.perf_counter() - started:.1f} s")
        stamp.write_text(json.dumps(wanted))
        return folder

    def procurement(self, rows: int, xlsx: bool = False) -> Path:
        suffix = "-xlsx" if xlsx else ""
        return self.dataset(f"prc-{rows}{suffix}", procurement=rows, xlsx=xlsx)

    # programs ------------------------------------------------------------------------------

    def run_rectikit(
        self, folder: Path, rows: int, options: Sequence[str] = (), pure: bool = False
    ) -> tuple[Run, set[tuple[str, str]]]:
        """``rectikit check FOLDER --format json`` with ``options`` (``pure``: with
        ``RECTIKIT_PURE_PYTHON=1``, the C speedups off): the run and its set."""
        key = ("rectikit", str(folder), *options, "pure" if pure else "")
        if key in self.memo:
            return self.memo[key]
        report = self.work / f"rectikit-{folder.name}-{_slug(options)}.json"
        cmd = [
            *(["env", "RECTIKIT_PURE_PYTHON=1"] if pure else []),
            *self.rectikit, "check", str(folder), "--format", "json", "-o", str(report),
            "--as-of", AS_OF, "--since", SINCE, "--fail-on", "never", *options,
        ]  # fmt: skip
        say(f"  rectikit {folder.name} {' '.join(options)}{' (pure Python)' if pure else ''} ...")
        wall, peak, pss = median_run(cmd, self.work / "rectikit.log", self.repeat, folder)
        data = json.loads(report.read_text(encoding="utf-8"))
        report.unlink()
        found = {(v["code"], v["subject"]) for v in data["violations"]}
        errors = data.get("data_errors", [])
        if errors:
            self.mismatches.append(
                f"{folder.name}: rectikit reported {len(errors)} data errors, e.g. {errors[:2]}"
            )
        if data["summary"]["records"] != rows:
            self.mismatches.append(
                f"{folder.name}: rectikit read {data['summary']['records']} records, "
                f"the dataset has {rows}"
            )
        run = Run(
            "rectikit", _display(cmd), wall, peak * 1024 / MB, rows, len(found), pss * 1024 / MB
        )
        say(f"    {wall:.2f} s, {run.rows_per_s:,.0f} rows/s, {run.rss_mb:.0f} MB")
        self.memo[key] = (run, found)
        return run, found

    def run_baseline(
        self, folder: Path, kinds: str, ignore: str = "", label: str = "baseline"
    ) -> tuple[Run, set[tuple[str, str]]]:
        """``bench/baseline.py FOLDER --kinds KINDS``: the run and its set."""
        key = ("baseline", str(folder), kinds, ignore)
        if key in self.memo:
            return self.memo[key]
        out = self.work / f"baseline-{folder.name}-{kinds.replace(',', '_')}.json"
        cmd = [*self.baseline, str(folder), "--kinds", kinds, "-o", str(out)]
        if ignore:
            cmd += ["--ignore", ignore]
        say(f"  baseline {folder.name} --kinds {kinds} {ignore} ...")
        wall, peak, _ = median_run(cmd, self.work / "baseline.log", self.repeat, folder)
        log = (self.work / "baseline.log").read_text(encoding="utf-8")
        rows = int(log.split("baseline: ", 1)[1].split(" rows", 1)[0])
        found = {(code, subject) for code, subject in json.loads(out.read_text("utf-8"))}
        out.unlink()
        run = Run(label, _display(cmd), wall, peak * 1024 / MB, rows, len(found))
        say(f"    {wall:.2f} s, {run.rows_per_s:,.0f} rows/s, {run.rss_mb:.0f} MB")
        self.memo[key] = (run, found)
        return run, found

    def compare(
        self,
        what: str,
        ours: set[tuple[str, str]],
        theirs: set[tuple[str, str]],
        families: Sequence[str] = FAMILIES,
    ) -> bool:
        """Whether rectikit's set (restricted to ``families``) equals the baseline's."""
        ours = {v for v in ours if v[0][:3] in families}
        if ours == theirs:
            return True
        extra, missing = sorted(ours - theirs), sorted(theirs - ours)
        self.mismatches.append(
            f"{what}: rectikit and the baseline differ — only rectikit "
            f"{dict(Counter(c for c, _ in extra))} e.g. {extra[:3]}; only the baseline "
            f"{dict(Counter(c for c, _ in missing))} e.g. {missing[:3]}"
        )
        say(f"  MISMATCH {self.mismatches[-1]}")
        return False

    # scenarios -----------------------------------------------------------------------------

    def prc(self) -> Scenario:
        rows = self.sizes["prc"]
        folder = self.procurement(rows)
        ours, found = self.run_rectikit(folder, rows, ["--select", "PRC"])
        one, found_one = self.run_rectikit(folder, rows, ["--select", "PRC", "--jobs", "1"])
        one = _renamed(one, "rectikit --jobs 1")
        pure, found_pure = self.run_rectikit(folder, rows, ["--select", "PRC"], pure=True)
        pure = _renamed(pure, "rectikit, pure Python")
        base, expected = self.run_baseline(folder, "procurement")
        equal = self.compare(f"prc {rows:,}", found, expected)
        equal = self.compare(f"prc {rows:,} --jobs 1", found_one, expected) and equal
        equal = self.compare(f"prc {rows:,} pure Python", found_pure, expected) and equal
        ratio, ratio_one = ours.wall / base.wall, one.wall / base.wall
        workers = "default"
        return Scenario(
            "prc",
            f"{rows:,}-row procurement CSV, all PRC rules",
            f"rectikit check DIR --format json --select PRC --as-of {AS_OF} --since {SINCE}"
            " (and with --jobs 1, and with RECTIKIT_PURE_PYTHON=1)",
            [ours, one, pure, base],
            [
                Target(f"PRC time ({workers})", "≤ 1.5× baseline", f"{ratio:.2f}×", ratio <= 1.5),
                Target(
                    "PRC time (--jobs 1)", "≤ 1.5× baseline", f"{ratio_one:.2f}×", ratio_one <= 1.5
                ),
                Target(
                    "PRC time (pure Python)",
                    "shown: installed without a C compiler",
                    f"{pure.wall / base.wall:.2f}×",
                    None,
                ),
                Target("PRC output", "= baseline", "equal" if equal else "DIFFERENT", equal),
                Target(
                    f"PRC peak RSS ({workers}, added up)",
                    "≤ 150 MB",
                    f"{ours.rss_mb:.0f} MB (baseline {base.rss_mb:.0f} MB)",
                    ours.rss_mb <= 150,
                ),
                Target(
                    f"PRC peak PSS ({workers}, added up)",
                    "≤ 150 MB",
                    f"{ours.pss_mb or 0:.0f} MB",
                    (ours.pss_mb or 0) <= 150,
                ),
                Target(
                    "PRC peak RSS (--jobs 1)",
                    "≤ 150 MB",
                    f"{one.rss_mb:.0f} MB",
                    one.rss_mb <= 150,
                ),
            ],
            [
                f"{len(found):,} violations ({_by_code(found)})",
                "default: a table of 16 MB or more has its encoding checked and is read "
                f"in byte ranges by as many processes as there are cores ({_cores()} "
                "here); peak RSS then adds up "
                "the RSS of every process (pages a worker shares with its parent counted "
                "twice), peak PSS their PSS (a shared page split between the processes "
                "sharing it, sampled every 100 ms)",
            ],
        )

    def record_rules(self) -> Scenario:
        runs, peaks = [], []
        for rows in self.sizes["record-rules"]:
            folder = self.procurement(rows)
            ours, found = self.run_rectikit(folder, rows, ["--select", "PRC", "--ignore", "PRC005"])
            base, expected = self.run_baseline(folder, "procurement", "PRC005")
            self.compare(f"record rules {rows:,}", found, expected)
            ours.program = f"rectikit {rows:,}"
            base.program = f"baseline {rows:,}"
            runs += [ours, base]
            peaks.append(ours.rss_mb)
        growth = peaks[-1] / peaks[0] - 1
        small, large = self.sizes["record-rules"]
        return Scenario(
            "record-rules",
            "record rules only (PRC001–004, PRC006): memory as rows grow",
            "rectikit check DIR --format json --select PRC --ignore PRC005",
            runs,
            [
                Target(
                    f"flat RSS {_short(small)} → {_short(large)}",
                    "within 20 %",
                    f"{peaks[0]:.0f} → {peaks[-1]:.0f} MB ({growth:+.0%})",
                    abs(growth) <= 0.2,
                )
            ],
        )

    def scaling(self) -> Scenario:
        runs, walls = [], []
        sizes = self.sizes["scaling"]
        for rows in sizes:
            folder = self.procurement(rows)
            ours, found = self.run_rectikit(folder, rows, ["--select", "PRC"])
            base, expected = self.run_baseline(folder, "procurement")
            self.compare(f"scaling {rows:,}", found, expected)
            runs += [_renamed(ours, f"rectikit {rows:,}"), _renamed(base, f"baseline {rows:,}")]
            walls.append(ours.wall)
        return Scenario(
            "scaling",
            "all PRC rules at growing sizes: time per row",
            "rectikit check DIR --format json --select PRC",
            runs,
            [linear_target(sizes, walls)],
        )

    def xlsx(self) -> Scenario:
        rows = self.sizes["xlsx"]
        folder = self.procurement(rows, xlsx=True)
        reader = self.run_xlsx_reader(folder / generate.PROCUREMENT_XLSX, rows)
        ours, found = self.run_rectikit(folder, rows, ["--select", "PRC"])
        base, expected = self.run_baseline(folder, "procurement", label="baseline (openpyxl)")
        equal = self.compare(f"xlsx {rows:,}", found, expected)
        return Scenario(
            "xlsx",
            f"{rows:,}-row procurement XLSX: the reader alone, and all PRC rules end to end",
            "bench/xlsx_reader.py FILE (reader); rectikit check DIR --format json --select PRC",
            [reader, ours, base],
            [
                Target(
                    "XLSX read",
                    "≥ 50,000 rows/s",
                    f"{reader.rows_per_s:,.0f} rows/s read "
                    f"({ours.rows_per_s:,.0f} rows/s checked end to end, "
                    f"{base.wall / ours.wall:.1f}× faster than the openpyxl baseline)",
                    reader.rows_per_s >= 50_000,
                ),
                Target("XLSX output", "= baseline", "equal" if equal else "DIFFERENT", equal),
            ],
        )

    def run_xlsx_reader(self, path: Path, rows: int) -> Run:
        """``bench/xlsx_reader.py PATH``: rectikit's XLSX reader alone, timed in-process
        (the best of ``--repeat`` runs; start-up not counted), and its process's peak RSS."""
        cmd = [self.python, str(HERE / "xlsx_reader.py"), str(path), "--repeat", "3"]
        say(f"  xlsx reader {path.name} ...")
        log = self.work / "xlsx-reader.log"
        warm(path.parent)
        _, peak, _ = measure(cmd, log)
        line = next(
            text for text in log.read_text(encoding="utf-8").splitlines() if "read_xlsx" in text
        )
        fields = line.split()
        count = int(fields[fields.index("rows") - 1].replace(",", ""))
        seconds = float(fields[fields.index("s") - 1])
        if count != rows:
            self.mismatches.append(f"xlsx reader read {count} rows, the workbook has {rows}")
        run = Run("rectikit XLSX reader alone", _display(cmd), seconds, peak * 1024 / MB, count)
        say(f"    {seconds:.2f} s, {run.rows_per_s:,.0f} rows/s")
        return run

    def mixed(self) -> Scenario:
        procurement, talks, meetings, orgs = self.sizes["mixed"]
        folder = self.dataset(
            f"mixed-{procurement}-{talks}-{meetings}-{orgs}",
            procurement=procurement,
            talks=talks,
            meetings=meetings,
            orgs=orgs,
        )
        counts = _line_counts(folder)
        ours, found = self.run_rectikit(folder, sum(counts.values()))
        runs, expected = [ours], set()
        for kind in ("procurement", "talks", "party_orgs", "meetings"):
            base, part = self.run_baseline(folder, kind, label=f"baseline {kind}")
            runs.append(base)
            expected |= part
        total = sum(r.wall for r in runs[1:])
        equal = self.compare("mixed", found, expected)
        other = Counter(c for c, _ in found if c[:3] not in FAMILIES)
        ratio = ours.wall / total
        notes = [
            "rows: " + ", ".join(f"{k} {n:,}" for k, n in counts.items()),
            f"{len(found):,} violations ({_by_code(found)})",
            f"sum of the per-kind baselines: {total:.2f} s",
        ]
        if other:
            notes.append(f"rectikit codes no baseline judges: {dict(other)}")
        return Scenario(
            "mixed",
            "mixed dataset, every rule",
            "rectikit check DIR --format json (every rule)",
            runs,
            [
                Target("mixed time", "≤ 2× sum of baselines", f"{ratio:.2f}×", ratio <= 2),
                Target("mixed output", "= baselines", "equal" if equal else "DIFFERENT", equal),
            ],
            notes,
        )

    def startup(self) -> Scenario:
        log = self.work / "startup.log"
        py_wall, py_peak, _ = median_run([self.python, "-c", "pass"], log, 15)
        rk_wall, rk_peak, _ = median_run([*self.rectikit, "--version"], log, 15)
        ratio = rk_wall / py_wall
        return Scenario(
            "startup",
            "start-up: rectikit --version against python -c pass (median of 15)",
            "rectikit --version",
            [
                Run("rectikit --version", "rectikit --version", rk_wall, rk_peak * 1024 / MB),
                Run("python -c pass", "python -c pass", py_wall, py_peak * 1024 / MB),
            ],
            [Target("--version", "≤ 1.5× python -c pass", f"{ratio:.2f}×", ratio <= 1.5)],
        )

    def example(self) -> Scenario:
        example = ROOT / "examples" / "city-committee"
        cmd = [
            *self.rectikit, "check", str(example),
            "--as-of", AS_OF, "--format", "text", "--fail-on", "never",
        ]  # fmt: skip
        wall, peak, _ = median_run(cmd, self.work / "example.log", 7, example)
        return Scenario(
            "example",
            "the bundled example, every rule (median of 7)",
            "rectikit check examples/city-committee --as-of 2023-12-31",
            [Run("rectikit", _display(cmd), wall, peak * 1024 / MB)],
            [Target("example", "< 0.5 s", f"{wall:.2f} s", wall < 0.5)],
        )


def linear_target(sizes: Sequence[int], walls: Sequence[float]) -> Target:
    """Linear time: ``a + b × rows``. Each added row (the slope between two sizes, which
    start-up and other fixed costs do not enter) must cost the same within 25 %; the
    whole time per row is shown too (it falls with size as fixed costs spread)."""
    per_row = [wall / rows * 1e6 for wall, rows in zip(walls, sizes, strict=True)]
    added = [
        (later - earlier) / (more - fewer) * 1e6
        for (fewer, earlier), (more, later) in itertools.pairwise(zip(sizes, walls, strict=True))
    ]
    spread = max(added) / min(added) - 1 if min(added) > 0 else float("inf")
    return Target(
        f"linear time {_short(sizes[0])} → {_short(sizes[-1])}",
        "each added row costs the same within 25 %",
        " → ".join(f"{us:.1f}" for us in added)
        + f" µs an added row (spread {spread:.0%}); "
        + " → ".join(f"{us:.1f}" for us in per_row)
        + " µs/row in all",
        spread <= 0.25,
    )


# --- helpers --------------------------------------------------------------------------------


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _rectikit_command() -> list[str]:
    script = Path(sys.executable).parent / "rectikit"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "rectikit"]


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _display(cmd: Sequence[str]) -> str:
    parts = [Path(p).name if os.sep in p else p for p in cmd]
    return shlex.join(parts)


def _slug(options: Sequence[str]) -> str:
    return "_".join(o.strip("-").replace(",", "") for o in options) or "all"


def _short(rows: int) -> str:
    return f"{rows // 1_000_000}M" if rows % 1_000_000 == 0 else f"{rows // 1000}k"


def _renamed(run: Run, program: str) -> Run:
    return Run(program, run.command, run.wall, run.rss_mb, run.rows, run.violations)


def _by_code(found: set[tuple[str, str]]) -> str:
    counts = Counter(code for code, _ in found)
    return ", ".join(f"{code} {n:,}" for code, n in sorted(counts.items()))


def _line_counts(folder: Path) -> dict[str, int]:
    counts = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open("rb") as stream:
            counts[path.stem] = sum(1 for _ in stream) - 1
    return counts


def _environment(rectikit: Sequence[str], label: str | None) -> dict[str, str]:
    def out(cmd: Sequence[str]) -> str:
        try:
            return subprocess.run(
                cmd, capture_output=True, text=True, check=True, cwd=ROOT
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "?"

    dirty = out(["git", "status", "--porcelain", "--", "src", "rules"])
    where = out([sys.executable, "-c", "import rectikit; print(rectikit.__file__)"])
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "rectikit": out([*rectikit, "--version"]),
        "rectikit module": where,
        "C speedups": out(
            [
                sys.executable,
                "-c",
                "from rectikit import native; print('on' if native.enabled() else 'off')",
            ]
        ),
        # pip writes the rectikit launcher; 25.2 and newer leave out its `import re`
        "pip": out([sys.executable, "-m", "pip", "--version"]).split(" from ")[0],
        "commit": label
        or out(["git", "rev-parse", "--short", "HEAD"]) + (" (src modified)" if dirty else ""),
    }


# --- report ----------------------------------------------------------------------------------


def render(results: dict) -> str:
    """The Markdown of merged results: targets first, then every run."""
    lines = []
    env = results.get("environment", {})
    if env:
        lines.append("Measured " + "; ".join(f"{k}: {v}" for k, v in env.items() if v) + ".")
        lines.append("")
    scenarios = [results["scenarios"][n] for n in SCENARIOS if n in results["scenarios"]]
    lines += ["| target | goal | measured | met |", "| --- | --- | --- | --- |"]
    for sc in scenarios:
        for t in sc["targets"]:
            mark = "—" if t["met"] is None else "met" if t["met"] else "**not met**"
            lines.append(f"| {t['name']} | {t['goal']} | {t['measured']} | {mark} |")
    lines += [
        "",
        "| scenario | program | rows | wall | rows/s | peak RSS | violations |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for sc in scenarios:
        for r in sc["runs"]:
            rows = f"{r['rows']:,}" if r["rows"] else ""
            rate = f"{r['rows'] / r['wall']:,.0f}" if r["rows"] else ""
            found = "" if r["violations"] is None else f"{r['violations']:,}"
            wall = f"{r['wall']:.2f} s" if r["wall"] >= 0.1 else f"{r['wall'] * 1000:.0f} ms"
            lines.append(
                f"| {sc['name']} | {r['program']} | {rows} | {wall} | {rate} | "
                f"{r['rss_mb']:.0f} MB | {found} |"
            )
    latest = env.get("date", "")
    notes = [
        f"- {sc['name']}: {n}"
        for sc in scenarios
        for n in [*sc["notes"], "" if latest in sc["measured"] else f"measured {sc['measured']}"]
        if n
    ]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines) + "\n"


def update_benchmarks(markdown: str, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{path} has no {START} … {END} block to fill")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{markdown}{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="CI sizes (20k rows)")
    parser.add_argument(
        "--scenarios", default=",".join(SCENARIOS), help="comma list of: " + " ".join(SCENARIOS)
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(tempfile.gettempdir()) / "rectikit-bench",
        help="where the generated datasets are kept",
    )
    parser.add_argument("--results", type=Path, help="results JSON to merge into")
    parser.add_argument("--rectikit", help="the rectikit command (default: the venv's script)")
    parser.add_argument("--encoding", default="utf-8", help="procurement CSV encoding")
    parser.add_argument(
        "--repeat", type=int, default=1, help="run each check N times, keep the median time"
    )
    parser.add_argument(
        "--render", action="store_true", help="only render the results file (no runs)"
    )
    parser.add_argument(
        "--label", help="what is measured, instead of the checkout's commit (a snapshot)"
    )
    parser.add_argument(
        "--update-benchmarks", action="store_true", help="rewrite BENCHMARKS.md's figures"
    )
    args = parser.parse_args(argv)
    names = [n for n in args.scenarios.split(",") if n]
    unknown = set(names) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    harness = Harness(args)
    results_path = args.results or HERE / "results" / f"{harness.mode}.json"
    results = {"scenarios": {}}
    if results_path.is_file():
        results = json.loads(results_path.read_text(encoding="utf-8"))
    if args.render:
        names = []
    else:
        results["environment"] = _environment(harness.rectikit, args.label)
    say("; ".join(f"{k}: {v}" for k, v in results.get("environment", {}).items()))
    steps: dict[str, Callable[[], Scenario]] = {
        "prc": harness.prc,
        "record-rules": harness.record_rules,
        "scaling": harness.scaling,
        "xlsx": harness.xlsx,
        "mixed": harness.mixed,
        "startup": harness.startup,
        "example": harness.example,
    }
    for name in names:
        say(f"== {name}")
        scenario = steps[name]()
        env = results["environment"]
        scenario.measured = f"{env['date']}, commit {env['commit']}, load {env['load']}"
        results["scenarios"][name] = asdict(scenario)
        for t in scenario.targets:
            mark = "shown" if t.met is None else "met" if t.met else "NOT MET"
            say(f"  {t.name}: {t.measured} (goal {t.goal}) {mark}")
    results_path.parent.mkdir(parents=True, exist_ok=True)
    results_path.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    markdown = render(results)
    results_path.with_suffix(".md").write_text(markdown, encoding="utf-8")
    print(markdown)
    if args.update_benchmarks:
        update_benchmarks(markdown, ROOT / "BENCHMARKS.md")
    if harness.mismatches:
        say("\nMISMATCHES between rectikit and the baseline:")
        for line in harness.mismatches:
            say(f"- {line}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
