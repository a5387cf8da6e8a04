"""The legal status is derived from the timeline by a pure function: every kind of event
alone, every ordered pair of kinds, whole pathways, and properties over random timelines."""

import itertools
import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reintegra.justice.choices import CUSTODY_STATUSES, LegalStatus, ScreeningOutcome, SentenceType, Verdict
from reintegra.justice.choices import LegalEventKind as K
from reintegra.justice.status import (
    NON_CUSTODIAL_SUPERVISED,
    EventFacts,
    derive_status,
    ordered,
    youngest_age_at_offence,
)

S = LegalStatus
DAY = date(2025, 1, 1)


def ev(kind: str, days: int = 0, **facts: object) -> EventFacts:
    """An event `days` after DAY, with sensible facts for its kind unless given."""
    defaults: dict[str, object] = {
        K.VERDICT: {"verdict": Verdict.CONVICTED},
        K.SENTENCE: {"sentence_type": SentenceType.CUSTODIAL, "expected_release": DAY + timedelta(days=900)},
        K.RETURN_SCREENING: {"screening_outcome": ScreeningOutcome.NO_FURTHER_ACTION},
        K.PRE_TRIAL_DETENTION: {"facility_id": 1},
        K.CUSTODY: {"facility_id": 2},
        K.TRANSFER: {"facility_id": 3},
    }.get(kind, {})
    values = {"sequence": days, **defaults, **facts}
    return EventFacts(kind=kind, occurred_on=DAY + timedelta(days=days), **values)


def status_of(*events: EventFacts) -> str:
    return derive_status(events).status


# --- every kind alone ------------------------------------------------------------------------

ALONE = {
    K.ARREST: S.POLICE_CUSTODY,
    K.CHARGE: S.PROCEEDINGS_OPEN,
    K.NO_CHARGE: S.NOT_CHARGED,
    K.PRE_TRIAL_DETENTION: S.PRE_TRIAL_DETENTION,
    K.BAIL: S.ON_BAIL,
    K.TRIAL: S.PROCEEDINGS_OPEN,
    K.VERDICT: S.PROCEEDINGS_OPEN,  # found guilty, not yet sentenced
    K.SENTENCE: S.SERVING_SENTENCE,
    K.CUSTODY: S.PRE_TRIAL_DETENTION,  # held with no conviction recorded
    K.TRANSFER: S.PRE_TRIAL_DETENTION,
    K.EARLY_RELEASE: S.UNDER_SUPERVISION,
    K.RELEASE: S.NO_PROCEEDINGS,
    K.SUPERVISION_ORDER: S.UNDER_SUPERVISION,
    K.BREACH: S.NO_PROCEEDINGS,
    K.SUPERVISION_END: S.NO_PROCEEDINGS,
    K.REPATRIATION: S.AWAITING_SCREENING,
    K.RETURN_SCREENING: S.NO_PROCEEDINGS,
}


def test_every_kind_has_an_expectation():
    assert set(ALONE) == set(K.values)


@pytest.mark.parametrize(("kind", "expected"), ALONE.items())
def test_each_kind_alone(kind, expected):
    # given one event of this kind, when deriving, then
    assert status_of(ev(kind)) == expected


def test_no_events_no_record():
    derived = derive_status([])
    assert derived.status == S.NO_RECORD
    assert derived.since is None
    assert derived.event_count == 0


# --- whole pathways --------------------------------------------------------------------------

PATHWAYS = [
    (
        "arrest, charge, detention",
        [ev(K.ARREST), ev(K.CHARGE, 1), ev(K.PRE_TRIAL_DETENTION, 2)],
        S.PRE_TRIAL_DETENTION,
    ),
    ("released on bail", [ev(K.ARREST), ev(K.PRE_TRIAL_DETENTION, 1), ev(K.BAIL, 30)], S.ON_BAIL),
    (
        "bail then acquitted",
        [ev(K.ARREST), ev(K.BAIL, 1), ev(K.TRIAL, 90), ev(K.VERDICT, 91, verdict=Verdict.ACQUITTED)],
        S.ACQUITTED,
    ),
    (
        "detained then dismissed",
        [ev(K.PRE_TRIAL_DETENTION), ev(K.VERDICT, 9, verdict=Verdict.DISMISSED)],
        S.ACQUITTED,
    ),
    ("decision not to charge", [ev(K.ARREST), ev(K.NO_CHARGE, 2)], S.NOT_CHARGED),
    ("released without charge stays open", [ev(K.ARREST), ev(K.RELEASE, 1)], S.PROCEEDINGS_OPEN),
    (
        "convicted, detained, awaiting sentence",
        [ev(K.PRE_TRIAL_DETENTION), ev(K.VERDICT, 5)],
        S.PRE_TRIAL_DETENTION,
    ),
    (
        "custodial sentence",
        [ev(K.PRE_TRIAL_DETENTION), ev(K.VERDICT, 5), ev(K.SENTENCE, 5)],
        S.SERVING_SENTENCE,
    ),
    ("sentence served", [ev(K.SENTENCE), ev(K.RELEASE, 700)], S.SENTENCE_COMPLETED),
    ("early release", [ev(K.SENTENCE), ev(K.EARLY_RELEASE, 500)], S.UNDER_SUPERVISION),
    (
        "early release, supervision ends",
        [ev(K.SENTENCE), ev(K.EARLY_RELEASE, 500), ev(K.SUPERVISION_END, 800)],
        S.SENTENCE_COMPLETED,
    ),
    (
        "release onto a supervision order",
        [ev(K.SENTENCE), ev(K.SUPERVISION_ORDER, 600), ev(K.RELEASE, 600)],
        S.UNDER_SUPERVISION,
    ),
    (
        "recalled after a breach",
        [ev(K.SENTENCE), ev(K.EARLY_RELEASE, 500), ev(K.BREACH, 520), ev(K.CUSTODY, 521)],
        S.SERVING_SENTENCE,
    ),
    (
        "community sentence",
        [ev(K.VERDICT), ev(K.SENTENCE, 1, sentence_type=SentenceType.COMMUNITY)],
        S.COMMUNITY_SENTENCE,
    ),
    ("suspended sentence", [ev(K.SENTENCE, sentence_type=SentenceType.SUSPENDED)], S.COMMUNITY_SENTENCE),
    (
        "community sentence ends",
        [ev(K.SENTENCE, sentence_type=SentenceType.COMMUNITY), ev(K.SUPERVISION_END, 365)],
        S.SENTENCE_COMPLETED,
    ),
    ("a fine", [ev(K.VERDICT), ev(K.SENTENCE, 1, sentence_type=SentenceType.FINE)], S.SENTENCE_COMPLETED),
    (
        "detained, then a community sentence",
        [ev(K.PRE_TRIAL_DETENTION), ev(K.SENTENCE, 40, sentence_type=SentenceType.COMMUNITY)],
        S.COMMUNITY_SENTENCE,
    ),
    (
        "bail ends with the sentence",
        [ev(K.BAIL), ev(K.SENTENCE, 100, sentence_type=SentenceType.FINE)],
        S.SENTENCE_COMPLETED,
    ),
    ("transfer keeps the sentence", [ev(K.SENTENCE), ev(K.TRANSFER, 30)], S.SERVING_SENTENCE),
    ("returned, awaiting screening", [ev(K.REPATRIATION)], S.AWAITING_SCREENING),
    ("returned and screened", [ev(K.REPATRIATION), ev(K.RETURN_SCREENING, 2)], S.NO_PROCEEDINGS),
    (
        "screening needs more",
        [ev(K.REPATRIATION), ev(K.RETURN_SCREENING, 2, screening_outcome=ScreeningOutcome.FURTHER_SCREENING)],
        S.AWAITING_SCREENING,
    ),
    (
        "referred for prosecution on return",
        [ev(K.REPATRIATION), ev(K.RETURN_SCREENING, 2, screening_outcome=ScreeningOutcome.PROSECUTION)],
        S.PROCEEDINGS_OPEN,
    ),
    (
        "returned, charged and bailed",
        [
            ev(K.REPATRIATION),
            ev(K.RETURN_SCREENING, 2, screening_outcome=ScreeningOutcome.PROSECUTION),
            ev(K.CHARGE, 12),
            ev(K.BAIL, 12),
        ],
        S.ON_BAIL,
    ),
    ("detained on arrival", [ev(K.REPATRIATION), ev(K.ARREST)], S.POLICE_CUSTODY),
    (
        "acquitted later returned",
        [ev(K.VERDICT, verdict=Verdict.ACQUITTED), ev(K.REPATRIATION, 400)],
        S.AWAITING_SCREENING,
    ),
    (
        "new arrest after a completed sentence",
        [ev(K.SENTENCE), ev(K.RELEASE, 700), ev(K.ARREST, 900)],
        S.POLICE_CUSTODY,
    ),
]


@pytest.mark.parametrize(
    ("events", "expected"), [(e, s) for _n, e, s in PATHWAYS], ids=[n for n, _e, _s in PATHWAYS]
)
def test_pathways(events, expected):
    assert status_of(*events) == expected


def test_same_day_events_follow_the_order_of_a_process():
    # given a verdict and sentence on the same day, recorded sentence first
    events = [ev(K.SENTENCE, 5, sequence=1), ev(K.VERDICT, 5, sequence=2)]
    # then the sentence still comes after the verdict
    assert [e.kind for e in ordered(events)] == [K.VERDICT, K.SENTENCE]
    assert status_of(*events) == S.SERVING_SENTENCE


def test_facts_of_the_status():
    # given a sentence in one facility and a transfer to another
    derived = derive_status(
        [ev(K.ARREST, alleged_offence_on=DAY - timedelta(days=3)), ev(K.SENTENCE, 10), ev(K.TRANSFER, 30)]
    )
    # then
    assert derived.facility_id == 3
    assert derived.expected_release == DAY + timedelta(days=900)
    assert derived.since == DAY + timedelta(days=10)
    assert derived.in_custody
    assert derived.alleged_offence_dates == (DAY - timedelta(days=3),)
    # and once released the facility and release date are gone
    released = derive_status([ev(K.SENTENCE), ev(K.RELEASE, 10)])
    assert released.facility_id is None
    assert released.expected_release is None
    assert not released.in_custody


def test_breach_is_remembered_without_changing_the_status():
    derived = derive_status([ev(K.SUPERVISION_ORDER), ev(K.BREACH, 40)])
    assert derived.status == S.UNDER_SUPERVISION
    assert derived.last_breach_on == DAY + timedelta(days=40)
    assert derived.since == DAY


def test_entered_in_error_events_do_not_count():
    real = [ev(K.ARREST), ev(K.PRE_TRIAL_DETENTION, 1)]
    mistaken = EventFacts(kind=K.RELEASE, occurred_on=DAY + timedelta(days=2), voided=True)
    assert derive_status([*real, mistaken]) == derive_status(real)


def test_future_events_wait_with_as_of():
    events = [ev(K.NO_CHARGE), ev(K.TRIAL, 30)]
    assert derive_status(events, as_of=DAY + timedelta(days=1)).status == S.NOT_CHARGED
    assert derive_status(events).status == S.PROCEEDINGS_OPEN


def test_youngest_age_at_offence():
    born = date(2008, 6, 1)

    def age_on(day: date) -> int:
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    assert youngest_age_at_offence([date(2025, 5, 31), date(2026, 6, 2)], age_on) == 16
    assert youngest_age_at_offence([], age_on) is None
    assert youngest_age_at_offence([date(2025, 1, 1)], lambda _d: None) is None


# --- every ordered pair of kinds -------------------------------------------------------------


def _invariants(events: list[EventFacts]) -> None:
    derived = derive_status(events)
    assert derived.status in S.values
    assert (derived.status in CUSTODY_STATUSES) == derived.in_custody
    assert (derived.expected_release is not None) <= (derived.status == S.SERVING_SENTENCE)
    assert (derived.facility_id is not None) <= derived.in_custody
    live = [e for e in events if not e.voided]
    assert (derived.status == S.NO_RECORD) == (not live)
    if live:
        assert derived.since in {e.occurred_on for e in live}
    else:
        assert derived.since is None
    # the order events are passed in does not matter
    assert derive_status(list(reversed(events))) == derived
    last = ordered(events)[-1] if live else None
    if last is not None and last.kind in (K.RELEASE, K.EARLY_RELEASE, K.BAIL):
        assert not derived.in_custody
    if last is not None and last.kind in (K.NO_CHARGE, K.VERDICT) and last.verdict != Verdict.CONVICTED:
        assert derived.status not in (S.POLICE_CUSTODY, S.PRE_TRIAL_DETENTION)
    if last is not None and last.kind in (K.PRE_TRIAL_DETENTION, K.CUSTODY, K.TRANSFER):
        assert derived.in_custody
    if last is not None and last.kind == K.SENTENCE:
        # a sentence ends pre-trial custody and bail; what follows depends on its type and on
        # what else runs (a supervision order, an earlier custodial sentence, a pending screening)
        assert derived.status not in (S.POLICE_CUSTODY, S.PRE_TRIAL_DETENTION, S.ON_BAIL, S.PROCEEDINGS_OPEN)
        if last.sentence_type == SentenceType.CUSTODIAL:
            assert derived.status == S.SERVING_SENTENCE
        elif last.sentence_type in NON_CUSTODIAL_SUPERVISED:
            assert derived.status in (S.COMMUNITY_SENTENCE, S.SERVING_SENTENCE)


@pytest.mark.parametrize(("first", "second"), list(itertools.product(K.values, repeat=2)))
def test_every_ordered_pair_of_kinds(first, second):
    _invariants([ev(first), ev(second, 1)])


SENTENCES = [SentenceType.CUSTODIAL, SentenceType.COMMUNITY, SentenceType.SUSPENDED, SentenceType.FINE]


@pytest.mark.parametrize("sentence_type", SENTENCES)
@pytest.mark.parametrize("then", K.values)
def test_every_sentence_type_then_every_kind(sentence_type, then):
    _invariants([ev(K.SENTENCE, sentence_type=sentence_type), ev(then, 1)])


facts = st.builds(
    lambda kind, day, verdict, sentence, outcome, voided: ev(
        kind, day, verdict=verdict, sentence_type=sentence, screening_outcome=outcome, voided=voided
    ),
    st.sampled_from(K.values),
    st.integers(min_value=0, max_value=60),
    st.sampled_from(Verdict.values),
    st.sampled_from(SentenceType.values),
    st.sampled_from(ScreeningOutcome.values),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(facts, max_size=12), st.randoms())
def test_properties_hold_on_random_timelines(events, rnd):
    # sequences must be unique for a stable order when date and kind tie
    events = [EventFacts(**{**e.__dict__, "sequence": i}) for i, e in enumerate(events)]
    _invariants(events)
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert derive_status(shuffled) == derive_status(events)


def test_long_random_timelines_are_fast():
    rng = random.Random(6)  # noqa: S311 - test data, not security
    events = [ev(rng.choice(K.values), rng.randint(0, 3000)) for _ in range(2000)]
    events = [EventFacts(**{**e.__dict__, "sequence": i}) for i, e in enumerate(events)]
    assert derive_status(events).event_count == 2000
