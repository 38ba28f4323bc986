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
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable where the system allows it.

    Why the guards: POSIX wants the folder fsync'd after a rename; Windows cannot open a folder
    with ``os.open`` at all (and has no ``O_DIRECTORY``), and its ``os.replace`` is already
    durable through NTFS's journal. Some file systems refuse fsync on a folder; the data itself
    was fsync'd before the rename, so that is no reason to fail the write.
    """
    flag = getattr(os, "O_DIRECTORY", None)
    if flag is None:
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY | flag)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


#: File systems on which SQLite's locking and WAL's shared memory are not safe.
_NETWORK_FILESYSTEMS = frozenset((
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "fuse.sshfs",
    "fuse.glusterfs", "lustre", "davfs", "fuse.davfs2",
))


def network_filesystem(path: Path, mounts: str | None = None) -> str | None:
    """The network file system ``path`` would live on (``nfs4``, ``cifs``, a UNC share), else None.

    Why: SQLite's documentation warns that its file locks, and WAL's shared memory always, do
    not work across machines on a network file system; a ledger there can be corrupted
    silently. ``mounts`` is ``/proc/self/mounts``'s text (read when not given, on Linux).
    """
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return "a network share (UNC path)"
    if mounts is None:
        try:
            mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    folder = Path(os.path.abspath(path)).parent
    best, kind = "", None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = folder == Path(point) or Path(point) in folder.parents
        if inside and len(point) > len(best):
            best, kind = point, fields[2]
    return kind if kind in _NETWORK_FILESYSTEMS else None
