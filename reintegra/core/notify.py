"""E-mail that carries a reference and a link, never personal data, sent after commit.

An e-mail leaves the system's control (mail servers, shared inboxes, phones), so apps only
say that something needs attention and where to sign in. Each recipient gets the message in
their own language; nothing is sent when the transaction rolls back, and a mail server being
down never undoes the change. `suppressed()` silences notifications while loading records
that describe the past (the demo world, imports): nobody needs telling today about
something that happened months ago.
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation

logger = logging.getLogger(__name__)

_quiet: ContextVar[bool] = ContextVar("reintegra_notifications_quiet", default=False)

#: Builds (subject, body) in the active language; called once per recipient.
Compose = Callable[[], tuple[str, str]]


@contextmanager
def suppressed() -> Iterator[None]:
    """No notifications are queued inside this block."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def site_link(path: str, site_url: str = "") -> str:
    """An absolute link: the configured REINTEGRA_BASE_URL, else the address the request
    came to (`site_url`), followed by `path`."""
    return (settings.REINTEGRA_BASE_URL or site_url).rstrip("/") + path


def notify_on_commit(users: Iterable[Any], compose: Compose, what: str) -> None:
    """Once the transaction commits, e-mail each active user who has an address, with the
    message `compose` writes in that user's language. `what` names it in the log."""
    recipients = [u for u in users if u.email and u.is_active]
    if not recipients or _quiet.get():
        return
    transaction.on_commit(lambda: _send(recipients, compose, what))


def _send(users: list[Any], compose: Compose, what: str) -> None:
    for user in users:
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            subject, body = compose()
        try:
            send_mail(subject, body, None, [user.email])
        except Exception:  # a mail server being down must not undo the change
            logger.exception("notification %s not sent", what)
