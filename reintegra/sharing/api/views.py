"""Sharing in the API, with the same rules and audit as the pages: protocols and signing,
consents and legal bases, the partner check of a case, break-glass and the subject-access
report. Signing, break-glass and the report need a recent authentication (step-up)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.access import policy
from reintegra.accounts.actors import get_actor
from reintegra.accounts.selectors import agency_list
from reintegra.accounts.stepup import ensure_recent_authentication
from reintegra.core.selectors import get_or_404
from reintegra.people.selectors import person_get, person_list
from reintegra.services.selectors import community_actor_list
from reintegra.sharing import reports, selectors, services
from reintegra.sharing.api.serializers import (
    BasisInputSerializer,
    BasisSerializer,
    BreakGlassInputSerializer,
    BreakGlassReviewSerializer,
    BreakGlassSerializer,
    ProtocolDetailSerializer,
    ProtocolSerializer,
    SharingCheckSerializer,
    SignSerializer,
    WithdrawSerializer,
)

UUID_PATTERN = "[0-9a-f-]{36}"


class ProtocolViewSet(viewsets.GenericViewSet):
    """Information-sharing protocols your agency coordinates or is a party to, with the
    state of the version that matters today (a partner sees data only under an active one)."""

    serializer_class = ProtocolSerializer

    def get_queryset(self) -> Any:
        return selectors.protocol_list(actor=get_actor(self.request))

    def list(self, request: Request) -> Response:
        page = list(self.paginate_queryset(self.get_queryset()) or [])
        context = {"states": selectors.protocol_states_for(page)}
        return self.get_paginated_response(ProtocolSerializer(page, many=True, context=context).data)

    @extend_schema(responses=ProtocolDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        detail = selectors.protocol_detail(actor=get_actor(request), protocol_id=pk)
        return Response(ProtocolDetailSerializer(detail).data)

    @extend_schema(request=SignSerializer, responses=ProtocolDetailSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str) -> Response:
        """Sign the version awaiting signatures for one party (your agency's signatory)."""
        ensure_recent_authentication(request)
        actor = get_actor(request)
        payload = SignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        party = selectors.party_get(actor=actor, party_id=payload.validated_data["party"])
        if str(party.version.protocol_id) != str(pk):
            raise Http404
        services.protocol_sign(
            actor=actor, party=party, signatory_title=payload.validated_data["signatory_title"]
        )
        return Response(ProtocolDetailSerializer(selectors.protocol_detail(actor=actor, protocol_id=pk)).data)


class SharingBasisViewSet(viewsets.GenericViewSet):
    """Consents and legal bases of one person (`?person=`). A partner sees nothing without
    one in force; a withdrawal applies from the partner's next request."""

    lookup_value_regex = UUID_PATTERN
    serializer_class = BasisSerializer

    def get_queryset(self) -> Any:
        return selectors.basis_list(actor=get_actor(self.request))

    def _context(self) -> dict[str, Any]:
        return {"today": timezone.localdate()}

    @extend_schema(
        parameters=[OpenApiParameter("person", OpenApiTypes.UUID, required=True, description="Person id")]
    )
    def list(self, request: Request) -> Response:
        actor = get_actor(request)
        person_id = request.query_params.get("person", "")
        if not person_id:
            raise ValidationError({"person": [_("Give the person whose consents you want.")]})
        person = person_get(actor=actor, person_id=person_id)
        if not selectors.basis_kinds(actor, person) and not policy.disclosure_report_allowed(actor, person):
            raise Http404
        page = self.paginate_queryset(selectors.basis_list(actor=actor, person=person)) or []
        return self.get_paginated_response(BasisSerializer(page, many=True, context=self._context()).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        basis = selectors.basis_get(actor=get_actor(request), basis_id=pk)
        return Response(BasisSerializer(basis, context=self._context()).data)

    @extend_schema(request=BasisInputSerializer, responses={201: BasisSerializer})
    def create(self, request: Request) -> Response:
        actor = get_actor(request)
        payload = BasisInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        person = person_get(actor=actor, person_id=data.pop("person"))
        if data["kind"] not in selectors.basis_kinds(actor, person):
            raise PermissionDenied(_("You cannot record this kind of basis for this person."))
        agencies = list(agency_list().filter(pk__in=data.pop("recipient_agencies")))
        protocol_code = data.pop("recipient_protocol", "")
        protocol = (
            selectors.protocol_list(actor=actor).filter(code=protocol_code).first() if protocol_code else None
        )
        if protocol_code and protocol is None:
            raise ValidationError(
                {"recipient_protocol": [_("Unknown code “{code}”.").format(code=protocol_code)]}
            )
        actor_ids = set(data.pop("recipient_community_actors"))
        community_actors = list(community_actor_list(actor=actor).filter(pk__in=actor_ids))
        if len(community_actors) != len(actor_ids):
            raise ValidationError(
                {
                    "recipient_community_actors": [
                        _("Choose community actors without accounts from the directory.")
                    ]
                }
            )
        guardian_id = data.pop("guardian")
        guardian = get_or_404(person_list(actor=actor), pk=guardian_id) if guardian_id else None
        basis = services.basis_record(
            actor=actor,
            person=person,
            kind=data.pop("kind"),
            categories=data.pop("categories"),
            purposes=data.pop("purposes"),
            recipient_agencies=agencies,
            recipient_protocol=protocol,
            recipient_community_actors=community_actors,
            values={**data, "guardian": guardian},
        )
        basis = selectors.basis_get(actor=actor, basis_id=basis.pk)
        return Response(BasisSerializer(basis, context=self._context()).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WithdrawSerializer, responses=BasisSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        basis = selectors.basis_get(actor=actor, basis_id=pk)
        if not selectors.basis_kinds(actor, basis.person):
            raise Http404
        payload = WithdrawSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.basis_withdraw(actor=actor, basis=basis, reason=payload.validated_data["reason"])
        basis = selectors.basis_get(actor=actor, basis_id=pk)
        return Response(BasisSerializer(basis, context=self._context()).data)


class SharingCheckViewSet(viewsets.GenericViewSet):
    """`GET /api/sharing/checks/{case id}/?partner={agency id}`: what that partner agency would
    see of the case today, or exactly what is missing (a protocol, a signature, a consent)."""

    lookup_value_regex = UUID_PATTERN
    serializer_class = SharingCheckSerializer

    @extend_schema(
        parameters=[OpenApiParameter("partner", int, required=True, description="Partner agency id")]
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        partner_id = request.query_params.get("partner", "")
        partner = (
            agency_list().exclude(pk=actor.agency_pk).filter(pk=partner_id).first()
            if partner_id.isdigit()
            else None
        )
        if partner is None:
            raise ValidationError({"partner": [_("Choose a partner agency.")]})
        _case, _views, chosen = selectors.case_sharing(actor=actor, case_id=pk, partner=partner)
        return Response(SharingCheckSerializer(chosen).data)


class BreakGlassViewSet(viewsets.GenericViewSet):
    """Emergency read access to one case: time-boxed, flagged in the audit trail, reviewed
    by the lead agency's data-protection officer. Opening one needs a recent authentication."""

    lookup_value_regex = UUID_PATTERN
    serializer_class = BreakGlassSerializer

    def get_queryset(self) -> Any:
        return selectors.break_glass_list(actor=get_actor(self.request))

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        return self.get_paginated_response(BreakGlassSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(
            BreakGlassSerializer(selectors.break_glass_get(actor=get_actor(request), grant_id=pk)).data
        )

    @extend_schema(request=BreakGlassInputSerializer, responses={201: BreakGlassSerializer})
    def create(self, request: Request) -> Response:
        actor = get_actor(request)
        if not policy.may_break_glass(actor):
            raise PermissionDenied(_("Your role does not allow emergency access."))
        ensure_recent_authentication(request)
        payload = BreakGlassInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        grant = services.break_glass_start(actor=actor, **payload.validated_data)
        grant = selectors.break_glass_get(actor=actor, grant_id=grant.pk)
        return Response(BreakGlassSerializer(grant).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=BreakGlassSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        grant = services.break_glass_end(
            actor=actor, grant=selectors.break_glass_get(actor=actor, grant_id=pk)
        )
        return Response(BreakGlassSerializer(grant).data)

    @extend_schema(request=BreakGlassReviewSerializer, responses=BreakGlassSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        grant = selectors.break_glass_get(actor=actor, grant_id=pk)
        payload = BreakGlassReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        grant = services.break_glass_review(actor=actor, grant=grant, **payload.validated_data)
        return Response(BreakGlassSerializer(grant).data)


class DisclosureReportViewSet(viewsets.GenericViewSet):
    """`GET /api/sharing/disclosures/{person id}/`: the subject-access report as JSON: every
    disclosure of the person's data, with protocol and basis. Audited as an export; step-up."""

    lookup_value_regex = UUID_PATTERN
    throttle_scope = "export"

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def retrieve(self, request: Request, pk: str) -> Response:
        ensure_recent_authentication(request)
        report = selectors.disclosure_report(actor=get_actor(request), person_id=pk, fmt="json")
        return Response(reports.as_json(report))
