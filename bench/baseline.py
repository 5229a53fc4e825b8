"""The hand-written one-pass baseline: the same checks, written the obvious way.

Usage::

    python bench/baseline.py DIR [--kinds procurement,talks,party_orgs,meetings]
                                 [--ignore PRC005] [-o VIOLATIONS.json]

What a developer would write without rectikit: the ``csv`` module (openpyxl's read-only
mode for ``.xlsx``), ``Decimal`` amounts, a small local parser for the notations the
generator (``bench/generate.py``) writes, and the rules of RULES.md with their default
parameters, evaluated for ``--as-of 2023-12-31 --since 2023-01-01``:

- ``procurement``: PRC001–PRC006 in one pass over the rows; PRC005 keeps a list of
  ``(date, id, budget)`` tuples per (unit, vendor), sorts each and scans the windows;
- ``talks``: ITG001/ITG002 from the staff, oversight and talks files;
- ``party_orgs``: ELC001–ELC005;
- ``meetings``: MTG001–MTG007 and ITG003 (reads the party organizations too).

It prints one summary line and, with ``-o``, writes the sorted ``[code, subject]`` pairs
as JSON: the harness (``bench/run.py``) compares them with rectikit's. It is a baseline,
not the product: no encoding detection, no diagnostics, no configuration.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import json
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

Violation = tuple[str, str]

FILES = {
    "procurement": ("采购台账.csv", "采购台账.xlsx"),
    "staff": ("人员名单.csv",),
    "oversight": ("分管关系.csv",),
    "talks": ("廉政谈话记录.csv",),
    "party_orgs": ("党组织.csv",),
    "meetings": ("组织生活.csv",),
}
KINDS = ("procurement", "talks", "party_orgs", "meetings")

# --- values -----------------------------------------------------------------------------

_DIGITS = re.compile(r"[0-9]+").findall
_UNITS = {"万": 10000, "亿": 100000000, "千": 1000}


def amount(value: object) -> Decimal:
    """``20000``, ``20,000.00``, ``2万``, ``2万元``, ``¥1.5万``, ``￥20,000.00``; cells."""
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    s = str(value).strip().replace(",", "").lstrip("¥￥")
    if s.endswith("元"):
        s = s[:-1]
    multiplier = _UNITS.get(s[-1:])
    if multiplier:
        return Decimal(s[:-1]) * multiplier
    return Decimal(s)


def day(value: object) -> date:
    """``2023-08-03``, ``2023/8/3``, ``2023.8.3``, ``2023年8月3日``; datetime cells."""
    if isinstance(value, datetime):
        return value.date()
    s = str(value).strip()
    if len(s) == 10 and s[4] == "-" and s[7] == "-":
        return date(int(s[:4]), int(s[5:7]), int(s[8:10]))
    y, m, d = _DIGITS(s)[:3]
    return date(int(y), int(m), int(d))


def optional_day(value: object) -> date | None:
    return None if value is None or str(value).strip() == "" else day(value)


def count(value: object) -> int | None:
    """``3``, ``3家``; blank is None."""
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return value
    digits = _DIGITS(str(value))
    return int(digits[0]) if digits else None


def truthy(value: object) -> bool:
    return str(value).strip().lower() in ("是", "有", "√", "true", "yes", "y", "1")


def add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


SELF_MODES = frozenset(("自行采购", "单位自行采购", "自行"))
GOVERNMENT_MODES = frozenset(("政府采购", "集中采购", "分散采购", "委托代理", "委托代理采购"))
DIRECTED = frozenset(("定向采购", "直接采购", "单一来源", "单一来源采购", "定向"))
TENDER = frozenset(("公开招标", "邀请招标", "招标"))
CATEGORIES = {"货物": "goods", "服务": "services", "工程": "works"}

# the defaults of RULES.md
DIRECT_LIMIT = Decimal(20000)
SELF_LIMIT = Decimal(300000)
MIN_SUPPLIERS = 3
SPLIT_WINDOW_DAYS = 30
OPEN_TENDER = {"goods": Decimal(2000000), "services": Decimal(2000000), "works": Decimal(4000000)}
OPEN_TENDER_BLANK = min(OPEN_TENDER.values())

# --- reading ----------------------------------------------------------------------------


def find(folder: Path, kind: str) -> Path | None:
    for name in FILES[kind]:
        if (folder / name).is_file():
            return folder / name
    return None


def table(path: Path) -> tuple[list[str], Iterator[Sequence[object]]]:
    """The header and the rows of a CSV (UTF-8, BOM or not) or of an XLSX's first sheet."""
    if path.suffix == ".xlsx":
        return _sheet(path)
    stream = path.open(encoding="utf-8-sig", newline="")
    reader = csv.reader(stream)
    header = [h.strip() for h in next(reader)]

    def lines() -> Iterator[Sequence[object]]:
        with stream:
            yield from reader

    return header, lines()


def _sheet(path: Path) -> tuple[list[str], Iterator[Sequence[object]]]:
    # openpyxl as a developer has it: without defusedxml, which rectikit's environment
    # installs and openpyxl would otherwise pick up (about a third slower)
    os.environ.setdefault("OPENPYXL_DEFUSEDXML", "False")
    from openpyxl import load_workbook  # only for .xlsx

    book = load_workbook(path, read_only=True, data_only=True)
    values = book.worksheets[0].iter_rows(values_only=True)
    header = [str(h).strip() for h in next(values)]

    def lines() -> Iterator[Sequence[object]]:
        try:
            for row in values:
                yield ["" if v is None else v for v in row]
        finally:
            book.close()

    return header, lines()


def pick(header: list[str], *names: str) -> int:
    """The index of the first of ``names`` in ``header``."""
    for name in names:
        if name in header:
            return header.index(name)
    raise SystemExit(f"baseline: no column {' / '.join(names)} in {header}")


# --- PRC --------------------------------------------------------------------------------


def check_procurement(path: Path, ignore: Sequence[str] = ()) -> tuple[set[Violation], int]:
    """PRC001–PRC006 over one procurement file: (violations, rows read)."""
    found: set[Violation] = set()
    split = "PRC005" not in ignore
    groups: dict[tuple[str, str], list[tuple[date, str, Decimal]]] = defaultdict(list)
    header, lines = table(path)
    i_id = pick(header, "序号", "编号", "项目编号")
    i_budget = pick(header, "预算金额（元）", "预算金额", "预算")
    i_mode = pick(header, "采购组织形式", "组织形式")
    i_method = pick(header, "采购方式")
    i_suppliers = pick(header, "比价供应商数", "供应商数")
    i_docs = pick(header, "是否编制采购文件", "采购文件")
    i_vendor = pick(header, "成交供应商", "供应商")
    i_unit = pick(header, "采购单位", "单位")
    i_category = pick(header, "品目", "类别")
    i_date = pick(header, "采购日期", "日期")
    n = 0
    for row in lines:
        n += 1
        rid = str(row[i_id])
        budget = amount(row[i_budget])
        mode = row[i_mode]
        method = row[i_method]
        directed = method in DIRECTED
        if mode in SELF_MODES:
            if directed and budget > DIRECT_LIMIT:
                found.add(("PRC001", rid))
            if DIRECT_LIMIT < budget <= SELF_LIMIT:
                if not directed and (count(row[i_suppliers]) or 0) < MIN_SUPPLIERS:
                    found.add(("PRC002", rid))
                if not truthy(row[i_docs]):
                    found.add(("PRC003", rid))
            elif budget > SELF_LIMIT:
                found.add(("PRC004", rid))
            elif split and row[i_vendor]:
                key = (str(row[i_unit]), str(row[i_vendor]))
                groups[key].append((day(row[i_date]), rid, budget))
        elif mode in GOVERNMENT_MODES and method not in TENDER:
            category = CATEGORIES.get(row[i_category])  # type: ignore[call-overload]
            limit = OPEN_TENDER[category] if category else OPEN_TENDER_BLANK
            if budget >= limit:
                found.add(("PRC006", rid))
    window = timedelta(days=SPLIT_WINDOW_DAYS)
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort()
        start = 0
        while start < len(group):
            last_day = group[start][0] + window
            end = start + 1
            while end < len(group) and group[end][0] <= last_day:
                end += 1
            if end - start >= 2 and sum(b for _, _, b in group[start:end]) > DIRECT_LIMIT:
                found.add(("PRC005", "+".join(sorted(i for _, i, _ in group[start:end]))))
            start = end
    return found, n


# --- periods ----------------------------------------------------------------------------


def periods(kind: str, since: date, as_of: date) -> list[tuple[date, date, str]]:
    """(first day, last day, label) of each period wholly in [since, as_of]."""
    out = []
    for year in range(since.year, as_of.year + 1):
        if kind == "year":
            spans = [(date(year, 1, 1), date(year, 12, 31), f"{year}")]
        elif kind == "half":
            spans = [
                (date(year, 1, 1), date(year, 6, 30), f"{year}H1"),
                (date(year, 7, 1), date(year, 12, 31), f"{year}H2"),
            ]
        elif kind == "quarter":
            spans = [
                (date(year, 3 * q - 2, 1), add_months(date(year, 3 * q - 2, 1), 3)
                 - timedelta(days=1), f"{year}Q{q}")
                for q in (1, 2, 3, 4)
            ]  # fmt: skip
        else:
            spans = [
                (date(year, m, 1), date(year, m, calendar.monthrange(year, m)[1]),
                 f"{year}-{m:02d}")
                for m in range(1, 13)
            ]  # fmt: skip
        out.extend(s for s in spans if since <= s[0] and s[1] <= as_of)
    return out


# --- ITG001 / ITG002 --------------------------------------------------------------------

ONE_ON_ONE = frozenset(("", "一对一", "个别", "个别谈话", "单独"))


def check_talks(folder: Path, since: date, as_of: date) -> tuple[set[Violation], int]:
    """ITG001 and ITG002 from the staff, oversight and talks files."""
    n = 0
    members: dict[str, list[tuple[str, date | None, date | None]]] = defaultdict(list)
    header, lines = table(find(folder, "staff"))  # type: ignore[arg-type]
    i_name, i_division = pick(header, "姓名"), pick(header, "所在处室", "处室", "部门")
    i_start, i_end = pick(header, "到岗日期", "起始日期"), pick(header, "离岗日期", "结束日期")
    for row in lines:
        n += 1
        members[str(row[i_division])].append(
            (str(row[i_name]), optional_day(row[i_start]), optional_day(row[i_end]))
        )
    low, high = date.min, date.max
    intervals: dict[tuple[str, str], list[tuple[date, date]]] = defaultdict(list)
    header, lines = table(find(folder, "oversight"))  # type: ignore[arg-type]
    i_leader, i_division = pick(header, "班子成员", "分管领导"), pick(header, "分管处室", "处室")
    i_start, i_end = pick(header, "起始日期"), pick(header, "结束日期")
    for row in lines:
        n += 1
        leader = str(row[i_leader])
        o_start = optional_day(row[i_start]) or low
        o_end = optional_day(row[i_end]) or high
        for name, s_start, s_end in members.get(str(row[i_division]), ()):
            if name == leader:
                continue
            start, end = max(o_start, s_start or low), min(o_end, s_end or high)
            if start <= end:
                intervals[(leader, name)].append((start, end))
    talks: dict[tuple[str, str], list[date]] = defaultdict(list)
    header, lines = table(find(folder, "talks"))  # type: ignore[arg-type]
    i_date, i_leader = pick(header, "谈话日期", "日期"), pick(header, "谈话人")
    i_staff, i_form = pick(header, "谈话对象"), pick(header, "谈话形式", "形式")
    for row in lines:
        n += 1
        if row[i_form] in ONE_ON_ONE:
            talks[(str(row[i_leader]), str(row[i_staff]))].append(day(row[i_date]))
    found: set[Violation] = set()
    years, halves = periods("year", since, as_of), periods("half", since, as_of)
    for (leader, name), spans in intervals.items():
        dates = talks.get((leader, name), ())
        for first, last, label in years:
            held = _days_held(spans, first, last)
            required = -(-2 * held // ((last - first).days + 1))
            if sum(1 for d in dates if first <= d <= last) < required:
                found.add(("ITG001", f"{leader}|{name}|{label}"))
        for first, last, label in halves:
            if _days_held(spans, first, last) < (last - first).days + 1:
                continue
            if not any(first <= d <= last for d in dates):
                found.add(("ITG002", f"{leader}|{name}|{label}"))
    return found, n


def _days_held(spans: list[tuple[date, date]], first: date, last: date) -> int:
    """Days of [first, last] covered by the union of ``spans``."""
    clipped = sorted((max(s, first), min(e, last)) for s, e in spans if s <= last and e >= first)
    total, reach = 0, None
    for start, end in clipped:
        if reach is not None and start <= reach:
            if end > reach:
                total += (end - reach).days
                reach = end
        else:
            total += (end - start).days + 1
            reach = end
    return total


# --- ELC --------------------------------------------------------------------------------

ORG_TYPES = {
    "党委": "committee", "机关党委": "committee", "基层党委": "committee",
    "党总支": "general_branch", "总支部": "general_branch", "总支": "general_branch",
    "党支部": "branch", "支部": "branch", "纪委": "discipline", "机关纪委": "discipline",
}  # fmt: skip
TERMS = {"committee": 5, "discipline": 5, "general_branch": 3, "branch": 3}
DISSOLVED = frozenset(("撤销", "已撤销"))


def read_orgs(folder: Path) -> list[tuple[str, str, str, Sequence[object], list[str]]]:
    """(id, name, type, row, header) of each party organization."""
    header, lines = table(find(folder, "party_orgs"))  # type: ignore[arg-type]
    i_id, i_name = pick(header, "组织编号", "编号"), pick(header, "党组织名称", "名称")
    i_type = pick(header, "组织类型", "类型")
    return [
        (str(row[i_id]), str(row[i_name]), ORG_TYPES[str(row[i_type])], row, header)
        for row in lines
    ]


def check_elections(folder: Path, as_of: date) -> tuple[set[Violation], int]:
    """ELC001–ELC005 over the party organizations."""
    found: set[Violation] = set()
    orgs = read_orgs(folder)
    if not orgs:
        return found, 0
    header = orgs[0][4]
    i_status, i_elected = pick(header, "状态"), pick(header, "上次换届日期", "换届日期")
    i_term, i_filed = pick(header, "任期（年）", "任期"), pick(header, "备案日期", "批复日期")
    i_postponed = pick(header, "批准延期至", "延期至")
    for oid, _, kind, row, _ in orgs:
        if row[i_status] in DISSOLVED:
            continue
        elected = day(row[i_elected])
        expiry = add_months(elected, 12 * (count(row[i_term]) or TERMS[kind]))
        postponed = optional_day(row[i_postponed])
        due = postponed or expiry
        if due < as_of:
            found.add(("ELC002" if as_of > add_months(due, 12) else "ELC001", oid))
        if as_of <= due <= add_months(as_of, 6):
            found.add(("ELC003", oid))
        if not row[i_filed] and as_of > elected + timedelta(days=30):
            found.add(("ELC004", oid))
        if postponed and postponed > add_months(expiry, 12):
            found.add(("ELC005", oid))
    return found, len(orgs)


# --- MTG / ITG003 -----------------------------------------------------------------------

MEETING_TYPES = {
    "党员大会": "members_meeting", "支部党员大会": "members_meeting",
    "支委会": "committee_meeting", "支部委员会": "committee_meeting",
    "党小组会": "group_meeting", "党课": "party_lecture", "主题党日": "theme_day",
    "组织生活会": "life_meeting", "民主评议党员": "evaluation", "民主评议": "evaluation",
}  # fmt: skip
MTG_RULES = (
    ("MTG001", "members_meeting", "quarter", False),
    ("MTG002", "committee_meeting", "month", False),
    ("MTG003", "group_meeting", "month", True),
    ("MTG004", "party_lecture", "quarter", False),
    ("MTG005", "theme_day", "month", False),
    ("MTG006", "life_meeting", "year", False),
    ("MTG007", "evaluation", "year", False),
)


def check_meetings(folder: Path, since: date, as_of: date) -> tuple[set[Violation], int]:
    """MTG001–MTG007 and ITG003 over the party organizations and their meetings."""
    orgs = read_orgs(folder)
    ids: set[str] = set()
    names: dict[str, list[str]] = defaultdict(list)
    branches = []
    for oid, name, kind, row, header in orgs:
        if oid in ids:
            continue
        ids.add(oid)
        names[name].append(oid)
        if kind == "branch" and row[pick(header, "状态")] not in DISSOLVED:
            branches.append((oid, truthy(row[pick(header, "设党小组")])))
    held: dict[tuple[str, str], list[date]] = defaultdict(list)
    analysed: dict[str, list[date]] = defaultdict(list)
    n = len(orgs)
    header, lines = table(find(folder, "meetings"))  # type: ignore[arg-type]
    i_org, i_type = pick(header, "党组织", "党组织编号"), pick(header, "会议类型", "类型")
    i_date, i_topic = pick(header, "日期"), pick(header, "主题", "议题")
    for row in lines:
        n += 1
        reference = str(row[i_org])
        targets = [reference] if reference in ids else names.get(reference, [])
        kind = MEETING_TYPES[str(row[i_type])]
        when = day(row[i_date])
        topic = str(row[i_topic])
        for oid in targets:
            held[(oid, kind)].append(when)
            if kind == "committee_meeting" and ("廉政" in topic or "廉洁" in topic):
                analysed[oid].append(when)
    found: set[Violation] = set()
    spans = {k: periods(k, since, as_of) for k in ("month", "quarter", "year")}
    for oid, groups in branches:
        for code, kind, period, groups_only in MTG_RULES:
            if groups_only and not groups:
                continue
            dates = held.get((oid, kind), ())
            for first, last, label in spans[period]:
                if not any(first <= d <= last for d in dates):
                    found.add((code, f"{oid}|{label}"))
        for first, last, label in spans["quarter"]:
            if not any(first <= d <= last for d in analysed.get(oid, ())):
                found.add(("ITG003", f"{oid}|{label}"))
    return found, n


# --- the command ------------------------------------------------------------------------


def run(
    folder: Path,
    kinds: Iterable[str] = KINDS,
    ignore: Sequence[str] = (),
    since: date = date(2023, 1, 1),
    as_of: date = date(2023, 12, 31),
) -> tuple[set[Violation], int]:
    """Every baseline check of ``kinds`` whose files are in ``folder``: (violations, rows)."""
    found: set[Violation] = set()
    total = 0
    for kind in kinds:
        if kind == "procurement" and (path := find(folder, "procurement")):
            part, n = check_procurement(path, ignore)
        elif kind == "talks" and all(find(folder, k) for k in ("staff", "oversight", "talks")):
            part, n = check_talks(folder, since, as_of)
        elif kind == "party_orgs" and find(folder, "party_orgs"):
            part, n = check_elections(folder, as_of)
        elif kind == "meetings" and find(folder, "party_orgs") and find(folder, "meetings"):
            part, n = check_meetings(folder, since, as_of)
        else:
            continue
        found |= part
        total += n
    return {v for v in found if v[0] not in ignore}, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument(
        "--kinds", default=",".join(KINDS), help="comma list of " + ", ".join(KINDS)
    )
    parser.add_argument("--ignore", default="", help="comma list of codes not to report")
    parser.add_argument("--since", type=date.fromisoformat, default=date(2023, 1, 1))
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2023, 12, 31))
    parser.add_argument("-o", "--output", type=Path, help="write [code, subject] pairs as JSON")
    args = parser.parse_args(argv)
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    ignore = [c for c in args.ignore.split(",") if c]
    started = time.perf_counter()
    found, n = run(args.folder, kinds, ignore, args.since, args.as_of)
    if args.output:
        args.output.write_text(json.dumps(sorted(found), ensure_ascii=False), encoding="utf-8")
    elapsed = time.perf_counter() - started
    print(f"baseline: {n} rows, {len(found)} violations in {elapsed:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
