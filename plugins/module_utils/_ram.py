# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS RAM: ARNs and input rules, share lookups, and for each module the read, the pure plan and the apply.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import re

from ansible_collections.partner_onboarding.aws.plugins.module_utils._aws import (
    AWSError,
    Failure,
    Write,
    apply_writes,
    call,
    client_tokens,
    normalize,
    paginate,
)

# botocore's RAM model defines no paginator for ListResourceSharePermissions; this is the one it would have.
LIST_PERMISSIONS_PAGINATION = {"input_token": "nextToken", "output_token": "nextToken", "limit_key": "maxResults"}

# The partitions RAM runs in: commercial, China, GovCloud and the isolated ones.
PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc")

_PARTITION = "|".join(re.escape(partition) for partition in sorted(PARTITIONS, key=len, reverse=True))
_REGION = r"[a-z]{2}(?:-[a-z]+)+-\d+"
_ACCOUNT = r"\d{12}"
# Names of permissions: letters, digits, hyphens and underscores (as CreatePermission allows).
_NAME = r"[A-Za-z0-9_-]{1,255}"

RESOURCE_SHARE_ARN_RE = re.compile(
    rf"^arn:(?P<partition>{_PARTITION}):ram:{_REGION}:{_ACCOUNT}:resource-share/[A-Za-z0-9-]+$"
)
MANAGED_PERMISSION_ARN_RE = re.compile(rf"^arn:(?P<partition>{_PARTITION}):ram::aws:permission/(?P<name>{_NAME})$")
CUSTOMER_PERMISSION_ARN_RE = re.compile(
    rf"^arn:(?P<partition>{_PARTITION}):ram:{_REGION}:{_ACCOUNT}:permission/(?P<name>{_NAME})$"
)
PERMISSION_NAME_RE = re.compile(rf"^{_NAME}$")

RESOURCE_SHARE_ARN_RULE = "arn:<partition>:ram:<region>:<12-digit account>:resource-share/<id>"
PERMISSION_ARN_RULE = (
    "arn:<partition>:ram::aws:permission/<Name> (AWS managed) or "
    "arn:<partition>:ram:<region>:<12-digit account>:permission/<Name> (customer managed)"
)

# The options naming one existing share, and their rules, as the modules working on one share take them.
SHARE_REFERENCE_SPEC = dict(resource_share_arn=dict(type="str"), resource_share_name=dict(type="str"))
SHARE_REFERENCE_RULES = dict(
    required_one_of=[["resource_share_arn", "resource_share_name"]],
    mutually_exclusive=[["resource_share_arn", "resource_share_name"]],
)

# Shares on their way out cannot take a permission any more, so a name never resolves to one of them.
GONE_SHARE_STATUSES = ("DELETING", "DELETED")

_RETRY_LATER = "AWS RAM could not answer; run the task again later (botocore already retried the call)"
_SHARED_HINTS = {
    "MalformedArnException": "check resource_share_arn and permission_arn (or permission_name): one is not a valid ARN",
    "UnknownResourceException": (
        "the resource share or the permission (or that permission version) does not exist in this account and "
        "region: check the names, the ARNs, permission_version and the region"
    ),
    "InvalidParameterException": (
        "AWS RAM rejected a parameter; permission_version can only be the permission's current default version, "
        "and a share holds one permission per resource type (use replace: true to change it)"
    ),
    "InvalidClientTokenException": "client_token is not valid: leave it unset or give a string of at most 64 characters",
    "IdempotentParameterMismatchException": (
        "client_token was already used for a different request: leave client_token unset (a fresh token is made "
        "per task) or give a new one"
    ),
    "OperationNotPermittedException": "AWS RAM does not allow this operation on this resource share",
    "ServerInternalException": _RETRY_LATER,
    "ServiceUnavailableException": _RETRY_LATER,
    "InvalidStateTransitionException": (
        "the resource share is changing state (for example being deleted); wait until it is ACTIVE and run the "
        "task again"
    ),
    "InvalidNextTokenException": "the listing changed while it was read; run the task again",
}


def hints(operation=None, resource_type=None):
    """What the user can do about each documented RAM error code, for ``AWSModule.fail_aws``."""
    result = dict(_SHARED_HINTS)
    if operation == "DisassociateResourceSharePermission":
        kind = f"{resource_type} resources" if resource_type else "resources of the permission's resource type"
        result["OperationNotPermittedException"] = (
            f"the resource share still holds {kind}, and a permission cannot be removed while it applies to "
            "resources of the share: remove those resources from the share first, or associate a different "
            "permission for that resource type with replace: true"
        )
    elif operation == "AssociateResourceSharePermission":
        result["OperationNotPermittedException"] = (
            "AWS RAM does not allow this permission on this share: check that the permission is ATTACHABLE and "
            "matches the share's feature set"
        )
    return result


class ValidationError(Failure):
    """Invalid module input: detected before any AWS call where the input alone shows it."""


class LookupFailed(Failure):
    """A resource share name that matches no share, or several."""

    def __init__(self, message, candidates):
        super().__init__(message, candidates=candidates)
        self.candidates = candidates


def partition_of(arn):
    """The partition of an ARN (``aws``, ``aws-cn``, ...), or None."""
    parts = (arn or "").split(":")
    return parts[1] if len(parts) > 2 and parts[0] == "arn" and parts[1] in PARTITIONS else None


def validate_resource_share_arn(arn, option="resource_share_arn"):
    if not RESOURCE_SHARE_ARN_RE.match(arn):
        raise ValidationError(f"{option} {arn!r} is not a RAM resource share ARN: expected {RESOURCE_SHARE_ARN_RULE}")
    return arn


def validate_permission_arn(arn, option="permission_arn"):
    if not (MANAGED_PERMISSION_ARN_RE.match(arn) or CUSTOMER_PERMISSION_ARN_RE.match(arn)):
        raise ValidationError(f"{option} {arn!r} is not a RAM permission ARN: expected {PERMISSION_ARN_RULE}")
    return arn


def validate_permission_name(name, option="permission_name"):
    if not PERMISSION_NAME_RE.match(name):
        raise ValidationError(
            f"{option} {name!r} is not a permission name: use 1 to 255 letters, digits, hyphens or "
            "underscores, for example AWSRAMPermissionGlueDatabaseReadWrite"
        )
    return name


def validate_share_reference(params):
    """resource_share_arn / resource_share_name, as every module naming an existing share takes them."""
    if params.get("resource_share_arn") is not None:
        validate_resource_share_arn(params["resource_share_arn"])
    if params.get("resource_share_name") is not None and not params["resource_share_name"].strip():
        raise ValidationError("resource_share_name must not be empty")


def _validate_permission_options(params):
    if params.get("permission_arn") is not None:
        validate_permission_arn(params["permission_arn"])
    if params.get("permission_name") is not None:
        validate_permission_name(params["permission_name"])
    version = params.get("permission_version")
    if version is not None and version < 1:
        raise ValidationError(f"permission_version must be 1 or more, got {version}")
    if params.get("resource_share_arn") and params.get("permission_arn"):
        check_same_partition(params["resource_share_arn"], params["permission_arn"])


def collect(params, *checks):
    """The messages of every check that ``params`` fails (each check raises ValidationError), for ``validate``."""
    errors = []
    for check in checks:
        try:
            check(params)
        except ValidationError as exc:
            errors.append(str(exc))
    return errors


def invalid_share_reference(params):
    return collect(params, validate_share_reference)


def invalid_permission_params(params):
    """Every broken rule of ram_resource_share_permission's options, for AWSModule's ``validate``."""
    return collect(params, validate_share_reference, _validate_permission_options)


def check_same_partition(resource_share_arn, permission_arn):
    share_partition, permission_partition = partition_of(resource_share_arn), partition_of(permission_arn)
    if share_partition != permission_partition:
        raise ValidationError(
            f"permission_arn is in partition {permission_partition} but the resource share is in partition "
            f"{share_partition}: a permission must be in the share's partition"
        )


def managed_permission_arn(name, partition):
    """The ARN of the AWS-managed permission ``name`` in ``partition``."""
    return f"arn:{partition}:ram::aws:permission/{name}"


def permission_arn_for(params, resource_share_arn):
    """The permission ARN the options name: permission_arn as given, or permission_name in the share's partition."""
    if params.get("permission_arn"):
        check_same_partition(resource_share_arn, params["permission_arn"])
        return params["permission_arn"]
    return managed_permission_arn(params["permission_name"], partition_of(resource_share_arn))


def find_resource_share_arn(client, name):
    """The ARN of the caller's only live share called ``name``; LookupFailed when none or several."""
    matches = [
        share
        for share in paginate(client, "GetResourceShares", "resourceShares", resourceOwner="SELF", name=name)
        if share.get("name") == name and share.get("status") not in GONE_SHARE_STATUSES
    ]
    if len(matches) == 1:
        return matches[0]["resourceShareArn"]
    if matches:
        candidates = sorted(share["resourceShareArn"] for share in matches)
        raise LookupFailed(
            f"resource_share_name {name!r} matches {len(matches)} resource shares: {', '.join(candidates)}; "
            "give resource_share_arn instead",
            candidates,
        )
    candidates = sorted(
        {
            share["name"]
            for share in paginate(client, "GetResourceShares", "resourceShares", resourceOwner="SELF")
            if share.get("status") not in GONE_SHARE_STATUSES
        }
    )
    listed = ", ".join(candidates) if candidates else "none"
    raise LookupFailed(
        f"resource_share_name {name!r} matches none of your resource shares in this region; "
        f"your resource shares are: {listed}",
        candidates,
    )


def resolve_resource_share_arn(client, params):
    """resource_share_arn as given, or the ARN of the share named resource_share_name."""
    if params.get("resource_share_arn"):
        return params["resource_share_arn"]
    return find_resource_share_arn(client, params["resource_share_name"])


def normalize_permission(item):
    """A RAM permission summary as the modules return it: snake_case, version as int, times in ISO 8601.

    The policy template of GetPermission's answer is left out: the modules return the summary.
    """
    result = normalize({key: value for key, value in item.items() if key != "permission"})
    if "version" in result and str(result["version"]).isdigit():
        result["version"] = int(result["version"])
    return result


def list_resource_share_permissions(client, resource_share_arn):
    """The permissions associated with the share, normalized; one ListResourceSharePermissions call per page."""
    items = paginate(
        client,
        "ListResourceSharePermissions",
        "permissions",
        pagination=LIST_PERMISSIONS_PAGINATION,
        resourceShareArn=resource_share_arn,
    )
    return [normalize_permission(item) for item in items]


def get_permission(client, permission_arn, permission_version=None):
    """The permission (at ``permission_version``, else its default version), normalized."""
    params = {"permissionArn": permission_arn}
    if permission_version is not None:
        params["permissionVersion"] = permission_version
    return normalize_permission(call(client, "GetPermission", **params)["permission"])


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


def plan_permission(  # pylint: disable=too-many-arguments
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

    Returns a dict: ``writes`` (the exact calls, in order), ``replaced`` (the permission that gets replaced, or
    None), ``resource_type`` and ``after`` (the predicted permissions). Raises Conflict when another permission
    holds the resource type and ``replace`` is false.
    """
    token = token or client_tokens()
    current = find_associated(permissions, permission_arn)
    result = {"writes": [], "replaced": None, "resource_type": None, "after": list(permissions)}

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
            result.update(
                writes=[write],
                resource_type=current["resource_type"],
                after=[p for p in permissions if p is not current],
            )
        return result

    if current is not None:
        result["resource_type"] = current["resource_type"]
        if permission_version is None or current["version"] == permission_version:
            return result
        # Same permission at another version: AWS only moves a share to another version with replace=true.
        updated = dict(current, version=permission_version, default_version=True)
        result.update(
            writes=[
                _association(
                    share_arn, permission_arn, token("AssociateResourceSharePermission"), True, permission_version
                )
            ],
            after=[updated if p is current else p for p in permissions],
        )
        return result

    if permission is None:
        raise ValueError("plan needs the wanted permission's details (GetPermission) when it is not associated")
    resource_type = permission["resource_type"]
    existing = next((p for p in permissions if _same_type(p["resource_type"], resource_type)), None)
    if existing is not None and not replace:
        raise Conflict(existing, permission_arn)
    added = dict(permission, arn=permission_arn, status="ASSOCIATED")
    if permission_version is not None:
        added["version"] = permission_version
    result.update(
        writes=[
            _association(
                share_arn,
                permission_arn,
                token("AssociateResourceSharePermission"),
                existing is not None,
                permission_version,
            )
        ],
        replaced=existing,
        resource_type=resource_type,
        after=[p for p in permissions if p is not existing] + [added],
    )
    return result


def permission_converged(client, share_arn, permission_arn, state, permission_version, details):
    """After a failed write, whether the share's permissions (read again) are already as wanted."""
    current = list_resource_share_permissions(client, share_arn)
    return not plan_permission(current, share_arn, permission_arn, state, permission_version, True, details)["writes"]


def ensure_permission(module):
    """ram_resource_share_permission: read, plan, apply unless in check mode, read again; the module's result."""
    params = module.params
    client = module.client("ram")
    share_arn = resolve_resource_share_arn(client, params)
    reported = {"resource_share_arn": share_arn}
    try:
        permission_arn = permission_arn_for(params, share_arn)
        before = reported["permissions"] = list_resource_share_permissions(client, share_arn)
        details = None
        if needs_permission_details(before, permission_arn, params["state"]):
            details = get_permission(client, permission_arn, params["permission_version"])
        planned = plan_permission(
            before,
            share_arn,
            permission_arn,
            params["state"],
            params["permission_version"],
            params["replace"],
            details,
            client_tokens(params["client_token"]),
        )
        after = planned["after"]
        changed = bool(planned["writes"])
        if planned["writes"] and not module.check_mode:
            try:
                answers = apply_writes(
                    client,
                    planned["writes"],
                    already_done=lambda write: permission_converged(
                        client, share_arn, permission_arn, params["state"], params["permission_version"], details
                    ),
                )
            finally:
                reported["resource_type"] = planned["resource_type"]
            # A write refused because another run (another fork onboarding onto the same share) made the very same
            # change since the read is no change of this task's.
            changed = any(answer is not None for answer in answers)
            after = list_resource_share_permissions(client, share_arn)
    except AWSError as error:
        error.hints = hints(error.operation, reported.pop("resource_type", None))
        error.result = reported
        raise
    except Failure as exc:
        exc.result = dict(reported, **exc.result)
        raise
    return dict(
        changed=changed,
        resource_share_arn=share_arn,
        permissions=after,
        diff={"before": permission_map(before), "after": permission_map(after)},
    )


def list_permissions(module):
    """ram_resource_share_permission_info: the share's permissions."""
    client = module.client("ram")
    share_arn = resolve_resource_share_arn(client, module.params)
    try:
        permissions = list_resource_share_permissions(client, share_arn)
    except AWSError as error:
        error.result = {"resource_share_arn": share_arn}
        raise
    return dict(changed=False, resource_share_arn=share_arn, permissions=permissions)
