"""Email over SMTP, addressed by an Apprise-style ``mailto://`` URL, with a stable Message-ID.

Why not through Apprise: Apprise's email plugin writes a fresh ``Message-ID`` into every mail
after the headers a caller gives (``+Message-ID=…`` adds a second one instead of replacing it),
so a retry of one step would look like a new mail to the receiver. Here the Message-ID is
derived from the step's idempotency key: every attempt of one step carries the same one, and a
mail server or an archive drops the repeats. The URL keeps Apprise's shape, so a server already
configured for Apprise works unchanged.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from urllib.parse import parse_qs, unquote, urlsplit

from jointmeeting.plugin import Message, NotifierError

#: Query parameters of an Apprise ``mailto://`` URL that this sender understands.
_KNOWN = {"from", "name", "mode", "user", "pass", "smtp"}
_PORTS = {"insecure": 25, "starttls": 587, "ssl": 465}


def message_id(key: str, sender: str) -> str:
    """The Message-ID of every attempt to deliver the step with idempotency key ``key``."""
    domain = sender.rpartition("@")[2] or "jointmeeting.invalid"
    return f"<jointmeeting.{key}@{domain}>"


def send_mail(server: str, to: str, message: Message, *, timeout: float = 20.0) -> None:
    """Send ``message`` to ``to`` through the SMTP server that ``server`` describes.

    Raises:
        NotifierError: the URL cannot be used, or the server refused the mail; never with
            the password in the text.
    """
    parts = urlsplit(server)
    if parts.scheme not in ("mailto", "mailtos"):
        raise NotifierError("the SMTP server must be a mailto:// or mailtos:// URL")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    unknown = sorted(set(query) - _KNOWN)
    if unknown:
        raise NotifierError(f"the SMTP URL's parameter {unknown[0]!r} is not supported "
                            f"(known: {', '.join(sorted(_KNOWN))})")
    mode = query.get("mode", "starttls" if parts.scheme == "mailtos" else "insecure")
    if mode not in _PORTS:
        raise NotifierError(f"the SMTP URL's mode must be one of {', '.join(_PORTS)}")
    host = query.get("smtp") or parts.hostname
    if not host:
        raise NotifierError("the SMTP URL names no server")
    user = query.get("user") or unquote(parts.username or "")
    password = query.get("pass") or unquote(parts.password or "")
    sender = query.get("from") or (user if "@" in user else f"{user}@{host}" if user else "")
    if not sender:
        raise NotifierError("the SMTP URL needs from=ADDRESS (or a user)")
    mail = EmailMessage()
    mail["Subject"] = message.subject
    mail["From"] = formataddr((query.get("name", ""), sender)) if "name" in query \
        else str(Address(addr_spec=sender))
    mail["To"] = to
    mail["Message-ID"] = message_id(message.key, sender)
    mail["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    mail["X-Idempotency-Key"] = message.key
    mail.set_content(message.body)
    try:
        port = parts.port or _PORTS[mode]
    except ValueError:
        raise NotifierError("the SMTP URL's port is not a number") from None
    try:
        client: smtplib.SMTP = (smtplib.SMTP_SSL(host, port, timeout=timeout,
                                                 context=ssl.create_default_context())
                                if mode == "ssl" else smtplib.SMTP(host, port, timeout=timeout))
        with client:
            if mode == "starttls":
                client.starttls(context=ssl.create_default_context())
            if user and password:
                client.login(user, password)
            refused = client.send_message(mail, sender, [to])
    except smtplib.SMTPResponseException as exc:
        raise NotifierError(f"the mail server answered {exc.smtp_code}") from None
    except smtplib.SMTPRecipientsRefused:
        raise NotifierError("the mail server refused the recipient") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise NotifierError(f"no answer from the mail server ({type(exc).__name__})") from None
    if refused:
        raise NotifierError("the mail server refused the recipient")
