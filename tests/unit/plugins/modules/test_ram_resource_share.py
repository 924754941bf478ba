# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""ram_resource_share end to end, with a stubbed RAM client: which calls are made, in which order, and what is
returned."""

from __future__ import annotations

import uuid

import pytest
from botocore.stub import ANY

from ansible_collections.partner_onboarding.aws.plugins.modules import ram_resource_share
from ansible_collections.partner_onboarding.aws.tests.unit.ram_answers import (
    DB,
    DB_DEFAULT,
    DB_RW,
    ORG,
    OWNER,
    PARTNER,
    ROLE,
    SHARE,
    TABLE,
    TABLE_DEFAULT,
    associations_read,
    permission_detail,
    permissions_read,
    principal,
    resource,
    resource_share,
    run_task,
    shares_read,
    skip_waiter_sleep,
    summary,
)

READS = {
    "GetResourceShares",
    "GetResourceShareAssociations",
    "ListResourceSharePermissions",
    "ListPermissions",
    "GetPermission",
}
DB_RW_NAME = "AWSRAMPermissionGlueDatabaseReadWrite"
TAGS = {"partner": "fivetran"}


def writes(stubbed):
    return [operation for operation in stubbed.operations if operation not in READS]


def run(run_module, **args):
    return run_task(run_module, ram_resource_share, **args)


def existing_share(ram, principals=(), resources=(), by="name", **share):
    """Queue the reads of an existing share: the share, then its principal and resource associations."""
    if by == "name":
        shares_read(ram, resource_share(**share), name=share.get("name", "partner-share"))
    else:
        shares_read(ram, resource_share(**share), resourceShareArns=[SHARE])
    associations_read(ram, "PRINCIPAL", *principals)
    associations_read(ram, "RESOURCE", *resources)


# --- create --------------------------------------------------------------------------------------------------------


def test_create_puts_everything_in_one_create_resource_share(stubbed, run_module, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    shares_read(ram, name="partner-share")
    ram.add_response("get_permission", permission_detail(DB_RW, "glue:Database"), {"permissionArn": DB_RW})
    ram.add_response(
        "create_resource_share",
        {"resourceShare": resource_share(allow=True, tags=TAGS), "clientToken": "tok-create"},
        {
            "name": "partner-share",
            "allowExternalPrincipals": True,
            "resourceArns": [DB, TABLE],
            "principals": [PARTNER, ORG],
            "permissionArns": [DB_RW],
            "tags": [{"key": "partner", "value": "fivetran"}],
            "clientToken": "tok-create",
        },
    )
    # The wait: the partner's account waits for its invitation, the rest is associated.
    associations_read(ram, "PRINCIPAL", principal(PARTNER, "ASSOCIATING", external=True), principal(ORG))
    associations_read(ram, "RESOURCE", resource(DB), resource(TABLE))
    # The share as AWS reports it.
    existing_share(
        ram,
        [principal(PARTNER, "ASSOCIATING", external=True), principal(ORG)],
        [resource(DB), resource(TABLE)],
        by="arn",
        allow=True,
        tags=TAGS,
    )
    permissions_read(ram, summary(DB_RW, "glue:Database"), summary(TABLE_DEFAULT, "glue:Table"))
    result = run(
        run_module,
        name="partner-share",
        resource_arns=[DB, TABLE],
        principals=[PARTNER, ORG],
        permissions=[DB_RW_NAME],
        tags=TAGS,
        allow_external_principals=True,
        client_token="tok-create",
    )
    assert result["changed"] is True, result
    assert writes(stubbed) == ["CreateResourceShare"]
    assert stubbed.operations == [
        "GetResourceShares",
        "GetPermission",
        "CreateResourceShare",
        "GetResourceShareAssociations",
        "GetResourceShareAssociations",
        "GetResourceShares",
        "GetResourceShareAssociations",
        "GetResourceShareAssociations",
        "ListResourceSharePermissions",
    ]
    assert delays == []
    share = result["resource_share"]
    assert share["arn"] == SHARE
    assert share["allow_external_principals"] is True
    assert share["tags"] == TAGS
    assert share["resource_arns"] == [DB, TABLE]
    assert share["principals"] == [PARTNER, ORG]
    assert share["pending_principals"] == [PARTNER]
    assert [p["arn"] for p in share["permissions"]] == [DB_RW, TABLE_DEFAULT]
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["permissions"] == {"glue:Database": DB_RW, "glue:Table": TABLE_DEFAULT}


def test_create_without_options_is_not_open_to_external_accounts(stubbed, run_module):
    ram = stubbed("ram")
    shares_read(ram, name="partner-share")
    ram.add_response(
        "create_resource_share",
        {"resourceShare": resource_share()},
        {"name": "partner-share", "allowExternalPrincipals": False, "clientToken": ANY},
    )
    existing_share(ram, by="arn")
    result = run(run_module, name="partner-share")
    assert result["changed"] is True
    token = stubbed.sent[1][1]["clientToken"]
    assert str(uuid.UUID(token)) == token
    # Nothing associated: nothing waited for.
    assert stubbed.operations == [
        "GetResourceShares",
        "CreateResourceShare",
        "GetResourceShares",
        "GetResourceShareAssociations",
        "GetResourceShareAssociations",
    ]
    assert "permissions" not in result["resource_share"]


def test_create_waits_for_a_pending_share_to_become_active(stubbed, run_module, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    shares_read(ram, name="partner-share")
    ram.add_response("create_resource_share", {"resourceShare": resource_share(status="PENDING")}, None)
    shares_read(ram, resource_share(status="PENDING"), resourceShareArns=[SHARE])
    shares_read(ram, resource_share(status="ACTIVE"), resourceShareArns=[SHARE])
    associations_read(ram, "RESOURCE", resource(DB, "ASSOCIATING"))
    associations_read(ram, "RESOURCE", resource(DB))
    existing_share(ram, [], [resource(DB)], by="arn")
    result = run(run_module, name="partner-share", resource_arns=[DB])
    assert result["changed"] is True
    assert result["resource_share"]["status"] == "ACTIVE"
    assert result["resource_share"]["resource_arns"] == [DB]
    assert delays == [2, 2]


def test_create_waits_for_a_share_ram_does_not_list_yet(stubbed, run_module, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    shares_read(ram, name="partner-share")
    ram.add_response("create_resource_share", {"resourceShare": resource_share(status="PENDING")}, None)
    shares_read(ram, resourceShareArns=[SHARE])
    shares_read(ram, resource_share(status="ACTIVE"), resourceShareArns=[SHARE])
    associations_read(ram, "RESOURCE", resource(DB))
    existing_share(ram, [], [resource(DB)], by="arn")
    result = run(run_module, name="partner-share", resource_arns=[DB])
    assert result["changed"] is True
    assert result["resource_share"]["status"] == "ACTIVE"
    assert delays == [2]


def test_a_share_not_listed_after_its_creation_fails_saying_so(stubbed, run_module):
    ram = stubbed("ram")
    shares_read(ram, name="partner-share")
    ram.add_response("create_resource_share", {"resourceShare": resource_share(status="PENDING")}, None)
    shares_read(ram, resourceShareArns=[SHARE])
    result = run(run_module, name="partner-share", resource_arns=[DB], wait=False)
    assert result["failed"] is True and result["changed"] is True
    assert result["msg"].startswith(f"resource share {SHARE} is not listed by AWS RAM after the task's writes")
    assert "Traceback" not in result["msg"]


def test_create_with_wait_false_does_not_wait(stubbed, run_module):
    ram = stubbed("ram")
    shares_read(ram, name="partner-share")
    ram.add_response("create_resource_share", {"resourceShare": resource_share(status="PENDING")}, None)
    existing_share(ram, [], [resource(DB, "ASSOCIATING")], by="arn", status="PENDING")
    result = run(run_module, name="partner-share", resource_arns=[DB], wait=False)
    assert result["changed"] is True
    assert result["resource_share"]["resource_arns"] == [DB]
    assert writes(stubbed) == ["CreateResourceShare"]


def test_create_check_mode_predicts_the_share_with_reads_only(stubbed, run_module):
    ram = stubbed("ram")
    shares_read(ram, name="partner-share")
    ram.add_response("get_permission", permission_detail(DB_RW, "glue:Database"), {"permissionArn": DB_RW})
    result = run(
        run_module,
        check_mode=True,
        name="partner-share",
        resource_arns=[DB],
        principals=[PARTNER],
        permissions=[DB_RW_NAME],
        tags=TAGS,
    )
    assert result["changed"] is True
    assert stubbed.operations == ["GetResourceShares", "GetPermission"]
    share = result["resource_share"]
    assert share["arn"] is None
    assert share["name"] == "partner-share"
    assert share["allow_external_principals"] is False
    assert (share["resource_arns"], share["principals"], share["tags"]) == ([DB], [PARTNER], TAGS)
    assert [(p["arn"], p["resource_type"], p["status"]) for p in share["permissions"]] == [
        (DB_RW, "glue:Database", "ASSOCIATED")
    ]
    assert result["diff"] == {
        "before": {},
        "after": {
            "name": "partner-share",
            "allow_external_principals": False,
            "resource_arns": [DB],
            "principals": [PARTNER],
            "tags": TAGS,
            "permissions": {"glue:Database": DB_RW},
        },
    }


# --- promote, re-run after a partial failure ---------------------------------------------------------------------

POLICY_PERMISSION = f"arn:aws:ram:us-east-1:{OWNER}:permission/ram-policy-1a2b3c4d5e6f"
PROMOTED = f"arn:aws:ram:us-east-1:{OWNER}:permission/partner-share-glueDatabase"
TEMPLATE = '{"Effect": "Allow", "Action": ["glue:GetDatabase"]}'


def customer_permission(arn, feature_set="STANDARD"):
    return dict(
        summary(arn, "glue:Database"), permissionType="CUSTOMER_MANAGED", featureSet=feature_set, status="ATTACHABLE"
    )


def policy_share_read(ram, feature_set="CREATED_FROM_POLICY", by="name"):
    """Queue the reads of the policy share (by name) and its associations."""
    share = dict(resource_share(), featureSet=feature_set)
    if by == "name":
        shares_read(ram, share, name="partner-share")
    else:
        shares_read(ram, share, resourceShareArns=[SHARE])
    associations_read(ram, "PRINCIPAL", principal(ORG))
    associations_read(ram, "RESOURCE", resource(DB))


def promoted_read(ram, *permissions):
    """Queue ListPermissions (customer managed) and, for the promoted name, GetPermission of it and of the policy
    permission: the same template."""
    ram.add_response("list_permissions", {"permissions": list(permissions)}, {"permissionType": "CUSTOMER_MANAGED"})
    if any(permission["arn"] == PROMOTED for permission in permissions):
        for arn, version in ((PROMOTED, None), (POLICY_PERMISSION, 1)):
            expected = {"permissionArn": arn, **({"permissionVersion": version} if version else {})}
            answer = dict(customer_permission(arn), permission=TEMPLATE)
            ram.add_response("get_permission", {"permission": answer}, expected)


@pytest.mark.parametrize("check_mode", [False, True])
def test_promote_rerun_after_the_permission_was_promoted_promotes_the_share_only(
    stubbed, run_module, monkeypatch, check_mode
):
    """A first run promoted the permission, then stopped (the share's promotion failed): the re-run reads the promoted
    permission and does not promote it again (AWS documents no answer to a second promotion)."""
    skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    policy_share_read(ram)
    permissions_read(ram, customer_permission(POLICY_PERMISSION, "CREATED_FROM_POLICY"))
    promoted_read(ram, customer_permission(POLICY_PERMISSION, "CREATED_FROM_POLICY"), customer_permission(PROMOTED))
    if not check_mode:
        ram.add_response(
            "promote_resource_share_created_from_policy", {"returnValue": True}, {"resourceShareArn": SHARE}
        )
        shares_read(ram, dict(resource_share(), featureSet="STANDARD"), resourceShareArns=[SHARE])
        policy_share_read(ram, "STANDARD", by="arn")
    result = run(run_module, check_mode=check_mode, name="partner-share", promote=True)
    assert result["changed"] is True, result
    assert writes(stubbed) == ([] if check_mode else ["PromoteResourceShareCreatedFromPolicy"])
    assert result["resource_share"]["feature_set"] == "STANDARD"
    assert (result["diff"]["before"]["feature_set"], result["diff"]["after"]["feature_set"]) == (
        "CREATED_FROM_POLICY",
        "STANDARD",
    )


def test_promote_permission_refused_as_made_meanwhile_counts_as_done(stubbed, run_module, monkeypatch):
    """The permission's promotion fails (its answer was lost and a retry refused, or another run promoted it since
    the read): a re-read that finds the promoted permission lets the task go on to the share."""
    skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    policy_share_read(ram)
    permissions_read(ram, customer_permission(POLICY_PERMISSION, "CREATED_FROM_POLICY"))
    promoted_read(ram, customer_permission(POLICY_PERMISSION, "CREATED_FROM_POLICY"))
    ram.add_client_error(
        "promote_permission_created_from_policy",
        "InvalidParameterException",
        "A permission named partner-share-glueDatabase already exists.",
        400,
        expected_params={"permissionArn": POLICY_PERMISSION, "name": "partner-share-glueDatabase", "clientToken": ANY},
    )
    promoted_read(ram, customer_permission(PROMOTED))
    ram.add_response("promote_resource_share_created_from_policy", {"returnValue": True}, {"resourceShareArn": SHARE})
    shares_read(ram, dict(resource_share(), featureSet="STANDARD"), resourceShareArns=[SHARE])
    policy_share_read(ram, "STANDARD", by="arn")
    result = run(run_module, name="partner-share", promote=True)
    assert result["changed"] is True, result
    assert writes(stubbed) == ["PromotePermissionCreatedFromPolicy", "PromoteResourceShareCreatedFromPolicy"]
    assert result["resource_share"]["feature_set"] == "STANDARD"


def test_promote_permission_refused_and_not_made_fails_naming_it(stubbed, run_module):
    ram = stubbed("ram")
    policy_share_read(ram)
    permissions_read(ram, customer_permission(POLICY_PERMISSION, "CREATED_FROM_POLICY"))
    promoted_read(ram)
    ram.add_client_error("promote_permission_created_from_policy", "InvalidParameterException", "No.", 400)
    promoted_read(ram)
    result = run(run_module, name="partner-share", promote=True)
    assert result["failed"] is True
    assert result["changed"] is False
    assert result["msg"].startswith(
        f"PromotePermissionCreatedFromPolicy for permission {POLICY_PERMISSION} failed with InvalidParameterException"
    )
    assert writes(stubbed) == ["PromotePermissionCreatedFromPolicy"]


def test_promote_with_the_name_taken_by_another_permission_fails_before_any_write(stubbed, run_module):
    ram = stubbed("ram")
    policy_share_read(ram)
    permissions_read(ram, customer_permission(POLICY_PERMISSION, "CREATED_FROM_POLICY"))
    ram.add_response(
        "list_permissions", {"permissions": [customer_permission(PROMOTED)]}, {"permissionType": "CUSTOMER_MANAGED"}
    )
    for arn, template, version in (
        (PROMOTED, '{"Effect": "Allow", "Action": ["glue:*"]}', None),
        (POLICY_PERMISSION, TEMPLATE, 1),
    ):
        expected = {"permissionArn": arn, **({"permissionVersion": version} if version else {})}
        ram.add_response(
            "get_permission", {"permission": dict(customer_permission(arn), permission=template)}, expected
        )
    result = run(run_module, name="partner-share", promote=True)
    assert result["failed"] is True
    assert "already has that name and is not its promotion" in result["msg"]
    assert writes(stubbed) == []


# --- converged -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("check_mode", [False, True])
def test_converged_without_permissions_is_three_reads(stubbed, run_module, check_mode):
    existing_share(
        stubbed("ram"),
        [principal(PARTNER, "ASSOCIATING", external=True), principal(ORG)],
        [resource(DB)],
        allow=True,
        tags=TAGS,
    )
    result = run(
        run_module,
        check_mode=check_mode,
        name="partner-share",
        resource_arns=[DB],
        principals=[ORG, PARTNER],
        purge_principals=True,
        allow_external_principals=True,
        tags=TAGS,
    )
    assert result["changed"] is False
    assert stubbed.operations == ["GetResourceShares", "GetResourceShareAssociations", "GetResourceShareAssociations"]
    assert result["resource_share"]["pending_principals"] == [PARTNER]
    assert "permissions" not in result["resource_share"]
    assert result["diff"]["before"] == result["diff"]["after"]


@pytest.mark.parametrize("check_mode", [False, True])
def test_converged_with_permissions_is_four_reads(stubbed, run_module, check_mode):
    ram = stubbed("ram")
    existing_share(ram, [principal(ORG)], [resource(DB), resource(TABLE)])
    permissions_read(ram, summary(DB_RW, "glue:Database"), summary(TABLE_DEFAULT, "glue:Table"))
    result = run(
        run_module,
        check_mode=check_mode,
        name="partner-share",
        resource_arns=[DB, TABLE],
        principals=[ORG],
        permissions=[DB_RW_NAME, TABLE_DEFAULT],
    )
    assert result["changed"] is False
    assert stubbed.operations == [
        "GetResourceShares",
        "GetResourceShareAssociations",
        "GetResourceShareAssociations",
        "ListResourceSharePermissions",
    ]
    assert [p["arn"] for p in result["resource_share"]["permissions"]] == [DB_RW, TABLE_DEFAULT]


# --- update --------------------------------------------------------------------------------------------------------


def test_update_check_mode_predicts_with_reads_only(stubbed, run_module):
    ram = stubbed("ram")
    existing_share(ram, [principal(ORG)], [resource(DB)], tags={"team": "data"})
    permissions_read(ram, summary(DB_DEFAULT, "glue:Database"))
    ram.add_response("get_permission", permission_detail(DB_RW, "glue:Database"), {"permissionArn": DB_RW})
    result = run(
        run_module,
        check_mode=True,
        name="partner-share",
        resource_arns=[TABLE],
        purge_resources=True,
        principals=[ROLE],
        permissions=[DB_RW_NAME],
        tags=TAGS,
    )
    assert result["changed"] is True
    assert stubbed.operations == [
        "GetResourceShares",
        "GetResourceShareAssociations",
        "GetResourceShareAssociations",
        "ListResourceSharePermissions",
        "GetPermission",
    ]
    assert result["diff"]["before"]["permissions"] == {"glue:Database": DB_DEFAULT}
    assert result["diff"]["after"] == {
        "name": "partner-share",
        "allow_external_principals": False,
        "resource_arns": [TABLE],
        "principals": sorted([ORG, ROLE]),
        "tags": TAGS,
        "permissions": {"glue:Database": DB_RW},
    }


def test_update_writes_in_order_waits_and_reads_again(stubbed, run_module, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    existing_share(ram, [principal(ORG)], [resource(DB)], tags={"team": "data"})
    permissions_read(ram, summary(DB_DEFAULT, "glue:Database"))
    ram.add_response("get_permission", permission_detail(DB_RW, "glue:Database"), {"permissionArn": DB_RW})
    ram.add_response(
        "associate_resource_share_permission",
        {"returnValue": True},
        {"resourceShareArn": SHARE, "permissionArn": DB_RW, "replace": True, "clientToken": "tok"},
    )
    ram.add_response(
        "associate_resource_share",
        {"resourceShareAssociations": [resource(TABLE, "ASSOCIATING")]},
        {"resourceShareArn": SHARE, "resourceArns": [TABLE], "clientToken": ANY},
    )
    ram.add_response(
        "disassociate_resource_share",
        {"resourceShareAssociations": [resource(DB, "DISASSOCIATING")]},
        {"resourceShareArn": SHARE, "resourceArns": [DB], "clientToken": ANY},
    )
    ram.add_response("untag_resource", {}, {"resourceShareArn": SHARE, "tagKeys": ["team"]})
    ram.add_response("tag_resource", {}, {"resourceShareArn": SHARE, "tags": [{"key": "partner", "value": "fivetran"}]})
    associations_read(ram, "RESOURCE", resource(DB, "DISASSOCIATING"), resource(TABLE, "ASSOCIATING"))
    associations_read(ram, "RESOURCE", resource(DB, "DISASSOCIATED"), resource(TABLE))
    existing_share(ram, [principal(ORG)], [resource(DB, "DISASSOCIATED"), resource(TABLE)], by="arn", tags=TAGS)
    permissions_read(ram, summary(DB_RW, "glue:Database"), summary(TABLE_DEFAULT, "glue:Table"))
    result = run(
        run_module,
        name="partner-share",
        resource_arns=[TABLE],
        purge_resources=True,
        permissions=[DB_RW_NAME],
        tags=TAGS,
        client_token="tok",
    )
    assert result["changed"] is True, result
    assert writes(stubbed) == [
        "AssociateResourceSharePermission",
        "AssociateResourceShare",
        "DisassociateResourceShare",
        "UntagResource",
        "TagResource",
    ]
    tokens = [params["clientToken"] for _op, params in stubbed.sent if "clientToken" in params]
    assert tokens[0] == "tok" and len(set(tokens)) == 3
    assert delays == [2]
    share = result["resource_share"]
    assert share["resource_arns"] == [TABLE]
    assert share["tags"] == TAGS
    assert [p["arn"] for p in share["permissions"]] == [DB_RW, TABLE_DEFAULT]
    assert result["diff"]["before"]["resource_arns"] == [DB]
    assert result["diff"]["after"]["resource_arns"] == [TABLE]


def test_rename_by_arn(stubbed, run_module):
    ram = stubbed("ram")
    existing_share(ram, by="arn")
    ram.add_response(
        "update_resource_share",
        {"resourceShare": resource_share(name="partner-share-v2")},
        {"resourceShareArn": SHARE, "name": "partner-share-v2", "allowExternalPrincipals": False, "clientToken": ANY},
    )
    existing_share(ram, by="arn", name="partner-share-v2")
    result = run(run_module, arn=SHARE, name="partner-share-v2")
    assert result["changed"] is True
    assert writes(stubbed) == ["UpdateResourceShare"]
    assert result["resource_share"]["name"] == "partner-share-v2"
    assert (result["diff"]["before"]["name"], result["diff"]["after"]["name"]) == ("partner-share", "partner-share-v2")


def test_add_principal_waits_for_it(stubbed, run_module, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    existing_share(ram, [principal(ORG)], [resource(DB)])
    ram.add_response(
        "associate_resource_share",
        {"resourceShareAssociations": [principal(ROLE, "ASSOCIATING")]},
        {"resourceShareArn": SHARE, "principals": [ROLE], "clientToken": ANY},
    )
    associations_read(ram, "PRINCIPAL", principal(ORG), principal(ROLE, "ASSOCIATING"))
    associations_read(ram, "PRINCIPAL", principal(ORG), principal(ROLE))
    existing_share(ram, [principal(ORG), principal(ROLE)], [resource(DB)], by="arn")
    result = run(run_module, name="partner-share", principals=[ROLE])
    assert result["changed"] is True
    assert result["resource_share"]["principals"] == [ORG, ROLE]
    assert delays == [2]


def test_failed_association_fails_the_task_with_rams_message(stubbed, run_module, monkeypatch):
    skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    existing_share(ram, [principal(ORG)], [])
    ram.add_response("associate_resource_share", {"resourceShareAssociations": []}, None)
    associations_read(ram, "PRINCIPAL", principal(ORG), principal(PARTNER, "FAILED", message="not in organization"))
    result = run(run_module, name="partner-share", principals=[PARTNER])
    assert result["failed"] is True
    assert result["msg"] == f"AWS RAM could not associate with resource share {SHARE}: {PARTNER}: not in organization"


@pytest.mark.parametrize("error_code, hint", [("InvalidParameterException", "allow_external_principals: true")])
def test_failed_write_names_the_operation_and_reports_the_share(stubbed, run_module, error_code, hint):
    ram = stubbed("ram")
    existing_share(ram, [principal(ORG)], [resource(DB)])
    ram.add_client_error("associate_resource_share", error_code, "The principal is not in your organization", 400)
    result = run(run_module, name="partner-share", principals=[PARTNER])
    assert result["failed"] is True
    assert result["changed"] is False
    assert result["msg"].startswith(f"AssociateResourceShare for resource share {SHARE} failed with {error_code}")
    assert hint in result["msg"]
    assert result["error"] == {"code": error_code, "message": "The principal is not in your organization"}
    assert result["resource_share"]["arn"] == SHARE
    assert result["resource_share"]["principals"] == [ORG]
    assert result["resource_share"]["resource_arns"] == [DB]
    assert writes(stubbed) == ["AssociateResourceShare"]


def test_failed_second_write_reports_the_first_as_a_change(stubbed, run_module):
    ram = stubbed("ram")
    existing_share(ram, [principal(ORG)], [resource(DB)])
    ram.add_response("associate_resource_share", {"resourceShareAssociations": []}, None)
    ram.add_client_error("disassociate_resource_share", "InvalidStateTransitionException", "still associating", 400)
    result = run(run_module, name="partner-share", principals=[ROLE], purge_principals=True)
    assert result["failed"] is True
    assert result["changed"] is True
    assert result["msg"].startswith(f"DisassociateResourceShare for resource share {SHARE} failed with")
    assert "ASSOCIATING or DISASSOCIATING" in result["msg"]
    assert result["resource_share"]["principals"] == [ORG]


def test_two_permissions_for_one_type_fail_before_any_write(stubbed, run_module):
    ram = stubbed("ram")
    existing_share(ram, [], [resource(DB)])
    permissions_read(ram, summary(TABLE_DEFAULT, "glue:Table"))
    ram.add_response("get_permission", permission_detail(DB_RW, "glue:Database"), {"permissionArn": DB_RW})
    ram.add_response("get_permission", permission_detail(DB_DEFAULT, "glue:Database"), {"permissionArn": DB_DEFAULT})
    result = run(run_module, name="partner-share", permissions=[DB_RW_NAME, DB_DEFAULT])
    assert result["failed"] is True
    assert "one permission per resource type" in result["msg"]
    assert DB_RW in result["msg"] and DB_DEFAULT in result["msg"]
    assert writes(stubbed) == []


def test_unknown_arn_fails(stubbed, run_module):
    shares_read(stubbed("ram"), resourceShareArns=[SHARE])
    result = run(run_module, arn=SHARE, resource_arns=[DB])
    assert result["failed"] is True
    assert SHARE in result["msg"] and "names no resource share" in result["msg"]
    assert writes(stubbed) == []


def test_name_of_several_shares_fails_listing_them(stubbed, run_module):
    other = SHARE.replace("7ab63972", "00000000")
    shares_read(stubbed("ram"), resource_share(), resource_share(other), name="partner-share")
    result = run(run_module, name="partner-share", state="absent")
    assert result["failed"] is True
    assert f"{other}, {SHARE}" in result["msg"]
    assert writes(stubbed) == []


# --- absent --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("check_mode", [False, True])
def test_absent_deletes_the_share(stubbed, run_module, check_mode):
    ram = stubbed("ram")
    shares_read(ram, resource_share(), name="partner-share")
    if not check_mode:
        ram.add_response(
            "delete_resource_share", {"returnValue": True}, {"resourceShareArn": SHARE, "clientToken": ANY}
        )
    result = run(run_module, check_mode=check_mode, name="partner-share", state="absent", resource_arns=[DB])
    assert result["changed"] is True
    assert result["resource_share"] == {}
    assert writes(stubbed) == ([] if check_mode else ["DeleteResourceShare"])
    assert result["diff"]["after"] == {}
    assert result["diff"]["before"]["name"] == "partner-share"


def test_absent_share_absent_is_one_read(stubbed, run_module):
    shares_read(stubbed("ram"), resource_share(status="DELETED"), name="partner-share")
    result = run(run_module, name="partner-share", state="absent")
    assert result["changed"] is False
    assert result["resource_share"] == {}
    assert stubbed.operations == ["GetResourceShares"]


def test_absent_by_unknown_arn_is_no_change(stubbed, run_module):
    stubbed("ram").add_client_error("get_resource_shares", "UnknownResourceException", "not found", 400)
    result = run(run_module, arn=SHARE, state="absent")
    assert result["changed"] is False
    assert result["resource_share"] == {}


# --- input checked before any call ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, messages",
    [
        ({}, ["name or arn is required"]),
        ({"arn": "partner-share"}, ["arn 'partner-share' is not a RAM resource share ARN"]),
        ({"name": "s", "principals": ["o-123"]}, ["principals: 'o-123' not valid"]),
        ({"name": "s", "resource_arns": ["sales"]}, ["resource_arns: 'sales' not valid"]),
        ({"name": "s", "purge_resources": True}, ["purge_resources needs resource_arns"]),
        ({"name": "s", "purge_principals": True}, ["purge_principals needs principals"]),
        ({"name": "s", "permissions": ["Read Write"]}, ["permissions 'Read Write' is not a permission name"]),
        ({"name": "s", "tags": {"aws:x": "1"}}, ["tags: key(s) 'aws:x' not valid"]),
        ({"name": "s", "wait_timeout": 0}, ["wait_timeout must be 1 or more seconds"]),
        (
            {"arn": "x", "principals": ["y"], "resource_arns": ["z"]},
            ["arn 'x'", "resource_arns: 'z'", "principals: 'y'"],
        ),
    ],
)
def test_bad_input_fails_before_any_call(stubbed, run_module, args, messages):
    result = run(run_module, **args)
    assert result["failed"] is True
    for message in messages:
        assert message in result["msg"]
    assert stubbed.sent == []
