# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""_iam: the roles read (Stubber, pages), the principal forms and the role references (tables)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from urllib.parse import quote

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import AWSError
from ansible_collections.partner_onboarding.aws.plugins.module_utils._iam import (
    account_form,
    is_role_reference,
    list_roles,
    principal_account,
    role_matches,
)

ACCOUNT = "123456789012"
PARTNER = "210987654321"
TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": PARTNER}, "Action": "sts:AssumeRole"}],
}


def role(name):
    return {
        "Path": "/",
        "RoleName": name,
        "RoleId": "AROAEXAMPLE123456789",
        "Arn": f"arn:aws:iam::{ACCOUNT}:role/{name}",
        "CreateDate": datetime(2024, 5, 2, tzinfo=timezone.utc),
        "AssumeRolePolicyDocument": quote(json.dumps(TRUST)),
    }


def test_list_roles_follows_every_page(stubbed):
    iam = stubbed("iam")
    iam.add_response("list_roles", {"Roles": [role("a"), role("b")], "IsTruncated": True, "Marker": "m1"}, {})
    iam.add_response("list_roles", {"Roles": [], "IsTruncated": True, "Marker": "m2"}, {"Marker": "m1"})
    iam.add_response("list_roles", {"Roles": [role("c")], "IsTruncated": False}, {"Marker": "m2"})
    roles = list_roles(stubbed.client("iam"))
    assert [r["role_name"] for r in roles] == ["a", "b", "c"]
    assert roles[0] == {"role_name": "a", "arn": f"arn:aws:iam::{ACCOUNT}:role/a", "trust_policy": TRUST}
    assert stubbed.operations == ["ListRoles"] * 3


def test_list_roles_failure_names_the_operation(stubbed):
    stubbed("iam").add_client_error("list_roles", "AccessDenied", "no", 403, expected_params={})
    with pytest.raises(AWSError) as caught:
        list_roles(stubbed.client("iam"))
    assert (caught.value.operation, caught.value.code) == ("ListRoles", "AccessDenied")


@pytest.mark.parametrize(
    "principal, form, account",
    [
        (PARTNER, PARTNER, PARTNER),
        (f"arn:aws:iam::{PARTNER}:root", PARTNER, PARTNER),
        (f"arn:aws-us-gov:iam::{PARTNER}:root", PARTNER, PARTNER),
        (f"arn:aws:iam::{PARTNER}:role/etl", f"arn:aws:iam::{PARTNER}:role/etl", PARTNER),
        (f"arn:aws:iam::{PARTNER}:user/a/b", f"arn:aws:iam::{PARTNER}:user/a/b", PARTNER),
        (f"arn:aws:sts::{PARTNER}:assumed-role/etl/s", f"arn:aws:sts::{PARTNER}:assumed-role/etl/s", PARTNER),
        ("*", "*", None),
        ("AROAEXAMPLE123456789", "AROAEXAMPLE123456789", None),
        ("arn:aws:organizations::123456789012:organization/o-abc", None, None),
        ("Fivetran", "Fivetran", None),
    ],
)
def test_principal_forms(principal, form, account):
    assert account_form(principal) == (principal if form is None else form)
    assert principal_account(principal) == account


@pytest.mark.parametrize(
    "reference, matches",
    [
        ("fivetran-etl", True),
        ("Fivetran-ETL", True),
        ("fivetran", False),
        (f"arn:aws:iam::{ACCOUNT}:role/etl/fivetran-etl", True),
        (f"arn:aws:iam::{ACCOUNT}:role/fivetran-etl", False),
        (f"arn:aws:iam::{PARTNER}:role/etl/fivetran-etl", False),
    ],
)
def test_role_matches_by_name_in_any_case_or_by_arn(reference, matches):
    found = {"role_name": "fivetran-etl", "arn": f"arn:aws:iam::{ACCOUNT}:role/etl/fivetran-etl"}
    assert role_matches(found, reference) is matches
    assert is_role_reference(reference)
