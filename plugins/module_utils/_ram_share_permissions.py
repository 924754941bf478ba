# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS RAM permissions of a resource share: the pure plan of one association (a share's permission for a resource
type), and ram_resource_share_permission(_info)'s resources.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import Write, client_tokens
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure, Plan, Resource
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram import ram_hints, read_share_arn
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_permissions import (
    list_resource_share_permissions,
    permission_arn_for,
    read_permission,
)


def permission_map(permissions):
    """The share's ``{resource_type: {arn, version}}`` mapping, as the diff shows it."""
    return {p["resource_type"]: {"arn": p["arn"], "version": p["version"]} for p in permissions}


def _same_type(left, right):
    return (left or "").lower() == (right or "").lower()


def find_associated(permissions, permission_arn):
    return next((p for p in permissions if p["arn"] == permission_arn), None)


def needs_permission_details(permissions, permission_arn, state):
    """Whether the plan needs GetPermission: only to learn the resource type of a permission not yet associated."""
    return state == "present" and find_associated(permissions, permission_arn) is None


class Conflict(Failure):
    """Another permission holds the wanted permission's resource type and replace is false."""

    def __init__(self, existing, wanted_arn):
        super().__init__(
            f"resource share already has permission {existing['arn']} (version {existing['version']}) for resource "
            f"type {existing['resource_type']}; a share holds one permission per resource type, so set replace: "
            f"true to replace it with {wanted_arn}. Nothing was changed"
        )
        self.existing = existing


def _association(share_arn, permission_arn, token, replace, version=None):
    params = {"resourceShareArn": share_arn, "permissionArn": permission_arn, "replace": replace, "clientToken": token}
    if version is not None:
        params["permissionVersion"] = version
    return Write("AssociateResourceSharePermission", params, f"permission {permission_arn}")


def plan_share_permission(  # pylint: disable=too-many-arguments
    permissions,
    share_arn,
    permission_arn,
    state="present",
    permission_version=None,
    replace=False,
    permission=None,
    token=None,
):
    """Compare the share's permissions with the wanted state; no AWS call.

    ``permissions``: the share's associated permissions (normalized). ``permission``: the wanted permission as
    GetPermission describes it, needed only when ``needs_permission_details`` says so. ``token``: a function
    giving each write its client token (``client_tokens``).

    Returns the Plan: the exact calls, in order, and the predicted permissions. Raises Conflict when another
    permission holds the resource type and ``replace`` is false.
    """
    token = token or client_tokens()
    current = find_associated(permissions, permission_arn)

    if state == "absent":
        if current is not None:
            write = Write(
                "DisassociateResourceSharePermission",
                {
                    "resourceShareArn": share_arn,
                    "permissionArn": permission_arn,
                    "clientToken": token("DisassociateResourceSharePermission"),
                },
                f"permission {permission_arn}",
            )
            return Plan([write], [p for p in permissions if p is not current])
        return Plan([], list(permissions))

    if current is not None:
        if permission_version is None or current["version"] == permission_version:
            return Plan([], list(permissions))
        # Same permission at another version: AWS only moves a share to another version with replace=true.
        updated = dict(current, version=permission_version, default_version=True)
        write = _association(
            share_arn, permission_arn, token("AssociateResourceSharePermission"), True, permission_version
        )
        return Plan([write], [updated if p is current else p for p in permissions])

    if permission is None:
        raise ValueError("plan needs the wanted permission's details (GetPermission) when it is not associated")
    resource_type = permission["resource_type"]
    existing = next((p for p in permissions if _same_type(p["resource_type"], resource_type)), None)
    if existing is not None and not replace:
        raise Conflict(existing, permission_arn)
    added = dict(permission, arn=permission_arn, status="ASSOCIATED")
    if permission_version is not None:
        added["version"] = permission_version
    write = _association(
        share_arn, permission_arn, token("AssociateResourceSharePermission"), existing is not None, permission_version
    )
    return Plan([write], [p for p in permissions if p is not existing] + [added])


def resource_type_of(permissions, permission_arn, details):
    """The resource type the wanted permission is for: from the share when associated, else from GetPermission."""
    current = find_associated(permissions, permission_arn)
    return (current or details or {}).get("resource_type")


class PermissionAssociation(Resource):
    """ram_resource_share_permission: one permission associated (or not) with one share."""

    def __init__(self, module):
        super().__init__(module)
        params = module.params
        self.state, self.version, self.replace = params["state"], params["permission_version"], params["replace"]
        self.token = client_tokens(params["client_token"])
        self.share_arn = self.permission_arn = self.details = self.permissions = None

    def read(self):
        params = self.module.params
        self.client = self.module.client("ram")
        self.share_arn = read_share_arn(self.client, params)
        self.permission_arn = permission_arn_for(params, self.share_arn, self.client)
        self.permissions = list_resource_share_permissions(self.client, self.share_arn)
        if needs_permission_details(self.permissions, self.permission_arn, self.state):
            self.details = read_permission(self.client, self.permission_arn, self.version)
        return self.permissions

    def plan(self, current):
        return plan_share_permission(
            current,
            self.share_arn,
            self.permission_arn,
            self.state,
            self.version,
            self.replace,
            self.details,
            self.token,
        )

    def already_done(self, write):
        # Another run (another fork onboarding onto the same share) may have made the very same change since the read.
        current = list_resource_share_permissions(self.client, self.share_arn)
        if needs_permission_details(current, self.permission_arn, self.state) and self.details is None:
            return False  # the permission is not on the share: the write was not made
        planned = plan_share_permission(
            current, self.share_arn, self.permission_arn, self.state, self.version, True, self.details
        )
        return not planned.writes

    def settle(self, current, writes, answers):
        return list_resource_share_permissions(self.client, self.share_arn)

    def hints_for(self, error, write):
        resource_type = resource_type_of(self.permissions or [], self.permission_arn, self.details) if write else None
        return ram_hints(error.operation, resource_type)

    def report(self, before, after, failed=False):
        result = {"resource_share_arn": self.share_arn} if self.share_arn else {}
        if failed:
            # The share's permissions as read, also when a later read (GetPermission) failed.
            permissions = before if before is not None else self.permissions
            return dict(result, permissions=permissions) if permissions is not None else result
        return dict(result, permissions=after, diff={"before": permission_map(before), "after": permission_map(after)})


class SharePermissionsInfo(Resource):
    """ram_resource_share_permission_info: the share's permissions."""

    hints = ram_hints()
    share_arn = None

    def read(self):
        client = self.module.client("ram")
        self.share_arn = read_share_arn(client, self.module.params)
        return list_resource_share_permissions(client, self.share_arn)

    def report(self, before, after, failed=False):
        result = {"resource_share_arn": self.share_arn} if self.share_arn else {}
        return result if failed else dict(result, permissions=after)
