# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The modules end to end, with a stubbed RAM client: which calls are made, in which order, and what is returned."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone

import botocore.session
import pytest
from ansible_collections.partner_onboarding.aws.tests.unit.module_args import patch_module_args
from botocore.stub import ANY, Stubber

from ansible_collections.partner_onboarding.aws.plugins.module_utils import _aws
from ansible_collections.partner_onboarding.aws.plugins.modules import (
    ram_resource_share_permission,
    ram_resource_share_permission_info,
)

SHARE = "arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e"
DB_DEFAULT = "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionGlueDatabase"
DB_RW = "arn:aws:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite"
TABLE_DEFAULT = "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionGlueTable"
CREATED = datetime(2023, 1, 1, tzinfo=timezone.utc)
CONNECTION = {"region": "us-east-1", "access_key": "AKIAUNITTEST", "secret_key": "unit-test-secret-key"}


def summary(arn, resource_type, version="1"):
    return {
        "arn": arn,
        "version": version,
        "defaultVersion": True,
        "name": arn.rsplit("/", 1)[1],
        "resourceType": resource_type,
        "status": "ASSOCIATED",
        "creationTime": CREATED,
        "lastUpdatedTime": CREATED,
        "isResourceTypeDefault": "Default" in arn,
        "permissionType": "AWS_MANAGED",
        "featureSet": "STANDARD",
    }


def detail(arn, resource_type, version="1"):
    item = dict(summary(arn, resource_type, version), permission='{"Effect": "Allow"}', status="ATTACHABLE")
    return {"permission": item}


class Calls:
    """A stubbed RAM client that records the parameters of every request it sends."""

    def __init__(self):
        self.client = botocore.session.get_session().create_client(
            "ram", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
        )
        self.stubber = Stubber(self.client)
        self.sent = []
        self.client.meta.events.register("before-parameter-build.ram.*", self._record)

    def _record(self, params, model, **kwargs):
        self.sent.append((model.name, dict(params)))

    def add(self, method, response, expected=None):
        self.stubber.add_response(method, response, expected)

    @property
    def operations(self):
        return [sent[0] for sent in self.sent]


@pytest.fixture
def ram(monkeypatch):
    calls = Calls()
    monkeypatch.setattr(_aws.AWSModule, "client", lambda self, service: calls.client)
    with calls.stubber:
        yield calls
        calls.stubber.assert_no_pending_responses()


def run(module, capsys, check_mode=False, **args):
    args = dict(CONNECTION, **args)
    if check_mode:
        args["_ansible_check_mode"] = True
    with patch_module_args(args), pytest.raises(SystemExit):
        module.main()
    return json.loads(capsys.readouterr().out)


def run_permission(capsys, **args):
    return run(ram_resource_share_permission, capsys, **args)


def listing(calls, *items, next_token=None, token=None):
    response = {"permissions": list(items)}
    if next_token:
        response["nextToken"] = next_token
    expected = {"resourceShareArn": SHARE}
    if token:
        expected["nextToken"] = token
    calls.add("list_resource_share_permissions", response, expected)


# --- present ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("version", [None, 1])
def test_converged_is_one_read_call(ram, capsys, check_mode, version):
    listing(ram, summary(DB_RW, "glue:Database"), summary(TABLE_DEFAULT, "glue:Table"))
    result = run_permission(
        capsys, check_mode=check_mode, resource_share_arn=SHARE, permission_arn=DB_RW, permission_version=version
    )
    assert result["changed"] is False
    assert ram.operations == ["ListResourceSharePermissions"]
    assert result["resource_share_arn"] == SHARE
    assert [p["arn"] for p in result["permissions"]] == [DB_RW, TABLE_DEFAULT]
    assert result["diff"]["before"] == result["diff"]["after"]


def test_converged_over_pages_is_one_read_call_per_page(ram, capsys):
    listing(ram, summary(TABLE_DEFAULT, "glue:Table"), next_token="2")
    listing(ram, summary(DB_RW, "glue:Database"), token="2")
    result = run_permission(
        capsys, resource_share_arn=SHARE, permission_name="AWSRAMPermissionGlueDatabaseReadWrite", replace=True
    )
    assert result["changed"] is False
    assert ram.operations == ["ListResourceSharePermissions"] * 2


def test_replace_refused_fails_naming_the_permission_and_writes_nothing(ram, capsys):
    for check_mode in (True, False):
        listing(ram, summary(DB_DEFAULT, "glue:Database"))
        ram.add("get_permission", detail(DB_RW, "glue:Database"), {"permissionArn": DB_RW})
        result = run_permission(capsys, check_mode=check_mode, resource_share_arn=SHARE, permission_arn=DB_RW)
        assert result["failed"] is True
        assert DB_DEFAULT in result["msg"] and "replace: true" in result["msg"]
        assert result["permissions"][0]["arn"] == DB_DEFAULT
    assert ram.operations == ["ListResourceSharePermissions", "GetPermission"] * 2


def test_replace_check_mode_predicts_with_reads_only(ram, capsys):
    listing(ram, summary(DB_DEFAULT, "glue:Database"), summary(TABLE_DEFAULT, "glue:Table"))
    ram.add("get_permission", detail(DB_RW, "glue:Database"), {"permissionArn": DB_RW})
    result = run_permission(
        capsys,
        check_mode=True,
        resource_share_arn=SHARE,
        permission_name="AWSRAMPermissionGlueDatabaseReadWrite",
        replace=True,
    )
    assert result["changed"] is True, result
    assert ram.operations == ["ListResourceSharePermissions", "GetPermission"]
    assert sorted(p["arn"] for p in result["permissions"]) == sorted([DB_RW, TABLE_DEFAULT])
    assert result["diff"]["before"]["glue:Database"] == {"arn": DB_DEFAULT, "version": 1}
    assert result["diff"]["after"]["glue:Database"] == {"arn": DB_RW, "version": 1}


def test_replace_writes_once_with_one_fresh_token_and_rereads(ram, capsys):
    listing(ram, summary(DB_DEFAULT, "glue:Database"))
    ram.add("get_permission", detail(DB_RW, "glue:Database"), {"permissionArn": DB_RW})
    ram.add(
        "associate_resource_share_permission",
        {"returnValue": True},
        {"resourceShareArn": SHARE, "permissionArn": DB_RW, "replace": True, "clientToken": ANY},
    )
    listing(ram, summary(DB_RW, "glue:Database"))
    result = run_permission(capsys, resource_share_arn=SHARE, permission_arn=DB_RW, replace=True)
    assert result["changed"] is True
    assert ram.operations == [
        "ListResourceSharePermissions",
        "GetPermission",
        "AssociateResourceSharePermission",
        "ListResourceSharePermissions",
    ]
    token = ram.sent[2][1]["clientToken"]
    assert str(uuid.UUID(token)) == token
    assert result["permissions"][0]["arn"] == DB_RW


def test_associate_on_a_free_resource_type_needs_no_replace(ram, capsys):
    listing(ram, summary(TABLE_DEFAULT, "glue:Table"))
    ram.add("get_permission", detail(DB_RW, "glue:Database"), {"permissionArn": DB_RW})
    ram.add(
        "associate_resource_share_permission",
        {"returnValue": True},
        {"resourceShareArn": SHARE, "permissionArn": DB_RW, "replace": False, "clientToken": "my-token"},
    )
    listing(ram, summary(TABLE_DEFAULT, "glue:Table"), summary(DB_RW, "glue:Database"))
    result = run_permission(capsys, resource_share_arn=SHARE, permission_arn=DB_RW, client_token="my-token")
    assert result["changed"] is True
    assert result["diff"]["after"] == {
        "glue:Table": {"arn": TABLE_DEFAULT, "version": 1},
        "glue:Database": {"arn": DB_RW, "version": 1},
    }


@pytest.mark.parametrize("check_mode", [True, False])
def test_version_change_reassociates_without_get_permission(ram, capsys, check_mode):
    listing(ram, summary(DB_RW, "glue:Database", "1"))
    if not check_mode:
        ram.add(
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
    result = run_permission(
        capsys, check_mode=check_mode, resource_share_arn=SHARE, permission_arn=DB_RW, permission_version=2
    )
    assert result["changed"] is True
    assert "GetPermission" not in ram.operations
    assert result["permissions"][0]["version"] == 2
    assert result["diff"]["before"]["glue:Database"]["version"] == 1


def test_failed_write_names_the_operation_the_code_and_the_hint(ram, capsys):
    listing(ram, summary(DB_RW, "glue:Database", "1"))
    ram.stubber.add_client_error(
        "associate_resource_share_permission", "InvalidParameterException", "only the default version", 400
    )
    listing(ram, summary(DB_RW, "glue:Database", "1"))  # read again: the share is not as wanted
    result = run_permission(capsys, resource_share_arn=SHARE, permission_arn=DB_RW, permission_version=5)
    assert result["failed"] is True
    assert result["msg"].startswith("AssociateResourceSharePermission failed with InvalidParameterException")
    assert "current default version" in result["msg"]
    assert result["error"] == {"code": "InvalidParameterException", "message": "only the default version"}


def test_associate_made_meanwhile_by_another_run_is_success_without_change(ram, capsys):
    # Two forks onboard onto one share: both read "not associated"; RAM refuses the second association.
    listing(ram)
    ram.add("get_permission", detail(DB_RW, "glue:Database"), {"permissionArn": DB_RW})
    ram.stubber.add_client_error(
        "associate_resource_share_permission", "InvalidParameterException", "already has a permission", 400
    )
    listing(ram, summary(DB_RW, "glue:Database"))
    result = run_permission(capsys, resource_share_arn=SHARE, permission_arn=DB_RW)
    assert result.get("failed") is not True, result
    assert result["changed"] is False
    assert [p["arn"] for p in result["permissions"]] == [DB_RW]


def test_disassociate_made_meanwhile_by_another_run_is_success_without_change(ram, capsys):
    listing(ram, summary(DB_RW, "glue:Database"))
    ram.stubber.add_client_error(
        "disassociate_resource_share_permission", "UnknownResourceException", "not associated", 400
    )
    listing(ram)
    result = run_permission(capsys, resource_share_arn=SHARE, permission_arn=DB_RW, state="absent")
    assert result.get("failed") is not True, result
    assert result["changed"] is False
    assert result["permissions"] == []


# --- absent -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("check_mode", [True, False])
def test_absent_disassociates(ram, capsys, check_mode):
    listing(ram, summary(DB_RW, "glue:Database"), summary(TABLE_DEFAULT, "glue:Table"))
    if not check_mode:
        ram.add(
            "disassociate_resource_share_permission",
            {"returnValue": True},
            {"resourceShareArn": SHARE, "permissionArn": DB_RW, "clientToken": ANY},
        )
        listing(ram, summary(TABLE_DEFAULT, "glue:Table"))
    result = run_permission(
        capsys, check_mode=check_mode, resource_share_arn=SHARE, permission_arn=DB_RW, state="absent"
    )
    assert result["changed"] is True
    assert [p["arn"] for p in result["permissions"]] == [TABLE_DEFAULT]
    assert "glue:Database" not in result["diff"]["after"]


def test_absent_not_associated_is_one_read_call(ram, capsys):
    listing(ram, summary(DB_DEFAULT, "glue:Database"))
    result = run_permission(capsys, resource_share_arn=SHARE, permission_arn=DB_RW, state="absent")
    assert result["changed"] is False
    assert ram.operations == ["ListResourceSharePermissions"]


def test_absent_while_resources_of_the_type_remain_says_what_to_do(ram, capsys):
    listing(ram, summary(DB_DEFAULT, "glue:Database"))
    ram.stubber.add_client_error(
        "disassociate_resource_share_permission", "OperationNotPermittedException", "in use", 400
    )
    listing(ram, summary(DB_DEFAULT, "glue:Database"))
    result = run_permission(capsys, resource_share_arn=SHARE, permission_arn=DB_DEFAULT, state="absent")
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
def test_bad_input_fails_before_any_call(ram, capsys, args, message):
    result = run_permission(capsys, **args)
    assert result["failed"] is True
    assert message in result["msg"]
    assert ram.sent == []


def test_permission_name_follows_the_partition_of_a_share_found_by_name(ram, capsys):
    gov_share = "arn:aws-us-gov:ram:us-gov-west-1:123456789012:resource-share/abc"
    ram.add(
        "get_resource_shares",
        {"resourceShares": [{"resourceShareArn": gov_share, "name": "partner-share", "status": "ACTIVE"}]},
        {"resourceOwner": "SELF", "name": "partner-share"},
    )
    gov_rw = "arn:aws-us-gov:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite"
    ram.add(
        "list_resource_share_permissions",
        {"permissions": [summary(gov_rw, "glue:Database")]},
        {"resourceShareArn": gov_share},
    )
    result = run_permission(
        capsys, resource_share_name="partner-share", permission_name="AWSRAMPermissionGlueDatabaseReadWrite"
    )
    assert result["changed"] is False
    assert result["resource_share_arn"] == gov_share


def test_missing_share_name_fails_listing_candidates(ram, capsys):
    ram.add("get_resource_shares", {"resourceShares": []}, {"resourceOwner": "SELF", "name": "nope"})
    ram.add(
        "get_resource_shares",
        {"resourceShares": [{"resourceShareArn": SHARE, "name": "partner-share", "status": "ACTIVE"}]},
        {"resourceOwner": "SELF"},
    )
    result = run_permission(capsys, resource_share_name="nope", permission_arn=DB_RW)
    assert result["failed"] is True
    assert "your resource shares are: partner-share" in result["msg"]
    assert result["candidates"] == ["partner-share"]


# --- the info module --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("check_mode", [True, False])
def test_info_lists_every_page_and_never_changes(ram, capsys, check_mode):
    listing(ram, summary(DB_RW, "glue:Database"), next_token="1")
    listing(ram, summary(TABLE_DEFAULT, "glue:Table"), token="1")
    result = run(ram_resource_share_permission_info, capsys, check_mode=check_mode, resource_share_arn=SHARE)
    assert result["changed"] is False
    assert result["resource_share_arn"] == SHARE
    assert [(p["name"], p["version"], p["resource_type"]) for p in result["permissions"]] == [
        ("AWSRAMPermissionGlueDatabaseReadWrite", 1, "glue:Database"),
        ("AWSRAMDefaultPermissionGlueTable", 1, "glue:Table"),
    ]


def test_info_unknown_share_fails_with_hint(ram, capsys):
    ram.stubber.add_client_error(
        "list_resource_share_permissions", "UnknownResourceException", "ResourceShare not found", 400
    )
    result = run(ram_resource_share_permission_info, capsys, resource_share_arn=SHARE)
    assert result["failed"] is True
    assert result["msg"].startswith("ListResourceSharePermissions failed with UnknownResourceException")
    assert result["resource_share_arn"] == SHARE


def test_info_bad_arn_fails_before_any_call(ram, capsys):
    result = run(ram_resource_share_permission_info, capsys, resource_share_arn="arn:aws:ram:::resource-share/x")
    assert result["failed"] is True
    assert "resource_share_arn" in result["msg"]
    assert ram.sent == []
