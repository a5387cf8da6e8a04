"""Settings for benchmarking: the production stack, on a throwaway database.

Like the test settings, secrets default to fixed throwaway values; unlike them, the
database is a real file (or the PostgreSQL database in `DATABASE_URL`), so that timings
include the disk and page cache a deployment has. Nothing here may point at real data:
`bench.generate` wipes the database it is given.
"""

import base64
import os
import warnings

from bench.db import URLS, VAR

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-secret-key-not-for-production-" + "x" * 20)
os.environ.setdefault("REINTEGRA_AUDIT_KEY", "bench-audit-key-not-for-production")
# Encrypted fields are part of what is measured, so the keyring is real, its key a fixed one.
os.environ.setdefault(
    "REINTEGRA_FIELD_KEYS", "bench1:" + base64.b64encode(b"bench-field-key-not-for-prod-32b").decode()
)
os.environ.setdefault("REINTEGRA_HTTPS", "0")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DATABASE_URL", URLS["sqlite"])
# Its own checkpoint file: checkpoints of another database would read as a cut chain.
os.environ.setdefault("REINTEGRA_AUDIT_CHECKPOINT_FILE", str(VAR / "bench-audit-checkpoints.jsonl"))
# The benchmark sends hundreds of API requests a minute from one user; keep the throttle
# in the stack (it costs a cache round trip) but out of the way.
os.environ.setdefault("REINTEGRA_API_RATE", "1000000/min")

from config.settings.base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Users sign in with force_login; MD5 only makes creating them cheap.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The manifest storage needs `collectstatic` first; plain storage renders the same tags.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise warns at start-up that STATIC_ROOT is missing; the pages measured serve no
# static files, so there is nothing to collect.
warnings.filterwarnings("ignore", message="No directory at")
