"""Listing pages: the same rows in the same order as slicing, and every row disclosed."""

import pytest

from reintegra.cases.selectors import CaseFilters, case_search
from reintegra.cases.tests.factories import CaseFactory
from reintegra.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("ordering", ["-opened_on", "code", "stage"])
def test_pages_match_plain_slicing(world, ordering):
    # given 30 more cases in the supervisor's agency
    CaseFactory.create_batch(30, lead_agency=world.agency_a)
    listing = case_search(actor=world.actor("supervisor"), filters=CaseFilters(ordering=ordering))
    everything = list(listing.queryset)
    # when reading every page of ten
    pages = [listing.page(n, per_page=10) for n in (1, 2, 3, 4)]
    # then the pages are the slices of the ordered list, and the last one holds the rest
    for index, page in enumerate(pages):
        assert [c.pk for c in page.object_list] == [c.pk for c in everything[index * 10 : index * 10 + 10]]
    assert pages[0].paginator.count == 31
    assert listing.page(99, per_page=10).number == 4  # past the end: the last page
    # and each page shown wrote one audit row naming its rows' people
    events = AuditEvent.objects.filter(action="case.searched").order_by("seq")
    assert [e.changes["shown"] for e in events] == [10, 10, 10, 1, 1]
    assert {p for p, _c in events[0].subjects} == {str(c.person_id) for c in pages[0].object_list}
