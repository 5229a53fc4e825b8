"""glibc's mmap threshold fixed for a run, and nothing done elsewhere."""

from __future__ import annotations

import ctypes
import sys

import pytest

from rectikit.engine import allocator


def test_fixed_once_on_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(allocator, "_done", False)
    if not sys.platform.startswith("linux"):
        assert allocator.fix_mmap_threshold() is False
        return
    try:
        ctypes.CDLL(None).mallopt  # noqa: B018
    except AttributeError:
        pytest.skip("not glibc")
    assert allocator.fix_mmap_threshold() is True
    assert allocator.fix_mmap_threshold() is True  # once: the second call does nothing


def test_nothing_done_on_other_systems(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(allocator, "_done", False)
    monkeypatch.setattr(sys, "platform", "win32")
    assert allocator.fix_mmap_threshold() is False


def test_a_c_library_without_mallopt_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(allocator, "_done", False)
    monkeypatch.setattr(sys, "platform", "linux")

    class NoMallopt:
        def __init__(self, name: object) -> None:
            pass

    monkeypatch.setattr(ctypes, "CDLL", NoMallopt)
    assert allocator.fix_mmap_threshold() is False
