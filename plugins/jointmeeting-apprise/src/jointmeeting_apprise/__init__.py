"""Notifiers registered as ``email``, ``webhook``, ``dingtalk``, ``wecom`` and ``feishu``.

Every one carries the step's idempotency key where its receiver sees it, so a receiver can drop
the repeats that at-least-once delivery makes: a webhook in an ``Idempotency-Key`` header and an
``idempotency_key`` field of its JSON body, an email in a ``Message-ID`` derived from the key,
the chat bots in the text (their payloads have no other place for it). Every send is judged by
the peer's own answer: an HTTP status outside 2xx, or an error code in a 200 answer, fails it.

The bots go through Apprise, which knows their payloads and signing. A webhook is one HTTP POST
made here: Apprise's ``json://`` reads the URL's query as its own options (``…/send?key=TOKEN``
never reached the peer) and sends no headers of ours. Email is sent here too (see :mod:`.mail`).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import parse_qsl, quote, urlsplit

from jointmeeting.plugin import Channel, Message, Notifier, NotifierError, hookimpl
from jointmeeting_apprise.mail import send_mail

if TYPE_CHECKING:
    import requests

SMTP_ENV = "JOINTMEETING_SMTP_URL"
#: The header a webhook's receiver finds the step's idempotency key in.
KEY_HEADER = "Idempotency-Key"
#: Seconds to connect to a peer, and to wait for its answer.
TIMEOUTS = (5.0, 20.0)

_seen = threading.local()
_wrapping = threading.Lock()


def _record_responses() -> None:
    """Wrap requests' ``Session.send`` (once) to keep the responses of sends made inside
    :func:`_responses`.

    Why wrap requests: Apprise reports a DingTalk, WeCom or Feishu send as successful on HTTP
    200, but those services say "failed" in the body ({"errcode": 310000, …}). The wrapper only
    keeps the responses of sends made inside `_responses()` on the same thread; others pass
    through. Why on the first send and not at import: every command loads the plugins, and
    importing requests is a fifth of `jointmeeting check`'s run, which sends nothing.
    """
    import requests

    with _wrapping:
        original = requests.sessions.Session.send
        if getattr(original, "_jointmeeting_records", False):
            return

        def send(self: requests.Session, request: requests.PreparedRequest, **kwargs: Any
                 ) -> requests.Response:
            response = original(self, request, **kwargs)
            recorder = getattr(_seen, "responses", None)
            if recorder is not None:
                recorder.append(response)
            return response

        send._jointmeeting_records = True  # type: ignore[attr-defined]
        requests.sessions.Session.send = send  # type: ignore[method-assign]


class _Redact(logging.Filter):
    """Replaces every secret this plugin has read with *** in the records of the loggers that
    would print it (Apprise logs payload URLs, urllib3 logs request lines, both at DEBUG).

    Installed where a secret is read (:func:`_secret`), on every logger of those libraries
    then known: a logger's filters do not apply to its children's records, and a host program
    may have configured logging in between. So the library used from Python redacts as the
    command line does."""

    secrets: ClassVar[set[str]] = set()
    #: Loggers (and their children) that may print a URL or a request line.
    LOGGERS: ClassVar[tuple[str, ...]] = ("apprise", "urllib3", "requests")

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: logging reports it, not us
            return True
        if any(secret in text for secret in self.secrets):
            record.msg, record.args = self._redacted(text), None
        if record.exc_info:
            # A traceback renders the exception's message, which may hold the URL.
            rendered = logging.Formatter().formatException(record.exc_info)
            if any(secret in rendered for secret in self.secrets):
                record.exc_info, record.exc_text = None, self._redacted(rendered)
        return True

    def _redacted(self, text: str) -> str:
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, "***")
        return text

    def add(self, value: str) -> None:
        """Redact ``value`` and the parts of it that are secrets alone, from now on."""
        parts = {value}
        if "://" in value:  # a URL: its password, path and query each carry the token
            split = urlsplit(value)
            parts.add(value.partition("://")[2])
            pieces = [split.password or "", *split.path.split("/"),
                      *(v for _, v in parse_qsl(split.query))]
            # Why 8: tokens are long; a short piece ("hook", "send") is a word, not a secret.
            parts.update(piece for piece in pieces if len(piece) >= 8)
        elif "@" in value:  # DingTalk's secret@token: either half alone is still a secret
            parts.update(part for part in value.split("@") if part)
        self.secrets.update(parts | {quote(part, safe="") for part in parts})
        names = [n for n in logging.root.manager.loggerDict
                 if n.split(".")[0] in self.LOGGERS]
        for name in {*self.LOGGERS, *names}:
            logging.getLogger(name).addFilter(self)  # once: addFilter skips a filter it has


_REDACT = _Redact()


@contextmanager
def _responses() -> Iterator[list[requests.Response]]:
    _record_responses()
    _seen.responses = []
    try:
        yield _seen.responses
    finally:
        _seen.responses = None


def _secret(channel: Channel, default: str | None = None) -> str:
    name = channel.secret_env or default
    if not name:
        raise NotifierError(f"a {channel.via} channel needs secret_env: the environment "
                            "variable that holds its token")
    value = os.environ.get(name)
    if not value:
        raise NotifierError(f"environment variable {name} is not set")
    _REDACT.add(value)
    return value


def _notify(url: str, message: Message, *codes: str) -> None:
    """Send through Apprise; fail on Apprise's word, or on an error code in a JSON body
    (``codes``: the keys a service reports failure under)."""
    import apprise

    # One service, instantiated and called directly: Apprise.notify() may hand the send to a
    # worker thread, where the responses could not be told apart from other sends.
    service = apprise.Apprise.instantiate(url)
    if not service:
        # Never repeat the URL: it may hold a token.
        raise NotifierError("the channel's address is not one Apprise accepts")
    with _responses() as responses:
        ok = service.notify(title=message.subject, body=message.body)
    _body_code(responses, *codes)
    if not ok:
        statuses = ", ".join(str(r.status_code) for r in responses) or "no answer"
        raise NotifierError(f"the service refused the message ({statuses})")


def _body_code(responses: list[requests.Response], *keys: str) -> None:
    for response in responses:
        try:
            body = response.json()
        except (ValueError, json.JSONDecodeError):
            continue
        for key in keys:
            code = body.get(key) if isinstance(body, dict) else None
            if code not in (None, 0, "0"):
                reason = body.get("errmsg") or body.get("msg") or ""
                raise NotifierError(f"the service answered {key} {code}: {reason}"[:300])


class EmailNotifier:
    def send(self, message: Message, channel: Channel) -> None:
        if not channel.to:
            raise NotifierError("an email channel needs `to`: the address")
        send_mail(_secret(channel, SMTP_ENV), channel.to, message, timeout=TIMEOUTS[1])


class WebhookNotifier:
    """A JSON POST to the URL as written, query and all, in Apprise's ``json://`` body shape
    (``title``, ``message``, ``type``) plus ``idempotency_key`` and ``incident``."""

    def send(self, message: Message, channel: Channel) -> None:
        url = channel.to or _secret(channel)
        if urlsplit(url).scheme not in ("http", "https"):
            raise NotifierError("a webhook address must start with http:// or https://")
        payload = {"version": "1.0", "title": message.subject, "message": message.body,
                   "type": "info", "idempotency_key": message.key,
                   "incident": message.incident}
        import requests

        try:
            # No redirects: a POST turned into a GET elsewhere is not a delivery.
            response = requests.post(url, json=payload, headers={KEY_HEADER: message.key},
                                     timeout=TIMEOUTS, allow_redirects=False)
        except requests.RequestException as exc:
            # Never the exception's text: it holds the URL, and the URL may hold a token.
            raise NotifierError(f"no answer from the service ({type(exc).__name__})") from None
        if not 200 <= response.status_code < 300:
            raise NotifierError(f"the service answered HTTP {response.status_code}")
        _body_code([response], "errcode")


class BotNotifier:
    """A chat bot whose service reports failure in the body of an HTTP 200 answer. The key
    goes at the end of the text: the bots' payloads have no field a caller may add."""

    def __init__(self, scheme: str, *codes: str) -> None:
        self.scheme, self.codes = scheme, codes

    def send(self, message: Message, channel: Channel) -> None:
        token = _secret(channel)
        keyed = replace(message, body=f"{message.body}\n{KEY_HEADER}: {message.key}")
        _notify(f"{self.scheme}://{token}/", keyed, *self.codes)


@hookimpl
def jointmeeting_notifiers(register: Callable[[str, Notifier], None]) -> None:
    register("email", EmailNotifier())
    register("webhook", WebhookNotifier())
    register("dingtalk", BotNotifier("dingtalk", "errcode"))
    register("wecom", BotNotifier("wecombot", "errcode"))
    register("feishu", BotNotifier("feishu", "code", "StatusCode"))
