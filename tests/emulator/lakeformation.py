"""Lake Formation grants: GrantPermissions, RevokePermissions, ListPermissions (AWS_FACTS.md "Lake Formation
grants"), and the RAM shares Lake Formation makes for a grant to another account.

moto 5.2.5 implements the three operations, but compares resources as sent (with or without ``CatalogId``),
checks nothing (no database, table or registered location needed, any permission on any resource, any principal),
answers every grant in one page (no ``NextToken`` / ``MaxResults``), fails with a server error when a named-table
filter meets a ``TableWildcard`` grant (or the other way round), and shares nothing. These methods replace moto's:

- a resource is stored with its ``CatalogId`` (the request's, else the caller's account) and answered so, as AWS
  does; the grants of a catalog live on that account's Lake Formation backend (a moto reset drops them);
- ``EntityNotFoundException`` for a database or table that moto's Glue does not have in the catalog's account
  and region, or a data location not registered with ``RegisterResource``;
- ``InvalidInputException`` for a principal that is no account ID, IAM role or user ARN, organization or OU ARN
  (or ``IAM_ALLOWED_PRINCIPALS``), a permission that does not apply to the resource (a database takes ``ALL``,
  ``ALTER``, ``CREATE_TABLE``, ``DESCRIBE``, ``DROP``; a table ``ALL``, ``ALTER``, ``DELETE``, ``DESCRIBE``,
  ``DROP``, ``INSERT``, ``SELECT``; a data location ``DATA_LOCATION_ACCESS``), a revoke of a permission the principal
  does not hold, and ``ListPermissions`` with ``Principal`` but no ``Resource`` (AWS's message);
- ``ListPermissions``: the resource filter with Lake Formation's meaning (a database is the grants on it, not on its
  tables; a table name and ``TableWildcard`` are different resources), ``MaxResults`` 1-1000 (capped by the
  ``page_size`` setting), an opaque ``NextToken``;
- a grant to a principal of another account shares the database or table through RAM, as Lake Formation's
  cross-account version 3 does: one share per resource, owned by the catalog's account and named
  ``LakeFormation-V3-<10 characters>``, with the principal's account added (so an account outside the owner's
  organization gets a PENDING invitation); when no principal of that account holds anything on the resource any
  more, the account is removed from the share. Data locations are not shared.

Other resource kinds (``TableWithColumns``, ``LFTag``, ``LFTagPolicy``, ``DataCellsFilter``) answer 501.
"""

import base64
import binascii
import json
import random
import re
import string

from moto.core.exceptions import JsonRESTError
from moto.glue.models import glue_backends
from moto.lakeformation.exceptions import InvalidInput
from moto.lakeformation.models import lakeformation_backends
from moto.lakeformation.responses import LakeFormationResponse

from . import ram_associations as assoc
from . import ram_shares, state
from .ram_catalogue import _PARTITION_RE, partition_of
from .ram_common import LOCK

PERMISSIONS_FOR = {
    "Catalog": ("ALL", "CREATE_DATABASE", "CREATE_CATALOG"),
    "Database": ("ALL", "ALTER", "CREATE_TABLE", "DESCRIBE", "DROP"),
    "Table": ("ALL", "ALTER", "DELETE", "DESCRIBE", "DROP", "INSERT", "SELECT"),
    "DataLocation": ("DATA_LOCATION_ACCESS",),
}
PRINCIPAL_FORMS = (
    re.compile(r"^\d{12}$"),
    re.compile(r"^IAM_ALLOWED_PRINCIPALS$"),
    assoc.IAM_PRINCIPAL_ARN,
    assoc.ORGANIZATION_ARN,
    assoc.OU_ARN,
    re.compile(rf"^arn:{_PARTITION_RE}:iam::\d{{12}}:saml-provider/[\w+=,.@-]+:(user|group)/.+$"),
)
DEFAULT_RESULTS, MAX_RESULTS = 100, 1000
SHARE_NAME_PREFIX = "LakeFormation-V3-"


class LakeFormationError(InvalidInput):
    """An InvalidInputException (400) with AWS's message."""


def _grants(catalog: str, region: str) -> list:
    backend = lakeformation_backends[catalog][region]
    if not hasattr(backend, "emulator_grants"):
        backend.emulator_grants = []
        backend.emulator_shares = {}
    return backend.emulator_grants


def _shares(catalog: str, region: str) -> dict:
    _grants(catalog, region)
    return lakeformation_backends[catalog][region].emulator_shares


def _kind(resource) -> str:
    if not isinstance(resource, dict) or len(resource) != 1:
        raise LakeFormationError("Resource must contain exactly one resource type.")
    kind = next(iter(resource))
    if kind not in PERMISSIONS_FOR:
        raise NotImplementedError(f"Lake Formation resources of type {kind}")
    return kind


def _canonical(resource, catalog: str) -> dict:
    """The resource as stored and answered: with its CatalogId; InvalidInputException for a malformed one."""
    kind = _kind(resource)
    body = dict(resource[kind] or {})
    if kind == "Catalog":
        return {"Catalog": {}}
    body["CatalogId"] = body.get("CatalogId") or catalog
    if kind == "Database" and not body.get("Name"):
        raise LakeFormationError("Database name is required.")
    if kind == "Table":
        if not body.get("DatabaseName"):
            raise LakeFormationError("Table database name is required.")
        if ("Name" in body) == ("TableWildcard" in body):
            raise LakeFormationError("Table must have exactly one of Name and TableWildcard.")
    if kind == "DataLocation" and not body.get("ResourceArn"):
        raise LakeFormationError("Data location resource ARN is required.")
    return {kind: body}


def _entity_not_found(message: str) -> JsonRESTError:
    return JsonRESTError("EntityNotFoundException", message)


def _check_exists(resource: dict, region: str) -> None:
    kind = next(iter(resource))
    body = resource[kind]
    if kind in ("Database", "Table"):
        glue = glue_backends[body["CatalogId"]][region]
        database = body["Name"] if kind == "Database" else body["DatabaseName"]
        if database not in glue.databases:
            raise _entity_not_found(f"Database {database} not found.")
        if kind == "Table" and "Name" in body and body["Name"] not in glue.databases[database].tables:
            raise _entity_not_found(f"Table {body['Name']} not found.")
    if kind == "DataLocation":
        registered = lakeformation_backends[body["CatalogId"]][region].resources
        if body["ResourceArn"] not in registered:
            raise _entity_not_found(f"Resource {body['ResourceArn']} is not registered.")


def _check_principal(principal) -> str:
    identifier = (principal or {}).get("DataLakePrincipalIdentifier") if isinstance(principal, dict) else None
    if not identifier or not any(form.match(identifier) for form in PRINCIPAL_FORMS):
        raise LakeFormationError(f"Invalid principal: {identifier}.")
    return identifier


def _check_permissions(kind: str, permissions: list, options: list) -> None:
    allowed = PERMISSIONS_FOR[kind]
    if any(permission not in allowed for permission in list(permissions) + list(options)):
        raise LakeFormationError("Permissions modification is invalid.")


def _find(grants: list, principal: str, resource: dict) -> dict | None:
    return next((g for g in grants if g["principal"] == principal and g["resource"] == resource), None)


def _ram_arn(resource: dict, region: str) -> str | None:
    """The Glue ARN RAM shares for a database or table grant (None: Lake Formation shares no data location)."""
    kind = next(iter(resource))
    body = resource[kind]
    prefix = f"arn:{partition_of(region)}:glue:{region}:{body.get('CatalogId')}"
    if kind == "Database":
        return f"{prefix}:database/{body['Name']}"
    if kind == "Table":
        return f"{prefix}:table/{body['DatabaseName']}/{body.get('Name', '*')}"
    return None


def _other_account(principal: str, catalog: str) -> str | None:
    if principal == "IAM_ALLOWED_PRINCIPALS":
        return None
    account = assoc.principal_account(principal)
    return account if account and account != catalog else None


def _share_with(catalog: str, region: str, resource: dict, account: str) -> None:
    arn = _ram_arn(resource, region)
    if arn is None:
        return
    with LOCK:
        share = _shares(catalog, region).get(arn)
        if share is None or share.status in ("DELETING", "DELETED"):
            suffix = "".join(random.choices(string.ascii_uppercase + string.digits, k=10))
            spec = {"name": SHARE_NAME_PREFIX + suffix, "resource_arns": [arn], "principals": [account]}
            _shares(catalog, region)[arn] = ram_shares.seed_share(catalog, region, spec)
            return
        ram_shares._associate(share, [("PRINCIPAL", account)])  # pylint: disable=protected-access


def _unshare(catalog: str, region: str, resource: dict, account: str) -> None:
    grants = _grants(catalog, region)
    if any(g["resource"] == resource and _other_account(g["principal"], catalog) == account for g in grants):
        return  # another principal of that account still holds something on the resource
    with LOCK:
        share = _shares(catalog, region).get(_ram_arn(resource, region) or "")
        if share is None:
            return
        assoc.sync(share)
        record = assoc.associations(share).get(("PRINCIPAL", account))
        if record is not None and record["status"] in assoc.LIVE:
            assoc.disassociate(record, share)
            assoc.sync(share)


def _encode_token(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


def _decode_token(token: str) -> int:
    try:
        offset = json.loads(base64.urlsafe_b64decode(token.encode()))["offset"]
    except (ValueError, TypeError, KeyError, binascii.Error):
        offset = None
    if not isinstance(offset, int) or offset < 0:
        raise LakeFormationError("Invalid NextToken.")
    return offset


def _matches_filter(grant: dict, wanted: dict) -> bool:
    """Lake Formation's resource filter: the same kind, names and catalog (a database is not its tables)."""
    kind = next(iter(wanted))
    if kind not in grant["resource"]:
        return False
    have, want = grant["resource"][kind], wanted[kind]
    return all(have.get(key) == value for key, value in want.items()) and set(have) == set(want)


_RESOURCE_TYPES = {"CATALOG": "Catalog", "DATABASE": "Database", "TABLE": "Table", "DATA_LOCATION": "DataLocation"}


class _Ops(LakeFormationResponse):
    """Holder of the operations; install() copies them onto LakeFormationResponse."""

    def _catalog(self) -> str:
        return self._get_param("CatalogId") or self.current_account

    def _request(self) -> tuple:
        catalog = self._catalog()
        principal = _check_principal(self._get_param("Principal"))
        resource = _canonical(self._get_param("Resource"), catalog)
        permissions = self._get_param("Permissions") or []
        options = self._get_param("PermissionsWithGrantOption") or []
        _check_permissions(next(iter(resource)), permissions, options)
        _check_exists(resource, self.region)
        return catalog, principal, resource, permissions, options

    def grant_permissions(self) -> str:
        catalog, principal, resource, permissions, options = self._request()
        with LOCK:
            grants = _grants(catalog, self.region)
            grant = _find(grants, principal, resource)
            if grant is None:
                grant = {"principal": principal, "resource": resource, "permissions": set(), "options": set()}
                grants.append(grant)
            grant["permissions"] |= set(permissions)
            grant["options"] |= set(options)
            account = _other_account(principal, catalog)
            if account:
                _share_with(catalog, self.region, resource, account)
        return "{}"

    def revoke_permissions(self) -> str:
        catalog, principal, resource, permissions, options = self._request()
        with LOCK:
            grants = _grants(catalog, self.region)
            grant = _find(grants, principal, resource)
            held, held_options = (grant["permissions"], grant["options"]) if grant else (set(), set())
            missing = sorted((set(permissions) - held) | (set(options) - held_options))
            if missing:
                raise LakeFormationError(
                    f"No permissions revoked. Grantee {principal} has no {', '.join(missing)} permission(s) on the "
                    "resource."
                )
            grant["permissions"] -= set(permissions)
            grant["options"] -= set(options)
            if not grant["permissions"] and not grant["options"]:
                grants.remove(grant)
                account = _other_account(principal, catalog)
                if account:
                    _unshare(catalog, self.region, resource, account)
        return "{}"

    def list_permissions(self) -> str:
        catalog = self._catalog()
        principal = self._get_param("Principal")
        resource = self._get_param("Resource")
        if principal is not None and resource is None:
            raise LakeFormationError("Resource is mandatory if Principal is set in the input.")
        max_results = self._get_param("MaxResults")
        if max_results is not None and not 1 <= int(max_results) <= MAX_RESULTS:
            raise LakeFormationError(f"MaxResults must be between 1 and {MAX_RESULTS}.")
        token = self._get_param("NextToken")
        start = _decode_token(token) if token else 0
        with LOCK:
            found = list(_grants(catalog, self.region))
        if principal is not None:
            identifier = _check_principal(principal)
            found = [g for g in found if g["principal"] == identifier]
        resource_type = self._get_param("ResourceType")
        if resource_type is not None:
            kind = _RESOURCE_TYPES.get(resource_type)
            if kind is None:
                raise NotImplementedError(f"ListPermissions with ResourceType {resource_type}")
            found = [g for g in found if kind in g["resource"]]
        if resource is not None:
            wanted = _canonical(resource, catalog)
            found = [g for g in found if _matches_filter(g, wanted)]
        if start > len(found):
            raise LakeFormationError("Invalid NextToken.")
        size = state.page_size(int(max_results) if max_results is not None else None, DEFAULT_RESULTS)
        page = found[start : start + size]
        result = {
            "PrincipalResourcePermissions": [
                {
                    "Principal": {"DataLakePrincipalIdentifier": g["principal"]},
                    "Resource": g["resource"],
                    "Permissions": sorted(g["permissions"]),
                    "PermissionsWithGrantOption": sorted(g["options"]),
                }
                for g in page
            ]
        }
        if start + size < len(found):
            result["NextToken"] = _encode_token(start + size)
        return json.dumps(result)


def install() -> None:
    """Replace moto's grant operations (dispatch is by snake_case operation name)."""
    for name in ("grant_permissions", "revoke_permissions", "list_permissions"):
        setattr(LakeFormationResponse, name, getattr(_Ops, name))
    for name in ("_catalog", "_request"):
        setattr(LakeFormationResponse, name, getattr(_Ops, name))


def seed_catalog(account: str, payload: dict) -> dict:
    """The control API's ``POST /_emulator/lakeformation/catalog``: Glue databases and tables, and data locations
    registered with Lake Formation, in the owner's account (as CreateDatabase, CreateTable, RegisterResource do)."""
    region = payload.get("region", "us-east-1")
    databases = payload.get("databases") or {}
    locations = payload.get("data_locations") or []
    if not isinstance(databases, dict) or not isinstance(locations, list):
        raise ValueError('expected {"databases": {"<database>": ["<table>", ...]}, "data_locations": ["<arn>"]}')
    glue = glue_backends[account][region]
    for database, tables in databases.items():
        if database not in glue.databases:
            glue.create_database(database, {"Name": database})
        for table in tables or []:
            if table not in glue.databases[database].tables:
                glue.create_table(database, table, {"Name": table})
    for arn in locations:
        lakeformation_backends[account][region].register_resource(arn, f"arn:aws:iam::{account}:role/lakeformation")
    return {"region": region, "databases": databases, "data_locations": locations}
