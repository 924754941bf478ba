# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The modules end to end, with a stubbed RAM client: which calls are made, in which order, and what is returned."""

from __future__ import annotations

import uuid

import pytest
from botocore.stub import ANY

from ansible_collections.partner_onboarding.aws.plugins.modules import (
    ram_resource_share_permission,
    ram_resource_share_permission_info,
)
from ansible_collections.partner_onboarding.aws.tests.unit.ram_answers import permission_detail, summary

SHARE = "arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e"
DB_DEFAULT = "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionGlueDatabase"
DB_RW = "arn:aws:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite"
TABLE_DEFAULT = "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionGlueTable"
CONNECTION = {"region": "us-east-1", "access_key": "AKIAUNITTEST", "secret_key": "unit-test-secret-key"}


@pytest.fixture
def ram(stubbed):
    """The stubbed RAM client's Stubber; what was sent is in ``stubbed.sent``."""
    return stubbed("ram")


@pytest.fixture
def run(run_module):
    def run_with_connection(module, check_mode=False, **args):
        args = dict(CONNECTION, **args)
        if check_mode:
            args["_ansible_check_mode"] = True
        return run_module(module, **args)

    return run_with_connection


@pytest.fixture
def run_permission(run):
    return lambda **args: run(ram_resource_share_permission, **args)


def listing(stub, *items, next_token=None, token=None):
    response = {"permissions": list(items)}
    if next_token:
        response["nextToken"] = next_token
    expected = {"resourceShareArn": SHARE}
    if token:
        expected["nextToken"] = token
    stub.add_response("list_resource_share_permissions", response, expected)


# --- present ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("version", [None, 1])
def test_converged_is_one_read_call(stubbed, ram, run_permission, check_mode, version):
    listing(ram, summary(DB_RW, "glue:Database"), summary(TABLE_DEFAULT, "glue:Table"))
    result = run_permission(
        check_mode=check_mode, resource_share_arn=SHARE, permission_arn=DB_RW, permission_version=version
    )
    assert result["changed"] is False
    assert stubbed.operations == ["ListResourceSharePermissions"]
    assert result["resource_share_arn"] == SHARE
    assert [p["arn"] for p in result["permissions"]] == [DB_RW, TABLE_DEFAULT]
    assert result["diff"]["before"] == result["diff"]["after"]


def test_converged_over_pages_is_one_read_call_per_page(stubbed, ram, run_permission):
    listing(ram, summary(TABLE_DEFAULT, "glue:Table"), next_token="2")
    listing(ram, summary(DB_RW, "glue:Database"), token="2")
    result = run_permission(
        resource_share_arn=SHARE, permission_name="AWSRAMPermissionGlueDatabaseReadWrite", replace=True
    )
    assert result["changed"] is False
    assert stubbed.operations == ["ListResourceSharePermissions"] * 2


def test_replace_refused_fails_naming_the_permission_and_writes_nothing(stubbed, ram, run_permission):
    for check_mode in (True, False):
        listing(ram, summary(DB_DEFAULT, "glue:Database"))
        ram.add_response("get_permission", permission_detail(DB_RW, "glue:Database"), {"permissionArn": DB_RW})
        result = run_permission(check_mode=check_mode, resource_share_arn=SHARE, permission_arn=DB_RW)
        assert result["failed"] is True
        assert DB_DEFAULT in result["msg"] and "replace: true" in result["msg"]
        assert result["permissions"][0]["arn"] == DB_DEFAULT
    assert stubbed.operations == ["ListResourceSharePermissions", "GetPermission"] * 2


def test_replace_check_mode_predicts_with_reads_only(stubbed, ram, run_permission):
    listing(ram, summary(DB_DEFAULT, "glue:Database"), summary(TABLE_DEFAULT, "glue:Table"))
    ram.add_response("get_permission", permission_detail(DB_RW, "glue:Database"), {"permissionArn": DB_RW})
    result = run_permission(
        check_mode=True,
        resource_share_arn=SHARE,
        permission_name="AWSRAMPermissionGlueDatabaseReadWrite",
        replace=True,
    )
    assert result["changed"] is True, result
    assert stubbed.operations == ["ListResourceSharePermissions", "GetPermission"]
    assert sorted(p["arn"] for p in result["permissions"]) == sorted([DB_RW, TABLE_DEFAULT])
    assert result["diff"]["before"]["glue:Database"] == {"arn": DB_DEFAULT, "version": 1}
    assert result["diff"]["after"]["glue:Database"] == {"arn": DB_RW, "version": 1}


def test_replace_writes_once_with_one_fresh_token_and_rereads(stubbed, ram, run_permission):
    listing(ram, summary(DB_DEFAULT, "glue:Database"))
    ram.add_response("get_permission", permission_detail(DB_RW, "glue:Database"), {"permissionArn": DB_RW})
    ram.add_response(
        "associate_resource_share_permission",
        {"returnValue": True},
        {"resourceShareArn": SHARE, "permissionArn": DB_RW, "replace": True, "clientToken": ANY},
    )
    listing(ram, summary(DB_RW, "glue:Database"))
    result = run_permission(resource_share_arn=SHARE, permission_arn=DB_RW, replace=True)
    assert result["changed"] is True
    assert stubbed.operations == [
        "ListResourceSharePermissions",
        "GetPermission",
        "AssociateResourceSharePermission",
        "ListResourceSharePermissions",
    ]
    token = stubbed.sent[2][1]["clientToken"]
    assert str(uuid.UUID(token)) == token
    assert result["permissions"][0]["arn"] == DB_RW


def test_associate_on_a_free_resource_type_needs_no_replace(stubbed, ram, run_permission):
    listing(ram, summary(TABLE_DEFAULT, "glue:Table"))
    ram.add_response("get_permission", permission_detail(DB_RW, "glue:Database"), {"permissionArn": DB_RW})
    ram.add_response(
        "associate_resource_share_permission",
        {"returnValue": True},
        {"resourceShareArn": SHARE, "permissionArn": DB_RW, "replace": False, "clientToken": "my-token"},
    )
    listing(ram, summary(TABLE_DEFAULT, "glue:Table"), summary(DB_RW, "glue:Database"))
    result = run_permission(resource_share_arn=SHARE, permission_arn=DB_RW, client_token="my-token")
    assert result["changed"] is True
    assert result["diff"]["after"] == {
        "glue:Table": {"arn": TABLE_DEFAULT, "version": 1},
        "glue:Database": {"arn": DB_RW, "version": 1},
    }


@pytest.mark.parametrize("check_mode", [True, False])
def test_version_change_reassociates_without_get_permission(stubbed, ram, run_permission, check_mode):
    listing(ram, summary(DB_RW, "glue:Database", "1"))
    if not check_mode:
        ram.add_response(
            "associate_resource_share_permission",
            {"returnValue": True},
            {
                "resourceShareArn": SHARE,
                "permissionArn": DB_RW,
                "replace": True,
                "permissionVersion": 2,
                "clientToken": ANY,
            },
        )
        listing(ram, summary(DB_RW, "glue:Database", "2"))
    result = run_permission(check_mode=check_mode, resource_share_arn=SHARE, permission_arn=DB_RW, permission_version=2)
    assert result["changed"] is True
    assert "GetPermission" not in stubbed.operations
    assert result["permissions"][0]["version"] == 2
    assert result["diff"]["before"]["glue:Database"]["version"] == 1


def test_failed_write_names_the_operation_the_code_and_the_hint(stubbed, ram, run_permission):
    listing(ram, summary(DB_RW, "glue:Database", "1"))
    ram.add_client_error(
        "associate_resource_share_permission", "InvalidParameterException", "only the default version", 400
    )
    listing(ram, summary(DB_RW, "glue:Database", "1"))  # read again: the share is not as wanted
    result = run_permission(resource_share_arn=SHARE, permission_arn=DB_RW, permission_version=5)
    assert result["failed"] is True
    assert result["msg"].startswith(
        f"AssociateResourceSharePermission for permission {DB_RW} failed with InvalidParameterException"
    )
    assert "current default version" in result["msg"]
    assert result["error"] == {"code": "InvalidParameterException", "message": "only the default version"}


# docs/reliability.md: "the other hosts' identical association is refused by RAM, which the module recognises by
# reading the share again: converged, no change reported".
def test_associate_made_meanwhile_by_another_run_is_success_without_change(stubbed, ram, run_permission):
    # Two forks onboard onto one share: both read "not associated"; RAM refuses the second association.
    listing(ram)
    ram.add_response("get_permission", permission_detail(DB_RW, "glue:Database"), {"permissionArn": DB_RW})
    ram.add_client_error(
        "associate_resource_share_permission", "InvalidParameterException", "already has a permission", 400
    )
    listing(ram, summary(DB_RW, "glue:Database"))  # the re-read: converged
    listing(ram, summary(DB_RW, "glue:Database"))  # the state to return
    result = run_permission(resource_share_arn=SHARE, permission_arn=DB_RW)
    assert result.get("failed") is not True, result
    assert result["changed"] is False
    assert [p["arn"] for p in result["permissions"]] == [DB_RW]


def test_disassociate_made_meanwhile_by_another_run_is_success_without_change(stubbed, ram, run_permission):
    listing(ram, summary(DB_RW, "glue:Database"))
    ram.add_client_error("disassociate_resource_share_permission", "UnknownResourceException", "not associated", 400)
    listing(ram)  # the re-read: converged
    listing(ram)  # the state to return
    result = run_permission(resource_share_arn=SHARE, permission_arn=DB_RW, state="absent")
    assert result.get("failed") is not True, result
    assert result["changed"] is False
    assert result["permissions"] == []


# --- absent -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("check_mode", [True, False])
def test_absent_disassociates(stubbed, ram, run_permission, check_mode):
    listing(ram, summary(DB_RW, "glue:Database"), summary(TABLE_DEFAULT, "glue:Table"))
    if not check_mode:
        ram.add_response(
            "disassociate_resource_share_permission",
            {"returnValue": True},
            {"resourceShareArn": SHARE, "permissionArn": DB_RW, "clientToken": ANY},
        )
        listing(ram, summary(TABLE_DEFAULT, "glue:Table"))
    result = run_permission(check_mode=check_mode, resource_share_arn=SHARE, permission_arn=DB_RW, state="absent")
    assert result["changed"] is True
    assert [p["arn"] for p in result["permissions"]] == [TABLE_DEFAULT]
    assert "glue:Database" not in result["diff"]["after"]


def test_absent_not_associated_is_one_read_call(stubbed, ram, run_permission):
    listing(ram, summary(DB_DEFAULT, "glue:Database"))
    result = run_permission(resource_share_arn=SHARE, permission_arn=DB_RW, state="absent")
    assert result["changed"] is False
    assert stubbed.operations == ["ListResourceSharePermissions"]


def test_absent_while_resources_of_the_type_remain_says_what_to_do(stubbed, ram, run_permission):
    listing(ram, summary(DB_DEFAULT, "glue:Database"))
    ram.add_client_error("disassociate_resource_share_permission", "OperationNotPermittedException", "in use", 400)
    listing(ram, summary(DB_DEFAULT, "glue:Database"))
    result = run_permission(resource_share_arn=SHARE, permission_arn=DB_DEFAULT, state="absent")
    assert result["failed"] is True
    assert "OperationNotPermittedException" in result["msg"]
    assert "still holds glue:Database resources" in result["msg"]
    assert "remove those resources from the share first" in result["msg"]
    assert result["error"]["code"] == "OperationNotPermittedException"


# --- input checked before any call -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        ({"resource_share_arn": "partner-share", "permission_arn": DB_RW}, "resource_share_arn 'partner-share'"),
        ({"resource_share_arn": SHARE, "permission_arn": "AWSRAMDefault"}, "permission_arn 'AWSRAMDefault'"),
        ({"resource_share_arn": SHARE, "permission_name": "a/b"}, "permission_name 'a/b'"),
        ({"resource_share_arn": SHARE, "permission_arn": DB_RW, "permission_version": 0}, "permission_version"),
        ({"resource_share_arn": SHARE}, "one of the following is required: permission_arn, permission_name"),
        (
            {"resource_share_arn": SHARE, "resource_share_name": "x", "permission_arn": DB_RW},
            "mutually exclusive: resource_share_arn|resource_share_name",
        ),
        (
            {"resource_share_arn": SHARE, "permission_arn": "arn:aws-cn:ram::aws:permission/X"},
            "partition aws-cn but the resource share is in partition aws",
        ),
    ],
)
def test_bad_input_fails_before_any_call(stubbed, ram, run_permission, args, message):
    result = run_permission(**args)
    assert result["failed"] is True
    assert message in result["msg"]
    assert stubbed.sent == []


def test_permission_name_follows_the_partition_of_a_share_found_by_name(stubbed, ram, run_permission):
    gov_share = "arn:aws-us-gov:ram:us-gov-west-1:123456789012:resource-share/abc"
    ram.add_response(
        "get_resource_shares",
        {"resourceShares": [{"resourceShareArn": gov_share, "name": "partner-share", "status": "ACTIVE"}]},
        {"resourceOwner": "SELF", "name": "partner-share"},
    )
    gov_rw = "arn:aws-us-gov:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite"
    ram.add_response(
        "list_resource_share_permissions",
        {"permissions": [summary(gov_rw, "glue:Database")]},
        {"resourceShareArn": gov_share},
    )
    result = run_permission(
        resource_share_name="partner-share", permission_name="AWSRAMPermissionGlueDatabaseReadWrite"
    )
    assert result["changed"] is False
    assert result["resource_share_arn"] == gov_share


def test_missing_share_name_fails_listing_candidates(stubbed, ram, run_permission):
    ram.add_response("get_resource_shares", {"resourceShares": []}, {"resourceOwner": "SELF", "name": "nope"})
    ram.add_response(
        "get_resource_shares",
        {"resourceShares": [{"resourceShareArn": SHARE, "name": "partner-share", "status": "ACTIVE"}]},
        {"resourceOwner": "SELF"},
    )
    result = run_permission(resource_share_name="nope", permission_arn=DB_RW)
    assert result["failed"] is True
    assert "your resource shares are: partner-share" in result["msg"]
    assert result["candidates"] == ["partner-share"]


# --- the info module --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("check_mode", [True, False])
def test_info_lists_every_page_and_never_changes(stubbed, ram, run, check_mode):
    listing(ram, summary(DB_RW, "glue:Database"), next_token="1")
    listing(ram, summary(TABLE_DEFAULT, "glue:Table"), token="1")
    result = run(ram_resource_share_permission_info, check_mode=check_mode, resource_share_arn=SHARE)
    assert result["changed"] is False
    assert result["resource_share_arn"] == SHARE
    assert [(p["name"], p["version"], p["resource_type"]) for p in result["permissions"]] == [
        ("AWSRAMPermissionGlueDatabaseReadWrite", 1, "glue:Database"),
        ("AWSRAMDefaultPermissionGlueTable", 1, "glue:Table"),
    ]


def test_info_unknown_share_fails_with_hint(stubbed, ram, run):
    ram.add_client_error("list_resource_share_permissions", "UnknownResourceException", "ResourceShare not found", 400)
    result = run(ram_resource_share_permission_info, resource_share_arn=SHARE)
    assert result["failed"] is True
    assert result["msg"].startswith("ListResourceSharePermissions failed with UnknownResourceException")
    assert result["resource_share_arn"] == SHARE


def test_info_bad_arn_fails_before_any_call(stubbed, ram, run):
    result = run(ram_resource_share_permission_info, resource_share_arn="arn:aws:ram:::resource-share/x")
    assert result["failed"] is True
    assert "resource_share_arn" in result["msg"]
    assert stubbed.sent == []


def test_a_permission_that_does_not_exist_fails_with_the_share_s_permissions(stubbed, ram, run_permission):
    listing(ram, summary(DB_DEFAULT, "glue:Database"))
    typo = "arn:aws:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrit"
    ram.add_client_error("get_permission", "UnknownResourceException", "no such permission", 400)
    result = run_permission(resource_share_arn=SHARE, permission_arn=typo, replace=True)
    assert result["failed"] is True and result["changed"] is False
    assert result["msg"].startswith("GetPermission failed with UnknownResourceException: no such permission")
    assert result["resource_share_arn"] == SHARE
    assert [p["arn"] for p in result["permissions"]] == [DB_DEFAULT]
    assert stubbed.operations == ["ListResourceSharePermissions", "GetPermission"]
