"""Every audit action and purpose the justice app writes has a label people can read in the
disclosure log."""

import re
from pathlib import Path

from reintegra.core.audit_labels import ACTION_LABELS, PURPOSE_LABELS

APP = Path(__file__).resolve().parents[1]
ACTION = re.compile(r'"(justice\.[a-z_]+)"')
PURPOSE = re.compile(r'purpose="([a-z_]+)"')


def test_every_action_written_has_a_readable_label():
    sources = [APP / "services.py", APP / "selectors.py", APP / "views.py", APP / "api" / "views.py"]
    used = {action for path in sources for action in ACTION.findall(path.read_text())}
    assert len(used) > 25  # the scan finds the actions
    assert used - set(ACTION_LABELS) == set()
    purposes = {p for path in sources for p in PURPOSE.findall(path.read_text())}
    assert purposes == {"case_page", "justice_form"}
    assert purposes <= set(PURPOSE_LABELS)
