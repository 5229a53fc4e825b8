"""APT checks: appointments and removals of cadres (干部任免).

Source: 《党政领导干部选拔任用工作条例》: the party committee decides an appointment or a
removal before it takes effect (APT001); a promoted cadre is vetted (考察) first (APT002)
and publicized before the appointment for not less than ``publicity_workdays`` (5)
working days (APT003).

Every record is judged on its own, with the parameters in force on its ``effective``
date. Working days follow the official holiday calendar
(:class:`~rectikit.model.official_calendar.OfficialCalendar`) with the organization's
``extra_holidays`` / ``extra_workdays``: holidays are not working days and adjusted
working Saturdays/Sundays are. A publicity span in a year that neither covers cannot be
judged: APT003 reports ``CFG001`` once per such year (subject ``APT003|YYYY``) and leaves
the record alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from rectikit.checks.base import Breach, RecordCheck, needs
from rectikit.engine.builtin_packs import builtin_pack
from rectikit.hookspecs import hookimpl
from rectikit.model.official_calendar import OfficialCalendar, YearNotCovered
from rectikit.model.records import Appointment

#: action -> (zh verb before the position, en phrase before the position)
_ACTIONS = {
    "appoint": ("任", "appointed as"),
    "remove": ("免去", "removed from"),
}


def _base_values(record: Appointment) -> dict[str, Any]:
    """What every APT message names: the person, the position and the effective date;
    and the unit (``org``) reports group by."""
    return {
        "person": record.person,
        "position": record.position,
        "effective": record.effective,
        "org": record.org,
    }


class AppointmentNotApprovedFirst(RecordCheck):
    """APT001: an appointment or removal not approved, or approved after it took effect."""

    code = "APT001"
    shardable = True
    needs = needs(appointments=("id", "approved", "effective"))

    def check(self, record: Appointment) -> Iterable[Breach]:
        approved = record.approved
        if approved is not None and approved <= record.effective:
            return ()
        action_zh, action_en = _ACTIONS.get(record.action, ("任免", "appointed to or removed from"))
        values: dict[str, Any] = {
            **_base_values(record),
            "action_zh": action_zh,
            "action_en": action_en,
        }
        if record.action is not None:
            values["action"] = record.action
        if approved is None:
            values["problem_zh"] = "审议日期空白"
            values["problem_en"] = "no approval date"
        else:
            values["approved"] = approved
            values["days_late"] = (approved - record.effective).days
            values["problem_zh"] = f"审议日期 {approved.isoformat()} 晚于任免日期"
            values["problem_en"] = f"approved on {approved.isoformat()}, after it took effect"
        return (
            Breach(
                subject=record.id,
                location=record.location.with_column("approved"),
                values=values,
            ),
        )


class PromotionWithoutVetting(RecordCheck):
    """APT002: a promotion whose candidate was not vetted (blank counts as not vetted)."""

    code = "APT002"
    shardable = True
    needs = needs(appointments=("id", "promotion", "vetted"))

    def check(self, record: Appointment) -> Iterable[Breach]:
        if record.promotion is True and record.vetted is not True:
            return (
                Breach(
                    subject=record.id,
                    location=record.location.with_column("vetted"),
                    values=_base_values(record),
                ),
            )
        return ()


class PublicityTooShort(RecordCheck):
    """APT003: a promotion publicized for too few working days, or with no publicity dates.

    Working days come from the official calendar with the ``extra_holidays`` /
    ``extra_workdays`` in force on the record's effective date; a year the calendar does
    not cover yields one ``CFG001`` per year and the record is not judged.
    """

    code = "APT003"
    needs = needs(appointments=("id", "promotion", "effective", "publicity_start", "publicity_end"))

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self._calendars: dict[tuple[tuple[date, ...], tuple[date, ...]], OfficialCalendar] = {}
        self._reported_years: set[int] = set()

    def calendar(self, params: Any) -> OfficialCalendar:
        """The official calendar with the configured extra days (one per distinct config)."""
        key = (tuple(params["extra_holidays"]), tuple(params["extra_workdays"]))
        found = self._calendars.get(key)
        if found is None:
            found = OfficialCalendar(extra_holidays=key[0], extra_workdays=key[1])
            self._calendars[key] = found
        return found

    def check(self, record: Appointment) -> Iterable[Breach]:
        if record.promotion is not True:
            return ()
        params = self.params_on(record.effective)
        minimum = params["publicity_workdays"]
        start, end = record.publicity_start, record.publicity_end
        values: dict[str, Any] = {**_base_values(record), "publicity_workdays": minimum}
        if start is None or end is None:
            column = "publicity_start" if start is None else "publicity_end"
            if start is None and end is None:
                values["problem_zh"] = "公示开始、结束日期空白"
                values["problem_en"] = "the publicity dates are blank"
            elif start is None:
                values["publicity_end"] = end
                values["problem_zh"] = "公示开始日期空白"
                values["problem_en"] = "the publicity start date is blank"
            else:
                values["publicity_start"] = start
                values["problem_zh"] = "公示结束日期空白"
                values["problem_en"] = "the publicity end date is blank"
            return (
                Breach(
                    subject=record.id,
                    location=record.location.with_column(column),
                    values=values,
                ),
            )
        try:
            workdays = self.calendar(params).workdays_between(start, end)
        except YearNotCovered as exc:
            return self._not_covered(exc.year)
        if workdays >= minimum:
            return ()
        values.update(
            publicity_start=start,
            publicity_end=end,
            workdays=workdays,
            problem_zh=f"公示 {start.isoformat()} 至 {end.isoformat()} 仅 {workdays} 个工作日",
            problem_en=(
                f"publicized from {start.isoformat()} to {end.isoformat()}, only {workdays} "
                "working days"
            ),
        )
        return (
            Breach(
                subject=record.id,
                location=record.location.with_column("publicity_end"),
                values=values,
            ),
        )

    def _not_covered(self, year: int) -> Iterable[Breach]:
        """``CFG001`` for a year the calendar does not cover, once per year."""
        if year in self._reported_years:
            return ()
        self._reported_years.add(year)
        return (
            self.config_note(
                f"{self.code}|{year}",
                f"规则 {self.code} 无法判定 {year} 年的任前公示：官方放假安排未覆盖"
                f"{year} 年，请在 [params.APT] 中用 extra_holidays / extra_workdays "
                "配置该年的放假日和调休上班日",
                f"rule {self.code} cannot judge publicity in {year}: the official "
                f"holiday calendar does not cover {year}; give its days off and "
                "adjusted working days as extra_holidays / extra_workdays under "
                "[params.APT]",
            ),
        )


CHECKS = [AppointmentNotApprovedFirst, PromotionWithoutVetting, PublicityTooShort]


@hookimpl
def rectikit_rule_packs() -> list[Any]:
    """The APT rule pack."""
    return [builtin_pack("appointments.toml")]


@hookimpl
def rectikit_checks() -> list[type]:
    """The APT checks."""
    return list(CHECKS)
