"""The HTTP service (``jointmeeting serve``): the library behind a JSON API, with tokens and
roles, and the office's page. Needs the ``service`` extra (FastAPI, uvicorn)."""

from jointmeeting.api.app import create_app

__all__ = ["create_app"]
