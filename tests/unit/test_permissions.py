"""The permission matrix of ARCHITECTURE.md, role by role."""

import pytest

from council import auth
from council.auth import Actor

HANOI, CANTHO = 1, 2
ROLES = {
    "secretariat": Actor(1, "sec", "secretariat"),
    "rep_own": Actor(2, "rep", "province_rep", province_id=HANOI),
    "rep_other": Actor(3, "rep2", "province_rep", province_id=CANTHO),
    "officer_own": Actor(6, "stat", "statistics_officer", province_id=HANOI),
    "officer_other": Actor(7, "stat2", "statistics_officer", province_id=CANTHO),
    "expert": Actor(4, "exp", "expert"),
    "observer": Actor(5, "obs", "observer"),
}
# action -> who may do it for a record concerning Hà Nội
EXPECTED = {
    "project.edit": {"secretariat"},
    "project.propose": {"secretariat", "rep_own"},
    "project.accept_share": {"secretariat", "rep_own"},
    "agreement.edit": {"secretariat"},
    "agreement.propose": {"secretariat", "rep_own"},
    "conflict.open": {"secretariat", "rep_own"},
    "conflict.edit": {"secretariat"},
    "conflict.transition": {"secretariat"},
    "conflict.comment": {"secretariat", "rep_own", "expert"},
    "comment.hide": {"secretariat"},
    # The provincial statistics officer enters their own province's figures (issue 21).
    "observation.enter": {"secretariat", "rep_own", "officer_own"},
    "observation.approve": {"secretariat"},
    "target.edit": {"secretariat"},
    "user.manage": {"secretariat"},
    "data.import": {"secretariat"},
    "audit.read": {"secretariat"},
    "meeting.manage": {"secretariat"},
    "plan.link": {"secretariat"},
    "plan.priority": {"secretariat"},
    "plan.settings": {"secretariat"},
    "sharing.manage": {"secretariat"},
    # A province accepts its own settlement; the secretariat cannot accept on its behalf.
    "sharing.accept": {"rep_own"},
    "agreement.prepare": {"secretariat"},
    # Two-level sign-off: the officer verifies, the representative signs off and submits.
    "observation.verify": {"secretariat", "officer_own"},
    "observation.submit": {"secretariat", "rep_own"},
    "observation.levels": {"secretariat"},
    "allocation.manage": {"secretariat"},
    "warning.manage": {"secretariat"},
    # Facility plans: a representative records their own province's; thresholds and forecasts: secretariat.
    "facility.edit": {"secretariat", "rep_own"},
    "facility.settings": {"secretariat"},
    # Investment incentives: a representative records their own province's; the floor is the secretariat's.
    "incentive.edit": {"secretariat", "rep_own"},
    "incentive.standard": {"secretariat"},
    # Following and notifications: everyone, for themselves.
    "notify.follow": set(ROLES),
    "notify.read": set(ROLES),
}


def test_every_action_has_an_expectation():
    assert set(EXPECTED) == set(auth.PERMISSIONS)


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("who", sorted(ROLES))
def test_matrix(action, who):
    allowed = who in EXPECTED[action]
    assert auth.can(ROLES[who], action, [HANOI]) is allowed
    if allowed:
        auth.authorize(ROLES[who], action, [HANOI])
    else:
        with pytest.raises(auth.PermissionDenied):
            auth.authorize(ROLES[who], action, [HANOI])


def test_nobody_signed_in_can_do_nothing():
    assert not any(auth.can(None, a, [HANOI]) for a in auth.PERMISSIONS)


def test_rep_without_province_context_is_refused():
    assert not auth.can(ROLES["rep_own"], "observation.enter", None)
    assert not auth.can(ROLES["officer_own"], "observation.verify", None)


def test_every_row_names_every_role():
    """A new role is a column of every row (issue 21: statistics_officer)."""
    for action, row in auth.PERMISSIONS.items():
        assert set(row) == set(auth.ROLES), action
