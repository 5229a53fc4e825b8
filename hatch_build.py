"""Hatchling build hook: compile the optional C speedups, ``rectikit._speedups``.

The extension is optional: rectikit imports it as ``try: from rectikit import _speedups``
and falls back to pure Python when it is missing. So this hook never fails a build. When
``src/rectikit/_speedups.c`` exists and a C compiler and the Python headers are at hand, it
compiles the module through setuptools' ``build_ext`` (which knows the right compiler and
flags on Linux, macOS and Windows); otherwise it prints a one-line warning to stderr and
the wheel stays pure Python.

- A regular wheel gets the compiled module as ``rectikit/_speedups<EXT_SUFFIX>`` and a
  platform tag.
- An editable wheel only points at ``src/`` through a ``.pth`` file, so the module is
  compiled in place, to ``src/rectikit/_speedups<EXT_SUFFIX>``.
- ``RECTIKIT_NO_EXTENSIONS=1`` skips compiling: a pure-Python install.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import sysconfig
import tempfile
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MODULE = "rectikit._speedups"
PACKAGE_DIR = os.path.join("src", "rectikit")
SOURCE = os.path.join(PACKAGE_DIR, "_speedups.c")
NO_EXTENSIONS_VARIABLE = "RECTIKIT_NO_EXTENSIONS"


def extensions_disabled() -> bool:
    """Whether ``RECTIKIT_NO_EXTENSIONS`` asks for a pure-Python install."""
    value = os.environ.get(NO_EXTENSIONS_VARIABLE, "").strip().lower()
    return value not in ("", "0", "false", "no", "off")


def warn_pure_python(reason: str) -> None:
    """Print the one-line notice that the speedups were not built, and why."""
    reason = " ".join(reason.split()) or "unknown error"
    print(
        f"rectikit: C speedups not built ({reason}); installing the pure-Python version",
        file=sys.stderr,
        flush=True,
    )


def describe(error: BaseException) -> str:
    """A short, one-line description of a build error."""
    text = " ".join(str(error).split())
    # "command '/usr/bin/gcc' failed with exit code 1", or "Command '['gcc', '-O3', ...]'
    # returned non-zero exit status 1.": name the program only (the compiler's own messages
    # are printed above).
    command = re.match(
        r"command '(?:\[')?([^']+)'.*? ((?:failed|returned)\b.*)", text, re.IGNORECASE
    )
    if command:
        program = re.split(r"[\\/]", command[1])[-1]
        text = f"{program} {command[2].rstrip('.')}"
    if len(text) > 200:
        text = text[:197] + "..."
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def compile_extension(source: str, build_dir: str) -> str:
    """Compile ``source`` into the module ``MODULE`` under ``build_dir``.

    Returns the path of the built file, named ``_speedups<EXT_SUFFIX>``. Raises whatever
    setuptools raises when it cannot (no setuptools, no compiler, no headers, a compile
    error, ...).
    """
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    distribution = Distribution(
        {"name": "rectikit", "ext_modules": [Extension(MODULE, sources=[source])]}
    )
    command = build_ext(distribution)
    command.build_lib = os.path.join(build_dir, "lib")
    command.build_temp = os.path.join(build_dir, "temp")
    command.ensure_finalized()
    command.run()
    built = command.get_ext_fullpath(MODULE)
    if not os.path.isfile(built):
        raise FileNotFoundError(f"build_ext did not produce {built}")
    return built


class SpeedupsBuildHook(BuildHookInterface):
    """Compile ``rectikit._speedups`` into the wheel, or in place for an editable wheel."""

    PLUGIN_NAME = "custom"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._build_dir: str | None = None

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile the extension before the wheel is built; never fail the build."""
        source = os.path.join(self.root, SOURCE)
        if self.target_name != "wheel" or not os.path.isfile(source):
            return
        if extensions_disabled():
            if version == "editable":
                self._remove_inplace_module()
            warn_pure_python(f"{NO_EXTENSIONS_VARIABLE} is set")
            return

        self._build_dir = tempfile.mkdtemp(prefix="rectikit-speedups-")
        try:
            built = compile_extension(source, self._build_dir)
            if version == "editable":
                self._install_inplace(built)
            else:
                build_data["force_include"][built] = f"rectikit/{os.path.basename(built)}"
                build_data["pure_python"] = False
                build_data["infer_tag"] = True
        except (Exception, SystemExit) as error:
            self._remove_build_dir()
            if version == "editable":
                self._remove_inplace_module()
            warn_pure_python(describe(error))
        finally:
            if version == "editable":
                self._remove_build_dir()

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """Remove the temporary build directory once the wheel holds the module."""
        self._remove_build_dir()

    def _install_inplace(self, built: str) -> None:
        """Put the built module into ``src/rectikit``, replacing an older one."""
        target = os.path.join(self.root, PACKAGE_DIR, os.path.basename(built))
        staging = f"{target}.tmp{os.getpid()}"
        # Replacing rather than overwriting leaves a copy that a running process has
        # loaded intact.
        try:
            shutil.copyfile(built, staging)
            shutil.copymode(built, staging)
            os.replace(staging, target)
        except BaseException:
            if os.path.exists(staging):
                os.remove(staging)
            raise

    def _remove_inplace_module(self) -> None:
        """Remove this interpreter's in-place module, so a stale build is not imported."""
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        if not suffix:
            return
        target = os.path.join(self.root, PACKAGE_DIR, f"_speedups{suffix}")
        try:
            os.remove(target)
        except FileNotFoundError:
            pass
        except OSError as error:
            print(f"rectikit: could not remove {target} ({describe(error)})", file=sys.stderr)

    def _remove_build_dir(self) -> None:
        """Remove the temporary build directory, if any."""
        if self._build_dir is not None:
            shutil.rmtree(self._build_dir, ignore_errors=True)
            self._build_dir = None
