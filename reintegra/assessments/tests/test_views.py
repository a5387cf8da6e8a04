"""Assessment, instrument and survey pages: what each user sees and may do, errors that
change nothing, audit rows, and query budgets that do not grow with the rows."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reintegra.accounts.choices import MembershipRole as R
from reintegra.accounts.tests.factories import member
from reintegra.assessments import importer, services
from reintegra.assessments.choices import AssessmentStatus, VersionStatus
from reintegra.assessments.models import Assessment, ItemRating, TemplateVersion
from reintegra.assessments.tests.factories import default_survey, open_template, signed_assessment
from reintegra.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def _countersigned(world, **kwargs):
    assessment = signed_assessment(world.actor("case_manager"), world.case, **kwargs)
    return services.assessment_countersign(
        actor=world.actor("psychologist"),
        assessment=assessment,
        team_role="psychologist",
        comment="",
        dissent=False,
        expected_version=assessment.version,
    )


def test_the_case_page_links_to_assessments_only_for_those_who_may_see_them(world, login):
    url = reverse("cases:case_detail", args=[world.case.pk])
    assert reverse("assessments:case_assessments", args=[world.case.pk]) in html(
        login(world.users["case_manager"]).get(url)
    )
    mentor_page = html(login(world.users["mentor"]).get(url))
    assert reverse("assessments:case_assessments", args=[world.case.pk]) not in mentor_page
    assert reverse("plans:case_plan", args=[world.case.pk]) in mentor_page
    # and the page behind the link is not found for them, as the records are not
    mentor = login(world.users["mentor"])
    assert mentor.get(reverse("assessments:case_assessments", args=[world.case.pk])).status_code == 404
    assert mentor.get(reverse("assessments:case_surveys", args=[world.case.pk])).status_code == 200


def test_assessment_pages_are_not_found_for_those_who_may_not_see_them(world, login):
    assessment = signed_assessment(world.actor("case_manager"), world.case)
    for name in ("mentor", "provider", "colleague"):
        client = login(world.users[name])
        assert client.get(reverse("assessments:assessment_detail", args=[assessment.pk])).status_code == 404
    client = login(world.users["other_supervisor"], world.agency_b)
    assert client.get(reverse("assessments:assessment_detail", args=[assessment.pk])).status_code == 404


def test_reading_an_assessment_is_audited(world, login):
    assessment = signed_assessment(world.actor("case_manager"), world.case)
    login(world.users["psychologist"]).get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    event = AuditEvent.objects.filter(action="assessment.viewed").latest("seq")
    assert event.person_id == world.case.person_id
    assert event.categories == ["risk_assessment"]


def test_starting_filling_in_and_signing_through_the_pages(world, login):
    client = login(world.users["case_manager"])
    response = client.post(
        reverse("assessments:assessment_start", args=[world.case.pk]),
        {
            "version": open_template().pk,
            "context": "community",
            "assessed_on": timezone.localdate().isoformat(),
        },
    )
    assessment = Assessment.objects.get(case=world.case)
    assert response.status_code == 302
    edit = reverse("assessments:assessment_edit", args=[assessment.pk])
    form = client.get(edit).context["form"]
    # a rating without evidence is refused and nothing is saved
    data = {
        "version": assessment.version,
        "assessed_on": assessment.assessed_on,
        "context": "community",
        "reassessment_due": assessment.reassessment_due,
        "r__accommodation__need": "some_need",
    }
    refused = client.post(edit, data)
    assert refused.status_code == 400
    assert refused.context["form"].errors["e__accommodation"]
    assert not ItemRating.objects.filter(assessment=assessment).exists()
    # a complete form saves and signs
    for spec in form.structure.items():
        for d in spec.dimensions:
            data["r__{i}__{d}".format(i=spec.item.code, d=d.dimension.code)] = d.options[0].code
        data["e__" + spec.item.code] = "Said so in the interview."
        data["s__" + spec.item.code] = ["interview"]
    data.update(formulation="Stable.", judgement="light", judgement_rationale="Few needs.", sign="1")
    done = client.post(edit, data)
    assert done.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SIGNED
    # the assessor is not offered the countersignature
    assert "assessment_countersign" not in html(
        client.get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    )


def test_a_colleague_countersigns_or_returns_from_the_page(world, login):
    assessment = signed_assessment(world.actor("case_manager"), world.case)
    client = login(world.users["psychologist"])
    page = html(client.get(reverse("assessments:assessment_detail", args=[assessment.pk])))
    assert reverse("assessments:assessment_countersign", args=[assessment.pk]) in page
    client.post(
        reverse("assessments:assessment_countersign", args=[assessment.pk]), {"version": assessment.version}
    )
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.COUNTERSIGNED


def test_the_assessor_posting_a_countersignature_is_refused_with_a_message(world, login):
    assessment = signed_assessment(world.actor("case_manager"), world.case)
    client = login(world.users["case_manager"])
    response = client.post(
        reverse("assessments:assessment_countersign", args=[assessment.pk]), {"version": assessment.version}
    )
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SIGNED


def test_change_over_time_grid(world, login):
    # given two assessments of the father, months apart, the second rated higher
    first = _countersigned(world, position=0, assessed_on=timezone.localdate() - timedelta(days=200))
    second = signed_assessment(world.actor("case_manager"), world.case, position=2)
    client = login(world.users["case_manager"])
    url = reverse("assessments:change_over_time", args=[world.case.pk, first.template_version.template_id])
    response = client.get(url)
    grid = response.context["grid"]
    assert [a.pk for a in grid.columns] == [first.pk, second.pk]
    accommodation = next(r for r in grid.rows if r.item_code == "accommodation")
    assert [m.moved for m in accommodation.cells[1]] == ["up", "up"]
    assert "<svg" in html(response)
    event = AuditEvent.objects.get(action="assessment.change_viewed")
    assert event.changes["assessments"] == [first.code, second.code]


def test_case_assessment_list_query_budget_does_not_grow(world, login):
    client = login(world.users["case_manager"])
    url = reverse("assessments:case_assessments", args=[world.case.pk])
    for _ in range(2):
        signed_assessment(world.actor("case_manager"), world.case)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        signed_assessment(world.actor("case_manager"), world.case)
    with CaptureQueriesContext(connection) as more:
        response = client.get(url)
    assert len(response.context["data"].page.object_list) == 6
    assert len(more) == len(few)
    assert len(more) <= 25


def test_change_over_time_query_budget_does_not_grow(world, login):
    client = login(world.users["case_manager"])
    first = signed_assessment(world.actor("case_manager"), world.case)
    url = reverse("assessments:change_over_time", args=[world.case.pk, first.template_version.template_id])
    signed_assessment(world.actor("case_manager"), world.case)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(3):
        signed_assessment(world.actor("case_manager"), world.case)
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)
    assert len(few) <= 30


def test_instrument_pages(world, login):
    client = login(world.users["case_manager"])
    page = html(client.get(reverse("assessments:instrument_list")))
    assert "Reintegration needs and strengths" in page
    assert reverse("assessments:instrument_import") not in page  # not a manager
    assert client.post(reverse("assessments:instrument_import")).status_code == 403
    version_page = client.get(reverse("assessments:template_version", args=[open_template().pk]))
    assert "Accommodation" in html(version_page)


def test_a_manager_imports_from_the_page_and_sees_every_problem(world, login):
    manager = member(world.agency_a, R.PROGRAMME_MANAGER)
    client = login(manager)
    data = importer.shipped_documents(importer.SHIPPED_TEMPLATES)[0]
    data.update(code="programme-tool", version=1)
    data["scales"][0]["options"][0]["score"] = 1
    upload = SimpleUploadedFile("tool.json", json.dumps(data).encode(), content_type="application/json")
    refused = client.post(reverse("assessments:instrument_import"), {"file": upload})
    assert refused.status_code == 400
    assert "scales[0].options[0].score" in html(refused)
    del data["scales"][0]["options"][0]["score"]
    upload = SimpleUploadedFile("tool.json", json.dumps(data).encode(), content_type="application/json")
    loaded = client.post(reverse("assessments:instrument_import"), {"file": upload})
    version = TemplateVersion.objects.get(template__code="programme-tool")
    assert loaded.status_code == 302
    assert version.status == VersionStatus.DRAFT
    client.post(
        reverse("assessments:instrument_status", args=["templates", version.pk]), {"status": "published"}
    )
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED


def test_exporting_an_instrument_is_audited(world, login):
    response = login(world.users["case_manager"]).get(
        reverse("assessments:template_export", args=[open_template().pk])
    )
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["code"] == "reintegration-needs-strengths"
    assert AuditEvent.objects.filter(action="instrument.exported").exists()


def test_surveys_page_shows_scores_and_hides_psychosocial_from_a_mentor(world, login):
    services.survey_record(
        actor=world.actor("case_manager"),
        case=world.case,
        question_set=default_survey(),
        team_role="case_manager",
        wave="intake",
        conducted_on=timezone.localdate(),
        answers={"economic_satisfaction": "satisfied", "housing": "stable", "distress": "often"},
    )
    url = reverse("assessments:case_surveys", args=[world.case.pk])
    manager_page = login(world.users["case_manager"]).get(url)
    assert manager_page.context["data"].dimensions == ["economic", "social", "psychosocial"]
    assert "<svg" in html(manager_page)
    mentor_page = login(world.users["mentor"]).get(url)
    assert mentor_page.context["data"].dimensions == ["economic", "social"]
    assert "Psychosocial" not in html(mentor_page)


def test_recording_a_survey_from_the_page(world, login):
    client = login(world.users["case_manager"])
    url = reverse("assessments:survey_record", args=[world.case.pk])
    response = client.post(
        url + "?set={pk}".format(pk=default_survey().pk),
        {
            "wave": "intake",
            "conducted_on": timezone.localdate().isoformat(),
            "q__debt": "no",
            "q__belonging": "agree",
        },
    )
    assert response.status_code == 302
    assert login(world.users["mentor"]).get(url).status_code == 403
