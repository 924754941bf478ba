# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""IAM, as the access review reads it: the caller's roles with their trust policies (ListRoles, all pages), the
principal forms of a trust policy, and what to do about IAM's error codes.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import re

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import paginate

# What to do about each error code of IAM's reads, appended to the failure message.
ERROR_HINTS = {
    "AccessDenied": (
        "The caller may not list IAM roles: allow iam:ListRoles in its policy, or set iam_roles: false to leave "
        "IAM roles out of the review"
    ),
    "ServiceFailure": "IAM failed to answer: run the task again",
}

ROLE_NAME_RULE = "1 to 64 characters, each a letter, a digit or one of +=,.@_- (^[\\w+=,.@-]+$)"
ROLE_ARN_RULE = "arn:<partition>:iam::<12-digit account>:role/<path/><name>"

_ACCOUNT_ID = re.compile(r"^[0-9]{12}$")
# arn:<partition>:iam::<account>:root, :role/..., :user/...; and STS's assumed-role ARNs, which trust policies take.
_ROOT_ARN = re.compile(r"^arn:[a-z-]+:iam::(?P<account>[0-9]{12}):root$")
_PRINCIPAL_ARN = re.compile(r"^arn:[a-z-]+:(?:iam|sts)::(?P<account>[0-9]{12}):(?:role|user|assumed-role)/.+$")
_ROLE_NAME = re.compile(r"^[\w+=,.@-]{1,64}$", re.ASCII)
_ROLE_ARN = re.compile(r"^arn:[a-z-]+:iam::[0-9]{12}:role/(?:[!-~]*/)?[\w+=,.@-]{1,64}$", re.ASCII)


def list_roles(client):
    """Every role of the caller, ``{role_name, arn, trust_policy}``: one ListRoles, all pages (botocore's paginator).

    botocore decodes the trust policy document (URL-encoded JSON on the wire) into a dict.
    """
    return [
        {"role_name": role["RoleName"], "arn": role["Arn"], "trust_policy": role.get("AssumeRolePolicyDocument") or {}}
        for role in paginate(client, "ListRoles", "Roles")
    ]


def account_form(principal):
    """A principal as an access row names it: an account (its ID or its ``:root`` ARN) as its 12-digit ID, anything
    else as given. Two principals name the same grantee when their forms are equal."""
    found = _ROOT_ARN.match(principal or "")
    return found.group("account") if found else principal


def principal_account(principal):
    """The account of an account ID, a ``:root`` ARN, or an IAM role/user (or STS assumed-role) ARN; else None."""
    if _ACCOUNT_ID.match(principal or ""):
        return principal
    found = _ROOT_ARN.match(principal or "") or _PRINCIPAL_ARN.match(principal or "")
    return found.group("account") if found else None


def is_role_reference(value):
    """A role's name or ARN, as ``partners[].iam_roles`` takes them."""
    return bool((_ROLE_ARN if (value or "").startswith("arn:") else _ROLE_NAME).match(value or ""))


def role_matches(role, reference):
    """Whether ``role`` (as list_roles returns it) is the one ``reference`` names. IAM role names are unique whatever
    their case (a role ``Fivetran`` forbids a role ``fivetran``), so names, and the name in an ARN, match in any
    case."""
    if reference.startswith("arn:"):
        return role["arn"].lower() == reference.lower()
    return role["role_name"].lower() == reference.lower()
