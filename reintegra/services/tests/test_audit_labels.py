"""Every audit action the directory and referrals write has a label people can read in the
disclosure log."""

import re
from pathlib import Path

from reintegra.core.audit_labels import ACTION_LABELS

APP = Path(__file__).resolve().parents[1]
ACTION = re.compile(r'"((?:referral|provider|service|services|task)\.[a-z_]+)"')


def test_every_action_written_has_a_readable_label():
    used: set[str] = set()
    for name in ("services.py", "selectors.py"):
        used |= set(ACTION.findall((APP / name).read_text()))
    assert len(used) > 20  # the scan finds the actions
    assert used - set(ACTION_LABELS) == set()
