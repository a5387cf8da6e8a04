"""Every audit action the assessments and plans apps write has a label people can read in
the disclosure log."""

import re
from pathlib import Path

from reintegra.core.audit_labels import ACTION_LABELS, PURPOSE_LABELS

ROOT = Path(__file__).resolve().parents[2]
ACTION = re.compile(r'"((?:assessment|instrument|survey|plan|session|mentor)\.[a-z_]+)"')


def test_every_action_written_has_a_readable_label():
    used = set()
    for app in ("assessments", "plans"):
        for name in ("services.py", "selectors.py"):
            used |= set(ACTION.findall((ROOT / app / name).read_text()))
    assert len(used) > 30  # the scan finds the actions
    assert used - set(ACTION_LABELS) == set()
    assert "plan_goals" in PURPOSE_LABELS
