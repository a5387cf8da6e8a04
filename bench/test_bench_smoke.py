"""The generator's data behaves like real data: valid audit chain, case list in budget."""

# ruff: noqa: S101  (pytest asserts; the tests/** exemption does not reach bench/)

import pytest
from django.urls import reverse

from bench.data import generate
from bench.pages import TARGET_QUERIES
from reintegra.cases.models import Case
from reintegra.core.audit import audit_verify

N_CASES = 60


@pytest.fixture
def bench_world(db, settings, tmp_path):
    # checkpoints other tests wrote would read as a cut chain
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"
    return generate(n_cases=N_CASES, notes_per_case=2, audit_rows=300)


def test_generated_data_has_a_valid_audit_chain(bench_world):
    # given the generated rows
    assert Case.objects.filter(lead_agency=bench_world.lead).count() == N_CASES
    # then the chain replays without a finding
    count, findings = audit_verify()
    assert findings == []
    assert count == 300


@pytest.mark.parametrize("who", ["supervisor", "case worker"])
def test_case_list_stays_within_the_query_budget(bench_world, client, django_assert_max_num_queries, who):
    # given the supervisor, who sees every case, or a case worker, who sees their own
    user = bench_world.supervisor if who == "supervisor" else bench_world.workers[0]
    client.force_login(user)
    # when they open the case list
    with django_assert_max_num_queries(TARGET_QUERIES):
        response = client.get(reverse("cases:case_list"))
    # then the page is within budget, and the audit row it wrote extends a valid chain
    assert response.status_code == 200
    seen = response.context["page"].paginator.count
    if who == "supervisor":
        assert seen == N_CASES
    else:
        assert 0 < seen < N_CASES
    assert audit_verify()[1] == []
