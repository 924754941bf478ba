# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""_partner_access_iam: the trust policy (a table of documents), the role grants, and the partners' roles."""

from __future__ import annotations

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_iam import (
    covers,
    declaring_partner,
    invalid_role_references,
    missing_role_grants,
    owning_partner,
    role_grants,
    trusted_principals,
)

OWN = "123456789012"
PARTNER = "210987654321"
OTHER = "333344445555"
PARTNER_ROOT = f"arn:aws:iam::{PARTNER}:root"
PARTNER_ROLE = f"arn:aws:iam::{PARTNER}:role/etl"
PARTNER_USER = f"arn:aws:iam::{PARTNER}:user/ops/alice"
PARTNER_SESSION = f"arn:aws:sts::{PARTNER}:assumed-role/etl/session"
GUARD = {"StringEquals": {"sts:ExternalId": "fivetran-7f3a"}}


def statement(principal=None, action="sts:AssumeRole", effect="Allow", condition=None, **extra):
    found = {"Effect": effect, "Action": action, **extra}
    if principal is not None:
        found["Principal"] = principal
    if condition is not None:
        found["Condition"] = condition
    if "NotAction" in extra:
        del found["Action"]
    return found


def policy(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


@pytest.mark.parametrize(
    "document, expected",
    [
        # The principal forms: an account ID or its root ARN is the account; a role or user ARN is itself; * anyone.
        (policy(statement({"AWS": PARTNER})), {PARTNER: False}),
        (policy(statement({"AWS": PARTNER_ROOT})), {PARTNER: False}),
        (policy(statement({"AWS": "arn:aws-cn:iam::210987654321:root"})), {PARTNER: False}),
        (policy(statement({"AWS": PARTNER_ROLE})), {PARTNER_ROLE: False}),
        (policy(statement({"AWS": PARTNER_USER})), {PARTNER_USER: False}),
        (policy(statement({"AWS": PARTNER_SESSION})), {PARTNER_SESSION: False}),
        (policy(statement({"AWS": "*"})), {"*": False}),
        (policy(statement("*")), {"*": False}),
        (
            policy(statement({"AWS": [PARTNER, OTHER, PARTNER_ROLE]})),
            {PARTNER: False, OTHER: False, PARTNER_ROLE: False},
        ),
        # The caller's own account, in any form, is not outside access.
        (policy(statement({"AWS": [OWN, f"arn:aws:iam::{OWN}:root", f"arn:aws:iam::{OWN}:role/x"]})), {}),
        # A deleted principal, shown by its unique ID, names nobody.
        (policy(statement({"AWS": "AROAEXAMPLEDELETED01"})), {}),
        # Other principal types are not AWS accounts.
        (policy(statement({"Service": "glue.amazonaws.com"})), {}),
        (policy(statement({"Federated": "cognito-identity.amazonaws.com"}, "sts:AssumeRoleWithWebIdentity")), {}),
        # The actions: sts:AssumeRole in any case, sts:*, *, a wildcard that covers it, or in a list.
        (policy(statement({"AWS": PARTNER}, "sts:assumerole")), {PARTNER: False}),
        (policy(statement({"AWS": PARTNER}, "sts:*")), {PARTNER: False}),
        (policy(statement({"AWS": PARTNER}, "*")), {PARTNER: False}),
        (policy(statement({"AWS": PARTNER}, "sts:Assume*")), {PARTNER: False}),
        (policy(statement({"AWS": PARTNER}, "sts:AssumeRol?")), {PARTNER: False}),
        (policy(statement({"AWS": PARTNER}, ["sts:TagSession", "sts:AssumeRole"])), {PARTNER: False}),
        (policy(statement({"AWS": PARTNER}, "sts:TagSession")), {}),
        (policy(statement({"AWS": PARTNER}, "sts:AssumeRoleWithSAML")), {}),
        (policy(statement({"AWS": PARTNER}, NotAction="sts:TagSession")), {PARTNER: False}),
        (policy(statement({"AWS": PARTNER}, NotAction=["sts:AssumeRole"])), {}),
        # Deny lets nobody in (and is not read as narrowing: the review lists what Allow statements grant).
        (policy(statement({"AWS": PARTNER}, effect="Deny")), {}),
        # sts:ExternalId: required by a positive string condition.
        (policy(statement({"AWS": PARTNER}, condition=GUARD)), {PARTNER: True}),
        (policy(statement({"AWS": PARTNER}, condition={"StringLike": {"STS:EXTERNALID": "f*"}})), {PARTNER: True}),
        (policy(statement({"AWS": PARTNER}, condition={"Null": {"sts:ExternalId": "false"}})), {PARTNER: True}),
        (
            policy(statement({"AWS": PARTNER}, condition={"ForAnyValue:StringEquals": {"sts:ExternalId": ["a"]}})),
            {PARTNER: True},
        ),
        # ... not by a condition that holds when the key is absent, nor by another key.
        (policy(statement({"AWS": PARTNER}, condition={"Null": {"sts:ExternalId": "true"}})), {PARTNER: False}),
        (policy(statement({"AWS": PARTNER}, condition={"StringNotEquals": {"sts:ExternalId": "a"}})), {PARTNER: False}),
        (
            policy(statement({"AWS": PARTNER}, condition={"StringEqualsIfExists": {"sts:ExternalId": "a"}})),
            {PARTNER: False},
        ),
        (
            policy(statement({"AWS": PARTNER}, condition={"StringEquals": {"aws:PrincipalOrgID": "o-1"}})),
            {PARTNER: False},
        ),
        # Two statements letting the same account in: guarded only if both are.
        (
            policy(statement({"AWS": PARTNER}, condition=GUARD), statement({"AWS": PARTNER_ROOT})),
            {PARTNER: False},
        ),
        (
            policy(statement({"AWS": PARTNER}, condition=GUARD), statement({"AWS": PARTNER_ROOT}, condition=GUARD)),
            {PARTNER: True},
        ),
        # A single statement (not in a list), and documents without statements.
        ({"Version": "2012-10-17", "Statement": statement({"AWS": PARTNER})}, {PARTNER: False}),
        ({"Version": "2012-10-17", "Statement": []}, {}),
        ({}, {}),
    ],
)
def test_trusted_principals(document, expected):
    assert trusted_principals(document, OWN) == expected


def role(name, document, account=OWN):
    return {"role_name": name, "arn": f"arn:aws:iam::{account}:role/{name}", "trust_policy": document}


def test_role_grants_one_per_role_and_outside_principal_sorted():
    roles = [
        role("zeta", policy(statement({"AWS": [OTHER, PARTNER]}, condition=GUARD))),
        role("Alpha", policy(statement({"AWS": "*"}))),
        role("own", policy(statement({"AWS": OWN}))),
        role("service", policy(statement({"Service": "lambda.amazonaws.com"}))),
    ]
    assert [(g["role_name"], g["grantee"], g["external_id"]) for g in role_grants(roles)] == [
        ("Alpha", "*", False),
        ("zeta", PARTNER, True),
        ("zeta", OTHER, True),
    ]
    assert role_grants(roles)[0]["role_arn"] == f"arn:aws:iam::{OWN}:role/Alpha"


@pytest.mark.parametrize(
    "principal, grantee, expected",
    [
        (PARTNER, PARTNER, True),
        (PARTNER_ROOT, PARTNER, True),
        (PARTNER, PARTNER_ROOT, True),
        (PARTNER, PARTNER_ROLE, True),
        (PARTNER_ROOT, PARTNER_USER, True),
        (PARTNER_ROLE, PARTNER_ROLE, True),
        (PARTNER_ROLE, PARTNER, False),
        (PARTNER_ROLE, PARTNER_USER, False),
        (OTHER, PARTNER, False),
        (PARTNER, "*", False),
        ("arn:aws:organizations::123456789012:organization/o-abc", PARTNER, False),
    ],
)
def test_covers(principal, grantee, expected):
    assert covers(principal, grantee) is expected


FIVETRAN = {"name": "Fivetran", "principals": [PARTNER], "iam_roles": ["fivetran-etl"]}
STITCH = {"name": "Stitch", "principals": [OTHER], "iam_roles": []}


def grant(role_name, grantee):
    return {"grantee": grantee, "role_arn": f"arn:aws:iam::{OWN}:role/{role_name}", "role_name": role_name}


@pytest.mark.parametrize(
    "item, declared, owner",
    [
        (grant("fivetran-etl", PARTNER), "Fivetran", "Fivetran"),
        (grant("Fivetran-ETL", PARTNER_ROLE), "Fivetran", "Fivetran"),
        # A role the partner does not declare is its, but not declared.
        (grant("debug", PARTNER), None, "Fivetran"),
        # A declared role trusting another account.
        (grant("fivetran-etl", OTHER), None, "Stitch"),
        (grant("fivetran-etl", "*"), None, None),
    ],
)
def test_declaring_and_owning_partner(item, declared, owner):
    assert declaring_partner(item, [STITCH, FIVETRAN]) == declared
    assert owning_partner(item, [STITCH, FIVETRAN]) == owner


def test_a_role_declared_by_arn_matches_its_arn():
    partner = dict(FIVETRAN, iam_roles=[f"arn:aws:iam::{OWN}:role/fivetran-etl"])
    assert declaring_partner(grant("fivetran-etl", PARTNER), [partner]) == "Fivetran"
    assert declaring_partner(grant("other", PARTNER), [partner]) is None


def test_missing_role_grants():
    roles = [role("fivetran-etl", policy(statement({"AWS": OTHER})))]
    partner = {
        "name": "Fivetran",
        # Only accounts and IAM ARNs can be trusted: the organization is not missing.
        "principals": [PARTNER_ROOT, PARTNER_ROLE, "arn:aws:organizations::123456789012:organization/o-abc"],
        "iam_roles": ["fivetran-etl", "gone", f"arn:aws:iam::{OWN}:role/gone-too"],
    }
    grants = role_grants(roles)
    assert missing_role_grants(grants, roles, [partner]) == [
        {"partner": "Fivetran", "grantee": PARTNER, "role_arn": roles[0]["arn"], "role_name": "fivetran-etl"},
        {"partner": "Fivetran", "grantee": PARTNER_ROLE, "role_arn": roles[0]["arn"], "role_name": "fivetran-etl"},
        {"partner": "Fivetran", "grantee": PARTNER, "role_arn": None, "role_name": "gone"},
        {"partner": "Fivetran", "grantee": PARTNER_ROLE, "role_arn": None, "role_name": "gone"},
        {"partner": "Fivetran", "grantee": PARTNER, "role_arn": f"arn:aws:iam::{OWN}:role/gone-too", "role_name": None},
        {
            "partner": "Fivetran",
            "grantee": PARTNER_ROLE,
            "role_arn": f"arn:aws:iam::{OWN}:role/gone-too",
            "role_name": None,
        },
    ]
    # Trusting the account lets its roles in; trusting one of its roles lets the account in (through that role).
    declared = [dict(partner, iam_roles=["fivetran-etl"])]
    for trusted in (PARTNER, PARTNER_USER):
        granted = role_grants([role("fivetran-etl", policy(statement({"AWS": trusted})))])
        assert [m["grantee"] for m in missing_role_grants(granted, roles, declared)] == (
            [] if trusted == PARTNER else [PARTNER_ROLE]
        )


@pytest.mark.parametrize(
    "references, message",
    [
        (["fivetran-etl", "a+b=c,d.e@f_g-h", f"arn:aws:iam::{OWN}:role/path/to/etl"], None),
        (["bad role"], "partners[0].iam_roles: 'bad role' not valid"),
        (["x" * 65], "partners[0].iam_roles: 'xxxx"),
        ([f"arn:aws:iam::{OWN}:user/alice"], "partners[0].iam_roles: 'arn:aws:iam::123456789012:user/alice' not"),
        (["arn:aws:iam::12:role/etl"], "partners[0].iam_roles: 'arn:aws:iam::12:role/etl' not valid"),
    ],
)
def test_invalid_role_references(references, message):
    errors = invalid_role_references(references, "partners[0].iam_roles")
    assert errors == [] if message is None else errors[0].startswith(message)
