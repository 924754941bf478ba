# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Lake Formation permissions of one principal on one resource: input rules, the pure plan, and the resources of
lakeformation_permissions and lakeformation_permissions_info.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import re

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import Write
from ansible_collections.partner_onboarding.aws.plugins.module_utils._lakeformation import (
    lakeformation_client,
    list_grants,
    merge_grants,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Plan, Resource

DATABASE_PERMISSIONS = ("ALL", "ALTER", "CREATE_TABLE", "DESCRIBE", "DROP")
TABLE_PERMISSIONS = ("ALL", "ALTER", "DELETE", "DESCRIBE", "DROP", "INSERT", "SELECT")
DATA_LOCATION_PERMISSIONS = ("DATA_LOCATION_ACCESS",)
PERMISSIONS = sorted(set(DATABASE_PERMISSIONS + TABLE_PERMISSIONS + DATA_LOCATION_PERMISSIONS))
RESOURCE_TYPES = ("CATALOG", "DATABASE", "TABLE", "DATA_LOCATION")
TABLE_WILDCARD = "*"

_VALID_FOR = {
    "database": DATABASE_PERMISSIONS,
    "table": TABLE_PERMISSIONS,
    "data location": DATA_LOCATION_PERMISSIONS,
}

_PARTITION = r"arn:aws(?:-[a-z]+)*"
LAKEFORMATION_PRINCIPAL_FORMS = (
    re.compile(r"[0-9]{12}"),
    re.compile(_PARTITION + r":iam::[0-9]{12}:(?:role|user)/[\w+=,.@/-]+"),
    re.compile(_PARTITION + r":organizations::[0-9]{12}:organization/o-[a-z0-9]{10,32}"),
    re.compile(_PARTITION + r":organizations::[0-9]{12}:ou/o-[a-z0-9]{10,32}/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}"),
)
LAKEFORMATION_PRINCIPAL_RULE = (
    "a 12-digit account ID, an IAM role or user ARN (arn:aws:iam::123456789012:role/name), an organization ARN "
    "(arn:aws:organizations::123456789012:organization/o-...) or an OU ARN (...:ou/o-.../ou-...)"
)


# --- input rules ----------------------------------------------------------------------------------------------------


def resource_kind(params):
    """``database``, ``table``, ``data location`` or None: what the options name."""
    if params.get("data_location_arn"):
        return "data location"
    if params.get("table_name"):
        return "table"
    if params.get("database_name"):
        return "database"
    return None


def _resource_rules(params, required):
    errors = []
    if params.get("database_name") and params.get("data_location_arn"):
        errors.append("database_name and data_location_arn are mutually exclusive: give one resource")
    if params.get("table_name") and not params.get("database_name"):
        errors.append("table_name needs database_name: the table's database")
    if required and not (params.get("database_name") or params.get("data_location_arn")):
        errors.append("one resource is required: database_name (with or without table_name) or data_location_arn")
    for option in ("database_name", "table_name", "data_location_arn", "catalog_id"):
        if params.get(option) == "":
            errors.append(f"{option} must not be empty")
    return errors


def _principal_rule(params):
    principal = params.get("principal")
    if principal is None or any(form.fullmatch(principal) for form in LAKEFORMATION_PRINCIPAL_FORMS):
        return []
    return [f"principal {principal!r} is not valid: it must be {LAKEFORMATION_PRINCIPAL_RULE}"]


def invalid_permissions_params(params):
    """Every broken rule of lakeformation_permissions' options, for AWSModule's ``validate``."""
    errors = _resource_rules(params, required=True) + _principal_rule(params)
    kind = resource_kind(params)
    permissions = params.get("permissions")
    grant_options = params.get("permissions_with_grant_option") or []
    if params.get("state", "present") == "present" and permissions is None:
        errors.append("permissions is required with state=present")
    if kind and not (params.get("database_name") and params.get("data_location_arn")):
        allowed = _VALID_FOR[kind]
        for option, values in (("permissions", permissions or []), ("permissions_with_grant_option", grant_options)):
            wrong = sorted(set(values) - set(allowed))
            if wrong:
                errors.append(
                    f"{option}: {', '.join(wrong)} do(es) not apply to a {kind}; a {kind} takes {', '.join(allowed)}"
                )
    outside = sorted(set(grant_options) - set(permissions or []))
    if outside:
        errors.append(
            f"permissions_with_grant_option: {', '.join(outside)} must also be in permissions (a grant option comes "
            "with the permission)"
        )
    return errors


def invalid_info_params(params):
    """Every broken rule of lakeformation_permissions_info's options."""
    return _resource_rules(params, required=False) + _principal_rule(params)


def lakeformation_resource(params):
    """Lake Formation's ``Resource`` for the options (CamelCase, as sent), or None when they name none."""
    catalog = {"CatalogId": params["catalog_id"]} if params.get("catalog_id") else {}
    if params.get("data_location_arn"):
        return {"DataLocation": dict(catalog, ResourceArn=params["data_location_arn"])}
    if params.get("table_name") == TABLE_WILDCARD:
        return {"Table": dict(catalog, DatabaseName=params["database_name"], TableWildcard={})}
    if params.get("table_name"):
        return {"Table": dict(catalog, DatabaseName=params["database_name"], Name=params["table_name"])}
    if params.get("database_name"):
        return {"Database": dict(catalog, Name=params["database_name"])}
    return None


def snake_resource(resource):
    """Lake Formation's ``Resource`` as the modules return it (snake_case, as sent)."""
    names = {
        "CatalogId": "catalog_id",
        "Name": "name",
        "DatabaseName": "database_name",
        "TableWildcard": "table_wildcard",
        "ResourceArn": "resource_arn",
        "Database": "database",
        "Table": "table",
        "DataLocation": "data_location",
    }
    return {names[kind]: {names[key]: value for key, value in body.items()} for kind, body in resource.items()}


def resource_words(params):
    """The resource, in the words of a message."""
    if params.get("data_location_arn"):
        return f"data location {params['data_location_arn']}"
    if params.get("table_name") == TABLE_WILDCARD:
        return f"every table of database {params['database_name']!r}"
    if params.get("table_name"):
        return f"table {params['table_name']!r} of database {params['database_name']!r}"
    return f"database {params['database_name']!r}"


def _as_sent(found):
    """A grant's resource in the form it was granted: Lake Formation answers a table's SELECT (and every column
    permission) as ``TableWithColumns`` with ``ColumnWildcard`` and no excluded column, which is the table itself."""
    columns = found.get("table_with_columns")
    if set(found) != {"table_with_columns"} or columns.get("column_wildcard") is None:
        return found
    if columns["column_wildcard"].get("excluded_column_names"):
        return found
    table = {key: value for key, value in columns.items() if key != "column_wildcard"}
    return {"table": table}


def same_resource(found, wanted):
    """Whether a grant's resource (as read, snake_case, with Lake Formation's CatalogId) is the wanted one (as sent):
    the same kind and names; a catalog compared only when the wanted one names it."""
    found = _as_sent(found)
    if set(found) != set(wanted):
        return False
    for kind, body in wanted.items():
        have = found[kind]
        for key in set(body) | set(have):
            if key == "catalog_id" and "catalog_id" not in body:
                continue
            if have.get(key) != body.get(key):
                return False
    return True


# --- plan ---------------------------------------------------------------------------------------------------------


def plan_permissions(current, wanted, key, target=None):
    """The writes (GrantPermissions with what is missing, then RevokePermissions with what is extra) that take the
    principal's permissions on the resource from ``current`` to ``wanted``, and the prediction. No AWS call.

    ``current`` and the prediction: ``{permissions, permissions_with_grant_option}`` (sorted lists). ``wanted``:
    ``state``, ``permissions`` (None: every one held, for ``absent``), ``permissions_with_grant_option`` and
    ``purge_permissions``. ``key``: the request's ``Principal``, ``Resource`` and, when given, ``CatalogId``.
    """
    held, held_options = set(current["permissions"]), set(current["permissions_with_grant_option"])
    listed = wanted.get("permissions")
    listed_options = set(wanted.get("permissions_with_grant_option") or [])
    grant, grant_options, revoke, revoke_options = set(), set(), set(), set()
    if wanted.get("state", "present") == "absent":
        revoke = held if listed is None else held & set(listed)
        revoke_options = held_options if listed is None else held_options & (set(listed) | listed_options)
    else:
        grant_options = listed_options - held_options
        grant = (set(listed) - held) | grant_options
        if wanted.get("purge_permissions", True):
            revoke = held - set(listed)
            revoke_options = held_options - listed_options
    writes = []
    if grant:
        params = dict(key, Permissions=sorted(grant), PermissionsWithGrantOption=sorted(grant_options))
        writes.append(Write("GrantPermissions", params, target))
    if revoke or revoke_options:
        params = dict(key, Permissions=sorted(revoke), PermissionsWithGrantOption=sorted(revoke_options))
        writes.append(Write("RevokePermissions", params, target))
    predicted = {
        "permissions": sorted((held | grant) - revoke),
        "permissions_with_grant_option": sorted((held_options | grant_options) - revoke_options),
    }
    return Plan(writes, predicted)


# --- resources ----------------------------------------------------------------------------------------------------


def error_hints(params):
    """What to do about each error code of the Lake Formation calls, for the resource the options name."""
    words = resource_words(params) if resource_kind(params) else "the resource"
    catalog = f"catalog {params['catalog_id']}" if params.get("catalog_id") else "the caller's catalog"
    return {
        "EntityNotFoundException": (
            f"{words} does not exist in {catalog}: check database_name, table_name and catalog_id (a data location "
            "must be registered with Lake Formation first, and data_location_arn must be its exact ARN)"
        ),
        "AccessDeniedException": (
            "the caller must be a data lake administrator, or hold these permissions with the grant option on "
            f"{words}; its IAM policy must allow lakeformation:GrantPermissions, lakeformation:RevokePermissions and "
            "lakeformation:ListPermissions (a grant to another account also needs the AWSLakeFormationCrossAccountManager "
            "managed policy)"
        ),
        "ConcurrentModificationException": (
            "another change to the catalog's permissions was in progress at every attempt: run the task again"
        ),
        "InvalidInputException": "check principal, the resource options and permissions",
    }


def held(grants, principal, resource):
    """The principal's permissions on the resource, from ListPermissions' grants (several entries merged)."""
    permissions, options = set(), set()
    for grant in grants:
        if grant["principal"] == principal and same_resource(grant["resource"], resource):
            permissions |= set(grant["permissions"])
            options |= set(grant["permissions_with_grant_option"])
    return {"permissions": sorted(permissions), "permissions_with_grant_option": sorted(options)}


class LakeFormationGrants(Resource):
    """lakeformation_permissions: exactly the given permissions of one principal on one resource."""

    def __init__(self, module):
        super().__init__(module)
        params = module.params
        self.params = params
        self.principal = params["principal"]
        self.resource = lakeformation_resource(params)
        self.key = {"Principal": {"DataLakePrincipalIdentifier": self.principal}, "Resource": self.resource}
        if params.get("catalog_id"):
            self.key = dict(self.key, CatalogId=params["catalog_id"])
        self.hints = error_hints(params)

    def read(self):
        self.client = lakeformation_client(self.module)
        grants = list_grants(self.client, self.params.get("catalog_id"), self.principal, self.resource)
        return held(grants, self.principal, snake_resource(self.resource))

    def plan(self, current):
        return plan_permissions(current, self.params, self.key, resource_words(self.params))

    def report(self, before, after, failed=False):
        result = {"principal": self.principal, "resource": snake_resource(self.resource)}
        state = after if after is not None else before
        if state is not None:
            result.update(state)
        if not failed and before is not None:
            result["diff"] = {"before": before, "after": after}
        return result


class LakeFormationGrantsInfo(Resource):
    """lakeformation_permissions_info: the grants matching the optional filters."""

    def __init__(self, module):
        super().__init__(module)
        self.params = module.params
        self.hints = error_hints(self.params)

    def read(self):
        params = self.params
        resource = lakeformation_resource(params)
        principal = params.get("principal")
        # Lake Formation requires a resource with a principal: without one, every grant is read and then filtered.
        grants = list_grants(
            lakeformation_client(self.module),
            params.get("catalog_id"),
            principal if resource else None,
            resource,
            params.get("resource_type"),
        )
        if principal:
            grants = [grant for grant in grants if grant["principal"] == principal]
        return merge_grants(grants)

    def report(self, before, after, failed=False):
        return {} if failed else {"grants": after}
