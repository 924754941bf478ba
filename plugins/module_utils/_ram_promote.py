# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Adopting a resource share created from a resource policy (``featureSet: CREATED_FROM_POLICY``): the pure plan of
its promotion, and the wait until it is ``STANDARD``.

RAM does not let such a share change. ``PromotePermissionCreatedFromPolicy`` makes a customer managed permission of
each of its policy-created permissions; ``PromoteResourceShareCreatedFromPolicy`` then converts the share (which
takes those permissions), ``PROMOTING_TO_STANDARD`` and then ``STANDARD``. A run stopped between the two (the share's
promotion failed, or the run was cut) leaves the permission promoted: the next run reads it (by its name) and
promotes the share only, as AWS documents no answer to a second promotion of one permission.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import re

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import Write
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure, Plan
from ansible_collections.partner_onboarding.aws.plugins.module_utils._policy import same_template
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram import list_live_shares
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_permissions import (
    list_permissions,
    normalize_permission,
    read_template,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._waiters import wait_until

CREATED_FROM_POLICY = "CREATED_FROM_POLICY"
PROMOTING = "PROMOTING_TO_STANDARD"
STANDARD = "STANDARD"
# A customer managed permission's name: at most 36 letters, digits, hyphens and underscores (as the contract makes it).
PERMISSION_NAME_LIMIT = 36
_NOT_IN_NAME = re.compile(r"[^A-Za-z0-9_-]")


def promoted_permission_name(share_name, resource_type):
    """``<share name>-<resource type without ':'>``, other characters than letters, digits, ``-`` and ``_`` made
    ``-``, cut to 36 characters."""
    return _NOT_IN_NAME.sub("-", f"{share_name}-{resource_type.replace(':', '')}")[:PERMISSION_NAME_LIMIT]


def _customer_permission_arn(share_arn, name):
    """The ARN a customer managed permission called ``name`` gets in the share's partition, region and account."""
    _arn, partition, _ram, region, account = share_arn.split(":")[:5]
    return f"arn:{partition}:ram:{region}:{account}:permission/{name}"


def read_promoted(client, share_name, permissions):
    """The customer managed permissions that already have the promoted names of the share's policy-created
    ``permissions`` (an earlier run promoted them): ``{policy-created permission ARN: {"permission": normalized
    summary, "is_promotion": bool}}``. Reads only: one ListPermissions, and GetPermission of both permissions for a
    name found.

    ``is_promotion``: the permission found is the policy-created one's promotion (customer managed, ``STANDARD``, the
    same resource type and the same template), not another permission that happens to have the name.
    """
    policy_created = [p for p in permissions if p.get("feature_set") == CREATED_FROM_POLICY]
    if not policy_created:
        return {}
    by_name = {item.get("name"): item for item in list_permissions(client)}
    found = {}
    for permission in policy_created:
        item = by_name.get(promoted_permission_name(share_name, permission["resource_type"]))
        if item is None:
            continue
        existing = normalize_permission(item)
        same_type = str(existing.get("resource_type")).lower() == str(permission["resource_type"]).lower()
        # The templates are read (two GetPermission) only for a promoted permission of the same resource type.
        is_promotion = False
        if existing.get("feature_set") == STANDARD and same_type:
            is_promotion = same_template(
                read_template(client, existing["arn"]), read_template(client, permission["arn"], permission["version"])
            )
        found[permission["arn"]] = {"permission": existing, "is_promotion": is_promotion}
    return found


def plan_promotion(current, permissions, token, promoted=None):
    """The promotion's writes, and the share and its permissions as they will be after it. No AWS call.

    ``current``: the share (``feature_set`` ``CREATED_FROM_POLICY``); ``permissions``: its permissions
    (ListResourceSharePermissions); ``promoted``: ``read_promoted``'s answer (a permission already promoted is not
    promoted again; a permission of the promoted name that is not the promotion fails before any write). Returns a
    Plan whose ``predicted`` is ``(share, permissions)``.
    """
    share_arn = current["arn"]
    promoted = promoted or {}
    writes, after = [], []
    for permission in permissions:
        if permission.get("feature_set") != CREATED_FROM_POLICY:
            after.append(permission)
            continue
        name = promoted_permission_name(current["name"], permission["resource_type"])
        found = promoted.get(permission["arn"])
        if found and not found["is_promotion"]:
            raise Failure(
                f"promote: the permission {permission['arn']} of resource share {share_arn} would be promoted as "
                f"{name!r}, but customer managed permission {found['permission']['arn']} already has that name and is "
                "not its promotion (another resource type or policy template), so PromoteResourceShareCreatedFromPolicy "
                "would find no matching permission: delete that permission (ram_permission, state: absent), then run "
                "the task again"
            )
        if found:
            existing = found["permission"]
            arn, version = existing["arn"], existing.get("version", 1)
        else:
            request = {
                "permissionArn": permission["arn"],
                "name": name,
                "clientToken": token("PromotePermissionCreatedFromPolicy"),
            }
            writes.append(Write("PromotePermissionCreatedFromPolicy", request, f"permission {permission['arn']}"))
            arn, version = _customer_permission_arn(share_arn, name), 1
        after.append(
            dict(
                permission,
                arn=arn,
                name=name,
                version=version,
                default_version=True,
                is_resource_type_default=False,
                permission_type="CUSTOMER_MANAGED",
                feature_set=STANDARD,
            )
        )
    writes.append(
        Write("PromoteResourceShareCreatedFromPolicy", {"resourceShareArn": share_arn}, f"resource share {share_arn}")
    )
    return Plan(writes, (dict(current, feature_set=STANDARD), after))


def promote_needed(current, writes):
    """Failure naming ``promote`` when ``writes`` would change a share created from a resource policy."""
    if current and current.get("feature_set") == CREATED_FROM_POLICY and writes:
        operations = ", ".join(dict.fromkeys(write.operation for write in writes))
        raise Failure(
            f"resource share {current['arn']} was created from a resource policy (feature_set CREATED_FROM_POLICY), "
            f"and AWS RAM does not let such a share change ({operations} would): set promote: true to promote it "
            "(PromotePermissionCreatedFromPolicy, then PromoteResourceShareCreatedFromPolicy) and manage it as usual, "
            "or change the resource policy that created it"
        )


def wait_for_standard(client, share_arn, timeout):
    """Wait until the share's feature set is STANDARD (it is PROMOTING_TO_STANDARD for a while); returns the share."""

    def settled(shares):
        return bool(shares) and all(share["feature_set"] == STANDARD for share in shares)

    def timed_out(shares):
        sets = [share["feature_set"] for share in shares]
        return Failure(
            f"resource share {share_arn} did not become STANDARD within {timeout} s (wait_timeout) after its promotion "
            f"(feature set: {sets}); run the task again, or raise wait_timeout"
        )

    return wait_until(lambda: list_live_shares(client, arn=share_arn), settled, timeout, timed_out)[0]
