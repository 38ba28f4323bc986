"""Atomic writes on every system, and ledgers kept off network file systems."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jointmeeting.runtime.files import network_filesystem, replace_atomically

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
fileserver:/export/office /mnt/office nfs4 rw,relatime 0 0
//nas/share /mnt/nas\\040drive cifs rw 0 0
/dev/sdb1 /mnt/office/local ext4 rw 0 0
"""


def test_atomic_write_where_folders_cannot_be_opened(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """As on Windows: no O_DIRECTORY, and os.open() of a folder fails."""
    target = tmp_path / "charter.yaml"
    target.write_bytes(b"old\n")
    real_open = os.open

    def no_folders(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if Path(path).is_dir():
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.delattr(os, "O_DIRECTORY")
    monkeypatch.setattr(os, "open", no_folders)
    replace_atomically(target, b"new\n", expected=b"old\n")
    assert target.read_bytes() == b"new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["charter.yaml"]


def test_atomic_write_where_folder_fsync_is_refused(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "charter.yaml"
    target.write_bytes(b"old\n")
    real_fsync = os.fsync

    def refuse_folders(descriptor: int) -> None:
        if os.path.isdir(f"/proc/self/fd/{descriptor}"):
            raise OSError(22, "Invalid argument")
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", refuse_folders)
    replace_atomically(target, b"new\n", expected=b"old\n")
    assert target.read_bytes() == b"new\n"


@pytest.mark.parametrize(("path", "expected"), [
    ("/mnt/office/jointmeeting/ledger.sqlite3", "nfs4"),
    ("/mnt/office/ledger.sqlite3", "nfs4"),
    ("/mnt/nas drive/ledger.sqlite3", "cifs"),
    ("/mnt/office/local/ledger.sqlite3", None),  # a local disk mounted inside the share
    ("/home/office/ledger.sqlite3", None),
    ("/mnt/officex/ledger.sqlite3", None),  # a prefix of a name is not a parent folder
    ("\\\\nas\\share\\ledger.sqlite3", "a network share (UNC path)"),
])
def test_network_filesystems_are_recognised(path: str, expected: str | None) -> None:
    assert network_filesystem(Path(path), MOUNTS) == expected


def test_this_machines_temp_folder_is_local(tmp_path: Path) -> None:
    assert network_filesystem(tmp_path / "ledger.sqlite3") is None


def test_a_ledger_on_a_network_share_is_refused(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from jointmeeting.runtime import ledger

    mounts = f"/dev/sda1 / ext4 rw 0 0\nnas:/office {tmp_path} nfs4 rw 0 0\n"
    monkeypatch.setattr(ledger, "network_filesystem",
                        lambda path: network_filesystem(path, mounts))
    with pytest.raises(ledger.LedgerError, match=r"nfs4.*local disk"):
        ledger.Ledger(tmp_path / "ledger.sqlite3")
    assert list(tmp_path.iterdir()) == []  # nothing created on the share
