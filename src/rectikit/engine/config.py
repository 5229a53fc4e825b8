"""Configuration: ``rectikit.toml`` or ``[tool.rectikit]`` in ``pyproject.toml``.

The config is found (unless given) by walking from the dataset directory upwards and
taking the first directory holding a ``rectikit.toml``, or a ``pyproject.toml`` with a
``[tool.rectikit]`` table. Unknown keys are errors naming the key; parameter values are
checked against the rules later, when the registry is known (see :mod:`.settings`).
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from rectikit.model.severity import Severity

if TYPE_CHECKING:
    from rectikit.engine.suppress import Waiver

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10
    import tomli as tomllib

FAIL_ON = ("error", "warning", "info", "never")
LANGS = ("zh", "en")
_KNOWN_KEYS = frozenset(
    {
        "select",
        "ignore",
        "extend_select",
        "fail_on",
        "plugins",
        "severity",
        "params",
        "files",
        "lang",
        "encoding",
        "exclude",
        "ledger",
        "waivers",
        "waiver",
        "baseline",
    }
)


@attrs.frozen(slots=True)
class LedgerSettings:
    """How ``rectikit check --to-ledger`` writes findings (config table ``[ledger]``).

    Attributes:
        owner: the responsible leader (责任领导) of new findings.
        units: the responsible departments (责任部门) of new findings and their measures.
        deadline_days: days from the check's as-of date to the new findings' deadline.
        id_prefix: prefix of new finding ids (``R`` -> ``R001``).
    """

    owner: str | None = None
    units: tuple[str, ...] = ()
    deadline_days: int = 30
    id_prefix: str = "R"


class ConfigError(ValueError):
    """A config file or option that is not valid; the message names file and key."""


@attrs.frozen(slots=True)
class Config:
    """A loaded configuration (every key optional).

    Attributes:
        path: the file it came from, or ``None`` for defaults.
        select: codes or prefixes to run (``None``: all).
        ignore: codes or prefixes not to run.
        extend_select: codes or prefixes added to ``select``.
        fail_on: lowest severity that makes the exit code 1 (or ``never``).
        plugins: extra importable modules to load as plugins.
        severity: code -> severity override.
        params: family or code -> parameter name -> raw value.
        files: file name or glob -> kind.
        lang: ``zh`` or ``en``.
        encoding: encoding forced for text files.
        exclude: file names, relative paths or globs under the dataset that are not
            data (notes, scripts, attachments) and are never read or reported.
        ledger: settings for ``check --to-ledger``.
        waivers: the waiver file (approved exceptions), relative paths resolved against
            the config file's folder.
        inline_waivers: the config's own ``[[waiver]]`` tables (they apply as well as
            those of the waiver file; see :mod:`rectikit.engine.suppress`).
        baseline: the baseline report, likewise.
    """

    path: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    fail_on: str = "error"
    plugins: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = attrs.field(factory=dict)
    params: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    files: Mapping[str, str] = attrs.field(factory=dict)
    lang: str = "zh"
    encoding: str | None = None
    exclude: tuple[str, ...] = ()
    ledger: LedgerSettings = attrs.field(factory=LedgerSettings)
    waivers: Path | None = None
    inline_waivers: tuple[Waiver, ...] = ()
    baseline: Path | None = None

    @property
    def display(self) -> str:
        """The config file's name for messages."""
        return str(self.path) if self.path else "(defaults)"


def find_config(start: Path) -> Path | None:
    """The nearest ``rectikit.toml`` or ``pyproject.toml`` with ``[tool.rectikit]``."""
    directory = start if start.is_dir() else start.parent
    directory = directory.resolve()
    for folder in (directory, *directory.parents):
        candidate = folder / "rectikit.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "rectikit" in data["tool"]


def load_config(path: Path) -> Config:
    """Read and validate a config file; :class:`ConfigError` for anything wrong."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config is not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("rectikit", {})
        prefix = "tool.rectikit."
    else:
        prefix = ""
    return parse_config(data, path=path, prefix=prefix)


def parse_config(data: Mapping[str, Any], *, path: Path | None = None, prefix: str = "") -> Config:
    """Validate a config mapping (as parsed from TOML)."""
    where = str(path) if path else "config"
    values: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = raw_key.replace("-", "_")
        if key not in _KNOWN_KEYS:
            raise ConfigError(f"{where}: unknown key '{prefix}{raw_key}'")
        values[key] = value

    def codes(key: str) -> tuple[str, ...]:
        value = values[key]
        if isinstance(value, str):
            value = [v for v in value.split(",") if v.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: '{prefix}{key}' must be a list of rule codes")
        return tuple(v.strip().upper() for v in value)

    kwargs: dict[str, Any] = {"path": path}
    if "select" in values:
        kwargs["select"] = codes("select")
    for key in ("ignore", "extend_select"):
        if key in values:
            kwargs[key] = codes(key)
    if "plugins" in values:
        plugins = values["plugins"]
        if not isinstance(plugins, list) or not all(isinstance(p, str) for p in plugins):
            raise ConfigError(f"{where}: '{prefix}plugins' must be a list of module names")
        kwargs["plugins"] = tuple(plugins)
    if "fail_on" in values:
        kwargs["fail_on"] = check_fail_on(values["fail_on"], f"{where}: '{prefix}fail_on'")
    if "lang" in values:
        if values["lang"] not in LANGS:
            raise ConfigError(f"{where}: '{prefix}lang' must be zh or en")
        kwargs["lang"] = values["lang"]
    if "encoding" in values:
        if not isinstance(values["encoding"], str):
            raise ConfigError(f"{where}: '{prefix}encoding' must be a codec name")
        try:
            codecs.lookup(values["encoding"])
        except LookupError:
            raise ConfigError(
                f"{where}: '{prefix}encoding': unknown encoding '{values['encoding']}'"
            ) from None
        kwargs["encoding"] = values["encoding"]
    if "exclude" in values:
        exclude = values["exclude"]
        if isinstance(exclude, str):
            exclude = [exclude]
        if not isinstance(exclude, list) or not all(isinstance(e, str) for e in exclude):
            raise ConfigError(f"{where}: '{prefix}exclude' must be a list of file names or globs")
        kwargs["exclude"] = tuple(exclude)
    if "ledger" in values:
        kwargs["ledger"] = _ledger(values["ledger"], where, prefix)
    for key in ("waivers", "baseline"):
        if key in values:
            if not isinstance(values[key], str) or not values[key]:
                hint = " (waivers themselves are [[waiver]] tables)" if key == "waivers" else ""
                raise ConfigError(f"{where}: '{prefix}{key}' must be a file name{hint}")
            base = path.parent if path is not None else Path(".")
            kwargs[key] = base / values[key]
    if "waiver" in values:
        # deferred: suppress imports this module for ConfigError
        from rectikit.engine.suppress import parse_waivers

        label = f"{prefix}waiver"
        kwargs["inline_waivers"] = tuple(parse_waivers(values["waiver"], path=path, label=label))
    kwargs["severity"] = _severities(values.get("severity", {}), where, prefix)
    kwargs["params"] = _params(values.get("params", {}), where, prefix)
    kwargs["files"] = _files(values.get("files", {}), where, prefix)
    return Config(**kwargs)


def check_fail_on(value: Any, where: str) -> str:
    """Validate a ``fail_on`` value."""
    if not isinstance(value, str) or value.lower() not in FAIL_ON:
        raise ConfigError(f"{where} must be one of {', '.join(FAIL_ON)}, not {value!r}")
    return value.lower()


def _ledger(table: Any, where: str, prefix: str) -> LedgerSettings:
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where}: '{prefix}ledger' must be a table")
    known = {"owner", "units", "deadline_days", "id_prefix"}
    for key in table:
        if key not in known:
            raise ConfigError(f"{where}: unknown key '{prefix}ledger.{key}'")
    owner = table.get("owner")
    if owner is not None and not isinstance(owner, str):
        raise ConfigError(f"{where}: '{prefix}ledger.owner' must be text")
    units = table.get("units", ())
    if isinstance(units, str):
        units = [units]
    if not isinstance(units, (list, tuple)) or not all(isinstance(u, str) for u in units):
        raise ConfigError(f"{where}: '{prefix}ledger.units' must be a list of names")
    days = table.get("deadline_days", 30)
    if not isinstance(days, int) or isinstance(days, bool) or days < 0:
        raise ConfigError(f"{where}: '{prefix}ledger.deadline_days' must be a whole number")
    id_prefix = table.get("id_prefix", "R")
    if not isinstance(id_prefix, str) or not id_prefix:
        raise ConfigError(f"{where}: '{prefix}ledger.id_prefix' must be text")
    return LedgerSettings(owner=owner, units=tuple(units), deadline_days=days, id_prefix=id_prefix)


def _severities(table: Any, where: str, prefix: str) -> dict[str, Severity]:
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where}: '{prefix}severity' must be a table of code = severity")
    out = {}
    for code, value in table.items():
        try:
            out[code.upper()] = Severity.parse(value)
        except ValueError as exc:
            raise ConfigError(f"{where}: '{prefix}severity.{code}': {exc}") from None
    return out


def _params(table: Any, where: str, prefix: str) -> dict[str, dict[str, Any]]:
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where}: '{prefix}params' must be a table")
    out = {}
    for scope, values in table.items():
        if not isinstance(values, Mapping):
            raise ConfigError(f"{where}: '{prefix}params.{scope}' must be a table")
        out[scope.upper()] = dict(values)
    return out


def _files(table: Any, where: str, prefix: str) -> dict[str, str]:
    if not isinstance(table, Mapping) or not all(isinstance(v, str) for v in table.values()):
        raise ConfigError(f"{where}: '{prefix}files' must map file names to kinds")
    return dict(table)


def merge_cli(
    config: Config,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    extend_select: Sequence[str] | None = None,
    fail_on: str | None = None,
    lang: str | None = None,
    encoding: str | None = None,
) -> Config:
    """Apply command-line options: ``--select`` replaces, ``--ignore`` and
    ``--extend-select`` add to the config's lists, the others replace."""
    changes: dict[str, Any] = {}
    if select is not None:
        changes["select"] = tuple(select)
    if ignore:
        changes["ignore"] = (*config.ignore, *ignore)
    if extend_select:
        changes["extend_select"] = (*config.extend_select, *extend_select)
    if fail_on is not None:
        changes["fail_on"] = check_fail_on(fail_on, "--fail-on")
    if lang is not None:
        changes["lang"] = lang
    if encoding is not None:
        changes["encoding"] = encoding
    return attrs.evolve(config, **changes)
