from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.access import policy
from reintegra.access.policy import Action
from reintegra.accounts.actors import get_actor
from reintegra.accounts.selectors import agency_list
from reintegra.cases import selectors, services
from reintegra.cases.api.serializers import (
    AgencySerializer,
    CaseFilterSerializer,
    CaseOpenSerializer,
    CaseOutputSerializer,
    CaseUpdateSerializer,
    CloseSerializer,
    NoteSerializer,
    ReopenSerializer,
    TaskSerializer,
    TaskStatusSerializer,
    TeamMemberSerializer,
    TransitionSerializer,
)
from reintegra.core.selectors import get_or_404
from reintegra.people.selectors import person_get
from reintegra.programmes.selectors import beneficiary_type_by_code, programme_by_code


def _categories_of(case: Any) -> frozenset[str]:
    return case._seen_categories


def _case_data(seen: Any) -> Any:
    seen.obj._seen_categories = seen.categories
    return CaseOutputSerializer(seen.obj, context={"categories_of": _categories_of}).data


def _lookup(finder: Any, field: str, code: str) -> Any:
    found = finder(code)
    if found is None:
        raise ValidationError({field: [_("Unknown code “{code}”.").format(code=code)]})
    return found


class AgencyViewSet(viewsets.GenericViewSet):
    """Agencies taking part in the programme (reference data)."""

    serializer_class = AgencySerializer

    def get_queryset(self) -> Any:
        return agency_list()

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        return self.get_paginated_response(AgencySerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(AgencySerializer(get_or_404(self.get_queryset(), pk=pk)).data)


class CaseViewSet(viewsets.GenericViewSet):
    """Cases you may see. Reads and searches are audited; missing and not allowed are both 404."""

    lookup_value_regex = "[0-9a-f-]{36}"
    serializer_class = CaseOutputSerializer

    def get_queryset(self) -> Any:
        return selectors.case_list(actor=get_actor(self.request))

    @extend_schema(parameters=[CaseFilterSerializer], responses=CaseOutputSerializer(many=True))
    def list(self, request: Request) -> Response:
        actor = get_actor(request)
        params = CaseFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        filters = selectors.CaseFilters(
            query=data.get("q", ""),
            stage=data.get("stage", ""),
            agency=data.get("agency"),
            beneficiary_type=_lookup(
                beneficiary_type_by_code, "beneficiary_type", data["beneficiary_type"]
            ).pk
            if data.get("beneficiary_type")
            else None,
            programme=_lookup(programme_by_code, "programme", data["programme"]).pk
            if data.get("programme")
            else None,
            sex=data.get("sex", ""),
            age_band=data.get("age_band", ""),
            mine=data.get("mine", False),
            ordering=data.get("ordering", "-opened_on"),
        )
        listing = selectors.case_search(actor=actor, filters=filters)
        page = listing.paginate(self)
        rows = [_case_data(selectors.seen_case(actor, case)) for case in page]
        return self.get_paginated_response(rows)

    @extend_schema(responses=CaseOutputSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(_case_data(selectors.case_read(actor=get_actor(request), case_id=pk)))

    def _reply(self, request: Request, case_id: Any, **kwargs: Any) -> Response:
        return Response(_case_data(selectors.case_read(actor=get_actor(request), case_id=case_id)), **kwargs)

    @extend_schema(request=CaseOpenSerializer, responses={201: CaseOutputSerializer})
    def create(self, request: Request) -> Response:
        actor = get_actor(request)
        if not policy.may_open_cases(actor):  # before looking anything up, as the page does
            raise PermissionDenied(_("Your role does not allow opening cases."))
        payload = CaseOpenSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        case = services.case_open(
            actor=actor,
            person=person_get(actor=actor, person_id=data["person"], action=Action.CHANGE),
            programme=_lookup(programme_by_code, "programme", data["programme"]),
            beneficiary_type=_lookup(beneficiary_type_by_code, "beneficiary_type", data["beneficiary_type"]),
            referral_source=data.get("referral_source", ""),
            opened_on=data.get("opened_on"),
        )
        return self._reply(request, case.pk, status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseUpdateSerializer, responses=CaseOutputSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        case = selectors.case_get(actor=actor, case_id=pk, action=Action.CHANGE)
        payload = CaseUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        version = values.pop("version")
        if "beneficiary_type" in values:
            values["beneficiary_type"] = _lookup(
                beneficiary_type_by_code, "beneficiary_type", values["beneficiary_type"]
            )
        services.case_update(actor=actor, case=case, values=values, expected_version=version)
        return self._reply(request, case.pk)

    @extend_schema(request=TransitionSerializer, responses=CaseOutputSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        case = selectors.case_get(actor=actor, case_id=pk, action=Action.CHANGE)
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        services.case_transition(
            actor=actor,
            case=case,
            to_stage=data["to_stage"],
            reason=data.get("reason", ""),
            expected_version=data["version"],
        )
        return self._reply(request, case.pk)

    @extend_schema(request=CloseSerializer, responses=CaseOutputSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        case = selectors.case_get(actor=actor, case_id=pk, action=Action.CHANGE)
        payload = CloseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        services.case_close(
            actor=actor,
            case=case,
            outcome=data["outcome"],
            note=data.get("note", ""),
            expected_version=data["version"],
        )
        return self._reply(request, case.pk)

    @extend_schema(request=ReopenSerializer, responses=CaseOutputSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        case = selectors.case_get(actor=actor, case_id=pk, action=Action.REOPEN)
        payload = ReopenSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.case_reopen(
            actor=actor,
            case=case,
            reason=payload.validated_data["reason"],
            expected_version=payload.validated_data["version"],
        )
        return self._reply(request, case.pk)

    @extend_schema(methods=["GET"], responses=TeamMemberSerializer(many=True))
    @extend_schema(methods=["POST"], request=TeamMemberSerializer, responses={201: TeamMemberSerializer})
    @action(detail=True, methods=["get", "post"])
    def team(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        if request.method == "GET":
            case = selectors.case_read(actor=actor, case_id=pk).obj  # the team is part of the case
            members = case.team.filter(ended_at__isnull=True).select_related("user")
            return Response(TeamMemberSerializer(members, many=True).data)
        case = selectors.case_get(actor=actor, case_id=pk, action=Action.MANAGE_TEAM)
        payload = TeamMemberSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = selectors.colleagues(actor=actor).filter(pk=payload.validated_data["user_id"]).first()
        if user is None:
            raise ValidationError({"user": [_("Choose a colleague of your agency.")]})
        member = services.case_team_add(
            actor=actor, case=case, user=user, role=payload.validated_data["role"]
        )
        return Response(TeamMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=NoteSerializer(many=True))
    @extend_schema(methods=["POST"], request=NoteSerializer, responses={201: NoteSerializer})
    @action(detail=True, methods=["get", "post"])
    def notes(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        if request.method == "GET":
            # Notes are personal data: reading them is a read of the case, audited as such.
            case = selectors.case_read(actor=actor, case_id=pk).obj
            notes = selectors.case_note_list(actor=actor, case=case).select_related("author")
            page = self.paginate_queryset(notes) or []
            return self.get_paginated_response(NoteSerializer(page, many=True).data)
        case = selectors.case_get(actor=actor, case_id=pk)
        payload = NoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        note = services.case_note_add(
            actor=actor,
            case=case,
            team_role=case.actor_role,  # type: ignore[attr-defined]
            category=payload.validated_data["category"],
            body=payload.validated_data["body"],
        )
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=TaskSerializer(many=True))
    @extend_schema(methods=["POST"], request=TaskSerializer, responses={201: TaskSerializer})
    @action(detail=True, methods=["get", "post"])
    def tasks(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        if request.method == "GET":
            case = selectors.case_read(actor=actor, case_id=pk).obj  # tasks are part of the case
            return Response(TaskSerializer(case.tasks.order_by("due_on"), many=True).data)
        case = selectors.case_get(actor=actor, case_id=pk, action=Action.CHANGE)
        payload = TaskSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        assignee = selectors.assignable_users(actor=actor, case=case).filter(pk=data["assignee_id"]).first()
        if assignee is None:
            raise ValidationError({"assignee": [_("Tasks on a case go to members of its team.")]})
        task = services.task_create(
            actor=actor,
            case=case,
            title=data["title"],
            description=data.get("description", ""),
            due_on=data["due_on"],
            assignee=assignee,
        )
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)


class TaskViewSet(viewsets.GenericViewSet):
    """Your tasks (`?mine=false` for every task you may see)."""

    lookup_value_regex = "[0-9a-f-]{36}"
    serializer_class = TaskSerializer

    def get_queryset(self) -> Any:
        return selectors.task_list(actor=get_actor(self.request))

    def list(self, request: Request) -> Response:
        actor = get_actor(request)
        mine = request.query_params.get("mine", "true").lower() != "false"
        listing = selectors.task_listing(actor=actor, mine=mine, include_done=True)
        page = listing.paginate(self)
        return self.get_paginated_response(TaskSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(TaskSerializer(selectors.task_get(actor=get_actor(request), task_id=pk)).data)

    @extend_schema(request=TaskStatusSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        task = selectors.task_get(actor=actor, task_id=pk, action=Action.CHANGE)
        payload = TaskStatusSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        task = services.task_set_status(actor=actor, task=task, status=payload.validated_data["status"])
        return Response(TaskSerializer(task).data)
