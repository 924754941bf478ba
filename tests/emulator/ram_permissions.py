"""RAM resource-share permissions, resource association and the GetResourceShares filters.

moto 5.2.5 lacks Associate/DisassociateResourceSharePermission, ListResourceSharePermissions,
GetPermission and Associate/DisassociateResourceShare, ignores GetResourceShares' filters and
pagination, and does not attach permissions to shares. Following moto's guidance the operations
are methods of ``ResourceAccessManagerResponse`` and their paths are added to
``moto.ram.urls.url_paths`` (``install()`` must run before the server app is created).
The rules modelled are those of the AWS API reference; see README.md for the choices made where
AWS documents nothing.
"""

import json
import uuid
from datetime import datetime, timezone

from moto.core.exceptions import JsonRESTError
from moto.ram import urls as ram_urls
from moto.ram.exceptions import InvalidParameterException, MalformedArnException, UnknownResourceException
from moto.ram.models import ResourceShare
from moto.ram.responses import ResourceAccessManagerResponse

from . import ram_catalogue as catalogue
from . import state


class OperationNotPermittedError(JsonRESTError):
    code = 400

    def __init__(self, message: str):
        super().__init__("OperationNotPermittedException", message)


class IdempotentParameterMismatchError(JsonRESTError):
    code = 400

    def __init__(self, token: str):
        super().__init__(
            "IdempotentParameterMismatchException",
            f"The client token {token} was already used with different parameters.",
        )


class InvalidNextTokenError(JsonRESTError):
    code = 400

    def __init__(self) -> None:
        super().__init__("InvalidNextTokenException", "The specified value for NextToken is not valid.")


def _json(result: dict) -> tuple:
    # moto's default content type for string bodies is text/html; AWS answers JSON.
    return 200, {"Content-Type": "application/json"}, json.dumps(result)


def _now() -> float:
    return datetime.now(timezone.utc).timestamp()


def _permissions(share: ResourceShare) -> dict:
    """resource type -> {"name", "version"} associated with a share (kept on moto's share object)."""
    if not hasattr(share, "emulator_permissions"):
        share.emulator_permissions = {}
    return share.emulator_permissions


def _attach_defaults(share: ResourceShare, resource_arns: list) -> None:
    """RAM attaches the default permission's default version for types that have no permission yet."""
    perms = _permissions(share)
    for arn in resource_arns:
        rtype = catalogue.resource_type_of_arn(arn)
        name = catalogue.default_for(rtype)
        if rtype not in perms and name:
            perms[rtype] = {"name": name, "version": catalogue.default_version(name)}


def _paginate(items: list, params: dict, result_key: str) -> dict:
    max_results = params.get("maxResults")
    if max_results is not None and not 1 <= int(max_results) <= 500:
        raise InvalidParameterException("maxResults must be between 1 and 500.")
    size = state.page_size(max_results, 500)
    token = params.get("nextToken")
    try:
        start = int(token) if token else 0
    except ValueError:
        raise InvalidNextTokenError() from None
    if start < 0 or start > len(items):
        raise InvalidNextTokenError()
    end = start + size
    result = {result_key: items[start:end]}
    if end < len(items):
        result["nextToken"] = str(end)
    return result


class _Ops(ResourceAccessManagerResponse):
    """Holder of the operations; install() copies them onto ResourceAccessManagerResponse itself,
    so that moto's own dispatch (which instantiates that class) finds them."""

    def _share(self, arn: str | None) -> ResourceShare:
        if not catalogue.SHARE_ARN.match(arn or ""):
            raise MalformedArnException(f"The resource share ARN {arn} is not valid. Verify the ARN and try again.")
        for share in self.ram_backend.resource_shares:
            if share.arn == arn and share.status != "DELETED":
                return share
        raise UnknownResourceException(f"ResourceShare {arn} could not be found.")

    def _idempotent(self, operation: str, apply) -> tuple:
        """clientToken: same token + same parameters = the earlier response, nothing applied twice."""
        params = self.request_params
        token = params.get("clientToken")
        if not token:
            # AWS makes a token of its own, so a retry without one may apply twice.
            return _json(dict(apply(), clientToken=str(uuid.uuid4())))
        if len(token) > 64:
            raise JsonRESTError("InvalidClientTokenException", "The client token is not valid.")
        tokens = self.ram_backend.__dict__.setdefault("emulator_tokens", {})
        compared = {k: v for k, v in params.items() if k != "clientToken"}
        if (operation, token) in tokens:
            earlier_params, earlier_response = tokens[(operation, token)]
            if earlier_params != compared:
                raise IdempotentParameterMismatchError(token)
            return _json(earlier_response)
        response = dict(apply(), clientToken=token)
        tokens[(operation, token)] = (compared, response)
        return _json(response)

    def create_resource_share(self) -> tuple:
        params = self.request_params

        def apply() -> dict:
            if not params.get("name"):
                raise InvalidParameterException("The name of the resource share must be specified.")
            chosen = {}
            for arn in params.get("permissionArns") or []:
                name = catalogue.lookup(arn)
                rtype = catalogue.resource_type(name)
                if rtype in chosen:
                    raise InvalidParameterException(f"Only one permission per resource type ({rtype}) is allowed.")
                chosen[rtype] = {"name": name, "version": catalogue.default_version(name)}
            resource_arns = params.get("resourceArns") or []
            for arn in resource_arns:
                catalogue.resource_type_of_arn(arn)
            share = ResourceShare(self.current_account, self.region, **params)
            share.add_principals(params.get("principals") or [])
            share.resource_arns.extend(resource_arns)
            _permissions(share).update(chosen)
            _attach_defaults(share, resource_arns)
            self.ram_backend.resource_shares.append(share)
            described = share.describe()
            described.pop("featureSet")
            return {"resourceShare": described}

        return self._idempotent("CreateResourceShare", apply)

    def get_resource_shares(self) -> tuple:
        params = self.request_params
        owner = params.get("resourceOwner")
        if owner not in ("SELF", "OTHER-ACCOUNTS"):
            raise InvalidParameterException(f"{owner} is not a valid resource owner. Specify SELF or OTHER-ACCOUNTS.")
        # Nobody else shares with the emulator's account: OTHER-ACCOUNTS is always empty.
        shares = self.ram_backend.resource_shares if owner == "SELF" else []
        wanted_arns = params.get("resourceShareArns")
        permission = params.get("permissionArn")
        permission_name = catalogue.lookup(permission) if permission else None
        found = [
            share.describe()
            for share in shares
            if (not wanted_arns or share.arn in wanted_arns)
            and params.get("name") in (None, share.name)
            and params.get("resourceShareStatus") in (None, share.status)
            and (permission_name is None or any(p["name"] == permission_name for p in _permissions(share).values()))
        ]
        return _json(_paginate(found, params, "resourceShares"))

    def associate_resource_share(self) -> tuple:
        params = self.request_params
        share = self._share(params.get("resourceShareArn"))

        def apply() -> dict:
            resource_arns = [a for a in params.get("resourceArns") or [] if a not in share.resource_arns]
            for arn in resource_arns:
                catalogue.resource_type_of_arn(arn)
            principals = [p for p in params.get("principals") or [] if p not in share.principals]
            share.add_principals(principals)
            share.resource_arns.extend(resource_arns)
            _attach_defaults(share, resource_arns)
            return {"resourceShareAssociations": _associations(share, resource_arns, principals, "ASSOCIATING")}

        return self._idempotent("AssociateResourceShare", apply)

    def disassociate_resource_share(self) -> tuple:
        params = self.request_params
        share = self._share(params.get("resourceShareArn"))

        def apply() -> dict:
            # Entities that are not associated are ignored; the share's permissions stay associated.
            resource_arns = [a for a in params.get("resourceArns") or [] if a in share.resource_arns]
            principals = [p for p in params.get("principals") or [] if p in share.principals]
            share.resource_arns[:] = [a for a in share.resource_arns if a not in resource_arns]
            share.principals[:] = [p for p in share.principals if p not in principals]
            return {"resourceShareAssociations": _associations(share, resource_arns, principals, "DISASSOCIATING")}

        return self._idempotent("DisassociateResourceShare", apply)

    def associate_resource_share_permission(self) -> tuple:
        params = self.request_params
        share = self._share(params.get("resourceShareArn"))
        name = catalogue.lookup(params.get("permissionArn"))
        rtype = catalogue.resource_type(name)
        current = catalogue.default_version(name)
        version = params.get("permissionVersion")
        if version is not None and str(version) != current:
            raise InvalidParameterException(
                f"Only the default version ({current}) of permission {name} can be associated, not version {version}."
            )

        def apply() -> dict:
            perms = _permissions(share)
            existing = perms.get(rtype)
            if existing and not params.get("replace"):
                # Documented: fails with replace=false when the type has a permission. The error
                # code is not documented; InvalidParameterException (see README).
                raise InvalidParameterException(
                    f"The resource share already has permission {existing['name']} (version {existing['version']}) "
                    f"for resource type {rtype}. Set replace to true to replace it."
                )
            perms[rtype] = {"name": name, "version": current}
            return {"returnValue": True}

        return self._idempotent("AssociateResourceSharePermission", apply)

    def disassociate_resource_share_permission(self) -> tuple:
        params = self.request_params
        share = self._share(params.get("resourceShareArn"))
        name = catalogue.lookup(params.get("permissionArn"))
        rtype = catalogue.resource_type(name)

        def apply() -> dict:
            perms = _permissions(share)
            if perms.get(rtype, {}).get("name") != name:
                raise UnknownResourceException(f"Permission {name} is not associated with resource share {share.arn}.")
            in_use = [a for a in share.resource_arns if catalogue.resource_type_of_arn(a) == rtype]
            if in_use:
                raise OperationNotPermittedError(
                    f"Permission {name} cannot be removed while the resource share holds resources of type {rtype} "
                    f"({len(in_use)}); remove them first."
                )
            del perms[rtype]
            return {"returnValue": True}

        return self._idempotent("DisassociateResourceSharePermission", apply)

    def list_resource_share_permissions(self) -> tuple:
        params = self.request_params
        share = self._share(params.get("resourceShareArn"))
        items = []
        for _rtype, perm in sorted(_permissions(share).items()):
            item = catalogue.describe(perm["name"], perm["version"], share.partition)
            item["status"] = "ASSOCIATED"
            items.append(item)
        return _json(_paginate(items, params, "permissions"))

    def get_permission(self) -> tuple:
        params = self.request_params
        arn = params.get("permissionArn")
        name = catalogue.lookup(arn)
        version = params.get("permissionVersion")
        if catalogue.version_info(name, version) is None:
            raise UnknownResourceException(f"Version {version} of permission {arn} could not be found.")
        partition = arn.split(":")[1]
        info = catalogue.version_info(name, version)
        return _json({"permission": catalogue.describe(name, info["version"], partition, detail=True)})


def _associations(share: ResourceShare, resource_arns: list, principals: list, status: str) -> list:
    now = _now()
    entities = [(a, "RESOURCE") for a in resource_arns] + [(p, "PRINCIPAL") for p in principals]
    return [
        {
            "resourceShareArn": share.arn,
            "resourceShareName": share.name,
            "associatedEntity": entity,
            "associationType": kind,
            "status": status,
            "creationTime": now,
            "lastUpdatedTime": now,
            "external": False,
        }
        for entity, kind in entities
    ]


PATHS = (
    "associateresourceshare",
    "disassociateresourceshare",
    "associateresourcesharepermission",
    "disassociateresourcesharepermission",
    "listresourcesharepermissions",
    "getpermission",
)


def install() -> None:
    """Add the operations to moto's RAM response class and their paths to moto's RAM URLs."""
    for attr, value in vars(_Ops).items():
        if callable(value) and not attr.startswith("__"):
            setattr(ResourceAccessManagerResponse, attr, value)
    for path in PATHS:
        ram_urls.url_paths[f"{{0}}/{path}$"] = ResourceAccessManagerResponse.dispatch


def create_share(backend, account_id: str, region: str, name: str, resource_arns: list) -> ResourceShare:
    """Create a share the way CreateResourceShare does (used by the control API's seed)."""
    for arn in resource_arns:
        catalogue.resource_type_of_arn(arn)
    share = ResourceShare(account_id, region, name=name)
    share.resource_arns.extend(resource_arns)
    _attach_defaults(share, resource_arns)
    backend.resource_shares.append(share)
    return share
