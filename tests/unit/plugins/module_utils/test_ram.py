# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""_ram: RAM's error hints, reading shares and the one share lookup."""

from __future__ import annotations

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import (
    AWSError,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import (
    Failure,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram import (
    LookupFailed,
    normalize_share,
    ram_hints,
    read_share,
    read_share_arn,
)
from ansible_collections.partner_onboarding.aws.tests.unit.ram_answers import (
    OTHER_SHARE,
    OWNER,
    SHARE,
    resource_share,
    shares_read,
)

# --- hints ------------------------------------------------------------------------------------------------------

DOCUMENTED_CODES = [
    "MalformedArnException",
    "UnknownResourceException",
    "InvalidParameterException",
    "InvalidClientTokenException",
    "IdempotentParameterMismatchException",
    "OperationNotPermittedException",
    "ServerInternalException",
    "ServiceUnavailableException",
    "InvalidStateTransitionException",
]


@pytest.mark.parametrize(
    "operation",
    [
        None,
        "ListResourceSharePermissions",
        "GetPermission",
        "GetResourceShares",
        "AssociateResourceSharePermission",
        "DisassociateResourceSharePermission",
    ],
)
@pytest.mark.parametrize("code", DOCUMENTED_CODES)
def test_every_documented_error_has_a_hint(operation, code):
    assert ram_hints(operation)[code]


def test_disassociate_in_use_hint_says_why_and_what_to_do():
    hint = ram_hints("DisassociateResourceSharePermission", "glue:Database")["OperationNotPermittedException"]
    assert "still holds glue:Database resources" in hint
    assert "remove those resources from the share first" in hint
    assert "replace: true" in hint
    assert (
        "resources of the permission's resource type"
        in ram_hints("DisassociateResourceSharePermission")["OperationNotPermittedException"]
    )


# --- reads against the real RAM model --------------------------------------------------------------------------


def test_normalize_share():
    assert normalize_share(resource_share(tags={"team": "data"}, allow=True)) == {
        "arn": SHARE,
        "name": "partner-share",
        "status": "ACTIVE",
        "owning_account_id": OWNER,
        "allow_external_principals": True,
        "feature_set": "STANDARD",
        "retain_sharing_on_account_leave_organization": False,
        "tags": {"team": "data"},
        "creation_time": "2024-06-01T09:41:07+00:00",
        "last_updated_time": "2024-06-01T09:41:07+00:00",
    }
    assert normalize_share({"resourceShareArn": SHARE})["tags"] == {}
    retained = dict(resource_share(), resourceShareConfiguration={"retainSharingOnAccountLeaveOrganization": True})
    assert normalize_share(retained)["retain_sharing_on_account_leave_organization"] is True


def test_find_share_by_name_exact_match_only_and_deleted_ignored(stubbed):
    ram = stubbed("ram")
    shares_read(
        ram,
        resource_share(OTHER_SHARE, name="partner-share-old"),
        resource_share(OTHER_SHARE, status="DELETED"),
        next_token="p2",
        name="partner-share",
    )
    shares_read(ram, resource_share(SHARE, status="PENDING"), token="p2", name="partner-share")
    found = read_share(stubbed.client("ram"), name="partner-share")
    assert found["arn"] == SHARE
    assert found["status"] == "PENDING"
    assert stubbed.operations == ["GetResourceShares", "GetResourceShares"]


@pytest.mark.parametrize("status", ["DELETING", "DELETED"])
def test_find_share_by_name_gone_share_is_no_share(stubbed, status):
    shares_read(stubbed("ram"), resource_share(status=status), name="partner-share")
    assert read_share(stubbed.client("ram"), name="partner-share") == {}


def test_find_share_by_name_none(stubbed):
    shares_read(stubbed("ram"), name="partner-share")
    assert read_share(stubbed.client("ram"), name="partner-share") == {}


def test_find_share_by_name_several_live_fail_listing_their_arns(stubbed):
    shares_read(
        stubbed("ram"),
        resource_share(SHARE),
        resource_share(OTHER_SHARE, status="PENDING"),
        resource_share(f"arn:aws:ram:us-east-1:{OWNER}:resource-share/gone", status="DELETED"),
        name="partner-share",
    )
    with pytest.raises(Failure) as raised:
        read_share(stubbed.client("ram"), name="partner-share")
    message = str(raised.value)
    assert f"matches 2 resource shares: {', '.join(sorted([SHARE, OTHER_SHARE]))}" in message
    assert "gone" not in message
    assert "give arn" in message


def test_find_share_by_arn(stubbed):
    shares_read(stubbed("ram"), resource_share(name="renamed"), resourceShareArns=[SHARE])
    assert read_share(stubbed.client("ram"), name="partner-share", arn=SHARE)["name"] == "renamed"


def test_find_share_by_arn_deleted_is_no_share(stubbed):
    shares_read(stubbed("ram"), resource_share(status="DELETED"), resourceShareArns=[SHARE])
    assert read_share(stubbed.client("ram"), arn=SHARE) == {}


def test_find_share_by_arn_unknown_is_no_share(stubbed):
    stubbed("ram").add_client_error(
        "get_resource_shares",
        "UnknownResourceException",
        "ResourceShare not found",
        400,
        expected_params={"resourceOwner": "SELF", "resourceShareArns": [SHARE]},
    )
    assert read_share(stubbed.client("ram"), arn=SHARE) == {}


def test_find_share_other_errors_are_aws_errors(stubbed):
    stubbed("ram").add_client_error("get_resource_shares", "MalformedArnException", "bad arn", 400)
    with pytest.raises(AWSError) as raised:
        read_share(stubbed.client("ram"), arn=SHARE)
    assert (raised.value.operation, raised.value.code) == ("GetResourceShares", "MalformedArnException")


# --- finding a share by name ------------------------------------------------------------------------------------


def share(arn, name="partner-share", status="ACTIVE"):
    return {"resourceShareArn": arn, "name": name, "owningAccountId": "123456789012", "status": status}


def test_find_share_by_name_skips_deleted_shares_across_pages(stubbed):
    client, stubber = stubbed.client("ram"), stubbed("ram")
    query = {"resourceOwner": "SELF", "name": "partner-share"}
    stubber.add_response(
        "get_resource_shares", {"resourceShares": [share(OTHER_SHARE, status="DELETED")], "nextToken": "p2"}, query
    )
    stubber.add_response("get_resource_shares", {"resourceShares": [share(SHARE)]}, {**query, "nextToken": "p2"})
    assert read_share_arn(client, {"resource_share_name": "partner-share"}) == SHARE


def test_find_share_by_name_ambiguous_lists_the_candidates(stubbed):
    client, stubber = stubbed.client("ram"), stubbed("ram")
    stubber.add_response(
        "get_resource_shares",
        {"resourceShares": [share(SHARE), share(OTHER_SHARE, status="PENDING")]},
        {"resourceOwner": "SELF", "name": "partner-share"},
    )
    with pytest.raises(LookupFailed) as raised:
        read_share_arn(client, {"resource_share_name": "partner-share"})
    assert "matches 2 resource shares" in str(raised.value)
    assert SHARE in str(raised.value) and OTHER_SHARE in str(raised.value)
    assert raised.value.candidates == sorted([SHARE, OTHER_SHARE])


def test_find_share_by_name_missing_lists_the_callers_share_names(stubbed):
    client, stubber = stubbed.client("ram"), stubbed("ram")
    stubber.add_response(
        "get_resource_shares",
        {"resourceShares": [share(OTHER_SHARE, status="DELETED")]},
        {"resourceOwner": "SELF", "name": "partner-share"},
    )
    stubber.add_response(
        "get_resource_shares",
        {
            "resourceShares": [
                share(SHARE, name="vendor-share"),
                share(OTHER_SHARE, name="old-share", status="DELETED"),
                share(OTHER_SHARE, name="analytics-share"),
            ]
        },
        {"resourceOwner": "SELF"},
    )
    with pytest.raises(LookupFailed) as raised:
        read_share_arn(client, {"resource_share_name": "partner-share"})
    assert "'partner-share' matches none of your resource shares" in str(raised.value)
    assert "analytics-share, vendor-share" in str(raised.value)
    assert raised.value.candidates == ["analytics-share", "vendor-share"]


def test_find_share_by_name_missing_with_no_shares_at_all(stubbed):
    client, stubber = stubbed.client("ram"), stubbed("ram")
    stubber.add_response("get_resource_shares", {"resourceShares": []}, {"resourceOwner": "SELF", "name": "x"})
    stubber.add_response("get_resource_shares", {"resourceShares": []}, {"resourceOwner": "SELF"})
    with pytest.raises(LookupFailed, match="your resource shares are: none"):
        read_share_arn(client, {"resource_share_name": "x"})


def test_find_share_by_name_error_becomes_aws_error(stubbed):
    client, stubber = stubbed.client("ram"), stubbed("ram")
    stubber.add_client_error("get_resource_shares", "ServiceUnavailableException", "try later", 503)
    with pytest.raises(AWSError) as raised:
        read_share_arn(client, {"resource_share_name": "partner-share"})
    assert raised.value.operation == "GetResourceShares"
