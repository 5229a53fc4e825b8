"""ITG004: an integrity reminder (节前廉洁提醒) before every festival holiday.

For each festival in ``festivals`` whose first holiday day D (from the official holiday
calendar, :class:`~rectikit.model.official_calendar.OfficialCalendar`, or
``festival_dates`` in config) falls in ``[since, as_of]``, some notice must be dated
from D − ``lead_days`` to D − 1, both included, with one of ``notice_keywords`` (廉) in
its title or topic. A run starting before ``since`` is not judged and runs are never
clipped; the subject is ``festival|YYYY`` with YYYY = D's year (元旦 starting 2023-12-30
is ``元旦|2023``). The parameters are those in force on D, except ``festival_dates``,
which finds D and so is read as of ``as_of``. Notices dated before ``since`` count: the
reminder for a festival early in the window may precede it.

A year of the window that neither the calendar nor ``festival_dates`` covers for some
festival is reported as ``CFG001`` (one per year, naming the festivals: those in force on
some day of the window in that year), and those festivals are not judged for it.

Several runs of one festival starting in one year (元旦 2022-01-01 and 2022-12-31) share
the subject ``元旦|2022``: it is one breach when any of them lacks a reminder, naming the
earliest failing run (``holiday``) and, when more than one fails, all (``holidays``).

Where the breaches point: no single record is at fault, so a breach names the notices
file (the first notice's file and sheet, no row), also when the notices file holds no
record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

import attrs

from rectikit.checks.base import Breach, Check, needs
from rectikit.checks.integrity_analysis import mentions
from rectikit.hookspecs import hookimpl
from rectikit.model.location import Location
from rectikit.model.official_calendar import FestivalRun, OfficialCalendar, festival_name
from rectikit.model.records import Notice


def canonical_festivals(names: Iterable[str]) -> list[str]:
    """``festivals`` as canonical names (``中秋节`` -> ``中秋``), without duplicates."""
    out: list[str] = []
    for name in names:
        canonical = festival_name(name) or name.strip()
        if canonical and canonical not in out:
            out.append(canonical)
    return out


class FestivalIntegrityReminder(Check):
    """ITG004: no integrity reminder in the days before a festival holiday."""

    code = "ITG004"
    needs = needs(notices=("date",))

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.notices: list[tuple[date, str, str | None]] = []
        self.where: Location | None = None

    def feed(self, kind: str, record: Any) -> Iterable[Breach]:
        notice: Notice = record
        if self.where is None:
            self.where = attrs.evolve(notice.location, row=None, column=None, cell=None)
        self.notices.append((notice.date, notice.title or "", notice.topic))
        return ()

    # -- parameters over the window ----------------------------------------------------

    def _states(self, first: date, last: date) -> list[Mapping[str, Any]]:
        """The parameter sets in force on some day of ``[first, last]``."""
        days = [first]
        timeline = self.context.timeline
        if timeline is not None:
            days += sorted({s.effective for s in timeline.sets if first < s.effective <= last})
        return [self.params_on(day) for day in days]

    def _festivals(self, first: date, last: date) -> list[str]:
        """Every festival judged on some day of ``[first, last]``."""
        return canonical_festivals(
            name for params in self._states(first, last) for name in params["festivals"]
        )

    # -- judging -----------------------------------------------------------------------

    def finish(self) -> Iterable[Breach]:
        if self.since > self.as_of:
            return
        calendar = OfficialCalendar(festival_dates=self.params.get("festival_dates") or {})
        notices_files = self.kind_files.get("notices", ())
        location = self.where or Location(
            notices_files[0] if notices_files else self.context.config_name
        )
        for year in range(self.since.year, self.as_of.year + 1):
            first = max(self.since, date(year, 1, 1))
            last = min(self.as_of, date(year, 12, 31))
            festivals = self._festivals(first, last)
            missing = calendar.missing_festivals(year, festivals)
            if missing:
                yield self._not_covered(year, missing)
            failing: dict[str, list[tuple[FestivalRun, Mapping[str, Any]]]] = {}
            for run in calendar.festival_runs(year, festivals):
                if not self.since <= run.start <= self.as_of:
                    continue
                params = self.params_on(run.start)
                if run.festival not in canonical_festivals(params["festivals"]):
                    continue
                if not self._reminded(run.start, params):
                    failing.setdefault(run.festival, []).append((run, params))
            for festival, runs in failing.items():
                yield self._breach(festival, year, runs, location)

    def _reminded(self, holiday: date, params: Mapping[str, Any]) -> bool:
        """Whether a notice with a keyword is dated D − lead_days .. D − 1."""
        start = holiday - timedelta(days=params["lead_days"])
        keywords = tuple(params["notice_keywords"])
        return any(
            start <= day < holiday and (mentions(title, keywords) or mentions(topic, keywords))
            for day, title, topic in self.notices
        )

    def _breach(
        self,
        festival: str,
        year: int,
        runs: list[tuple[FestivalRun, Mapping[str, Any]]],
        location: Location,
    ) -> Breach:
        """One breach per ``festival|YYYY``; a year with two runs of a festival (元旦
        2022-01-01 and 2022-12-31) that both lack a reminder names the earliest and lists
        every date in ``holidays``."""
        run, params = runs[0]
        lead = params["lead_days"]
        values: dict[str, Any] = {
            "festival": festival,
            "year": year,
            "holiday": run.start,
            "window_start": run.start - timedelta(days=lead),
            "window_end": run.start - timedelta(days=1),
            "lead_days": lead,
            "keywords": "、".join(params["notice_keywords"]),
        }
        if len(runs) > 1:
            values["holidays"] = "、".join(r.start.isoformat() for r, _ in runs)
        return Breach(
            subject=f"{festival}|{year}",
            location=location,
            values=values,
            kind="notices",
        )

    def _not_covered(self, year: int, missing: list[str]) -> Breach:
        """``CFG001``: the calendar does not tell the holidays of ``year``."""
        names_zh = "、".join(missing)
        names_en = ", ".join(missing)
        return self.config_note(
            f"{self.code}|{year}",
            f"规则 {self.code} 无法判断 {year} 年的节前廉洁提醒：官方节假日日历未覆盖"
            f" {year} 年的 {names_zh}；请在 [params.{self.code}] 中设置 festival_dates"
            f'（"节日名" = [首个放假日]，如 festival_dates = {{ "国庆" = ["{year}-10-01"] }}）',
            f"rule {self.code} cannot judge {year}: the official holiday calendar "
            f"does not cover {names_en} in {year}; set festival_dates under "
            f"[params.{self.code}] (festival = [first holiday day], e.g. "
            f'festival_dates = {{ "国庆" = ["{year}-10-01"] }})',
        )


CHECKS = [FestivalIntegrityReminder]


@hookimpl
def rectikit_checks() -> list[type]:
    """The festival integrity-reminder check (its rule is in ``integrity.toml``, whose
    pack :mod:`rectikit.checks.integrity` registers)."""
    return list(CHECKS)
