"""Writing a file people also edit by hand: locked, atomic, and never over someone's change."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from jointmeeting.errors import JointMeetingError


class StaleFileError(JointMeetingError):
    """The file changed on disk after it was read; writing would lose that change."""


class LockedFileError(JointMeetingError):
    """Another program holds the file's lock."""


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


@contextmanager
def locked(path: Path, *, timeout: float = 30.0) -> Iterator[None]:
    """Hold ``.NAME.lock`` beside the file: one editor at a time, across processes."""
    lock = FileLock(path.with_name(f".{path.name}.lock"), timeout=timeout)
    try:
        with lock:
            _remove_stray_temps(path)
            yield
    except Timeout:
        raise LockedFileError(f"{path} is being edited by another program (its lock is held); "
                              "try again") from None


def _remove_stray_temps(path: Path) -> None:
    # Only a writer that died between creating and renaming its temp file leaves one; under
    # the lock nobody else is writing, so what is there is stray.
    for stray in path.parent.glob(_temp_prefix(path) + "*.tmp"):
        stray.unlink(missing_ok=True)


def replace_atomically(path: Path, data: bytes, *, expected: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file.

    Call under :func:`locked`. Refuses when the file no longer holds ``expected`` (someone
    edited it by hand since it was read). Temp file in the same folder, fsync, rename over,
    fsync the folder.
    """
    if path.read_bytes() != expected:
        raise StaleFileError(f"{path} changed on disk since it was read; nothing was written, "
                             "run the command again")
    descriptor, temp = tempfile.mkstemp(dir=path.parent, prefix=_temp_prefix(path),
                                        suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, path.stat().st_mode & 0o7777)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
