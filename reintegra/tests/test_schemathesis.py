"""Schemathesis against our OpenAPI schema, through the WSGI application, signed in.

1. Property-based requests to every operation (a few examples each, to stay within about
   two minutes): no server error, and responses conform to the schema (status codes,
   content types, bodies), with Schemathesis's checks. Reads are checked against the
   response schemas; writes (POST, PUT, PATCH, DELETE, with the session's CSRF token) for
   server errors.
2. Object-level authorization: every read and every write of an object by id, replayed with
   the ids of agency A's case, person, household, note-bearing case and task by a user of
   agency B, answers 404 (and the same ids answer 200 to a read, 400 to an empty write, by
   A's case manager, so the probe is real).
"""

import json
import uuid
from datetime import date

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils.crypto import get_random_string
from schemathesis.checks import CHECKS

from reintegra.cases.services import case_note_add, task_create
from reintegra.people.models import HouseholdMember
from reintegra.people.tests.factories import HouseholdFactory

pytestmark = [pytest.mark.api_fuzz, pytest.mark.django_db(transaction=False)]

EXAMPLES = 4
# Checks that hold for this API. Left out, with the reason:
# - status_code_conformance: drf-spectacular documents the success codes only; 400/403/404/
#   409/429 are the API's documented conventions (docs/architecture.md), not in the schema.
# - positive_data_acceptance / missing_required_header / unsupported_method and the other
#   negative-testing checks need generated invalid data, which this run does not send.
CHECK_NAMES = {
    "not_a_server_error",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
}


#: A CSRF secret for the signed-in sessions: sent as the cookie and as the header, as a
#: browser-based API client does, so that writes reach the views instead of CSRF's 403.
CSRF_SECRET = get_random_string(32)
CSRF_HEADER = {"X-CSRFToken": CSRF_SECRET}


def session_cookie(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"sessionid": client.session.session_key, "csrftoken": CSRF_SECRET}


class WsgiApp:
    """The WSGI application as Django's test client runs it: requests must not close the
    test's database connection (PostgreSQL would lose the test transaction)."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            content = b"".join(response)
            response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [content]


@pytest.fixture
def api(world):
    """The schema, loaded through the WSGI app by agency A's case manager."""
    cookies = session_cookie(world.users["case_manager"])
    reader = Client()
    reader.cookies["sessionid"] = cookies["sessionid"]
    response = reader.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = schemathesis.openapi.from_dict(json.loads(response.content))
    schema.app = WsgiApp()
    return schema, cookies


def _checks(names: set[str]):
    return [check for check in CHECKS.get_all() if check.__name__ in names]


def fuzz(operations, cookies, checks, headers=None) -> tuple[list[str], dict]:
    """A few generated requests per operation; returns the failures and the status counts."""
    failures: list[str] = []
    counts: dict = {"requests": 0}

    def fuzz_one(operation):
        @hypothesis.settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(hypothesis.HealthCheck),
            phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        )
        @hypothesis.given(case=operation.as_strategy())
        def run(case):
            counts["requests"] += 1
            response = case.call(cookies=cookies, headers=headers)
            counts[response.status_code] = counts.get(response.status_code, 0) + 1
            try:
                case.validate_response(response, checks=checks)
            except (Exception, BaseExceptionGroup) as error:
                failures.append(
                    "{op}: {e}".format(
                        op=operation.label,
                        e=" ".join(str(getattr(error, "exceptions", [error])[0]).split())[:400],
                    )
                )

        run()

    for operation in operations:
        fuzz_one(operation)
    return failures, counts


def test_every_operation_answers_within_its_schema(world, api):
    schema, cookies = api
    operations = [op.ok() for op in schema.get_all_operations() if op.ok().method.upper() == "GET"]
    assert len(operations) > 10
    failures, counts = fuzz(operations, cookies, _checks(CHECK_NAMES))
    assert failures == [], "\n".join(failures)
    assert counts["requests"] >= len(operations)


# --- object-level authorization ----------------------------------------------------------


@pytest.fixture
def objects_of_agency_a(world):
    manager = world.actor("case_manager")
    case = world.case
    case_note_add(actor=manager, case=case, category="case_notes", body="note", team_role="case_manager")
    task = task_create(
        actor=manager, case=case, title="Visit", due_on=date(2030, 1, 1), assignee=world.users["case_manager"]
    )
    household = HouseholdFactory(registering_agency=world.agency_a, created_by=world.users["case_manager"])
    HouseholdMember.objects.create(household=household, person=case.person, relationship="head")
    return {"case": case.pk, "person": case.person_id, "household": household.pk, "task": task.pk}


def _resource(path: str) -> str | None:
    for prefix, name in (
        ("/api/v1/cases/", "case"),
        ("/api/v1/persons/", "person"),
        ("/api/v1/households/", "household"),
        ("/api/v1/tasks/", "task"),
    ):
        if path.startswith(prefix + "{"):
            return name
    return None


def _object_operations(schema, methods: set[str]):
    """(operation, resource) for each operation on one object by id (`_resource`) with these methods."""
    for result in schema.get_all_operations():
        operation = result.ok()
        resource = _resource(operation.path)
        if operation.method.upper() in methods and resource is not None:
            yield operation, resource


def test_objects_of_one_agency_answer_404_to_another(world, api, objects_of_agency_a):
    schema, owner = api
    peer = session_cookie(world.users["other_supervisor"])
    probed, leaks = [], []
    for operation, resource in _object_operations(schema, {"GET"}):
        parameter = next(p.name for p in operation.path_parameters)
        case = operation.Case(path_parameters={parameter: str(objects_of_agency_a[resource])})
        as_owner = case.call(cookies=owner)
        as_peer = case.call(cookies=peer)
        probed.append((operation.label, as_owner.status_code, as_peer.status_code))
        if as_peer.status_code != 404:
            leaks.append((operation.label, as_peer.status_code))
    assert leaks == []
    assert len(probed) >= 6
    # the owner really reads them, so the 404s above are refusals, not bad ids
    assert all(owner_status == 200 for _label, owner_status, _peer in probed), probed
    assert uuid.UUID(str(objects_of_agency_a["case"]))


# --- writes --------------------------------------------------------------------------------

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def test_every_write_operation_answers_without_a_server_error(world, api):
    """Generated bodies for every POST, PUT, PATCH and DELETE: refusals (400, 403, 404, 409,
    429) are fine; a server error is not."""
    schema, cookies = api
    operations = [op.ok() for op in schema.get_all_operations() if op.ok().method.upper() in WRITE_METHODS]
    assert len(operations) > 10
    failures, counts = fuzz(operations, cookies, _checks({"not_a_server_error"}), headers=CSRF_HEADER)
    assert failures == [], "\n".join(failures)
    assert counts["requests"] >= len(operations)
    assert counts.get(400, 0) > 0  # some bodies reached validation (no CSRF wall in front)


def test_writes_to_objects_of_one_agency_answer_404_to_another(world, api, objects_of_agency_a):
    """The same probe as above for every write on an object by id: another agency's user
    learns nothing, whatever the body (an empty one here, so validation would answer 400
    if it ran before the object lookup)."""
    schema, owner = api
    peer = session_cookie(world.users["other_supervisor"])
    probed, leaks = [], []
    for operation, resource in _object_operations(schema, WRITE_METHODS):
        parameters = {p.name: str(objects_of_agency_a[resource]) for p in operation.path_parameters}
        case = operation.Case(path_parameters=parameters, body={}, media_type="application/json")
        response = case.call(cookies=peer, headers=CSRF_HEADER)
        probed.append((operation.label, case.call(cookies=owner, headers=CSRF_HEADER).status_code))
        if response.status_code != 404:
            leaks.append((operation.label, response.status_code))
    assert leaks == []
    assert len(probed) >= 6
    # the owner's same empty body reaches validation (400), so the peer's 404 is a refusal
    assert sum(status == 400 for _label, status in probed) >= 6, probed
