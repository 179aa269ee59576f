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


def _existing_folder(path: Path) -> Path:
    folder = path.absolute().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def refuse_folder(path: Path, what: str) -> None:
    """OutputError when an output path names a folder (`-o .`): a file name is needed."""
    if path.is_dir() or not path.name:
        raise OutputError(f"{what} {path} is a folder; give a file name (a batch of inputs takes --out-dir)")


def _check_writable(path: Path, what: str, probed: dict[Path, str | None]) -> None:
    refuse_folder(path, what)
    if path.exists() and not path.is_file():
        raise OutputError(f"{what} {path} is a device or pipe, not a file (writing would replace it); give a file"
                          " name")
    folder = _existing_folder(path)
    if not folder.is_dir():
        raise OutputError(f"{what} {path}: {folder} is a file, not a folder; choose another path")
    if folder not in probed:  # one probe per folder: a batch of thousands of files stays quick
        try:
            with tempfile.TemporaryFile(dir=folder, prefix=".mtedit-write-check-"):
                probed[folder] = None
        except OSError as exc:
            probed[folder] = exc.strerror or type(exc).__name__
    if probed[folder] is not None:
        raise OutputError(f"{what} {path}: cannot write in {folder} ({probed[folder]}); choose a writable folder "
                          "with -o / --out-dir")


def _identities(path: Path) -> list[tuple[object, ...]]:
    """What makes two paths one file: the resolved path, and the inode of an existing one (hard links)."""
    keys: list[tuple[object, ...]] = [("path", str(path.resolve()))]
    try:
        info = path.stat()
    except OSError:
        return keys
    return [*keys, ("inode", info.st_dev, info.st_ino)]


def check_run_paths(jobs: Sequence[FileJob], also_read: Iterable[Path | None] = ()) -> None:
    """OutputError unless every output and edit log is writable, distinct from each other and from every file
    the run reads (drafts, sources and `also_read`: the glossary, the config). Linear in the number of files."""
    read: dict[tuple[object, ...], tuple[Path, str]] = {}
    for job in jobs:
        for path, role in ((job.input, "the input"), (job.source, "the source")):
            if path is not None:
                read.update((key, (path, role)) for key in _identities(path))
    for extra in also_read:
        if extra is not None:
            read.update((key, (Path(extra), "read by this run")) for key in _identities(Path(extra)))
    written: dict[tuple[object, ...], tuple[Path, str]] = {}
    probed: dict[Path, str | None] = {}
    for job in jobs:
        for path, what in ((job.output, "output"), (job.log, "edit log")):
            _check_writable(path, what, probed)
            keys = _identities(path)
            hit = next((read[k] for k in keys if k in read), None)
            if hit is not None:
                raise OutputError(f"{what} {path} is {hit[0]}, {hit[1]}; writing it would destroy it: "
                                  "give another -o / --log")
            hit = next((written[k] for k in keys if k in written), None)
            if hit is not None:
                raise OutputError(f"{what} {path} is also the {hit[1]} {hit[0]}; give the output and the "
                                  "edit log different names (-o / --log)")
            written.update((key, (path, what)) for key in keys)
