"""The loader: positions, strict scalars, hostile files, and the C parser really taking part."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import jointmeeting
from jointmeeting.charter.parse import Limits, parse_text, resolve_plain

from .yamledit import edit_yaml


def codes(text: str) -> list[str]:
    with pytest.raises(jointmeeting.CharterError) as info:
        jointmeeting.charter_from_text(text, "t.yaml")
    return [d.code for d in info.value.diagnostics]


def _c_yaml_blocked() -> bool:
    try:
        import ruamel.yaml.cyaml  # noqa: F401
    except ImportError:
        return True
    return False


def test_the_parser_in_use() -> None:
    from jointmeeting.charter import parse

    if _c_yaml_blocked():  # tests/without_c_yaml.py: the pure-Python fallback must take over
        assert parse.new_parser is parse._pure_parser
    else:
        import ruamel.yaml.cyaml as cyaml

        assert parse.new_parser is cyaml.CParser
    # Public event classes or the binding's own, never imported from a private module.
    assert parse.ScalarEvent.__name__ == "ScalarEvent"


_DUMP = """
import json, sys
from pathlib import Path
from jointmeeting.charter.parse import parse_text
out = {}
for path in sys.argv[1:]:
    data, source, found = parse_text(Path(path).read_text("utf-8"), path)
    out[path] = [data, [[d.code, d.position.line, d.position.col] for d in found]]
print(json.dumps(out, ensure_ascii=False, sort_keys=True, default=str))
"""


def test_pure_python_fallback_reads_every_file_alike() -> None:
    """Blocked C extension: the same data and the same findings at the same places."""
    root = Path(__file__).parent.parent
    files = sorted(str(p) for p in [*root.glob("charters/**/*.yaml"),
                                    *root.glob("examples/**/*.yaml"),
                                    *root.glob("tests/golden/*.yaml")]
                   if p.read_bytes().find(b"\0") < 0 and _utf8(p))
    assert len(files) > 20
    block = ("import sys; sys.modules.update(dict.fromkeys(('_ruamel_yaml', "
             "'_ruamel_yaml_clibz', 'ruamel.yaml.cyaml')));")
    runs = [subprocess.run([sys.executable, "-W", "ignore", "-c", prefix + _DUMP, *files],
                           capture_output=True, text=True, check=True).stdout
            for prefix in ("", block)]
    assert runs[0] == runs[1]


def _utf8(path: Path) -> bool:
    try:
        path.read_text("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_core_schema_only() -> None:
    assert resolve_plain("no") == "no"
    assert resolve_plain("yes") == "yes"
    assert resolve_plain("1:20") == "1:20"
    assert resolve_plain("2025-04-21") == "2025-04-21"
    assert resolve_plain("true") is True
    assert resolve_plain("~") is None
    assert resolve_plain("012") == 12
    assert resolve_plain("1.5") == 1.5


def test_a_yaml_11_directive_changes_nothing_now_or_later() -> None:
    with_directive = "%YAML 1.1\n---\na: no\nb: 1:20\nc: on\n"
    plain = "a: no\nb: 1:20\nc: on\n"
    first, _, found = parse_text(with_directive, "a.yaml")
    second, _, found2 = parse_text(plain, "b.yaml")
    assert not found and not found2
    assert first == second == {"a": "no", "b": "1:20", "c": "on"}


def test_positions_are_one_based_for_keys_and_values() -> None:
    data, source, found = parse_text("a:\n  b: [x, y]\n  c: 1\n", "p.yaml")
    assert not found and data == {"a": {"b": ["x", "y"], "c": 1}}
    assert source.locate(("a", "b", 1)) == jointmeeting.Position(2, 10)
    assert source.locate(("a", "c"), key=True) == jointmeeting.Position(3, 3)
    # a missing key points at the nearest parent that exists
    assert source.locate(("a", "missing")) == jointmeeting.Position(2, 3)


def test_every_finding_at_once(minimal_text: str) -> None:
    broken = minimal_text
    for path, value in (("units.civil-affairs.kind", "ministry"), ("duties.0.role", "leads"),
                        ("duties.0.colour", "red"), ("source.issued", "2025-02-30")):
        broken = edit_yaml(broken, path, value)
    # In file order: the added key stands before the role it sits beside.
    assert codes(broken) == ["JM204", "JM203", "JM201", "JM203"]


def test_names_are_normalised_with_a_warning(minimal_text: str) -> None:
    text = edit_yaml(minimal_text, "members.张三.name", "张\u3000三")
    charter = jointmeeting.charter_from_text(text, "m.yaml")
    assert charter.members[0].name == "张三"
    found = jointmeeting.check(charter)
    assert [d.code for d in found] == ["JM205"]
    assert found[0].position == jointmeeting.Position(51, 12)


def test_full_width_forms_resolve(minimal_text: str) -> None:
    charter = jointmeeting.charter_from_text(minimal_text, "m.yaml")
    assert charter.unit(" 民政办 ").id == "civil-affairs"
    assert charter.unit("ＣＩＶＩＬ-affairs".lower()).id == "civil-affairs"
    with pytest.raises(jointmeeting.UnknownUnitError):
        charter.unit("教育办")


def test_a_control_character_is_a_clean_error() -> None:
    assert codes("a: b\x07c\n") == ["JM103"]


def _run_bounded(code: str, memory_mb: int = 1024, timeout: float = 60) -> str:
    # Run in a child with an address-space cap, so a loader that expanded an alias bomb or
    # recursed without bound would fail this test rather than take the machine with it.
    prelude = textwrap.dedent(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, ({memory_mb} << 20, {memory_mb} << 20))
    """)
    result = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)],
                            capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_billion_laughs_is_refused_within_bounds() -> None:
    out = _run_bounded("""
        import jointmeeting
        lines = ['lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]']
        for i in range(1, 30):
            refs = ', '.join([f'*l{i-1}'] * 10)
            lines.append(f'lol{i}: &l{i} [{refs}]')
        try:
            jointmeeting.charter_from_text('\\n'.join(lines), 'bomb.yaml')
        except jointmeeting.CharterError as e:
            print(e.diagnostics[0].code)
    """)
    assert out.split() == ["JM107"]


@pytest.mark.parametrize("shape", ["flow", "block"])
def test_20000_deep_nesting_is_refused(shape: str) -> None:
    make = {"flow": "'a: ' + '[' * 20000 + ']' * 20000",
            "block": "''.join(' ' * i + '-\\n' for i in range(0, 40000, 2))"}[shape]
    out = _run_bounded(f"""
        import jointmeeting
        try:
            jointmeeting.charter_from_text({make}, 'deep.yaml')
        except jointmeeting.CharterError as e:
            print(' '.join(d.code for d in e.diagnostics))
    """)
    assert out.split() == ["JM108"]


def test_random_binary_is_refused(tmp_path: Path) -> None:
    rng = random.Random(7)
    for n in range(20):
        path = tmp_path / f"b{n}.yaml"
        path.write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
        with pytest.raises(jointmeeting.CharterError) as info:
            jointmeeting.load_charter(path)
        assert info.value.diagnostics[0].code in {"JM101", "JM103"}


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"format: 1\nnotes: |\n")
        handle.write(b"  " + b"x" * 1000 + b"\n")
        handle.seek(50 * 1024 * 1024)
        handle.write(b"  end\n")
    out = _run_bounded(f"""
        import jointmeeting
        try:
            jointmeeting.load_charter({str(path)!r})
        except jointmeeting.CharterError as e:
            print(e.diagnostics[0].code)
    """, memory_mb=512)
    assert out.split() == ["JM102"]


def test_limits_are_the_callers_to_set(minimal_text: str) -> None:
    assert codes_with(minimal_text, Limits(max_depth=2)) == ["JM108"]
    assert codes_with(minimal_text, Limits(max_nodes=50)) == ["JM107"]
    assert codes_with(minimal_text, Limits(max_bytes=100)) == ["JM102"]


def codes_with(text: str, limits: Limits) -> list[str]:
    from jointmeeting.charter.parse import decode

    decoded, found = decode(text.encode(), "t.yaml", limits)
    if decoded is None:
        return [d.code for d in found]
    with pytest.raises(jointmeeting.CharterError) as info:
        jointmeeting.charter_from_text(decoded, "t.yaml", limits=limits)
    return [d.code for d in info.value.diagnostics]


def test_an_unreadable_file_is_a_diagnostic(tmp_path: Path) -> None:
    with pytest.raises(jointmeeting.CharterError) as info:
        jointmeeting.load_charter(tmp_path / "nope.yaml")
    assert [d.code for d in info.value.diagnostics] == ["JM100"]
    with pytest.raises(jointmeeting.CharterError):
        jointmeeting.load_charter(tmp_path)


def test_a_bom_is_accepted(tmp_path: Path, minimal_text: str) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + minimal_text.encode())
    assert jointmeeting.load_charter(path).id == "example-township"
