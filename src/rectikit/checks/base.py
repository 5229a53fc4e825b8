"""The check interface: the code that enforces a rule, found by the rule's code.

A check is instantiated once per run with its :class:`CheckContext`. The engine reads
each record kind once and feeds every selected check that reads that kind through
:meth:`Check.feed`; when every kind is read it calls :meth:`Check.finish`. A record
check answers per record; an aggregate check folds records into what it needs and
answers in ``finish``. Checks never print and never format messages: they yield
:class:`Breach` objects whose values fill the rule pack's message templates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from rectikit.model.location import Location
from rectikit.model.severity import Severity

if TYPE_CHECKING:
    from rectikit.engine.packs import Rule
    from rectikit.engine.timeline import ParamTimeline


@attrs.frozen(slots=True)
class Breach:
    """One breach found by a check, before it becomes a :class:`Violation`.

    Attributes:
        subject: the key identifying the breach (record id or composite key).
        location: where it is (file, row, column).
        values: the values named in the rule's message template (and reported as
            ``details``); Decimals format as amounts, dates as ISO dates.
        severity: overrides the rule's severity for this breach (e.g. an approved
            exception lowering an error to ``info``); ``None`` keeps it.
        kind: the record kind, when it differs from the rule's first kind.
        code: another rule this breach belongs to, when a check reports on its own
            ability to judge (``CFG001`` for a calendar year not covered); its
            ``values`` then hold ``detail_zh`` / ``detail_en``.
    """

    subject: str
    location: Location
    values: Mapping[str, Any] = attrs.field(factory=dict)
    severity: Severity | None = None
    kind: str | None = None
    code: str | None = None

    def __reduce_ex__(self, protocol: Any) -> Any:
        # pickled as its constructor's arguments (between processes, see --jobs): a
        # third faster than attrs' state dictionaries; a subclass pickles as usual
        if type(self) is not Breach:
            return object.__reduce_ex__(self, protocol)
        fields = (self.subject, self.location, self.values, self.severity, self.kind, self.code)
        return Breach, fields


@attrs.frozen(slots=True)
class CheckContext:
    """What a check knows about its run.

    Attributes:
        rule: the rule the check enforces (from its pack).
        params: the rule's parameters in force on ``as_of``, typed, after config overrides.
        as_of: the evaluation date.
        since: the start of the evaluation window.
        timeline: the rule's parameters over time, when sets are dated
            (:meth:`Check.params_on` reads it).
        config_name: the config file's name, for diagnostics about the configuration
            (``CFG001``).
        shared: one dict for every check of a run, where checks of one family keep
            what they would otherwise each build from the same records (ITG001 and
            ITG002 share their fold of staff, oversight and talks). Key it by something
            your plugin owns (a class), never by a plain string another plugin may use.
    """

    rule: Rule
    params: Mapping[str, Any]
    as_of: date
    since: date
    timeline: ParamTimeline | None = None
    config_name: str = "rectikit.toml"
    shared: dict[Any, Any] = attrs.field(factory=dict, eq=False, repr=False)


class Check:
    """Base class of checks.

    Class attributes:
        code: the rule code this check enforces (``PRC001``).
        needs: kind -> fields a record must have parsed for this check to see it;
            records whose ``invalid`` set meets these are not fed (the ``DAT003``
            diagnostic already names the cell).

        kinds: the kinds it reads and needs present to run; empty means its rule's
            ``kinds`` (from the pack).
        optional_kinds: kinds it also reads when present (e.g. reference lists).
        shardable: whether one table's records may be fed to copies of this check in
            several processes, a byte range of the table each, the copies' state then
            merged (:meth:`take_state`, :meth:`add_state`) so that :meth:`finish`
            gives what one pass would. ``False`` (the default) keeps every table the
            check reads to one pass.
    """

    code: ClassVar[str]
    needs: ClassVar[Mapping[str, frozenset[str]]] = {}
    kinds: ClassVar[tuple[str, ...]] = ()
    optional_kinds: ClassVar[tuple[str, ...]] = ()
    shardable: ClassVar[bool] = False

    def __init__(self, context: CheckContext) -> None:
        self.context = context
        self.params = context.params
        self.as_of = context.as_of
        self.since = context.since
        #: the kinds present in the dataset; set by the engine before :meth:`finish`.
        self.present_kinds: frozenset[str] = frozenset()
        #: kind -> the dataset files holding it (as displayed); set before :meth:`finish`.
        self.kind_files: Mapping[str, tuple[str, ...]] = {}

    def params_on(self, day: date | None) -> Mapping[str, Any]:
        """The parameters in force on ``day``: a record's own date, a period's start.

        Every check judges through this, so that a parameter set that takes effect
        mid-year applies to records dated from then on (RULES.md, effective-dated
        parameters); ``None`` gives the values in force on ``as_of``.
        """
        timeline = self.context.timeline
        if day is None or timeline is None:
            return self.params
        return timeline.on(day)

    def config_note(self, subject: str, detail_zh: str, detail_en: str) -> Breach:
        """A ``CFG001`` about this rule: it cannot judge part of the data for want of
        configuration (a calendar year not covered), pointing at the config file."""
        return Breach(
            subject=subject,
            location=Location(self.context.config_name),
            values={"detail_zh": detail_zh, "detail_en": detail_en},
            code="CFG001",
        )

    def feed(self, kind: str, record: Any) -> Iterable[Breach]:
        """Take one record of ``kind``; return breaches found so far (often none)."""
        return ()

    def finish(self) -> Iterable[Breach]:
        """Return the breaches that need every record (aggregate checks)."""
        return ()

    def take_state(self) -> Any:
        """Hand over what :meth:`feed` kept for :meth:`finish` (picklable), starting
        afresh; ``None`` for a check that keeps nothing. Only for ``shardable`` checks:
        a worker process takes its copy's state before and after its byte range."""
        return None

    def add_state(self, state: Any) -> None:
        """Add a state :meth:`take_state` gave, as if its records had been fed after
        those fed so far (the ranges come in file order)."""


class RecordCheck(Check):
    """A check that judges each record on its own: implement :meth:`check`."""

    def feed(self, kind: str, record: Any) -> Iterable[Breach]:
        """Judge one record."""
        return self.check(record)

    def check(self, record: Any) -> Iterable[Breach]:
        """Return the breaches of one record (an empty tuple when it passes)."""
        raise NotImplementedError


def needs(**fields_by_kind: Iterable[str]) -> Mapping[str, frozenset[str]]:
    """Build a :attr:`Check.needs` mapping: ``needs(procurement=("budget", "mode"))``."""
    return {kind: frozenset(fields) for kind, fields in fields_by_kind.items()}
