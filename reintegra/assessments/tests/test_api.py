"""The assessments API: the same rules as the pages, as JSON."""

import pytest
from rest_framework.test import APIClient

from reintegra.assessments import importer, services
from reintegra.assessments.tests.factories import (
    default_survey,
    full_ratings,
    open_template,
    signed_assessment,
)

pytestmark = pytest.mark.django_db


def api(user, agency=None) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    if agency is not None:
        client.force_login(user)
        session = client.session
        session["reintegra_active_agency"] = agency.pk
        session.save()
    return client


def test_the_assessment_lifecycle_through_the_api(world):
    client = api(world.users["case_manager"])
    created = client.post(
        "/api/v1/assessments/",
        {
            "case": str(world.case.pk),
            "instrument_version_id": open_template().pk,
            "assessment_context": "custody",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert len(body["items"]) == 12
    items = {
        code: {"ratings": r.values, "evidence": r.evidence, "sources": r.sources}
        for code, r in full_ratings(open_template()).items()
    }
    patched = client.patch(
        "/api/v1/assessments/{id}/".format(id=body["id"]),
        {
            "version": body["version"],
            "items": items,
            "formulation": "F.",
            "judgement": "moderate",
            "judgement_rationale": "R.",
        },
        format="json",
    )
    assert patched.status_code == 200, patched.content
    stale = client.patch(
        "/api/v1/assessments/{id}/".format(id=body["id"]), {"version": body["version"]}, format="json"
    )
    assert stale.status_code == 409
    signed = client.post(
        "/api/v1/assessments/{id}/sign/".format(id=body["id"]),
        {"version": patched.json()["version"]},
        format="json",
    )
    assert signed.json()["status"] == "signed"
    own = client.post(
        "/api/v1/assessments/{id}/countersign/".format(id=body["id"]),
        {"version": signed.json()["version"]},
        format="json",
    )
    assert own.status_code == 403
    other = api(world.users["psychologist"]).post(
        "/api/v1/assessments/{id}/countersign/".format(id=body["id"]),
        {"version": signed.json()["version"]},
        format="json",
    )
    assert other.json()["status"] == "countersigned"


def test_a_bad_rating_is_a_400_naming_the_item(world):
    assessment = services.assessment_start(
        actor=world.actor("case_manager"),
        case=world.case,
        version=open_template(),
        team_role="case_manager",
        context="community",
    )
    response = api(world.users["case_manager"]).patch(
        "/api/v1/assessments/{id}/".format(id=assessment.pk),
        {
            "version": assessment.version,
            "items": {"family": {"ratings": {"need": "huge"}, "evidence": "x", "sources": ["family"]}},
        },
        format="json",
    )
    assert response.status_code == 400
    assert "family.need" in response.json()


def test_mentors_and_other_agencies_get_404(world):
    assessment = signed_assessment(world.actor("case_manager"), world.case)
    url = "/api/v1/assessments/{id}/".format(id=assessment.pk)
    assert api(world.users["mentor"]).get(url).status_code == 404
    assert api(world.users["other_supervisor"], world.agency_b).get(url).status_code == 404
    assert api(world.users["mentor"]).get("/api/v1/assessments/").json()["results"] == []


def test_change_over_time_api(world):
    first = signed_assessment(world.actor("case_manager"), world.case, position=0)
    signed_assessment(world.actor("case_manager"), world.case, position=1)
    response = api(world.users["case_manager"]).get(
        "/api/v1/assessments/change-over-time/",
        {"case": str(world.case.pk), "template": first.template_version.template_id},
    )
    data = response.json()
    assert len(data["columns"]) == 2
    assert data["rows"][0]["cells"][1]["need"]["moved"] == "up"


def test_a_mentor_gets_surveys_without_psychosocial_data(world):
    services.survey_record(
        actor=world.actor("case_manager"),
        case=world.case,
        question_set=default_survey(),
        team_role="case_manager",
        wave="intake",
        conducted_on=world.case.opened_on,
        answers={"debt": "no", "distress": "often"},
    )
    rows = api(world.users["mentor"]).get("/api/v1/surveys/", {"case": str(world.case.pk)}).json()["results"]
    assert len(rows) == 1
    assert "psychosocial_score" not in rows[0]
    assert "composite_score" not in rows[0]
    assert rows[0]["answers"] == {"debt": "no"}
    full = api(world.users["case_manager"]).get("/api/v1/surveys/").json()["results"][0]
    assert full["answers"] == {"debt": "no", "distress": "often"}


def test_instrument_import_through_the_api(world):
    from reintegra.accounts.choices import MembershipRole as R
    from reintegra.accounts.tests.factories import member

    data = importer.shipped_documents(importer.SHIPPED_TEMPLATES)[0]
    data.update(code="api-tool", version=1)
    assert (
        api(world.users["case_manager"])
        .post("/api/v1/assessment-instruments/", data, format="json")
        .status_code
        == 403
    )
    manager = api(member(world.agency_a, R.PROGRAMME_MANAGER))
    created = manager.post("/api/v1/assessment-instruments/", data, format="json")
    assert created.status_code == 201
    assert created.json()["status"] == "draft"
    again = manager.post("/api/v1/assessment-instruments/", data, format="json")
    assert again.status_code == 400
    exported = manager.get("/api/v1/assessment-instruments/{id}/export/".format(id=created.json()["id"]))
    assert exported.json()["code"] == "api-tool"
