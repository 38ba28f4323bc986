"""Roster sources for .xlsx and .csv rosters, registered under the names ``xlsx`` and ``csv``."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from jointmeeting.plugin import (
    Charter,
    Diagnostic,
    NamedFileError,
    Position,
    RosterRead,
    RosterSource,
    RosterSpec,
    Row,
    heading_columns,
    hookimpl,
    members_from_rows,
    office_csv_rows,
)


def _rows(grid: Sequence[Sequence[object]]) -> Iterator[Row]:
    """Rows below the first header row; blank rows skipped."""
    columns: dict[str, int] = {}
    for number, cells in enumerate(grid, start=1):
        if not columns:
            columns = heading_columns(cells)
            continue
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        yield Row(number, {f: (cells[i] if i < len(cells) else None, i + 1)
                           for f, i in columns.items()})


def _unreadable(path: Path, message: str) -> RosterRead:
    return RosterRead([], diagnostics=[Diagnostic("JM405", message, str(path), Position(1, 1))])


class XlsxRoster:
    def read(self, charter: Charter, spec: RosterSpec, base_dir: Path) -> RosterRead:
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        path = base_dir / (spec.path or "")
        try:
            raw = charter.read_named(spec.path or "")
        except NamedFileError as exc:
            return _unreadable(path, exc.message)
        try:
            # Not read-only: merged cells are only known to a fully loaded sheet.
            book = load_workbook(io.BytesIO(raw), data_only=True)
        except (OSError, InvalidFileException, KeyError, ValueError, zipfile.BadZipFile) as exc:
            return _unreadable(path, f"cannot read the spreadsheet: {exc}")
        try:
            sheet = book[spec.sheet] if spec.sheet else book.worksheets[0]
        except KeyError:
            return _unreadable(path, f"no sheet named {spec.sheet!r} (sheets: "
                               f"{', '.join(book.sheetnames)})")
        grid = [list(row) for row in sheet.iter_rows(values_only=True)]
        # A merged range keeps its value in the top-left cell only: a unit written once for
        # three people applies to all three.
        for merged in sheet.merged_cells.ranges:
            value = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    grid[r - 1][c - 1] = value
        return members_from_rows(charter, _rows(grid), str(path))


class CsvRoster:
    def read(self, charter: Charter, spec: RosterSpec, base_dir: Path) -> RosterRead:
        path = base_dir / (spec.path or "")
        try:
            raw = charter.read_named(spec.path or "")
        except NamedFileError as exc:
            return _unreadable(path, exc.message)
        grid: list[list[object]] = [list(row) for row in office_csv_rows(raw)]
        return members_from_rows(charter, _rows(grid), str(path))


@hookimpl
def jointmeeting_roster_sources(register: Callable[[str, RosterSource], None]) -> None:
    register("xlsx", XlsxRoster())
    register("csv", CsvRoster())
