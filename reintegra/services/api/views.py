from types import SimpleNamespace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.access import policy
from reintegra.access.policy import Action, ReferralAction
from reintegra.accounts.actors import get_actor
from reintegra.accounts.stepup import ensure_recent_authentication
from reintegra.cases.selectors import case_get
from reintegra.core.api.serializers import VersionedInput
from reintegra.core.selectors import get_or_404
from reintegra.places.selectors import place_list
from reintegra.services import selectors, services
from reintegra.services.api.serializers import (
    AcceptSerializer,
    AssignSerializer,
    AttendanceSerializer,
    CompleteSerializer,
    DeclineSerializer,
    DirectoryFilterSerializer,
    EndSerializer,
    FeedbackSerializer,
    ProviderSerializer,
    ReferralCreateSerializer,
    ReferralDetailSerializer,
    ReferralListFilterSerializer,
    ReferralSerializer,
    ReferralUpdateSerializer,
    ServiceSerializer,
    ServiceTypeSerializer,
    ServiceUpdateSerializer,
    SharedCaseSerializer,
)
from reintegra.services.models import Referral
from reintegra.services.sheet import referral_sheet_pdf


def _site(request: Request) -> str:
    return request.build_absolute_uri("/")


class ServiceTypeViewSet(viewsets.GenericViewSet):
    """The service taxonomy (reference data, in the language of the request)."""

    serializer_class = ServiceTypeSerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        return selectors.service_type_list()

    def list(self, request: Request) -> Response:
        return Response(ServiceTypeSerializer(self.get_queryset(), many=True).data)


class ProviderViewSet(viewsets.GenericViewSet):
    """Providers in the directory: agencies with accounts and community actors without."""

    serializer_class = ProviderSerializer

    def get_queryset(self) -> Any:
        return selectors.provider_list(actor=get_actor(self.request)).order_by("name")

    def list(self, request: Request) -> Response:
        providers = selectors.provider_search(
            actor=get_actor(request),
            query=request.query_params.get("q", "")[:100],
            kind=request.query_params.get("kind", ""),
        )
        page = self.paginate_queryset(providers) or []
        return self.get_paginated_response(ProviderSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(ProviderSerializer(get_or_404(self.get_queryset(), pk=pk)).data)


class ServiceViewSet(viewsets.GenericViewSet):
    """The service directory: search by need, place, language and suitability. A service
    serving a region serves every town within it; stale services are flagged."""

    serializer_class = ServiceSerializer

    def get_queryset(self) -> Any:
        return selectors.service_list(actor=get_actor(self.request))

    @extend_schema(parameters=[DirectoryFilterSerializer], responses=ServiceSerializer(many=True))
    def list(self, request: Request) -> Response:
        actor = get_actor(request)
        params = DirectoryFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        service_type = None
        if data.get("service_type"):
            found = selectors.service_type_list().filter(code=data["service_type"]).first()
            if found is None:
                raise ValidationError(
                    {"service_type": [_("Unknown code “{code}”.").format(code=data["service_type"])]}
                )
            service_type = found.pk
        place = None
        if data.get("place"):
            found_place = place_list().filter(code=data["place"]).first()
            if found_place is None:
                raise ValidationError({"place": [_("Unknown code “{code}”.").format(code=data["place"])]})
            place = found_place.pk
        profile = None
        if data.get("case"):
            profile = selectors.suitability_for(actor=actor, case_code=data["case"])
            if profile is None:
                raise ValidationError({"case": [_("No case with this code that you can see.")]})
        filters = selectors.DirectoryFilters(
            query=data.get("q", ""),
            need=data.get("need", ""),
            service_type=service_type,
            place=place,
            language=data.get("language", ""),
            willing=data.get("willing", ""),
            ordering=data.get("ordering", "name"),
            **{
                flag: data.get(flag, False)
                for flag in (
                    "gender_sensitive",
                    "child_friendly",
                    "accessible",
                    "free",
                    "accepting",
                    "verified",
                )
            },
        )
        page = (
            self.paginate_queryset(
                selectors.service_search(actor=actor, filters=filters, suitability=profile)
            )
            or []
        )
        return self.get_paginated_response(ServiceSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(ServiceSerializer(get_or_404(self.get_queryset(), pk=pk)).data)

    @extend_schema(request=ServiceUpdateSerializer, responses=ServiceSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        service = selectors.service_get(actor=actor, service_id=pk, action=Action.CHANGE)
        payload = ServiceUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        version = values.pop("version")
        services.service_update(
            actor=actor,
            service=service,
            values=values,
            areas_served=list(service.areas_served.all()),
            beneficiary_types=list(service.beneficiary_types.all()),
            expected_version=version,
        )
        return Response(ServiceSerializer(selectors.service_get(actor=actor, service_id=pk)).data)

    @extend_schema(request=None, responses=ServiceSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str) -> Response:
        """Record that the service's details were checked today."""
        actor = get_actor(request)
        service = selectors.service_get(actor=actor, service_id=pk, action=Action.CHANGE)
        services.service_verify(actor=actor, service=service)
        return Response(ServiceSerializer(selectors.service_get(actor=actor, service_id=pk)).data)


def _referral_data(seen: Any) -> Any:
    return ReferralSerializer(seen.obj, context={"categories_of": lambda _r: seen.categories}).data


def _shared_data(referral: Referral, shared: Any) -> Any:
    view = SimpleNamespace(
        case=shared.case,
        person=shared.person,
        household=shared.household,
        referral=referral,
        categories=shared.categories,
        withheld=shared.withheld,
    )
    return SharedCaseSerializer(view, context={"categories_of": lambda _v: shared.categories}).data


class ReferralViewSet(viewsets.GenericViewSet):
    """Referrals of your agency's cases (`?side=sent`, the default) and referrals sent to
    your agency (`?side=incoming`). Every read is audited; what a provider sees of the case
    is re-checked against the sharing policy at every read (`shared`)."""

    lookup_value_regex = "[0-9a-f-]{36}"
    serializer_class = ReferralSerializer
    throttle_scope: str | None = None  # the `sheet` action sets "export"

    def get_queryset(self) -> Any:
        return selectors.referral_list(actor=get_actor(self.request))

    def _detail(self, request: Request, pk: Any, **kwargs: Any) -> Response:
        detail = selectors.referral_detail(actor=get_actor(request), referral_id=pk)
        body = {
            "referral": _referral_data(detail.seen),
            "shared": _shared_data(detail.seen.obj, detail.shared),
            "actions": sorted(detail.actions),
        }
        return Response(body, **kwargs)

    @extend_schema(parameters=[ReferralListFilterSerializer], responses=ReferralSerializer(many=True))
    def list(self, request: Request) -> Response:
        actor = get_actor(request)
        params = ReferralListFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        filters = selectors.ReferralFilters(
            tab=data.get("tab", "") or "all",
            query=data.get("q", ""),
            status=data.get("status", ""),
            priority=data.get("priority", ""),
            provider=data.get("provider"),
            case=data.get("case"),
        )
        if data["side"] == "incoming":
            result = selectors.referral_incoming_search(actor=actor, filters=filters)
        else:
            result = selectors.referral_sent_search(actor=actor, filters=filters)
        page = result.listing.paginate(self)
        if data["side"] == "incoming":
            rows = [ReferralSerializer(r, context={}).data for r in page]
        else:
            rows = [_referral_data(selectors.seen_referral(actor, r)) for r in page]
        return self.get_paginated_response(rows)

    @extend_schema(responses=ReferralDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(request, pk)

    @extend_schema(request=ReferralCreateSerializer, responses={201: ReferralDetailSerializer})
    def create(self, request: Request) -> Response:
        actor = get_actor(request)
        payload = ReferralCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        case = case_get(actor=actor, case_id=data["case"], action=Action.CHANGE)
        chosen = list(selectors.referable_services(actor=actor).filter(pk__in=data["services"]))
        if len(chosen) != len(set(data["services"])):
            raise ValidationError({"services": [_("Choose services that are open to referrals.")]})
        referral = services.referral_create(
            actor=actor,
            case=case,
            services=chosen,
            priority=data["priority"],
            reason=data["reason"],
            safety_notes=data["safety_notes"],
            requested_categories=data["requested_categories"],
            target_end_on=data["target_end_on"],
            case_role=getattr(case, "actor_role", None),
        )
        return self._detail(request, referral.pk, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReferralUpdateSerializer, responses=ReferralDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        referral = selectors.referral_get(actor=actor, referral_id=pk, action=ReferralAction.REFER)
        payload = ReferralUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        version = values.pop("version")
        ids = values.pop("services", None)
        if ids is None:
            chosen = list(referral.services.all())
        else:
            chosen = list(selectors.referable_services(actor=actor).filter(pk__in=ids))
            if len(chosen) != len(set(ids)):
                raise ValidationError({"services": [_("Choose services that are open to referrals.")]})
        services.referral_update(
            actor=actor,
            referral=referral,
            values=values,
            services=chosen,
            case_role=getattr(referral, "actor_case_role", None),
            expected_version=version,
        )
        return self._detail(request, referral.pk)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        """Discard a draft (a sent referral is ended instead)."""
        actor = get_actor(request)
        referral = selectors.referral_get(actor=actor, referral_id=pk, action=ReferralAction.REFER)
        services.referral_discard(actor=actor, referral=referral)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _version(self, request: Request, serializer: Any) -> dict[str, Any]:
        payload = serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return dict(payload.validated_data)

    @extend_schema(request=VersionedInput, responses=ReferralDetailSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str) -> Response:
        """Send a draft. The provider's desk is e-mailed a reference and a link."""
        actor = get_actor(request)
        referral = selectors.referral_get(actor=actor, referral_id=pk, action=ReferralAction.REFER)
        data = self._version(request, VersionedInput)
        services.referral_send(
            actor=actor, referral=referral, expected_version=data["version"], site_url=_site(request)
        )
        return self._detail(request, referral.pk)

    def _respond(self, request: Request, pk: str) -> tuple[Any, Referral, bool]:
        actor = get_actor(request)
        referral = selectors.referral_get(actor=actor, referral_id=pk, action=ReferralAction.RESPOND)
        return actor, referral, not policy.on_referral_desk(actor, referral)

    @extend_schema(request=AcceptSerializer, responses=ReferralDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        actor, referral, on_behalf = self._respond(request, pk)
        data = self._version(request, AcceptSerializer)
        assignee = None
        if data.get("assignee"):
            assignee = selectors.provider_staff(referral.provider).filter(pk=data["assignee"]).first()
            if assignee is None:
                raise ValidationError(
                    {"assignee": [_("Assign the referral to a member of the provider's staff.")]}
                )
        services.referral_accept(
            actor=actor,
            referral=referral,
            expected_version=data["version"],
            assignee=assignee,
            note=data["note"],
            by_provider=not on_behalf,
            site_url=_site(request),
        )
        return self._detail(request, referral.pk)

    @extend_schema(request=DeclineSerializer, responses=ReferralDetailSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        actor, referral, on_behalf = self._respond(request, pk)
        data = self._version(request, DeclineSerializer)
        services.referral_decline(
            actor=actor,
            referral=referral,
            reason=data["reason"],
            note=data["note"],
            expected_version=data["version"],
            by_provider=not on_behalf,
            site_url=_site(request),
        )
        return self._detail(request, referral.pk)

    @extend_schema(request=AssignSerializer, responses=ReferralDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        actor, referral, _on_behalf = self._respond(request, pk)
        data = self._version(request, AssignSerializer)
        user = selectors.provider_staff(referral.provider).filter(pk=data["user"]).first()
        if user is None:
            raise ValidationError({"user": [_("Assign the referral to a member of the provider's staff.")]})
        services.referral_assign(
            actor=actor,
            referral=referral,
            user=user,
            expected_version=data["version"],
            site_url=_site(request),
        )
        return self._detail(request, referral.pk)

    @extend_schema(request=VersionedInput, responses=ReferralDetailSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str) -> Response:
        actor, referral, on_behalf = self._respond(request, pk)
        data = self._version(request, VersionedInput)
        services.referral_start(
            actor=actor, referral=referral, expected_version=data["version"], by_provider=not on_behalf
        )
        return self._detail(request, referral.pk)

    @extend_schema(request=CompleteSerializer, responses=ReferralDetailSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        actor, referral, on_behalf = self._respond(request, pk)
        data = self._version(request, CompleteSerializer)
        services.referral_complete(
            actor=actor,
            referral=referral,
            outcome=data["outcome"],
            note=data["note"],
            expected_version=data["version"],
            by_provider=not on_behalf,
            site_url=_site(request),
        )
        return self._detail(request, referral.pk)

    @extend_schema(request=EndSerializer, responses=ReferralDetailSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        """End without completion: the referrer withdraws it, or the provider stops."""
        actor = get_actor(request)
        referral = selectors.referral_get(actor=actor, referral_id=pk)
        on_desk = policy.on_referral_desk(actor, referral)
        may_refer = (
            selectors.referral_list(actor=actor, action=ReferralAction.REFER).filter(pk=referral.pk).exists()
        )
        if not on_desk and not may_refer:
            raise PermissionDenied(_("You cannot end this referral."))
        data = self._version(request, EndSerializer)
        services.referral_end(
            actor=actor,
            referral=referral,
            reason=data["reason"],
            note=data["note"],
            expected_version=data["version"],
            by_provider=on_desk,
            site_url=_site(request),
        )
        return self._detail(request, referral.pk)

    @extend_schema(methods=["GET"], responses=FeedbackSerializer(many=True))
    @extend_schema(methods=["POST"], request=FeedbackSerializer, responses={201: FeedbackSerializer})
    @action(detail=True, methods=["get", "post"])
    def feedback(self, request: Request, pk: str) -> Response:
        """Counter-referral feedback from the provider."""
        if request.method == "GET":
            detail = selectors.referral_detail(actor=get_actor(request), referral_id=pk)
            return Response(FeedbackSerializer(detail.feedback, many=True).data)
        actor, referral, on_behalf = self._respond(request, pk)
        payload = FeedbackSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = services.referral_feedback_add(
            actor=actor,
            referral=referral,
            kind=payload.validated_data["kind"],
            body=payload.validated_data["body"],
            outcome=payload.validated_data["outcome"],
            on_behalf_of_provider=on_behalf,
            site_url=_site(request),
        )
        return Response(FeedbackSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=AttendanceSerializer(many=True))
    @extend_schema(methods=["POST"], request=AttendanceSerializer, responses={201: AttendanceSerializer})
    @action(detail=True, methods=["get", "post"])
    def attendance(self, request: Request, pk: str) -> Response:
        """Sessions the provider held and whether the person came."""
        if request.method == "GET":
            detail = selectors.referral_detail(actor=get_actor(request), referral_id=pk)
            return Response(AttendanceSerializer(detail.attendance, many=True).data)
        actor, referral, on_behalf = self._respond(request, pk)
        payload = AttendanceSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        record = services.referral_attendance_record(
            actor=actor,
            referral=referral,
            session_on=data["session_on"],
            attendance=data["attendance"],
            duration_minutes=data.get("duration_minutes"),
            note=data["note"],
            on_behalf_of_provider=on_behalf,
        )
        return Response(AttendanceSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"], throttle_scope="export")
    def sheet(self, request: Request, pk: str) -> HttpResponse:
        """The external referral sheet (PDF) for a provider without accounts; audited, needs
        a recent authentication (step-up) and counts against the export rate limit."""
        ensure_recent_authentication(request)
        referral, shared = selectors.referral_sheet(actor=get_actor(request), referral_id=pk)
        response = HttpResponse(referral_sheet_pdf(referral, shared), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="referral-{ref}.pdf"'.format(
            ref=referral.reference
        )
        return response
