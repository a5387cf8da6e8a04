"""E-mail about referrals: a reference and a link, never personal data.

An e-mail leaves the system's control (mail servers, shared inboxes, phones), so it says
only that referral R-XXXX-XXXX needs attention and where to sign in to see it. Messages are
sent after the transaction commits (a rolled-back change sends nothing), one per recipient
in the recipient's own language.
"""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from reintegra.accounts.models import User
from reintegra.core.notify import notify_on_commit as _notify_on_commit
from reintegra.core.notify import site_link


def _texts(event: str, reference: str) -> tuple[str, str]:
    """Subject and opening line in the active language."""
    subjects = {
        "sent": _("New referral {ref}"),
        "assigned": _("Referral {ref} is assigned to you"),
        "updated": _("Referral {ref} was updated"),
        "feedback": _("New feedback on referral {ref}"),
        "waiting": _("Referral {ref} is waiting for your answer"),
    }
    lines = {
        "sent": _("A new referral ({ref}) was sent to your organisation."),
        "assigned": _("Referral {ref} was assigned to you."),
        "updated": _("There is news on referral {ref}."),
        "feedback": _("The provider left feedback on referral {ref}."),
        "waiting": _("Referral {ref} has not been answered and its answer is now overdue."),
    }
    return (
        "[Reintegra] " + subjects[event].format(ref=reference),
        lines[event].format(ref=reference),
    )


def referral_link(referral_id: object, site_url: str = "") -> str:
    """The referral page's address (see `core.notify.site_link`)."""
    return site_link(reverse("services:referral_detail", kwargs={"referral_id": referral_id}), site_url)


def compose(event: str, reference: str, link: str) -> tuple[str, str]:
    """Subject and body: the reference and the link, nothing about the person."""
    subject, opening = _texts(event, reference)
    body = "\n\n".join(
        [
            opening,
            _("Open it in Reintegra: {link}").format(link=link),
            _(
                "This message deliberately carries no personal data. Sign in to see what "
                "you are allowed to see."
            ),
        ]
    )
    return subject, body


def notify_on_commit(
    users: Iterable[User], event: str, reference: str, referral_id: object, site_url: str
) -> None:
    """Send the notification once the current transaction has committed."""
    link = referral_link(referral_id, site_url)
    _notify_on_commit(
        users, lambda: compose(event, reference, link), "referral {e} {r}".format(e=event, r=reference)
    )
