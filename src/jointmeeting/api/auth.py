"""Who is asking, and what their role lets them do.

A request carries ``Authorization: Bearer TOKEN``; the token is looked up by its hash
(:mod:`jointmeeting.runtime.access`) on every request, so a revoked token stops at once. The
rules, one function each:

=========== ====================== ================================= ==========================
role        sees cases             opens cases                       acknowledges steps
=========== ====================== ================================= ==========================
office      every case, in full    as anyone (on their behalf)       anyone's
convener    every case             no                                those addressed to a post
member      its own                as itself                         its own
party       its own                as itself                         its own
reader      none                   no                                none
=========== ====================== ================================= ==========================

A unit's or party's *own* cases are those it reported or is told of. The summary and details of
a case involving a minor, and the details of any case, go to the office alone. Only the office
files successions, imports the year's records and reads the audit log; the office and the
conveners read the year's review; a member unit proposes successors for itself.

A case a member or party may not see answers 404, as one that does not exist: its number says
nothing. A role that may see no case at all answers 403.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from jointmeeting.api.app import ServiceDep
from jointmeeting.api.problems import ApiError
from jointmeeting.runtime.access import Role, Token, authenticate
from jointmeeting.runtime.cases import Case

_bearer = HTTPBearer(auto_error=False, description="A token from `jointmeeting token add`.")


def principal(service: ServiceDep, credentials: Annotated[
        HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Token:
    """The token the request carries; 401 without a live one."""
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None:
        raise ApiError(401, "JM561", "give a token: Authorization: Bearer TOKEN",
                       headers=challenge)
    secret = credentials.credentials
    token = service.run(lambda ledger: authenticate(ledger, secret))
    if token is None:
        # Never echo the token: it may be a real one of another service.
        raise ApiError(401, "JM561", "the token is not valid (unknown or revoked)",
                       headers=challenge)
    return token


Principal = Annotated[Token, Depends(principal)]


def refuse(token: Token, what: str) -> ApiError:
    return ApiError(403, "JM562", f"a {token.role} token may not {what}")


def require(token: Token, *roles: Role, what: str) -> None:
    if token.role not in roles:
        raise refuse(token, what)


def sees_cases(token: Token) -> None:
    """403 for a role that sees no case at all."""
    if token.role is Role.READER:
        raise refuse(token, "see cases")


def bound(token: Token) -> str | None:
    """The unit or party a token acts as; None for the office and conveners."""
    return token.unit if token.role is Role.MEMBER else token.party


def may_see(token: Token, case: Case) -> bool:
    if token.role in (Role.OFFICE, Role.CONVENER):
        return True
    who = bound(token)
    return who is not None and case.involves(who)


def may_read_details(token: Token, case: Case) -> bool:
    """The summary of a case: the office's always; others' unless a minor is involved."""
    return token.role is Role.OFFICE or not case.minor


def may_open_as(token: Token, reporter: str) -> bool:
    """``reporter`` is the resolved id of the unit or party the case is reported by."""
    if token.role is Role.OFFICE:
        return True
    return token.role in (Role.MEMBER, Role.PARTY) and bound(token) == reporter


def may_ack(token: Token, recipient: str, posts: set[str]) -> bool:
    if token.role is Role.OFFICE:
        return True
    if token.role is Role.CONVENER:
        return recipient in posts
    return token.role in (Role.MEMBER, Role.PARTY) and bound(token) == recipient
