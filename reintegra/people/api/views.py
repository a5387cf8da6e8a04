from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.access.policy import Action
from reintegra.accounts.actors import get_actor
from reintegra.people import selectors, services
from reintegra.people.api.serializers import (
    HouseholdDetailSerializer,
    HouseholdInputSerializer,
    HouseholdMemberInputSerializer,
    HouseholdOutputSerializer,
    HouseholdUpdateSerializer,
    PersonDetailSerializer,
    PersonInputSerializer,
    PersonOutputSerializer,
    PersonUpdateSerializer,
)


def _person_response(request: Request, person_id: Any, **kwargs: Any) -> Response:
    """One person as the actor may see them (an audited read), with their households."""
    detail = selectors.person_detail(actor=get_actor(request), person_id=person_id)
    person = detail.seen.obj
    person._households = detail.households  # type: ignore[attr-defined]
    context = {"categories_of": lambda _person: detail.seen.categories}
    return Response(PersonDetailSerializer(person, context=context).data, **kwargs)


class PersonViewSet(viewsets.GenericViewSet):
    """People on your cases. Search with `q` (code or name, any script). Audited."""

    lookup_value_regex = "[0-9a-f-]{36}"
    serializer_class = PersonOutputSerializer

    def get_queryset(self) -> Any:
        return selectors.person_list(actor=get_actor(self.request))

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="Person code or name")],
        responses=PersonOutputSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        actor = get_actor(request)
        listing = selectors.person_search(actor=actor, query=request.query_params.get("q", ""))
        people = listing.queryset.prefetch_related("aliases", "documents")
        page = listing.disclose(self.paginate_queryset(people) or [])
        seen, _cases = selectors.seen_people(actor, list(page))
        context = {"categories_of": lambda person: seen[person.pk].categories}
        return self.get_paginated_response(PersonOutputSerializer(page, many=True, context=context).data)

    @extend_schema(responses=PersonDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return _person_response(request, pk)

    @extend_schema(request=PersonInputSerializer, responses={201: PersonDetailSerializer})
    def create(self, request: Request) -> Response:
        actor = get_actor(request)
        payload = PersonInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        person = services.person_create(actor=actor, values=payload.validated_data)
        return _person_response(request, person.pk, status=status.HTTP_201_CREATED)

    @extend_schema(request=PersonUpdateSerializer, responses=PersonDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        person = selectors.person_get(actor=actor, person_id=pk, action=Action.CHANGE)
        payload = PersonUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        version = values.pop("version")
        services.person_update(actor=actor, person=person, values=values, expected_version=version)
        return _person_response(request, person.pk)


class HouseholdViewSet(viewsets.GenericViewSet):
    """Households with a member you may see with the family category. Audited."""

    lookup_value_regex = "[0-9a-f-]{36}"
    serializer_class = HouseholdDetailSerializer

    def get_queryset(self) -> Any:
        return selectors.household_list(actor=get_actor(self.request))

    @extend_schema(parameters=[OpenApiParameter("q", str)], responses=HouseholdOutputSerializer(many=True))
    def list(self, request: Request) -> Response:
        households = selectors.household_search(
            actor=get_actor(request), query=request.query_params.get("q", "")
        )
        page = self.paginate_queryset(households.order_by("code")) or []
        return self.get_paginated_response(HouseholdOutputSerializer(page, many=True).data)

    def _detail(self, request: Request, household_id: Any, **kwargs: Any) -> Response:
        detail = selectors.household_detail(actor=get_actor(request), household_id=household_id)
        household = detail.household
        members = []
        for member, seen in detail.members:
            member.seen_categories = seen.categories  # type: ignore[attr-defined]
            members.append(member)
        household._members = members  # type: ignore[attr-defined]
        household._hidden_members = detail.hidden_members  # type: ignore[attr-defined]
        context = {"categories_of": lambda member: member.seen_categories}
        return Response(HouseholdDetailSerializer(household, context=context).data, **kwargs)

    @extend_schema(responses=HouseholdDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(request, pk)

    @extend_schema(request=HouseholdInputSerializer, responses={201: HouseholdDetailSerializer})
    def create(self, request: Request) -> Response:
        payload = HouseholdInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        household = services.household_create(actor=get_actor(request), values=payload.validated_data)
        return self._detail(request, household.pk, status=status.HTTP_201_CREATED)

    @extend_schema(request=HouseholdUpdateSerializer, responses=HouseholdDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        household = selectors.household_get(actor=actor, household_id=pk, action=Action.CHANGE)
        payload = HouseholdUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        version = values.pop("version")
        services.household_update(actor=actor, household=household, values=values, expected_version=version)
        return self._detail(request, household.pk)

    @extend_schema(request=HouseholdMemberInputSerializer, responses={201: HouseholdDetailSerializer})
    @action(detail=True, methods=["post"])
    def members(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        household = selectors.household_get(actor=actor, household_id=pk, action=Action.CHANGE)
        payload = HouseholdMemberInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        person = selectors.person_get(
            actor=actor, person_id=payload.validated_data["person"], action=Action.CHANGE
        )
        services.household_member_add(
            actor=actor,
            household=household,
            person=person,
            relationship=payload.validated_data["relationship"],
        )
        return self._detail(request, household.pk, status=status.HTTP_201_CREATED)
