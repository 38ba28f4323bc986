"""Renderers: nothing here decides anything; it only presents. One module per subject."""

from jointmeeting.report.charter import (
    area_list,
    coverage,
    differences,
    impact,
    representatives,
    show,
    unit_duties,
    who,
)
from jointmeeting.report.diagnostics import FORMATS, SCHEMA_ID, diagnostics, json_schema
from jointmeeting.report.runtime import (
    history,
    plan,
    review_html,
    review_json,
    review_table,
    roster,
    steps,
)

__all__ = [
    "FORMATS", "SCHEMA_ID", "area_list", "coverage", "diagnostics",
    "differences", "history", "impact", "json_schema", "plan", "representatives",
    "review_html", "review_json", "review_table", "roster", "show", "steps", "unit_duties",
    "who",
]
