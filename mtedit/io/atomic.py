"""Atomic writes: write a temporary file beside the target, flush it to disk, then rename it over."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mtedit.errors import OutputError


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file: equal once links are resolved, or one inode (a hard link)."""
    if Path(a).resolve() == Path(b).resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see either the old file or the whole new one."""
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"{path}: folder {folder} does not exist; create it first")
    if path.is_dir():
        raise OutputError(f"{path}: is a directory; give a file name for the output")
    if path.exists() and not path.is_file():  # replacing /dev/null or a pipe would remove the device itself
        raise OutputError(f"{path}: is a device or pipe, not a file; give a file name for the output")
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written ({exc.strerror}); check the folder's permissions") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot be written ({exc.strerror}); check free space and permissions") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """UTF-8 text version of `atomic_write_bytes` (newlines written as \\n)."""
    atomic_write_bytes(path, text.encode("utf-8"))
