"""Hook specifications of rectikit plugins (pluggy project ``rectikit``).

A plugin is a module (or object) with functions marked ``@rectikit.hookimpl`` whose
names match these specs, registered through the ``rectikit`` entry-point group::

    [project.entry-points.rectikit]
    myorg = "rectikit_myorg.plugin"

rectikit's own record kinds, rule packs, checks and report formats are registered the
same way, from rectikit's own ``pyproject.toml``. Each hook returns a list (or a dict)
that the host merges; a hook that raises is reported and its plugin skipped for that hook.
"""

from __future__ import annotations

from typing import Any

import pluggy

PROJECT = "rectikit"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def rectikit_record_kinds() -> list[type]:
    """Return record classes declared with :func:`rectikit.model.schema.record_kind`.

    Each class defines a record kind: its name, file stems and columns. A kind name
    already taken by another plugin is reported and skipped.

    :return: a list of record classes.
    """


@hookspec
def rectikit_rule_packs() -> list[Any]:
    """Return rule pack files (TOML) this plugin provides.

    Items are :class:`pathlib.Path` objects or :mod:`importlib.resources` traversables;
    see :mod:`rectikit.engine.packs` for the format. A rule code already declared by
    another pack is reported and skipped.

    :return: a list of pack files.
    """


@hookspec
def rectikit_checks() -> list[type]:
    """Return check classes (subclasses of :class:`rectikit.checks.base.Check`).

    Each check enforces the rule whose code is its ``code`` attribute; the rule must
    be declared by some pack. Several checks may serve one code (they add up).

    :return: a list of check classes.
    """


@hookspec
def rectikit_readers() -> dict[str, Any]:
    """Return extra file readers by lower-case suffix (``".ods"``).

    A reader is ``read(path, display, *, encoding=None) -> Iterator[RawTable]``
    (:mod:`rectikit.readers.formats`) and raises ``ReadError`` for unreadable files.

    :return: a mapping suffix -> reader function.
    """


@hookspec
def rectikit_reporters() -> dict[str, Any]:
    """Return report formats by name (``"json"``) for ``rectikit check --format``.

    A reporter is a class implementing :class:`rectikit.reporters.base.Reporter`.

    :return: a mapping format name -> reporter class.
    """
