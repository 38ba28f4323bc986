"""The service's commands: serve, and the tokens that let people in."""

from __future__ import annotations

import click

from jointmeeting import report
from jointmeeting.cli.app import (
    ExitCode,
    _ledger,
    _limits,
    _load_or_exit,
    charter_option,
    cli,
    contacts_option,
    ledger_option,
)
from jointmeeting.errors import FileError


@cli.command("serve")
@charter_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; put a TLS proxy in front for another machine.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@contacts_option
@ledger_option
def serve_command(charter_path: str, host: str, port: int, contacts_path: str | None,
                  ledger_path: str | None) -> int:
    """The HTTP JSON API (OpenAPI at /openapi.json) and the office's page (/office)."""
    try:
        import uvicorn

        from jointmeeting.api import create_app
        from jointmeeting.runtime.ledger import default_path
    except ImportError as exc:
        raise click.ClickException(
            f"the service needs {exc.name}: pip install 'jointmeeting[service]'") from None
    try:
        app = create_app(charter_path, ledger_path or default_path(charter_path),
                         contacts_path=contacts_path, limits=_limits())
    except FileError as exc:
        click.echo(report.diagnostics(exc.diagnostics, "text"), err=True)
        return ExitCode.FINDINGS
    # uvicorn's access log writes the client, the request line and the status: never a
    # header, so never a token.
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
    return ExitCode.OK


@cli.group("token")
def token_group() -> None:
    """Tokens for the service, each bound to a role (and a unit or party)."""


@token_group.command("add")
@click.option("--role", required=True,
              type=click.Choice(["office", "convener", "member", "party", "reader"]))
@click.option("--unit", default=None, help="The member unit a member token acts as.")
@click.option("--party", default=None, help="The reporting party a party token acts as.")
@click.option("--label", required=True, help="Whose token this is (a person, a system).")
@charter_option
@ledger_option
def token_add(role: str, unit: str | None, party: str | None, label: str, charter_path: str,
              ledger_path: str | None) -> int:
    """Make a token and print it once; the ledger keeps only its hash."""
    from jointmeeting.runtime.access import add_token

    charter = _load_or_exit(charter_path)
    with _ledger(charter_path, ledger_path) as ledger:
        made, secret = add_token(ledger, charter, role, label, unit=unit, party=party)
    click.echo(f"token {made.id} for {made.actor}; it is shown only now:", err=True)
    click.echo(secret)
    return ExitCode.OK


@token_group.command("revoke")
@click.argument("token_id", type=int, metavar="ID")
@charter_option
@ledger_option
def token_revoke(token_id: int, charter_path: str, ledger_path: str | None) -> int:
    """Revoke token ID: from now on it lets nobody in."""
    from jointmeeting.runtime.access import revoke_token

    with _ledger(charter_path, ledger_path) as ledger:
        done = revoke_token(ledger, token_id)
    click.echo(f"token {done.id} revoked ({done.actor})")
    return ExitCode.OK


@token_group.command("list")
@charter_option
@ledger_option
def token_list(charter_path: str, ledger_path: str | None) -> int:
    """Every token: id, role, binding, label, made, revoked. Never the tokens themselves."""
    from jointmeeting.runtime.access import tokens

    with _ledger(charter_path, ledger_path) as ledger:
        for t in tokens(ledger):
            state = f"revoked {t.revoked_at:%Y-%m-%d %H:%M%z}" if t.revoked_at else "live"
            click.echo(f"{t.id}  {t.role:<8} {t.unit or t.party or '-':<20} {t.label}  "
                       f"made {t.created_at:%Y-%m-%d %H:%M%z}  {state}")
    return ExitCode.OK
