"""Generated secrets for demo mode only: created once, kept outside git in var/."""

import base64
import secrets
from pathlib import Path


def _stored(var_dir: Path, name: str, make: str) -> str:
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / "{name}.secret".format(name=name)
    if not path.exists():
        path.write_text(make)
        path.chmod(0o600)
    return path.read_text().strip()


def local_secret(var_dir: Path, name: str) -> str:
    """Return the secret stored in `var_dir/name`, creating it with 64 random bytes first."""
    return _stored(var_dir, name, secrets.token_urlsafe(64))


def local_field_keyring(var_dir: Path) -> str:
    """The demo's field-encryption keyring (`<key id>:<base64 of 32 bytes>`), made once."""
    entry = "demo1:{key}".format(key=base64.b64encode(secrets.token_bytes(32)).decode())
    return _stored(var_dir, "reintegra_field_keys", entry)
