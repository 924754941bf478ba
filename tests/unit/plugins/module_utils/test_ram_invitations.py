# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""_ram_invitations: the plan that accepts or rejects a resource share invitation."""

from __future__ import annotations

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import (
    Failure,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_invitations import (
    normalize_invitation,
    plan_invitation,
)
from ansible_collections.partner_onboarding.aws.tests.unit.ram_answers import (
    INVITATION,
    OWNER,
    SHARE,
    Tokens,
    invitation,
    sent,
)

# --- plan_invitation -----------------------------------------------------------------------------------------------


def normalized_invitation(status):
    return normalize_invitation(invitation(status))


@pytest.mark.parametrize(
    "status, wanted, operation, after",
    [
        ("PENDING", "accepted", "AcceptResourceShareInvitation", "ACCEPTED"),
        ("PENDING", "rejected", "RejectResourceShareInvitation", "REJECTED"),
        ("ACCEPTED", "accepted", None, "ACCEPTED"),
        ("REJECTED", "rejected", None, "REJECTED"),
    ],
)
def test_plan_invitation(status, wanted, operation, after):
    current = normalized_invitation(status)
    writes, predicted = plan_invitation(current, wanted, Tokens())
    if operation:
        assert sent(writes) == [
            (operation, {"resourceShareInvitationArn": INVITATION, "clientToken": f"token-1-{operation}"})
        ]
        assert writes[0].target == f"invitation {INVITATION}"
    else:
        assert writes == []
    assert predicted == dict(current, status=after)


@pytest.mark.parametrize("wanted", ["accepted", "rejected"])
def test_plan_invitation_expired_fails(wanted):
    current = normalized_invitation("EXPIRED")
    with pytest.raises(Failure) as raised:
        plan_invitation(current, wanted, Tokens())
    message = str(raised.value)
    assert "expired" in message
    assert SHARE in message and OWNER in message
    assert "add it again" in message
    assert raised.value.result == {"invitation": current}


@pytest.mark.parametrize("status, wanted", [("ACCEPTED", "rejected"), ("REJECTED", "accepted")])
def test_plan_invitation_in_the_other_state_fails_naming_both(status, wanted):
    current = normalized_invitation(status)
    with pytest.raises(Failure) as raised:
        plan_invitation(current, wanted, Tokens())
    message = str(raised.value)
    assert f"already {status}" in message
    assert f"cannot make it {wanted.upper()}" in message
    assert raised.value.result == {"invitation": current}
