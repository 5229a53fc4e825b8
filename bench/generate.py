"""Deterministic synthetic datasets in the DATA.md shape, at a chosen size.

Usage::

    python bench/generate.py OUT_DIR --procurement 1000000
    python bench/generate.py OUT_DIR --procurement 1000000 --talks 200000 \\
        --meetings 50000 --orgs 5000
    python bench/generate.py OUT_DIR --procurement 100000 --xlsx

Writes, into OUT_DIR, the files a provincial office would hand over (Chinese file names
and headers as offices write them):

- ``采购台账.csv`` (or ``采购台账.xlsx`` with ``--xlsx``): procurement, with amounts in
  mixed notations (``20000``, ``20,000.00``, ``2万``, ``2万元``, ``¥1.5万``, ``￥20,000.00``)
  and dates (``2023-08-03``, ``2023年8月3日``, ``2023/8/3``);
- with ``--talks N``: ``人员名单.csv`` (staff), ``分管关系.csv`` (oversight) and
  ``廉政谈话记录.csv`` (about N integrity talks);
- with ``--orgs N``: ``党组织.csv`` (N Party organizations);
- with ``--meetings N``: ``组织生活.csv`` (about N meetings of those organizations;
  needs ``--orgs``).

Everything is drawn from one seeded ``random.Random`` per kind, so the same arguments
always give byte-identical files. The figures are made for ``--as-of 2023-12-31
--since 2023-01-01`` (the year 2023).

Distributions (procurement): a few hundred purchasing units (300), ``rows / 200``
vendors (thousands at 1M rows: the number of (unit, vendor) pairs grows with the rows,
so the density of split-purchase candidates does not change with the size); budgets in
bands around the thresholds — about 47 % up to 2万 (exactly 2万 and 19,999.99 among
them), 38 % in 2万–30万 (exactly 30万 and 20,000.01 among them), 10 % in 30万–200万 and
5 % at or over 200万 (exactly 200万 and 400万 among them); dates across 2023. About one
row in twelve breaks a PRC rule: directed purchases over 2万 (PRC001), too few suppliers
in the band (PRC002, half of them with an exception), no documents (PRC003), self
procurement over 30万 (PRC004), government procurement at or over the open-tender figure
not tendered (PRC006), and injected split purchases — 2–4 small directed purchases from
one vendor within 30 days adding up over 2万, with near misses at 30 and 31 days apart
(PRC005) — besides the splits that happen by chance.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

YEAR = 2023
AS_OF = "2023-12-31"
SINCE = "2023-01-01"
DEFAULT_SEED = 2023

PROCUREMENT_CSV = "采购台账.csv"
PROCUREMENT_XLSX = "采购台账.xlsx"
STAFF_CSV = "人员名单.csv"
OVERSIGHT_CSV = "分管关系.csv"
TALKS_CSV = "廉政谈话记录.csv"
ORGS_CSV = "党组织.csv"
MEETINGS_CSV = "组织生活.csv"

PROCUREMENT_HEADER = (
    "序号",
    "项目名称",
    "预算金额（元）",
    "采购组织形式",
    "采购方式",
    "比价供应商数",
    "是否编制采购文件",
    "成交供应商",
    "采购单位",
    "品目",
    "采购日期",
    "合同金额",
    "例外说明",
)
STAFF_HEADER = ("姓名", "所在处室", "到岗日期", "离岗日期")
OVERSIGHT_HEADER = ("班子成员", "分管处室", "起始日期", "结束日期")
TALKS_HEADER = ("谈话日期", "谈话人", "谈话对象", "谈话形式", "主题")
ORGS_HEADER = (
    "组织编号",
    "党组织名称",
    "组织类型",
    "上级党组织",
    "上次换届日期",
    "任期（年）",
    "备案日期",
    "批准延期至",
    "状态",
    "设党小组",
)
MEETINGS_HEADER = ("党组织", "会议类型", "日期", "主题")

CITIES = (
    "江宁", "浦口", "六合", "溧水", "高淳", "玄武", "秦淮", "建邺", "鼓楼", "栖霞",
    "雨花", "江北", "仙林", "麒麟", "汤山", "淳化", "桥林", "龙袍", "竹镇", "东坝",
)  # fmt: skip
DEPARTMENTS = (
    "财政局", "教育局", "卫健委", "民政局", "司法局", "审计局", "统计局", "水务局",
    "商务局", "文旅局", "交通局", "应急局", "医保局", "档案馆", "机关事务局",
)  # fmt: skip
OFFICES = (
    "办公室", "财务科", "人事科", "法规科", "综合科", "信息中心", "审批科", "监督科",
    "宣传科", "后勤科", "规划科", "执法大队", "调研室", "安全科", "科技科", "党建办",
    "服务中心", "协调科", "督查室", "保障科",
)  # fmt: skip
VENDOR_WORDS = (
    "华", "瑞", "信", "恒", "达", "金", "宏", "泰", "联", "创", "博", "盛", "星", "远",
    "安", "鑫", "通", "汇", "嘉", "德", "新", "正", "力", "天", "科", "源", "兴", "隆",
    "宁", "明",
)  # fmt: skip
VENDOR_TRADES = (
    "办公用品", "印务", "科技", "信息技术", "家具", "电器", "建筑工程", "物业管理",
    "文化传媒", "会务服务", "装饰工程", "商贸",
)  # fmt: skip
VENDOR_KINDS = ("有限公司", "有限公司", "股份有限公司", "经营部", "商行")
PROJECTS = {
    "goods": ("办公用品采购", "电脑及外设采购", "办公家具采购", "打印耗材采购", "空调采购"),
    "services": ("印刷服务", "会议服务", "物业服务", "信息系统运维", "法律顾问服务"),
    "works": ("办公楼维修", "会议室改造", "消防设施改造", "屋面防水工程", "道路修缮"),
}
CATEGORY_TEXT = {"goods": "货物", "services": "服务", "works": "工程", None: ""}
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉玉兰萍红鹏飞云海斌宇晨浩"


#: a prime that no capacity below divides: ``i * _SCATTER % capacity`` is a permutation
_SCATTER = 104_729


def mixed_radix(index: int, *bases: int) -> list[int]:
    """``index`` as digits in the given bases (the first base varies fastest)."""
    digits = []
    for base in bases:
        index, digit = divmod(index, base)
        digits.append(digit)
    return digits


def person_name(index: int) -> str:
    """A unique Chinese name for ``index`` (three characters; a suffix past 153,600)."""
    capacity = len(SURNAMES) * len(GIVEN) * len(GIVEN)
    overflow, index = divmod(index, capacity)
    s, a, b = mixed_radix(index * _SCATTER % capacity, len(SURNAMES), len(GIVEN), len(GIVEN))
    return SURNAMES[s] + GIVEN[a] + GIVEN[b] + (str(overflow) if overflow else "")


def unit_names(count: int) -> list[str]:
    """``count`` purchasing units (``江宁财政局``); a numeral past 300."""
    names = []
    for i in range(count):
        c, d = mixed_radix(i, len(CITIES), len(DEPARTMENTS))
        extra = i // (len(CITIES) * len(DEPARTMENTS))
        names.append(CITIES[c] + DEPARTMENTS[d] + (f"{extra + 1}分局" if extra else ""))
    return names


def vendor_names(count: int) -> list[str]:
    """``count`` distinct vendors (``江宁华瑞科技有限公司``)."""
    names = []
    bases = (len(VENDOR_TRADES), len(VENDOR_WORDS), len(VENDOR_WORDS), len(CITIES))
    capacity = len(VENDOR_TRADES) * len(VENDOR_WORDS) ** 2 * len(CITIES)
    for i in range(count):
        extra, j = divmod(i, capacity)
        t, w1, w2, c = mixed_radix(j * _SCATTER % capacity, *bases)
        names.append(
            CITIES[c]
            + VENDOR_WORDS[w1]
            + VENDOR_WORDS[w2]
            + (str(extra) if extra else "")
            + VENDOR_TRADES[t]
            + VENDOR_KINDS[i % len(VENDOR_KINDS)]
        )
    return names


# ---------------------------------------------------------------------------------------
# notations


def amount_text(rng: random.Random, fen: int) -> str:
    """A sum of ``fen`` (hundredths of a yuan) in one of the notations offices use."""
    yuan, cents = divmod(fen, 100)
    r = rng.random()
    if cents:
        if r < 0.55:
            return f"{yuan}.{cents:02d}"
        if r < 0.85:
            return f"{yuan:,}.{cents:02d}"
        if r < 0.95:
            return f"¥{yuan:,}.{cents:02d}"
        return f"{yuan}.{cents:02d}元"
    if yuan % 100 == 0 and yuan:
        wan, rest = divmod(yuan, 10000)
        w = str(wan) if not rest else f"{wan}.{rest // 100:02d}".rstrip("0")
        if r < 0.30:
            return str(yuan)
        if r < 0.50:
            return f"{yuan:,}.00"
        if r < 0.65:
            return f"{w}万"
        if r < 0.80:
            return f"{w}万元"
        if r < 0.87:
            return f"¥{w}万"
        if r < 0.93:
            return f"￥{yuan:,}.00"
        return f"{yuan}元"
    if r < 0.6:
        return str(yuan)
    if r < 0.9:
        return f"{yuan:,}.00"
    return f"{yuan}元"


def date_text(rng: random.Random, day: date) -> str:
    """``day`` as ISO (60 %), ``2023年8月3日`` (25 %) or ``2023/8/3`` (15 %)."""
    r = rng.random()
    if r < 0.60:
        return day.isoformat()
    if r < 0.85:
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.year}/{day.month}/{day.day}"


# ---------------------------------------------------------------------------------------
# procurement

SELF = ("自行采购", "自行采购", "自行采购", "单位自行采购")
GOVERNMENT = ("政府采购", "政府采购", "集中采购", "分散采购", "委托代理")
DIRECTED = ("定向采购", "定向采购", "直接采购", "单一来源")
COMPARED = ("比价", "询价", "询比价", "竞争性磋商", "竞争性谈判")
TENDER = ("公开招标", "公开招标", "邀请招标")
NOT_TENDER = ("竞争性磋商", "竞争性谈判", "单一来源", "询价")
YES = ("是", "是", "是", "有", "√")
NO = ("否", "无", "")
EXCEPTIONS = ("市场供应商不足三家，经分管领导批准", "应急采购，经党组会议研究同意")


def _small_fen(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.03:
        return 2_000_000  # exactly 2万: directed allowed
    if r < 0.04:
        return 1_999_999  # 19,999.99
    if r < 0.80:
        return rng.randrange(5, 200) * 10_000  # 500 .. 19,900 yuan, round hundreds
    return rng.randrange(10_000, 2_000_000)  # with cents


def _band_fen(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.01:
        return 30_000_000  # exactly 30万: inside the band
    if r < 0.015:
        return 2_000_001  # 20,000.01
    if r < 0.85:
        return rng.randrange(21, 300) * 100_000  # 21,000 .. 299,000
    return rng.randrange(2_000_100, 30_000_000)


def _large_fen(rng: random.Random) -> int:
    return rng.randrange(31, 200) * 1_000_000  # 31万 .. 199万


def _huge_fen(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.03:
        return 200_000_000  # exactly 200万
    if r < 0.05:
        return 400_000_000  # exactly 400万
    return rng.randrange(200, 1000) * 1_000_000  # 200万 .. 999万


def _category(rng: random.Random) -> str | None:
    r = rng.random()
    if r < 0.50:
        return "goods"
    if r < 0.80:
        return "services"
    if r < 0.95:
        return "works"
    return None


def _purchase_day(rng: random.Random) -> date:
    if rng.random() < 0.02:
        return date(YEAR - 1, 12, 1) + timedelta(days=rng.randrange(31))
    return date(YEAR, 1, 1) + timedelta(days=rng.randrange(365))


class _Procurement:
    """The procurement row source (one seeded stream)."""

    def __init__(self, rows: int, seed: int) -> None:
        self.rows = rows
        self.rng = random.Random(f"procurement:{seed}")
        self.units = unit_names(300)
        self.vendors = vendor_names(max(50, rows // 200))
        self.count = 0

    def _id(self) -> str:
        self.count += 1
        return f"CG{YEAR}-{self.count:07d}"

    def row(
        self,
        fen: int,
        mode: str,
        method: str,
        suppliers: str,
        docs: str,
        vendor: str,
        unit: str,
        category: str | None,
        day: date,
        exception: str = "",
    ) -> tuple[str, ...]:
        rng = self.rng
        project = rng.choice(PROJECTS[category or "goods"])
        contract = (
            "" if rng.random() < 0.2 else amount_text(rng, fen - fen // 100 * rng.randrange(8))
        )
        return (
            self._id(),
            project,
            amount_text(rng, fen),
            mode,
            method,
            suppliers,
            docs,
            vendor,
            unit,
            CATEGORY_TEXT[category],
            date_text(rng, day),
            contract,
            exception,
        )

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        rng = self.rng
        while self.count < self.rows:
            if rng.random() < 0.006:
                yield from self._split_group()
                continue
            yield self._one()

    def _one(self) -> tuple[str, ...]:
        rng = self.rng
        unit = rng.choice(self.units)
        vendor = rng.choice(self.vendors)
        category = _category(rng)
        day = _purchase_day(rng)
        band = rng.random()
        exception = ""
        if band < 0.47:  # up to 2万
            fen = _small_fen(rng)
            if rng.random() < 0.03:
                return self.row(
                    fen, rng.choice(GOVERNMENT), rng.choice(COMPARED), "3", "是",
                    vendor, unit, category, day,
                )  # fmt: skip
            if rng.random() < 0.02:
                vendor = ""
            if rng.random() < 0.75:
                method, suppliers, docs = rng.choice(DIRECTED), "", rng.choice(NO)
            else:
                method = rng.choice(COMPARED)
                suppliers, docs = str(rng.randrange(1, 4)), rng.choice(YES + NO)
            return self.row(
                fen, rng.choice(SELF), method, suppliers, docs, vendor, unit, category, day
            )
        if band < 0.85:  # 2万 – 30万
            fen = _band_fen(rng)
            if rng.random() < 0.08:
                return self.row(
                    fen, rng.choice(GOVERNMENT), rng.choice(COMPARED + TENDER),
                    f"{rng.randrange(3, 7)}家", "是", vendor, unit, category, day,
                )  # fmt: skip
            r = rng.random()
            if r < 0.02:  # PRC001 (and PRC003 when no documents)
                method, suppliers = rng.choice(DIRECTED), ""
            elif r < 0.05:  # PRC002
                method = rng.choice(COMPARED)
                suppliers = rng.choice(("0", "1家", "2", "2家", ""))
                if rng.random() < 0.5:
                    exception = rng.choice(EXCEPTIONS)
            else:
                method = rng.choice(COMPARED)
                suppliers = rng.choice(("3", "3家", "4", "4家", "5家", "6"))
            docs = rng.choice(NO) if rng.random() < 0.04 else rng.choice(YES)  # PRC003
            return self.row(
                fen, rng.choice(SELF), method, suppliers, docs, vendor, unit, category, day,
                exception,
            )  # fmt: skip
        if band < 0.95:  # 30万 – 200万
            fen = _large_fen(rng)
            if rng.random() < 0.06:  # PRC004 (PRC001 when directed)
                method = rng.choice(COMPARED + DIRECTED)
                return self.row(
                    fen, rng.choice(SELF), method, "3家", "是", vendor, unit, category, day
                )
            method = rng.choice(TENDER + NOT_TENDER)
            return self.row(
                fen, rng.choice(GOVERNMENT), method, "", "是", vendor, unit, category, day
            )
        fen = _huge_fen(rng)  # 200万 and over
        if rng.random() < 0.02:
            return self.row(
                fen, rng.choice(SELF), rng.choice(TENDER), "", "是", vendor, unit, category, day
            )
        method = rng.choice(NOT_TENDER) if rng.random() < 0.08 else rng.choice(TENDER)  # PRC006
        return self.row(fen, rng.choice(GOVERNMENT), method, "", "是", vendor, unit, category, day)

    def _split_group(self) -> Iterator[tuple[str, ...]]:
        """2–4 small directed purchases from one vendor close together (PRC005)."""
        rng = self.rng
        unit, vendor, category = rng.choice(self.units), rng.choice(self.vendors), _category(rng)
        start = date(YEAR, 1, 1) + timedelta(days=rng.randrange(330))
        r = rng.random()
        if r < 0.1:  # the window's edge: 30 days apart is inside, 31 outside
            offsets = [0, rng.choice((30, 31))]
        else:
            offsets = sorted(rng.randrange(26) for _ in range(rng.choice((2, 2, 3, 4))))
        for offset in offsets:
            if self.count >= self.rows:
                return
            fen = rng.randrange(80, 200) * 10_000  # 8,000 .. 19,900
            yield self.row(
                fen, rng.choice(SELF), rng.choice(DIRECTED), "", rng.choice(NO),
                vendor, unit, category, start + timedelta(days=offset),
            )  # fmt: skip


def procurement_rows(rows: int, seed: int = DEFAULT_SEED) -> Iterator[tuple[str, ...]]:
    """The procurement rows (header excluded), as the CSV holds them."""
    return iter(_Procurement(rows, seed))


def write_procurement_csv(path: Path, rows: int, seed: int, encoding: str = "utf-8") -> int:
    """Write ``rows`` procurement rows to ``path``; return the row count."""
    with path.open("w", encoding=encoding, newline="") as stream:
        out = csv.writer(stream)
        out.writerow(PROCUREMENT_HEADER)
        batch: list[tuple[str, ...]] = []
        for row in procurement_rows(rows, seed):
            batch.append(row)
            if len(batch) == 10_000:
                out.writerows(batch)
                batch.clear()
        out.writerows(batch)
    return rows


def _cell(text: str) -> object:
    """The value a spreadsheet holds for ``text``: numbers and ISO dates typed."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit():
        return datetime.fromisoformat(text)
    head, dot, tail = text.partition(".")
    if dot and head.isdigit() and tail.isdigit() and len(tail) == 2:
        return float(text)
    return text


def write_procurement_xlsx(path: Path, rows: int, seed: int) -> int:
    """Write the same rows as an XLSX workbook (typed numbers and dates where plain)."""
    from openpyxl import Workbook  # only when asked for: the import is slow

    book = Workbook(write_only=True)
    sheet = book.create_sheet("采购台账")
    sheet.append(PROCUREMENT_HEADER)
    numeric = (2, 5, 10, 11)  # budget, suppliers, date, contract
    for row in procurement_rows(rows, seed):
        values: list[object] = list(row)
        for i in numeric:
            values[i] = _cell(row[i])
        sheet.append(values)
    book.save(path)
    return rows


# ---------------------------------------------------------------------------------------
# staff, oversight, talks


def write_talks(folder: Path, talks: int, seed: int) -> dict[str, int]:
    """Staff, oversight and about ``talks`` integrity talks; return the row counts."""
    rng = random.Random(f"talks:{seed}")
    staff_count = max(10, int(talks / 2.1))
    divisions_count = max(2, staff_count // 10)
    units = unit_names(max(1, -(-divisions_count // len(OFFICES))))
    divisions = [
        units[i // len(OFFICES)] + OFFICES[i % len(OFFICES)] for i in range(divisions_count)
    ]
    leaders_count = max(2, divisions_count // 4)
    names = iter(range(10**9))
    leaders = [person_name(next(names)) for _ in range(leaders_count)]
    oversight: list[tuple[str, str, date | None, date | None]] = []
    for i, division in enumerate(divisions):
        leader = leaders[i // 4 % leaders_count]
        if rng.random() < 0.05:  # the oversight changes hands mid-year
            cut = date(YEAR, 1, 1) + timedelta(days=rng.randrange(40, 320))
            other = leaders[rng.randrange(leaders_count)]
            oversight.append((leader, division, None, cut))
            oversight.append((other, division, cut + timedelta(days=1), None))
        else:
            oversight.append((leader, division, None, None))
    staff: list[tuple[str, str, date | None, date | None]] = []
    for i in range(staff_count):
        name = person_name(next(names))
        division = divisions[i % divisions_count]
        r = rng.random()
        start = end = None
        if r < 0.06:
            start = date(YEAR, 1, 1) + timedelta(days=rng.randrange(1, 360))
        elif r < 0.10:
            end = date(YEAR, 1, 1) + timedelta(days=rng.randrange(0, 360))
        elif r < 0.12:
            start = date(YEAR - 2, 1, 1) + timedelta(days=rng.randrange(700))
        staff.append((name, division, start, end))
    by_division: dict[str, list[tuple[str, date | None, date | None]]] = {}
    for leader, division, start, end in oversight:
        by_division.setdefault(division, []).append((leader, start, end))
    written = []
    first, last = date(YEAR, 1, 1), date(YEAR, 12, 31)
    h2 = date(YEAR, 7, 1)
    for name, division, s_start, s_end in staff:
        for leader, o_start, o_end in by_division[division]:
            lo = max(d for d in (first, s_start, o_start) if d is not None)
            hi = min(d for d in (last, s_end, o_end) if d is not None)
            if lo > hi:
                continue
            span = (hi - lo).days + 1
            r = rng.random()
            count = 2 if r < 0.62 else 3 if r < 0.77 else 1 if r < 0.92 else 0 if r < 0.96 else 4
            spread = rng.random() < 0.85 and lo < h2 <= hi
            for k in range(count):
                if spread and k < 2:  # one talk in each half
                    a, b = (lo, h2 - timedelta(days=1)) if k == 0 else (h2, hi)
                    day = a + timedelta(days=rng.randrange((b - a).days + 1))
                else:
                    day = lo + timedelta(days=rng.randrange(span))
                written.append((day, leader, name, rng.choice(("一对一", "一对一", "个别", ""))))
            if rng.random() < 0.08:  # a group talk does not count
                day = lo + timedelta(days=rng.randrange(span))
                written.append((day, leader, name, "集体"))
            if rng.random() < 0.03:  # a talk of the year before
                day = date(YEAR - 1, 1, 1) + timedelta(days=rng.randrange(365))
                written.append((day, leader, name, "一对一"))
    rng.shuffle(written)
    with (folder / STAFF_CSV).open("w", encoding="utf-8", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(STAFF_HEADER)
        for name, division, start, end in staff:
            out.writerow((name, division, _opt_date(rng, start), _opt_date(rng, end)))
    with (folder / OVERSIGHT_CSV).open("w", encoding="utf-8", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(OVERSIGHT_HEADER)
        for leader, division, start, end in oversight:
            out.writerow((leader, division, _opt_date(rng, start), _opt_date(rng, end)))
    topics = ("廉政谈话", "提醒谈话", "年度廉政谈话", "")
    with (folder / TALKS_CSV).open("w", encoding="utf-8", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(TALKS_HEADER)
        out.writerows(
            (date_text(rng, day), leader, name, form, rng.choice(topics))
            for day, leader, name, form in written
        )
    return {"staff": len(staff), "oversight": len(oversight), "talks": len(written)}


def _opt_date(rng: random.Random, day: date | None) -> str:
    return "" if day is None else date_text(rng, day)


# ---------------------------------------------------------------------------------------
# party organizations and meetings

ORG_TYPES = (
    ("branch", "党支部", 0.83, 3),
    ("general_branch", "党总支", 0.08, 3),
    ("committee", "机关党委", 0.06, 5),
    ("discipline", "机关纪委", 0.03, 5),
)
MEETING_TEXT = {
    "members_meeting": ("党员大会", "支部党员大会"),
    "committee_meeting": ("支委会", "支部委员会"),
    "group_meeting": ("党小组会",),
    "party_lecture": ("党课",),
    "theme_day": ("主题党日",),
    "life_meeting": ("组织生活会",),
    "evaluation": ("民主评议党员",),
}


def _org_rows(count: int, rng: random.Random) -> list[dict[str, object]]:
    units = unit_names(max(1, count // 15))
    orgs: list[dict[str, object]] = []
    for i in range(count):
        r, acc = rng.random(), 0.0
        kind, text, term = ORG_TYPES[0][0], ORG_TYPES[0][1], ORG_TYPES[0][3]
        for k, t, share, years in ORG_TYPES:
            acc += share
            if r < acc:
                kind, text, term = k, t, years
                break
        unit = units[i % len(units)]
        number = i // len(units) + 1
        name = f"{unit}第{number}{text}" if kind in ("branch", "general_branch") else unit + text
        if kind not in ("branch", "general_branch"):
            name += "" if number == 1 else f"（{number}）"
        # elected so that the next election falls from mid-2022 to 2026: overdue, severely
        # overdue, due soon and not yet due all occur at as_of 2023-12-31
        elected = date(YEAR - term, 1, 1) + timedelta(days=rng.randrange(-540, 4 * 365 - 60))
        own_term = ""
        if rng.random() < 0.03:
            own_term = str(rng.choice((3, 5)))
            term = int(own_term)
        filed = "" if rng.random() < 0.08 else elected + timedelta(days=rng.randrange(5, 40))
        postponed: date | str = ""
        expiry_year = elected.year + term
        if rng.random() < 0.06:
            months = rng.choice((3, 6, 9, 12, 13, 18))
            month_index = elected.month - 1 + months
            day = min(elected.day, 28)
            postponed = date(expiry_year + month_index // 12, month_index % 12 + 1, day)
        orgs.append(
            {
                "id": f"DZ{i + 1:05d}",
                "name": name,
                "kind": kind,
                "text": text,
                "parent": unit + "机关党委",
                "elected": elected,
                "term": own_term,
                "filed": filed,
                "postponed": postponed,
                "status": "撤销" if rng.random() < 0.02 else rng.choice(("正常", "")),
                "groups": rng.random() < 0.3,
            }
        )
    return orgs


def write_orgs(folder: Path, count: int, seed: int) -> list[dict[str, object]]:
    """``count`` Party organizations; return them (the meetings refer to them)."""
    rng = random.Random(f"orgs:{seed}")
    orgs = _org_rows(count, rng)
    with (folder / ORGS_CSV).open("w", encoding="utf-8", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(ORGS_HEADER)
        for org in orgs:
            out.writerow(
                (
                    org["id"],
                    org["name"],
                    org["text"],
                    org["parent"],
                    date_text(rng, org["elected"]),  # type: ignore[arg-type]
                    org["term"],
                    "" if not org["filed"] else date_text(rng, org["filed"]),  # type: ignore[arg-type]
                    "" if not org["postponed"] else date_text(rng, org["postponed"]),  # type: ignore[arg-type]
                    org["status"],
                    "是" if org["groups"] else rng.choice(("否", "")),
                )
            )
    return orgs


def _schedule(groups: bool) -> list[tuple[str, int, int]]:
    """A branch's full year: (type, first month, last month) of each required meeting."""
    plan = []
    for month in range(1, 13):
        plan.append(("committee_meeting", month, month))
        plan.append(("theme_day", month, month))
        if groups:
            plan.append(("group_meeting", month, month))
    for quarter in range(4):
        plan.append(("members_meeting", 3 * quarter + 1, 3 * quarter + 3))
        plan.append(("party_lecture", 3 * quarter + 1, 3 * quarter + 3))
    plan.append(("life_meeting", 1, 12))
    plan.append(("evaluation", 1, 12))
    return plan


def write_meetings(folder: Path, count: int, orgs: list[dict[str, object]], seed: int) -> int:
    """About ``count`` meetings of ``orgs``; return the number written."""
    rng = random.Random(f"meetings:{seed}")
    plans = [_schedule(bool(org["groups"])) for org in orgs]
    full = sum(len(plan) for plan in plans)
    share = min(1.0, count / max(1, full))
    rows = []
    for org, plan in zip(orgs, plans, strict=True):
        diligence = min(1.0, share * rng.uniform(0.2, 1.8))
        reference = org["id"] if rng.random() < 0.7 else org["name"]
        for kind, lo, hi in plan:
            if rng.random() >= diligence:
                continue
            month = rng.randint(lo, hi)
            day = date(YEAR, month, rng.randint(1, 28))
            topic = ""
            if kind == "committee_meeting":
                topic = rng.choice(("研究发展党员工作", "分析党风廉政建设形势", "部署廉洁自律工作"))
                if month % 3 and rng.random() < 0.5:
                    topic = "研究季度工作安排"
            rows.append((reference, rng.choice(MEETING_TEXT[kind]), date_text(rng, day), topic))
    rng.shuffle(rows)
    with (folder / MEETINGS_CSV).open("w", encoding="utf-8", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(MEETINGS_HEADER)
        out.writerows(rows)
    return len(rows)


# ---------------------------------------------------------------------------------------


def generate(
    folder: Path,
    procurement: int = 0,
    talks: int = 0,
    meetings: int = 0,
    orgs: int = 0,
    xlsx: bool = False,
    seed: int = DEFAULT_SEED,
    encoding: str = "utf-8",
) -> dict[str, int]:
    """Write the dataset into ``folder``; return the row count of each kind."""
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    if procurement:
        if xlsx:
            counts["procurement"] = write_procurement_xlsx(
                folder / PROCUREMENT_XLSX, procurement, seed
            )
        else:
            counts["procurement"] = write_procurement_csv(
                folder / PROCUREMENT_CSV, procurement, seed, encoding
            )
    if talks:
        counts.update(write_talks(folder, talks, seed))
    if meetings and not orgs:
        raise ValueError("--meetings needs --orgs (meetings refer to party organizations)")
    if orgs:
        rows = write_orgs(folder, orgs, seed)
        counts["party_orgs"] = len(rows)
        if meetings:
            counts["meetings"] = write_meetings(folder, meetings, rows, seed)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the dataset into")
    parser.add_argument("--procurement", type=int, default=0, metavar="N", help="rows")
    parser.add_argument("--talks", type=int, default=0, metavar="N", help="about N talks")
    parser.add_argument("--meetings", type=int, default=0, metavar="N", help="about N meetings")
    parser.add_argument("--orgs", type=int, default=0, metavar="N", help="Party organizations")
    parser.add_argument("--xlsx", action="store_true", help="procurement as XLSX, not CSV")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--encoding", default="utf-8", help="procurement CSV encoding (utf-8, gb18030)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        counts = generate(
            args.out_dir,
            procurement=args.procurement,
            talks=args.talks,
            meetings=args.meetings,
            orgs=args.orgs,
            xlsx=args.xlsx,
            seed=args.seed,
            encoding=args.encoding,
        )
    except ValueError as error:
        parser.error(str(error))
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{kind} {n:,}" for kind, n in counts.items()) or "nothing"
    print(f"generated {summary} in {elapsed:.1f} s under {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
