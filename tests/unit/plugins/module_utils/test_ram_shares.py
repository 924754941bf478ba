# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""RAM resource shares: the input rules, the pure plans as tables, and the reads and the waits against the real RAM
service model (botocore Stubber)."""

from __future__ import annotations

import botocore.session
import pytest
from botocore.validate import ParamValidator

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import (
    AWSError,
    Write,
    client_tokens,
    normalize,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import (
    Failure,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_permissions import (
    normalize_permission,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram import (
    read_share,
    normalize_share,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_associations import (
    association_view,
    entities_written,
    latest,
    list_associations,
    plan_principals,
    wait_for_associations,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_invitations import (
    normalize_invitation,
    plan_invitation,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import (
    invalid_info_params,
    invalid_principal_params,
    invalid_share_params,
    invalid_share_reference,
    principal_form,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_shares import (
    check_one_per_type,
    permission_arns,
    plan_share,
    share_view,
    wait_for_share,
)

from ansible_collections.partner_onboarding.aws.tests.unit.ram_answers import (
    CATALOG,
    DB,
    DB_DEFAULT,
    DB_RW,
    INVITATION,
    ORG,
    OTHER_SHARE,
    OU,
    OWNER,
    PARTNER,
    ROLE,
    SERVICE,
    SHARE,
    TABLE,
    TABLE_DEFAULT,
    TABLE_RW,
    USER,
    associations_read,
    at,
    invitation,
    permission_detail,
    principal,
    resource,
    resource_share,
    shares_read,
    skip_waiter_sleep,
    summary,
)

RAM_MODEL = botocore.session.get_session().get_service_model("ram")


class Tokens:
    """A deterministic client-token function: the n-th token asked for is ``token-<n>-<operation>``."""

    def __init__(self):
        self.count = 0

    def __call__(self, operation):
        self.count += 1
        return f"token-{self.count}-{operation}"


def sent(writes):
    """The writes as (operation, params), after checking each request against RAM's real model."""
    for write in writes:
        report = ParamValidator().validate(write.params, RAM_MODEL.operation_model(write.operation).input_shape)
        assert not report.has_errors(), report.generate_report()
    return [(write.operation, write.params) for write in writes]


def state(resources=(), principals=(), pending=(), tags=None, allow=False, name="partner-share", arn=SHARE):
    """A share as read_share_state returns it."""
    return dict(
        normalize_share(resource_share(arn, name, allow=allow, tags=tags)),
        resource_arns=list(resources),
        principals=list(principals),
        pending_principals=list(pending),
    )


def params(**options):
    """ram_resource_share's options, with the defaults AnsibleModule gives."""
    defaults = {
        "name": "partner-share",
        "arn": None,
        "state": "present",
        "resource_arns": None,
        "purge_resources": False,
        "principals": None,
        "purge_principals": False,
        "allow_external_principals": None,
        "permissions": None,
        "tags": None,
        "purge_tags": True,
        "wait": True,
        "wait_timeout": 300,
        "client_token": None,
    }
    return dict(defaults, **options)


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


# --- input rules ---------------------------------------------------------------------------------------------------

ACCOUNT_ID, ORGANIZATION, UNIT, IAM, SERVICE_PRINCIPAL = (
    "an AWS account ID",
    "an organization ARN",
    "an organizational unit ARN",
    "an IAM role or user ARN",
    "a service principal",
)


@pytest.mark.parametrize(
    "value, form",
    [
        (PARTNER, ACCOUNT_ID),
        ("000000000000", ACCOUNT_ID),
        (ORG, ORGANIZATION),
        ("arn:aws-cn:organizations::123456789012:organization/o-abcdefghij", ORGANIZATION),
        ("arn:aws-us-gov:organizations::123456789012:organization/o-abcdefghij0123", ORGANIZATION),
        (OU, UNIT),
        ("arn:aws-cn:organizations::123456789012:ou/o-abcdefghij/ou-abcd-12345678", UNIT),
        ("arn:aws-us-gov:organizations::123456789012:ou/o-abcdefghij/ou-ab12-cdefgh34ij", UNIT),
        (ROLE, IAM),
        (USER, IAM),
        ("arn:aws-cn:iam::210987654321:role/etl", IAM),
        ("arn:aws-us-gov:iam::210987654321:user/team/a.b@c+d=e,f_g-h", IAM),
        (SERVICE, SERVICE_PRINCIPAL),
        ("elasticmapreduce.amazonaws.com", SERVICE_PRINCIPAL),
        ("glue.amazonaws.com.cn", SERVICE_PRINCIPAL),
    ],
)
def test_principal_forms(value, form):
    assert principal_form(value) == form


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "21098765432",
        "2109876543210",
        " 210987654321",
        "210987654321 ",
        "21098765432a",
        "arn:aws:organizations::123456789012:organization/o-short",
        "arn:aws:organizations:us-east-1:123456789012:organization/o-exampleorg1",
        "arn:aws:organizations::12345678901:organization/o-exampleorg1",
        "arn:azure:organizations::123456789012:organization/o-exampleorg1",
        "arn:aws:organizations::123456789012:ou/o-exampleorg1/ou-ab12",
        "arn:aws:organizations::123456789012:ou/ou-ab12-cdefgh34",
        "arn:aws:iam::210987654321:group/admins",
        "arn:aws:iam::210987654321:root",
        "arn:aws:iam::21098765432:role/etl",
        "arn:aws:iam:us-east-1:210987654321:role/etl",
        "arn:aws:iam::210987654321:role/",
        "arn:aws:sts::210987654321:assumed-role/etl/session",
        "glue.amazonaws.org",
        "Glue.amazonaws.com",
        "amazonaws.com",
        "partner-share",
    ],
)
def test_not_principals(value):
    assert principal_form(value) is None


FULL_SHARE_PARAMS = {
    "name": "partner-share",
    "resource_arns": [
        DB,
        TABLE,
        CATALOG,
        "arn:aws:s3:::bucket-name",
        "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-1",
    ],
    "purge_resources": True,
    "principals": [PARTNER, ORG, OU, ROLE, USER, SERVICE],
    "purge_principals": True,
    "permissions": [
        "AWSRAMPermissionGlueDatabaseReadWrite",
        TABLE_RW,
        "arn:aws:ram:us-east-1:123456789012:permission/Partner_Read-1",
    ],
    "tags": {"team": "data", "cost center": "1", "a.b:c/d=e+f@g-h_i": "x", "x" * 128: ""},
    "wait_timeout": 1,
}


@pytest.mark.parametrize(
    "options",
    [
        {"name": "partner-share"},
        {"arn": SHARE},
        {"arn": SHARE, "name": "renamed"},
        {"name": "partner-share", "state": "absent"},
        {"name": "partner-share", "resource_arns": [], "purge_resources": True},
        {"name": "partner-share", "principals": [], "purge_principals": True},
        {"name": "partner-share", "tags": {}, "purge_tags": True},
        FULL_SHARE_PARAMS,
        {
            "arn": "arn:aws-cn:ram:cn-north-1:123456789012:resource-share/abc-123",
            "resource_arns": ["arn:aws-cn:glue:cn-north-1:123456789012:database/sales"],
            "principals": ["arn:aws-cn:organizations::123456789012:organization/o-abcdefghij"],
            "permissions": ["arn:aws-cn:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite"],
        },
        {
            "arn": "arn:aws-us-gov:ram:us-gov-west-1:123456789012:resource-share/abc",
            "resource_arns": ["arn:aws-us-gov:glue:us-gov-west-1:123456789012:catalog"],
            "principals": ["arn:aws-us-gov:iam::210987654321:role/etl"],
            "permissions": ["arn:aws-us-gov:ram:us-gov-west-1:123456789012:permission/Custom"],
        },
    ],
)
def test_valid_share_params(options):
    assert invalid_share_params(params(**options)) == []


@pytest.mark.parametrize(
    "options, message",
    [
        ({"name": None}, "name or arn is required"),
        ({"name": "  "}, "name must not be empty"),
        ({"arn": "partner-share"}, "arn 'partner-share' is not a RAM resource share ARN"),
        ({"arn": "arn:aws:ram:us-east-1:123456789012:permission/X"}, "arn 'arn:aws:ram:us-east-1:123456789012:perm"),
        ({"purge_resources": True}, "purge_resources needs resource_arns"),
        ({"purge_principals": True}, "purge_principals needs principals"),
        ({"wait_timeout": 0}, "wait_timeout must be 1 or more seconds, got 0"),
        ({"wait_timeout": -5}, "wait_timeout must be 1 or more seconds, got -5"),
        ({"tags": {"aws:team": "data"}}, "tags: key(s) 'aws:team' not valid"),
        ({"tags": {"bad#key": "x"}}, "tags: key(s) 'bad#key' not valid"),
        ({"tags": {"": "x"}}, "tags: key(s) '' not valid"),
        ({"tags": {"x" * 129: "x"}}, "not valid: 1 to 128 letters"),
        ({"resource_arns": [DB, "sales"]}, "resource_arns: 'sales' not valid: each must be an ARN"),
        ({"resource_arns": ["arn:aws:glue:us-east-1:12345:database/x"]}, "resource_arns: 'arn:aws:glue"),
        ({"resource_arns": ["arn:azure:glue:us-east-1:123456789012:database/x"]}, "resource_arns"),
        ({"resource_arns": [DB + " x"]}, "resource_arns"),
        ({"principals": [PARTNER, "21098765432"]}, "principals: '21098765432' not valid: each must be a 12-digit"),
        ({"principals": ["arn:aws:iam::210987654321:group/admins"]}, "principals: 'arn:aws:iam::210987654321:group"),
        ({"permissions": ["Bad Name"]}, "permissions 'Bad Name' is not a permission name"),
        ({"permissions": [DB]}, f"permissions: {DB!r} is neither a RAM permission ARN nor a permission name"),
        ({"permissions": ["arn:aws:ram::123456789012:permission/X"]}, "is neither a RAM permission ARN"),
        ({"permissions": ["x" * 256]}, "is not a permission name"),
    ],
)
def test_invalid_share_params_name_the_option_and_the_rule(options, message):
    errors = invalid_share_params(params(**options))
    assert len(errors) == 1, errors
    assert message in errors[0]


def test_invalid_share_params_every_broken_rule_at_once():
    errors = invalid_share_params(
        params(name=None, arn="partner-share", resource_arns=["sales"], principals=["root"], permissions=["a b"])
    )
    assert [error.split()[0].rstrip(":") for error in errors] == ["arn", "resource_arns", "principals", "permissions"]
    assert "'sales'" in errors[1] and "'root'" in errors[2] and "'a b'" in errors[3]


def test_invalid_share_params_list_every_bad_value_of_a_list():
    (error,) = invalid_share_params(params(principals=["1", PARTNER, "2"]))
    assert "'1', '2' not valid" in error


def test_invalid_tags_list_every_bad_key():
    (error,) = invalid_share_params(params(tags={"aws:a": 1, "ok": 2, "b#": 3}))
    assert "'aws:a', 'b#' not valid" in error


@pytest.mark.parametrize(
    "options, messages",
    [
        ({"resource_share_arn": SHARE, "principals": [PARTNER, ORG, OU, ROLE, USER, SERVICE]}, []),
        ({"resource_share_name": "partner-share", "principals": [PARTNER], "wait_timeout": 1}, []),
        ({"resource_share_arn": SHARE, "principals": []}, ["principals must list at least one principal"]),
        ({"resource_share_arn": SHARE, "principals": None}, ["principals must list at least one principal"]),
        ({"resource_share_arn": SHARE, "principals": ["o-exampleorg1"]}, ["principals: 'o-exampleorg1' not valid"]),
        ({"resource_share_arn": "x", "principals": [PARTNER]}, ["resource_share_arn 'x' is not a RAM resource share"]),
        ({"resource_share_name": " ", "principals": [PARTNER]}, ["resource_share_name must not be empty"]),
        ({"resource_share_arn": SHARE, "principals": [PARTNER], "wait_timeout": 0}, ["wait_timeout must be 1 or more"]),
        (
            {"resource_share_arn": "x", "principals": ["bad"], "wait_timeout": 0},
            ["resource_share_arn 'x'", "principals: 'bad' not valid", "wait_timeout must be 1 or more seconds, got 0"],
        ),
    ],
)
def test_invalid_principal_params(options, messages):
    errors = invalid_principal_params(options)
    assert len(errors) == len(messages), errors
    for error, message in zip(errors, messages):
        assert message in error


@pytest.mark.parametrize(
    "options, messages",
    [
        ({}, []),
        ({"name": "partner-share"}, []),
        ({"arn": SHARE, "resource_owner": "OTHER-ACCOUNTS"}, []),
        ({"arn": "partner-share"}, ["arn 'partner-share' is not a RAM resource share ARN"]),
    ],
)
def test_invalid_info_params(options, messages):
    errors = invalid_info_params(options)
    assert len(errors) == len(messages)
    for error, message in zip(errors, messages):
        assert message in error


@pytest.mark.parametrize(
    "options, messages",
    [
        ({"resource_share_arn": SHARE}, []),
        ({"resource_share_name": "partner-share"}, []),
        ({"resource_share_arn": INVITATION}, ["resource_share_arn"]),
        ({"resource_share_name": ""}, ["resource_share_name must not be empty"]),
    ],
)
def test_invalid_invitation_params(options, messages):
    errors = invalid_share_reference(options)
    assert len(errors) == len(messages)
    for error, message in zip(errors, messages):
        assert message in error


# --- association_view ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status, external, counts, pending",
    [
        ("ASSOCIATED", False, True, False),
        ("ASSOCIATED", True, True, False),
        ("ASSOCIATING", False, True, False),
        ("ASSOCIATING", True, True, True),
        ("FAILED", False, False, False),
        ("FAILED", True, False, False),
        ("DISASSOCIATING", False, False, False),
        ("DISASSOCIATING", True, False, False),
        ("DISASSOCIATED", False, False, False),
        ("DISASSOCIATED", True, False, False),
    ],
)
def test_association_view(status, external, counts, pending):
    view = association_view(
        [normalize(principal(PARTNER, status, external=external))],
        [normalize(resource(DB, status))],
    )
    assert view == {
        "resource_arns": [DB] if counts else [],
        "principals": [PARTNER] if counts else [],
        "pending_principals": [PARTNER] if pending else [],
    }


def test_association_view_keeps_the_order_and_a_missing_external_is_not_pending():
    item = normalize(principal(ROLE, "ASSOCIATING"))
    del item["external"]
    principals = [normalize(principal(ORG)), item, normalize(principal(PARTNER, "ASSOCIATING"))]
    assert association_view(principals, []) == {
        "resource_arns": [],
        "principals": [ORG, ROLE, PARTNER],
        "pending_principals": [],
    }


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


# --- check_one_per_type, permission_arns, share_view, entities_written, _latest ------------------------------------


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
    assert permission_arns(values, partition) == arns


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


def test_entities_written():
    writes = [
        Write("AssociateResourceSharePermission", {"resourceShareArn": SHARE, "permissionArn": DB_RW}),
        Write("UpdateResourceShare", {"resourceShareArn": SHARE, "name": "x"}),
        Write("CreateResourceShare", {"name": "x", "principals": [PARTNER], "resourceArns": [DB]}),
        Write("AssociateResourceShare", {"resourceShareArn": SHARE, "resourceArns": [TABLE]}),
        Write("DisassociateResourceShare", {"resourceShareArn": SHARE, "principals": [ORG]}),
        Write("TagResource", {"resourceShareArn": SHARE, "tags": []}),
        Write("DeleteResourceShare", {"resourceShareArn": SHARE}),
    ]
    assert entities_written(writes) == {
        (PARTNER, "PRINCIPAL"): True,
        (DB, "RESOURCE"): True,
        (TABLE, "RESOURCE"): True,
        (ORG, "PRINCIPAL"): False,
    }
    assert entities_written([]) == {}
    assert entities_written([Write("CreateResourceShare", {"name": "x"})]) == {}


def test_latest_keeps_the_most_recent_association_of_each_entity():
    old_db = resource(DB, "DISASSOCIATED", updated=at(1))
    new_db = resource(DB, "ASSOCIATING", updated=at(5))
    role = principal(ROLE, "ASSOCIATED", updated=at(3))
    # The same entity as a principal and as a resource would be two associations (never in practice; keyed apart).
    org_principal = principal(ORG, "ASSOCIATED", updated=at(2))
    org_resource = resource(ORG, "FAILED", updated=at(1))
    older_again = resource(DB, "FAILED", updated=at(0))
    listed = [normalize(item) for item in (old_db, role, new_db, org_principal, org_resource, older_again)]
    assert latest(listed) == [normalize(item) for item in (new_db, role, org_principal, org_resource)]
    assert latest([]) == []


def test_latest_of_equal_times_is_the_last_listed():
    first, second = normalize(resource(DB, "DISASSOCIATED")), normalize(resource(DB, "ASSOCIATED"))
    assert latest([first, second]) == [second]


# --- plan_principals -------------------------------------------------------------------------------------------------

PRINCIPALS_NOW = {"principals": [PARTNER, ORG], "pending_principals": [PARTNER]}


# (wanted principals, state, exact writes, predicted principals, predicted pending principals)
@pytest.mark.parametrize(
    "wanted, state_, writes, principals, pending",
    [
        pytest.param(
            [ROLE, ORG, ROLE, SERVICE],
            "present",
            [
                (
                    "AssociateResourceShare",
                    {"resourceShareArn": SHARE, "principals": [ROLE, SERVICE], "clientToken": "token-1-Associate"},
                )
            ],
            [PARTNER, ORG, ROLE, SERVICE],
            [PARTNER],
            id="add-the-missing-ones-once",
        ),
        pytest.param([ORG], "present", [], [PARTNER, ORG], [PARTNER], id="present"),
        pytest.param([PARTNER], "present", [], [PARTNER, ORG], [PARTNER], id="pending-counts-as-present"),
        pytest.param(
            [OU, ORG, ORG],
            "absent",
            [
                (
                    "DisassociateResourceShare",
                    {"resourceShareArn": SHARE, "principals": [ORG], "clientToken": "token-1-Disassociate"},
                )
            ],
            [PARTNER],
            [PARTNER],
            id="remove-only-listed-and-present-once",
        ),
        pytest.param(
            [PARTNER],
            "absent",
            [
                (
                    "DisassociateResourceShare",
                    {"resourceShareArn": SHARE, "principals": [PARTNER], "clientToken": "token-1-Disassociate"},
                )
            ],
            [ORG],
            [],
            id="remove-a-pending-one",
        ),
        pytest.param([OU, ROLE], "absent", [], [PARTNER, ORG], [PARTNER], id="absent"),
    ],
)
def test_plan_principals(wanted, state_, writes, principals, pending):
    tokens = Tokens()

    def short_tokens(operation):
        return tokens(operation.replace("ResourceShare", ""))

    planned, after = plan_principals(PRINCIPALS_NOW, SHARE, wanted, state_, short_tokens)
    assert sent(planned) == writes
    assert after == {"principals": principals, "pending_principals": pending}
    assert {write.target for write in planned} <= {f"resource share {SHARE}"}


def test_plan_principals_without_a_token_function_makes_fresh_tokens():
    first, _after = plan_principals(PRINCIPALS_NOW, SHARE, [ROLE], "present")
    second, _after = plan_principals(PRINCIPALS_NOW, SHARE, [ROLE], "present")
    assert first[0].params["clientToken"] != second[0].params["clientToken"]


# --- plan_invitation -----------------------------------------------------------------------------------------------


def normalized_invitation(status):
    return normalize_invitation(invitation(status))


@pytest.mark.parametrize(
    "status, wanted, operation, after",
    [
        ("PENDING", "accepted", "AcceptResourceShareInvitation", "ACCEPTED"),
        ("PENDING", "rejected", "RejectResourceShareInvitation", "REJECTED"),
        ("ACCEPTED", "accepted", None, "ACCEPTED"),
        ("REJECTED", "rejected", None, "REJECTED"),
    ],
)
def test_plan_invitation(status, wanted, operation, after):
    current = normalized_invitation(status)
    writes, predicted = plan_invitation(current, wanted, Tokens())
    if operation:
        assert sent(writes) == [
            (operation, {"resourceShareInvitationArn": INVITATION, "clientToken": f"token-1-{operation}"})
        ]
        assert writes[0].target == f"invitation {INVITATION}"
    else:
        assert writes == []
    assert predicted == dict(current, status=after)


@pytest.mark.parametrize("wanted", ["accepted", "rejected"])
def test_plan_invitation_expired_fails(wanted):
    current = normalized_invitation("EXPIRED")
    with pytest.raises(Failure) as raised:
        plan_invitation(current, wanted, Tokens())
    message = str(raised.value)
    assert "expired" in message
    assert SHARE in message and OWNER in message
    assert "add it again" in message
    assert raised.value.result == {"invitation": current}


@pytest.mark.parametrize("status, wanted", [("ACCEPTED", "rejected"), ("REJECTED", "accepted")])
def test_plan_invitation_in_the_other_state_fails_naming_both(status, wanted):
    current = normalized_invitation(status)
    with pytest.raises(Failure) as raised:
        plan_invitation(current, wanted, Tokens())
    message = str(raised.value)
    assert f"already {status}" in message
    assert f"cannot make it {wanted.upper()}" in message
    assert raised.value.result == {"invitation": current}


# --- reads against the real RAM model --------------------------------------------------------------------------


def test_normalize_share():
    assert normalize_share(resource_share(tags={"team": "data"}, allow=True)) == {
        "arn": SHARE,
        "name": "partner-share",
        "status": "ACTIVE",
        "owning_account_id": OWNER,
        "allow_external_principals": True,
        "feature_set": "STANDARD",
        "tags": {"team": "data"},
        "creation_time": "2024-06-01T09:41:07+00:00",
        "last_updated_time": "2024-06-01T09:41:07+00:00",
    }
    assert normalize_share({"resourceShareArn": SHARE})["tags"] == {}


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


def test_get_associations_all_pages_an_empty_one_included(stubbed):
    ram = stubbed("ram")
    shares = (SHARE, OTHER_SHARE)
    associations_read(ram, "PRINCIPAL", principal(ORG), shares=shares, next_token="a")
    associations_read(ram, "PRINCIPAL", shares=shares, next_token="b", token="a")
    associations_read(
        ram,
        "PRINCIPAL",
        principal(PARTNER, "ASSOCIATING", share=OTHER_SHARE, external=True, message="invited"),
        shares=shares,
        token="b",
    )
    found = list_associations(stubbed.client("ram"), "PRINCIPAL", iter(shares))
    assert [(a["associated_entity"], a["resource_share_arn"], a["status"]) for a in found] == [
        (ORG, SHARE, "ASSOCIATED"),
        (PARTNER, OTHER_SHARE, "ASSOCIATING"),
    ]
    assert found[1] == {
        "resource_share_arn": OTHER_SHARE,
        "resource_share_name": "partner-share",
        "associated_entity": PARTNER,
        "association_type": "PRINCIPAL",
        "status": "ASSOCIATING",
        "status_message": "invited",
        "creation_time": "2024-06-01T09:41:07+00:00",
        "last_updated_time": "2024-06-01T09:41:07+00:00",
        "external": True,
    }
    assert stubbed.operations == ["GetResourceShareAssociations"] * 3


def test_get_associations_error_names_the_operation(stubbed):
    stubbed("ram").add_client_error("get_resource_share_associations", "ServerInternalException", "oops", 500)
    with pytest.raises(AWSError) as raised:
        list_associations(stubbed.client("ram"), "RESOURCE", [SHARE])
    assert raised.value.operation == "GetResourceShareAssociations"


# --- waiting ---------------------------------------------------------------------------------------------------


def test_wait_for_nothing_reads_nothing(stubbed, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    wait_for_associations(stubbed.client("ram"), SHARE, {}, 300)
    assert stubbed.sent == [] and delays == []


def test_wait_settles_after_associating_polls(stubbed, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    polls = [
        ([principal(ROLE, "ASSOCIATING"), principal(ORG)], [resource(DB, "ASSOCIATING")]),
        ([principal(ROLE), principal(ORG)], [resource(DB, "ASSOCIATING")]),
        ([principal(ROLE), principal(ORG, "ASSOCIATING")], [resource(DB)]),
    ]
    for principals, resources in polls:
        associations_read(ram, "PRINCIPAL", *principals)
        associations_read(ram, "RESOURCE", *resources)
    # ORG was not written by the task: its association is not waited for.
    wait_for_associations(stubbed.client("ram"), SHARE, {(ROLE, "PRINCIPAL"): True, (DB, "RESOURCE"): True}, 300)
    assert delays == [2, 2]
    assert stubbed.operations == ["GetResourceShareAssociations"] * 6


def test_wait_reads_only_the_association_types_written(stubbed, monkeypatch):
    skip_waiter_sleep(monkeypatch)
    associations_read(stubbed("ram"), "RESOURCE", resource(DB, "DISASSOCIATED"), resource(TABLE))
    wait_for_associations(stubbed.client("ram"), SHARE, {(DB, "RESOURCE"): True, (TABLE, "RESOURCE"): True}, 300)
    assert [params["associationType"] for _op, params in stubbed.sent] == ["RESOURCE"]


def test_wait_for_a_disassociation(stubbed, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    associations_read(ram, "PRINCIPAL", principal(ORG, "DISASSOCIATING", updated=at(1)))
    associations_read(ram, "PRINCIPAL", principal(ORG, "ASSOCIATED"), principal(ORG, "DISASSOCIATED", updated=at(2)))
    wait_for_associations(stubbed.client("ram"), SHARE, {(ORG, "PRINCIPAL"): False}, 300)
    assert delays == [2]


def test_wait_follows_the_latest_association_of_an_entity(stubbed, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    # An older DISASSOCIATED association of the entity is still listed beside the new one.
    associations_read(ram, "RESOURCE", resource(DB, "DISASSOCIATED"), resource(DB, "ASSOCIATING", updated=at(1)))
    associations_read(ram, "RESOURCE", resource(DB, "DISASSOCIATED"), resource(DB, "ASSOCIATED", updated=at(2)))
    wait_for_associations(stubbed.client("ram"), SHARE, {(DB, "RESOURCE"): True}, 300)
    assert delays == [2]


def test_wait_does_not_wait_for_an_external_principals_invitation(stubbed, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    associations_read(stubbed("ram"), "PRINCIPAL", principal(PARTNER, "ASSOCIATING", external=True), principal(ROLE))
    wait_for_associations(stubbed.client("ram"), SHARE, {(PARTNER, "PRINCIPAL"): True, (ROLE, "PRINCIPAL"): True}, 300)
    assert delays == []


def test_wait_failed_association_fails_with_its_status_message(stubbed, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    associations_read(ram, "PRINCIPAL", principal(PARTNER, "ASSOCIATING"))
    associations_read(
        ram, "PRINCIPAL", principal(PARTNER, "FAILED", message="The account is not a member of the organization")
    )
    with pytest.raises(Failure) as raised:
        wait_for_associations(stubbed.client("ram"), SHARE, {(PARTNER, "PRINCIPAL"): True}, 300)
    assert str(raised.value) == (
        f"AWS RAM could not associate with resource share {SHARE}: "
        f"{PARTNER}: The account is not a member of the organization"
    )
    assert delays == [2]


def test_wait_failed_without_a_message(stubbed, monkeypatch):
    skip_waiter_sleep(monkeypatch)
    associations_read(stubbed("ram"), "RESOURCE", resource(DB, "FAILED"))
    with pytest.raises(Failure, match=f"{DB}: no reason given"):
        wait_for_associations(stubbed.client("ram"), SHARE, {(DB, "RESOURCE"): True}, 300)


def test_wait_times_out_naming_wait_timeout(stubbed, monkeypatch):
    delays = skip_waiter_sleep(monkeypatch)
    ram = stubbed("ram")
    # wait_timeout 3 with a delay of 2 s: three reads (at 0, 2 and 4 s).
    for _poll in range(3):
        associations_read(ram, "RESOURCE", resource(DB, "ASSOCIATING"), resource(TABLE))
    with pytest.raises(Failure) as raised:
        wait_for_associations(stubbed.client("ram"), SHARE, {(DB, "RESOURCE"): True, (TABLE, "RESOURCE"): True}, 3)
    message = str(raised.value)
    assert message.startswith("timed out after 3 s (wait_timeout)")
    assert f"{DB} (ASSOCIATING)" in message
    assert "raise wait_timeout" in message
    assert delays == [2, 2]


def test_wait_read_error_is_an_aws_error(stubbed, monkeypatch):
    skip_waiter_sleep(monkeypatch)
    stubbed("ram").add_client_error("get_resource_share_associations", "ServiceUnavailableException", "later", 503)
    with pytest.raises(AWSError) as raised:
        wait_for_associations(stubbed.client("ram"), SHARE, {(DB, "RESOURCE"): True}, 300)
    assert raised.value.operation == "GetResourceShareAssociations"


# An entity's older FAILED association may still be listed beside its new one, as an older DISASSOCIATED one is
# (_latest's reason to be): the latest one counts, and a pending invitation is not waited for.
def test_wait_an_old_failed_association_does_not_fail_a_new_invitation(stubbed, monkeypatch):
    skip_waiter_sleep(monkeypatch)
    associations_read(
        stubbed("ram"),
        "PRINCIPAL",
        principal(PARTNER, "FAILED", external=True, message="invitation expired", updated=at(1)),
        principal(PARTNER, "ASSOCIATING", external=True, updated=at(9)),
    )
    wait_for_associations(stubbed.client("ram"), SHARE, {(PARTNER, "PRINCIPAL"): True}, 300)


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
