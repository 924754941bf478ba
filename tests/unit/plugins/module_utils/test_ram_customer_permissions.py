# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Customer managed permissions: the template rules and comparison, the pure plan as tables, the reads with Stubber."""

from __future__ import annotations

import json

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure
from ansible_collections.partner_onboarding.aws.plugins.module_utils._policy import same_template, template_errors
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_customer_permissions import (
    VersionLimit,
    invalid_permission_params,
    plan_permission,
    version_to_delete,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_permission_info import (
    invalid_permission_info_params,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_permissions import (
    customer_permission_arns,
    find_customer_permission,
    is_aws_managed_name,
    list_permission_associations,
    permission_arns_for,
)

ARN = "arn:aws:ram:us-east-1:123456789012:permission/PartnerRead"
SHARE_A = "arn:aws:ram:us-east-1:123456789012:resource-share/aaaa"
SHARE_B = "arn:aws:ram:us-east-1:123456789012:resource-share/bbbb"
READ = {"Effect": "Allow", "Action": ["glue:GetTable", "glue:GetPartitions"]}


def tokens(operation):
    return f"token-{operation}"


# --- templates --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "left, right, same",
    [
        (READ, {"Action": ["glue:GetPartitions", "glue:GetTable"], "Effect": "Allow"}, True),
        (READ, '{ "Effect" : "Allow", "Action": ["glue:GetTable","glue:GetPartitions"] }', True),
        ({"Effect": "Allow", "Action": "glue:GetTable"}, {"Effect": "Allow", "Action": ["glue:GetTable"]}, True),
        (
            {"Effect": "Allow", "Action": "glue:GetTable", "Condition": {"StringEquals": {"aws:x": ["b", "a"]}}},
            {"Effect": "Allow", "Action": "glue:GetTable", "Condition": {"StringEquals": {"aws:x": ["a", "b"]}}},
            True,
        ),
        (
            {"Effect": "Allow", "Action": "glue:GetTable", "Condition": {"StringEquals": {"aws:x": "a"}}},
            {"Effect": "Allow", "Action": "glue:GetTable", "Condition": {"StringEquals": {"aws:x": ["a"]}}},
            True,
        ),
        (READ, {"Effect": "Allow", "Action": ["glue:GetTable"]}, False),
        (READ, {"Effect": "Allow", "NotAction": READ["Action"]}, False),
    ],
)
def test_templates_compared_as_values(left, right, same):
    assert same_template(left, right) is same


@pytest.mark.parametrize(
    "template, expected",
    [
        (READ, []),
        (json.dumps(READ), []),
        (dict(READ, Principal="*"), ["must not contain Principal"]),
        (dict(READ, Resource="*"), ["must not contain Resource"]),
        ({"Effect": "Deny", "Action": "x:Y"}, ["Effect: Allow"]),
        ({"Effect": "Allow"}, ["Action or NotAction"]),
        ({"Effect": "Allow", "Action": "a:B", "NotAction": "a:C"}, ["Action or NotAction"]),
        ({"Effect": "Allow", "Action": "a:B", "Sid": "x"}, ["unknown elements Sid"]),
        ('{"Effect": ', ["not valid JSON"]),
        (["not", "a", "dict"], ["must be a dict"]),
    ],
)
def test_template_errors(template, expected):
    errors = template_errors(template)
    assert len(errors) == len(expected), errors
    for error, part in zip(errors, expected):
        assert part in error


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"name": "PartnerRead", "policy_template": READ, "state": "present"}, []),
        ({"name": "PartnerRead", "state": "absent"}, []),
        ({"name": "PartnerRead", "state": "present"}, ["policy_template is required"]),
        ({"name": "x" * 37, "state": "absent"}, ["not a permission name"]),
        ({"name": "P", "resource_type": "Table", "state": "absent"}, ["not a RAM resource type"]),
        ({"name": "P", "state": "absent", "wait_timeout": 0}, ["wait_timeout"]),
        ({"name": "P", "state": "absent", "tags": {"aws:k": "v"}}, ["tags: key(s) 'aws:k' not valid"]),
    ],
)
def test_invalid_permission_params(params, expected):
    errors = invalid_permission_params(params)
    assert len(errors) == len(expected), errors
    for error, part in zip(errors, expected):
        assert part in error


# --- the plan ---------------------------------------------------------------------------------------------------------


def existing(default_version=1, template=None, tags=None, versions=None, associations=None, resource_type="glue:Table"):
    permission = {
        "arn": ARN,
        "name": "PartnerRead",
        "resource_type": resource_type,
        "default_version": default_version,
        "policy_template": template or READ,
        "tags": tags or {},
    }
    return {"permission": permission, "versions": versions, "associations": associations}


def wanted(**overrides):
    base = {
        "name": "PartnerRead",
        "resource_type": "glue:Table",
        "policy_template": READ,
        "state": "present",
        "upgrade_shares": False,
        "tags": None,
        "purge_tags": True,
    }
    return dict(base, **overrides)


def used(version, share):
    return {"resource_share_arn": share, "version": version, "default_version": False, "status": "ASSOCIATED"}


NEW = {"Effect": "Allow", "Action": "glue:GetTable"}


@pytest.mark.parametrize(
    "current, want, operations, default_version",
    [
        # Converged: nothing to write.
        (existing(), wanted(), [], 1),
        (existing(), wanted(policy_template=json.dumps(READ)), [], 1),
        # Missing: created.
        (None, wanted(), ["CreatePermission"], 1),
        # Template changed: one new version made the default.
        (
            existing(versions=[1]),
            wanted(policy_template=NEW),
            ["CreatePermissionVersion", "SetDefaultPermissionVersion"],
            2,
        ),
        # Five versions: the oldest neither default nor used is deleted first.
        (
            existing(default_version=5, versions=[1, 2, 3, 4, 5], associations=[used(1, SHARE_A)]),
            wanted(policy_template=NEW),
            ["DeletePermissionVersion", "CreatePermissionVersion", "SetDefaultPermissionVersion"],
            6,
        ),
        # Template changed with upgrade_shares: every older version in use is moved.
        (
            existing(default_version=2, versions=[1, 2], associations=[used(1, SHARE_A), used(2, SHARE_B)]),
            wanted(policy_template=NEW, upgrade_shares=True),
            [
                "CreatePermissionVersion",
                "SetDefaultPermissionVersion",
                "ReplacePermissionAssociations",
                "ReplacePermissionAssociations",
            ],
            3,
        ),
        # Converged template, upgrade_shares: a share left on an older version is moved.
        (
            existing(default_version=2, associations=[used(1, SHARE_A)]),
            wanted(upgrade_shares=True),
            ["ReplacePermissionAssociations"],
            2,
        ),
        # Tags.
        (existing(tags={"a": "1"}), wanted(tags={"a": "2"}), ["TagResource"], 1),
        (existing(tags={"a": "1", "b": "2"}), wanted(tags={"a": "1"}), ["UntagResource"], 1),
        (existing(tags={"a": "1", "b": "2"}), wanted(tags={"a": "1"}, purge_tags=False), [], 1),
        # A YAML number is the string RAM keeps: no change.
        (existing(tags={"a": "1"}), wanted(tags={"a": 1}), [], 1),
        # Absent.
        (existing(associations=[]), wanted(state="absent"), ["DeletePermission"], None),
        (None, wanted(state="absent"), [], None),
    ],
)
def test_plan(current, want, operations, default_version):
    plan = plan_permission(current, want, tokens)
    assert [write.operation for write in plan.writes] == operations
    assert plan.predicted.get("default_version") == default_version


def test_plan_deletes_the_oldest_free_version_and_sets_the_new_default():
    current = existing(default_version=3, versions=[1, 2, 3, 4, 5], associations=[used(1, SHARE_A), used(4, SHARE_B)])
    writes = plan_permission(current, wanted(policy_template=NEW), tokens).writes
    assert writes[0].params == {
        "permissionArn": ARN,
        "permissionVersion": 2,
        "clientToken": "token-DeletePermissionVersion",
    }
    assert json.loads(writes[1].params["policyTemplate"]) == NEW
    assert writes[2].params["permissionVersion"] == 6


def test_plan_moves_each_older_version_once():
    current = existing(default_version=2, associations=[used(1, SHARE_A), used(1, SHARE_B)])
    [write] = plan_permission(current, wanted(upgrade_shares=True), tokens).writes
    assert write.params == {
        "fromPermissionArn": ARN,
        "fromPermissionVersion": 1,
        "toPermissionArn": ARN,
        "clientToken": "token-ReplacePermissionAssociations",
    }


def test_plan_create_sends_the_template_and_tags():
    [write] = plan_permission(None, wanted(tags={"team": "data", "cost": 1234}), tokens).writes
    assert write.params["tags"] == [{"key": "cost", "value": "1234"}, {"key": "team", "value": "data"}]
    assert json.loads(write.params["policyTemplate"]) == READ
    assert write.params["resourceType"] == "glue:Table"


@pytest.mark.parametrize(
    "current, want, message",
    [
        (None, wanted(resource_type=None), "resource_type is required"),
        (existing(resource_type="glue:Database"), wanted(), "for resource type glue:Database, not glue:Table"),
        (existing(associations=[used(1, SHARE_A)]), wanted(state="absent"), SHARE_A),
    ],
)
def test_plan_failures(current, want, message):
    with pytest.raises(Failure) as raised:
        plan_permission(current, want, tokens)
    assert message in str(raised.value)


def test_version_limit_names_versions_and_shares():
    associations = [used(v, share) for v, share in ((1, SHARE_A), (2, SHARE_B), (3, SHARE_A), (4, SHARE_B))]
    with pytest.raises(VersionLimit) as raised:
        version_to_delete([1, 2, 3, 4, 5], 5, associations)
    message = str(raised.value)
    assert f"1 (used by {SHARE_A})" in message and "5 (default)" in message and "Nothing was changed" in message


def test_version_to_delete_skips_default_and_used():
    assert version_to_delete([1, 2, 3, 4, 5], 1, [used(2, SHARE_A)]) == 3


# --- reads, against the real RAM service model ------------------------------------------------------------------------


def summary(name="PartnerRead", arn=ARN, resource_type="glue:Table"):
    return {
        "arn": arn,
        "name": name,
        "version": "1",
        "defaultVersion": True,
        "resourceType": resource_type,
        "permissionType": "CUSTOMER_MANAGED",
        "status": "ATTACHABLE",
    }


def test_find_filters_by_type_then_reads_unfiltered_on_a_miss(stubbed):
    client, stubber = stubbed.client("ram"), stubbed("ram")
    stubber.add_response(
        "list_permissions", {"permissions": []}, {"permissionType": "CUSTOMER_MANAGED", "resourceType": "glue:Table"}
    )
    other = summary(resource_type="glue:Database")
    stubber.add_response("list_permissions", {"permissions": [other]}, {"permissionType": "CUSTOMER_MANAGED"})
    assert find_customer_permission(client, "PartnerRead", "glue:Table") == other


def test_find_one_read_when_found(stubbed):
    client, stubber = stubbed.client("ram"), stubbed("ram")
    stubber.add_response(
        "list_permissions",
        {"permissions": [summary(name="Other"), summary()]},
        {"permissionType": "CUSTOMER_MANAGED", "resourceType": "glue:Table"},
    )
    assert find_customer_permission(client, "PartnerRead", "glue:Table")["arn"] == ARN


def test_list_permission_associations_pages_and_filter(stubbed):
    client, stubber = stubbed.client("ram"), stubbed("ram")
    item = {"arn": ARN, "permissionVersion": "1", "defaultVersion": False, "resourceShareArn": SHARE_A}
    live = dict(item, status="ASSOCIATED")
    # A share leaving the version, or whose association failed, does not use it.
    gone = [dict(item, resourceShareArn=f"{SHARE_A}-{status}", status=status) for status in ("DISASSOCIATED", "FAILED")]
    stubber.add_response(
        "list_permission_associations",
        {"permissions": [live] + gone, "nextToken": "t"},
        {"permissionArn": ARN, "defaultVersion": False},
    )
    stubber.add_response(
        "list_permission_associations",
        {"permissions": []},
        {"permissionArn": ARN, "defaultVersion": False, "nextToken": "t"},
    )
    assert list_permission_associations(client, ARN, default_version=False) == [
        {"resource_share_arn": SHARE_A, "version": 1, "default_version": False, "status": "ASSOCIATED"}
    ]


@pytest.mark.parametrize(
    "name, aws_managed",
    [
        ("AWSRAMPermissionGlueDatabaseReadWrite", True),
        ("AWSRAMDefaultPermissionGlueTable", True),
        ("PartnerRead", False),
    ],
)
def test_aws_managed_names(name, aws_managed):
    assert is_aws_managed_name(name) is aws_managed


def test_aws_managed_names_cost_no_call():
    # No client: an AWS-managed name or an ARN never needs one.
    assert permission_arns_for(None, ["AWSRAMDefaultPermissionGlueTable", ARN], "aws-cn") == [
        "arn:aws-cn:ram::aws:permission/AWSRAMDefaultPermissionGlueTable",
        ARN,
    ]


def test_customer_names_one_lookup_for_all(stubbed):
    client, stubber = stubbed.client("ram"), stubbed("ram")
    other = "arn:aws:ram:us-east-1:123456789012:permission/Other"
    stubber.add_response(
        "list_permissions",
        {"permissions": [summary(), summary(name="Other", arn=other)]},
        {"permissionType": "CUSTOMER_MANAGED"},
    )
    assert permission_arns_for(client, ["PartnerRead", "AWSRAMDefaultPermissionGlueTable", "Other"], "aws") == [
        ARN,
        "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionGlueTable",
        other,
    ]


def test_customer_name_missing_lists_candidates(stubbed):
    client, stubber = stubbed.client("ram"), stubbed("ram")
    stubber.add_response("list_permissions", {"permissions": [summary()]}, {"permissionType": "CUSTOMER_MANAGED"})
    with pytest.raises(Failure) as raised:
        customer_permission_arns(client, ["Missing"])
    assert "'Missing'" in str(raised.value) and "PartnerRead" in str(raised.value)
    assert raised.value.result == {"candidates": ["PartnerRead"]}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"name": "PartnerRead"}, []),
        ({"arn": "arn:aws:ram:us-east-1:123456789012:permission/PartnerRead"}, []),
        ({"arn": "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionGlueTable", "resource_type": "glue:Table"}, []),
        ({"arn": "arn:aws:ram:us-east-1:123456789012:resource-share/x"}, ["arn 'arn:aws:ram:us-east-1"]),
        ({"name": "caf\u00e9"}, ["name 'caf\u00e9' is not a permission name"]),
        ({"resource_type": "Glue Table"}, ["resource_type 'Glue Table' is not a RAM resource type"]),
    ],
)
def test_invalid_permission_info_params(params, expected):
    errors = invalid_permission_info_params(params)
    assert len(errors) == len(expected)
    assert all(error.startswith(prefix) for error, prefix in zip(errors, expected))
