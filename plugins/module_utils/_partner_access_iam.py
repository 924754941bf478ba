# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The IAM roles of the access review: which principals outside the caller's account a role's trust policy lets
assume it, and how those grants compare with the partners' ``iam_roles``. Pure: the read is ``_iam.list_roles``.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import re

from ansible_collections.partner_onboarding.aws.plugins.module_utils._iam import (
    ROLE_ARN_RULE,
    ROLE_NAME_RULE,
    account_form,
    is_role_reference,
    principal_account,
    role_matches,
)

IAM_ROLE = "iam_role"
ANYONE = "*"
ASSUME_ROLE = "sts:assumerole"
EXTERNAL_ID = "sts:externalid"
# The condition operators that hold only when the request carries a matching sts:ExternalId. Negated operators,
# ...IfExists and ForAllValues: hold when the key is absent, so they guard nothing.
_GUARDING_OPERATORS = {
    prefix + operator
    for prefix in ("", "foranyvalue:")
    for operator in ("stringequals", "stringequalsignorecase", "stringlike")
}


# --- the trust policy (pure) ------------------------------------------------------------------------------------------


def _as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _action_pattern(action):
    # IAM action names match in any case, with * and ? as wildcards (sts:Assume*, sts:*, *).
    return re.compile("^" + ".*".join(".".join(map(re.escape, part.split("?"))) for part in action.split("*")) + "$")


def _allows_assume_role(statement):
    if "Action" in statement:
        return any(_action_pattern(str(a).lower()).match(ASSUME_ROLE) for a in _as_list(statement["Action"]))
    if "NotAction" in statement:
        # Allow everything but these: sts:AssumeRole is allowed unless one of them covers it.
        return not any(_action_pattern(str(a).lower()).match(ASSUME_ROLE) for a in _as_list(statement["NotAction"]))
    return False


def _aws_principals(statement):
    principal = statement.get("Principal")
    if principal == ANYONE:
        return [ANYONE]
    if isinstance(principal, dict):
        return [str(p) for p in _as_list(principal.get("AWS"))]
    return []


def _requires_external_id(statement):
    for operator, conditions in (statement.get("Condition") or {}).items():
        operator = operator.lower()
        if operator in _GUARDING_OPERATORS and any(key.lower() == EXTERNAL_ID for key in conditions or {}):
            return True
        if operator == "null" and any(
            key.lower() == EXTERNAL_ID and str(value).lower() == "false" for key, value in (conditions or {}).items()
        ):
            return True
    return False


def trusted_principals(document, own_account):
    """``{grantee: external_id}``: the principals outside ``own_account`` that the trust policy lets assume the role.

    A statement counts when its Effect is Allow, its Action (or NotAction) allows ``sts:AssumeRole`` and its
    Principal is ``*`` or has ``AWS`` principals (a string or a list). The grantee is the account's 12-digit ID for an
    account or its ``:root`` ARN, the ARN for a role or user, ``*`` for anyone. ``external_id`` is true when every
    statement that lets the grantee in requires ``sts:ExternalId``. A principal IAM shows by its unique ID (the role or
    user it named was deleted) names nobody who can assume the role, and is left out.
    """
    found = {}
    for statement in _as_list((document or {}).get("Statement")):
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow" or not _allows_assume_role(statement):
            continue
        guarded = _requires_external_id(statement)
        for principal in _aws_principals(statement):
            if principal != ANYONE:
                account = principal_account(principal)
                if account is None or account == own_account:
                    continue
            grantee = account_form(principal)
            found[grantee] = found.get(grantee, True) and guarded
    return found


def role_account(role_arn):
    """The account that owns a role, from its ARN (the caller's: ListRoles lists the caller's roles)."""
    return role_arn.split(":")[4]


def role_grants(roles):
    """One grant per role and outside principal: ``{grantee, role_arn, role_name, external_id}``, by role name and
    grantee."""
    grants = []
    for role in sorted(roles, key=lambda r: (r["role_name"].lower(), r["arn"])):
        trusted = trusted_principals(role["trust_policy"], role_account(role["arn"]))
        grants += [
            {"grantee": grantee, "role_arn": role["arn"], "role_name": role["role_name"], "external_id": guarded}
            for grantee, guarded in sorted(trusted.items())
        ]
    return grants


# --- the partners' roles (pure) ---------------------------------------------------------------------------------------


def is_trustable(principal):
    """A principal a trust policy can name: an account, or an IAM role or user ARN."""
    return principal_account(principal) is not None


def covers(principal, grantee):
    """Whether a partner's ``principal`` covers ``grantee``: the same account in either form (ID or ``:root`` ARN),
    the same ARN, or an account and a role or user of that account."""
    if account_form(principal) == account_form(grantee):
        return True
    account = account_form(principal)
    return bool(re.fullmatch(r"[0-9]{12}", account)) and grantee != ANYONE and principal_account(grantee) == account


def declaring_partner(grant, partners):
    """The name of the first entry whose ``iam_roles`` name the grant's role and whose principals cover its grantee."""
    role = {"role_name": grant["role_name"], "arn": grant["role_arn"]}
    for partner in partners:
        if any(role_matches(role, ref) for ref in partner.get("iam_roles") or []) and any(
            covers(p, grant["grantee"]) for p in partner.get("principals") or []
        ):
            return partner["name"]
    return None


def owning_partner(grant, partners):
    """The partner a grant belongs to: the entry that declares it, else the first whose principals cover its
    grantee, else None."""
    declared = declaring_partner(grant, partners)
    if declared:
        return declared
    return next(
        (p["name"] for p in partners if any(covers(pr, grant["grantee"]) for pr in p.get("principals") or [])), None
    )


def _grant_of(grant, reference, principal):
    """Whether ``grant`` is of the role ``reference`` names, to a grantee that a partner's principal names or that
    names it (an account covers its roles and users)."""
    if not role_matches({"role_name": grant["role_name"], "arn": grant["role_arn"]}, reference):
        return False
    return covers(principal, grant["grantee"]) or covers(grant["grantee"], principal)


def missing_role_grants(grants, roles, partners):
    """What the partners' ``iam_roles`` declare that no trust policy grants: one per role reference and trustable
    principal, ``{partner, grantee, role_arn, role_name}`` (``role_arn`` / ``role_name`` null when the role does not
    exist and the reference is the other form). A principal is there when the role trusts it, its account, or (for
    an account) one of the account's roles or users."""
    missing = []
    for partner in partners:
        for reference in dict.fromkeys(partner.get("iam_roles") or []):
            role = next((r for r in roles if role_matches(r, reference)), None)
            for principal in dict.fromkeys(p for p in partner.get("principals") or [] if is_trustable(p)):
                there = any(_grant_of(g, reference, principal) for g in grants)
                if there:
                    continue
                is_arn = reference.startswith("arn:")
                missing.append(
                    {
                        "partner": partner["name"],
                        "grantee": account_form(principal),
                        "role_arn": role["arn"] if role else (reference if is_arn else None),
                        "role_name": role["role_name"] if role else (None if is_arn else reference),
                    }
                )
    return missing


# --- input rules ------------------------------------------------------------------------------------------------------


def invalid_role_references(references, option):
    """The message for the references of ``option`` that are neither a role name nor a role ARN (empty when none)."""
    bad = [ref for ref in references or [] if not is_role_reference(ref)]
    if not bad:
        return []
    return [
        f"{option}: {', '.join(repr(ref) for ref in bad)} not valid: each must be a role name "
        f"({ROLE_NAME_RULE}) or a role ARN ({ROLE_ARN_RULE})"
    ]
