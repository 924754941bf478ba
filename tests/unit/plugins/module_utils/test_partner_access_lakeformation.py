# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access import review
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_lakeformation import (
    declaring_partner,
    invalid_items,
    is_outside,
    missing_grants,
    outside_grants,
    resource_names,
    undeclared_part,
)

OWN = "123456789012"
PARTNER = "210987654321"


def grant(principal, resource, *permissions):
    return {
        "principal": principal,
        "resource": resource,
        "permissions": list(permissions),
        "permissions_with_grant_option": [],
    }


DATABASE = {"database": {"catalog_id": OWN, "name": "sales"}}
TABLE = {"table": {"catalog_id": OWN, "database_name": "sales", "name": "orders"}}
COLUMNS = {"table_with_columns": {"catalog_id": OWN, "database_name": "sales", "name": "orders", "column_wildcard": {}}}
WILDCARD = {"table": {"catalog_id": OWN, "database_name": "sales", "table_wildcard": {}}}
LOCATION = {"data_location": {"catalog_id": OWN, "resource_arn": "arn:aws:s3:::lake/raw"}}


@pytest.mark.parametrize(
    "principal, outside",
    [
        (PARTNER, True),
        (OWN, False),
        (f"arn:aws:iam::{PARTNER}:role/etl", True),
        (f"arn:aws:iam::{OWN}:role/etl", False),
        ("arn:aws:organizations::123456789012:organization/o-abcdefghij", True),
        ("arn:aws:organizations::123456789012:ou/o-abcdefghij/ou-ab12-abcdefgh", True),
        ("IAM_ALLOWED_PRINCIPALS", False),
        (None, False),
    ],
)
def test_is_outside(principal, outside):
    assert is_outside(principal, OWN) is outside


@pytest.mark.parametrize(
    "resource, names",
    [
        (DATABASE, ("sales", None, None)),
        (TABLE, ("sales", "orders", None)),
        (COLUMNS, ("sales", "orders", None)),
        (WILDCARD, ("sales", "*", None)),
        (LOCATION, (None, None, "arn:aws:s3:::lake/raw")),
        ({"catalog": {}}, (None, None, None)),
    ],
)
def test_resource_names(resource, names):
    found = resource_names(resource)
    assert (found["database_name"], found["table_name"], found["data_location_arn"]) == names


def test_outside_grants_merge_entries_and_leave_the_callers_own_out():
    grants = [
        grant(PARTNER, TABLE, "SELECT"),
        grant(OWN, DATABASE, "ALL"),
        grant(PARTNER, TABLE, "INSERT"),
        grant(f"arn:aws:iam::{PARTNER}:root", DATABASE, "DESCRIBE"),
    ]
    found = outside_grants(grants, OWN)
    assert [(g["grantee"], g["table_name"], g["permissions"]) for g in found] == [
        (PARTNER, None, ["DESCRIBE"]),
        (PARTNER, "orders", ["INSERT", "SELECT"]),
    ]


def row(grantee, permissions, database_name="sales", table_name=None, data_location_arn=None):
    return {
        "grantee": grantee,
        "permissions": permissions,
        "database_name": database_name,
        "table_name": table_name,
        "data_location_arn": data_location_arn,
    }


def partner(*items, principals=(PARTNER,), name="Fivetran"):
    return {"name": name, "principals": list(principals), "lakeformation_permissions": list(items)}


@pytest.mark.parametrize(
    "item, partners, declared",
    [
        (row(PARTNER, ["DESCRIBE"]), [partner({"database_name": "sales", "permissions": ["DESCRIBE"]})], "Fivetran"),
        # Less than declared is declared; more is not.
        (
            row(PARTNER, ["SELECT"], table_name="orders"),
            [partner({"database_name": "sales", "table_name": "orders", "permissions": ["SELECT", "DESCRIBE"]})],
            "Fivetran",
        ),
        (
            row(PARTNER, ["INSERT", "SELECT"], table_name="orders"),
            [partner({"database_name": "sales", "table_name": "orders", "permissions": ["SELECT"]})],
            None,
        ),
        # Two items on one resource add up.
        (
            row(PARTNER, ["INSERT", "SELECT"], table_name="orders"),
            [
                partner(
                    {"database_name": "sales", "table_name": "orders", "permissions": ["SELECT"]},
                    {"database_name": "sales", "table_name": "orders", "permissions": ["INSERT"]},
                )
            ],
            "Fivetran",
        ),
        # The database is not its tables; every table is the wildcard.
        (
            row(PARTNER, ["SELECT"], table_name="orders"),
            [partner({"database_name": "sales", "permissions": ["DESCRIBE"]})],
            None,
        ),
        (
            row(PARTNER, ["SELECT"], table_name="*"),
            [partner({"database_name": "sales", "table_name": "*", "permissions": ["SELECT"]})],
            "Fivetran",
        ),
        (
            row(PARTNER, ["DATA_LOCATION_ACCESS"], database_name=None, data_location_arn="arn:aws:s3:::lake/raw"),
            [partner({"data_location_arn": "arn:aws:s3:::lake/raw", "permissions": ["DATA_LOCATION_ACCESS"]})],
            "Fivetran",
        ),
        # Another principal, or a partner that declares nothing of Lake Formation.
        (row("999988887777", ["DESCRIBE"]), [partner({"database_name": "sales", "permissions": ["DESCRIBE"]})], None),
        (row(PARTNER, ["DESCRIBE"]), [partner()], None),
        # An account's :root ARN names the account.
        (
            row(PARTNER, ["DESCRIBE"]),
            [
                partner(
                    {"database_name": "sales", "permissions": ["DESCRIBE"]}, principals=[f"arn:aws:iam::{PARTNER}:root"]
                )
            ],
            "Fivetran",
        ),
    ],
)
def test_declaring_partner(item, partners, declared):
    assert declaring_partner(item, partners) == declared


@pytest.mark.parametrize(
    "grants, item, lacking",
    [
        ([], {"database_name": "sales", "permissions": ["DESCRIBE"]}, ["DESCRIBE"]),
        (
            [grant(PARTNER, DATABASE, "DESCRIBE")],
            {"database_name": "sales", "permissions": ["DESCRIBE", "ALTER"]},
            ["ALTER"],
        ),
        ([grant(PARTNER, DATABASE, "DESCRIBE")], {"database_name": "sales", "permissions": ["DESCRIBE"]}, None),
        ([grant(PARTNER, DATABASE, "ALL")], {"database_name": "sales", "permissions": ["DESCRIBE"]}, None),
        # SELECT on every column is SELECT on the table.
        (
            [grant(PARTNER, COLUMNS, "SELECT")],
            {"database_name": "sales", "table_name": "orders", "permissions": ["SELECT"]},
            None,
        ),
        (
            [grant(PARTNER, TABLE, "SELECT")],
            {"database_name": "sales", "table_name": "*", "permissions": ["SELECT"]},
            ["SELECT"],
        ),
        (
            [grant(PARTNER, DATABASE, "DESCRIBE")],
            {"database_name": "sales", "catalog_id": OWN, "permissions": ["DESCRIBE"]},
            None,
        ),
        # Another account's catalog is not what ListPermissions read.
        ([], {"database_name": "sales", "catalog_id": "444455556666", "permissions": ["DESCRIBE"]}, None),
    ],
)
def test_missing_grants(grants, item, lacking):
    found = missing_grants(outside_grants(grants, OWN), [partner(item, principals=[PARTNER, OWN])], OWN)
    if lacking is None:
        assert found == []
    else:
        # The caller's own account is never missing.
        assert [(m["grantee"], m["permissions"], m["partner"]) for m in found] == [(PARTNER, lacking, "Fivetran")]


@pytest.mark.parametrize(
    "items, messages",
    [
        ([{"database_name": "sales", "permissions": ["DESCRIBE"]}], []),
        (
            [{"database_name": "sales", "permissions": ["SELECT"]}],
            ["x[0].permissions: SELECT do(es) not apply to a database"],
        ),
        ([{"database_name": "sales", "permissions": None}], ["x[0].permissions is required"]),
        ([{"permissions": ["DESCRIBE"]}], ["x[0]: one resource is required"]),
        (
            [
                {"database_name": "s", "permissions": ["DESCRIBE"]},
                {
                    "database_name": "s",
                    "table_name": "t",
                    "permissions": ["SELECT"],
                    "permissions_with_grant_option": ["DELETE"],
                },
            ],
            ["x[1].permissions_with_grant_option: DELETE must also be in permissions"],
        ),
    ],
)
def test_invalid_items(items, messages):
    found = invalid_items(items, "x")
    assert len(found) == len(messages)
    assert all(text.startswith(message) for text, message in zip(found, messages))


@pytest.mark.parametrize(
    "item, partners, permissions",
    [
        # A grant of more than the partner declares: only the permissions beyond are unexpected (revoked by remediation).
        (
            row(PARTNER, ["DELETE", "SELECT"]),
            [partner({"database_name": "sales", "permissions": ["SELECT"]})],
            ["DELETE"],
        ),
        # Declared on another resource, or by nobody: unexpected whole.
        (
            row(PARTNER, ["SELECT"], table_name="orders"),
            [partner({"database_name": "sales", "permissions": ["SELECT"]})],
            ["SELECT"],
        ),
        (row(PARTNER, ["DELETE", "SELECT"]), [], ["DELETE", "SELECT"]),
        (
            row(PARTNER, ["SELECT"]),
            [partner({"database_name": "sales", "permissions": ["SELECT"]}, principals=("111122223333",))],
            ["SELECT"],
        ),
    ],
)
def test_undeclared_part(item, partners, permissions):
    assert undeclared_part(item, partners)["permissions"] == permissions
    assert item["permissions"] == sorted(item["permissions"])  # the access row itself is left as read


def test_review_reports_the_undeclared_part_and_keeps_the_whole_grant_in_access():
    grants = [
        {
            "principal": PARTNER,
            "resource": DATABASE,
            "permissions": ["DELETE", "SELECT"],
            "permissions_with_grant_option": [],
        }
    ]
    partners = [
        {
            "name": "Fivetran",
            "principals": [PARTNER],
            "lakeformation_permissions": [{"database_name": "sales", "permissions": ["SELECT"]}],
        }
    ]
    result = review([], [], partners, lakeformation=grants, account_id=OWN)
    (access,) = result["access"]
    (unexpected,) = result["unexpected"]
    assert access["permissions"] == ["DELETE", "SELECT"]
    assert (unexpected["partner"], unexpected["grantee"], unexpected["permissions"]) == (
        "Fivetran",
        PARTNER,
        ["DELETE"],
    )
    assert result["missing"] == []


def test_permissions_two_entries_declare_for_one_principal_are_declared_together():
    """Two entries naming one principal, one declaring SELECT and the other DELETE: a grant of both is declared (the
    first entry's), and nothing of it is unexpected."""
    item = row(PARTNER, ["DELETE", "SELECT"])
    partners = [
        partner({"database_name": "sales", "permissions": ["SELECT"]}, name="A"),
        partner({"database_name": "sales", "permissions": ["DELETE"]}, name="B"),
    ]
    assert declaring_partner(item, partners) == "A"
    assert undeclared_part(dict(item, permissions=["ALTER", "DELETE", "SELECT"]), partners)["permissions"] == ["ALTER"]
