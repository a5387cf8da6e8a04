"""Small-cell suppression: small counts hidden, and nothing hidden can be recovered from a total."""

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from reintegra.core.statistics import (
    COMPLEMENTARY,
    SMALL,
    is_small,
    suppress_count,
    suppress_counts,
    suppress_mean,
    threshold,
)


def test_threshold_comes_from_the_setting(settings):
    settings.REINTEGRA_SMALL_CELL_THRESHOLD = 10
    assert threshold() == 10
    assert suppress_count(9).display == "fewer than 10"
    settings.REINTEGRA_SMALL_CELL_THRESHOLD = 1  # nonsense is raised to the minimum
    assert threshold() == 2


def test_small_counts_are_hidden_zero_is_shown():
    assert not is_small(0)
    assert is_small(1)
    assert is_small(4)
    assert not is_small(5)
    assert is_small(0, suppress_zero=True)
    cell = suppress_count(3)
    assert cell.suppressed
    assert cell.reason == SMALL
    assert cell.display == "fewer than 5"
    assert cell.shown is None
    assert cell.shown_n is None
    assert suppress_count(12).display == "12"
    assert suppress_count(3, exact=True).display == "3"


def test_one_hidden_cell_drags_the_next_smallest_with_it():
    # given 3 returnees and 6 family members, total 9 shown
    table = suppress_counts({"returnee": 3, "family": 6, "child": 0})
    # then the 6 is hidden too (9 − 6 would give the 3 away), the zero stays, the total shows
    assert table.cells["returnee"].reason == SMALL
    assert table.cells["family"].reason == COMPLEMENTARY
    assert table.cells["family"].display == "not shown"
    assert not table.cells["child"].suppressed
    assert table.total.display == "9"


def test_beside_zeros_the_total_is_the_hidden_cell_and_is_hidden_too():
    table = suppress_counts({"returnee": 3, "family": 0})
    assert table.cells["returnee"].suppressed
    assert not table.cells["family"].suppressed
    assert table.total.suppressed
    assert table.total.reason == SMALL


def test_two_hidden_cells_need_nothing_more():
    table = suppress_counts({"a": 2, "b": 3, "c": 40})
    assert [c.suppressed for c in table.cells.values()] == [True, True, False]
    assert table.total.display == "45"


def test_a_small_total_is_hidden():
    table = suppress_counts({"a": 2, "b": 1})
    assert table.total.suppressed
    assert table.total.reason == SMALL


def test_exact_tables_hide_nothing():
    table = suppress_counts({"a": 2, "b": 40}, exact=True)
    assert not table.any_suppressed


def test_means_are_hidden_when_too_few_people_are_behind_them():
    assert suppress_mean(62.0, n=4).suppressed
    assert suppress_mean(62.0, n=5, formatter=lambda v: "{v:.0f}".format(v=v)).display == "62"
    assert suppress_mean(None, n=0).display == "—"
    assert suppress_mean(62.0, n=2, exact=True).display == "62.0"


@hypothesis_settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # busy CI
@given(st.dictionaries(st.sampled_from("abcdef"), st.integers(min_value=0, max_value=30), min_size=1))
def test_no_hidden_cell_can_be_recovered_by_subtraction(counts):
    table = suppress_counts(counts)
    hidden = [k for k, c in table.cells.items() if c.suppressed]
    if not table.total.suppressed:
        # a visible total minus the visible cells reveals only the sum of the hidden ones,
        # so a single hidden non-zero cell would be recoverable: there must be none
        assert len(hidden) != 1 or counts[hidden[0]] == 0
    # every small non-zero count is hidden
    assert all(table.cells[k].suppressed for k, n in counts.items() if 0 < n < threshold())
