"""Production mode is sound: the deploy checks pass, secrets are required, demo data is refused.

The subprocess tests start from a clean environment (no REINTEGRA_*, DJANGO_* or DATABASE_URL
inherited from the test run, which sets REINTEGRA_HTTPS=0 and the test settings module) so they
see exactly what a production server configured by docs/operations.md would see.
"""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test.utils import override_settings

from reintegra.accounts.models import Agency, User
from reintegra.cases.models import Case
from reintegra.core.models import AuditEvent
from reintegra.people.models import Person

REPO_ROOT = Path(__file__).resolve().parents[3]
MANAGE = str(REPO_ROOT / "manage.py")


def production_env(var_dir: Path, **overrides: str | None) -> dict[str, str]:
    """The environment of a production server: real secrets, one host, DEBUG and demo off."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("REINTEGRA_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "REINTEGRA_AUDIT_KEY": secrets.token_urlsafe(48),
            "REINTEGRA_FIELD_KEYS": "prod1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
            "DJANGO_ALLOWED_HOSTS": "reintegra.example.org",
            "DATABASE_URL": "sqlite:///{path}".format(path=var_dir / "reintegra.sqlite3"),
            "REINTEGRA_VAR_DIR": str(var_dir),
        }
    )
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_passes_in_production_mode(tmp_path):
    # Given a production environment (no demo, DEBUG unset)
    env = production_env(tmp_path)

    # When Django's deployment checks run, failing on warnings too
    result = run([MANAGE, "check", "--deploy", "--fail-level", "WARNING"], env)

    # Then nothing is reported
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_gunicorn_loads_the_wsgi_application(tmp_path):
    # Given a production environment
    env = production_env(tmp_path)

    # When gunicorn loads config.wsgi without serving
    result = run(["-m", "gunicorn", "--check-config", "config.wsgi"], env)

    # Then the application imports and its settings load
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "REINTEGRA_AUDIT_KEY", "REINTEGRA_FIELD_KEYS"])
def test_settings_refuse_to_start_without_secrets_outside_demo_mode(tmp_path, missing):
    # Given a production environment without one of its secrets
    env = production_env(tmp_path, **{missing: None})

    # When any management command starts
    result = run([MANAGE, "check"], env)

    # Then the settings refuse, naming the missing variable, and generate no stand-in secret
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "{name} must be set outside demo mode".format(name=missing) in result.stderr
    assert not list(tmp_path.glob("*.secret"))


def test_settings_refuse_a_malformed_field_key(tmp_path):
    # Given a production environment whose field key is not 32 bytes
    env = production_env(tmp_path, REINTEGRA_FIELD_KEYS="prod1:" + base64.b64encode(b"short").decode())

    # When any management command starts
    result = run([MANAGE, "check"], env)

    # Then the settings refuse to start
    assert result.returncode != 0
    assert "key 'prod1' must be 32 bytes" in result.stderr


def test_static_files_collect_with_hashed_names(tmp_path):
    # Given the manifest storage production uses (whitenoise's compressed variant adds only
    # gzip files; the manifest step is where an unresolvable url() in a vendored asset fails)
    storages = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }

    # When collectstatic runs into an empty STATIC_ROOT
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)

    # Then every reference resolved and the vendored assets have hashed copies
    assert (tmp_path / "staticfiles.json").exists()
    assert list((tmp_path / "vendor" / "bootstrap-icons" / "fonts").glob("bootstrap-icons.*.woff2"))
    assert list((tmp_path / "vendor" / "bootstrap").glob("bootstrap.rtl.min.*.css"))


def test_migrations_are_committed(db):
    # Given the models as they are
    # When Django compares them with the committed migrations
    # Then nothing is missing (a deployment's `migrate` would otherwise leave the schema behind)
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)


def test_demo_load_refuses_outside_demo_mode(db, settings):
    # Given a deployment that is not in demo mode
    settings.DEMO_MODE = False
    before = [model.objects.count() for model in (Agency, User, Person, Case, AuditEvent)]

    # When someone runs demo_load
    with pytest.raises(CommandError, match="Refusing to create demo data: REINTEGRA_DEMO is not set"):
        call_command("demo_load")

    # Then nothing was created
    assert [model.objects.count() for model in (Agency, User, Person, Case, AuditEvent)] == before
    assert not User.objects.filter(username="layla.supervisor").exists()
