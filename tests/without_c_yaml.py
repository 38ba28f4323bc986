"""Run pytest with ruamel.yaml's C extension blocked from import, as on a machine without it.

Usage: ``python tests/without_c_yaml.py [pytest args]``. CI runs the charter-loading tests this
way once more, so the pure-Python fallback of :mod:`jointmeeting.charter.parse` is tested like the C path.
"""

import sys

# None in sys.modules makes an import of that name raise ImportError.
for name in ("_ruamel_yaml", "_ruamel_yaml_clibz", "ruamel.yaml.cyaml"):
    sys.modules[name] = None  # type: ignore[assignment]

import pytest  # noqa: E402

if __name__ == "__main__":
    sys.exit(pytest.main(["-W", "ignore::RuntimeWarning", *sys.argv[1:]]))
