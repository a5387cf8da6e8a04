"""Pseudonymous codes used on screen instead of names (e.g. C-7K3M-Q2XD).

Random, with no name, date or agency in them, so a code alone reveals nothing; Crockford's
alphabet avoids letters that are easily misread (I, L, O, U) when codes are spoken or copied.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_code(prefix: str) -> str:
    """A fresh code such as `P-4F7K-2QXD`; uniqueness is enforced by the database."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return "{prefix}-{a}-{b}".format(prefix=prefix, a=body[:4], b=body[4:])
