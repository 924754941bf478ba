# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""_ram_permissions: a share's permissions, read, planned as tables and written against the real RAM model."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import (
    AWSError,
    Write,
    apply,
    client_tokens,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import (
    Failure,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_permissions import (
    list_resource_share_permissions,
    managed_permission_arn,
    normalize_permission,
    permission_arn_for,
    read_permission,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import (
    PARTITIONS,
    ValidationError,
    invalid_share_permission_params,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_share_permissions import (
    Conflict,
    needs_permission_details,
    permission_map,
    plan_share_permission,
    resource_type_of,
)
from ansible_collections.partner_onboarding.aws.tests.unit.ram_answers import (
    DB_DEFAULT,
    DB_RW,
    SHARE,
    TABLE_DEFAULT,
    TABLE_RW,
)

CREATED = datetime(2023, 1, 1, tzinfo=timezone.utc)


def summary(arn, resource_type, version="1", default=True, is_type_default=False):
    """A ResourceSharePermissionSummary as AWS returns it."""
    return {
        "arn": arn,
        "version": version,
        "defaultVersion": default,
        "name": arn.rsplit("/", 1)[1],
        "resourceType": resource_type,
        "status": "ASSOCIATED",
        "creationTime": CREATED,
        "lastUpdatedTime": CREATED,
        "isResourceTypeDefault": is_type_default,
        "permissionType": "AWS_MANAGED",
        "featureSet": "STANDARD",
    }


def perm(arn, resource_type, version=1, **kwargs):
    """A permission as the modules return it."""
    return normalize_permission(summary(arn, resource_type, str(version), **kwargs))


def tokens(operation):
    """A client token per write that names its operation, so that the plans' writes can be compared whole."""
    return f"token-for-{operation}"


# --- permission names and ARNs, in the partition of the share -----------------------------------------------


@pytest.mark.parametrize("partition", PARTITIONS)
def test_permission_name_gets_the_partition_of_the_share(partition):
    share = f"arn:{partition}:ram:xx-region-1:123456789012:resource-share/abc"
    params = {"permission_name": "AWSRAMPermissionGlueDatabaseReadWrite", "resource_share_arn": share}
    assert invalid_share_permission_params(params) == []
    expected = f"arn:{partition}:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite"
    assert permission_arn_for(params, share) == expected
    assert managed_permission_arn("AWSRAMPermissionGlueDatabaseReadWrite", partition) == expected


def test_permission_arn_is_kept_and_checked_against_a_looked_up_share():
    assert permission_arn_for({"permission_arn": DB_RW}, SHARE) == DB_RW
    gov_share = "arn:aws-us-gov:ram:us-gov-west-1:123456789012:resource-share/abc"
    with pytest.raises(ValidationError, match="partition aws but the resource share is in partition aws-us-gov"):
        permission_arn_for({"permission_arn": DB_RW}, gov_share)


# --- normalization ---------------------------------------------------------------------------------------------


def test_normalize_permission_snake_case_int_version_iso_times():
    item = dict(summary(DB_RW, "glue:Database", version="3", default=False), tags=[{"key": "team", "value": "data"}])
    assert normalize_permission(item) == {
        "arn": DB_RW,
        "name": "AWSRAMPermissionGlueDatabaseReadWrite",
        "version": 3,
        "default_version": False,
        "resource_type": "glue:Database",
        "status": "ASSOCIATED",
        "permission_type": "AWS_MANAGED",
        "is_resource_type_default": False,
        "feature_set": "STANDARD",
        "creation_time": "2023-01-01T00:00:00+00:00",
        "last_updated_time": "2023-01-01T00:00:00+00:00",
        "tags": {"team": "data"},
    }


def test_normalize_permission_ignores_the_policy_template_and_missing_fields():
    assert normalize_permission({"arn": DB_RW, "version": "1", "permission": "{}"}) == {"arn": DB_RW, "version": 1}


def test_permission_map():
    permissions = [perm(DB_RW, "glue:Database", 2), perm(TABLE_DEFAULT, "glue:Table")]
    assert permission_map(permissions) == {
        "glue:Database": {"arn": DB_RW, "version": 2},
        "glue:Table": {"arn": TABLE_DEFAULT, "version": 1},
    }
    assert permission_map([]) == {}


# --- the plan: every rule of the contract ------------------------------------------------------------------------

DB_DEFAULT_V1 = perm(DB_DEFAULT, "glue:Database", 1, is_type_default=True)
DB_RW_V1 = perm(DB_RW, "glue:Database", 1)
DB_RW_V2 = perm(DB_RW, "glue:Database", 2)
TABLE_DEFAULT_V1 = perm(TABLE_DEFAULT, "glue:Table", 1, is_type_default=True)
# What GetPermission says about the wanted permission (its default version unless a version is asked for).
DB_RW_DETAILS = dict(DB_RW_V1, status="ATTACHABLE")
DB_RW_DETAILS_V2 = dict(DB_RW_V2, status="ATTACHABLE")
TABLE_RW_DETAILS = dict(perm(TABLE_RW, "glue:Table", 1), status="ATTACHABLE")

DB, TABLE = "glue:Database", "glue:Table"
ASSOC, DISASSOC = "associate", "disassociate"

# Every rule of the contract; the wanted permission is always AWSRAMPermissionGlueDatabaseReadWrite (DB_RW).
# id: (current permissions, state, permission_version, replace, GetPermission answer or None if not needed,
#      action, replace sent, permissionVersion sent, predicted {resource type: (arn, version)})
# fmt: off
PLAN_CASES = {
    "present-associated-no-version":
        ([DB_RW_V1], "present", None, False, None, None, False, None, {DB: (DB_RW, 1)}),
    "present-associated-outdated-no-version-left-alone":
        ([dict(DB_RW_V1, default_version=False)], "present", None, False, None, None, False, None, {DB: (DB_RW, 1)}),
    "present-associated-same-version":
        ([DB_RW_V2, TABLE_DEFAULT_V1], "present", 2, False, None, None, False, None,
         {DB: (DB_RW, 2), TABLE: (TABLE_DEFAULT, 1)}),
    "present-associated-replace-true-is-still-no-change":
        ([DB_RW_V1], "present", None, True, None, None, False, None, {DB: (DB_RW, 1)}),
    "present-associated-other-version-reassociates-with-replace":
        ([DB_RW_V1], "present", 2, False, None, ASSOC, True, 2, {DB: (DB_RW, 2)}),
    "present-associated-older-version-wanted":
        ([DB_RW_V2], "present", 1, False, None, ASSOC, True, 1, {DB: (DB_RW, 1)}),
    "present-not-associated-type-free":
        ([TABLE_DEFAULT_V1], "present", None, False, DB_RW_DETAILS, ASSOC, False, None,
         {DB: (DB_RW, 1), TABLE: (TABLE_DEFAULT, 1)}),
    "present-empty-share":
        ([], "present", None, False, DB_RW_DETAILS, ASSOC, False, None, {DB: (DB_RW, 1)}),
    "present-not-associated-with-version":
        ([], "present", 2, False, DB_RW_DETAILS_V2, ASSOC, False, 2, {DB: (DB_RW, 2)}),
    "present-other-permission-replace-true":
        ([DB_DEFAULT_V1, TABLE_DEFAULT_V1], "present", None, True, DB_RW_DETAILS, ASSOC, True, None,
         {DB: (DB_RW, 1), TABLE: (TABLE_DEFAULT, 1)}),
    "present-other-permission-replace-true-with-version":
        ([DB_DEFAULT_V1], "present", 2, True, DB_RW_DETAILS_V2, ASSOC, True, 2, {DB: (DB_RW, 2)}),
    "absent-associated":
        ([DB_RW_V1, TABLE_DEFAULT_V1], "absent", None, False, None, DISASSOC, False, None, {TABLE: (TABLE_DEFAULT, 1)}),
    "absent-associated-version-ignored":
        ([DB_RW_V2], "absent", 1, False, None, DISASSOC, False, None, {}),
    "absent-not-associated":
        ([DB_DEFAULT_V1], "absent", None, False, None, None, False, None, {DB: (DB_DEFAULT, 1)}),
    "absent-empty-share":
        ([], "absent", None, True, None, None, False, None, {}),
}
# fmt: on


@pytest.mark.parametrize(
    "current, state, version, replace, details, action, replace_sent, version_sent, after",
    list(PLAN_CASES.values()),
    ids=list(PLAN_CASES),
)
def test_plan(current, state, version, replace, details, action, replace_sent, version_sent, after):
    assert needs_permission_details(current, DB_RW, state) == (details is not None)
    planned = plan_share_permission(current, SHARE, DB_RW, state, version, replace, details, tokens)
    if action is None:
        assert planned.writes == []
    elif action == ASSOC:
        params = {"resourceShareArn": SHARE, "permissionArn": DB_RW, "replace": replace_sent}
        if version_sent is not None:
            params["permissionVersion"] = version_sent
        params["clientToken"] = tokens("AssociateResourceSharePermission")
        assert planned.writes == [Write("AssociateResourceSharePermission", params, f"permission {DB_RW}")]
    else:
        assert not replace_sent and version_sent is None
        params = {
            "resourceShareArn": SHARE,
            "permissionArn": DB_RW,
            "clientToken": tokens("DisassociateResourceSharePermission"),
        }
        assert planned.writes == [Write("DisassociateResourceSharePermission", params, f"permission {DB_RW}")]
    expected = {rtype: {"arn": arn, "version": v} for rtype, (arn, v) in after.items()}
    assert permission_map(planned.predicted) == expected
    if action is None:
        assert planned.predicted == current


def test_plan_replace_names_the_replaced_permission_and_predicts_the_new_one():
    planned = plan_share_permission([DB_DEFAULT_V1], SHARE, DB_RW, "present", None, True, DB_RW_DETAILS)
    assert resource_type_of([DB_DEFAULT_V1], DB_RW, DB_RW_DETAILS) == "glue:Database"
    (added,) = planned.predicted
    assert added["name"] == "AWSRAMPermissionGlueDatabaseReadWrite"
    assert added["status"] == "ASSOCIATED"


def test_plan_refuses_to_replace_without_replace():
    # The plan is the same in check mode and in a real run, so the refusal comes before anything is written.
    with pytest.raises(Conflict) as raised:
        plan_share_permission([DB_DEFAULT_V1, TABLE_DEFAULT_V1], SHARE, DB_RW, "present", None, False, DB_RW_DETAILS)
    message = str(raised.value)
    assert DB_DEFAULT in message
    assert "glue:Database" in message
    assert "replace: true" in message
    assert raised.value.existing == DB_DEFAULT_V1
    assert isinstance(raised.value, Failure)


def test_plan_matches_resource_types_case_insensitively():
    with pytest.raises(Conflict):
        plan_share_permission(
            [perm(TABLE_DEFAULT, "glue:table")], SHARE, TABLE_RW, "present", None, False, TABLE_RW_DETAILS
        )


def test_plan_needs_details_for_a_permission_not_associated():
    with pytest.raises(ValueError, match="GetPermission"):
        plan_share_permission([DB_DEFAULT_V1], SHARE, DB_RW, "present")


def test_plan_version_change_keeps_the_other_permissions_in_order():
    planned = plan_share_permission([TABLE_DEFAULT_V1, DB_RW_V1], SHARE, DB_RW, "present", 2)
    assert [p["arn"] for p in planned.predicted] == [TABLE_DEFAULT, DB_RW]
    assert planned.predicted[1]["version"] == 2
    assert planned.predicted[0] is TABLE_DEFAULT_V1


# --- the wrappers, against the real RAM service model -------------------------------------------------------------


def test_list_permissions_one_page(stubbed):
    client, stubber = stubbed.client("ram"), stubbed("ram")
    stubber.add_response(
        "list_resource_share_permissions",
        {"permissions": [summary(DB_DEFAULT, "glue:Database", is_type_default=True)]},
        {"resourceShareArn": SHARE},
    )
    assert list_resource_share_permissions(client, SHARE) == [DB_DEFAULT_V1]


def test_list_permissions_follows_next_token_one_call_per_page(stubbed):
    client, stubber = stubbed.client("ram"), stubbed("ram")
    pages = [
        ({"permissions": [summary(DB_RW, "glue:Database")], "nextToken": "t1"}, {}),
        (
            {"permissions": [summary(TABLE_DEFAULT, "glue:Table", is_type_default=True)], "nextToken": "t2"},
            {"nextToken": "t1"},
        ),
        ({"permissions": []}, {"nextToken": "t2"}),
    ]
    for response, extra in pages:
        stubber.add_response("list_resource_share_permissions", response, {"resourceShareArn": SHARE, **extra})
    assert [p["arn"] for p in list_resource_share_permissions(client, SHARE)] == [DB_RW, TABLE_DEFAULT]


def test_list_permissions_error_becomes_aws_error(stubbed):
    client, stubber = stubbed.client("ram"), stubbed("ram")
    stubber.add_client_error(
        "list_resource_share_permissions", "UnknownResourceException", "ResourceShare not found", 400
    )
    with pytest.raises(AWSError) as raised:
        list_resource_share_permissions(client, SHARE)
    assert (raised.value.operation, raised.value.code) == ("ListResourceSharePermissions", "UnknownResourceException")


@pytest.mark.parametrize("version, expected_params", [(None, {}), (2, {"permissionVersion": 2})])
def test_get_permission(stubbed, version, expected_params):
    client, stubber = stubbed.client("ram"), stubbed("ram")
    detail = dict(summary(DB_RW, "glue:Database", version=str(version or 1)), permission='{"Effect": "Allow"}')
    detail.pop("status")
    stubber.add_response("get_permission", {"permission": detail}, {"permissionArn": DB_RW, **expected_params})
    got = read_permission(client, DB_RW, version)
    assert got["resource_type"] == "glue:Database"
    assert got["version"] == (version or 1)
    assert "permission" not in got


# The three shapes of an association, each from the plan that makes it: (current permissions, permission_version,
# replace, GetPermission answer) and what is sent besides the share, the permission and the token.
ASSOCIATIONS = [
    pytest.param([TABLE_DEFAULT_V1], None, False, DB_RW_DETAILS, {"replace": False}, id="free resource type"),
    pytest.param([DB_DEFAULT_V1], None, True, DB_RW_DETAILS, {"replace": True}, id="replacing another permission"),
    pytest.param(
        [DB_RW_V1], 3, False, None, {"replace": True, "permissionVersion": 3}, id="another version of the same one"
    ),
]


@pytest.mark.parametrize("current, version, replace, details, extra", ASSOCIATIONS)
def test_associate_sends_the_token_replace_and_version(stubbed, current, version, replace, details, extra):
    client, stubber = stubbed.client("ram"), stubbed("ram")
    planned = plan_share_permission(current, SHARE, DB_RW, "present", version, replace, details, client_tokens("tok-1"))
    expected = {"resourceShareArn": SHARE, "permissionArn": DB_RW, "clientToken": "tok-1", **extra}
    assert [(write.operation, write.params) for write in planned.writes] == [
        ("AssociateResourceSharePermission", expected)
    ]
    stubber.add_response("associate_resource_share_permission", {"returnValue": True, "clientToken": "tok-1"}, expected)
    assert apply(client, planned.writes, []) == [{"returnValue": True, "clientToken": "tok-1"}]


def test_disassociate_sends_the_token(stubbed):
    client, stubber = stubbed.client("ram"), stubbed("ram")
    planned = plan_share_permission([DB_RW_V1], SHARE, DB_RW, "absent", token=client_tokens("tok-2"))
    expected = {"resourceShareArn": SHARE, "permissionArn": DB_RW, "clientToken": "tok-2"}
    stubber.add_response("disassociate_resource_share_permission", {"returnValue": True}, expected)
    apply(client, planned.writes, [])


def test_without_a_token_function_each_write_gets_a_fresh_uuid():
    first = plan_share_permission([DB_RW_V1], SHARE, DB_RW, "absent").writes[0].params["clientToken"]
    second = plan_share_permission([DB_RW_V1], SHARE, DB_RW, "absent").writes[0].params["clientToken"]
    assert first != second
    assert str(uuid.UUID(first)) == first


def test_disassociate_in_use_error(stubbed):
    client, stubber = stubbed.client("ram"), stubbed("ram")
    stubber.add_client_error(
        "disassociate_resource_share_permission", "OperationNotPermittedException", "resources in use", 400
    )
    planned = plan_share_permission([DB_RW_V1], SHARE, DB_RW, "absent", token=client_tokens("tok"))
    answers = []
    with pytest.raises(AWSError) as raised:
        apply(client, planned.writes, answers)
    assert raised.value.code == "OperationNotPermittedException"
    assert raised.value.operation == "DisassociateResourceSharePermission"
    # Nothing was made: the failed write is the first, about the permission.
    assert answers == []
    assert planned.writes[0].target == f"permission {DB_RW}"


# --- after a failed write: is the share as wanted anyway? ----------------------------------------------------------


@pytest.mark.parametrize(
    "listed, state, version, expected",
    [
        pytest.param([summary(DB_RW, "glue:Database")], "present", None, True, id="associated meanwhile"),
        pytest.param([summary(DB_DEFAULT, "glue:Database")], "present", None, False, id="another one still there"),
        pytest.param([summary(DB_RW, "glue:Database", "1")], "present", 2, False, id="still at the old version"),
        pytest.param([summary(DB_RW, "glue:Database", "2")], "present", 2, True, id="at the wanted version"),
        pytest.param([], "absent", None, True, id="disassociated meanwhile"),
        pytest.param([summary(DB_RW, "glue:Database")], "absent", None, False, id="still associated"),
    ],
)
def test_permission_converged_reads_the_share_again(stubbed, listed, state, version, expected):
    client, stubber = stubbed.client("ram"), stubbed("ram")
    stubber.add_response("list_resource_share_permissions", {"permissions": listed}, {"resourceShareArn": SHARE})
    assert permission_converged(client, SHARE, DB_RW, state, version, DB_RW_DETAILS) is expected
    assert stubbed.operations == ["ListResourceSharePermissions"]


def permission_converged(client, share_arn, permission_arn, state, version, details):
    """What PermissionAssociation.already_done asks after a failed write: the share's permissions read again."""
    current = list_resource_share_permissions(client, share_arn)
    return not plan_share_permission(current, share_arn, permission_arn, state, version, True, details).writes
