"""The contacts file: which unit, post, party or person is reached through which channel.

Kept apart from the charter, because it holds addresses, and because the charter is a legal text
while contacts change every month. Secrets are never in it: a channel names the environment
variable that holds its token, password or secret URL (``secret_env``), and only the notifier
reads it.

```yaml
format: 1
recipients:                      # unit, post, office or party ids of the charter
  office: [{via: email, to: fulian@example.gov.cn}]
  public-security: [{via: dingtalk, secret_env: JOINTMEETING_DINGTALK_POLICE}]
people:                          # members by name
  张所军: [{via: email, to: zhangsuojun@example.gov.cn}]
```
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from jointmeeting.charter.loader import load_file
from jointmeeting.charter.values import Model, Name, Slug
from jointmeeting.errors import ContactsError, Locator

CONTACTS_ENV = "JOINTMEETING_CONTACTS"
_ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]*\Z")


def _env_name(value: str) -> str:
    if not _ENV_NAME.match(value):
        # The value is not repeated: a secret pasted here by mistake must not reach a log.
        raise PydanticCustomError(
            "env_name", "secret_env must name an environment variable (A-Z, 0-9, _), "
            "not hold the secret itself", {})
    return value


class Channel(Model):
    """One way to reach a recipient: a notifier's name and its address."""

    via: Slug = Field(description="The notifier: console, jsonl, email, webhook, dingtalk, …")
    to: str | None = Field(None, description="The address, if it is not secret.")
    secret_env: Annotated[str, AfterValidator(_env_name)] | None = Field(
        None, description="The environment variable holding a token, password or secret URL.")


class Contacts(Model):
    format: Literal[1]
    recipients: dict[Slug, list[Channel]] = Field(default_factory=dict)
    people: dict[Name, list[Channel]] = Field(default_factory=dict)

    _locator: Locator | None = None

    def channels(self, recipient: str) -> list[Channel]:
        return self.recipients.get(recipient, [])


def default_contacts(charter_path: str | os.PathLike[str]) -> Path | None:
    """``$JOINTMEETING_CONTACTS``, else ``contacts.yaml`` beside the charter if there is one."""
    if os.environ.get(CONTACTS_ENV):
        return Path(os.environ[CONTACTS_ENV])
    beside = Path(charter_path).parent / "contacts.yaml"
    return beside if beside.exists() else None


#: Load a contacts file; raises :class:`~jointmeeting.errors.ContactsError` with findings.
load_contacts = functools.partial(load_file, model=Contacts, error=ContactsError)
