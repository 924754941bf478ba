# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the playbook report_partner_access removes when asked to remediate: from an access review (the result of
partner_access_info), which of the ``unexpected`` and ``expired`` rows are removed and with which module and
arguments, which are left for a human (IAM trust), and which are kept and why. Pure; the filter
partner_access_remediation_plan.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import re

from ansible_collections.partner_onboarding.aws.plugins.module_utils._iam import account_form, principal_account

COLLECTION = "partner_onboarding.aws"
# The module that removes a row of each kind, and the arguments it takes from the row (None values are left out).
MODULES = {
    "redshift": "redshift_partner",
    "ram": "ram_resource_share_principal",
    "lakeformation": "lakeformation_permissions",
    "datashare": "redshift_datashare",
}
BY_HAND = {"iam_role": "IAM trust policies are never changed: remove this trust from the role's policy by hand"}
# A Lake Formation grant on what lakeformation_permissions does not name (the catalog, LF-tags, a data cells filter).
BY_HAND_LAKEFORMATION = (
    "a Lake Formation grant on neither a database, a table nor a data location: revoke it by hand (Lake Formation "
    "console or RevokePermissions)"
)
KEPT_OWN_ACCOUNT = "the caller's own account"
KEPT_IGNORED = "ignored (partner_access_ignore)"
KEPT_LAKEFORMATION_SHARE = (
    "a share Lake Formation manages: revoking the principal's Lake Formation grant is what removes it"
)

# The account in the ARN of a resource the caller owns: its shares, roles and datashares.
_OWNED_ARN = re.compile(r"^arn:[a-z-]+:(?:ram|iam|redshift):[a-z0-9-]*:(?P<account>[0-9]{12}):")


def _account_of(grantee):
    """The account a grantee belongs to: an account ID, a ``:root`` ARN, an IAM role or user ARN; else None (a
    Redshift partner name, an organization or OU ARN, a service principal, ``ADX``)."""
    return principal_account(account_form(grantee or ""))


def own_account_of(review):
    """The caller's account as the review shows it: the account in the ARN of a share, role or datashare the caller
    owns (the review reads only those); None when it has none."""
    arns = [share.get("arn") for share in review.get("resource_shares") or []]
    arns += [
        r.get(key) for r in review.get("access") or [] for key in ("resource_share_arn", "role_arn", "datashare_arn")
    ]
    for arn in arns:
        found = _OWNED_ARN.match(arn or "")
        if found:
            return found.group("account")
    return None


def _args(item, own_account, expired=False):
    """The arguments of the module that removes the row's access."""
    kind = item["kind"]
    if kind == "redshift":
        args = {
            "cluster_identifier": item["cluster_identifier"],
            "database_name": item["database_name"],
            "partner_name": item["grantee"],
            # The clusters' owner, as the review used it; without it the module asks STS once per item.
            "account_id": own_account,
        }
    elif kind == "ram":
        args = {"resource_share_arn": item["resource_share_arn"], "principals": [item["grantee"]]}
    elif kind == "lakeformation":
        # An expired grant: no permissions, so the module revokes every permission (and grant option) held there. An
        # unexpected one: the permissions of the row, those no entry declares (the declared ones stay).
        args = {
            "principal": item["grantee"],
            "database_name": item.get("database_name"),
            "table_name": item.get("table_name"),
            "data_location_arn": item.get("data_location_arn"),
            "permissions": None if expired else item.get("permissions"),
        }
    else:
        args = {"datashare_arn": item["datashare_arn"], "consumer_account_ids": [item["grantee"]]}
    args["state"] = "absent"
    return {key: value for key, value in args.items() if value is not None}


def _resource(item):
    kind = item["kind"]
    if kind == "redshift":
        return f"cluster {item['cluster_identifier']}, database {item['database_name']}"
    if kind == "ram":
        return f"share {item.get('resource_share_name') or item.get('resource_share_arn')}"
    if kind == "lakeformation":
        if item.get("data_location_arn"):
            return f"data location {item['data_location_arn']}"
        table = f", table {item['table_name']}" if item.get("table_name") else ""
        return f"database {item.get('database_name')}{table}"
    if kind == "datashare":
        return f"datashare {item.get('datashare_name') or item.get('datashare_arn')}"
    if kind == "iam_role":
        return f"role {item.get('role_name') or item.get('role_arn')}"
    return kind


def label(item):
    """One line naming a row's grant: ``<kind> <grantee> on <what it reaches>``."""
    return f"{item['kind']} {item['grantee']} on {_resource(item)}"


def _why(item, expired_ids):
    return f"expired ({item['partner']})" if id(item) in expired_ids else "unexpected"


def partner_access_remediation_plan(review, own_account=None, ignore=()):
    """What to do about each ``unexpected`` and ``expired`` row of ``review``: ``{own_account, remove, by_hand,
    kept}``.

    - ``remove``: ``{kind, module, args, label, reason, row}``, one per grant to remove, with the module (its fully
      qualified name) and the arguments that remove it (``state: absent``); in the order of the review's rows.
    - ``by_hand``: the rows no module may change (IAM role trust), ``{kind, label, reason, row}``.
    - ``kept``: the rows left alone, ``{kind, label, reason, row}``: a grantee of the caller's own account, a grantee
      of ``ignore`` (an account matches in either form), a RAM principal of a share Lake Formation manages.

    ``own_account``: the caller's account (partner_access_info's ``account_id``); when None, the account in the ARNs of
    the caller's shares, roles or datashares in the review. ValueError when neither tells it and a row to remove
    names an account, as no grant of the caller's own account may be removed.
    """
    own_account = own_account or own_account_of(review)
    ignored = {account_form(value) for value in ignore or []}
    expired_ids = {id(item) for item in review.get("expired") or []}
    plan = {"own_account": own_account, "remove": [], "by_hand": [], "kept": []}
    seen = set()
    for item in (review.get("unexpected") or []) + (review.get("expired") or []):
        if id(item) in seen:
            continue
        seen.add(id(item))
        entry = {"kind": item["kind"], "label": label(item), "reason": _why(item, expired_ids), "row": item}
        account = _account_of(item["grantee"])
        if account is not None and own_account is None:
            raise ValueError(
                f"the caller's account is unknown, so {label(item)} may be its own: set partner_access_account_id "
                "(the review's account_id)"
            )
        if account is not None and account == own_account:
            plan["kept"].append(dict(entry, reason=f"{KEPT_OWN_ACCOUNT} ({own_account})"))
        elif account_form(item["grantee"]) in ignored:
            plan["kept"].append(dict(entry, reason=KEPT_IGNORED))
        elif item["kind"] == "ram" and item.get("managed_by") == "lakeformation":
            plan["kept"].append(dict(entry, reason=KEPT_LAKEFORMATION_SHARE))
        elif item["kind"] == "lakeformation" and not (item.get("database_name") or item.get("data_location_arn")):
            plan["by_hand"].append(dict(entry, reason=f"{entry['reason']}: {BY_HAND_LAKEFORMATION}"))
        elif item["kind"] in MODULES:
            args = _args(item, own_account, id(item) in expired_ids)
            if any(args == other["args"] and item["kind"] == other["kind"] for other in plan["remove"]):
                continue
            module = f"{COLLECTION}.{MODULES[item['kind']]}"
            plan["remove"].append(dict(entry, module=module, args=args))
        else:
            reason = BY_HAND.get(item["kind"], f"no module of {COLLECTION} removes a {item['kind']} grant")
            plan["by_hand"].append(dict(entry, reason=f"{entry['reason']}: {reason}"))
    return plan
