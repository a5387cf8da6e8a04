import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.access import policy
from reintegra.access.policy import Action
from reintegra.accounts.actors import get_actor
from reintegra.assessments import importer, selectors, services
from reintegra.assessments.api.serializers import (
    AssessmentCreateSerializer,
    AssessmentDetailSerializer,
    AssessmentSerializer,
    AssessmentUpdateSerializer,
    CorrectSerializer,
    CountersignSerializer,
    GridSerializer,
    InstrumentDocumentSerializer,
    QuestionSetSerializer,
    ReasonSerializer,
    SurveyInputSerializer,
    SurveySerializer,
    SurveyUpdateSerializer,
    TemplateVersionSerializer,
)
from reintegra.assessments.choices import VersionStatus
from reintegra.assessments.models import SurveyQuestionSet, SurveyResponse, TemplateVersion
from reintegra.assessments.services import RatingInput
from reintegra.cases.selectors import case_get
from reintegra.core.api.serializers import VersionedInput
from reintegra.core.choices import DataCategory

CASE_PARAMETER = OpenApiParameter("case", str, description="Only this case (its id)")


def _role(case: Any) -> str | None:
    return getattr(case, "actor_role", None)


def _raw_document(request: Request) -> bytes:
    """The instrument document: an uploaded `file`, or the JSON request body itself."""
    upload = request.FILES.get("file")
    if upload is not None:
        return upload.read()
    return json.dumps(request.data).encode()


def _set_status(request: Request, instrument: TemplateVersion | SurveyQuestionSet, status_: str) -> None:
    services.instrument_set_status(actor=get_actor(request), instrument=instrument, status=status_)


class InstrumentViewSet(viewsets.GenericViewSet):
    """Assessment instruments (template versions) you may use: open ones and your agency's
    private ones. POST a template's JSON document (or upload it as `file`) to load it as a
    draft; programme managers and agency administrators only."""

    serializer_class = TemplateVersionSerializer

    def get_queryset(self) -> Any:
        return selectors.template_version_list(actor=get_actor(self.request))

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset().order_by("template__code", "-number")) or []
        return self.get_paginated_response(TemplateVersionSerializer(page, many=True).data)

    @extend_schema(responses=InstrumentDocumentSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        version = selectors.template_version_get(actor=get_actor(request), version_id=pk)
        data = importer.export_template(version)  # reading the structure to fill in an assessment
        return Response({"id": version.pk, "status": version.status, **data})

    @extend_schema(request=InstrumentDocumentSerializer, responses={201: TemplateVersionSerializer})
    def create(self, request: Request) -> Response:
        actor = get_actor(request)
        raw = _raw_document(request)
        data, _problems = importer.parse(raw)
        if data.get("format") != importer.TEMPLATE_FORMAT:
            raise ValidationError(
                {
                    "format": [
                        _("Post an assessment template here (format {f}).").format(f=importer.TEMPLATE_FORMAT)
                    ]
                }
            )
        version = services.instrument_import(actor=actor, raw=raw)
        return Response(TemplateVersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=InstrumentDocumentSerializer)
    @action(detail=True, methods=["get"])
    def export(self, request: Request, pk: str) -> Response:
        """The instrument's JSON document (audited)."""
        actor = get_actor(request)
        version = selectors.template_version_get(actor=actor, version_id=pk)
        return Response(selectors.instrument_export(actor=actor, instrument=version))

    @extend_schema(request=None, responses=TemplateVersionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        version = selectors.template_version_get(actor=get_actor(request), version_id=pk)
        _set_status(request, version, VersionStatus.PUBLISHED)
        return Response(TemplateVersionSerializer(version).data)

    @extend_schema(request=None, responses=TemplateVersionSerializer)
    @action(detail=True, methods=["post"])
    def retire(self, request: Request, pk: str) -> Response:
        version = selectors.template_version_get(actor=get_actor(request), version_id=pk)
        _set_status(request, version, VersionStatus.RETIRED)
        return Response(TemplateVersionSerializer(version).data)


def _assessment_response(request: Request, assessment_id: Any, **kwargs: Any) -> Response:
    detail = selectors.assessment_read(actor=get_actor(request), assessment_id=assessment_id)
    context = {"domains": detail.domains, "judgement_text": detail.judgement_text}
    return Response(AssessmentDetailSerializer(detail.seen.obj, context=context).data, **kwargs)


class AssessmentViewSet(viewsets.GenericViewSet):
    """Structured assessments you may see (`?case=` for one case). Reads are audited.
    There are no scores or totals: ratings are labelled options and a written judgement."""

    lookup_value_regex = "[0-9a-f-]{36}"
    serializer_class = AssessmentSerializer

    def get_queryset(self) -> Any:
        return selectors.assessment_list(actor=get_actor(self.request))

    @extend_schema(parameters=[CASE_PARAMETER], responses=AssessmentSerializer(many=True))
    def list(self, request: Request) -> Response:
        listing = selectors.assessment_listing(
            actor=get_actor(request), case_id=request.query_params.get("case")
        )
        page = listing.paginate(self)
        return self.get_paginated_response(AssessmentSerializer(page, many=True).data)

    @extend_schema(responses=AssessmentDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return _assessment_response(request, pk)

    @extend_schema(request=AssessmentCreateSerializer, responses={201: AssessmentDetailSerializer})
    def create(self, request: Request) -> Response:
        actor = get_actor(request)
        payload = AssessmentCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        case = case_get(actor=actor, case_id=data["case"])
        version = (
            selectors.template_version_list(actor=actor).filter(pk=data["instrument_version_id"]).first()
        )
        if version is None:
            raise ValidationError({"instrument_version_id": [_("Unknown instrument version.")]})
        assessment = services.assessment_start(
            actor=actor,
            case=case,
            version=version,
            team_role=_role(case),
            context=data["assessment_context"],
            assessed_on=data.get("assessed_on"),
        )
        return _assessment_response(request, assessment.pk, status=status.HTTP_201_CREATED)

    @extend_schema(request=AssessmentUpdateSerializer, responses=AssessmentDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        assessment = selectors.assessment_get(actor=actor, assessment_id=pk, action=Action.CHANGE)
        case = case_get(actor=actor, case_id=assessment.case_id)
        payload = AssessmentUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        version = values.pop("version")
        items = values.pop("items", {})
        if "assessment_context" in values:
            values["context"] = values.pop("assessment_context")
        ratings = {
            code: RatingInput(
                values=item["ratings"],
                evidence=item.get("evidence", ""),
                sources=item.get("sources", []),
                person_view=item.get("person_view", ""),
            )
            for code, item in items.items()
        }
        services.assessment_save(
            actor=actor,
            assessment=assessment,
            team_role=_role(case),
            values=values,
            ratings=ratings,
            expected_version=version,
        )
        return _assessment_response(request, pk)

    def _changeable(self, request: Request, pk: str) -> tuple[Any, Any]:
        actor = get_actor(request)
        assessment = selectors.assessment_get(actor=actor, assessment_id=pk, action=Action.CHANGE)
        return assessment, case_get(actor=actor, case_id=assessment.case_id)

    @extend_schema(request=VersionedInput, responses=AssessmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str) -> Response:
        """The assessor signs a complete draft (creates the reassessment task)."""
        assessment, case = self._changeable(request, pk)
        payload = VersionedInput(data=request.data)
        payload.is_valid(raise_exception=True)
        services.assessment_sign(
            actor=get_actor(request),
            assessment=assessment,
            team_role=_role(case),
            expected_version=payload.validated_data["version"],
        )
        return _assessment_response(request, pk)

    @extend_schema(request=CountersignSerializer, responses=AssessmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def countersign(self, request: Request, pk: str) -> Response:
        """A second qualified user countersigns (optionally recording disagreement)."""
        assessment, case = self._changeable(request, pk)
        payload = CountersignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        services.assessment_countersign(
            actor=get_actor(request),
            assessment=assessment,
            team_role=_role(case),
            comment=data["comment"],
            dissent=data["dissent"],
            expected_version=data["version"],
        )
        return _assessment_response(request, pk)

    @extend_schema(request=ReasonSerializer, responses=AssessmentDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_assessor(self, request: Request, pk: str) -> Response:
        """The countersigner returns a signed assessment to its assessor, with a reason."""
        assessment, case = self._changeable(request, pk)
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.assessment_return(
            actor=get_actor(request),
            assessment=assessment,
            team_role=_role(case),
            reason=payload.validated_data["reason"],
            expected_version=payload.validated_data["version"],
        )
        return _assessment_response(request, pk)

    @extend_schema(request=CorrectSerializer, responses={201: AssessmentDetailSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        """Start a correction of a countersigned assessment (a new draft revision)."""
        assessment, case = self._changeable(request, pk)
        payload = CorrectSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        revision = services.assessment_correct(
            actor=get_actor(request),
            assessment=assessment,
            team_role=_role(case),
            reason=payload.validated_data["reason"],
        )
        return _assessment_response(request, revision.pk, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter("case", str, required=True, description="The case"),
            OpenApiParameter("template", int, required=True, description="The instrument (template id)"),
        ],
        responses=GridSerializer,
    )
    @action(detail=False, methods=["get"], url_path="change-over-time")
    def change_over_time(self, request: Request) -> Response:
        """Every signed assessment of one instrument on one case, item by item (audited)."""
        case_id, template_id = request.query_params.get("case"), request.query_params.get("template")
        if not case_id or not template_id:
            raise ValidationError({"case": [_("Give the case and the template.")]})
        grid = selectors.change_over_time(actor=get_actor(request), case_id=case_id, template_id=template_id)
        return Response(GridSerializer(grid).data)


class QuestionSetViewSet(viewsets.GenericViewSet):
    """Sustainability-survey question sets. POST a question set's JSON document (or upload
    it as `file`) to load it as a draft, e.g. a programme's official weights."""

    serializer_class = QuestionSetSerializer

    def get_queryset(self) -> Any:
        return selectors.question_set_list(actor=get_actor(self.request))

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset().order_by("code", "-number")) or []
        return self.get_paginated_response(QuestionSetSerializer(page, many=True).data)

    @extend_schema(responses=InstrumentDocumentSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        question_set = selectors.question_set_get(actor=get_actor(request), set_id=pk)
        return Response(
            {
                "id": question_set.pk,
                "status": question_set.status,
                **importer.export_question_set(question_set),
            }
        )

    @extend_schema(request=InstrumentDocumentSerializer, responses={201: QuestionSetSerializer})
    def create(self, request: Request) -> Response:
        raw = _raw_document(request)
        data, _problems = importer.parse(raw)
        if data.get("format") != importer.QUESTION_SET_FORMAT:
            raise ValidationError(
                {
                    "format": [
                        _("Post a survey question set here (format {f}).").format(
                            f=importer.QUESTION_SET_FORMAT
                        )
                    ]
                }
            )
        loaded = services.instrument_import(actor=get_actor(request), raw=raw)
        return Response(QuestionSetSerializer(loaded).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=InstrumentDocumentSerializer)
    @action(detail=True, methods=["get"])
    def export(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        question_set = selectors.question_set_get(actor=actor, set_id=pk)
        return Response(selectors.instrument_export(actor=actor, instrument=question_set))

    @extend_schema(request=None, responses=QuestionSetSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        question_set = selectors.question_set_get(actor=get_actor(request), set_id=pk)
        _set_status(request, question_set, VersionStatus.PUBLISHED)
        return Response(QuestionSetSerializer(question_set).data)

    @extend_schema(request=None, responses=QuestionSetSerializer)
    @action(detail=True, methods=["post"])
    def retire(self, request: Request, pk: str) -> Response:
        question_set = selectors.question_set_get(actor=get_actor(request), set_id=pk)
        _set_status(request, question_set, VersionStatus.RETIRED)
        return Response(QuestionSetSerializer(question_set).data)


def _survey_context(actor: Any, surveys: list[SurveyResponse]) -> dict[str, Any]:
    categories = selectors.survey_case_categories(actor=actor, surveys=surveys)
    question_dimensions = {
        set_id: dict(SurveyQuestionSet.objects.get(pk=set_id).questions.values_list("code", "dimension"))
        for set_id in {s.question_set_id for s in surveys}
    }
    return {
        "categories_of": lambda s: categories.get(s.pk, frozenset()),
        "dimensions_of": lambda s: selectors.survey_dimensions_seen(categories.get(s.pk, frozenset())),
        "question_dimensions": question_dimensions,
    }


class SurveyViewSet(viewsets.GenericViewSet):
    """Sustainability-survey waves you may see (`?case=`). Scores are 0–1 from answered
    questions only; psychosocial answers and scores only where you may see health data."""

    lookup_value_regex = "[0-9a-f-]{36}"
    serializer_class = SurveySerializer

    def get_queryset(self) -> Any:
        return selectors.survey_list(actor=get_actor(self.request))

    @extend_schema(parameters=[CASE_PARAMETER], responses=SurveySerializer(many=True))
    def list(self, request: Request) -> Response:
        actor = get_actor(request)
        listing = selectors.survey_listing(actor=actor, case_id=request.query_params.get("case"))
        page = listing.paginate(self)
        return self.get_paginated_response(
            SurveySerializer(page, many=True, context=_survey_context(actor, page)).data
        )

    def _reply(self, request: Request, survey_id: Any, **kwargs: Any) -> Response:
        actor = get_actor(request)
        detail = selectors.survey_read(actor=actor, survey_id=survey_id)
        survey = detail.seen.obj
        return Response(SurveySerializer(survey, context=_survey_context(actor, [survey])).data, **kwargs)

    @extend_schema(responses=SurveySerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._reply(request, pk)

    @extend_schema(request=SurveyInputSerializer, responses={201: SurveySerializer})
    def create(self, request: Request) -> Response:
        actor = get_actor(request)
        payload = SurveyInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        case = case_get(actor=actor, case_id=data["case"])
        if not policy.is_qualified_assessor(actor, case, _role(case), DataCategory.HEALTH_PSYCHOSOCIAL):
            raise PermissionDenied(_("Only qualified members of the case team record surveys."))
        question_set = selectors.question_set_list(actor=actor).filter(pk=data["question_set_id"]).first()
        if question_set is None:
            raise ValidationError({"question_set_id": [_("Unknown question set.")]})
        survey = services.survey_record(
            actor=actor,
            case=case,
            question_set=question_set,
            team_role=_role(case),
            wave=data["wave"],
            conducted_on=data["conducted_on"],
            answers=data["answers"],
        )
        return self._reply(request, survey.pk, status=status.HTTP_201_CREATED)

    @extend_schema(request=SurveyUpdateSerializer, responses=SurveySerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        survey = selectors.survey_get(actor=actor, survey_id=pk, action=Action.CHANGE)
        case = case_get(actor=actor, case_id=survey.case_id)
        payload = SurveyUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        services.survey_update(
            actor=actor,
            survey=survey,
            team_role=_role(case),
            wave=data["wave"],
            conducted_on=data["conducted_on"],
            answers=data["answers"],
            expected_version=data["version"],
        )
        return self._reply(request, pk)
