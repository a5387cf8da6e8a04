"""The current legal status of a person, derived from their legal timeline.

A pure function over the ordered events: no database, no clock, no settings. The legal
status is never typed in; it is what the timeline says, so it cannot disagree with it.
`PersonLegalStatus` keeps the result for lists and filters, and services recompute it after
every change to the timeline.

The derivation follows three independent threads, then picks the most restrictive:

- custody: held after arrest, in pre-trial detention, or serving a custodial sentence;
- supervision in the community: bail conditions, a community sentence, or supervision
  after release;
- proceedings: open (arrest, charge, trial), convicted, acquitted, not charged, completed;
  and, for returnees, whether their screening on return is still pending.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reintegra.justice.choices import (
    LegalEventKind as K,
)
from reintegra.justice.choices import (
    LegalStatus,
    ScreeningOutcome,
    SentenceType,
    Verdict,
)

#: Events on the same day are taken in the order a legal process runs.
KIND_RANK: dict[str, int] = {
    K.REPATRIATION: 0,
    K.RETURN_SCREENING: 1,
    K.ARREST: 2,
    K.CHARGE: 3,
    K.NO_CHARGE: 4,
    K.PRE_TRIAL_DETENTION: 5,
    K.BAIL: 6,
    K.TRIAL: 7,
    K.VERDICT: 8,
    K.SENTENCE: 9,
    K.CUSTODY: 10,
    K.TRANSFER: 11,
    K.EARLY_RELEASE: 12,
    K.RELEASE: 13,
    K.SUPERVISION_ORDER: 14,
    K.BREACH: 15,
    K.SUPERVISION_END: 16,
}

NON_CUSTODIAL_SUPERVISED = (SentenceType.SUSPENDED, SentenceType.COMMUNITY, SentenceType.OTHER)


@dataclass(frozen=True)
class EventFacts:
    """What the derivation needs to know of one legal event."""

    kind: str
    occurred_on: date
    sequence: Any = 0  # tie-breaker after date and kind: the order events were recorded
    facility_id: int | None = None
    verdict: str = ""
    sentence_type: str = ""
    expected_release: date | None = None
    screening_outcome: str = ""
    alleged_offence_on: date | None = None
    voided: bool = False


@dataclass(frozen=True)
class DerivedStatus:
    """The legal status the timeline gives today, and the facts behind it."""

    status: str
    since: date | None = None
    facility_id: int | None = None
    expected_release: date | None = None
    proceedings: str = "none"
    custody: str = ""
    community: str = ""
    screening_pending: bool = False
    returned_on: date | None = None
    last_breach_on: date | None = None
    alleged_offence_dates: tuple[date, ...] = field(default_factory=tuple)
    event_count: int = 0

    @property
    def in_custody(self) -> bool:
        return bool(self.custody)


@dataclass
class _State:
    proceedings: str = "none"  # none | open | convicted | acquitted | not_charged | completed
    custody: str = ""  # "" | police | pretrial | sentence
    community: str = ""  # "" | bail | community_sentence | supervision
    facility_id: int | None = None
    expected_release: date | None = None
    screening: str = ""  # "" | pending | done
    returned_on: date | None = None
    last_breach_on: date | None = None

    def leave_custody(self) -> str:
        was = self.custody
        self.custody, self.facility_id, self.expected_release = "", None, None
        return was

    def leave_pre_trial_custody(self) -> None:
        if self.custody in ("police", "pretrial"):
            self.leave_custody()


def sort_key(event: EventFacts) -> tuple[Any, ...]:
    """Timeline order: by date, then the order of a legal process, then as recorded."""
    return (event.occurred_on, KIND_RANK.get(event.kind, 99), event.sequence)


def ordered(events: Iterable[EventFacts]) -> list[EventFacts]:
    """Events in timeline order, entered-in-error ones left out."""
    return sorted((e for e in events if not e.voided), key=sort_key)


def _apply(state: _State, event: EventFacts) -> None:
    kind = event.kind
    if kind == K.ARREST:
        state.proceedings = "open"
        if not state.custody:
            state.custody, state.facility_id = "police", event.facility_id
    elif kind == K.CHARGE:
        state.proceedings = "open"
    elif kind == K.NO_CHARGE:
        state.proceedings = "not_charged"
        state.leave_pre_trial_custody()
        if state.community == "bail":
            state.community = ""
    elif kind == K.PRE_TRIAL_DETENTION:
        state.proceedings = "open"
        state.custody, state.facility_id = "pretrial", event.facility_id
        if state.community == "bail":
            state.community = ""
    elif kind == K.BAIL:
        if state.proceedings == "none":
            state.proceedings = "open"
        state.leave_custody()  # released on conditions (before trial, or pending an appeal)
        state.community = "bail"
    elif kind == K.TRIAL:
        state.proceedings = "open"
    elif kind == K.VERDICT:
        if event.verdict == Verdict.CONVICTED:
            state.proceedings = "convicted"
        elif event.verdict in (Verdict.ACQUITTED, Verdict.DISMISSED):
            state.proceedings = "acquitted"
            state.leave_pre_trial_custody()
            if state.community == "bail":
                state.community = ""
    elif kind == K.SENTENCE:
        state.proceedings = "convicted"
        if state.community == "bail":
            state.community = ""
        if event.sentence_type == SentenceType.CUSTODIAL:
            state.custody = "sentence"
            state.facility_id = event.facility_id or state.facility_id
            state.expected_release = event.expected_release
        else:
            state.leave_pre_trial_custody()
            if event.sentence_type in NON_CUSTODIAL_SUPERVISED:
                state.community = "community_sentence"
            elif not state.community:
                state.proceedings = "completed"  # a fine: nothing more to serve
    elif kind in (K.CUSTODY, K.TRANSFER):
        if kind == K.CUSTODY or not state.custody:
            state.custody = "sentence" if state.proceedings == "convicted" else "pretrial"
            if state.proceedings in ("none", "not_charged", "acquitted", "completed"):
                state.proceedings = "open"
            if kind == K.CUSTODY:
                state.community = ""  # admitted (or recalled): supervision outside stops
        state.facility_id = event.facility_id
    elif kind == K.EARLY_RELEASE:
        state.leave_custody()
        state.community = "supervision"
    elif kind == K.RELEASE:
        was = state.leave_custody()
        if was == "sentence" and not state.community:
            state.proceedings = "completed"
    elif kind == K.SUPERVISION_ORDER:
        state.community = "supervision"
    elif kind == K.BREACH:
        state.last_breach_on = event.occurred_on
    elif kind == K.SUPERVISION_END:
        state.community = ""
        if state.proceedings == "convicted" and not state.custody:
            state.proceedings = "completed"
    elif kind == K.REPATRIATION:
        state.returned_on = event.occurred_on
        state.screening = "pending"
    elif kind == K.RETURN_SCREENING:
        state.screening = (
            "pending" if event.screening_outcome == ScreeningOutcome.FURTHER_SCREENING else "done"
        )
        if event.screening_outcome == ScreeningOutcome.PROSECUTION:
            state.proceedings = "open"


def _summary(state: _State, any_events: bool) -> str:
    if not any_events:
        return LegalStatus.NO_RECORD
    by_custody = {
        "sentence": LegalStatus.SERVING_SENTENCE,
        "pretrial": LegalStatus.PRE_TRIAL_DETENTION,
        "police": LegalStatus.POLICE_CUSTODY,
    }
    if state.custody:
        return by_custody[state.custody]
    by_community = {
        "supervision": LegalStatus.UNDER_SUPERVISION,
        "community_sentence": LegalStatus.COMMUNITY_SENTENCE,
        "bail": LegalStatus.ON_BAIL,
    }
    if state.community:
        return by_community[state.community]
    if state.proceedings in ("open", "convicted"):
        return LegalStatus.PROCEEDINGS_OPEN
    if state.screening == "pending":
        return LegalStatus.AWAITING_SCREENING
    return {
        "acquitted": LegalStatus.ACQUITTED,
        "not_charged": LegalStatus.NOT_CHARGED,
        "completed": LegalStatus.SENTENCE_COMPLETED,
    }.get(state.proceedings, LegalStatus.NO_PROCEEDINGS)


def derive_status(events: Iterable[EventFacts], as_of: date | None = None) -> DerivedStatus:
    """The legal status the events give, whatever order they are passed in. With `as_of`,
    events dated later (a trial hearing already scheduled) do not count yet."""
    timeline = [e for e in ordered(events) if as_of is None or e.occurred_on <= as_of]
    state = _State()
    status, since = _summary(state, False), None
    for event in timeline:
        _apply(state, event)
        now = _summary(state, True)
        if now != status:
            status, since = now, event.occurred_on
    return DerivedStatus(
        status=status,
        since=since,
        facility_id=state.facility_id if state.custody else None,
        expected_release=state.expected_release if state.custody == "sentence" else None,
        proceedings=state.proceedings,
        custody=state.custody,
        community=state.community,
        screening_pending=state.screening == "pending",
        returned_on=state.returned_on,
        last_breach_on=state.last_breach_on,
        alleged_offence_dates=tuple(sorted({e.alleged_offence_on for e in timeline if e.alleged_offence_on})),
        event_count=len(timeline),
    )


def youngest_age_at_offence(offence_dates: Iterable[date], age_on: Any) -> int | None:
    """The person's lowest age on any alleged offence date (`age_on(date)` gives an age or
    None when the birth date is unknown)."""
    ages = [age for day in offence_dates if (age := age_on(day)) is not None]
    return min(ages) if ages else None
