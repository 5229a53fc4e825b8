"""Plugin isolation: a plugin that fails never takes the run down.

The plugin host (:mod:`rectikit.plugins`) and the engine (:mod:`.runner`) report every
plugin failure as a :class:`PluginProblem` with a ``PLG`` code naming the plugin:

* ``PLG001`` the plugin cannot be imported or registered;
* ``PLG002`` one of its hooks raised;
* ``PLG003`` a hook answered with the wrong type (or an item the host cannot use);
* ``PLG004`` it defines a kind, rule code, reader suffix or report format already
  defined (built-ins and earlier plugins win);
* ``PLG005`` one of its checks raised or answered with something other than breaches:
  the check is disabled and its rule reports nothing (listed under ``not_run``);
* ``PLG006`` a plugin import, hook call or check ran past its time budget
  (``[params.PLG] budget_seconds``, default 60; 0 for no limit).

The time budget of a plugin check is cumulative: the time spent creating it, feeding it
records and finishing it. On the main thread of a platform with ``SIGALRM`` (Linux,
macOS) a ``setitimer`` alarm interrupts the plugin when it runs out, even in an endless
loop; elsewhere (another thread, Windows) the budget is checked after each call returns.
Built-in checks are trusted: :meth:`Isolation.feeder` hands their feeding method back
unchanged, so they pay nothing per record.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from rectikit.engine.messages import render
from rectikit.engine.params import ParamError, coerce_param
from rectikit.engine.settings import effective_severity
from rectikit.model.location import Location
from rectikit.model.violation import Violation

if TYPE_CHECKING:
    from rectikit.engine.config import Config
    from rectikit.engine.packs import Rule
    from rectikit.engine.registry import PluginInfo, Registry
    from rectikit.engine.timeline import ParamTimeline

T = TypeVar("T")

FAMILY = "PLG"
NOT_LOADED = "PLG001"
HOOK_FAILED = "PLG002"
BAD_RESULT = "PLG003"
DUPLICATE = "PLG004"
CHECK_FAILED = "PLG005"
OVER_BUDGET = "PLG006"

#: The time budget's parameter (of ``PLG006``) and its default, mirroring the pack's.
BUDGET_PARAM = "budget_seconds"
DEFAULT_BUDGET = 60.0

#: How often the alarm repeats once a budget has run out, so that a plugin catching
#: the first interruption is interrupted again.
_REPEAT = 0.05


@attrs.frozen(slots=True)
class PluginProblem:
    """One plugin failure, reported as a ``PLG`` violation.

    Attributes:
        code: ``PLG001`` .. ``PLG006``.
        plugin: the plugin's name: its distribution for an installed plugin, the module
            for one named in config.
        source: where it came from (``version 1.2, entry point myorg``, ``config``).
        source_zh: the same in Chinese (``版本 1.2，入口 myorg``, ``配置``).
        subject: the violation's subject (``plugin|hook``, ``plugin|code``).
        values: what the rule's message template names (``hook``, ``detail``, ...).
        warning: the one-line English note for stderr.
        rule: for check failures, the code of the rule the check enforces.
    """

    code: str
    plugin: str
    source: str
    subject: str
    values: Mapping[str, str] = attrs.field(factory=dict)
    warning: str = ""
    rule: str | None = None
    source_zh: str = ""


def one_line(exc: BaseException) -> str:
    """``TypeName: first line of the message``."""
    text = str(exc).strip().splitlines()
    detail = text[0] if text else ""
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


# -- the time budget --------------------------------------------------------------------


class PluginTimeout(Exception):
    """A plugin ran past its time budget (it was interrupted, or overran a call)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"ran past its time budget of {format_seconds(seconds)} seconds")
        self.seconds = seconds


class _Interrupt(BaseException):
    """Raised inside plugin code by the alarm; a ``BaseException`` so that a plugin's
    ``except Exception`` does not swallow it."""


def format_seconds(seconds: float) -> str:
    """``60`` or ``0.5``."""
    return f"{seconds:g}"


class _Alarm:
    """The ``SIGALRM`` interrupter, shared by every budget of the process.

    The handler raises only while a budget is armed; otherwise it hands the signal to
    the handler that was there before (a program embedding rectikit may use ``SIGALRM``).
    """

    def __init__(self) -> None:
        self.armed = False
        self.previous: Any = None
        self.installed = False

    @staticmethod
    def available() -> bool:
        main = threading.current_thread() is threading.main_thread()
        return main and hasattr(signal, "setitimer")

    def _handler(self, signum: int, frame: Any) -> None:
        if self.armed:
            raise _Interrupt()
        previous = self.previous
        if callable(previous):
            previous(signum, frame)

    def arm(self, seconds: float) -> bool:
        """Interrupt the running code after ``seconds`` (and every 50 ms after that)."""
        if not self.available():
            return False
        if not self.installed:
            self.previous = signal.signal(signal.SIGALRM, self._handler)
            self.installed = True
        self.armed = True
        signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-6), _REPEAT)
        return True

    def disarm(self) -> None:
        self.armed = False  # first: from here on the handler no longer raises
        signal.setitimer(signal.ITIMER_REAL, 0)

    def uninstall(self) -> None:
        """Give ``SIGALRM`` back to the handler that was there before."""
        if self.installed and self.available():
            self.disarm()
            signal.signal(signal.SIGALRM, self.previous)
            self.installed = False


_ALARM = _Alarm()


class Meter:
    """A cumulative time budget: :meth:`call` runs plugin code against what is left.

    Args:
        seconds: the budget; ``None`` or 0 for no limit (time is still measured).
    """

    __slots__ = ("limit", "spent")

    def __init__(self, seconds: float | None) -> None:
        self.limit = seconds if seconds else None
        self.spent = 0.0

    def call(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)``, interrupted when the budget runs out.

        Raises:
            PluginTimeout: the budget ran out during the call (or before it).
        """
        limit = self.limit
        if limit is None:
            return function(*args)
        left = limit - self.spent
        if left <= 0:
            raise PluginTimeout(limit)
        start = time.perf_counter()
        armed = False
        try:
            try:
                armed = _ALARM.arm(left)
                result = function(*args)
            finally:
                if armed:
                    _ALARM.disarm()
                self.spent += time.perf_counter() - start
        except _Interrupt:
            _ALARM.disarm()
            raise PluginTimeout(limit) from None
        if self.spent > limit:
            raise PluginTimeout(limit)
        return result


def guarded(seconds: float | None, function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` with a budget of its own (a plugin import or hook call);
    ``SIGALRM``'s handler is given back afterwards."""
    installed = _ALARM.installed
    try:
        return Meter(seconds).call(function, *args)
    finally:
        if not installed:
            _ALARM.uninstall()


def plugin_budget(config: Config | None) -> float | None:
    """The time budget from a config's ``[params.PLG006]`` or ``[params.PLG]``
    (``budget_seconds``), else :data:`DEFAULT_BUDGET`; ``None`` for no limit.

    Used before the rule packs are loaded (plugin imports and hooks); a value that is
    not a number of seconds falls back to the default here and is reported as a
    configuration error when the parameters are resolved.
    """
    params = config.params if config is not None else {}
    for scope in (OVER_BUDGET, FAMILY):
        raw = params.get(scope, {}).get(BUDGET_PARAM)
        if raw is not None:
            try:
                return float(coerce_param("seconds", raw)) or None
            except ParamError:
                break
    return DEFAULT_BUDGET


# -- the engine's side --------------------------------------------------------------------


def _bad_breaches(found: Any, breach_type: type, own: str) -> str | None:
    """Why ``found`` (what a check answered) is not a sequence of breaches, or None."""
    for item in found:
        if not isinstance(item, breach_type):
            return f"answered {type(item).__name__} {_short(item)}, not a Breach"
        if not isinstance(item.subject, str) or not isinstance(item.location, Location):
            return "answered a Breach whose subject is not text or location not a Location"
        if not isinstance(item.values, Mapping):
            return "answered a Breach whose values are not a mapping"
        if item.code not in (None, own, "CFG001"):
            return f"answered a Breach for another rule ({item.code})"
    return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class CheckFailure(Exception):
    """A plugin check answered with something other than breaches."""


class Isolation:
    """The engine's plugin guard for one run.

    Args:
        registry: the registry (its :attr:`~Registry.failures` from loading the plugins
            and which plugin each check class comes from).
        config: the run's configuration (severities, language, config file).
        budget: seconds each plugin check may take in all; ``None`` for no limit.
    """

    def __init__(self, registry: Registry, config: Config, budget: float | None) -> None:
        self.registry = registry
        self.config = config
        self.budget = budget or None
        self.problems: list[PluginProblem] = list(getattr(registry, "failures", ()))
        self._meters: dict[int, Meter] = {}

    def origin(self, cls: type) -> PluginInfo | None:
        """The plugin a check class comes from (``None``: unknown, treated as a plugin)."""
        return getattr(self.registry, "check_plugins", {}).get(cls)

    def trusted(self, cls: type) -> bool:
        """Whether a check class ships with rectikit (no budget, no result checks)."""
        info = self.origin(cls)
        return info is not None and info.builtin

    def _meter(self, check: Any) -> Meter:
        meter = self._meters.get(id(check))
        if meter is None:
            meter = self._meters[id(check)] = Meter(self.budget)
        return meter

    def start(self, cls: type, context: Any) -> Any:
        """Create a check; a plugin's within its budget."""
        if self.trusted(cls):
            return cls(context)
        meter = Meter(self.budget)
        check = meter.call(cls, context)
        self._meters[id(check)] = meter
        return check

    def feeder(self, check: Any, feed: Callable[[Any], Any]) -> Callable[[Any], Any]:
        """The callable the engine feeds records to: a built-in check's own ``feed``;
        for a plugin's, a wrapper that keeps its budget and checks what it answers."""
        if self.trusted(type(check)):
            return feed
        meter = self._meter(check)
        breach_type = _breach_type()
        own = getattr(check, "code", "")

        def guarded_feed(record: Any) -> Any:
            found = meter.call(_materialize, feed, record)
            if found:
                reason = _bad_breaches(found, breach_type, own)
                if reason is not None:
                    raise CheckFailure(reason)
            return found

        return guarded_feed

    def finisher(self, check: Any, finish: Callable[[], Any]) -> Callable[[], Any]:
        """``finish`` of a check; a plugin's within its budget, its answer checked."""
        if self.trusted(type(check)):
            return finish
        meter = self._meter(check)
        breach_type = _breach_type()
        own = getattr(check, "code", "")

        def guarded_finish() -> Any:
            found = meter.call(_materialize, finish)
            reason = _bad_breaches(found, breach_type, own)
            if reason is not None:
                raise CheckFailure(reason)
            return found

        return guarded_finish

    def failed(self, rule: Rule, cls: type, exc: BaseException) -> None:
        """Record a check that raised, answered badly or overran (it is disabled)."""
        info = self.origin(cls)
        name, source, source_zh = plugin_label(info, rule.source)
        if isinstance(exc, PluginTimeout):
            self.problems.append(
                PluginProblem(
                    code=OVER_BUDGET,
                    plugin=name,
                    source=source,
                    source_zh=source_zh,
                    subject=f"{name}|{rule.code}",
                    values={
                        "part_zh": f"检查 {cls.__name__}（{rule.code}）",
                        "part_en": f"check {cls.__name__} ({rule.code})",
                        BUDGET_PARAM: format_seconds(exc.seconds),
                    },
                    rule=rule.code,
                )
            )
            return
        self.problems.append(
            PluginProblem(
                code=CHECK_FAILED,
                plugin=name,
                source=source,
                source_zh=source_zh,
                subject=f"{name}|{rule.code}",
                values={"check": cls.__name__, "rule": rule.code, "detail": one_line(exc)},
                rule=rule.code,
            )
        )

    def violations(self, selected: Sequence[str] | set[str]) -> list[Violation]:
        """The ``PLG`` violations of the run (loading and checking) whose code is
        ``selected``, one per problem; the alarm's handler is given back."""
        _ALARM.uninstall()
        return problem_violations(self.problems, self.registry.rules, selected, self.config)


def engine_isolation(
    registry: Registry, config: Config, timelines: Mapping[str, ParamTimeline], as_of: date
) -> Isolation:
    """The run's :class:`Isolation`, its budget the ``PLG006`` parameter in force on
    ``as_of`` (the default when the ``PLG`` pack is not loaded)."""
    timeline = timelines.get(OVER_BUDGET)
    seconds = timeline.on(as_of).get(BUDGET_PARAM) if timeline is not None else DEFAULT_BUDGET
    return Isolation(registry, config, float(seconds) if seconds else None)


def _materialize(function: Callable[..., Any], *args: Any) -> Any:
    """Call a check method and consume its answer (a generator runs here, inside the
    budget, and its errors are the check's)."""
    found = function(*args)
    if not found:
        return ()
    return found if isinstance(found, (list, tuple)) else tuple(found)


def _breach_type() -> type:
    from rectikit.checks.base import Breach  # the engine's checks layer, kept lazy

    return Breach


def plugin_label(info: PluginInfo | None, fallback: str) -> tuple[str, str, str]:
    """``(name, source, source_zh)`` of a plugin for messages: the distribution name
    (or module) and where it came from, in English and Chinese."""
    if info is None:
        return fallback, fallback, fallback
    return info.display, info.origin, info.origin_zh


def problem_violations(
    problems: Sequence[PluginProblem],
    rules: Mapping[str, Rule],
    selected: Sequence[str] | set[str],
    config: Config,
) -> list[Violation]:
    """``PLG`` violations for ``problems`` (those whose code is selected), located at the
    config file, where plugins are named and the budget is set."""
    where = Location(config.path.name if config.path else "rectikit.toml")
    out = []
    seen = set()
    for problem in problems:
        rule = rules.get(problem.code)
        if rule is None or problem.code not in selected:
            continue
        key = (problem.code, problem.subject, tuple(sorted(problem.values.items())))
        if key in seen:
            continue
        seen.add(key)
        source = problem.source_zh if config.lang == "zh" and problem.source_zh else problem.source
        values = {"plugin": problem.plugin, "source": source, **problem.values}
        if problem.code == OVER_BUDGET and BUDGET_PARAM not in values:
            values[BUDGET_PARAM] = format_seconds(DEFAULT_BUDGET)
        out.append(
            Violation(
                code=rule.code,
                name=rule.name,
                severity=effective_severity(rule, config),
                kind=None,
                subject=problem.subject,
                message=render(rule.text("message", config.lang), values),
                location=where,
                citation=rule.citation,
                details={k: str(v) for k, v in values.items() if not k.endswith(("_zh", "_en"))},
            )
        )
    return out


def plugin_readers(registry: Registry) -> dict[str, Callable[..., Any]]:
    """The registry's plugin file readers, each made to fail as the file's ``DAT001``
    naming the plugin (a :class:`ReadError`) rather than the run's."""
    infos = getattr(registry, "reader_plugins", {})
    return {
        suffix: _plugin_reader(reader, infos[suffix].display if suffix in infos else "?")
        for suffix, reader in registry.readers.items()
    }


def _plugin_reader(reader: Callable[..., Any], plugin: str) -> Callable[..., Any]:
    from rectikit.readers.formats import RawTable, ReadError

    def failed(exc: Exception) -> ReadError:
        return ReadError(f"the reader of plugin {plugin} failed: {one_line(exc)}")

    def rows(table: Any) -> Iterator[Any]:
        try:
            yield from table.rows
        except ReadError:
            raise
        except Exception as exc:
            raise failed(exc) from exc

    def read(path: Any, display: str, *, encoding: str | None = None) -> Iterator[Any]:
        try:
            for table in reader(path, display, encoding=encoding):
                if not isinstance(table, RawTable):
                    raise ReadError(
                        f"the reader of plugin {plugin} answered {type(table).__name__}, "
                        "not a table"
                    )
                yield attrs.evolve(table, rows=rows(table))
        except ReadError:
            raise
        except Exception as exc:
            raise failed(exc) from exc

    return read
