"""A new county repository: ``jointmeeting init``.

The files come from ``templates/init/`` inside the package, so an installed wheel makes the
same repository as a checkout. What is written:

- ``charters/charter.yaml``: with a notice, the charter
  :func:`jointmeeting.draft.drafter.draft_charter` drafts from it (to review); without, an
  example charter, marked as one to replace, that checks clean;
- ``charters/sources/``: the notice, copied there when one is given;
- ``tests/scenarios/routes.yaml``: an example routing scenario, for the example charter only;
- ``pytest.ini``: the pytest plugin on the charters and scenarios, with the day pinned;
- ``.pre-commit-config.yaml``: a local hook running ``jointmeeting check``;
- ``.gitignore``: the ledger (``.jointmeeting/``) kept out;
- ``.github/workflows/charters.yml``: a CI job installing the packages and running pytest;
- ``README.md``: what each of these is.

Why an example charter and not an empty one: a repository whose checks pass from its first
commit shows every part working (check, pytest, pre-commit, CI) before a county has transcribed
a clause; the example says in its first lines that it is one, and its id says example-replace-me.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from jointmeeting import __version__
from jointmeeting.errors import Diagnostic, JointMeetingError

#: Template file -> where it goes in the new repository.
FILES = {
    "charter.yaml": "charters/charter.yaml",
    "routes.yaml": "tests/scenarios/routes.yaml",
    "pytest.ini": "pytest.ini",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "gitignore": ".gitignore",
    "charters.yml": ".github/workflows/charters.yml",
    "README.md": "README.md",
}


class InitError(JointMeetingError):
    """The folder cannot be made a county repository as asked."""


@dataclass
class Made:
    """What :func:`init` wrote, relative to the folder, and the draft's findings and points to
    review when the charter was drafted from a notice."""

    folder: Path
    files: list[str] = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)
    review: list[str] = field(default_factory=list)


def init(folder: str | os.PathLike[str], *, notice: str | os.PathLike[str] | None = None,
         on: dt.date | None = None, force: bool = False) -> Made:
    """Make ``folder`` a county repository.

    Args:
        notice: the notice's text file (UTF-8 or GB18030 text, or .docx), copied into
            ``charters/sources/``; the charter is drafted from it.
        on: the day pytest judges representation on (default: today).
        force: write into a folder that is not empty (files of the same names are replaced).

    Raises:
        InitError: the folder is not empty (without ``force``), is a file, or the notice
            cannot be read.
    """
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise InitError(f"{target} is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise InitError(f"{target} is not empty; use --force to write into it anyway")
    if notice is not None and not Path(notice).is_file():
        raise InitError(f"{notice}: no such notice file")
    values = {"{{on}}": (on or dt.date.today()).isoformat(), "{{version}}": __version__}
    made = Made(target)
    drafted = None
    if notice is not None:
        from jointmeeting.charter.notice import read_notice
        from jointmeeting.draft.drafter import draft_charter

        drafted = draft_charter(read_notice(Path(notice)), str(notice),
                                text_path=f"sources/{Path(notice).name}")
        made.findings, made.review = drafted.findings, drafted.review
    templates = resources.files("jointmeeting") / "templates" / "init"
    for name, relative in FILES.items():
        if drafted is not None and name == "routes.yaml":
            continue  # the example's scenario fits the example only
        text = (templates / name).read_text(encoding="utf-8")
        if drafted is not None and name == "charter.yaml":
            text = drafted.text
        for key, value in values.items():
            text = text.replace(key, value)
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        made.files.append(relative)
    sources = target / "charters" / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    if notice is not None:
        copied = sources / Path(notice).name
        shutil.copyfile(notice, copied)
        made.files.append(copied.relative_to(target).as_posix())
    else:  # git keeps no empty folder, and the notice belongs here
        (sources / ".gitkeep").write_text("", encoding="utf-8")
        made.files.append("charters/sources/.gitkeep")
    scenarios = target / "tests" / "scenarios"
    if not any(scenarios.glob("*.yaml")):
        scenarios.mkdir(parents=True, exist_ok=True)
        (scenarios / ".gitkeep").write_text("", encoding="utf-8")
        made.files.append("tests/scenarios/.gitkeep")
    return made
