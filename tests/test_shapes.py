"""The shapes real notices take (issue 11, point 2): each is held by the format, faithfully, and
presented by `show`, `site` and `route`."""

from __future__ import annotations

import re

import pytest
import yaml
from pydantic import TypeAdapter

from jointmeeting.model import Charter

from .conftest import ROOT

SHAPES = (ROOT / "docs" / "shapes.md").read_text(encoding="utf-8")


def snippets() -> list[tuple[str, dict[str, object]]]:
    """Every YAML document of docs/shapes.md, with the shape letter it stands under."""
    found = []
    for section in re.split(r"^## ", SHAPES, flags=re.M)[1:]:
        letter = section[0]
        for block in re.findall(r"```yaml\n(.*?)```", section, flags=re.S):
            found += [(letter, doc) for doc in yaml.safe_load_all(block)]
    return found


@pytest.mark.parametrize(("letter", "snippet"), snippets())
def test_every_snippet_of_the_shapes_guide_is_valid_charter_data(
        letter: str, snippet: dict[str, object]) -> None:
    for key, value in snippet.items():
        field = Charter.model_fields[key]
        TypeAdapter(field.annotation).validate_python(value)


def test_the_guide_writes_every_shape() -> None:
    assert {letter for letter, _ in snippets()} >= set("abcdefghijk")
