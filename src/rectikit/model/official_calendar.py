"""The official holiday calendar (国务院办公厅 放假安排): days off, adjusted working days,
and the holiday runs of the festivals.

The published calendar comes from the maintained ``chinese-calendar`` package, which
covers the years the State Council has announced. Years it does not cover (or days it
gets wrong) are given in config: ``festival_dates`` for the first holiday day of a
festival (ITG004), ``extra_holidays`` / ``extra_workdays`` for working-day counts
(APT003). A question about a year neither covers raises :class:`YearNotCovered`, which
the checks turn into ``CFG001``.

RULES.md: a festival's first holiday day is the earliest official day off that the
calendar names for that festival in that run; an adjusted working day (调休上班) is not a
day off; holidays are not working days and adjusted working Saturdays/Sundays are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache

import attrs
import chinese_calendar

#: The festivals of the official calendar, in calendar order, by their rectikit names.
FESTIVALS: tuple[str, ...] = ("元旦", "春节", "清明", "劳动节", "端午", "中秋", "国庆")

#: chinese-calendar's ``Holiday`` member name -> rectikit festival name.
_PACKAGE_NAMES = {
    "new_years_day": "元旦",
    "spring_festival": "春节",
    "tomb_sweeping_day": "清明",
    "labour_day": "劳动节",
    "dragon_boat_festival": "端午",
    "mid_autumn_festival": "中秋",
    "national_day": "国庆",
    "anti_fascist_70th_day": "抗战胜利纪念日",
}

#: The package's holiday names (its ``holidays`` values are the English names) -> ours.
_BY_PACKAGE_VALUE = {
    member.value: _PACKAGE_NAMES.get(member.name, member.value)
    for member in chinese_calendar.Holiday
}

#: The festival names the package uses (ours), including ones not in :data:`FESTIVALS`.
_PACKAGE_FESTIVALS = frozenset(_BY_PACKAGE_VALUE.values())

#: Other ways offices write a festival's name (Chinese and English), folded to the canonical one.
_ALIASES = {
    "元旦节": "元旦",
    "新年": "元旦",
    "new year": "元旦",
    "new year's day": "元旦",
    "春节假期": "春节",
    "spring festival": "春节",
    "清明节": "清明",
    "tomb-sweeping day": "清明",
    "五一": "劳动节",
    "五一劳动节": "劳动节",
    "国际劳动节": "劳动节",
    "labour day": "劳动节",
    "labor day": "劳动节",
    "端午节": "端午",
    "dragon boat festival": "端午",
    "中秋节": "中秋",
    "mid-autumn festival": "中秋",
    "国庆节": "国庆",
    "national day": "国庆",
}


class YearNotCovered(LookupError):
    """A question about a year that neither the official calendar nor config covers.

    Attributes:
        year: the year.
    """

    def __init__(self, year: int) -> None:
        super().__init__(f"the official holiday calendar does not cover {year}")
        self.year = year


def festival_name(name: str) -> str | None:
    """The canonical festival name for ``name`` (``中秋节`` -> ``中秋``), or ``None``."""
    text = name.strip()
    if text in FESTIVALS or text in _PACKAGE_NAMES.values():
        return text
    return _ALIASES.get(text) or _ALIASES.get(text.lower())


@attrs.frozen(slots=True)
class FestivalRun:
    """One holiday run of a festival.

    Attributes:
        festival: the festival's canonical name (``国庆``).
        start: its first official day off: the earliest day of the run that the calendar
            names for this festival (the *first holiday day* of ITG004).
        end: the run's last day off (``start`` when only the first day is known, as for
            ``festival_dates``).
        source: ``calendar`` (the published calendar) or ``config`` (``festival_dates``).
    """

    festival: str
    start: date
    end: date
    source: str = "calendar"


@cache
def package_covers(year: int) -> bool:
    """Whether the installed ``chinese-calendar`` has the official arrangement of ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _is_day_off(day: date) -> bool:
    """Whether the package says ``day`` is a day off (a holiday or an ordinary weekend day)."""
    return package_covers(day.year) and not chinese_calendar.is_workday(day)


@cache
def _package_runs() -> tuple[FestivalRun, ...]:
    """Every festival run the package knows, by first day.

    A *run* is a block of consecutive days off holding at least one day the package names
    for a holiday. The package names some blocks' days for two festivals (2023: 中秋
    09-29, 国庆 09-30..10-06; 2017: 国庆 10-01..03 and 05..08 around 中秋 10-04) and
    leaves some weekend days of a run unnamed (端午 2011: 06-04 and 06-06, with Sunday
    06-05 unnamed): each festival named in a block is one run, starting on the earliest
    day named for it there and ending on the block's last day off.
    """
    runs: list[FestivalRun] = []
    firsts: dict[str, date] = {}
    block_end: date | None = None

    def flush() -> None:
        if block_end is not None:
            runs.extend(FestivalRun(name, first, block_end) for name, first in firsts.items())

    for day in sorted(chinese_calendar.holidays):
        raw = chinese_calendar.holidays[day]
        name = _BY_PACKAGE_VALUE.get(raw, raw)
        if block_end is not None and day <= block_end:
            firsts.setdefault(name, day)
            continue
        flush()
        firsts = {name: day}
        block_end = day
        while _is_day_off(block_end + timedelta(days=1)):
            block_end += timedelta(days=1)
    flush()
    return tuple(sorted(runs, key=lambda run: (run.start, run.festival)))


class OfficialCalendar:
    """The official calendar with an organization's additions from config.

    Args:
        festival_dates: festival name -> first holiday days (any years); for a festival
            and year it names, it replaces what the published calendar says.
        extra_holidays: days off to add (years not covered, or corrections).
        extra_workdays: adjusted working days (调休上班) to add.

    A year counts as covered when the package covers it or when config names days of it
    (for working days: ``extra_holidays``/``extra_workdays``; for festivals: each
    festival asked about has a date in ``festival_dates``).
    """

    def __init__(
        self,
        *,
        festival_dates: Mapping[str, Iterable[date]] | None = None,
        extra_holidays: Iterable[date] = (),
        extra_workdays: Iterable[date] = (),
    ) -> None:
        configured: dict[tuple[str, int], set[date]] = {}
        for name, days in (festival_dates or {}).items():
            canonical = festival_name(name) or name.strip()
            for day in days:
                configured.setdefault((canonical, day.year), set()).add(day)
        #: (festival, year) -> the configured first holiday days of that year, by date
        #: (a year may hold two runs of one festival: 元旦 2022-01-01 and 2022-12-31).
        self.festival_dates: dict[tuple[str, int], tuple[date, ...]] = {
            key: tuple(sorted(days)) for key, days in configured.items()
        }
        self.extra_holidays = frozenset(extra_holidays)
        self.extra_workdays = frozenset(extra_workdays)
        self._config_years = {d.year for d in self.extra_holidays | self.extra_workdays}

    # -- working days ------------------------------------------------------------------

    def covers_workdays(self, year: int) -> bool:
        """Whether working days of ``year`` can be told."""
        return package_covers(year) or year in self._config_years

    def is_workday(self, day: date) -> bool:
        """Whether ``day`` is an official working day (adjusted weekend days included).

        Raises:
            YearNotCovered: when neither the package nor config covers ``day``'s year.
        """
        if day in self.extra_workdays:
            return True
        if day in self.extra_holidays:
            return False
        if package_covers(day.year):
            return bool(chinese_calendar.is_workday(day))
        if day.year in self._config_years:
            return day.weekday() < 5
        raise YearNotCovered(day.year)

    def workdays_between(self, start: date, end: date) -> int:
        """Working days from ``start`` to ``end``, both included (0 when end < start).

        Raises:
            YearNotCovered: for the first year of the span that is not covered.
        """
        count = 0
        day = start
        while day <= end:
            if self.is_workday(day):
                count += 1
            day += timedelta(days=1)
        return count

    # -- festivals ---------------------------------------------------------------------

    def missing_festivals(self, year: int, festivals: Iterable[str]) -> list[str]:
        """The festivals whose first holiday days in ``year`` are unknown, canonical names.

        A festival is known for a year when ``festival_dates`` names a day of that year
        for it, or when the package covers the year and knows the festival (a name the
        package never uses, e.g. a local festival, needs ``festival_dates``).
        """
        missing: list[str] = []
        for item in festivals:
            name = festival_name(item) or item.strip()
            if name in missing or (name, year) in self.festival_dates:
                continue
            if package_covers(year) and name in _PACKAGE_FESTIVALS:
                continue
            missing.append(name)
        return missing

    def festival_runs(self, year: int, festivals: Iterable[str]) -> list[FestivalRun]:
        """The runs of ``festivals`` whose first holiday day falls in ``year``, by date.

        A festival and year named in ``festival_dates`` take those dates instead of the
        package's. Festivals of a year that is not covered and has no configured date
        are left out (see :meth:`missing_festivals`).
        """
        wanted: list[str] = []
        for item in festivals:
            name = festival_name(item) or item.strip()
            if name not in wanted:
                wanted.append(name)
        runs: list[FestivalRun] = []
        for name in wanted:
            configured = self.festival_dates.get((name, year))
            if configured is not None:
                runs.extend(FestivalRun(name, day, day, "config") for day in configured)
            elif package_covers(year):
                runs.extend(
                    run
                    for run in _package_runs()
                    if run.festival == name and run.start.year == year
                )
        return sorted(runs, key=lambda run: (run.start, run.festival))
