"""One import path per audience: plugin authors use ``jointmeeting.plugin``; a program using the
library uses the names of ``jointmeeting`` itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import jointmeeting
import jointmeeting.plugin
from tests.conftest import ROOT

#: The plugins a town reads as worked examples: each implements a hook of jointmeeting.
PLUGIN_SOURCES = [ROOT / "examples" / "roster_plugin.py", ROOT / "examples" / "notifier_plugin.py",
                  *(ROOT / "plugins" / "jointmeeting-xlsx" / "src").rglob("*.py"),
                  *(ROOT / "plugins" / "jointmeeting-apprise" / "src").rglob("*.py")]


def _imports(path: Path) -> list[str]:
    """The jointmeeting modules a file imports from, as written."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("jointmeeting"):
            found.append(node.module or "")
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("jointmeeting.")]
    return found


@pytest.mark.parametrize("path", PLUGIN_SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_plugins_import_from_the_one_plugin_path(path: Path) -> None:
    # The notifier example also runs the host's side (a ledger, the dispatcher) to show the
    # plugin at work: that part is the program's, not the plugin's.
    host_side = {"jointmeeting.runtime.ledger", "jointmeeting.runtime.outbox"}
    allowed = {"jointmeeting.plugin", *(host_side if path.name == "notifier_plugin.py" else ())}
    imported = _imports(path)
    assert set(imported) <= allowed | {m for m in imported if m.startswith("jointmeeting_")}
    assert path.name == "mail.py" or "jointmeeting.plugin" in imported


def test_every_name_the_plugin_path_promises_is_there() -> None:
    names = jointmeeting.plugin.__all__
    assert len(set(names)) == len(names)
    for name in names:
        assert getattr(jointmeeting.plugin, name) is not None, name
    assert {"hookimpl", "RosterRead", "RosterSource", "Notifier", "Message", "NotifierError",
            "Diagnostic", "JointMeetingError", "Row", "members_from_rows"} <= set(names)
    assert issubclass(jointmeeting.plugin.NotifierError, jointmeeting.plugin.JointMeetingError)


def test_the_readme_uses_only_the_packages_own_names() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", readme, re.S)
    tree = ast.parse(code)
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
    assert [ast.unparse(n) for n in imports] == ["import jointmeeting"]
    used = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)
            and isinstance(n.value, ast.Name) and n.value.id == "jointmeeting"}
    assert used and used <= set(jointmeeting.__all__)


def test_the_package_names_the_graph_plan_diff_and_contacts_lazily() -> None:
    import subprocess
    import sys

    probe = ("import sys, jointmeeting\nbefore = 'networkx' in sys.modules\n"
             "g = jointmeeting.ResponsibilityGraph\n"
             "print(before, 'networkx' in sys.modules, jointmeeting.plan.__module__, "
             "jointmeeting.diff.__module__, jointmeeting.Contacts.__module__, "
             "jointmeeting.__version__)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": ":".join(sys.path)}).stdout.split()
    assert out == ["False", "True", "jointmeeting.runtime.plan", "jointmeeting.charter.diff",
                   "jointmeeting.charter.contacts", jointmeeting.__version__]
    for name in ("ResponsibilityGraph", "plan", "Report", "diff", "Contacts", "__version__"):
        assert name in jointmeeting.__all__
    with pytest.raises(AttributeError):
        jointmeeting.nothing_here  # noqa: B018
