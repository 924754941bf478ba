# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""ram_resource_share_principal end to end, with a stubbed RAM client."""

from __future__ import annotations

import pytest
from botocore.stub import ANY

from ansible_collections.partner_onboarding.aws.plugins.modules import ram_resource_share_principal
from ansible_collections.partner_onboarding.aws.tests.unit.ram_answers import (
    ORG,
    PARTNER,
    ROLE,
    SHARE,
    associations_read,
    principal,
    resource_share,
    run_task,
    shares_read,
    skip_waiter_sleep,
)


def run(run_module, **args):
    return run_task(run_module, ram_resource_share_principal, **args)


def principals_read(ram, *items):
    associations_read(ram, "PRINCIPAL", *items)


PENDING_PARTNER = principal(PARTNER, "ASSOCIATING", external=True)


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("state, wanted", [("present", [PARTNER, ORG, PARTNER]), ("absent", [ROLE])])
def test_converged_is_one_read(stubbed, run_module, check_mode, state, wanted):
    principals_read(stubbed("ram"), PENDING_PARTNER, principal(ORG), principal(ROLE, "DISASSOCIATED"))
    result = run(run_module, check_mode=check_mode, resource_share_arn=SHARE, principals=wanted, state=state)
    assert result["changed"] is False
    assert stubbed.operations == ["GetResourceShareAssociations"]
    assert result["resource_share_arn"] == SHARE
    assert result["principals"] == [PARTNER, ORG]
    assert result["pending_principals"] == [PARTNER]
    assert result["diff"]["before"] == result["diff"]["after"] == {"principals": sorted([PARTNER, ORG])}


def test_converged_by_name_reads_the_share_first(stubbed, run_module):
    ram = stubbed("ram")
    shares_read(ram, resource_share(), name="partner-share")
    principals_read(ram, principal(ORG))
    result = run(run_module, resource_share_name="partner-share", principals=[ORG])
    assert result["changed"] is False
    assert stubbed.operations == ["GetResourceShares", "GetResourceShareAssociations"]
    assert result["resource_share_arn"] == SHARE


def test_add_waits_until_associated(stubbed, run_module, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    principals_read(ram, principal(ORG))
    ram.add_response(
        "associate_resource_share",
        {"resourceShareAssociations": [principal(ROLE, "ASSOCIATING")], "clientToken": "tok"},
        {"resourceShareArn": SHARE, "principals": [ROLE], "clientToken": "tok"},
    )
    principals_read(ram, principal(ORG), principal(ROLE, "ASSOCIATING"))
    principals_read(ram, principal(ORG), principal(ROLE, "ASSOCIATING"))
    principals_read(ram, principal(ORG), principal(ROLE))
    principals_read(ram, principal(ORG), principal(ROLE))
    result = run(run_module, resource_share_arn=SHARE, principals=[ROLE, ORG], client_token="tok")
    assert result["changed"] is True
    assert delays == [2, 2]
    assert (
        stubbed.operations
        == ["GetResourceShareAssociations", "AssociateResourceShare"] + ["GetResourceShareAssociations"] * 4
    )
    assert result["principals"] == [ORG, ROLE]
    assert result["pending_principals"] == []
    assert result["diff"] == {"before": {"principals": [ORG]}, "after": {"principals": sorted([ORG, ROLE])}}


def test_add_an_external_account_does_not_wait_for_its_invitation(stubbed, run_module, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    principals_read(ram)
    ram.add_response(
        "associate_resource_share",
        {"resourceShareAssociations": [PENDING_PARTNER]},
        {"resourceShareArn": SHARE, "principals": [PARTNER], "clientToken": ANY},
    )
    principals_read(ram, PENDING_PARTNER)
    principals_read(ram, PENDING_PARTNER)
    result = run(run_module, resource_share_arn=SHARE, principals=[PARTNER])
    assert result["changed"] is True
    assert delays == []
    assert result["principals"] == [PARTNER]
    assert result["pending_principals"] == [PARTNER]


def test_add_with_wait_false_reads_once_after(stubbed, run_module):
    ram = stubbed("ram")
    principals_read(ram)
    ram.add_response("associate_resource_share", {"resourceShareAssociations": []}, None)
    principals_read(ram, principal(ROLE, "ASSOCIATING"))
    result = run(run_module, resource_share_arn=SHARE, principals=[ROLE], wait=False)
    assert result["changed"] is True
    assert stubbed.operations == [
        "GetResourceShareAssociations",
        "AssociateResourceShare",
        "GetResourceShareAssociations",
    ]
    assert result["principals"] == [ROLE]


def test_add_check_mode_predicts_with_one_read(stubbed, run_module):
    principals_read(stubbed("ram"), PENDING_PARTNER)
    result = run(run_module, check_mode=True, resource_share_arn=SHARE, principals=[ROLE, PARTNER])
    assert result["changed"] is True
    assert stubbed.operations == ["GetResourceShareAssociations"]
    assert result["principals"] == [PARTNER, ROLE]
    assert result["pending_principals"] == [PARTNER]


@pytest.mark.parametrize("check_mode", [False, True])
def test_remove_leaves_the_other_principals(stubbed, run_module, monkeypatch, check_mode):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    principals_read(ram, PENDING_PARTNER, principal(ORG), principal(ROLE))
    if not check_mode:
        ram.add_response(
            "disassociate_resource_share",
            {"resourceShareAssociations": [principal(PARTNER, "DISASSOCIATING")]},
            {"resourceShareArn": SHARE, "principals": [PARTNER, ROLE], "clientToken": ANY},
        )
        principals_read(ram, principal(PARTNER, "DISASSOCIATING"), principal(ORG), principal(ROLE, "DISASSOCIATING"))
        principals_read(ram, principal(PARTNER, "DISASSOCIATED"), principal(ORG), principal(ROLE, "DISASSOCIATED"))
        principals_read(ram, principal(PARTNER, "DISASSOCIATED"), principal(ORG), principal(ROLE, "DISASSOCIATED"))
    result = run(
        run_module, check_mode=check_mode, resource_share_arn=SHARE, principals=[PARTNER, ROLE], state="absent"
    )
    assert result["changed"] is True
    assert result["principals"] == [ORG]
    assert result["pending_principals"] == []
    assert delays == ([] if check_mode else [2])
    assert result["diff"]["after"] == {"principals": [ORG]}


def test_failed_association_fails_with_its_status_message(stubbed, run_module, monkeypatch):
    skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    principals_read(ram)
    ram.add_response("associate_resource_share", {"resourceShareAssociations": []}, None)
    principals_read(ram, principal(ROLE, "FAILED", message="role does not exist"))
    result = run(run_module, resource_share_arn=SHARE, principals=[ROLE])
    assert result["failed"] is True
    assert f"{ROLE}: role does not exist" in result["msg"]


def test_wait_timeout_fails_naming_it(stubbed, run_module, monkeypatch):
    skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    principals_read(ram)
    ram.add_response("associate_resource_share", {"resourceShareAssociations": []}, None)
    principals_read(ram, principal(ROLE, "ASSOCIATING"))
    principals_read(ram, principal(ROLE, "ASSOCIATING"))
    result = run(run_module, resource_share_arn=SHARE, principals=[ROLE], wait_timeout=1)
    assert result["failed"] is True
    assert "wait_timeout" in result["msg"]
    assert f"{ROLE} (ASSOCIATING)" in result["msg"]


def test_failed_write_names_the_operation_and_reports_the_principals(stubbed, run_module):
    ram = stubbed("ram")
    principals_read(ram, principal(ORG))
    ram.add_client_error("associate_resource_share", "OperationNotPermittedException", "not allowed", 400)
    result = run(run_module, resource_share_arn=SHARE, principals=[PARTNER])
    assert result["failed"] is True
    assert result["msg"].startswith(
        f"AssociateResourceShare for resource share {SHARE} failed with OperationNotPermittedException"
    )
    assert result["resource_share_arn"] == SHARE
    assert result["principals"] == [ORG]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"resource_share_arn": SHARE, "principals": ["o-123"]}, "principals: 'o-123' not valid"),
        ({"resource_share_arn": SHARE, "principals": []}, "principals must list at least one principal"),
        ({"resource_share_arn": "x", "principals": [ORG]}, "resource_share_arn 'x'"),
        ({"resource_share_arn": SHARE, "principals": [ORG], "wait_timeout": 0}, "wait_timeout must be 1 or more"),
        ({"principals": [ORG]}, "one of the following is required: resource_share_arn, resource_share_name"),
    ],
)
def test_bad_input_fails_before_any_call(stubbed, run_module, args, message):
    result = run(run_module, **args)
    assert result["failed"] is True
    assert message in result["msg"]
    assert stubbed.sent == []
