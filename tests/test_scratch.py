"""Scratch files: read back what was appended, deleted with the last object referring
to them, handed over by pickling."""

from __future__ import annotations

import gc
import os
import pickle
from array import array

import pytest

from rectikit import scratch
from rectikit.scratch import ScratchFile


def test_what_is_appended_reads_back_at_its_offset() -> None:
    file = ScratchFile.create("rectikit-test-")
    first = file.append(b"abc", array("I", [1, 2]))
    second = file.append(bytearray(b"xyz"))
    assert (first, second) == (0, 11)
    assert file.read(second, 3) == b"xyz"
    assert array("I", file.read(3, 8)).tolist() == [1, 2]
    with pytest.raises(OSError, match="cut short"):
        file.read(10, 5)


def test_read_without_pread_seeks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scratch, "_pread", None)  # as on Windows
    file = ScratchFile.create("rectikit-test-")
    file.append(b"0123456789")
    assert file.read(4, 3) == b"456"


def test_the_file_goes_with_the_last_object_referring_to_it() -> None:
    file = ScratchFile.create("rectikit-test-")
    path = file.path
    other = ScratchFile(path)  # a second reference (as a table read back in this process)
    del file
    gc.collect()
    assert os.path.exists(path)
    del other
    gc.collect()
    assert not os.path.exists(path)


def test_a_pickled_file_is_the_loaders_to_delete() -> None:
    file = ScratchFile.create("rectikit-test-")
    file.append(b"kept")  # not flushed yet: pickling flushes it
    blob = pickle.dumps(file)
    path = file.path
    del file  # as a worker's, once sent
    gc.collect()
    assert os.path.exists(path)
    loaded = pickle.loads(blob)
    assert loaded.read(0, 4) == b"kept"
    del loaded
    gc.collect()
    assert not os.path.exists(path)


def test_a_forked_process_never_deletes_its_parents_file() -> None:
    file = ScratchFile.create("rectikit-test-")
    path = file.path
    file._state[3] = os.getpid() + 1  # as the copy a forked worker holds
    del file
    gc.collect()
    assert os.path.exists(path)
    os.unlink(path)
