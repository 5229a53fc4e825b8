"""The library API: load a dataset's configuration and run the checks.

Example::

    import rectikit

    result = rectikit.check("examples/city-committee", as_of="2023-12-31")
    for v in result.violations:
        print(v.code, v.subject, v.message, v.location)
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from rectikit import __version__
from rectikit.engine.config import Config, ConfigError, find_config, load_config, merge_cli
from rectikit.engine.delta import CompareError, load_previous
from rectikit.engine.delta import compare as compare_runs
from rectikit.engine.isolation import plugin_budget
from rectikit.engine.limits import cap_data_errors
from rectikit.engine.manifest import Digests, Manifest, build_manifest
from rectikit.engine.redact import redact_result
from rectikit.engine.result import CheckResult
from rectikit.engine.runner import Engine, Progress
from rectikit.engine.suppress import apply_suppressions, load_baseline, load_waivers
from rectikit.model.values import ValueParseError, parse_date
from rectikit.plugins import Registry, build_registry
from rectikit.readers.dataset import iter_dataset_files

PathLike = str | Path


def _paths(paths: PathLike | Sequence[PathLike]) -> list[Path]:
    if isinstance(paths, (str, Path)):
        return [Path(paths)]
    return [Path(p) for p in paths]


def as_date(value: date | str | None, name: str) -> date | None:
    """A date argument given as a ``date`` or in any DATA.md notation."""
    if value is None or isinstance(value, date):
        return value
    try:
        return parse_date(value)
    except ValueParseError:
        raise ConfigError(f"{name}: not a date: {value!r}") from None


def window(as_of: date | str | None, since: date | str | None) -> tuple[date, date]:
    """The evaluation window as ``(as_of, since)``, in the order of the arguments.

    ``as_of`` defaults to today, ``since`` to 1 January of the as-of year;
    :class:`ConfigError` when since is after as_of.
    """
    end = as_date(as_of, "as_of") or date.today()
    start = as_date(since, "since") or date(end.year, 1, 1)
    if start > end:
        raise ConfigError(f"since ({start}) is after as_of ({end})")
    return end, start


def _existing(paths: PathLike | Sequence[PathLike]) -> list[Path]:
    dataset = _paths(paths)
    for path in dataset:
        if not path.exists():
            raise ConfigError(f"{path}: no such file or directory")
    return dataset


def resolve_config(paths: Sequence[Path], config: PathLike | Config | None) -> Config:
    """The given config, or the nearest one found from the first dataset path upwards."""
    if isinstance(config, Config):
        return config
    if config is not None:
        return load_config(Path(config))
    for path in paths:
        found = find_config(path)
        if found is not None:
            return load_config(found)
    return Config()


def load_registry(config: Config | None = None, *, plugins: bool = True) -> Registry:
    """Load the plugins (built-ins only when ``plugins`` is false); a plugin's import
    and hook calls get the config's time budget (``[params.PLG] budget_seconds``)."""
    extra = config.plugins if config is not None else ()
    return build_registry(
        builtins_only=not plugins, extra_modules=extra, budget=plugin_budget(config)
    )


def check(
    paths: PathLike | Sequence[PathLike],
    *,
    as_of: date | str | None = None,
    since: date | str | None = None,
    config: PathLike | Config | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    extend_select: Sequence[str] | None = None,
    lang: str | None = None,
    encoding: str | None = None,
    plugins: bool = True,
    registry: Registry | None = None,
    progress: Progress | None = None,
    waivers: PathLike | None = None,
    baseline: PathLike | None = None,
    compare: PathLike | None = None,
    redact: bool = False,
    max_errors: int | None = None,
    jobs: int | None = None,
) -> CheckResult:
    """Check a dataset (a directory, or files) and return what was found.

    Args:
        paths: the dataset directory or files.
        as_of: evaluation date (default today).
        since: window start (default 1 January of ``as_of``'s year).
        config: a config file, a :class:`Config`, or ``None`` to find the nearest one.
        select, ignore, extend_select: rule codes or prefixes, as on the command line.
        lang: ``zh`` or ``en`` messages.
        encoding: force an encoding for text files.
        plugins: load third-party plugins (``False`` = built-ins only).
        registry: a prepared registry (overrides ``plugins``).
        progress: called as ``progress(file, rows_read)`` while reading.
        waivers: a waiver file of approved exceptions (default: the config's); the
            config's own ``[[waiver]]`` tables apply as well.
        baseline: a rectikit JSON report whose violations are not reported again
            (default: the config's).
        compare: a previous rectikit JSON report: each violation is classified as new,
            persisting or regressed with its age, and what is gone as resolved
            (``result.delta``).
        redact: mask people's names (staff, leaders, persons) with pseudonyms stable
            within the result (``人员A``).
        max_errors: list at most this many data diagnostics (the most severe first);
            the others are counted in ``result.unlisted`` and still set the exit code.
        jobs: how many processes the check may use: groups of unrelated kinds read at
            once, a big CSV or TSV table read in byte ranges (default ``RECTIKIT_JOBS``,
            else the cores; ``1`` does everything in one process). The result is the
            same whatever the number.

    The result carries a run manifest (``result.manifest``): the rectikit version, the
    rule packs, the config and input files with their SHA-256 digests, the window.

    While a run of built-in checks only reads and judges, Python's cyclic garbage
    collector is paused (``gc.disable()``) and then turned back on: rectikit's own code
    makes no reference cycles, and the collector's passes over the many objects a big
    run holds cost a tenth of its time. Other threads of the calling program run
    without it meanwhile; reference counting still frees their objects.

    Raises:
        ConfigError: bad config, options or dates (the CLI's exit code 2).
    """
    dataset = _existing(paths)
    if max_errors is not None and (not isinstance(max_errors, int) or max_errors < 0):
        raise ConfigError(f"max_errors must be a whole number, 0 or more: {max_errors!r}")
    end, start = window(as_of, since)
    settings = merge_cli(
        resolve_config(dataset, config),
        select=select,
        ignore=ignore,
        extend_select=extend_select,
        lang=lang,
        encoding=encoding,
    )
    registry = registry or load_registry(settings, plugins=plugins)
    waiver_file = Path(waivers) if waivers is not None else settings.waivers
    baseline_file = Path(baseline) if baseline is not None else settings.baseline
    loaded_waivers = [
        *settings.inline_waivers,
        *(load_waivers(waiver_file) if waiver_file is not None else []),
    ]
    loaded_baseline = load_baseline(baseline_file) if baseline_file is not None else None
    compare_file = Path(compare) if compare is not None else None
    try:
        previous = load_previous(compare_file) if compare_file is not None else None
    except CompareError as exc:
        raise ConfigError(f"--compare: {exc}") from None
    exclude = [p for p in (waiver_file, baseline_file, compare_file) if p is not None]
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise ConfigError(f"jobs must be a whole number, 1 or more: {jobs!r}")
    engine = Engine(
        registry,
        settings,
        as_of=end,
        since=start,
        exclude=exclude,
        progress=progress,
        jobs=jobs,
    )
    # the data files' digests, hashed by a thread while the main process judges alone
    digests = Digests()

    def start_digests() -> None:
        with contextlib.suppress(OSError):  # the manifest then hashes them itself
            digests.start([path for path, _ in _data_files(dataset, settings, exclude)])

    engine.after_reading = start_digests
    result = engine.run(dataset)
    # always: the WVR rules run here, after the checks
    result = apply_suppressions(
        result,
        waivers=loaded_waivers,
        baseline=loaded_baseline,
        rules=registry.rules,
        config=settings,
    )
    if previous is not None:
        unreported = [*(item.violation for item in result.waived_list), *result.hidden]
        delta = compare_runs(result.violations, previous, end, still_present=unreported)
        result = attrs.evolve(result, delta=delta)
    others = [
        (path, role)
        for path, role in ((waiver_file, "waivers"), (baseline_file, "baseline"))
        if path is not None
    ]
    if compare_file is not None:
        others.append((compare_file, "previous"))
    result = attrs.evolve(
        result,
        manifest=run_manifest(dataset, settings, registry, result, exclude, others, digests),
    )
    if redact:
        result = redact_result(result, result.people, settings.lang)
    return cap_data_errors(result, max_errors)


def report(
    result: CheckResult,
    format: str = "json",
    *,
    lang: str = "zh",
    registry: Registry | None = None,
) -> str | bytes:
    """Render ``result`` in a report format, as ``rectikit check --format`` does.

    Args:
        result: what :func:`check` returned.
        format: ``text``, ``json``, ``markdown``, ``html``, ``sarif``, ``junit``, ``xlsx``,
            ``console`` or a plugin's format.
        lang: ``zh`` or ``en`` headings (messages keep the language they were made in).
        registry: where to find the format (default: built-ins and installed plugins).

    Returns:
        the report text, or bytes for binary formats (``xlsx``).

    Raises:
        ValueError: an unknown format.
    """
    from rectikit.reporters.base import ReportOptions

    reporters = (registry or load_registry(Config())).reporters
    reporter_class = reporters.get(format)
    if reporter_class is None:
        raise ValueError(f"unknown format {format!r} (available: {', '.join(sorted(reporters))})")
    reporter = reporter_class(ReportOptions(lang=lang, color=False, width=120))
    data = reporter.to_bytes(result)
    return data if reporter.binary else data.decode("utf-8")


def run_manifest(
    dataset: Sequence[Path],
    settings: Config,
    registry: Registry,
    result: CheckResult,
    exclude: Sequence[Path],
    others: Sequence[tuple[Path, str]],
    digests: Digests | None = None,
) -> Manifest:
    """The manifest of a run: the files it read (hashed, or their ``digests`` taken),
    its packs and its window."""
    inputs = [
        (path, display, result.files.get(display, "-"))
        for path, display in _data_files(dataset, settings, exclude)
    ]
    return build_manifest(
        version=__version__,
        as_of=result.as_of,
        since=result.since,
        rules=registry.rules,
        rules_run=result.rules_run,
        inputs=inputs,
        config=Path(settings.path) if settings.path else None,
        others=others,
        lang=settings.lang,
        digests=digests,
    )


def _data_files(
    dataset: Sequence[Path], settings: Config, exclude: Sequence[Path]
) -> Iterator[tuple[Path, str]]:
    """``(path, display name)`` of the dataset's data files (not the config file, nor
    the waivers, baseline or previous report named in ``exclude``)."""
    skip = [*exclude, *([settings.path] if settings.path else [])]
    return iter_dataset_files(dataset, skip, settings.exclude)


def load_dataset(
    paths: PathLike | Sequence[PathLike],
    *,
    config: PathLike | Config | None = None,
    encoding: str | None = None,
    plugins: bool = True,
) -> Iterator[tuple[str, Any]]:
    """Yield ``(kind, record)`` for every record of a dataset, without running rules.

    Data diagnostics are not reported here; use :func:`check` for them.

    Raises:
        ConfigError: a path that does not exist, or a bad config.
    """
    dataset = _existing(paths)
    settings = merge_cli(resolve_config(dataset, config), encoding=encoding)
    registry = load_registry(settings, plugins=plugins)
    engine = Engine(registry, settings, as_of=date.today(), since=date.today())
    yield from engine.iter_records(dataset)
