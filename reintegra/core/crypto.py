"""Authenticated encryption of sensitive values at rest (AES-256-GCM).

Every value is sealed into a text *envelope*::

    rg1$<key id>$<base64url(nonce ‖ ciphertext ‖ tag)>

- `rg1` is the format version; anything else is refused.
- the key id names the key of the keyring that sealed it, so old values stay readable
  while `manage.py rotate_field_keys` re-encrypts them under the current key;
- the nonce is 96 random bits, new for every encryption;
- the additional authenticated data (AAD) is ``rg1|<table>|<column>|<pk>``: the envelope
  only opens for the row and column it was written for, so a ciphertext copied to another
  row or column by someone who can write the database fails to decrypt.

Decryption fails closed: a wrong key, a tampered envelope, an envelope moved elsewhere,
or a plain value injected into the database all raise `DecryptionError`; nothing ever
returns the stored text as if it were the plaintext.

Keys come from `settings.FIELD_ENCRYPTION_KEYS` (the environment variable
`REINTEGRA_FIELD_KEYS`): ``<key id>:<base64 of 32 bytes>`` entries separated by commas,
the first being the *current* key used for new values. Key ids are 1–32 letters, digits,
``_`` or ``-``. Generate a key with::

    python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())'
"""

import base64
import binascii
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

VERSION = "rg1"
SEPARATOR = "$"
NONCE_BYTES = 12
KEY_BYTES = 32
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class DecryptionError(Exception):
    """A stored value could not be opened: wrong place, unknown key, tampered or not sealed.

    The message names where the value was read from, never its content.
    """


@dataclass(frozen=True)
class Keyring:
    """The field-encryption keys: `current` seals new values, all of them open old ones."""

    current: str
    keys: dict[str, bytes]

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            raise DecryptionError(
                "sealed with key {id!r}, which is not in REINTEGRA_FIELD_KEYS".format(id=key_id)
            ) from None


def parse_keyring(spec: str) -> Keyring:
    """Parse ``id:base64key,id2:base64key``; raise ImproperlyConfigured on any mistake."""
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for entry in (part.strip() for part in spec.split(",")):
        if not entry:
            continue
        key_id, sep, encoded = entry.partition(":")
        if not sep or not _KEY_ID.match(key_id):
            raise ImproperlyConfigured(
                "REINTEGRA_FIELD_KEYS: each entry must be '<key id>:<base64 of 32 bytes>' "
                "with a key id of 1-32 letters, digits, '_' or '-'."
            )
        try:
            raw = base64.b64decode(encoded.strip(), validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != KEY_BYTES:
            raise ImproperlyConfigured(
                "REINTEGRA_FIELD_KEYS: key {id!r} must be 32 bytes, base64-encoded.".format(id=key_id)
            )
        if key_id in keys:
            raise ImproperlyConfigured("REINTEGRA_FIELD_KEYS: key id {id!r} appears twice.".format(id=key_id))
        keys[key_id] = raw
        order.append(key_id)
    if not order:
        raise ImproperlyConfigured("REINTEGRA_FIELD_KEYS holds no key.")
    return Keyring(current=order[0], keys=keys)


def generate_keyring_entry(key_id: str) -> str:
    """A new ``<key id>:<base64 key>`` entry (for demo mode and the operators' docs)."""
    if not _KEY_ID.match(key_id):
        raise ValueError("invalid key id")
    return "{id}:{key}".format(id=key_id, key=base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode())


@lru_cache(maxsize=4)
def _keyring_for(spec: str) -> Keyring:
    return parse_keyring(spec)


def keyring() -> Keyring:
    """The keyring configured in settings (parsed once per distinct setting value)."""
    spec = getattr(settings, "FIELD_ENCRYPTION_KEYS", "")
    if not spec:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is not set (REINTEGRA_FIELD_KEYS).")
    return _keyring_for(spec)


def _aad(table: str, column: str, pk: str) -> bytes:
    for part in (table, column, pk):
        if not part or "|" in part:
            raise ValueError("table, column and pk must be non-empty and free of '|'")
    return "{v}|{t}|{c}|{p}".format(v=VERSION, t=table, c=column, p=pk).encode()


def encrypt(plaintext: str, *, table: str, column: str, pk: str, key_id: str | None = None) -> str:
    """Seal `plaintext` for one row and column; `key_id` defaults to the current key."""
    if not isinstance(plaintext, str):
        raise TypeError("only text can be encrypted")
    ring = keyring()
    kid = key_id or ring.current
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(ring.key(kid)).encrypt(nonce, plaintext.encode("utf-8"), _aad(table, column, pk))
    payload = base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
    return SEPARATOR.join((VERSION, kid, payload))


def key_id_of(envelope: str) -> str:
    """The key id an envelope was sealed with (raises DecryptionError if it is no envelope)."""
    return _split(envelope)[0]


def _split(envelope: object) -> tuple[str, bytes]:
    if not isinstance(envelope, str):
        raise DecryptionError("stored value is not an encrypted envelope")
    parts = envelope.split(SEPARATOR)
    if len(parts) != 3 or parts[0] != VERSION or not _KEY_ID.match(parts[1]):
        raise DecryptionError("stored value is not an encrypted envelope")
    try:
        blob = base64.urlsafe_b64decode(parts[2].encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise DecryptionError("stored value is not an encrypted envelope") from None
    if len(blob) < NONCE_BYTES + 16:
        raise DecryptionError("stored value is too short to be an encrypted envelope")
    return parts[1], blob


def decrypt(envelope: str, *, table: str, column: str, pk: str) -> str:
    """Open an envelope sealed for this row and column, or raise DecryptionError."""
    kid, blob = _split(envelope)
    key = keyring().key(kid)
    try:
        plain = AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], _aad(table, column, pk))
    except InvalidTag:
        raise DecryptionError(
            "{t}.{c} of row {p}: authentication failed (tampered, moved or wrong key)".format(
                t=table, c=column, p=pk
            )
        ) from None
    return plain.decode("utf-8")
