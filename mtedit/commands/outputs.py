"""Where a `correct` run writes, checked before any work: never over what it reads, never twice, always writable.

Paths are compared as the files they are (symbolic links resolved, hard links by inode), so `-o` or `--log`
naming a draft, its source, the glossary or the config under another name is refused as well.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from mtedit.commands.batch import FileJob
from mtedit.errors import OutputError
from mtedit.io.atomic import same_file


def _existing_folder(path: Path) -> Path:
    folder = path.absolute().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def refuse_folder(path: Path, what: str) -> None:
    """OutputError when an output path names a folder (`-o .`): a file name is needed."""
    if path.is_dir() or not path.name:
        raise OutputError(f"{what} {path} is a folder; give a file name (a batch of inputs takes --out-dir)")


def _check_writable(path: Path, what: str) -> None:
    refuse_folder(path, what)
    if path.exists() and not path.is_file():
        raise OutputError(f"{what} {path} is a device or pipe, not a file (writing would replace it); give a file"
                          " name")
    folder = _existing_folder(path)
    if not folder.is_dir():
        raise OutputError(f"{what} {path}: {folder} is a file, not a folder; choose another path")
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".mtedit-write-check-"):
            pass
    except OSError as exc:
        raise OutputError(f"{what} {path}: cannot write in {folder} ({exc.strerror}); choose a writable folder "
                          "with -o / --out-dir") from None


def check_run_paths(jobs: Sequence[FileJob], also_read: Iterable[Path | None] = ()) -> None:
    """OutputError unless every output and edit log is writable, distinct from each other and from every file
    the run reads (drafts, sources and `also_read`: the glossary, the config)."""
    inputs: list[tuple[Path, str]] = []
    for job in jobs:
        inputs.append((job.input, "the input"))
        if job.source is not None:
            inputs.append((job.source, "the source"))
    inputs += [(Path(p), "read by this run") for p in also_read if p is not None]
    written: list[tuple[Path, str]] = []
    for job in jobs:
        for path, what in ((job.output, "output"), (job.log, "edit log")):
            _check_writable(path, what)
            for other, role in inputs:
                if other.exists() and same_file(path, other):
                    raise OutputError(f"{what} {path} is {other}, {role}; writing it would destroy it: "
                                      "give another -o / --log")
            for other, other_what in written:
                if same_file(path, other):
                    raise OutputError(f"{what} {path} is also the {other_what} {other}; give the output and the "
                                      "edit log different names (-o / --log)")
            written.append((path, what))
