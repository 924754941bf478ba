"""RAM customer managed permissions: CreatePermission, CreatePermissionVersion,
SetDefaultPermissionVersion, DeletePermissionVersion, DeletePermission, ListPermissions (replacing
moto's, which knows only AWS-managed ones), ListPermissionVersions, ListPermissionAssociations,
ReplacePermissionAssociations and ListReplacePermissionAssociationsWork, which moto 5.2.5 lacks,
and the tags of a permission (TagResource / UntagResource with ``resourceArn``).

The permissions live in ``ram_catalogue.CUSTOMER`` (keyed by ARN), so that the share operations
(associate, list a share's permissions, GetPermission) treat them as they treat AWS-managed ones.
The refusals follow AWS_FACTS.md: a name taken (PermissionAlreadyExistsException), a template with
``Principal`` or ``Resource`` or not a statement (MalformedPolicyTemplateException), a sixth version
(PermissionVersionsLimitExceededException), deleting the default version or a version in use, or a
permission in use (OperationNotPermittedException).

A replacement work is asynchronous: created IN_PROGRESS when the ``replace_work_reads`` setting is
above 0 and then COMPLETED (the shares moved) after that many ListReplacePermissionAssociationsWork
reads; with ``replace_work_fail`` (a status message) it ends FAILED with that message instead, and
no share moves.
"""

import json
import re
import uuid
from datetime import datetime, timezone

from moto.ram.exceptions import InvalidParameterException, MalformedArnException, UnknownResourceException
from moto.ram.models import ram_backends

from . import ram_catalogue as catalogue
from . import ram_common, state
from .ram_common import (
    LOCK,
    RamError,
    RamOps,
    json_response,
    now,
    operation_not_permitted,
    paginate,
    refuse_reserved_tag_keys,
    require,
)
from .ram_permissions import permissions as share_permissions

MAX_VERSIONS = 5
NAME = re.compile(r"^[\w.-]{1,36}$")
_WORKS: dict[str, dict] = {}  # work id -> work (with "reads_left", "moves")


def reset() -> None:
    _WORKS.clear()


def malformed_template(message: str) -> RamError:
    return RamError("MalformedPolicyTemplateException", message)


def check_template(text) -> str:
    """The template as RAM takes it: one statement's Effect, Action or NotAction, optional Condition."""
    try:
        template = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        template = None
    if not isinstance(template, dict):
        raise malformed_template("The policy template is not a JSON object.")
    for key in ("Principal", "NotPrincipal", "Resource", "NotResource"):
        if key in template:
            raise malformed_template(f"The policy template must not contain {key}: RAM sets it from the share.")
    unknown = set(template) - {"Effect", "Action", "NotAction", "Condition"}
    if unknown:
        raise malformed_template(f"The policy template has unknown elements: {', '.join(sorted(unknown))}.")
    if template.get("Effect") not in ("Allow", "ALLOW", "allow"):
        raise malformed_template("The policy template's Effect must be Allow.")
    if ("Action" in template) == ("NotAction" in template):
        raise malformed_template("The policy template needs Action or NotAction (one of them).")
    return text


def _version(number: int, template: str) -> dict:
    return {"version": str(number), "template": template, "created": datetime.now(timezone.utc)}


def _tags(tags: list, by_aws: bool = False) -> dict:
    """The tags of a request; ``by_aws``: set by AWS itself (a CloudFormation stack, the seed), so ``aws:`` keys
    pass."""
    result = {}
    for tag in tags or []:
        if not tag.get("key") or tag.get("value") is None:
            raise InvalidParameterException("A tag needs a key and a value.")
        result[tag["key"]] = tag["value"]
    if not by_aws:
        refuse_reserved_tag_keys(result)
    return result


def _shares(account: str, region: str) -> list:
    backend = dict.get(ram_backends.get(account, {}), region) if account in ram_backends else None
    return [s for s in (backend.resource_shares if backend is not None else []) if s.status != "DELETED"]


def associations(arn: str, version: str | None = None) -> list:
    """(share, version) of every share using the customer managed permission ``arn`` (at ``version``)."""
    perm = catalogue.CUSTOMER[arn]
    found = []
    for share in _shares(perm["account"], perm["region"]):
        for item in share_permissions(share).values():
            if item["name"] == arn and (version is None or item["version"] == str(version)):
                found.append((share, item["version"]))
    return found


def _finish(work: dict) -> None:
    if state.CONFIG["replace_work_fail"]:
        work.update(status="FAILED", statusMessage=state.CONFIG["replace_work_fail"])
    else:
        to_arn = work["toPermissionArn"]
        for share, _version in work.pop("moves"):
            share_permissions(share)[catalogue.resource_type(to_arn)] = {
                "name": to_arn,
                "version": catalogue.default_version(to_arn),
            }
        work.update(status="COMPLETED", statusMessage="")
    work.pop("moves", None)
    work["lastUpdatedTime"] = now()


class _Ops(RamOps):
    """The customer managed permission operations (see ram_common.install)."""

    def _customer(self, arn: str | None) -> dict:
        if not catalogue.CUSTOMER_PERMISSION_ARN.match(arn or ""):
            if catalogue.MANAGED_PERMISSION_ARN.match(arn or ""):
                raise operation_not_permitted(f"Permission {arn} is AWS managed and cannot be changed.")
            raise MalformedArnException(f"The permission ARN {arn} is not valid. Verify the ARN and try again.")
        perm = catalogue.CUSTOMER.get(arn)
        if perm is None or perm["account"] != self.current_account:
            raise UnknownResourceException(f"Permission {arn} could not be found.")
        return perm

    def create_permission(self) -> tuple:
        params = self.request_params
        arn, perm = new_permission(self.current_account, self.region, params)

        def apply() -> dict:
            add_permission(arn, perm)
            return {"permission": catalogue.describe(arn, "1", catalogue.partition_of(self.region))}

        return self._idempotent("CreatePermission", apply)

    def create_permission_version(self) -> tuple:
        params = self.request_params
        perm = self._customer(require(params, "permissionArn"))
        arn = params["permissionArn"]
        template = check_template(require(params, "policyTemplate"))

        def apply() -> dict:
            if len(perm["versions"]) >= MAX_VERSIONS:
                raise RamError(
                    "PermissionVersionsLimitExceededException",
                    f"Permission {arn} already has {MAX_VERSIONS} versions; delete one that is not the default "
                    "and not in use first.",
                )
            number = perm["next"]
            perm["next"] += 1
            perm["versions"].append(_version(number, template))
            item = catalogue.describe(arn, str(number), catalogue.partition_of(self.region), detail=True)
            return {"permission": item}

        return self._idempotent("CreatePermissionVersion", apply)

    def set_default_permission_version(self) -> tuple:
        params = self.request_params
        perm = self._customer(require(params, "permissionArn"))
        version = str(require(params, "permissionVersion"))

        def apply() -> dict:
            if not any(v["version"] == version for v in perm["versions"]):
                raise UnknownResourceException(f"Version {version} of permission {params['permissionArn']} not found.")
            perm["default"] = version
            return {"returnValue": True}

        return self._idempotent("SetDefaultPermissionVersion", apply)

    def delete_permission_version(self) -> tuple:
        params = self.request_params
        arn = require(params, "permissionArn")
        perm = self._customer(arn)
        version = str(require(params, "permissionVersion"))

        def apply() -> dict:
            if not any(v["version"] == version for v in perm["versions"]):
                raise UnknownResourceException(f"Version {version} of permission {arn} could not be found.")
            if version == perm["default"]:
                raise operation_not_permitted(
                    f"Version {version} is the default version of {arn}: it cannot be deleted."
                )
            users = associations(arn, version)
            if users:
                raise operation_not_permitted(
                    f"Version {version} of {arn} is used by resource shares: {', '.join(s.arn for s, _version in users)}."
                )
            perm["versions"] = [v for v in perm["versions"] if v["version"] != version]
            return {"returnValue": True, "permissionStatus": "DELETED"}

        return self._idempotent("DeletePermissionVersion", apply)

    def delete_permission(self) -> tuple:
        params = self.request_params
        arn = require(params, "permissionArn")
        self._customer(arn)

        def apply() -> dict:
            users = associations(arn)
            if users:
                raise operation_not_permitted(
                    f"Permission {arn} is used by resource shares: {', '.join(s.arn for s, _version in users)}."
                )
            del catalogue.CUSTOMER[arn]
            return {"returnValue": True, "permissionStatus": "DELETED"}

        return self._idempotent("DeletePermission", apply)

    def list_permissions(self) -> tuple:
        params = self.request_params
        ptype = params.get("permissionType") or "ALL"
        if ptype not in ("ALL", "AWS_MANAGED", "CUSTOMER_MANAGED"):
            raise InvalidParameterException(f"{ptype} is not a valid permissionType.")
        rtype = (params.get("resourceType") or "").lower()
        partition = catalogue.partition_of(self.region)
        items = []
        if ptype in ("ALL", "AWS_MANAGED"):
            items += [catalogue.describe(n, None, partition) for n in catalogue.managed_names()]
        if ptype in ("ALL", "CUSTOMER_MANAGED"):
            items += [
                catalogue.describe(arn, None, partition)
                for arn, perm in sorted(catalogue.CUSTOMER.items())
                if perm["account"] == self.current_account and perm["region"] == self.region
            ]
        items = [i for i in items if not rtype or i["resourceType"].lower() == rtype]
        return json_response(paginate(items, params, "permissions"))

    def list_permission_versions(self) -> tuple:
        params = self.request_params
        arn = require(params, "permissionArn")
        partition = catalogue.partition_of(self.region)
        if catalogue.MANAGED_PERMISSION_ARN.match(arn):
            name = catalogue.lookup(arn)
            versions = [v["version"] for v in catalogue._VERSIONS[name]]  # pylint: disable=protected-access
        else:
            perm = self._customer(arn)
            name, versions = arn, [v["version"] for v in perm["versions"]]
        items = [catalogue.describe(name, v, partition) for v in versions]
        return json_response(paginate(items, params, "permissions"))

    def list_permission_associations(self) -> tuple:
        params = self.request_params
        arn = params.get("permissionArn")
        wanted_version = params.get("permissionVersion")
        default_filter = params.get("defaultVersion")
        if arn and not (catalogue.CUSTOMER_PERMISSION_ARN.match(arn) or catalogue.MANAGED_PERMISSION_ARN.match(arn)):
            raise MalformedArnException(f"The permission ARN {arn} is not valid. Verify the ARN and try again.")
        items = []
        arns = [arn] if arn else sorted(catalogue.CUSTOMER)
        for key in arns:
            if key not in catalogue.CUSTOMER or catalogue.CUSTOMER[key]["account"] != self.current_account:
                continue
            perm = catalogue.CUSTOMER[key]
            for share, version in associations(key, wanted_version):
                is_default = version == perm["default"]
                if default_filter is not None and bool(default_filter) != is_default:
                    continue
                if params.get("resourceShareArn") and share.arn != params["resourceShareArn"]:
                    continue
                # Every association the emulator keeps is ASSOCIATED (a share's permission changes at once).
                if params.get("associationStatus") not in (None, "ASSOCIATED"):
                    continue
                items.append(
                    {
                        "arn": key,
                        "permissionVersion": version,
                        "defaultVersion": is_default,
                        "resourceType": perm["resource_type"],
                        "status": "ASSOCIATED",
                        "featureSet": "STANDARD",
                        "lastUpdatedTime": now(),
                        "resourceShareArn": share.arn,
                    }
                )
        return json_response(paginate(items, params, "permissions"))

    def replace_permission_associations(self) -> tuple:
        params = self.request_params
        from_arn = require(params, "fromPermissionArn")
        to_arn = require(params, "toPermissionArn")
        to_key = catalogue.lookup(to_arn)
        if catalogue.is_customer(to_key):
            self._customer(to_arn)
        from_key = catalogue.lookup(from_arn)
        from_version = params.get("fromPermissionVersion")
        if from_version is not None and catalogue.is_customer(from_key):
            known = [v["version"] for v in self._customer(from_arn)["versions"]]
            if str(from_version) not in known:
                raise UnknownResourceException(f"Permission {from_arn} has no version {from_version}.")
        if catalogue.resource_type(from_key) != catalogue.resource_type(to_key):
            raise InvalidParameterException("Both permissions must be for the same resource type.")

        def apply() -> dict:
            moves = []
            if catalogue.is_customer(from_key):
                moves = associations(from_key, from_version)
            work = {
                "id": str(uuid.uuid4()),
                "fromPermissionArn": from_arn,
                "toPermissionArn": to_arn,
                "toPermissionVersion": catalogue.default_version(to_key),
                "status": "IN_PROGRESS",
                "statusMessage": "",
                "creationTime": now(),
                "lastUpdatedTime": now(),
                "account": self.current_account,
                "reads_left": state.CONFIG["replace_work_reads"],
                "moves": moves,
            }
            if from_version is not None:
                work["fromPermissionVersion"] = str(from_version)
            _WORKS[work["id"]] = work
            if work["reads_left"] == 0:
                _finish(work)
            return {"replacePermissionAssociationsWork": _public(work)}

        return self._idempotent("ReplacePermissionAssociations", apply)

    def list_replace_permission_associations_work(self) -> tuple:
        params = self.request_params
        ids = params.get("workIds")
        items = []
        for work in _WORKS.values():
            if work["account"] != self.current_account or (ids and work["id"] not in ids):
                continue
            if work["status"] == "IN_PROGRESS":
                work["reads_left"] -= 1
                if work["reads_left"] <= 0:
                    _finish(work)
            if params.get("status") and work["status"] != params["status"]:
                continue
            items.append(_public(work))
        return json_response(paginate(items, params, "replacePermissionAssociationsWorks"))


def _public(work: dict) -> dict:
    return {k: v for k, v in work.items() if k not in ("account", "reads_left", "moves")}


def new_permission(account: str, region: str, params: dict, by_aws: bool = False) -> tuple:
    """CreatePermission's checks: the ARN and the permission (not yet in the catalogue); ``by_aws``: made by AWS
    itself (a CloudFormation stack, the seed), whose tags may have ``aws:`` keys."""
    name = require(params, "name")
    rtype = require(params, "resourceType")
    template = check_template(require(params, "policyTemplate"))
    if not NAME.match(name):
        raise InvalidParameterException(
            "The permission name can have up to 36 letters, digits, periods, hyphens and underscores."
        )
    known = {t.lower(): t for t in catalogue.RESOURCE_TYPES.values()}
    if rtype.lower() not in known:
        raise InvalidParameterException(f"The resource type {rtype} is not valid.")
    arn = f"arn:{catalogue.partition_of(region)}:ram:{region}:{account}:permission/{name}"
    perm = {
        "name": name,
        "resource_type": known[rtype.lower()],
        "account": account,
        "region": region,
        "versions": [_version(1, template)],
        "default": "1",
        "next": 2,
        "tags": _tags(params.get("tags"), by_aws),
    }
    return arn, perm


def add_permission(arn: str, perm: dict) -> None:
    if arn in catalogue.CUSTOMER:
        raise RamError("PermissionAlreadyExistsException", f"A permission named {perm['name']} already exists.")
    catalogue.CUSTOMER[arn] = perm


def seed_permission(account: str, region: str, spec: dict) -> str:
    """Create a customer managed permission as CreatePermission does (the control API's seed), or as a
    CloudFormation stack does: its ``tags`` may have ``aws:`` keys. Returns its ARN."""
    template = spec.get("policy_template")
    params = {
        "name": spec.get("name"),
        "resourceType": spec.get("resource_type"),
        "policyTemplate": template if isinstance(template, str) else json.dumps(template),
        "tags": [{"key": k, "value": v} for k, v in (spec.get("tags") or {}).items()],
    }
    with LOCK:
        arn, perm = new_permission(account, region, params, by_aws=True)
        add_permission(arn, perm)
    return arn


def tag_permission(account: str, arn: str, tags: list) -> None:
    perm = catalogue.CUSTOMER.get(arn)
    if perm is None or perm["account"] != account:
        raise UnknownResourceException(f"Permission {arn} could not be found.")
    perm["tags"].update(_tags(tags))


def untag_permission(account: str, arn: str, keys: list) -> None:
    perm = catalogue.CUSTOMER.get(arn)
    if perm is None or perm["account"] != account:
        raise UnknownResourceException(f"Permission {arn} could not be found.")
    refuse_reserved_tag_keys(keys)
    for key in keys:
        perm["tags"].pop(key, None)


PATHS = (
    "createpermission",
    "createpermissionversion",
    "setdefaultpermissionversion",
    "deletepermissionversion",
    "deletepermission",
    "listpermissions",
    "listpermissionversions",
    "listpermissionassociations",
    "replacepermissionassociations",
    "listreplacepermissionassociationswork",
)


def install() -> None:
    ram_common.install(_Ops, PATHS)
