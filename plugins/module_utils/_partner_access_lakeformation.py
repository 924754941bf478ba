# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Lake Formation grants of the access review: which principals outside the caller's account hold what, and how
those grants compare with the partners' ``lakeformation_permissions`` (the onboard_partner role's items). Pure: the
read is ``_lakeformation.list_grants``.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import re

from ansible_collections.partner_onboarding.aws.plugins.module_utils._iam import account_form
from ansible_collections.partner_onboarding.aws.plugins.module_utils._lakeformation import merge_grants
from ansible_collections.partner_onboarding.aws.plugins.module_utils._lakeformation_permissions import (
    TABLE_WILDCARD,
    invalid_permissions_params,
    lakeformation_resource,
    same_resource,
    snake_resource,
)

LAKEFORMATION = "lakeformation"
# The options of one item, as the role's onboard_partner_lakeformation_permissions has them.
ITEM_OPTIONS = ("database_name", "table_name", "data_location_arn", "catalog_id")
# What names a grant's resource in an access row.
RESOURCE_KEYS = ("database_name", "table_name", "data_location_arn")

# What to do about each error code of the review's ListPermissions, appended to the failure message.
ERROR_HINTS = {
    "AccessDeniedException": (
        "The caller may not list Lake Formation permissions: it must be a data lake administrator (to see every "
        "grant) and its IAM policy must allow lakeformation:ListPermissions; or set lakeformation: false to leave "
        "Lake Formation grants out of the review"
    ),
    "InvalidInputException": "Lake Formation refused the request: check region (and endpoint_url or profile, if set)",
    "InternalServiceException": "Lake Formation failed to answer: run the task again",
    "OperationTimeoutException": "Lake Formation did not answer in time: run the task again",
}

_ACCOUNT = re.compile(r"[0-9]{12}")
_ARN_ACCOUNT = re.compile(r"arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:(?P<account>[0-9]{12}):.+")


# --- the grants (pure) ------------------------------------------------------------------------------------------------


def is_outside(principal, own_account):
    """Whether a Lake Formation principal is outside the caller's account: another account, or an IAM principal of
    one; an organization or OU (they reach accounts besides the caller's). A principal without an account
    (``IAM_ALLOWED_PRINCIPALS``) is the caller's own IAM."""
    principal = principal or ""
    if ":organizations::" in principal:
        return True
    if _ACCOUNT.fullmatch(principal):
        return principal != own_account
    found = _ARN_ACCOUNT.fullmatch(principal)
    return bool(found) and found.group("account") != own_account


def _table_of(resource):
    """The ``table`` or ``table_with_columns`` body of a grant's resource (snake_case), or None."""
    return resource.get("table") or resource.get("table_with_columns")


def resource_names(resource):
    """``{database_name, table_name, data_location_arn}`` of a grant's resource (snake_case, as read): a table
    wildcard is the table ``*`` (as the role names it); a catalog, LF-tag or data cells filter names none."""
    table = _table_of(resource)
    if table is not None:
        name = TABLE_WILDCARD if "table_wildcard" in table else table.get("name")
        return {"database_name": table.get("database_name"), "table_name": name, "data_location_arn": None}
    if "database" in resource:
        return {"database_name": resource["database"].get("name"), "table_name": None, "data_location_arn": None}
    if "data_location" in resource:
        arn = resource["data_location"].get("resource_arn")
        return {"database_name": None, "table_name": None, "data_location_arn": arn}
    return {"database_name": None, "table_name": None, "data_location_arn": None}


def outside_grants(grants, own_account):
    """The grants of ``grants`` (``_lakeformation.list_grants``) to principals outside ``own_account``, one per
    principal and resource (several entries merged), by grantee then resource:
    ``{grantee, resource, database_name, table_name, data_location_arn, permissions}``."""
    found = [
        dict(
            resource_names(grant["resource"]),
            grantee=account_form(grant["principal"]),
            resource=grant["resource"],
            permissions=grant["permissions"],
        )
        for grant in merge_grants(grants)
        if is_outside(grant["principal"], own_account)
    ]
    return sorted(found, key=lambda g: (g["grantee"], g["database_name"] or "", g["table_name"] or "", _location(g)))


def _location(item):
    return item.get("data_location_arn") or ""


def _item_resource(item):
    """The item's resource as a grant's (snake_case, as sent), or None when it names none."""
    resource = lakeformation_resource(item)
    return snake_resource(resource) if resource else None


def _names_resource(item, found):
    """Whether a partner's item names the resource of ``found`` (an access row or an outside grant): the same
    database, table (``*`` for every table) or data location; the catalog is the caller's."""
    return all((item.get(key) or None) == (found.get(key) or None) for key in RESOURCE_KEYS)


def _declared_permissions(partner, found):
    """The permissions the partner's items declare on the resource of ``found``, or None when none names it."""
    declared = None
    for item in partner.get("lakeformation_permissions") or []:
        if _names_resource(item, found):
            declared = (declared or set()) | set(item.get("permissions") or [])
    return declared


def _declared_to(item, partners):
    """The entries whose principals name the row's grantee and whose items name its resource, in order, and the
    permissions they declare there together (None when none names the resource)."""
    declaring, declared = [], None
    for partner in partners:
        if item["grantee"] not in {account_form(x) for x in partner.get("principals") or []}:
            continue
        found = _declared_permissions(partner, item)
        if found is not None:
            declaring.append(partner)
            declared = (declared or set()) | found
    return declaring, declared


def declaring_partner(item, partners):
    """The name of the first entry that declares the row's grant: one of its principals is the grantee and its
    ``lakeformation_permissions`` name the resource, and the entries naming that grantee declare together at least
    the permissions held there. A grant of more than is declared is not declared (it is access nobody asked for)."""
    declaring, declared = _declared_to(item, partners)
    if declared is None or not set(item["permissions"] or []) <= declared:
        return None
    return declaring[0]["name"]


def undeclared_part(item, partners):
    """The part of an unexpected grant that no entry declares: a grant of more than the entries naming its grantee
    declare on the resource is unexpected for the permissions beyond only (revoking them leaves what is declared); a
    grant no entry declares on that resource is unexpected whole."""
    _declaring, declared = _declared_to(item, partners)
    extra = sorted(set(item["permissions"] or []) - (declared or set()))
    return dict(item, permissions=extra) if declared and extra else item


def owning_partner(grant, partners):
    """The partner a grant belongs to: the entry that declares it, else the first whose principals name its
    grantee, else None."""
    return declaring_partner(grant, partners) or next(
        (p["name"] for p in partners if grant["grantee"] in {account_form(x) for x in p.get("principals") or []}),
        None,
    )


def missing_grants(grants, partners, own_account):
    """What the partners' ``lakeformation_permissions`` declare that no outside grant holds: one per item and
    principal outside ``own_account``, ``{partner, grantee, database_name, table_name, data_location_arn,
    permissions}`` with the declared permissions not held. An item of another account's catalog is not reviewed
    (ListPermissions reads the caller's)."""
    missing = []
    for partner in partners:
        for item in partner.get("lakeformation_permissions") or []:
            wanted = _item_resource(item)
            if wanted is None or (item.get("catalog_id") and item["catalog_id"] != own_account):
                continue
            for principal in dict.fromkeys(partner.get("principals") or []):
                if not is_outside(principal, own_account):
                    continue
                held = set()
                for grant in grants:
                    if grant["grantee"] == account_form(principal) and same_resource(grant["resource"], wanted):
                        held |= set(grant["permissions"])
                # ALL is every permission of the resource.
                lacking = [] if "ALL" in held else sorted(set(item.get("permissions") or []) - held)
                if lacking:
                    missing.append(
                        dict(
                            {key: item.get(key) or None for key in RESOURCE_KEYS},
                            partner=partner["name"],
                            grantee=account_form(principal),
                            permissions=lacking,
                        )
                    )
    return missing


# --- input rules ------------------------------------------------------------------------------------------------------


def invalid_items(items, option):
    """The messages for the items of ``option`` (``partners[N].lakeformation_permissions``) that
    lakeformation_permissions would refuse, each naming its item (``...[M].permissions``)."""
    errors = []
    for index, item in enumerate(items or []):
        params = {key: item.get(key) for key in ITEM_OPTIONS}
        params.update(
            principal=None,
            permissions=item.get("permissions"),
            permissions_with_grant_option=item.get("permissions_with_grant_option") or [],
            state="present",
        )
        errors += [_at(f"{option}[{index}]", message) for message in invalid_permissions_params(params)]
    return errors


def _at(place, message):
    """lakeformation_permissions' message about one item: ``place.option ...`` when it starts with an option's
    name, else ``place: ...``; "with state=present" is what the item always is."""
    message = message.replace(" with state=present", "")
    first = re.split(r"[ :]", message, maxsplit=1)[0]
    known = ITEM_OPTIONS + ("permissions", "permissions_with_grant_option")
    return f"{place}.{message}" if first in known else f"{place}: {message}"
