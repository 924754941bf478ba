# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import datetime

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_drift import (
    EXPIRES_ON_RULE,
    expired_partners,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import (
    PRINCIPAL_RULE,
    RESOURCE_SHARE_ARN_RULE,
    ValidationError,
    invalid_principal_params,
    invalid_share_params,
    invalid_share_permission_params,
    validate_principals,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift import (
    RULES,
    invalid_options,
    invalid_partner_params,
)
from ansible_collections.partner_onboarding.aws.plugins.plugin_utils._onboard_partner import (
    onboard_partner_errors,
    onboard_partner_expired,
    onboard_partner_principals,
    onboard_partner_redshift_groups,
    onboard_partner_result,
)

ACCOUNT = "123456789012"
PARTNER_ACCOUNT = "210987654321"
SHARE_ARN = f"arn:aws:ram:us-east-1:{ACCOUNT}:resource-share/8a4b7c2e-1f3d-4e5a-9b6c-0d1e2f3a4b5c"
OTHER_SHARE_ARN = f"arn:aws:ram:us-east-1:{ACCOUNT}:resource-share/0f1e2d3c-4b5a-4968-8776-655443322110"
GLUE_DATABASE = f"arn:aws:glue:us-east-1:{ACCOUNT}:database/sales"
READ_WRITE = "AWSRAMPermissionGlueDatabaseReadWrite"
READ_WRITE_ARN = f"arn:aws:ram::aws:permission/{READ_WRITE}"
DATABASES = [{"cluster_identifier": "analytics", "database_name": "sales"}]


# --- the same values through the role's filter and the modules' own validate functions ---------------------------
#
# Each kind of value: where the role takes it (its variables) and where the module the role passes it to takes it
# (the options its ``validate`` function checks, after the argument spec).


def role_redshift(**values):
    variables = {"onboard_partner_name": "Fivetran", "onboard_partner_account_id": ACCOUNT}
    variables.update(values)
    variables.setdefault("onboard_partner_redshift_databases", DATABASES)
    return variables


def module_redshift(**values):
    params = dict(cluster_identifier="analytics", database_name=["sales"], partner_name="Fivetran", account_id=ACCOUNT)
    params.update(values, state="present", status=None, status_message=None)
    return params


KINDS = {
    "principal": (
        lambda value: {"onboard_partner_principals": [value], "onboard_partner_resource_shares": [{"name": "s"}]},
        invalid_principal_params,
        lambda value: {"resource_share_name": "s", "principals": [value]},
    ),
    "share arn": (
        lambda value: {"onboard_partner_resource_shares": [{"arn": value}]},
        invalid_share_params,
        lambda value: {"arn": value},
    ),
    "resource arn": (
        lambda value: {"onboard_partner_resource_shares": [{"name": "s", "resource_arns": [value]}]},
        invalid_share_params,
        lambda value: {"name": "s", "resource_arns": [value]},
    ),
    "permission": (
        lambda value: {"onboard_partner_resource_shares": [{"name": "s", "permissions": [value]}]},
        invalid_share_params,
        lambda value: {"name": "s", "permissions": [value]},
    ),
    "permission's share arn": (
        lambda value: {
            "onboard_partner_resource_share_permissions": [{"resource_share_arn": value, "permission_name": READ_WRITE}]
        },
        invalid_share_permission_params,
        lambda value: {"resource_share_arn": value, "permission_name": READ_WRITE},
    ),
    "permission arn": (
        lambda value: {
            "onboard_partner_resource_share_permissions": [{"resource_share_name": "s", "permission_arn": value}]
        },
        invalid_share_permission_params,
        lambda value: {"resource_share_name": "s", "permission_arn": value},
    ),
    "permission name": (
        lambda value: {
            "onboard_partner_resource_share_permissions": [{"resource_share_name": "s", "permission_name": value}]
        },
        invalid_share_permission_params,
        lambda value: {"resource_share_name": "s", "permission_name": value},
    ),
    "share name": (
        lambda value: {"onboard_partner_resource_shares": [{"name": value}]},
        invalid_share_params,
        lambda value: {"name": value},
    ),
    "share tag key": (
        lambda value: {"onboard_partner_resource_shares": [{"name": "s", "tags": {value: "v"}}]},
        invalid_share_params,
        lambda value: {"name": "s", "tags": {value: "v"}},
    ),
    "permission's share name": (
        lambda value: {
            "onboard_partner_resource_share_permissions": [{"resource_share_name": value, "permission_name": "P"}]
        },
        invalid_share_permission_params,
        lambda value: {"resource_share_name": value, "permission_name": "P"},
    ),
    "permission version": (
        lambda value: {
            "onboard_partner_resource_share_permissions": [
                {"resource_share_name": "s", "permission_name": "P", "permission_version": value}
            ]
        },
        invalid_share_permission_params,
        lambda value: {"resource_share_name": "s", "permission_name": "P", "permission_version": value},
    ),
    "permission arn's partition": (
        lambda value: {
            "onboard_partner_resource_share_permissions": [{"resource_share_arn": SHARE_ARN, "permission_arn": value}]
        },
        invalid_share_permission_params,
        lambda value: {"resource_share_arn": SHARE_ARN, "permission_arn": value},
    ),
    "partner name": (
        lambda value: role_redshift(onboard_partner_name=value),
        invalid_partner_params,
        lambda value: module_redshift(partner_name=value),
    ),
    "account id": (
        lambda value: role_redshift(onboard_partner_account_id=value),
        invalid_partner_params,
        lambda value: module_redshift(account_id=value),
    ),
    "database's account id": (
        lambda value: role_redshift(
            onboard_partner_redshift_databases=[dict(DATABASES[0], account_id=value)], onboard_partner_account_id=None
        ),
        invalid_partner_params,
        lambda value: module_redshift(account_id=value),
    ),
    "cluster identifier": (
        lambda value: role_redshift(
            onboard_partner_redshift_databases=[{"cluster_identifier": value, "database_name": "sales"}]
        ),
        invalid_partner_params,
        lambda value: module_redshift(cluster_identifier=value),
    ),
    "database name": (
        lambda value: role_redshift(
            onboard_partner_redshift_databases=[{"cluster_identifier": "analytics", "database_name": value}]
        ),
        invalid_partner_params,
        lambda value: module_redshift(database_name=[value]),
    ),
}

# Bad values, among them those the role's former Jinja copies of the rules let through (or refused) unlike the modules.
REFUSED = [
    ("principal", "21098765432"),
    ("principal", f"arn:aws:iam::{ACCOUNT}:root"),
    ("principal", f"arn:awsx:organizations::{ACCOUNT}:organization/o-abcdefghij"),
    ("principal", "not-a-principal"),
    ("principal", ""),
    ("share arn", "fivetran-share"),
    ("share arn", f"arn:aws-foo:ram:us-east-1:{ACCOUNT}:resource-share/x"),
    ("share arn", f"arn:aws:ram:useast1:{ACCOUNT}:resource-share/x"),
    ("share arn", f"arn:aws:ram:us-east-1:{ACCOUNT}:resource-share/"),
    ("resource arn", "glue:database/sales"),
    ("resource arn", f"arn:awsome:glue:us-east-1:{ACCOUNT}:database/sales"),
    ("resource arn", "arn:aws:glue:us-east-1:1234:database/sales"),
    ("permission", "AWSRAMPermission GlueDatabaseReadWrite"),
    ("permission", f"arn:aws:ram::{ACCOUNT}:permission/Mine"),
    ("permission", "arn:aws:ram:us-east-1:aws:permission/X"),
    ("permission", "x" * 256),
    ("permission's share arn", "arn:aws:ram:us-east-1:123:resource-share/x"),
    ("permission arn", READ_WRITE),
    ("permission arn", f"arn:aws:ram::{ACCOUNT}:permission/Mine"),
    ("permission name", READ_WRITE_ARN),
    ("permission name", "read write"),
    ("share name", "  "),
    ("share tag key", "aws:reserved"),
    ("share tag key", "bad*key"),
    ("permission's share name", " "),
    ("permission version", 0),
    ("permission arn's partition", "arn:aws-cn:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite"),
    ("partner name", "Five tran"),
    ("partner name", "x" * 256),
    ("account id", "12345678901"),
    ("account id", "12345678901a"),
    ("database's account id", "1234567890123"),
    ("cluster identifier", "analytics_1"),
    ("cluster identifier", "a" * 64),
    ("database name", "1sales"),
    ("database name", "s"),
    ("database name", "sales-2024"),
]

ACCEPTED = [
    ("principal", PARTNER_ACCOUNT),
    ("principal", f"arn:aws-us-gov:organizations::{ACCOUNT}:organization/o-abcdefghij"),
    ("principal", f"arn:aws:organizations::{ACCOUNT}:ou/o-abcdefghij/ou-ab12-cdefgh12"),
    ("principal", f"arn:aws:iam::{ACCOUNT}:role/team/Reader"),
    ("principal", "glue.amazonaws.com"),
    ("share arn", SHARE_ARN),
    ("share arn", f"arn:aws-cn:ram:cn-north-1:{ACCOUNT}:resource-share/x"),
    ("resource arn", GLUE_DATABASE),
    ("resource arn", "arn:aws:s3:::bucket/key"),
    ("permission", READ_WRITE),
    ("permission", READ_WRITE_ARN),
    ("permission", f"arn:aws:ram:us-east-1:{ACCOUNT}:permission/Mine"),
    ("permission's share arn", SHARE_ARN),
    ("permission arn", READ_WRITE_ARN),
    ("permission name", READ_WRITE),
    ("share name", "fivetran-share"),
    ("share tag key", "team:data/owner"),
    ("permission's share name", "fivetran-share"),
    ("permission version", 2),
    ("permission arn's partition", READ_WRITE_ARN),
    ("partner name", "Fivetran"),
    ("partner name", "dbt_Cloud-2"),
    ("account id", ACCOUNT),
    ("database's account id", PARTNER_ACCOUNT),
    ("cluster identifier", "analytics-1"),
    ("database name", "sales_2024"),
    ("database name", "_ventes@$#"),
    ("database name", "données"),
]


@pytest.mark.parametrize(
    "kind, value, accepted",
    [pytest.param(kind, value, False, id=f"refused-{kind}-{str(value)[:40]}") for kind, value in REFUSED]
    + [pytest.param(kind, value, True, id=f"accepted-{kind}-{str(value)[:40]}") for kind, value in ACCEPTED],
)
def test_the_role_refuses_what_the_modules_refuse(kind, value, accepted):
    role_variables, module_validate, module_params = KINDS[kind]

    role_errors = onboard_partner_errors(role_variables(value))
    module_errors = module_validate(module_params(value))

    assert (role_errors == []) is accepted, role_errors
    assert (module_errors == []) is accepted, module_errors


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_of_value_is_checked_both_ways(kind):
    # Each kind of value is refused at least once and accepted at least once in the tables above.
    assert kind in dict(REFUSED) and kind in dict(ACCEPTED)


def test_a_principal_s_message_is_the_module_s_own_but_for_the_option_s_name():
    principals = ["21098765432", PARTNER_ACCOUNT, "nobody"]
    with pytest.raises(ValidationError) as raised:
        validate_principals(principals, option="onboard_partner_principals")

    errors = onboard_partner_errors(
        {"onboard_partner_principals": principals, "onboard_partner_resource_shares": [{"name": "s"}]}
    )

    assert errors == [str(raised.value)]


def test_a_redshift_rule_is_the_module_s_own():
    [module_error] = invalid_options({"cluster_identifier": "analytics_1"})
    [role_error] = onboard_partner_errors(
        role_redshift(onboard_partner_redshift_databases=[{"cluster_identifier": "analytics_1", "database_name": "x_"}])
    )
    assert module_error.endswith(RULES["cluster_identifier"]) and role_error.endswith(RULES["cluster_identifier"])


# --- onboard_partner_errors: which variable, which values, when -----------------------------------------------------


@pytest.mark.parametrize(
    "variables, expected",
    [
        pytest.param({}, [], id="nothing"),
        pytest.param(
            {
                "onboard_partner_principals": ["21098765432"],
                "onboard_partner_resource_shares": [
                    {"name": "a", "arn": "fivetran-share"},
                    {"arn": "", "name": "b"},
                    {"arn": None, "name": "c", "resource_arns": None, "permissions": None},
                ],
            },
            [
                f"onboard_partner_principals: '21098765432' not valid: each must be {PRINCIPAL_RULE}",
                f"onboard_partner_resource_shares[].arn: 'fivetran-share' not valid: each must be "
                f"{RESOURCE_SHARE_ARN_RULE}",
            ],
            id="principals-and-arns-empty-arn-omitted",
        ),
        pytest.param(
            {
                "onboard_partner_resource_share_permissions": [
                    {"resource_share_arn": "x", "permission_arn": "y"},
                    {"resource_share_arn": "z", "permission_name": "p q"},
                ]
            },
            [
                "onboard_partner_resource_share_permissions[].resource_share_arn: 'x', 'z' not valid: each must be "
                f"{RESOURCE_SHARE_ARN_RULE}",
                "onboard_partner_resource_share_permissions[].permission_arn: 'y' not valid",
                "onboard_partner_resource_share_permissions[].permission_name: 'p q' not valid",
            ],
            id="every-bad-value-of-a-variable-in-one-message",
        ),
        pytest.param(
            role_redshift(onboard_partner_name="Five tran", onboard_partner_account_id="1"),
            [
                f"onboard_partner_name: 'Five tran' not valid: it must be {RULES['partner_name']}",
                f"onboard_partner_account_id: '1' not valid: it must be {RULES['account_id']}",
            ],
            id="redshift-scalars",
        ),
        pytest.param(
            role_redshift(
                onboard_partner_redshift_databases=[
                    {"cluster_identifier": "a_b", "database_name": "1x", "account_id": "2"},
                    {"cluster_identifier": "ok", "database_name": "ok_db", "account_id": ""},
                ]
            ),
            [
                "onboard_partner_redshift_databases[].cluster_identifier: 'a_b' not valid",
                "onboard_partner_redshift_databases[].database_name: '1x' not valid",
                "onboard_partner_redshift_databases[].account_id: '2' not valid",
            ],
            id="redshift-databases-empty-account-omitted",
        ),
        pytest.param(
            {"onboard_partner_name": "Acme Corp", "onboard_partner_account_id": "nope"},
            [],
            id="redshift-values-unchecked-without-databases",
        ),
        pytest.param(
            role_redshift(
                onboard_partner_account_id="nope",
                onboard_partner_redshift_databases=[dict(DATABASES[0], account_id=ACCOUNT)],
            ),
            [],
            id="default-account-unchecked-when-every-database-names-its-own",
        ),
        pytest.param(
            {"onboard_partner_principals": ["not-a-principal"], "onboard_partner_resource_shares": []},
            [],
            id="principals-unchecked-without-shares",
        ),
        pytest.param(
            role_redshift(
                onboard_partner_account_id=int(ACCOUNT),
                onboard_partner_principals=[int(PARTNER_ACCOUNT)],
                onboard_partner_resource_shares=[{"name": "s"}],
            ),
            [],
            id="numbers-as-the-modules-read-them",
        ),
    ],
)
def test_errors(variables, expected):
    errors = onboard_partner_errors(variables)
    assert len(errors) == len(expected), errors
    for error, start in zip(errors, expected):
        assert error.startswith(start), error


# --- onboard_partner_redshift_groups --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "databases, account_id, expected",
    [
        pytest.param([], ACCOUNT, [], id="none"),
        pytest.param(None, None, [], id="null"),
        pytest.param(
            [
                {"cluster_identifier": "reporting", "database_name": "finance"},
                {"cluster_identifier": "analytics", "database_name": "sales"},
                {"cluster_identifier": "reporting", "database_name": "hr"},
                {"cluster_identifier": "analytics", "database_name": "marketing", "account_id": PARTNER_ACCOUNT},
                {"cluster_identifier": "analytics", "database_name": "web", "account_id": None},
                {"cluster_identifier": "analytics", "database_name": "sales"},
            ],
            ACCOUNT,
            [
                {"cluster_identifier": "reporting", "account_id": ACCOUNT, "database_names": ["finance", "hr"]},
                {"cluster_identifier": "analytics", "account_id": ACCOUNT, "database_names": ["sales", "web", "sales"]},
                {"cluster_identifier": "analytics", "account_id": PARTNER_ACCOUNT, "database_names": ["marketing"]},
            ],
            id="first-seen-order-per-cluster-and-account",
        ),
        pytest.param(
            [
                {"cluster_identifier": "analytics", "database_name": "sales"},
                {"cluster_identifier": "analytics", "database_name": "web", "account_id": ""},
            ],
            None,
            [{"cluster_identifier": "analytics", "account_id": None, "database_names": ["sales", "web"]}],
            id="no-account-is-the-caller-s",
        ),
        pytest.param(
            [{"cluster_identifier": "analytics", "database_name": "sales", "account_id": int(ACCOUNT)}],
            "",
            [{"cluster_identifier": "analytics", "account_id": ACCOUNT, "database_names": ["sales"]}],
            id="number-account",
        ),
    ],
)
def test_redshift_groups(databases, account_id, expected):
    assert onboard_partner_redshift_groups(databases, account_id) == expected


# --- onboard_partner_result ---------------------------------------------------------------------------------------

VARIABLES = {"onboard_partner_name": "Fivetran", "onboard_partner_state": "present", "onboard_partner_principals": []}
INTEGRATION = {"cluster_identifier": "analytics", "database_name": "sales", "partner_name": "Fivetran"}
SHARE = {"arn": SHARE_ARN, "name": "fivetran-share", "principals": [], "pending_principals": []}
OTHER_SHARE = {"arn": OTHER_SHARE_ARN, "name": "other-share", "principals": ["444455556666"], "pending_principals": []}
NEW_SHARE = {"arn": None, "name": "new-share"}
SKIPPED = {"changed": False, "skipped": True, "skip_reason": "Conditional result was False"}


def loop(*results):
    return {"changed": False, "results": list(results)}


def test_result_of_a_run_with_nothing_listed():
    # A loop over nothing registers no item; a skipped block registers no ``results`` at all.
    assert onboard_partner_result(
        VARIABLES,
        redshift=loop(),
        shares=loop(),
        share_permissions=loop(),
        found_shares=loop(),
        share_principals=loop(),
        accepted=SKIPPED,
    ) == {
        "partner_name": "Fivetran",
        "state": "present",
        "partner_integrations": [],
        "resource_share_permissions": {},
        "resource_shares": [],
        "permissions_managed": [],
        "lakeformation_permissions": [],
        "datashares": [],
    }


def test_result_without_principals_lists_the_shares_ensured_then_found():
    result = onboard_partner_result(
        VARIABLES,
        redshift=loop(
            {"partner_integrations": [INTEGRATION, dict(INTEGRATION, database_name="marketing")]},
            {"partner_integrations": []},
            {"partner_integrations": [dict(INTEGRATION, cluster_identifier="reporting")]},
        ),
        shares=loop({"resource_share": SHARE, "item": {"name": "fivetran-share"}}),
        share_permissions=loop(
            {"resource_share_arn": SHARE_ARN, "permissions": [{"arn": READ_WRITE_ARN, "version": 1}]},
            {"resource_share_arn": OTHER_SHARE_ARN, "permissions": []},
        ),
        found_shares=loop({"resource_shares": [OTHER_SHARE]}, {"resource_shares": []}),
        share_principals=loop(),
        accepted=loop(),
    )

    assert result["partner_integrations"] == [
        INTEGRATION,
        dict(INTEGRATION, database_name="marketing"),
        dict(INTEGRATION, cluster_identifier="reporting"),
    ]
    assert result["resource_share_permissions"] == {
        SHARE_ARN: [{"arn": READ_WRITE_ARN, "version": 1}],
        OTHER_SHARE_ARN: [],
    }
    assert result["resource_shares"] == [SHARE, OTHER_SHARE]


def test_result_with_principals_takes_them_from_the_principal_task():
    variables = dict(VARIABLES, onboard_partner_principals=[PARTNER_ACCOUNT])
    share_principals = loop(
        {"item": SHARE, "changed": True, "principals": [], "pending_principals": [PARTNER_ACCOUNT], "other": 1},
        dict(SKIPPED, item=NEW_SHARE),
    )

    result = onboard_partner_result(
        variables, redshift=loop(), shares=loop(), share_permissions=loop(), share_principals=share_principals
    )

    assert result["resource_shares"] == [dict(SHARE, pending_principals=[PARTNER_ACCOUNT]), NEW_SHARE]


def test_result_replaces_the_shares_read_again_after_the_acceptance():
    variables = dict(VARIABLES, onboard_partner_principals=[PARTNER_ACCOUNT])
    pending = dict(SHARE, pending_principals=[PARTNER_ACCOUNT])
    accepted_share = dict(SHARE, principals=[PARTNER_ACCOUNT], status="ACTIVE")
    share_principals = loop(
        {"item": OTHER_SHARE, "principals": OTHER_SHARE["principals"] + [PARTNER_ACCOUNT], "pending_principals": []},
        {"item": SHARE, "principals": [], "pending_principals": [PARTNER_ACCOUNT]},
    )

    result = onboard_partner_result(
        variables,
        redshift=loop(),
        shares=loop(),
        share_permissions=loop(),
        share_principals=share_principals,
        accepted=loop({"resource_shares": [accepted_share]}),
    )

    assert result["resource_shares"] == [
        dict(OTHER_SHARE, principals=OTHER_SHARE["principals"] + [PARTNER_ACCOUNT]),
        accepted_share,
    ]
    assert pending not in result["resource_shares"]


def test_result_of_an_offboarding():
    variables = dict(VARIABLES, onboard_partner_state="absent", onboard_partner_principals=[PARTNER_ACCOUNT])
    share_principals = loop({"item": SHARE, "changed": True, "principals": [], "pending_principals": []})

    result = onboard_partner_result(
        variables,
        redshift=loop({"partner_integrations": []}),
        shares=loop(),
        share_permissions=loop(),
        found_shares=loop({"resource_shares": [SHARE]}),
        share_principals=share_principals,
        accepted=loop(),
    )

    assert result == {
        "partner_name": "Fivetran",
        "state": "absent",
        "partner_integrations": [],
        "resource_share_permissions": {},
        "resource_shares": [SHARE],
        "permissions_managed": [],
        "lakeformation_permissions": [],
        "datashares": [],
    }


# --- 1.2.0: onboard_partner_permissions -------------------------------------------------------------------------------

GOOD_PERMISSION = {
    "name": "FivetranTableRead",
    "resource_type": "glue:Table",
    "policy_template": {"Effect": "Allow", "Action": ["glue:GetTable"]},
}


@pytest.mark.parametrize(
    "item, expected",
    [
        (GOOD_PERMISSION, []),
        (dict(GOOD_PERMISSION, policy_template='{"Effect": "Allow", "Action": "glue:GetTable"}'), []),
        (
            dict(GOOD_PERMISSION, policy_template={"Effect": "Allow", "Action": "glue:GetTable", "Principal": "*"}),
            ["onboard_partner_permissions[0]: policy_template must not contain Principal"],
        ),
        (
            dict(GOOD_PERMISSION, policy_template={"Effect": "Allow", "Action": "glue:GetTable", "Resource": "*"}),
            ["onboard_partner_permissions[0]: policy_template must not contain Resource"],
        ),
        (dict(GOOD_PERMISSION, name="has space"), ["onboard_partner_permissions[0]: name 'has space'"]),
        (dict(GOOD_PERMISSION, resource_type="table"), ["onboard_partner_permissions[0]: resource_type 'table'"]),
        ({k: v for k, v in GOOD_PERMISSION.items() if k != "resource_type"}, ["resource_type is required"]),
        (
            dict(GOOD_PERMISSION, tags={"aws:x": "y"}),
            ["onboard_partner_permissions[0]: tags: key(s) 'aws:x' not valid"],
        ),
    ],
)
def test_permissions_are_checked_with_ram_permission_s_rules(item, expected):
    errors = onboard_partner_errors({"onboard_partner_permissions": [item]})
    assert len(errors) == len(expected), errors
    for error, start in zip(errors, expected):
        assert start in error


def test_result_lists_the_permissions_managed():
    permission = {"arn": "arn:aws:ram:us-east-1:123456789012:permission/FivetranTableRead", "default_version": 2}
    result = onboard_partner_result(VARIABLES, permissions=loop({"permission": permission}))
    assert result["permissions_managed"] == [permission]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("210987654321, 310987654321", ["210987654321", "310987654321"]),
        ("210987654321,,", ["210987654321"]),
        (210987654321, ["210987654321"]),
        (["210987654321"], ["210987654321"]),
        (None, []),
    ],
)
def test_principals_from_a_survey_answer(value, expected):
    assert onboard_partner_principals(value) == expected


# --- Lake Formation (1.3.0) -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "items, principals, expected",
    [
        pytest.param(
            [{"database_name": "sales", "table_name": "orders", "permissions": ["SELECT"]}],
            [PARTNER_ACCOUNT],
            [],
            id="valid",
        ),
        pytest.param(
            [{"database_name": "sales", "permissions": ["SELECT"]}],
            [PARTNER_ACCOUNT],
            ["onboard_partner_lakeformation_permissions[0]: permissions: SELECT do(es) not apply to a database"],
            id="permission-of-another-kind",
        ),
        pytest.param(
            [{"table_name": "orders", "permissions": ["SELECT"]}],
            [PARTNER_ACCOUNT],
            [
                "onboard_partner_lakeformation_permissions[0]: table_name needs database_name",
                "onboard_partner_lakeformation_permissions[0]: one resource is required",
            ],
            id="no-database",
        ),
        pytest.param(
            [{"database_name": "sales", "permissions": ["DESCRIBE"]}],
            [],
            ["onboard_partner_lakeformation_permissions needs onboard_partner_principals"],
            id="no-principal",
        ),
        pytest.param(
            [{"database_name": "sales", "permissions": ["DESCRIBE"]}],
            ["ec2.amazonaws.com"],
            ["onboard_partner_principals: principal 'ec2.amazonaws.com' is not valid"],
            id="principal-lake-formation-refuses",
        ),
    ],
)
def test_lakeformation_errors(items, principals, expected):
    errors = [
        error
        for error in onboard_partner_errors(
            {"onboard_partner_lakeformation_permissions": items, "onboard_partner_principals": principals}
        )
        if "lakeformation" in error or "onboard_partner_principals:" in error
    ]
    assert len(errors) == len(expected), errors
    for error, start in zip(errors, expected):
        assert error.startswith(start), error


def test_result_lists_the_lakeformation_grants_one_per_item_and_principal():
    granted = {
        "principal": PARTNER_ACCOUNT,
        "resource": {"table": {"database_name": "sales", "name": "orders"}},
        "permissions": ["SELECT"],
        "permissions_with_grant_option": [],
    }
    registered = {"results": [dict(granted, changed=True, item=[{}, PARTNER_ACCOUNT], diff={})]}
    result = onboard_partner_result({"onboard_partner_name": "Fivetran"}, lakeformation=registered)
    assert result["lakeformation_permissions"] == [granted]


DATASHARE_ARN = "arn:aws:redshift:us-east-1:123456789012:datashare:3072dae5-022b-4d45-9cd3-01f010aae4b2/sales_share"


def test_result_lists_the_datashares_as_read_after_the_association():
    authorized = {
        "arn": DATASHARE_ARN,
        "associations": [{"consumer_identifier": "111122223333", "status": "AUTHORIZED"}],
    }
    active = {"arn": DATASHARE_ARN, "associations": [{"consumer_identifier": "111122223333", "status": "ACTIVE"}]}
    other = {"arn": DATASHARE_ARN.replace("sales_share", "other_share"), "associations": []}
    registered = loop({"datashare": authorized}, {"datashare": other})
    assert onboard_partner_result(VARIABLES, datashares=registered)["datashares"] == [authorized, other]
    result = onboard_partner_result(
        VARIABLES, datashares=registered, datashares_associated=loop({"datashares": [active]})
    )
    assert result["datashares"] == [active, other]


@pytest.mark.parametrize(
    "principals, datashares, message",
    [
        (["arn:aws:iam::111122223333:role/x"], [{"datashare_name": "s"}], "onboard_partner_datashares needs the"),
        (
            ["111122223333"],
            [{"datashare_name": "s"}],
            "onboard_partner_datashares[0]: datashare_name needs cluster_identifier",
        ),
        (["111122223333"], ["sales_share"], "onboard_partner_datashares[0] must be a dict"),
        (
            ["111122223333"],
            [{"datashare_arn": DATASHARE_ARN, "grant_usage": {"database_name": "dev", "db_user": "admin"}}],
            "onboard_partner_datashares[0]: grant_usage needs cluster_identifier",
        ),
        (
            ["111122223333"],
            [{"cluster_identifier": "analytics", "datashare_name": "sales share"}],
            "onboard_partner_datashares[0]: datashare_name 'sales share' is not valid",
        ),
    ],
)
def test_datashare_items_follow_redshift_datashare_rules(principals, datashares, message):
    errors = onboard_partner_errors(
        dict(VARIABLES, onboard_partner_principals=principals, onboard_partner_datashares=datashares)
    )
    assert len(errors) == 1 and errors[0].startswith(message), errors


def test_valid_datashare_items_pass():
    datashares = [
        {"datashare_arn": DATASHARE_ARN},
        {"cluster_identifier": "analytics", "datashare_name": "sales_share"},
    ]
    assert (
        onboard_partner_errors(
            dict(VARIABLES, onboard_partner_principals=["111122223333"], onboard_partner_datashares=datashares)
        )
        == []
    )


# --- 1.3.0: onboard_partner_expires_on --------------------------------------------------------------------------------

TODAY = "2027-03-15"


@pytest.mark.parametrize(
    "expires_on, expired",
    [
        pytest.param("2027-03-14", True, id="yesterday"),
        pytest.param("2027-03-15", True, id="today-the-day-included"),
        pytest.param("2027-03-16", False, id="tomorrow"),
        pytest.param("2026-12-31", True, id="last-year"),
        pytest.param(" 2027-03-16 ", False, id="spaces-around"),
        pytest.param(datetime.date(2027, 3, 15), True, id="a-date-as-yaml-reads-an-unquoted-one"),
        pytest.param(None, False, id="unset-never-expires"),
    ],
)
def test_expired_on_the_day_and_after(expires_on, expired):
    assert onboard_partner_expired(expires_on, TODAY) is expired
    assert onboard_partner_expired(expires_on, datetime.date(2027, 3, 15)) is expired


@pytest.mark.parametrize("expires_on", ["2027-03-14", "2027-03-15", "2027-03-16", "2000-01-01"])
def test_the_role_s_rule_is_the_access_review_s(expires_on):
    # partner_access_info reports the partner as expired on exactly the days the role offboards it.
    today = datetime.date(2027, 3, 15)
    reviewed = expired_partners([{"name": "Fivetran", "expires_on": expires_on}], today) == {"Fivetran"}
    assert onboard_partner_expired(expires_on, today) is reviewed


def test_without_today_the_day_is_today_in_utc():
    today = datetime.datetime.now(datetime.timezone.utc).date()
    assert onboard_partner_expired(today.isoformat()) is True
    assert onboard_partner_expired((today + datetime.timedelta(days=2)).isoformat()) is False


@pytest.mark.parametrize("expires_on", ["2027-02-30", "15/03/2027", "2027-3-15", "tomorrow", "", 20270315])
def test_a_malformed_expiry_names_the_variable(expires_on):
    message = f"onboard_partner_expires_on: {expires_on!r} is not {EXPIRES_ON_RULE}"
    assert onboard_partner_errors({"onboard_partner_expires_on": expires_on}) == [message]
    with pytest.raises(ValueError, match="^onboard_partner_expires_on: "):
        onboard_partner_expired(expires_on, TODAY)


@pytest.mark.parametrize("expires_on", [None, "2027-03-15", datetime.date(2027, 3, 15)])
def test_a_valid_or_unset_expiry_is_no_error(expires_on):
    assert onboard_partner_errors({"onboard_partner_expires_on": expires_on}) == []


def test_result_has_expiry_only_when_set():
    assert "expired" not in onboard_partner_result(VARIABLES)
    assert "expires_on" not in onboard_partner_result(VARIABLES)
    result = onboard_partner_result(dict(VARIABLES, onboard_partner_expires_on="2027-03-16"), expired=False)
    assert (result["state"], result["expires_on"], result["expired"]) == ("present", "2027-03-16", False)


def test_result_of_an_expired_partner_says_offboarded_whatever_the_state():
    variables = dict(
        VARIABLES, onboard_partner_expires_on=datetime.date(2027, 3, 14), onboard_partner_principals=[PARTNER_ACCOUNT]
    )
    share_principals = loop({"item": SHARE, "changed": True, "principals": [], "pending_principals": []})

    result = onboard_partner_result(
        variables,
        redshift=loop({"partner_integrations": []}),
        found_shares=loop({"resource_shares": [SHARE]}),
        share_principals=share_principals,
        expired=True,
    )

    assert (result["state"], result["expires_on"], result["expired"]) == ("absent", "2027-03-14", True)
    assert result["resource_shares"] == [SHARE]
