"""Scratch files: read back what was appended, deleted with the last object referring
to them, handed over by pickling."""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
from array import array
from pathlib import Path
from typing import Any

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


def test_files_are_made_in_the_directory_removed_at_exit() -> None:
    file = ScratchFile.create("rectikit-test-")
    assert os.path.dirname(file.path) == scratch.directory()
    assert scratch.directory() == scratch.directory()  # one a process


def test_a_worker_makes_its_files_where_its_parent_removes_them(tmp_path: Any) -> None:
    # a worker killed before it hands its files over leaves them in the parent's
    # directory, which goes when the parent exits
    script = (
        "import os, sys\n"
        "from rectikit import scratch\n"
        "from rectikit.engine.handover import fork_worker, reap\n"
        "kept = []\n"
        "def work(handover):  # ends (os._exit) holding its file, as if killed\n"
        "    kept.append(scratch.ScratchFile.create('rectikit-test-'))\n"
        "    open(sys.argv[1], 'w').write(kept[0].path)\n"
        "pid, handover = fork_worker(work)\n"
        "os.waitpid(pid, 0)\n"
        "path = open(sys.argv[1]).read()\n"
        "assert os.path.dirname(path) == scratch.directory(), path\n"
        "assert os.path.exists(path)\n"
        "print(scratch.directory())\n"
    )
    note = tmp_path / "made.txt"
    done = subprocess.run(
        [sys.executable, "-c", script, str(note)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    made = Path(note.read_text())
    assert not made.exists() and not made.parent.exists()  # gone with the parent


def test_a_file_gone_during_the_run_says_so_in_one_line() -> None:
    file = ScratchFile.create("rectikit-test-")
    file.append(b"0123")
    os.unlink(file.path)  # a cleaner of the temporary directory, say
    with pytest.raises(scratch.ScratchError, match=r"cannot be read back .*cleaned"):
        file.read(0, 4)
