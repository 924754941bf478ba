# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""_ram_shares: the share's plan as tables, its pure helpers, and the wait for a new share to be ACTIVE."""

from __future__ import annotations

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import (
    client_tokens,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import (
    Failure,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram import (
    normalize_share,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_permissions import (
    normalize_permission,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_shares import (
    check_one_per_type,
    permission_arns_for,
    plan_share,
    share_view,
    wait_for_share,
)
from ansible_collections.partner_onboarding.aws.tests.unit.ram_answers import (
    CATALOG,
    DB,
    DB_DEFAULT,
    DB_RW,
    ORG,
    OU,
    PARTNER,
    ROLE,
    SERVICE,
    SHARE,
    TABLE,
    TABLE_DEFAULT,
    TABLE_RW,
    Tokens,
    params,
    permission_detail,
    resource_share,
    sent,
    shares_read,
    skip_waiter_sleep,
    summary,
)


def state(resources=(), principals=(), pending=(), tags=None, allow=False, name="partner-share", arn=SHARE):
    """A share as read_share_state returns it."""
    return dict(
        normalize_share(resource_share(arn, name, allow=allow, tags=tags)),
        resource_arns=list(resources),
        principals=list(principals),
        pending_principals=list(pending),
    )


# Permissions: on the share (ListResourceSharePermissions) and wanted (GetPermission, with the ARN asked for).
DB_DEFAULT_ON = normalize_permission(summary(DB_DEFAULT, "glue:Database"))
DB_RW_ON = normalize_permission(summary(DB_RW, "glue:Database"))
DB_RW_WANTED = dict(normalize_permission(permission_detail(DB_RW, "glue:Database")["permission"]), arn=DB_RW)
DB_DEFAULT_WANTED = dict(normalize_permission(permission_detail(DB_DEFAULT, "glue:Database")["permission"]))
TABLE_RW_WANTED = dict(normalize_permission(permission_detail(TABLE_RW, "glue:Table")["permission"]), arn=TABLE_RW)

# The share most plans start from: one database, shared with an external account still waiting for its invitation
# and with the organization, two tags.
CURRENT = state(
    resources=[DB],
    principals=[PARTNER, ORG],
    pending=[PARTNER],
    tags={"team": "data", "partner": "fivetran"},
    allow=True,
)


# --- plan_share ----------------------------------------------------------------------------------------------------


def tagged(**tags):
    return [{"key": key, "value": value} for key, value in sorted(tags.items())]


# (current share, options, wanted permissions, the share's permissions, exact writes, predicted share (for an
#  existing share: what changes in CURRENT), predicted {resource type: permission ARN} or None)
# fmt: off
PLAN_SHARE_CASES = [
    pytest.param(
        {}, params(resource_arns=[DB, TABLE, DB], principals=[PARTNER, ORG, PARTNER],
                   permissions=["AWSRAMPermissionGlueDatabaseReadWrite"], tags={"team": "data", "cost-center": 42}),
        [DB_RW_WANTED], [],
        [("CreateResourceShare", {
            "name": "partner-share", "allowExternalPrincipals": False, "resourceArns": [DB, TABLE],
            "principals": [PARTNER, ORG], "permissionArns": [DB_RW],
            "tags": [{"key": "cost-center", "value": "42"}, {"key": "team", "value": "data"}],
            "clientToken": "token-1-CreateResourceShare"})],
        {"arn": None, "name": "partner-share", "status": "ACTIVE", "owning_account_id": None,
         "allow_external_principals": False, "feature_set": "STANDARD", "tags": {"team": "data", "cost-center": "42"},
         "creation_time": None, "last_updated_time": None, "resource_arns": [DB, TABLE],
         "principals": [PARTNER, ORG], "pending_principals": []},
        {"glue:Database": DB_RW},
        id="create-with-everything-in-one-call",
    ),
    pytest.param(
        {}, params(), None, [],
        [("CreateResourceShare", {"name": "partner-share", "allowExternalPrincipals": False,
                                  "clientToken": "token-1-CreateResourceShare"})],
        {"arn": None, "name": "partner-share", "status": "ACTIVE", "owning_account_id": None,
         "allow_external_principals": False, "feature_set": "STANDARD", "tags": {}, "creation_time": None,
         "last_updated_time": None, "resource_arns": [], "principals": [], "pending_principals": []},
        None,
        id="create-name-only-no-external-principals",
    ),
    pytest.param(
        {}, params(allow_external_principals=True, resource_arns=[], principals=[], tags={}, permissions=[]), [], [],
        [("CreateResourceShare", {"name": "partner-share", "allowExternalPrincipals": True,
                                  "clientToken": "token-1-CreateResourceShare"})],
        {"arn": None, "name": "partner-share", "status": "ACTIVE", "owning_account_id": None,
         "allow_external_principals": True, "feature_set": "STANDARD", "tags": {}, "creation_time": None,
         "last_updated_time": None, "resource_arns": [], "principals": [], "pending_principals": []},
        {},
        id="create-allowing-external-principals-empty-lists",
    ),
    pytest.param(
        CURRENT, params(resource_arns=[DB], principals=[ORG, PARTNER], allow_external_principals=True,
                        tags={"partner": "fivetran", "team": "data"}),
        None, [], [], {}, None,
        id="converged",
    ),
    pytest.param(CURRENT, params(), None, [], [], {}, None, id="nothing-managed"),
    pytest.param(
        CURRENT, params(principals=[PARTNER], purge_principals=False), None, [], [], {}, None,
        id="pending-external-principal-is-present",
    ),
    pytest.param(
        CURRENT, params(principals=[PARTNER, ORG], purge_principals=True), None, [], [], {}, None,
        id="pending-external-principal-is-present-with-purge",
    ),
    pytest.param(
        CURRENT, params(arn=SHARE, name="partner-share-v2"), None, [],
        [("UpdateResourceShare", {"resourceShareArn": SHARE, "name": "partner-share-v2",
                                  "allowExternalPrincipals": True, "clientToken": "token-1-UpdateResourceShare"})],
        {"name": "partner-share-v2"}, None,
        id="rename-with-arn-and-name",
    ),
    pytest.param(CURRENT, params(arn=SHARE), None, [], [], {}, None, id="same-name-with-arn"),
    pytest.param(CURRENT, params(arn=SHARE, name=None), None, [], [], {}, None, id="arn-only"),
    pytest.param(
        CURRENT, params(allow_external_principals=False), None, [],
        [("UpdateResourceShare", {"resourceShareArn": SHARE, "name": "partner-share", "allowExternalPrincipals": False,
                                  "clientToken": "token-1-UpdateResourceShare"})],
        {"allow_external_principals": False}, None,
        id="disallow-external-principals",
    ),
    pytest.param(
        CURRENT, params(arn=SHARE, name="renamed", allow_external_principals=False), None, [],
        [("UpdateResourceShare", {"resourceShareArn": SHARE, "name": "renamed", "allowExternalPrincipals": False,
                                  "clientToken": "token-1-UpdateResourceShare"})],
        {"name": "renamed", "allow_external_principals": False}, None,
        id="rename-and-disallow-in-one-update",
    ),
    pytest.param(
        CURRENT, params(resource_arns=[TABLE, DB, TABLE]), None, [],
        [("AssociateResourceShare", {"resourceShareArn": SHARE, "resourceArns": [TABLE],
                                     "clientToken": "token-1-AssociateResourceShare"})],
        {"resource_arns": [DB, TABLE]}, None,
        id="add-resource-once",
    ),
    pytest.param(
        CURRENT, params(resource_arns=[TABLE]), None, [],
        [("AssociateResourceShare", {"resourceShareArn": SHARE, "resourceArns": [TABLE],
                                     "clientToken": "token-1-AssociateResourceShare"})],
        {"resource_arns": [DB, TABLE]}, None,
        id="unlisted-resource-kept-without-purge",
    ),
    pytest.param(
        CURRENT, params(resource_arns=[TABLE, CATALOG], purge_resources=True), None, [],
        [("AssociateResourceShare", {"resourceShareArn": SHARE, "resourceArns": [TABLE, CATALOG],
                                     "clientToken": "token-1-AssociateResourceShare"}),
         ("DisassociateResourceShare", {"resourceShareArn": SHARE, "resourceArns": [DB],
                                        "clientToken": "token-2-DisassociateResourceShare"})],
        {"resource_arns": [TABLE, CATALOG]}, None,
        id="purge-resources-associate-then-disassociate",
    ),
    pytest.param(
        CURRENT, params(resource_arns=[], purge_resources=True), None, [],
        [("DisassociateResourceShare", {"resourceShareArn": SHARE, "resourceArns": [DB],
                                        "clientToken": "token-1-DisassociateResourceShare"})],
        {"resource_arns": []}, None,
        id="purge-every-resource",
    ),
    pytest.param(
        CURRENT, params(principals=[ROLE, OU, ROLE]), None, [],
        [("AssociateResourceShare", {"resourceShareArn": SHARE, "principals": [ROLE, OU],
                                     "clientToken": "token-1-AssociateResourceShare"})],
        {"principals": [PARTNER, ORG, ROLE, OU]}, None,
        id="add-principals-once-keep-others",
    ),
    pytest.param(
        CURRENT, params(principals=[ORG, SERVICE], purge_principals=True), None, [],
        [("AssociateResourceShare", {"resourceShareArn": SHARE, "principals": [SERVICE],
                                     "clientToken": "token-1-AssociateResourceShare"}),
         ("DisassociateResourceShare", {"resourceShareArn": SHARE, "principals": [PARTNER],
                                        "clientToken": "token-2-DisassociateResourceShare"})],
        {"principals": [ORG, SERVICE], "pending_principals": []}, None,
        id="purge-principals-removes-a-pending-one",
    ),
    pytest.param(
        CURRENT, params(tags={"env": "prod"}), None, [],
        [("UntagResource", {"resourceShareArn": SHARE, "tagKeys": ["partner", "team"]}),
         ("TagResource", {"resourceShareArn": SHARE, "tags": tagged(env="prod")})],
        {"tags": {"env": "prod"}}, None,
        id="tags-purged-by-default-untag-then-tag",
    ),
    pytest.param(
        CURRENT, params(tags={"env": "prod"}, purge_tags=False), None, [],
        [("TagResource", {"resourceShareArn": SHARE, "tags": tagged(env="prod")})],
        {"tags": {"team": "data", "partner": "fivetran", "env": "prod"}}, None,
        id="purge-tags-false-keeps-other-tags",
    ),
    pytest.param(
        CURRENT, params(tags={"team": "sales", "partner": "fivetran"}), None, [],
        [("TagResource", {"resourceShareArn": SHARE, "tags": tagged(team="sales")})],
        {"tags": {"team": "sales", "partner": "fivetran"}}, None,
        id="changed-tag-value",
    ),
    pytest.param(
        CURRENT, params(tags={"team": "data", "partner": "fivetran", "tier": 1}), None, [],
        [("TagResource", {"resourceShareArn": SHARE, "tags": tagged(tier="1")})],
        {"tags": {"team": "data", "partner": "fivetran", "tier": "1"}}, None,
        id="tag-values-sent-as-strings",
    ),
    pytest.param(
        CURRENT, params(tags={}), None, [],
        [("UntagResource", {"resourceShareArn": SHARE, "tagKeys": ["partner", "team"]})],
        {"tags": {}}, None,
        id="no-tags-with-purge",
    ),
    pytest.param(CURRENT, params(tags={}, purge_tags=False), None, [], [], {}, None, id="no-tags-without-purge"),
    pytest.param(
        CURRENT, params(permissions=["AWSRAMPermissionGlueDatabaseReadWrite"]), [DB_RW_WANTED], [DB_DEFAULT_ON],
        [("AssociateResourceSharePermission", {"resourceShareArn": SHARE, "permissionArn": DB_RW, "replace": True,
                                               "clientToken": "token-1-AssociateResourceSharePermission"})],
        {}, {"glue:Database": DB_RW},
        id="permission-replaces-the-one-in-place-for-its-type",
    ),
    pytest.param(
        CURRENT, params(permissions=[DB_DEFAULT, TABLE_RW]), [DB_DEFAULT_ON, TABLE_RW_WANTED], [DB_DEFAULT_ON],
        [("AssociateResourceSharePermission", {"resourceShareArn": SHARE, "permissionArn": TABLE_RW,
                                               "replace": False,
                                               "clientToken": "token-1-AssociateResourceSharePermission"})],
        {}, {"glue:Database": DB_DEFAULT, "glue:Table": TABLE_RW},
        id="permission-for-a-free-type-without-replace",
    ),
    pytest.param(
        CURRENT, params(permissions=[DB_RW]), [DB_RW_ON], [DB_RW_ON], [], {}, {"glue:Database": DB_RW},
        id="permission-in-place",
    ),
    pytest.param(
        CURRENT,
        params(arn=SHARE, name="renamed", allow_external_principals=False, resource_arns=[TABLE],
               purge_resources=True, principals=[ROLE], permissions=[DB_RW], tags={"env": "prod"}),
        [DB_RW_WANTED], [DB_DEFAULT_ON],
        [("AssociateResourceSharePermission", {"resourceShareArn": SHARE, "permissionArn": DB_RW, "replace": True,
                                               "clientToken": "token-1-AssociateResourceSharePermission"}),
         ("UpdateResourceShare", {"resourceShareArn": SHARE, "name": "renamed", "allowExternalPrincipals": False,
                                  "clientToken": "token-2-UpdateResourceShare"}),
         ("AssociateResourceShare", {"resourceShareArn": SHARE, "resourceArns": [TABLE],
                                     "clientToken": "token-3-AssociateResourceShare"}),
         ("DisassociateResourceShare", {"resourceShareArn": SHARE, "resourceArns": [DB],
                                        "clientToken": "token-4-DisassociateResourceShare"}),
         ("AssociateResourceShare", {"resourceShareArn": SHARE, "principals": [ROLE],
                                     "clientToken": "token-5-AssociateResourceShare"}),
         ("UntagResource", {"resourceShareArn": SHARE, "tagKeys": ["partner", "team"]}),
         ("TagResource", {"resourceShareArn": SHARE, "tags": tagged(env="prod")})],
        {"name": "renamed", "allow_external_principals": False, "resource_arns": [TABLE],
         "principals": [PARTNER, ORG, ROLE], "tags": {"env": "prod"}},
        {"glue:Database": DB_RW},
        id="permissions-update-resources-principals-tags-in-this-order",
    ),
]
# fmt: on


@pytest.mark.parametrize("current, options, wanted, on_share, writes, predicted, permissions", PLAN_SHARE_CASES)
def test_plan_share(current, options, wanted, on_share, writes, predicted, permissions):
    planned, after = plan_share(current, options, wanted, on_share, Tokens())
    assert sent(planned) == writes
    after = dict(after)
    after_permissions = after.pop("permissions", None)
    expected = dict(current, **predicted) if current else predicted
    assert after == expected
    if permissions is None:
        assert after_permissions is None
    else:
        assert {p["resource_type"]: p["arn"] for p in after_permissions} == permissions
        assert {p["status"] for p in after_permissions} <= {"ASSOCIATED"}


def test_plan_share_does_not_touch_the_current_share():
    current = state(resources=[DB], principals=[ORG], tags={"team": "data"})
    copy = dict(current, resource_arns=list(current["resource_arns"]), tags=dict(current["tags"]))
    plan_share(current, params(resource_arns=[TABLE], purge_resources=True, tags={}), token=Tokens())
    assert current == copy


def test_plan_share_writes_name_the_share():
    writes, _after = plan_share(CURRENT, params(resource_arns=[TABLE], tags={}), token=Tokens())
    assert {write.target for write in writes} == {f"resource share {SHARE}"}
    (create,), _after = plan_share({}, params(), token=Tokens())
    assert create.target == "resource share 'partner-share'"


@pytest.mark.parametrize(
    "current, options, writes",
    [
        pytest.param(
            CURRENT,
            params(state="absent", resource_arns=[TABLE], permissions=[DB_RW]),
            [("DeleteResourceShare", {"resourceShareArn": SHARE, "clientToken": "token-1-DeleteResourceShare"})],
            id="absent-deletes",
        ),
        pytest.param({}, params(state="absent"), [], id="absent-share-absent"),
    ],
)
def test_plan_share_absent(current, options, writes):
    planned, after = plan_share(current, options, token=Tokens())
    assert sent(planned) == writes
    assert after == {}


@pytest.mark.parametrize("current", [CURRENT, {}], ids=["existing", "new"])
def test_plan_share_two_permissions_for_one_type_fail_before_any_write(current):
    with pytest.raises(Failure) as raised:
        plan_share(current, params(permissions=[DB_RW, DB_DEFAULT]), [DB_RW_WANTED, DB_DEFAULT_WANTED], [], Tokens())
    message = str(raised.value)
    assert "one permission per resource type" in message
    assert f"glue:database: {DB_RW}, {DB_DEFAULT}" in message


def test_plan_share_user_token_goes_to_the_first_write_and_derived_ones_to_the_next():
    first, _after = plan_share(CURRENT, params(resource_arns=[TABLE], principals=[ROLE]), token=client_tokens("tok"))
    second, _after = plan_share(CURRENT, params(resource_arns=[TABLE], principals=[ROLE]), token=client_tokens("tok"))
    tokens = [write.params["clientToken"] for write in first]
    assert tokens[0] == "tok"
    assert len(set(tokens)) == 2
    assert tokens == [write.params["clientToken"] for write in second]


# Options read after the first association write must still be the user's, not that write's request.
def test_plan_share_purge_principals_after_a_resource_write():
    writes, after = plan_share(
        CURRENT, params(resource_arns=[DB, TABLE], principals=[ORG], purge_principals=True), token=Tokens()
    )
    assert sent(writes) == [
        (
            "AssociateResourceShare",
            {"resourceShareArn": SHARE, "resourceArns": [TABLE], "clientToken": "token-1-AssociateResourceShare"},
        ),
        (
            "DisassociateResourceShare",
            {"resourceShareArn": SHARE, "principals": [PARTNER], "clientToken": "token-2-DisassociateResourceShare"},
        ),
    ]
    assert after["principals"] == [ORG]


def test_plan_share_purge_tags_false_after_an_association_write():
    writes, after = plan_share(
        CURRENT, params(principals=[ROLE], tags={"env": "prod"}, purge_tags=False), token=Tokens()
    )
    assert [write.operation for write in writes] == ["AssociateResourceShare", "TagResource"]
    assert after["tags"] == {"team": "data", "partner": "fivetran", "env": "prod"}


# --- check_one_per_type, permission_arns, share_view ---------------------------------------------------------------


@pytest.mark.parametrize(
    "wanted",
    [
        [],
        [DB_RW_WANTED],
        [DB_RW_WANTED, TABLE_RW_WANTED],
    ],
)
def test_check_one_per_type_accepts_one_per_type(wanted):
    check_one_per_type(wanted)


@pytest.mark.parametrize(
    "wanted, clashes",
    [
        ([DB_RW_WANTED, DB_DEFAULT_ON], f"glue:database: {DB_RW}, {DB_DEFAULT}"),
        ([DB_RW_WANTED, dict(DB_DEFAULT_ON, resource_type="GLUE:DATABASE")], f"glue:database: {DB_RW}, {DB_DEFAULT}"),
        (
            [TABLE_RW_WANTED, DB_RW_WANTED, dict(TABLE_RW_WANTED, arn=TABLE_DEFAULT), DB_DEFAULT_ON],
            f"glue:database: {DB_RW}, {DB_DEFAULT}; glue:table: {TABLE_RW}, {TABLE_DEFAULT}",
        ),
    ],
)
def test_check_one_per_type_refuses_two_for_a_type(wanted, clashes):
    with pytest.raises(Failure) as raised:
        check_one_per_type(wanted)
    assert str(raised.value) == (
        f"permissions: a share holds one permission per resource type, but several are given for {clashes}"
    )


@pytest.mark.parametrize(
    "values, partition, arns",
    [
        ([], "aws", []),
        (["AWSRAMPermissionGlueDatabaseReadWrite"], "aws", [DB_RW]),
        (
            ["AWSRAMPermissionGlueDatabaseReadWrite"],
            "aws-cn",
            ["arn:aws-cn:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite"],
        ),
        (
            ["AWSRAMDefaultPermissionGlueTable", "arn:aws-us-gov:ram:us-gov-west-1:123456789012:permission/Custom"],
            "aws-us-gov",
            [
                "arn:aws-us-gov:ram::aws:permission/AWSRAMDefaultPermissionGlueTable",
                "arn:aws-us-gov:ram:us-gov-west-1:123456789012:permission/Custom",
            ],
        ),
        ([DB_RW, "AWSRAMDefaultPermissionGlueTable"], "aws", [DB_RW, TABLE_DEFAULT]),
    ],
)
def test_permission_arns(values, partition, arns):
    assert permission_arns_for(None, values, partition) == arns  # no customer managed name: no client needed


def test_share_view():
    current = dict(CURRENT, resource_arns=[TABLE, DB, TABLE], principals=[ORG, PARTNER])
    assert share_view({}) == {}
    assert share_view(None, [DB_RW_ON]) == {}
    assert share_view(current) == {
        "name": "partner-share",
        "allow_external_principals": True,
        "resource_arns": sorted([DB, TABLE]),
        "principals": sorted([ORG, PARTNER]),
        "tags": {"team": "data", "partner": "fivetran"},
    }
    assert share_view(current, [DB_RW_ON, normalize_permission(summary(TABLE_DEFAULT, "glue:Table"))])[
        "permissions"
    ] == {"glue:Database": DB_RW, "glue:Table": TABLE_DEFAULT}
    assert share_view(current, [])["permissions"] == {}
    assert share_view({"name": "new"}) == {
        "name": "new",
        "allow_external_principals": None,
        "resource_arns": [],
        "principals": [],
        "tags": {},
    }


# --- waiting for a new share -------------------------------------------------------------------------------------


def share_active_read(ram, status):
    shares_read(ram, resource_share(status=status), resourceShareArns=[SHARE])


def test_wait_for_share_until_active(stubbed, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    share_active_read(ram, "PENDING")
    share_active_read(ram, "PENDING")
    share_active_read(ram, "ACTIVE")
    wait_for_share(stubbed.client("ram"), SHARE, 300)
    assert delays == [2, 2]


def test_wait_for_share_failed(stubbed, monkeypatch):
    skip_waiter_sleep(monkeypatch)
    share_active_read(stubbed("ram"), "FAILED")
    with pytest.raises(Failure) as raised:
        wait_for_share(stubbed.client("ram"), SHARE, 300)
    assert SHARE in str(raised.value) and "FAILED" in str(raised.value)


def test_wait_for_share_times_out(stubbed, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    for _poll in range(2):
        share_active_read(ram, "PENDING")
    with pytest.raises(Failure) as raised:
        wait_for_share(stubbed.client("ram"), SHARE, 1)
    assert str(raised.value) == f"resource share {SHARE} did not become ACTIVE within 1 s (status: ['PENDING'])"
    assert delays == [2]
