"""A person's view of Reintegra in a real browser: sign in through the form, switch to
Arabic with the page's language selector, read the case list right to left, and reach the
skip link first with the keyboard. Screenshots go to artifacts/ for people to look at.

Runs Debian's Chromium (/usr/bin/chromium) through Playwright against pytest-django's
live server; skipped, with the reason, when that Chromium is not installed.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from reintegra.accounts.choices import MembershipRole
from reintegra.accounts.tests.factories import AgencyFactory, member
from reintegra.cases.choices import CaseRole
from reintegra.cases.tests.factories import CaseFactory, ProgrammeFactory, TeamMemberFactory
from reintegra.core.models import Label
from reintegra.people.tests.factories import PersonFactory

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "artifacts"
PASSWORD = "correct horse battery"

Trigger = tuple[str, str, str]  # name, table, the SQL that creates it


def _triggers() -> list[Trigger]:
    """Every trigger the migrations made (the append-only audit tables have them)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text, pg_get_triggerdef(oid) FROM pg_trigger "
                "WHERE NOT tgisinternal"
            )
        else:
            return []
        return list(cursor.fetchall())


def _drop(triggers: list[Trigger]) -> None:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for name, table, _sql in triggers:
            on_table = " ON {table}".format(table=table) if connection.vendor == "postgresql" else ""
            cursor.execute("DROP TRIGGER IF EXISTS {name}{on}".format(name=qn(name), on=on_table))


def _create(triggers: list[Trigger]) -> None:
    with connection.cursor() as cursor:
        for _name, _table, sql in triggers:
            cursor.execute(sql)


@pytest.fixture(scope="module")
def _triggers_restored(django_db_setup, django_db_blocker) -> Iterator[list[Trigger]]:
    """Module-scoped, so it is torn down after each test's `transactional_db` has emptied
    the tables: it puts back the triggers `live_db` dropped for that."""
    with django_db_blocker.unblock():
        triggers = _triggers()
    yield triggers
    with django_db_blocker.unblock():
        _drop(triggers)
        _create(triggers)


@pytest.fixture
def live_db(_triggers_restored, transactional_db) -> Iterator[None]:
    """A database the live server's thread can read (committed, emptied after the test).

    Emptying it deletes every row, which the append-only audit tables refuse by design;
    their triggers are dropped just for that and restored by `_triggers_restored`.
    """
    yield
    _drop(_triggers_restored)


@pytest.fixture
def page(live_db, monkeypatch) -> Iterator[object]:
    """A Chromium page. Tests request the fixtures that write to the database *before* this
    one: ORM calls made once Playwright's event loop runs in this thread get a connection of
    their own that nobody closes, and PostgreSQL then refuses to drop the test database."""
    if not CHROMIUM.exists():
        pytest.skip(
            "Debian's Chromium is not installed at /usr/bin/chromium "
            "(apt-get install chromium), so the browser tests cannot run"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls
    # are still synchronous, so Django's async guard must stand aside.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": 1280, "height": 900})
        finally:
            browser.close()


@pytest.fixture
def case_worker(live_db):
    """A case worker on one case (the data the migrations made is gone in these tests)."""
    Label.objects.get_or_create(
        kind="beneficiary_type", code="returnee", defaults={"label_en": "Returnee", "label_ar": "عائد"}
    )
    agency = AgencyFactory(name="Agency A")
    user = member(agency, MembershipRole.CASE_WORKER)
    person = PersonFactory(
        registering_agency=agency, created_by=user, given_name="محمد", given_name_latin="Mohamed"
    )
    case = CaseFactory(person=person, lead_agency=agency, programme=ProgrammeFactory(lead_agency=agency))
    TeamMemberFactory(case=case, user=user, role=CaseRole.CASE_MANAGER)
    return user, case


def sign_in(page, live_server, user) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", user.username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url == live_server.url + "/", page.url


def test_case_list_in_arabic_reads_right_to_left(case_worker, page, live_server):
    user, case = case_worker
    ARTIFACTS.mkdir(exist_ok=True)
    # given a signed-in case worker
    sign_in(page, live_server, user)
    # when they choose Arabic in the page's language selector (it submits on change)
    with page.expect_navigation():
        page.select_option("#language-switch", "ar")
    # and open the case list
    page.goto(live_server.url + "/cases/")
    # then the page is Arabic, right to left, and lists their case
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert page.locator("a.code", has_text=case.code).is_visible()
    assert page.locator("link[href*='bootstrap.rtl']").count() == 1
    page.screenshot(path=str(ARTIFACTS / "case-list-ar.png"), full_page=True)
    # and back in English it reads left to right
    with page.expect_navigation():
        page.select_option("#language-switch", "en")
    assert page.url.endswith("/cases/")
    assert html.get_attribute("lang") == "en"
    assert html.get_attribute("dir") == "ltr"
    assert page.locator("a.code", has_text=case.code).is_visible()
    page.screenshot(path=str(ARTIFACTS / "case-list-en.png"), full_page=True)


def test_skip_link_is_the_first_thing_the_keyboard_reaches(case_worker, page, live_server):
    user, _case = case_worker
    sign_in(page, live_server, user)
    page.goto(live_server.url + "/cases/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused.split()
    assert page.locator(".skip-link").is_visible()
    # and following it moves focus to the main content
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
