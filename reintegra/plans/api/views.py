from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.access.policy import Action
from reintegra.accounts.actors import get_actor
from reintegra.accounts.selectors import agency_list
from reintegra.cases.selectors import case_get
from reintegra.plans import selectors, services
from reintegra.plans.api.serializers import (
    AcceptanceSerializer,
    ActionInputSerializer,
    ActionUpdateSerializer,
    GoalInputSerializer,
    GoalSerializer,
    GoalUpdateSerializer,
    IndividualPlanDetailSerializer,
    IndividualPlanInputSerializer,
    IndividualPlanSerializer,
    IndividualPlanUpdateSerializer,
    MentorAssignmentSerializer,
    MentorEndSerializer,
    PlanActionSerializer,
    PlanReviewSerializer,
    PlanVersionSerializer,
    ResolveSerializer,
    ReviewRecordSerializer,
    ReviewScheduleSerializer,
    SessionDetailSerializer,
    SessionInputSerializer,
    SessionNoteSerializer,
    SessionSerializer,
    SessionUpdateSerializer,
    StatusInputSerializer,
)
from reintegra.plans.selectors import SessionFilters

CASE_PARAMETER = OpenApiParameter("case", str, description="Only this case (its id)")
UUID_RE = "[0-9a-f-]{36}"


def _role(case: Any) -> str | None:
    return getattr(case, "actor_role", None)


def _plan_response(request: Request, plan_id: Any, **kwargs: Any) -> Response:
    page = selectors.plan_read(actor=get_actor(request), plan_id=plan_id)
    context = {"goals": page.goals, "versions": page.versions, "reviews": page.reviews, "survey": page.survey}
    return Response(IndividualPlanDetailSerializer(page.plan, context=context).data, **kwargs)


def _responsible(actor: Any, case: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Turn the ids of the responsible colleague and agency into records (from selectors)."""
    values = dict(data)
    if "responsible_user" in values:
        user_id = values["responsible_user"]
        values["responsible_user"] = (
            selectors.mentor_choices(case=case).filter(pk=user_id).first() if user_id else None
        )
        if user_id and values["responsible_user"] is None:
            raise ValidationError(
                {"responsible_user": [_("The colleague responsible must be on the case team.")]}
            )
    if "responsible_agency" in values:
        agency_id = values["responsible_agency"]
        values["responsible_agency"] = agency_list().filter(pk=agency_id).first() if agency_id else None
        if agency_id and values["responsible_agency"] is None:
            raise ValidationError({"responsible_agency": [_("Unknown agency.")]})
    return values


class PlanViewSet(viewsets.GenericViewSet):
    """Individual reintegration plans (`?case=`). A plan shows the goals of the life areas
    you may see. Reads are audited."""

    lookup_value_regex = UUID_RE
    serializer_class = IndividualPlanSerializer

    def get_queryset(self) -> Any:
        return selectors.plan_list(actor=get_actor(self.request))

    @extend_schema(parameters=[CASE_PARAMETER], responses=IndividualPlanSerializer(many=True))
    def list(self, request: Request) -> Response:
        listing = selectors.plan_listing(actor=get_actor(request), case_id=request.query_params.get("case"))
        page = listing.paginate(self)
        return self.get_paginated_response(IndividualPlanSerializer(page, many=True).data)

    @extend_schema(responses=IndividualPlanDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return _plan_response(request, pk)

    @extend_schema(request=IndividualPlanInputSerializer, responses={201: IndividualPlanDetailSerializer})
    def create(self, request: Request) -> Response:
        actor = get_actor(request)
        payload = IndividualPlanInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        case = case_get(actor=actor, case_id=data.pop("case"), action=Action.CHANGE)
        plan = services.plan_create(actor=actor, case=case, **data)
        return _plan_response(request, plan.pk, status=status.HTTP_201_CREATED)

    @extend_schema(request=IndividualPlanUpdateSerializer, responses=IndividualPlanDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        plan = selectors.plan_get(actor=actor, plan_id=pk, action=Action.CHANGE)
        payload = IndividualPlanUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        version = values.pop("version")
        services.plan_update(actor=actor, plan=plan, values=values, expected_version=version)
        return _plan_response(request, pk)

    @extend_schema(request=AcceptanceSerializer, responses={201: PlanVersionSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        """Record the participant's acceptance of goals (a new plan version)."""
        actor = get_actor(request)
        plan = selectors.plan_get(actor=actor, plan_id=pk, action=Action.CHANGE)
        payload = AcceptanceSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        goals = list(selectors.goal_list(actor=actor).filter(plan=plan, pk__in=data["goals"]))
        if len(goals) != len(set(data["goals"])):
            raise ValidationError({"goals": [_("Only goals of this plan can be accepted.")]})
        version = services.plan_accept(
            actor=actor,
            plan=plan,
            goals=goals,
            accepted_on=data["accepted_on"],
            method=data["method"],
            participant_words=data["participant_words"],
            expected_version=data["version"],
        )
        return Response(PlanVersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=IndividualPlanDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        plan = selectors.plan_get(actor=actor, plan_id=pk, action=Action.CHANGE)
        services.plan_close(actor=actor, plan=plan, expected_version=None)
        return _plan_response(request, pk)

    @extend_schema(request=ReviewScheduleSerializer, responses={201: PlanReviewSerializer})
    @action(detail=True, methods=["post"])
    def reviews(self, request: Request, pk: str) -> Response:
        """Schedule a review (creates a task for the case manager)."""
        actor = get_actor(request)
        plan = selectors.plan_get(actor=actor, plan_id=pk, action=Action.CHANGE)
        payload = ReviewScheduleSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        review = services.review_schedule(actor=actor, plan=plan, due_on=payload.validated_data["due_on"])
        return Response(PlanReviewSerializer(review).data, status=status.HTTP_201_CREATED)


class PlanReviewViewSet(viewsets.GenericViewSet):
    """Record that a scheduled plan review was held."""

    lookup_value_regex = UUID_RE
    serializer_class = PlanReviewSerializer

    def get_queryset(self) -> Any:
        return selectors.plan_list(actor=get_actor(self.request))  # reviews are reached through plans

    @extend_schema(request=ReviewRecordSerializer, responses=PlanReviewSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        review = selectors.review_get(actor=actor, review_id=pk, action=Action.CHANGE)
        payload = ReviewRecordSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        review = services.review_record(actor=actor, review=review, **payload.validated_data)
        return Response(PlanReviewSerializer(review).data)


class GoalViewSet(viewsets.GenericViewSet):
    """Goals of a plan, by life area (each visible with its life area's data category)."""

    lookup_value_regex = UUID_RE
    serializer_class = GoalSerializer

    def get_queryset(self) -> Any:
        return selectors.goal_list(actor=get_actor(self.request))

    @extend_schema(responses=GoalSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(GoalSerializer(selectors.goal_read(actor=get_actor(request), goal_id=pk)).data)

    @extend_schema(request=GoalInputSerializer, responses={201: GoalSerializer})
    def create(self, request: Request) -> Response:
        actor = get_actor(request)
        payload = GoalInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        plan = selectors.plan_get(actor=actor, plan_id=values.pop("plan"), action=Action.CHANGE)
        goal = services.goal_add(actor=actor, plan=plan, values=values)
        return Response(
            GoalSerializer(selectors.goal_read(actor=actor, goal_id=goal.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=GoalUpdateSerializer, responses=GoalSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        goal = selectors.goal_get(actor=actor, goal_id=pk, action=Action.CHANGE)
        payload = GoalUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        version = values.pop("version")
        services.goal_update(actor=actor, goal=goal, values=values, expected_version=version)
        return Response(GoalSerializer(selectors.goal_read(actor=actor, goal_id=pk)).data)

    @extend_schema(request=StatusInputSerializer, responses=GoalSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        goal = selectors.goal_get(actor=actor, goal_id=pk, action=Action.CHANGE)
        payload = StatusInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.goal_set_status(
            actor=actor,
            goal=goal,
            status=payload.validated_data["status"],
            expected_version=payload.validated_data.get("version"),
        )
        return Response(GoalSerializer(selectors.goal_read(actor=actor, goal_id=pk)).data)


class PlanActionViewSet(viewsets.GenericViewSet):
    """Actions towards goals. `?overdue=true` lists your overdue ones; the colleague
    responsible for an action reports its progress through `status`."""

    lookup_value_regex = UUID_RE
    serializer_class = PlanActionSerializer

    def get_queryset(self) -> Any:
        return selectors.plan_action_list(actor=get_actor(self.request))

    @extend_schema(
        parameters=[OpenApiParameter("overdue", bool, description="Only overdue actions on your cases")],
        responses=PlanActionSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        actor = get_actor(request)
        overdue = request.query_params.get("overdue", "").lower() == "true"
        page = selectors.action_listing(actor=actor, overdue=overdue).paginate(self)
        return self.get_paginated_response(PlanActionSerializer(page, many=True).data)

    @extend_schema(request=ActionInputSerializer, responses={201: PlanActionSerializer})
    def create(self, request: Request) -> Response:
        actor = get_actor(request)
        payload = ActionInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        goal = selectors.goal_get(actor=actor, goal_id=values.pop("goal"), action=Action.CHANGE)
        created = services.action_add(
            actor=actor, goal=goal, values=_responsible(actor, goal.plan.case, values)
        )
        return Response(PlanActionSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActionUpdateSerializer, responses=PlanActionSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        plan_action = selectors.plan_action_get(actor=actor, action_id=pk, action=Action.CHANGE)
        payload = ActionUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        version = values.pop("version")
        updated = services.action_update(
            actor=actor,
            action=plan_action,
            values=_responsible(actor, plan_action.goal.plan.case, values),
            expected_version=version,
        )
        return Response(PlanActionSerializer(updated).data)

    @extend_schema(request=StatusInputSerializer, responses=PlanActionSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        plan_action = selectors.plan_action_progress_get(actor=actor, action_id=pk)
        payload = StatusInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        updated = services.action_set_status(
            actor=actor, action=plan_action, status=payload.validated_data["status"]
        )
        return Response(PlanActionSerializer(updated).data)


def _session_response(request: Request, session_id: Any, **kwargs: Any) -> Response:
    detail = selectors.session_read(actor=get_actor(request), session_id=session_id)
    return Response(SessionDetailSerializer(detail.seen.obj, context={"notes": detail.notes}).data, **kwargs)


class SessionViewSet(viewsets.GenericViewSet):
    """The contact log (`?case=`, `?session_type=`, `?attendance=`, `?concerns=true`).
    A session is visible with its type's data category; notes with their own."""

    lookup_value_regex = UUID_RE
    serializer_class = SessionSerializer

    def get_queryset(self) -> Any:
        return selectors.session_list(actor=get_actor(self.request))

    @extend_schema(
        parameters=[
            CASE_PARAMETER,
            OpenApiParameter("session_type", str),
            OpenApiParameter("attendance", str),
            OpenApiParameter("concerns", bool),
        ],
        responses=SessionSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        params = request.query_params
        filters = SessionFilters(
            session_type=params.get("session_type", ""),
            attendance=params.get("attendance", ""),
            concerns_only=params.get("concerns", "").lower() == "true",
        )
        listing = selectors.session_listing(
            actor=get_actor(request), case_id=params.get("case"), filters=filters
        )
        page = listing.paginate(self)
        return self.get_paginated_response(SessionSerializer(page, many=True).data)

    @extend_schema(responses=SessionDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return _session_response(request, pk)

    @extend_schema(request=SessionInputSerializer, responses={201: SessionDetailSerializer})
    def create(self, request: Request) -> Response:
        actor = get_actor(request)
        payload = SessionInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        case = case_get(actor=actor, case_id=data.pop("case"))
        concern, note, category = data.pop("concern"), data.pop("note"), data.pop("note_category")
        session = services.session_log(
            actor=actor,
            case=case,
            team_role=_role(case),
            values=data,
            concern=concern,
            note=note,
            note_category=category,
        )
        return _session_response(request, session.pk, status=status.HTTP_201_CREATED)

    @extend_schema(request=SessionUpdateSerializer, responses=SessionDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        session = selectors.session_editable_get(actor=actor, session_id=pk)
        payload = SessionUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        version = values.pop("version")
        services.session_update(actor=actor, session=session, values=values, expected_version=version)
        return _session_response(request, pk)

    @extend_schema(request=SessionNoteSerializer, responses={201: SessionNoteSerializer})
    @action(detail=True, methods=["post"])
    def notes(self, request: Request, pk: str) -> Response:
        """Add a note (with `is_concern`, it raises a concern for the case manager)."""
        actor = get_actor(request)
        session = selectors.session_get(actor=actor, session_id=pk)
        case = case_get(actor=actor, case_id=session.case_id)
        payload = SessionNoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        if data["is_concern"]:
            services.session_raise_concern(
                actor=actor,
                session=session,
                team_role=_role(case),
                category=data["category"],
                body=data["body"],
            )
            note = (
                selectors.session_note_list(actor=actor)
                .filter(session=session)
                .order_by("-created_at")
                .first()
            )
        else:
            note = services.session_note_add(
                actor=actor,
                session=session,
                team_role=_role(case),
                category=data["category"],
                body=data["body"],
            )
        return Response(SessionNoteSerializer(note).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ResolveSerializer, responses=SessionDetailSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str) -> Response:
        """Record what was done about the session's concern (case managers, case workers)."""
        actor = get_actor(request)
        session = selectors.session_get(actor=actor, session_id=pk, action=Action.CHANGE)
        payload = ResolveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.session_concern_resolve(
            actor=actor, session=session, resolution=payload.validated_data["resolution"]
        )
        return _session_response(request, pk)


class MentorAssignmentViewSet(viewsets.GenericViewSet):
    """Mentors of participants and of their family members or significant others (`?case=`)."""

    lookup_value_regex = UUID_RE
    serializer_class = MentorAssignmentSerializer

    def get_queryset(self) -> Any:
        return selectors.mentor_assignment_list(actor=get_actor(self.request))

    @extend_schema(parameters=[CASE_PARAMETER], responses=MentorAssignmentSerializer(many=True))
    def list(self, request: Request) -> Response:
        listing = selectors.mentor_listing(actor=get_actor(request), case_id=request.query_params.get("case"))
        page = listing.paginate(self)
        return self.get_paginated_response(MentorAssignmentSerializer(page, many=True).data)

    @extend_schema(request=MentorAssignmentSerializer, responses={201: MentorAssignmentSerializer})
    def create(self, request: Request) -> Response:
        actor = get_actor(request)
        payload = MentorAssignmentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        case = case_get(actor=actor, case_id=data["case_id"], action=Action.CHANGE)
        mentor = selectors.mentor_choices(case=case).filter(pk=data["mentor_id"]).first()
        if mentor is None:
            raise ValidationError({"mentor": [_("Put the mentor on the case team first.")]})
        person = None
        if data.get("mentee_person_id"):
            person = (
                selectors.mentee_choices(actor=actor, case=case).filter(pk=data["mentee_person_id"]).first()
            )
            if person is None:
                raise ValidationError({"mentee_person": [_("Choose a family member of the participant.")]})
        assignment = services.mentor_assign(
            actor=actor,
            case=case,
            mentor=mentor,
            mentee_kind=data["mentee_kind"],
            mentee_person=person,
            mentee_description=data.get("mentee_description", ""),
            focus=data.get("focus", ""),
            started_on=data.get("started_on"),
        )
        return Response(MentorAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MentorEndSerializer, responses=MentorAssignmentSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        assignment = selectors.mentor_assignment_get(actor=actor, assignment_id=pk, action=Action.CHANGE)
        payload = MentorEndSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        assignment = services.mentor_end(actor=actor, assignment=assignment, **payload.validated_data)
        return Response(MentorAssignmentSerializer(assignment).data)
