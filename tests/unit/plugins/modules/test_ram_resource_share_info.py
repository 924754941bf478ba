# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""ram_resource_share_info end to end, with a stubbed RAM client."""

from __future__ import annotations

import pytest

from ansible_collections.partner_onboarding.aws.plugins.modules import ram_resource_share_info
from ansible_collections.partner_onboarding.aws.tests.unit.ram_answers import (
    DB,
    DB_RW,
    ORG,
    OTHER_SHARE,
    PARTNER,
    ROLE,
    SHARE,
    TABLE,
    TABLE_DEFAULT,
    associations_read,
    permissions_read,
    principal,
    resource,
    resource_share,
    run_task,
    shares_read,
    summary,
)

GONE = SHARE.replace("7ab63972", "99999999")


def run(run_module, **args):
    return run_task(run_module, ram_resource_share_info, **args)


@pytest.mark.parametrize("check_mode", [False, True])
def test_own_shares_read_associations_of_all_shares_in_one_call_per_type(stubbed, run_module, check_mode):
    ram = stubbed("ram")
    shares_read(
        ram,
        resource_share(SHARE),
        resource_share(OTHER_SHARE, name="vendor-share", allow=True),
        resource_share(GONE, name="old-share", status="DELETED"),
    )
    both = (SHARE, OTHER_SHARE)
    associations_read(
        ram,
        "PRINCIPAL",
        principal(ORG),
        principal(PARTNER, "ASSOCIATING", share=OTHER_SHARE, external=True),
        principal(ROLE, "DISASSOCIATED", share=OTHER_SHARE),
        shares=both,
    )
    associations_read(ram, "RESOURCE", resource(DB), resource(TABLE, share=OTHER_SHARE), shares=both)
    permissions_read(ram, summary(DB_RW, "glue:Database"), share=SHARE)
    permissions_read(ram, summary(TABLE_DEFAULT, "glue:Table"), share=OTHER_SHARE)
    result = run(run_module, check_mode=check_mode)
    assert result["changed"] is False
    assert stubbed.operations == [
        "GetResourceShares",
        "GetResourceShareAssociations",
        "GetResourceShareAssociations",
        "ListResourceSharePermissions",
        "ListResourceSharePermissions",
    ]
    first, second = result["resource_shares"]
    assert (first["arn"], first["resource_arns"], first["principals"], first["pending_principals"]) == (
        SHARE,
        [DB],
        [ORG],
        [],
    )
    assert (second["name"], second["resource_arns"], second["principals"], second["pending_principals"]) == (
        "vendor-share",
        [TABLE],
        [PARTNER],
        [PARTNER],
    )
    assert [p["arn"] for p in first["permissions"]] == [DB_RW]
    assert [p["arn"] for p in second["permissions"]] == [TABLE_DEFAULT]
    assert second["allow_external_principals"] is True


def test_by_name_exact_match_only(stubbed, run_module):
    ram = stubbed("ram")
    shares_read(ram, resource_share(SHARE), resource_share(OTHER_SHARE, name="partner-share-2"), name="partner-share")
    associations_read(ram, "PRINCIPAL")
    associations_read(ram, "RESOURCE")
    permissions_read(ram)
    result = run(run_module, name="partner-share")
    assert [share["arn"] for share in result["resource_shares"]] == [SHARE]
    assert result["resource_shares"][0]["principals"] == []


def test_by_unknown_arn_is_an_empty_list(stubbed, run_module):
    stubbed("ram").add_client_error(
        "get_resource_shares",
        "UnknownResourceException",
        "not found",
        400,
        expected_params={"resourceOwner": "SELF", "resourceShareArns": [SHARE]},
    )
    result = run(run_module, arn=SHARE)
    # ansible-core 2.21 no longer returns ``invocation``: compare the rest.
    assert {key: value for key, value in result.items() if key != "invocation"} == {
        "changed": False,
        "resource_shares": [],
    }


def test_no_shares_no_association_reads(stubbed, run_module):
    shares_read(stubbed("ram"), resource_share(status="DELETING"))
    result = run(run_module)
    assert result["resource_shares"] == []
    assert stubbed.operations == ["GetResourceShares"]


def test_shares_of_other_accounts_read_no_associations(stubbed, run_module):
    ram = stubbed("ram")
    shares_read(ram, resource_share(owner="111122223333"), owner="OTHER-ACCOUNTS")
    permissions_read(ram, summary(DB_RW, "glue:Database"))
    result = run(run_module, resource_owner="OTHER-ACCOUNTS")
    assert stubbed.operations == ["GetResourceShares", "ListResourceSharePermissions"]
    (share,) = result["resource_shares"]
    assert share["owning_account_id"] == "111122223333"
    assert [p["arn"] for p in share["permissions"]] == [DB_RW]
    for key in ("resource_arns", "principals", "pending_principals"):
        assert key not in share


def test_a_failed_read_names_the_operation(stubbed, run_module):
    stubbed("ram").add_client_error("get_resource_shares", "ServiceUnavailableException", "later", 503)
    result = run(run_module)
    assert result["failed"] is True
    assert result["msg"].startswith("GetResourceShares failed with ServiceUnavailableException")


def test_bad_arn_fails_before_any_call(stubbed, run_module):
    result = run(run_module, arn="partner-share")
    assert result["failed"] is True
    assert "arn 'partner-share' is not a RAM resource share ARN" in result["msg"]
    assert stubbed.sent == []


def test_associations_are_read_a_hundred_shares_per_call(stubbed, run_module):
    ram = stubbed("ram")
    arns = [SHARE.replace("7ab63972", f"{number:08d}") for number in range(101)]
    shares_read(ram, *(resource_share(arn, name=f"share-{number}") for number, arn in enumerate(arns)))
    for batch in (arns[:100], arns[100:]):
        associations_read(ram, "PRINCIPAL", principal(ORG, share=batch[-1]), shares=batch)
    for batch in (arns[:100], arns[100:]):
        associations_read(ram, "RESOURCE", resource(DB, share=batch[0]), shares=batch)
    for arn in arns:
        permissions_read(ram, share=arn)
    result = run(run_module)
    assert stubbed.operations[:5] == ["GetResourceShares"] + ["GetResourceShareAssociations"] * 4
    shares = {share["arn"]: share for share in result["resource_shares"]}
    assert len(shares) == 101
    assert (shares[arns[99]]["principals"], shares[arns[100]]["principals"]) == ([ORG], [ORG])
    assert (shares[arns[0]]["resource_arns"], shares[arns[100]]["resource_arns"]) == ([DB], [DB])
    assert shares[arns[1]]["principals"] == []
