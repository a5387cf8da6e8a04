"""Test settings: the base settings with fast hashing and throwaway secrets.

`DATABASE_URL` still decides the database, so the same suite runs on SQLite and PostgreSQL.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)
os.environ.setdefault("REINTEGRA_AUDIT_KEY", "test-audit-key-not-for-production")
os.environ.setdefault("REINTEGRA_HTTPS", "0")
# A fixed, published test key (32 bytes of 0x01), never valid anywhere else.
os.environ.setdefault("REINTEGRA_FIELD_KEYS", "test1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=")
os.environ.setdefault(
    "REINTEGRA_AUDIT_CHECKPOINT_FILE",
    str(Path(tempfile.gettempdir()) / "reintegra-test-{pid}.jsonl".format(pid=os.getpid())),
)

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, REST_FRAMEWORK

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    DATABASES["default"]["OPTIONS"].pop("init_command", None)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
# The cache outlives each test's database and user ids repeat between tests, so limits are
# out of reach here; reintegra/tests/test_rate_limits.py sets real ones.
REINTEGRA_RATE_LIMITS = dict.fromkeys(("search", "export", "api", "api_list"), "1000000/min")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Mandatory MFA enrolment would send every signed-in supervisor in every app's tests to the
# set-up page; reintegra/tests/test_mfa.py switches it on to test it (production always has it).
REINTEGRA_MFA_ENFORCED = False
AXES_ENABLED = True
# WhiteNoise looks for STATIC_ROOT at start-up; tests serve assets from the finders instead.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="reintegra-static-"))
WHITENOISE_USE_FINDERS = True
