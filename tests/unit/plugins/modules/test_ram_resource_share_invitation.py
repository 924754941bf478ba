# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""ram_resource_share_invitation end to end, as the partner, with stubbed RAM and STS clients."""

from __future__ import annotations

import pytest
from botocore.stub import ANY

from ansible_collections.partner_onboarding.aws.plugins.modules import ram_resource_share_invitation
from ansible_collections.partner_onboarding.aws.tests.unit.ram_answers import (
    INVITATION,
    OTHER_SHARE,
    OWNER,
    PARTNER,
    SHARE,
    at,
    invitation,
    resource_share,
    run_task,
    shares_read,
)


def run(run_module, **args):
    return run_task(run_module, ram_resource_share_invitation, **args)


def invitations_read(ram, *items, by_arn=True):
    expected = {"resourceShareArns": [SHARE]} if by_arn else {}
    ram.add_response("get_resource_share_invitations", {"resourceShareInvitations": list(items)}, expected)


@pytest.mark.parametrize(
    "state, method, operation, status",
    [
        ("accepted", "accept_resource_share_invitation", "AcceptResourceShareInvitation", "ACCEPTED"),
        ("rejected", "reject_resource_share_invitation", "RejectResourceShareInvitation", "REJECTED"),
    ],
)
def test_answers_a_pending_invitation(stubbed, run_module, state, method, operation, status):
    ram = stubbed("ram")
    invitations_read(ram, invitation("PENDING"))
    ram.add_response(
        method,
        {"resourceShareInvitation": invitation(status), "clientToken": "tok"},
        {"resourceShareInvitationArn": INVITATION, "clientToken": "tok"},
    )
    result = run(run_module, resource_share_arn=SHARE, state=state, client_token="tok")
    assert result["changed"] is True
    assert stubbed.operations == ["GetResourceShareInvitations", operation]
    assert result["invitation"] == {
        "arn": INVITATION,
        "resource_share_arn": SHARE,
        "resource_share_name": "partner-share",
        "sender_account_id": OWNER,
        "receiver_account_id": PARTNER,
        "status": status,
        "invitation_timestamp": "2024-06-01T09:41:07+00:00",
    }
    assert (result["diff"]["before"]["status"], result["diff"]["after"]["status"]) == ("PENDING", status)


def test_accept_by_name_takes_the_latest_invitation_to_that_share(stubbed, run_module):
    ram = stubbed("ram")
    newer = INVITATION.replace("1e3477ab", "2f0000aa")
    invitations_read(
        ram,
        invitation("EXPIRED", sent=at(0)),
        invitation("PENDING", sent=at(60), arn=newer),
        invitation("PENDING", share=OTHER_SHARE, name="vendor-share", sent=at(90)),
        by_arn=False,
    )
    ram.add_response(
        "accept_resource_share_invitation",
        {"resourceShareInvitation": invitation("ACCEPTED", sent=at(60), arn=newer)},
        {"resourceShareInvitationArn": newer, "clientToken": ANY},
    )
    result = run(run_module, resource_share_name="partner-share")
    assert result["changed"] is True
    assert result["invitation"]["arn"] == newer


def test_check_mode_predicts_with_one_read(stubbed, run_module):
    invitations_read(stubbed("ram"), invitation("PENDING"))
    result = run(run_module, check_mode=True, resource_share_arn=SHARE)
    assert result["changed"] is True
    assert stubbed.operations == ["GetResourceShareInvitations"]
    assert result["invitation"]["status"] == "ACCEPTED"


@pytest.mark.parametrize("check_mode", [False, True])
def test_already_accepted_is_no_change(stubbed, run_module, check_mode):
    invitations_read(stubbed("ram"), invitation("ACCEPTED"))
    result = run(run_module, check_mode=check_mode, resource_share_arn=SHARE)
    assert result["changed"] is False
    assert stubbed.operations == ["GetResourceShareInvitations"]
    assert result["invitation"]["status"] == "ACCEPTED"


def test_no_invitation_but_share_visible_is_no_change(stubbed, run_module):
    ram = stubbed("ram")
    invitations_read(ram)
    shares_read(ram, resource_share(), owner="OTHER-ACCOUNTS")
    result = run(run_module, resource_share_arn=SHARE)
    assert result["changed"] is False
    assert result["invitation"] == {}
    assert stubbed.operations == ["GetResourceShareInvitations", "GetResourceShares"]


def test_no_invitation_and_no_share_fails_naming_the_callers_account(stubbed, run_module):
    ram = stubbed("ram")
    invitations_read(ram, by_arn=False)
    shares_read(ram, resource_share(OTHER_SHARE, name="vendor-share"), owner="OTHER-ACCOUNTS")
    stubbed("sts").add_response(
        "get_caller_identity",
        {"UserId": "AIDAPARTNER", "Account": PARTNER, "Arn": f"arn:aws:iam::{PARTNER}:user/loader"},
        {},
    )
    result = run(run_module, resource_share_name="partner-share")
    assert result["failed"] is True
    assert stubbed.operations == ["GetResourceShareInvitations", "GetResourceShares", "GetCallerIdentity"]
    message = result["msg"]
    assert "'partner-share'" in message
    assert f"account {PARTNER}" in message
    assert f"owner must add this account ({PARTNER}) as a principal" in message


def test_no_invitation_to_reject_inside_the_organization_fails(stubbed, run_module):
    ram = stubbed("ram")
    invitations_read(ram)
    shares_read(ram, resource_share(), owner="OTHER-ACCOUNTS")
    result = run(run_module, resource_share_arn=SHARE, state="rejected")
    assert result["failed"] is True
    assert "without an invitation" in result["msg"]


def test_expired_invitation_fails_saying_so(stubbed, run_module):
    invitations_read(stubbed("ram"), invitation("EXPIRED"))
    result = run(run_module, resource_share_arn=SHARE)
    assert result["failed"] is True
    assert "expired" in result["msg"]
    assert result["invitation"]["status"] == "EXPIRED"
    assert stubbed.operations == ["GetResourceShareInvitations"]


def test_rejected_invitation_cannot_be_accepted(stubbed, run_module):
    invitations_read(stubbed("ram"), invitation("REJECTED"))
    result = run(run_module, resource_share_arn=SHARE)
    assert result["failed"] is True
    assert "already REJECTED" in result["msg"] and "ACCEPTED" in result["msg"]


def test_invitations_to_several_shares_of_one_name_fail(stubbed, run_module):
    invitations_read(
        stubbed("ram"),
        invitation("PENDING"),
        invitation("PENDING", share=OTHER_SHARE, arn=INVITATION.replace("1e3477ab", "3a0000bb")),
        by_arn=False,
    )
    result = run(run_module, resource_share_name="partner-share")
    assert result["failed"] is True
    assert f"{OTHER_SHARE}, {SHARE}" in result["msg"]


def test_answer_refused_but_invitation_already_accepted_is_no_change(stubbed, run_module):
    ram = stubbed("ram")
    invitations_read(ram, invitation("PENDING"))
    ram.add_client_error(
        "accept_resource_share_invitation", "ResourceShareInvitationAlreadyAcceptedException", "accepted", 400
    )
    invitations_read(ram, invitation("ACCEPTED"))
    invitations_read(ram, invitation("ACCEPTED"))
    result = run(run_module, resource_share_arn=SHARE)
    assert result.get("failed") is not True, result
    assert result["invitation"]["status"] == "ACCEPTED"


def test_failed_answer_names_the_operation_and_the_hint(stubbed, run_module):
    ram = stubbed("ram")
    invitations_read(ram, invitation("PENDING"))
    ram.add_client_error("accept_resource_share_invitation", "ResourceShareInvitationExpiredException", "expired", 400)
    invitations_read(ram, invitation("EXPIRED"))
    result = run(run_module, resource_share_arn=SHARE)
    assert result["failed"] is True
    assert result["msg"].startswith(
        f"AcceptResourceShareInvitation for invitation {INVITATION} failed with ResourceShareInvitationExpiredException"
    )
    assert "remove this account from the share and add it again" in result["msg"]
    assert result["invitation"]["status"] == "PENDING"


def test_bad_input_fails_before_any_call(stubbed, run_module):
    result = run(run_module, resource_share_arn="partner-share")
    assert result["failed"] is True
    assert "resource_share_arn 'partner-share'" in result["msg"]
    assert stubbed.sent == []


# --- sender_account_id (1.3.0): every pending invitation from one account -----------------------------------------


def test_sender_answers_every_pending_invitation_from_that_account_oldest_first(stubbed, run_module):
    ram = stubbed("ram")
    second = INVITATION.replace("1e3477ab", "2f0000aa")
    from_elsewhere = dict(invitation("PENDING", sent=at(5), arn=INVITATION.replace("1e3477ab", "3c0000bb")))
    from_elsewhere["senderAccountId"] = "333344445555"
    invitations_read(
        ram,
        invitation("PENDING", share=OTHER_SHARE, name="LakeFormation-V3-B", sent=at(60), arn=second),
        invitation("ACCEPTED", sent=at(1), arn=INVITATION.replace("1e3477ab", "4d0000cc")),
        from_elsewhere,
        invitation("PENDING", name="LakeFormation-V3-A", sent=at(0)),
        by_arn=False,
    )
    for arn, name, share, sent in (
        (INVITATION, "LakeFormation-V3-A", SHARE, at(0)),
        (second, "LakeFormation-V3-B", OTHER_SHARE, at(60)),
    ):
        ram.add_response(
            "accept_resource_share_invitation",
            {"resourceShareInvitation": invitation("ACCEPTED", share=share, name=name, sent=sent, arn=arn)},
            {"resourceShareInvitationArn": arn, "clientToken": ANY},
        )
    result = run(run_module, sender_account_id=OWNER)
    assert result["changed"] is True
    assert stubbed.operations == [
        "GetResourceShareInvitations",
        "AcceptResourceShareInvitation",
        "AcceptResourceShareInvitation",
    ]
    assert [(i["resource_share_name"], i["status"]) for i in result["invitations"]] == [
        ("LakeFormation-V3-A", "ACCEPTED"),
        ("LakeFormation-V3-B", "ACCEPTED"),
    ]
    assert "invitation" not in result


@pytest.mark.parametrize("check_mode", [False, True])
def test_sender_with_nothing_pending_is_no_change(stubbed, run_module, check_mode):
    invitations_read(stubbed("ram"), invitation("ACCEPTED"), by_arn=False)
    result = run(run_module, sender_account_id=OWNER, check_mode=check_mode)
    assert (result["changed"], result["invitations"]) == (False, [])


def test_sender_in_check_mode_predicts_without_writing(stubbed, run_module):
    invitations_read(stubbed("ram"), invitation("PENDING"), by_arn=False)
    result = run(run_module, sender_account_id=OWNER, state="rejected", check_mode=True)
    assert result["changed"] is True
    assert [i["status"] for i in result["invitations"]] == ["REJECTED"]
    assert stubbed.operations == ["GetResourceShareInvitations"]


@pytest.mark.parametrize(
    "args, words",
    [
        ({"sender_account_id": "12345"}, "sender_account_id '12345' is not valid"),
        ({"sender_account_id": OWNER, "resource_share_name": "x"}, "mutually exclusive"),
        ({}, "one of the following is required"),
    ],
)
def test_sender_rules_fail_before_any_call(stubbed, run_module, args, words):
    result = run(run_module, **args)
    assert result["failed"] is True and words in result["msg"]
    assert stubbed.operations == []
