# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""_ram_rules: RAM's input rules, the validators of every RAM module's options."""

from __future__ import annotations

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import (
    Failure,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import (
    ValidationError,
    collect,
    invalid_principal_params,
    invalid_share_info_params,
    invalid_share_params,
    invalid_share_permission_params,
    invalid_share_reference,
    partition_of,
    principal_form,
    validate_customer_permission_name,
    validate_permission_name,
    validate_resource_share_arn,
)
from ansible_collections.partner_onboarding.aws.tests.unit.ram_answers import (
    CATALOG,
    DB,
    DB_RW,
    INVITATION,
    ORG,
    OU,
    PARTNER,
    ROLE,
    SERVICE,
    SHARE,
    TABLE,
    TABLE_RW,
    USER,
    params,
)

# --- ARNs, partitions and input validation ---------------------------------------------------------------------

VALID_PARAMS = [
    {"resource_share_arn": SHARE, "permission_arn": DB_RW},
    {"resource_share_arn": SHARE, "permission_name": "AWSRAMPermissionGlueDatabaseReadWrite"},
    {"resource_share_arn": SHARE, "permission_arn": "arn:aws:ram:us-east-1:123456789012:permission/Partner_Read-1"},
    {"resource_share_name": "partner-share", "permission_name": "AWSRAMDefaultPermissionGlueTable"},
    {"resource_share_name": "partner-share", "permission_arn": "arn:aws-cn:ram::aws:permission/X"},
    {
        "resource_share_arn": "arn:aws-cn:ram:cn-north-1:123456789012:resource-share/abc-123",
        "permission_arn": "arn:aws-cn:ram::aws:permission/AWSRAMDefaultPermissionSubnet",
    },
    {
        "resource_share_arn": "arn:aws-us-gov:ram:us-gov-west-1:123456789012:resource-share/abc",
        "permission_arn": "arn:aws-us-gov:ram:us-gov-west-1:123456789012:permission/Custom",
    },
    {
        "resource_share_arn": "arn:aws-iso-b:ram:us-isob-east-1:123456789012:resource-share/abc",
        "permission_name": "AWSRAMDefaultPermissionSubnet",
    },
    {"resource_share_arn": SHARE, "permission_name": "P", "permission_version": 1},
    {"resource_share_name": "partner-share"},
]


@pytest.mark.parametrize("params", VALID_PARAMS)
def test_valid_params(params):
    assert invalid_share_permission_params(params) == []


INVALID_PARAMS = [
    ({"resource_share_arn": "partner-share"}, "resource_share_arn 'partner-share' is not a RAM resource share ARN"),
    ({"resource_share_arn": "arn:aws:ram:us-east-1:12345678901:resource-share/abc"}, "resource_share_arn"),
    ({"resource_share_arn": "arn:aws:ram:us-east-1:123456789012:permission/abc"}, "resource-share/<id>"),
    ({"resource_share_arn": "arn:aws:ram::123456789012:resource-share/abc"}, "resource_share_arn"),
    ({"resource_share_arn": "arn:azure:ram:us-east-1:123456789012:resource-share/abc"}, "resource_share_arn"),
    ({"resource_share_arn": "arn:aws:glue:us-east-1:123456789012:resource-share/abc"}, "resource_share_arn"),
    ({"resource_share_arn": SHARE + " "}, "resource_share_arn"),
    ({"resource_share_name": "  "}, "resource_share_name must not be empty"),
    ({"permission_arn": "AWSRAMPermissionGlueDatabaseReadWrite"}, "permission_arn 'AWSRAMPermissionGlueDatabase"),
    ({"permission_arn": "arn:aws:ram::123456789012:permission/X"}, "arn:<partition>:ram::aws:permission/<Name>"),
    ({"permission_arn": "arn:aws:ram:us-east-1:aws:permission/X"}, "permission_arn"),
    ({"permission_arn": "arn:aws:ram::aws:permission/"}, "permission_arn"),
    ({"permission_arn": "arn:aws:ram::aws:permission/Bad Name"}, "permission_arn"),
    ({"permission_name": "Bad Name"}, "permission_name 'Bad Name' is not a permission name"),
    ({"permission_name": "arn:aws:ram::aws:permission/X"}, "permission_name"),
    ({"permission_name": ""}, "permission_name"),
    ({"permission_name": "x" * 256}, "permission_name"),
    ({"permission_version": 0}, "permission_version must be 1 or more, got 0"),
    ({"permission_version": -3}, "permission_version must be 1 or more"),
    (
        {"resource_share_arn": SHARE, "permission_arn": "arn:aws-cn:ram::aws:permission/X"},
        "permission_arn is in partition aws-cn but the resource share is in partition aws",
    ),
]


@pytest.mark.parametrize("params, message", INVALID_PARAMS)
def test_invalid_params_name_the_option_and_the_rule(params, message):
    errors = invalid_share_permission_params(params)
    assert len(errors) == 1
    assert message in errors[0]


def test_every_broken_rule_is_reported_at_once():
    errors = invalid_share_permission_params(
        {"resource_share_arn": "partner-share", "permission_name": "Bad Name", "permission_version": 0}
    )
    assert [error.split()[0] for error in errors] == ["resource_share_arn", "permission_name"]
    # One message per check: the permission options stop at their first broken rule.
    assert "permission_version" not in errors[1]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"resource_share_arn": SHARE}, []),
        ({"resource_share_name": "partner-share"}, []),
        (
            {"resource_share_arn": "partner-share"},
            ["resource_share_arn 'partner-share' is not a RAM resource share ARN"],
        ),
        ({"resource_share_name": " "}, ["resource_share_name must not be empty"]),
    ],
)
def test_invalid_share_reference(params, expected):
    errors = invalid_share_reference(params)
    assert len(errors) == len(expected)
    for error, start in zip(errors, expected):
        assert error.startswith(start)


def test_validation_errors_are_failures():
    with pytest.raises(ValidationError) as raised:
        validate_resource_share_arn("partner-share")
    assert isinstance(raised.value, Failure)


@pytest.mark.parametrize(
    "arn, partition",
    [
        (SHARE, "aws"),
        ("arn:aws-cn:ram:cn-north-1:123456789012:resource-share/a", "aws-cn"),
        ("arn:aws-us-gov:ram:us-gov-east-1:123456789012:resource-share/a", "aws-us-gov"),
        ("arn:aws-iso:ram:us-iso-east-1:123456789012:resource-share/a", "aws-iso"),
        ("arn:aws-iso-b:ram:us-isob-east-1:123456789012:resource-share/a", "aws-iso-b"),
        ("arn:aws-iso-e:ram:eu-isoe-west-1:123456789012:resource-share/a", "aws-iso-e"),
        ("arn:aws-iso-f:ram:us-isof-south-1:123456789012:resource-share/a", "aws-iso-f"),
        ("arn:other:ram:us-east-1:123456789012:resource-share/a", None),
        ("not-an-arn", None),
        ("", None),
    ],
)
def test_partition_of(arn, partition):
    assert partition_of(arn) == partition


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
    errors = invalid_share_info_params(options)
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


@pytest.mark.parametrize(
    "name, customer, any_permission",
    [
        ("PartnerRead", True, True),
        ("x" * 36, True, True),
        # CreatePermission takes at most 36 characters (botocore's PermissionName).
        ("x" * 37, False, False),
        # AWS's own names are longer: they name a permission, but no customer managed one.
        ("AWSRAMDefaultPermissionServiceCatalogAppRegistryApplication", False, True),
        ("AWSRAM" + "x" * 249, False, True),
        ("AWSRAM" + "x" * 250, False, False),
        ("Read Write", False, False),
        ("", False, False),
    ],
)
def test_one_permission_name_rule(name, customer, any_permission):
    """One rule for a permission's name: a customer managed one is 1 to 36 characters, an AWS-managed one AWS's."""
    assert (not collect({}, lambda _: validate_customer_permission_name(name))) == customer
    assert (not collect({}, lambda _: validate_permission_name(name))) == any_permission
