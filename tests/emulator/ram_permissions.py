"""RAM resource-share permissions: Associate/DisassociateResourceSharePermission,
ListResourceSharePermissions and GetPermission, which moto 5.2.5 lacks, and the rule that
resources added to a share get their type's default permission.

Following moto's guidance the operations are methods of ``ResourceAccessManagerResponse`` and
their paths are added to ``moto.ram.urls.url_paths`` (``install()`` must run before the server app
is created). The rules modelled are those of the AWS API reference; see README.md for the choices
made where AWS documents nothing.
"""

from moto.ram.exceptions import InvalidParameterException, UnknownResourceException
from moto.ram.models import ResourceShare

from . import ram_catalogue as catalogue
from . import ram_common
from .ram_common import RamOps, json_response, operation_not_permitted, paginate


def permissions(share: ResourceShare) -> dict:
    """resource type -> {"name", "version"} associated with a share (kept on moto's share object)."""
    if not hasattr(share, "emulator_permissions"):
        share.emulator_permissions = {}
    return share.emulator_permissions


def attach_defaults(share: ResourceShare, resource_arns: list) -> None:
    """RAM attaches the default permission's default version for types that have no permission yet."""
    perms = permissions(share)
    for arn in resource_arns:
        rtype = catalogue.resource_type_of_arn(arn)
        name = catalogue.default_for(rtype)
        if rtype not in perms and name:
            perms[rtype] = {"name": name, "version": catalogue.default_version(name)}


def chosen_permissions(permission_arns: list) -> dict:
    """resource type -> {"name", "version"} of CreateResourceShare's permissionArns (one per type)."""
    chosen = {}
    for arn in permission_arns:
        name = catalogue.lookup(arn)
        rtype = catalogue.resource_type(name)
        if rtype in chosen:
            raise InvalidParameterException(f"Only one permission per resource type ({rtype}) is allowed.")
        chosen[rtype] = {"name": name, "version": catalogue.default_version(name)}
    return chosen


class _Ops(RamOps):
    """The permission operations (see ram_common.install)."""

    def associate_resource_share_permission(self) -> tuple:
        params = self.request_params
        share = self._modifiable_share(params.get("resourceShareArn"))
        name = catalogue.lookup(params.get("permissionArn"))
        rtype = catalogue.resource_type(name)
        current = catalogue.default_version(name)
        version = params.get("permissionVersion")
        if version is not None and str(version) != current:
            raise InvalidParameterException(
                f"Only the default version ({current}) of permission {name} can be associated, not version {version}."
            )

        def apply() -> dict:
            perms = permissions(share)
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
        share = self._modifiable_share(params.get("resourceShareArn"))
        name = catalogue.lookup(params.get("permissionArn"))
        rtype = catalogue.resource_type(name)

        def apply() -> dict:
            perms = permissions(share)
            if perms.get(rtype, {}).get("name") != name:
                raise UnknownResourceException(f"Permission {name} is not associated with resource share {share.arn}.")
            in_use = [a for a in share.resource_arns if catalogue.resource_type_of_arn(a) == rtype]
            if in_use:
                raise operation_not_permitted(
                    f"Permission {name} cannot be removed while the resource share holds resources of type {rtype} "
                    f"({len(in_use)}); remove them first."
                )
            del perms[rtype]
            return {"returnValue": True}

        return self._idempotent("DisassociateResourceSharePermission", apply)

    def list_resource_share_permissions(self) -> tuple:
        params = self.request_params
        share = self._share_visible(params.get("resourceShareArn"))
        items = []
        for _rtype, perm in sorted(permissions(share).items()):
            item = catalogue.describe(perm["name"], perm["version"], share.partition)
            item["status"] = "ASSOCIATED"
            items.append(item)
        return json_response(paginate(items, params, "permissions"))

    def get_permission(self) -> tuple:
        params = self.request_params
        arn = params.get("permissionArn")
        name = catalogue.lookup(arn)
        version = params.get("permissionVersion")
        if catalogue.version_info(name, version) is None:
            raise UnknownResourceException(f"Version {version} of permission {arn} could not be found.")
        partition = arn.split(":")[1]
        info = catalogue.version_info(name, version)
        return json_response({"permission": catalogue.describe(name, info["version"], partition, detail=True)})


PATHS = (
    "associateresourcesharepermission",
    "disassociateresourcesharepermission",
    "listresourcesharepermissions",
    "getpermission",
)


def install() -> None:
    ram_common.install(_Ops, PATHS)
