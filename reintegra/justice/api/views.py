"""The justice pathway API: the same selectors, services and policy as the pages; 404 for
what you may not see; 400 with field errors; 409 for stale versions; reads are audited."""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.access.policy import Action
from reintegra.accounts.actors import get_actor
from reintegra.core.choices import DataCategory
from reintegra.core.selectors import get_or_404
from reintegra.justice import selectors, services
from reintegra.justice.api.serializers import (
    CarePreferenceSerializer,
    CheckInInput,
    CheckInSerializer,
    ChildSafeguardSerializer,
    CustodyNoteSerializer,
    CustodySerializer,
    FacilitySerializer,
    FamilyGoalSerializer,
    FamilyOverviewSerializer,
    FamilyVisitSerializer,
    LegalEventInput,
    LegalEventSerializer,
    LegalStatusSerializer,
    MeasureDetailSerializer,
    MeasureEndInput,
    MeasureFilterSerializer,
    MeasureInput,
    MeasureSerializer,
    NeedSerializer,
    NeedStatusInput,
    ParticipationSerializer,
    ReceptionItemSerializer,
    RegisterFilterSerializer,
    RegisterRowSerializer,
    ReturnDetailSerializer,
    ReturnInput,
    ReturnMemberSerializer,
    ReturnSerializer,
    VoidInput,
)
from reintegra.justice.models import CHILD_FIELD_CATEGORIES
from reintegra.people.selectors import household_get

UUID_RE = "[0-9a-f-]{36}"
LEGAL = DataCategory.LEGAL_STATUS


def _pick(finder: Any, field: str, pk: Any) -> Any:
    """A related record chosen by id, only among those the actor may use (else 400)."""
    if pk in (None, ""):
        return None
    found = finder.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [_("Unknown or not available: {value}.").format(value=pk)]})
    return found


def _event_values(actor: Any, person: Any, data: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in data.items() if k not in ("kind", "version")}
    if "facility" in values:
        values["facility"] = _pick(selectors.facility_list(), "facility", values["facility"])
    if "measure" in values:
        values["measure"] = _pick(
            selectors.measure_list(actor=actor).filter(person=person), "measure", values["measure"]
        )
    if "return_event" in values:
        values["return_event"] = _pick(
            selectors.return_list(actor=actor).filter(members__person=person),
            "return_event",
            values["return_event"],
        )
    return values


def _status_data(actor: Any, person: Any) -> dict[str, Any]:
    derived = selectors.derived_status(person)
    summary = selectors.status_summary(person)
    return LegalStatusSerializer(
        {
            "person": person,
            "derived": derived,
            "status_label": selectors.child_safe_status_label(derived.status, person.is_minor),
            "juvenile": selectors.juvenile_info(person, derived),
            "pre_release_task": summary.pre_release_task if summary else None,
        }
    ).data


class JusticePersonViewSet(viewsets.GenericViewSet):
    """A person's justice pathway, by person id: derived legal status, timeline, measures,
    custody records, child safeguards and care preferences. The list is the register of
    people with a legal timeline you may see."""

    lookup_value_regex = UUID_RE
    serializer_class = LegalStatusSerializer

    def get_queryset(self) -> Any:
        return selectors.justice_people(actor=get_actor(self.request))

    @extend_schema(parameters=[RegisterFilterSerializer], responses=RegisterRowSerializer(many=True))
    def list(self, request: Request) -> Response:
        params = RegisterFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        listing = selectors.register_search(
            actor=get_actor(request),
            filters=selectors.RegisterFilters(
                query=data.get("q", ""),
                status=data.get("status", ""),
                facility=data.get("facility"),
                release_within=data.get("release_within"),
                in_custody=data.get("in_custody", False),
            ),
        )
        page = listing.paginate(self)
        return self.get_paginated_response(RegisterRowSerializer(page, many=True).data)

    @extend_schema(responses=LegalStatusSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        person, _events = selectors.legal_events_for(actor=actor, person_id=pk)
        return Response(_status_data(actor, person))

    @extend_schema(methods=["GET"], responses=LegalEventSerializer(many=True))
    @extend_schema(methods=["POST"], request=LegalEventInput, responses={201: LegalEventSerializer})
    @action(detail=True, methods=["get", "post"])
    def events(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        if request.method == "GET":
            _person, events = selectors.legal_events_for(actor=actor, person_id=pk)
            return Response(LegalEventSerializer(events, many=True).data)
        person = selectors.justice_person_get(actor=actor, person_id=pk, action=Action.CHANGE)
        payload = LegalEventInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        if not data.get("kind"):
            raise ValidationError({"kind": [_("Choose a kind of event.")]})
        event, _notices = services.legal_event_record(
            actor=actor, person=person, kind=data["kind"], values=_event_values(actor, person, data)
        )
        return Response(LegalEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=MeasureSerializer(many=True))
    @extend_schema(methods=["POST"], request=MeasureInput, responses={201: MeasureSerializer})
    @action(detail=True, methods=["get", "post"])
    def measures(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        if request.method == "GET":
            person, _events = selectors.legal_events_for(actor=actor, person_id=pk)
            rows = selectors.measure_list(actor=actor).filter(person=person)
            return Response(MeasureSerializer(rows, many=True).data)
        person = selectors.justice_person_get(actor=actor, person_id=pk, action=Action.CHANGE)
        payload = MeasureInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        if not data.get("kind") or not data.get("case"):
            raise ValidationError({"kind": [_("Give the kind of measure and the case it runs through.")]})
        case = _pick(selectors.measure_cases(actor=actor, person=person), "case", data.pop("case"))
        values = _measure_values(actor, person, case, data)
        measure = services.measure_create(actor=actor, person=person, case=case, values=values)
        return Response(MeasureSerializer(measure).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=CustodySerializer)
    @action(detail=True, methods=["get"])
    def custody(self, request: Request, pk: str) -> Response:
        _person, records = selectors.custody_records_for(actor=get_actor(request), person_id=pk)
        return Response(CustodySerializer(records).data)

    @extend_schema(request=ParticipationSerializer, responses={201: ParticipationSerializer})
    @action(detail=True, methods=["post"])
    def participations(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        person = get_or_404(selectors.custody_people(actor=actor), pk=pk)
        payload = ParticipationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        values["facility"] = _pick(selectors.facility_list(), "facility", values.pop("facility_id", None))
        record = services.participation_add(actor=actor, person=person, values=values)
        return Response(ParticipationSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FamilyVisitSerializer, responses={201: FamilyVisitSerializer})
    @action(detail=True, methods=["post"])
    def visits(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        person = get_or_404(selectors.custody_people(actor=actor), pk=pk)
        payload = FamilyVisitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        values["facility"] = _pick(selectors.facility_list(), "facility", values.pop("facility_id", None))
        visit = services.family_visit_add(actor=actor, person=person, values=values)
        return Response(FamilyVisitSerializer(visit).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CustodyNoteSerializer, responses={201: CustodyNoteSerializer})
    @action(detail=True, methods=["post"], url_path="custody-notes")
    def custody_notes(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        person = get_or_404(selectors.custody_people(actor=actor), pk=pk)
        payload = CustodyNoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        note = services.custody_note_add(
            actor=actor,
            person=person,
            category=data["category"],
            body=data["body"],
            facility=_pick(selectors.facility_list(), "facility", data.get("facility_id")),
        )
        return Response(CustodyNoteSerializer(note).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=ChildSafeguardSerializer)
    @extend_schema(methods=["PUT"], request=ChildSafeguardSerializer, responses=ChildSafeguardSerializer)
    @action(detail=True, methods=["get", "put"])
    def child(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        if request.method == "PUT":
            person, record = selectors.child_safeguard_for(actor=actor, person_id=pk, action=Action.CHANGE)
            payload = ChildSafeguardSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            values = dict(payload.validated_data)
            version = values.pop("version", None)
            if "guardian_id" in values:
                values["guardian"] = _pick(
                    selectors.guardian_choices(actor=actor, person=person),
                    "guardian",
                    values.pop("guardian_id"),
                )
            if record is not None and version is None:
                raise ValidationError({"version": [_("Give the version you read.")]})
            services.child_safeguard_save(actor=actor, person=person, values=values, expected_version=version)
        person, record = selectors.child_safeguard_for(actor=actor, person_id=pk)
        categories = selectors.person_categories(actor=actor, person=person)
        selectors.read_child_or_care(
            actor=actor,
            person=person,
            action="justice.child_safeguard_viewed",
            categories=categories & set(CHILD_FIELD_CATEGORIES.values()),
        )
        if record is None:
            raise NotFound(_("No safeguards are recorded for this child yet."))
        juvenile = selectors.juvenile_info(person, selectors.derived_status(person))
        record.age_at_alleged_offence = juvenile.age_at_alleged_offence  # type: ignore[attr-defined]
        record.juvenile_justice = juvenile.applies  # type: ignore[attr-defined]
        return Response(
            ChildSafeguardSerializer(record, context={"categories_of": lambda _r: categories}).data
        )

    @extend_schema(methods=["GET"], responses=CarePreferenceSerializer)
    @extend_schema(methods=["PUT"], request=CarePreferenceSerializer, responses=CarePreferenceSerializer)
    @action(detail=True, methods=["get", "put"])
    def care(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        if request.method == "PUT":
            person, record = selectors.care_preference_for(actor=actor, person_id=pk, action=Action.CHANGE)
            payload = CarePreferenceSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            values = dict(payload.validated_data)
            version = values.pop("version", None)
            if record is not None and version is None:
                raise ValidationError({"version": [_("Give the version you read.")]})
            services.care_preference_save(actor=actor, person=person, values=values, expected_version=version)
        person, record = selectors.care_preference_for(actor=actor, person_id=pk)
        categories = selectors.person_categories(actor=actor, person=person)
        selectors.read_child_or_care(
            actor=actor,
            person=person,
            action="justice.care_preference_viewed",
            categories=categories & {DataCategory.CASE_NOTES, DataCategory.HEALTH_PSYCHOSOCIAL},
        )
        if record is None:
            raise NotFound(_("No care preferences are recorded for this person yet."))
        return Response(
            CarePreferenceSerializer(record, context={"categories_of": lambda _r: categories}).data
        )


def _measure_values(actor: Any, person: Any, case: Any, data: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in data.items() if k != "version"}
    if "responsible_officer" in values:
        values["responsible_officer"] = _pick(
            selectors.officer_choices(cases=[case]), "responsible_officer", values["responsible_officer"]
        )
    if "legal_basis" in values:
        values["legal_basis"] = _pick(
            selectors.basis_events(person=person), "legal_basis", values["legal_basis"]
        )
    return values


class LegalEventViewSet(viewsets.GenericViewSet):
    """One legal event: read, correct (with `version`), or mark as entered in error."""

    lookup_value_regex = UUID_RE
    serializer_class = LegalEventSerializer

    def get_queryset(self) -> Any:
        return selectors.legal_event_list(actor=get_actor(self.request))

    @extend_schema(responses=LegalEventSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        event = selectors.legal_event_get(actor=actor, event_id=pk)
        selectors.legal_events_for(actor=actor, person_id=event.person_id)
        return Response(LegalEventSerializer(event).data)

    @extend_schema(request=LegalEventInput, responses=LegalEventSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        event = selectors.legal_event_get(actor=actor, event_id=pk, action=Action.CHANGE)
        payload = LegalEventInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        if "version" not in data:
            raise ValidationError({"version": [_("Give the version you read.")]})
        current = {
            name: getattr(event, name)
            for name in ("occurred_on", "authority", "document_reference", "details")
        }
        current.update({name: getattr(event, name) for name in event.field_names})
        values = {**current, **_event_values(actor, event.person, data)}
        updated, _notices = services.legal_event_update(
            actor=actor, event=event, values=values, expected_version=data["version"]
        )
        return Response(LegalEventSerializer(updated).data)

    @extend_schema(request=VoidInput, responses=LegalEventSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        event = selectors.legal_event_get(actor=actor, event_id=pk, action=Action.CHANGE)
        payload = VoidInput(data=request.data)
        payload.is_valid(raise_exception=True)
        services.legal_event_void(
            actor=actor,
            event=event,
            reason=payload.validated_data["reason"],
            expected_version=payload.validated_data["version"],
        )
        return Response(LegalEventSerializer(selectors.legal_event_get(actor=actor, event_id=pk)).data)


class MeasureViewSet(viewsets.GenericViewSet):
    """Supervision measures and alternatives to imprisonment, with their check-ins."""

    lookup_value_regex = UUID_RE
    serializer_class = MeasureSerializer

    def get_queryset(self) -> Any:
        return selectors.measure_list(actor=get_actor(self.request))

    @extend_schema(parameters=[MeasureFilterSerializer], responses=MeasureSerializer(many=True))
    def list(self, request: Request) -> Response:
        params = MeasureFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        listing = selectors.measure_search(
            actor=get_actor(request),
            filters=selectors.MeasureFilters(
                kind=data.get("kind", ""),
                state=data.get("state", "active"),
                mine=data.get("mine", False),
                missed=data.get("missed", False),
                query=data.get("q", ""),
            ),
        )
        page = listing.paginate(self)
        return self.get_paginated_response(MeasureSerializer(page, many=True).data)

    @extend_schema(responses=MeasureDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        detail = selectors.measure_detail(actor=get_actor(request), measure_id=pk, show_all=True)
        return Response(MeasureDetailSerializer(detail).data)

    @extend_schema(request=MeasureInput, responses=MeasureSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        measure = selectors.measure_get(actor=actor, measure_id=pk, action=Action.CHANGE)
        payload = MeasureInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        if "version" not in data:
            raise ValidationError({"version": [_("Give the version you read.")]})
        data.pop("case", None)
        data.pop("kind", None)
        updated = services.measure_update(
            actor=actor,
            measure=measure,
            values=_measure_values(actor, measure.person, measure.case, data),
            expected_version=data["version"],
        )
        return Response(MeasureSerializer(updated).data)

    @extend_schema(request=MeasureEndInput, responses=MeasureSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        measure = selectors.measure_get(actor=actor, measure_id=pk, action=Action.CHANGE)
        payload = MeasureEndInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        ended = services.measure_end(
            actor=actor,
            measure=measure,
            ended_on=data["ended_on"],
            end_reason=data["end_reason"],
            expected_version=data["version"],
        )
        return Response(MeasureSerializer(ended).data)

    @extend_schema(request=CheckInInput, responses={201: CheckInSerializer})
    @action(detail=True, methods=["post"], url_path="check-ins")
    def check_ins(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        measure = selectors.measure_for_check_in(actor=actor, measure_id=pk)
        payload = CheckInInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        check_in, _notices = services.check_in_log(
            actor=actor,
            measure=measure,
            due_on=data["due_on"],
            status=data["status"],
            reason=data.get("reason", ""),
            hours=data.get("hours"),
        )
        return Response(CheckInSerializer(check_in).data, status=status.HTTP_201_CREATED)


class FacilityViewSet(viewsets.GenericViewSet):
    """The facility register (reference data)."""

    serializer_class = FacilitySerializer

    def get_queryset(self) -> Any:
        return selectors.facility_list()

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset().order_by("name")) or []
        return self.get_paginated_response(FacilitySerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(FacilitySerializer(get_or_404(self.get_queryset(), pk=pk)).data)


class ReturnViewSet(viewsets.GenericViewSet):
    """Returns from abroad: returnees and their documents, immediate needs on arrival and
    the reception checklist. Screening on return is a legal event of each returnee."""

    lookup_value_regex = UUID_RE
    serializer_class = ReturnSerializer

    def get_queryset(self) -> Any:
        return selectors.return_list(actor=get_actor(self.request))

    def list(self, request: Request) -> Response:
        actor = get_actor(request)
        page, _members = selectors.return_page(
            actor=actor,
            filters=selectors.ReturnFilters(),
            number=request.query_params.get("page"),
        )
        return Response(
            {"count": page.paginator.count, "results": ReturnSerializer(page.object_list, many=True).data}
        )

    @extend_schema(responses=ReturnDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(
            ReturnDetailSerializer(selectors.return_detail(actor=get_actor(request), return_id=pk)).data
        )

    @extend_schema(request=ReturnInput, responses={201: ReturnDetailSerializer})
    def create(self, request: Request) -> Response:
        actor = get_actor(request)
        payload = ReturnInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        people = selectors.returnable_people(actor=actor)
        members = [
            (_pick(people, "members", m["person"]), m["role"], m["born_abroad"])
            for m in data.pop("members", [])
        ]
        household = data.pop("household", None)
        values = {k: v for k, v in data.items() if k != "version"}
        if household:
            values["household"] = household_get(actor=actor, household_id=household, action=Action.CHANGE)
        ret, _notices = services.return_record(actor=actor, values=values, members=members)
        return Response(
            ReturnDetailSerializer(selectors.return_detail(actor=actor, return_id=ret.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=ReturnInput, responses=ReturnSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        ret = selectors.return_get(actor=actor, return_id=pk, action=Action.CHANGE)
        payload = ReturnInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        if "version" not in data:
            raise ValidationError({"version": [_("Give the version you read.")]})
        data.pop("members", None)
        data.pop("household", None)
        updated = services.return_update(
            actor=actor,
            ret=ret,
            values={k: v for k, v in data.items() if k != "version"},
            expected_version=data["version"],
        )
        return Response(ReturnSerializer(updated).data)

    @extend_schema(request=ReturnMemberSerializer, responses=ReturnMemberSerializer)
    @action(detail=True, methods=["patch"], url_path=r"members/(?P<member_id>\d+)")
    def member(self, request: Request, pk: str, member_id: str) -> Response:
        actor = get_actor(request)
        member = selectors.return_member_get(actor=actor, member_id=int(member_id))
        if str(member.return_event_id) != pk:
            raise Http404
        payload = ReturnMemberSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        if "version" not in data:
            raise ValidationError({"version": [_("Give the version you read.")]})
        version = data.pop("version")
        updated = services.return_member_update(
            actor=actor, member=member, values=data, expected_version=version
        )
        return Response(ReturnMemberSerializer(updated).data)

    @extend_schema(request=NeedSerializer, responses={201: NeedSerializer})
    @action(detail=True, methods=["post"])
    def needs(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        ret = selectors.return_get(actor=actor, return_id=pk, action=Action.CHANGE)
        payload = NeedSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        values["person"] = _pick(
            selectors.returnable_people(actor=actor).filter(returns__return_event=ret),
            "person",
            values.pop("person_id", None),
        )
        need = services.arrival_need_add(actor=actor, ret=ret, values=values)
        return Response(NeedSerializer(need).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=NeedStatusInput, responses=NeedSerializer)
    @action(detail=True, methods=["patch"], url_path=r"needs/(?P<need_id>\d+)")
    def need(self, request: Request, pk: str, need_id: str) -> Response:
        actor = get_actor(request)
        need = selectors.arrival_need_get(actor=actor, need_id=int(need_id))
        payload = NeedStatusInput(data=request.data)
        payload.is_valid(raise_exception=True)
        updated = services.arrival_need_update(
            actor=actor,
            need=need,
            status=payload.validated_data["status"],
            expected_version=payload.validated_data["version"],
        )
        return Response(NeedSerializer(updated).data)

    @extend_schema(request=ReceptionItemSerializer, responses=ReceptionItemSerializer)
    @action(detail=True, methods=["post"], url_path=r"checklist/(?P<item_id>\d+)")
    def checklist(self, request: Request, pk: str, item_id: str) -> Response:
        actor = get_actor(request)
        item = selectors.reception_item_get(actor=actor, return_id=pk, item_id=int(item_id))
        payload = ReceptionItemSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        updated = services.reception_item_set(
            actor=actor,
            item=item,
            done=payload.validated_data["done"],
            note=payload.validated_data.get("note", ""),
        )
        return Response(ReceptionItemSerializer(updated).data)


class FamilyViewSet(viewsets.GenericViewSet):
    """A household's family overview (by household id) and its family goals."""

    lookup_value_regex = UUID_RE
    serializer_class = FamilyOverviewSerializer

    def get_queryset(self) -> Any:
        return selectors.family_goal_list(actor=get_actor(self.request), household=None).none()

    @extend_schema(responses=FamilyOverviewSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(
            FamilyOverviewSerializer(
                selectors.family_overview(actor=get_actor(request), household_id=pk)
            ).data
        )

    @extend_schema(request=FamilyGoalSerializer, responses={201: FamilyGoalSerializer})
    @action(detail=True, methods=["post"])
    def goals(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        household = household_get(actor=actor, household_id=pk, action=Action.CHANGE)
        payload = FamilyGoalSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        data.pop("version", None)
        goal = services.family_goal_add(actor=actor, household=household, values=data)
        return Response(FamilyGoalSerializer(goal).data, status=status.HTTP_201_CREATED)


class FamilyGoalViewSet(viewsets.GenericViewSet):
    """Correct or move on a family goal (with `version`)."""

    lookup_value_regex = UUID_RE
    serializer_class = FamilyGoalSerializer

    def get_queryset(self) -> Any:
        return selectors.family_goal_list(actor=get_actor(self.request), household=None)

    @extend_schema(request=FamilyGoalSerializer, responses=FamilyGoalSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = get_actor(request)
        goal = selectors.family_goal_get(actor=actor, goal_id=pk)
        payload = FamilyGoalSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        if "version" not in data:
            raise ValidationError({"version": [_("Give the version you read.")]})
        version = data.pop("version")
        updated = services.family_goal_update(actor=actor, goal=goal, values=data, expected_version=version)
        return Response(FamilyGoalSerializer(updated).data)
