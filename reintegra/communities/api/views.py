from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
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
from reintegra.accounts.selectors import agency_list
from reintegra.communities import selectors, services
from reintegra.communities.api.serializers import (
    CommunityCreateSerializer,
    CommunityFilterSerializer,
    CommunityOutputSerializer,
    CommunityUpdateSerializer,
    IncidentDetailSerializer,
    IncidentFilterSerializer,
    IncidentInputSerializer,
    IncidentOutputSerializer,
    IncidentResponseSerializer,
    IncidentUpdateSerializer,
    InstrumentDetailSerializer,
    InstrumentSerializer,
    PlanDetailSerializer,
    PlanInputSerializer,
    PlanOutputSerializer,
    PlanStepSerializer,
    ProfileOutputSerializer,
    ResponseInputSerializer,
    ResponseOutputSerializer,
    StakeholderContactSerializer,
    StakeholderCreateSerializer,
    StakeholderOutputSerializer,
    StakeholderUpdateSerializer,
    WaveInputSerializer,
    WaveOutputSerializer,
    cell_data,
)
from reintegra.communities.choices import ResponseSource
from reintegra.communities.services import Respondent
from reintegra.core.choices import DataCategory
from reintegra.core.selectors import get_or_404
from reintegra.places.selectors import place_list
from reintegra.programmes.selectors import programme_by_code

ID = "[0-9]+"
UUID_ID = "[0-9a-f-]{36}"


def _one(queryset: Any, field: str, value: Any) -> Any:
    """A related record named in the input, or a 400 naming the field."""
    if value in (None, ""):
        return None
    found = queryset.filter(pk=value).first()
    if found is None:
        raise ValidationError({field: [_("Unknown or not allowed: {value}.").format(value=value)]})
    return found


class CommunityViewSet(viewsets.GenericViewSet):
    """Receiving communities (towns or districts) with their population notes, returnee
    caseload (counts only, small cells suppressed) and current profile."""

    lookup_value_regex = ID
    serializer_class = CommunityOutputSerializer

    def get_queryset(self) -> Any:
        return selectors.community_list(actor=get_actor(self.request))

    @extend_schema(parameters=[CommunityFilterSerializer], responses=CommunityOutputSerializer(many=True))
    def list(self, request: Request) -> Response:
        params = CommunityFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = selectors.CommunityFilters(
            query=params.validated_data.get("q", ""),
            region=params.validated_data.get("region"),
            mine=params.validated_data.get("mine", False),
        )
        page = (
            self.paginate_queryset(selectors.community_search(actor=get_actor(request), filters=filters))
            or []
        )
        return self.get_paginated_response(CommunityOutputSerializer(page, many=True).data)

    @extend_schema(responses=CommunityOutputSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        community = selectors.community_get(actor=get_actor(request), community_id=pk)
        caseload = selectors.community_caseload(community)
        data = dict(CommunityOutputSerializer(community).data)
        data["caseload"] = {
            **{code: cell_data(cell) for code, cell in caseload.table.cells.items()},
            "total": cell_data(caseload.table.total),
        }
        profile = selectors.current_profile(community)
        data["current_profile"] = profile.number if profile else None
        return Response(data)

    @extend_schema(request=CommunityCreateSerializer, responses={201: CommunityOutputSerializer})
    def create(self, request: Request) -> Response:
        actor = get_actor(request)
        if not policy.may_edit_communities(actor):
            raise PermissionDenied(_("Your role does not allow changing community records."))
        payload = CommunityCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        place = place_list().filter(code=data["place"]).first()
        if place is None:
            raise ValidationError({"place": [_("Unknown code “{code}”.").format(code=data["place"])]})
        community = services.community_create(
            actor=actor,
            place=place,
            population_estimate=data.get("population_estimate"),
            population_notes=data.get("population_notes", ""),
        )
        return Response(CommunityOutputSerializer(community).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CommunityUpdateSerializer, responses=CommunityOutputSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        community = selectors.community_get(actor=actor, community_id=pk, action=Action.CHANGE)
        payload = CommunityUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        version = values.pop("version")
        community = services.community_update(
            actor=actor, community=community, values=values, expected_version=version
        )
        return Response(CommunityOutputSerializer(community).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("version", int, description="A profile version (default: the current one)")
        ],
        responses=ProfileOutputSerializer,
    )
    @action(detail=True, methods=["get"])
    def profile(self, request: Request, pk: str) -> Response:
        """The community's profile: the current version, or `?version=n`."""
        actor = get_actor(request)
        community = selectors.community_get(actor=actor, community_id=pk)
        number = request.query_params.get("version")
        if number is not None and not number.isdigit():
            raise ValidationError({"version": [_("A whole number.")]})
        detail = selectors.profile_detail(
            actor=actor, community=community, number=int(number) if number else None
        )
        if detail.profile is None:
            raise Http404(_("No published profile yet."))
        context = {"participation": detail.participation}
        return Response(ProfileOutputSerializer(detail.profile, context=context).data)

    @extend_schema(responses=WaveOutputSerializer(many=True))
    @action(detail=True, methods=["get"])
    def cohesion(self, request: Request, pk: str) -> Response:
        """Every survey wave of the community with its scores per group (suppressed)."""
        actor = get_actor(request)
        community = selectors.community_get(actor=actor, community_id=pk)
        summary = selectors.community_cohesion(actor=actor, community=community)
        context = {"results": {wave.pk: scores for wave, scores in summary.waves}}
        return Response(WaveOutputSerializer([w for w, _s in summary.waves], many=True, context=context).data)


def _stakeholder_data(stakeholder: Any) -> Any:
    allowed = frozenset({DataCategory.CONTACT_LOCATION}) if stakeholder.contact_visible else frozenset()
    return StakeholderOutputSerializer(stakeholder, context={"categories_of": lambda _s: allowed}).data


class StakeholderViewSet(viewsets.GenericViewSet):
    """Stakeholder maps. Contact fields are absent unless your agency holds the relationship
    or is a partner of the community's plan; reading one stakeholder is audited."""

    lookup_value_regex = UUID_ID
    serializer_class = StakeholderOutputSerializer

    def get_queryset(self) -> Any:
        return selectors.stakeholder_list(actor=get_actor(self.request))

    @extend_schema(
        parameters=[OpenApiParameter("community", int, required=True)],
        responses=StakeholderOutputSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        actor = get_actor(request)
        community_id = request.query_params.get("community", "")
        if not community_id.isdigit():
            raise ValidationError({"community": [_("Give the community's id.")]})
        community = selectors.community_get(actor=actor, community_id=community_id)
        stakeholders = selectors.stakeholder_search(
            actor=actor, community=community, filters=selectors.StakeholderFilters()
        )
        page = self.paginate_queryset(stakeholders) or []
        # The list leaves contact fields out for everyone: they are shown one stakeholder at a time.
        data = [StakeholderOutputSerializer(s).data for s in page]
        return self.get_paginated_response(data)

    @extend_schema(responses=StakeholderOutputSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        detail = selectors.stakeholder_detail(actor=get_actor(request), stakeholder_id=pk)
        return Response(_stakeholder_data(detail.stakeholder))

    def _values(self, data: dict[str, Any]) -> dict[str, Any]:
        values = dict(data)
        if "agency" in values:
            values["agency"] = _one(agency_list(), "agency", values["agency"])
        return values

    @extend_schema(request=StakeholderCreateSerializer, responses={201: StakeholderOutputSerializer})
    def create(self, request: Request) -> Response:
        actor = get_actor(request)
        payload = StakeholderCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = self._values(payload.validated_data)
        community = selectors.community_get(
            actor=actor, community_id=values.pop("community"), action=Action.CHANGE
        )
        stakeholder = services.stakeholder_create(actor=actor, community=community, values=values)
        fresh = selectors.stakeholder_get(actor=actor, stakeholder_id=stakeholder.pk)
        return Response(_stakeholder_data(fresh), status=status.HTTP_201_CREATED)

    @extend_schema(request=StakeholderUpdateSerializer, responses=StakeholderOutputSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        stakeholder = selectors.stakeholder_get(actor=actor, stakeholder_id=pk, action=Action.CHANGE)
        payload = StakeholderUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = self._values(payload.validated_data)
        version = values.pop("version")
        services.stakeholder_update(
            actor=actor, stakeholder=stakeholder, values=values, expected_version=version
        )
        return Response(_stakeholder_data(selectors.stakeholder_get(actor=actor, stakeholder_id=pk)))

    @extend_schema(methods=["GET"], responses=StakeholderContactSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=StakeholderContactSerializer, responses={201: StakeholderContactSerializer}
    )
    @action(detail=True, methods=["get", "post"])
    def contacts(self, request: Request, pk: str) -> Response:
        """The contact history (contact-and-location data: 404 unless you may see it)."""
        actor = get_actor(request)
        if request.method == "GET":
            detail = selectors.stakeholder_detail(actor=actor, stakeholder_id=pk)
            if not detail.sees_contact:
                raise Http404
            return Response(StakeholderContactSerializer(detail.contacts, many=True).data)
        stakeholder = selectors.stakeholder_get(actor=actor, stakeholder_id=pk)
        if not stakeholder.contact_visible:  # type: ignore[attr-defined]
            raise Http404
        payload = StakeholderContactSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        contact = services.stakeholder_contact_add(
            actor=actor, stakeholder=stakeholder, values=payload.validated_data
        )
        return Response(StakeholderContactSerializer(contact).data, status=status.HTTP_201_CREATED)


class SurveyInstrumentViewSet(viewsets.GenericViewSet):
    """Cohesion questionnaires (versioned item banks) with their items and answer scales."""

    lookup_value_regex = ID
    serializer_class = InstrumentSerializer

    def get_queryset(self) -> Any:
        return selectors.instrument_list()

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.instrument_list().order_by("code", "-version")) or []
        return self.get_paginated_response(InstrumentSerializer(page, many=True).data)

    @extend_schema(responses=InstrumentDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(InstrumentDetailSerializer(selectors.instrument_get(pk)).data)


class SurveyWaveViewSet(viewsets.GenericViewSet):
    """Survey waves and their results per respondent group (suppressed unless you are an M&E
    officer of the conducting agency). Individual responses: `responses/`, M&E officers of
    the conducting agency only."""

    lookup_value_regex = ID
    serializer_class = WaveOutputSerializer

    def get_queryset(self) -> Any:
        return selectors.wave_list(actor=get_actor(self.request))

    @extend_schema(parameters=[OpenApiParameter("community", int)], responses=WaveOutputSerializer(many=True))
    def list(self, request: Request) -> Response:
        waves = selectors.wave_list(actor=get_actor(request)).order_by("community", "starts_on", "pk")
        community = request.query_params.get("community", "")
        if community:
            if not community.isdigit():
                raise ValidationError({"community": [_("A whole number.")]})
            waves = waves.filter(community_id=community)
        page = self.paginate_queryset(waves) or []
        return self.get_paginated_response(WaveOutputSerializer(page, many=True).data)

    @extend_schema(responses=WaveOutputSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        wave = selectors.wave_get(actor=actor, wave_id=pk)
        context = {"results": {wave.pk: selectors.wave_results(actor=actor, wave=wave)}}
        return Response(WaveOutputSerializer(wave, context=context).data)

    @extend_schema(request=WaveInputSerializer, responses={201: WaveOutputSerializer})
    def create(self, request: Request) -> Response:
        actor = get_actor(request)
        payload = WaveInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        community = selectors.community_get(
            actor=actor, community_id=values.pop("community"), action=Action.CHANGE
        )
        values["instrument"] = _one(
            selectors.instrument_list(active_only=True), "instrument", values["instrument"]
        )
        wave = services.wave_create(actor=actor, community=community, values=values)
        return Response(WaveOutputSerializer(wave).data, status=status.HTTP_201_CREATED)

    def _data_wave(self, request: Request, pk: str) -> Any:
        actor = get_actor(request)
        wave = selectors.wave_get(actor=actor, wave_id=pk)
        if not selectors.may_enter_responses(actor, wave):
            raise Http404
        return wave

    @extend_schema(methods=["GET"], responses=ResponseOutputSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=ResponseInputSerializer, responses={201: ResponseOutputSerializer}
    )
    @action(detail=True, methods=["get", "post"])
    def responses(self, request: Request, pk: str) -> Response:
        """Individual anonymous responses (reading a page is audited), or record one."""
        actor = get_actor(request)
        wave = self._data_wave(request, pk)
        if request.method == "GET":
            listing = selectors.response_listing(actor=actor, wave=wave)
            listing.queryset = listing.queryset.prefetch_related("answers__item")
            page = listing.paginate(self)
            return self.get_paginated_response(ResponseOutputSerializer(page, many=True).data)
        payload = ResponseInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        response = services.survey_response_record(
            actor=actor,
            wave=wave,
            respondent=Respondent(
                group=data["group"],
                sex=data["sex"],
                age_band=data["age_band"],
                collected_on=data["collected_on"],
                answers=data["answers"],
            ),
            source=ResponseSource.API,
        )
        return Response(ResponseOutputSerializer(response).data, status=status.HTTP_201_CREATED)


class CommunityIncidentViewSet(viewsets.GenericViewSet):
    """Community incidents and the responses to them. Practitioner-safety incidents are
    visible only to their reporter and the safety roles of the involved agencies; lists and
    reads are audited."""

    lookup_value_regex = UUID_ID
    serializer_class = IncidentOutputSerializer

    def get_queryset(self) -> Any:
        return selectors.incident_list(actor=get_actor(self.request))

    @extend_schema(parameters=[IncidentFilterSerializer], responses=IncidentOutputSerializer(many=True))
    def list(self, request: Request) -> Response:
        params = IncidentFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        listing = selectors.incident_search(
            actor=get_actor(request),
            filters=selectors.IncidentFilters(
                query=data.get("q", ""),
                community=data.get("community"),
                kind=data.get("kind", ""),
                status=data.get("status", ""),
                safety=data.get("safety", False),
                open_only=data.get("open_only", False),
            ),
        )
        page = listing.paginate(self)
        return self.get_paginated_response(IncidentOutputSerializer(page, many=True).data)

    @extend_schema(responses=IncidentDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        detail = selectors.incident_detail(actor=get_actor(request), incident_id=pk)
        return Response(IncidentDetailSerializer(detail.incident).data)

    @extend_schema(request=IncidentInputSerializer, responses={201: IncidentDetailSerializer})
    def create(self, request: Request) -> Response:
        actor = get_actor(request)
        if not policy.may_report_incidents(actor):
            raise PermissionDenied(_("Choose the agency you are working for first."))
        payload = IncidentInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        community = selectors.community_get(actor=actor, community_id=values.pop("community"))
        values["place"] = _one(selectors.community_places(community), "place", values.get("place"))
        involved = [
            _one(agency_list(), "involved_agencies", pk) for pk in values.pop("involved_agencies", [])
        ]
        incident = services.incident_report(
            actor=actor, community=community, values=values, involved_agencies=involved
        )
        return Response(IncidentDetailSerializer(incident).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=IncidentUpdateSerializer, responses=IncidentDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        incident = selectors.incident_get(actor=actor, incident_id=pk, action=Action.CHANGE)
        payload = IncidentUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        version = values.pop("version")
        incident = services.incident_update(
            actor=actor, incident=incident, values=values, expected_version=version
        )
        return Response(IncidentDetailSerializer(incident).data)

    @extend_schema(request=IncidentResponseSerializer, responses={201: IncidentResponseSerializer})
    @action(detail=True, methods=["post"])
    def responses(self, request: Request, pk: str) -> Response:
        """Record who was asked to respond, what they did and the effect."""
        actor = get_actor(request)
        incident = selectors.incident_get(actor=actor, incident_id=pk, action=Action.CHANGE)
        payload = IncidentResponseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        values["stakeholder"] = _one(
            selectors.stakeholder_options(actor=actor, community=incident.community),
            "stakeholder",
            values.pop("stakeholder_id", None),
        )
        values["agency"] = _one(agency_list(), "agency", values.pop("agency_id", None))
        saved = services.incident_response_save(actor=actor, incident=incident, values=values)
        return Response(IncidentResponseSerializer(saved).data, status=status.HTTP_201_CREATED)


class CommunityPlanViewSet(viewsets.GenericViewSet):
    """Multi-stakeholder plans (PAVE steps 1–2) with their steps, partners, objectives,
    engagement strategies, meetings and capacity-building needs."""

    lookup_value_regex = ID
    serializer_class = PlanOutputSerializer

    def get_queryset(self) -> Any:
        return selectors.plan_list(actor=get_actor(self.request))

    @extend_schema(parameters=[OpenApiParameter("community", int)], responses=PlanOutputSerializer(many=True))
    def list(self, request: Request) -> Response:
        community = request.query_params.get("community", "")
        if community and not community.isdigit():
            raise ValidationError({"community": [_("A whole number.")]})
        plans = selectors.plan_search(
            actor=get_actor(request),
            filters=selectors.PlanFilters(community=int(community) if community else None),
        )
        page = self.paginate_queryset(plans) or []
        return self.get_paginated_response(PlanOutputSerializer(page, many=True).data)

    @extend_schema(responses=PlanDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        plan = get_or_404(
            self.get_queryset().prefetch_related(
                "steps", "partners", "objectives", "engagements", "meetings__agencies", "capacity_needs"
            ),
            pk=pk,
        )
        return Response(PlanDetailSerializer(plan).data)

    @extend_schema(request=PlanInputSerializer, responses={201: PlanOutputSerializer})
    def create(self, request: Request) -> Response:
        actor = get_actor(request)
        payload = PlanInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        values["community"] = _one(
            selectors.community_list(actor=actor, action=Action.CHANGE), "community", values.get("community")
        )
        code = values.pop("programme", "")
        values["programme"] = programme_by_code(code) if code else None
        if code and values["programme"] is None:
            raise ValidationError({"programme": [_("Unknown code “{code}”.").format(code=code)]})
        if values["community"] is not None:
            values["profile"] = selectors.current_profile(values["community"])
        plan = services.plan_create(actor=actor, values=values)
        return Response(PlanOutputSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanStepSerializer, responses=PlanStepSerializer)
    @action(detail=True, methods=["post"])
    def steps(self, request: Request, pk: str) -> Response:
        """Set the status of one step."""
        actor = get_actor(request)
        plan = selectors.plan_get(actor=actor, plan_id=pk, action=Action.CHANGE)
        payload = PlanStepSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        step = services.plan_step_set(actor=actor, plan=plan, **payload.validated_data)
        return Response(PlanStepSerializer(step).data)
