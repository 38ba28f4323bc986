"""Reading the files a charter names: ``extends:``, ``source.text`` and a roster's ``path``.

A charter may come from anyone, and the files it names are read on the reader's machine. So a
file a charter names is read only

- under the charter's own folder, or under a folder the caller allows (the ``allow_outside``
  of :class:`~jointmeeting.charter.parse.Limits`, the CLI's ``--allow-outside``, or
  ``$JOINTMEETING_ALLOW_OUTSIDE``); the path is resolved first, so neither ``..`` nor a
  symlink leads out;
- when it is a regular file: a FIFO would block for ever and ``/dev/zero`` never ends;
- up to a size limit, counted while reading rather than trusted from ``stat``;

and a refusal says why without quoting a byte of the file (``extends: /etc/shadow`` must not
print the file's first line inside a finding).

Why the environment variable: a host program or a test suite can allow a shared templates
folder once for every load, the way ``$JOINTMEETING_CONTACTS`` names the contacts file; the
charter itself can never widen where it may read.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jointmeeting.errors import JointMeetingError

ALLOW_OUTSIDE_ENV = "JOINTMEETING_ALLOW_OUTSIDE"
#: The default size limit of a file a charter names, the same as a charter's own.
MAX_BYTES = 32 * 1024 * 1024
#: Characters of a path shown in a message: a 5,000-character path must not flood a terminal.
_SHOWN = 80
_CHUNK = 1024 * 1024


class NamedFileError(JointMeetingError):
    """A file cannot be read; the message says why, never what the file holds. ``code`` is
    JM102 for a file over the size limit, JM100 otherwise."""

    def __init__(self, message: str, code: str = "JM100") -> None:
        super().__init__(message)
        self.message, self.code = message, code


@dataclass(frozen=True, slots=True)
class Scope:
    """Where the files a charter names may stand, and how large they may be."""

    #: Resolved folders; a named file must resolve to a path inside one of them.
    roots: tuple[Path, ...]
    max_bytes: int = MAX_BYTES

    @classmethod
    def of(cls, folder: Path | None, allow_outside: Iterable[str | os.PathLike[str]] = (),
           max_bytes: int = MAX_BYTES) -> Scope:
        """The scope of a charter in ``folder`` (the current folder for a charter given as
        text), widened by ``allow_outside`` and ``$JOINTMEETING_ALLOW_OUTSIDE``
        (``os.pathsep``-separated)."""
        extra = [p for p in os.environ.get(ALLOW_OUTSIDE_ENV, "").split(os.pathsep) if p]
        roots: list[Path] = []
        for root in (folder or Path("."), *allow_outside, *extra):
            try:
                roots.append(Path(root).resolve())
            except (OSError, ValueError):
                continue  # a root that cannot even be resolved holds nothing to read
        return cls(tuple(dict.fromkeys(roots)), max_bytes)


def shown(name: str) -> str:
    """A path as a message shows it: quoted, and shortened when it is very long."""
    if len(name) > _SHOWN:
        name = f"{name[:_SHOWN // 2]}…{name[-_SHOWN // 4:]}"
    return repr(name)


def read_named(name: str, base: Path, scope: Scope) -> tuple[Path, bytes]:
    """The resolved path and the bytes of a file a charter names, relative to ``base``.

    Raises:
        NamedFileError: the name holds a NUL byte, resolves outside ``scope``, is not a
            regular file, is larger than ``scope.max_bytes``, or cannot be read.
    """
    if not name or "\0" in name:
        raise NamedFileError(f"{shown(name)} is not a file name" +
                             (" (it holds a NUL byte)" if name else ""))
    try:
        target = (base / name).resolve()
    except (OSError, RuntimeError, ValueError) as exc:  # RuntimeError: a symlink loop
        raise NamedFileError(f"cannot resolve {shown(name)}: {_reason(exc)}") from None
    if not any(target.is_relative_to(root) for root in scope.roots):
        raise NamedFileError(
            f"{shown(name)} is outside the charter's folder; the caller may allow its folder "
            f"(--allow-outside, ${ALLOW_OUTSIDE_ENV})")
    return target, read_regular(target, scope.max_bytes, shown_as=shown(name))


def read_regular(path: str | os.PathLike[str], max_bytes: int, *,
                 shown_as: str | None = None) -> bytes:
    """A regular file's bytes, at most ``max_bytes``: a FIFO, a device or a folder is refused
    without blocking, and a file that grows past the limit while read is refused too.

    Raises:
        NamedFileError: the file is not a regular file, is too large, or cannot be read.
    """
    what = shown_as or shown(os.fspath(path))
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as exc:
        raise NamedFileError(f"cannot read {what}: {_reason(exc)}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise NamedFileError(f"cannot read {what}: it is {kind}")
        if info.st_size > max_bytes:
            raise NamedFileError(f"{what} is {info.st_size:,} bytes; the limit is {max_bytes:,}",
                                 "JM102")
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            chunk = os.read(fd, min(_CHUNK, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:
            raise NamedFileError(f"{what} is larger than the limit of {max_bytes:,} bytes",
                                 "JM102")
        return b"".join(chunks)
    except OSError as exc:
        raise NamedFileError(f"cannot read {what}: {_reason(exc)}") from None
    finally:
        os.close(fd)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno is not None:
        return exc.strerror or errno.errorcode.get(exc.errno, str(exc.errno))
    if isinstance(exc, RuntimeError):
        return "symbolic links loop"
    return "not a usable path"
