# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS RAM permission reads: every read of a permission written once with its pagination (ListPermissions,
GetPermission, ListPermissionVersions, ListPermissionAssociations, ListResourceSharePermissions,
ListReplacePermissionAssociationsWork), the normalized shapes of a permission, and a permission's ARN from its name.

Every module, and partner_access_info, reads permissions through these. Private to the collection: its names may
change without notice.
"""

from __future__ import annotations

import json

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import call, normalize, paginate
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_associations import LIVE
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import (
    check_same_partition,
    partition_of,
)

# botocore's RAM model defines no paginator for RAM's permission list operations (ListResourceSharePermissions,
# ListPermissions, ListPermissionVersions, ListPermissionAssociations, ListReplacePermissionAssociationsWork): this
# is the one it would have, for each of them.
RAM_LIST_PAGINATION = {"input_token": "nextToken", "output_token": "nextToken", "limit_key": "maxResults"}

# Every AWS-managed permission's name starts with this (AWSRAMDefaultPermission..., AWSRAMPermission...): such a name
# becomes its ARN with no call; any other name is a customer managed permission's, looked up with ListPermissions.
AWS_MANAGED_PREFIX = "AWSRAM"


def managed_permission_arn(name, partition):
    """The ARN of the AWS-managed permission ``name`` in ``partition``."""
    return f"arn:{partition}:ram::aws:permission/{name}"


def is_aws_managed_name(name):
    return name.startswith(AWS_MANAGED_PREFIX)


# --- the normalized shapes ----------------------------------------------------------------------------------------


def as_version(value):
    """A permission version as an int (RAM answers it as a string)."""
    return int(value) if str(value).isdigit() else value


def normalize_permission(item):
    """A RAM permission (a summary, or GetPermission's answer) as the modules return it: snake_case, version as int,
    times in ISO 8601.

    The policy template of GetPermission's answer is left out: the modules return the summary.
    """
    result = normalize({key: value for key, value in item.items() if key != "permission"})
    if "version" in result:
        result["version"] = as_version(result["version"])
    return result


def normalize_summary(item):
    """A customer managed permission (a ListPermissions summary or GetPermission's answer) as ram_permission(_info)
    return ``permission``: its ``version`` is the permission's ``default_version``; GetPermission's template, when
    there, is ``policy_template``."""
    found = normalize_permission(item)
    result = {
        "arn": found.get("arn"),
        "name": found.get("name"),
        "resource_type": found.get("resource_type"),
        "default_version": found.get("version"),
        "status": found.get("status"),
        "permission_type": found.get("permission_type"),
        "feature_set": found.get("feature_set"),
        "creation_time": found.get("creation_time"),
        "last_updated_time": found.get("last_updated_time"),
        "tags": found.get("tags") or {},
    }
    if "permission" in item:
        result["policy_template"] = json.loads(item["permission"])
    return result


def normalize_work(work):
    """A ReplacePermissionAssociationsWork, snake_case, its versions as int."""
    result = normalize(work)
    for key in ("from_permission_version", "to_permission_version"):
        if key in result:
            result[key] = as_version(result[key])
    return result


# --- reads ----------------------------------------------------------------------------------------------------------


def list_permissions(client, permission_type="CUSTOMER_MANAGED", resource_type=None):
    """ListPermissions, all pages (raw summaries)."""
    params = {"permissionType": permission_type}
    if resource_type:
        params["resourceType"] = resource_type
    return list(paginate(client, "ListPermissions", "permissions", pagination=RAM_LIST_PAGINATION, **params))


def find_customer_permission(client, name, resource_type=None):
    """The caller's customer managed permission ``name`` (a raw summary), or None.

    With ``resource_type``, ListPermissions is filtered by it, and a miss is read again unfiltered, to tell a
    permission of another type (a failure) from no permission.
    """
    found = [p for p in list_permissions(client, resource_type=resource_type) if p.get("name") == name]
    if not found and resource_type:
        found = [p for p in list_permissions(client) if p.get("name") == name]
    return found[0] if found else None


def get_permission(client, arn, version=None):
    """GetPermission: the permission (raw, with its template) at ``version``, else at its default version."""
    params = {"permissionArn": arn}
    if version is not None:
        params["permissionVersion"] = int(version)
    return call(client, "GetPermission", **params)["permission"]


def read_permission(client, permission_arn, permission_version=None):
    """The permission (at ``permission_version``, else its default version), normalized."""
    return normalize_permission(get_permission(client, permission_arn, permission_version))


def read_template(client, arn, version=None):
    """The template (a dict) of ``version``, else of the default version."""
    return json.loads(get_permission(client, arn, version)["permission"])


def list_versions(client, arn):
    """ListPermissionVersions, all pages: raw summaries, oldest first."""
    items = paginate(client, "ListPermissionVersions", "permissions", pagination=RAM_LIST_PAGINATION, permissionArn=arn)
    return sorted(items, key=lambda item: int(item["version"]))


def list_permission_associations(client, arn, default_version=None):
    """ListPermissionAssociations, all pages, normalized ``{resource_share_arn, version, default_version, status}``;
    ``default_version`` False: only the shares using an older version. Only live associations (associated or being
    associated) use a version: a share leaving it, or whose association failed, does not hold it."""
    params = {"permissionArn": arn}
    if default_version is not None:
        params["defaultVersion"] = default_version
    items = paginate(client, "ListPermissionAssociations", "permissions", pagination=RAM_LIST_PAGINATION, **params)
    return [
        {
            "resource_share_arn": item.get("resourceShareArn"),
            "version": as_version(item.get("permissionVersion")),
            "default_version": item.get("defaultVersion"),
            "status": item.get("status"),
        }
        for item in items
        if item.get("status") in LIVE
    ]


def list_resource_share_permissions(client, resource_share_arn):
    """The permissions associated with the share, normalized; one ListResourceSharePermissions call per page."""
    items = paginate(
        client,
        "ListResourceSharePermissions",
        "permissions",
        pagination=RAM_LIST_PAGINATION,
        resourceShareArn=resource_share_arn,
    )
    return [normalize_permission(item) for item in items]


def list_replace_works(client, ids):
    """ListReplacePermissionAssociationsWork of the works ``ids``, all pages (raw)."""
    return list(
        paginate(
            client,
            "ListReplacePermissionAssociationsWork",
            "replacePermissionAssociationsWorks",
            pagination=RAM_LIST_PAGINATION,
            workIds=ids,
        )
    )


# --- a permission's ARN from its name -------------------------------------------------------------------------------


def customer_permission_arns(client, names):
    """``{name: ARN}`` of the caller's customer managed permissions ``names``: one ListPermissions (all pages).

    Failure naming the caller's customer managed permissions when a name matches none.
    """
    found = {item.get("name"): item.get("arn") for item in list_permissions(client)}
    missing = [name for name in names if name not in found]
    if missing:
        mine = sorted(name for name in found if name)
        raise Failure(
            f"permission {', '.join(repr(name) for name in missing)} is neither an AWS-managed permission name (those "
            f"start with {AWS_MANAGED_PREFIX}) nor one of your customer managed permissions in this region; yours "
            f"are: {', '.join(mine) if mine else 'none'}",
            candidates=mine,
        )
    return {name: found[name] for name in names}


def permission_arns_for(client, values, partition):
    """The ARNs of ``values``: ARNs as given, AWS-managed names in ``partition``, customer managed names looked up
    (one ListPermissions for all of them, none when there are none)."""
    customer = [v for v in values if not v.startswith("arn:") and not is_aws_managed_name(v)]
    looked_up = customer_permission_arns(client, list(dict.fromkeys(customer))) if customer else {}
    return [
        value if value.startswith("arn:") else looked_up.get(value) or managed_permission_arn(value, partition)
        for value in values
    ]


def permission_arn_for(params, resource_share_arn, client=None):
    """The permission ARN the options name: permission_arn as given, permission_name in the share's partition for an
    AWS-managed name, else looked up among the caller's customer managed permissions."""
    if params.get("permission_arn"):
        check_same_partition(resource_share_arn, params["permission_arn"])
        return params["permission_arn"]
    return permission_arns_for(client, [params["permission_name"]], partition_of(resource_share_arn))[0]
