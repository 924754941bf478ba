# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS RAM customer managed permissions, the permission itself (its versions, default version, tags and the shares
moved to its default): reads, the pure plan, and ram_permission(_info)'s resources.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import json
import re

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import (
    Write,
    call,
    client_tokens,
    normalize,
    paginate,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure, Plan, Resource, converge
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram import permission_hints
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_associations import LIVE
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_permissions import (
    LIST_PERMISSIONS_PAGINATION,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import (
    ValidationError,
    validate_permission_arn,
    validate_permission_name,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._tagging import (
    plan_tags,
    tag_errors,
    tag_list,
    tag_values,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._waiters import wait_until

MAX_VERSIONS = 5
# CreatePermission's name, as botocore's RAM model has it.
NAME_RE = re.compile(r"^[A-Za-z0-9_.-]{1,36}$")
NAME_RULE = "1 to 36 letters, digits, periods, hyphens or underscores"
RESOURCE_TYPE_RE = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9]+$")
# The elements a RAM policy template may have: RAM sets the principal and the resource from the share.
TEMPLATE_KEYS = ("Effect", "Action", "NotAction", "Condition")
FORBIDDEN_KEYS = ("Principal", "NotPrincipal", "Resource", "NotResource")
# Elements whose value may be a string or a list, a set of strings either way.
_SET_VALUED = ("Action", "NotAction")

_HINTS = {
    "PermissionAlreadyExistsException": (
        "a customer managed permission of that name already exists in this account and region (perhaps for another "
        "resource type): choose another name"
    ),
    "MalformedPolicyTemplateException": (
        "RAM cannot read policy_template: give one statement's Effect (Allow), Action or NotAction, and optional "
        "Condition, with actions of the resource type's service"
    ),
    "InvalidPolicyException": "RAM refused policy_template: check its actions against resource_type",
    "PermissionVersionsLimitExceededException": (
        "the permission already has five versions: move the shares off an older version (upgrade_shares: true) "
        "so that the task can delete it"
    ),
    "PermissionLimitExceededException": "the account reached RAM's quota of customer managed permissions",
    "OperationNotPermittedException": (
        "AWS RAM does not allow this: a permission (or a version) that a share uses, or the default version, cannot "
        "be deleted; an AWS-managed permission cannot be changed"
    ),
    "TagLimitExceededException": "a permission takes at most 50 tags: check tags",
    "TagPolicyViolationException": "the tags break a tag policy of your organization: check tags",
}


def hints():
    return dict(permission_hints(), **_HINTS)


# --- the policy template ----------------------------------------------------------------------------------------------


def parse_template(value):
    """The template as a dict, from a dict or a JSON string; ValueError saying why not."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ValueError(f"policy_template is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise ValueError("policy_template must be a dict (or a JSON object): one statement of a policy")
    return value


def template_errors(value):
    """The broken rules of a policy template (no AWS call)."""
    try:
        template = parse_template(value)
    except ValueError as exc:
        return [str(exc)]
    errors = []
    forbidden = [key for key in FORBIDDEN_KEYS if key in template]
    if forbidden:
        errors.append(
            f"policy_template must not contain {' or '.join(forbidden)}: RAM takes the principal and the resource "
            "from the share"
        )
    unknown = sorted(set(template) - set(TEMPLATE_KEYS) - set(FORBIDDEN_KEYS))
    if unknown:
        errors.append(f"policy_template has unknown elements {', '.join(unknown)}: use {', '.join(TEMPLATE_KEYS)}")
    if str(template.get("Effect", "")).lower() != "allow":
        errors.append("policy_template needs Effect: Allow (a RAM permission only grants)")
    if ("Action" in template) == ("NotAction" in template):
        errors.append("policy_template needs Action or NotAction (exactly one of them)")
    return errors


def _canonical(value, set_valued=False):
    if isinstance(value, dict):
        return {key: _canonical(item, key in _SET_VALUED) for key, item in value.items()}
    if set_valued or isinstance(value, list):
        items = value if isinstance(value, list) else [value]
        if all(isinstance(item, (str, int, float, bool)) for item in items):
            return sorted({str(item) for item in items})
        return [_canonical(item) for item in items]
    return value


def canonical_template(value):
    """The template as a value to compare: key order and whitespace gone, an Action string equal to a one-item list,
    and the order of actions (and of a condition's values) gone."""
    template = parse_template(value)
    result = _canonical(template)
    if isinstance(result.get("Condition"), dict):
        result["Condition"] = {
            operator: (
                {key: _canonical(item, True) for key, item in (keys or {}).items()} if isinstance(keys, dict) else keys
            )
            for operator, keys in result["Condition"].items()
        }
    return result


def same_template(left, right):
    return canonical_template(left) == canonical_template(right)


def template_text(value):
    """The template as RAM takes it: a compact JSON string."""
    return json.dumps(parse_template(value), separators=(",", ":"), sort_keys=True)


# --- reads ------------------------------------------------------------------------------------------------------------


def _version(value):
    return int(value) if str(value).isdigit() else value


def normalize_summary(item):
    """A ListPermissions summary (or GetPermission's answer) as ``permission`` is returned."""
    found = normalize({key: value for key, value in item.items() if key != "permission"})
    result = {
        "arn": found.get("arn"),
        "name": found.get("name"),
        "resource_type": found.get("resource_type"),
        "default_version": _version(found.get("version")),
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


def list_permissions(client, permission_type="CUSTOMER_MANAGED", resource_type=None):
    """ListPermissions, all pages (raw summaries)."""
    params = {"permissionType": permission_type}
    if resource_type:
        params["resourceType"] = resource_type
    return list(paginate(client, "ListPermissions", "permissions", pagination=LIST_PERMISSIONS_PAGINATION, **params))


def find_customer_permission(client, name, resource_type=None):
    """The caller's customer managed permission ``name`` (a raw summary), or None.

    With ``resource_type``, ListPermissions is filtered by it, and a miss is read again unfiltered, to tell a
    permission of another type (a failure) from no permission.
    """
    found = [p for p in list_permissions(client, resource_type=resource_type) if p.get("name") == name]
    if not found and resource_type:
        found = [p for p in list_permissions(client) if p.get("name") == name]
    return found[0] if found else None


def read_template(client, arn, version=None):
    """GetPermission: the template (a dict) of ``version``, else of the default version."""
    params = {"permissionArn": arn}
    if version is not None:
        params["permissionVersion"] = int(version)
    return json.loads(call(client, "GetPermission", **params)["permission"]["permission"])


def list_versions(client, arn):
    """ListPermissionVersions, all pages: raw summaries, oldest first."""
    items = paginate(
        client, "ListPermissionVersions", "permissions", pagination=LIST_PERMISSIONS_PAGINATION, permissionArn=arn
    )
    return sorted(items, key=lambda item: int(item["version"]))


def list_associations(client, arn, default_version=None):
    """ListPermissionAssociations, all pages, normalized ``{resource_share_arn, version, default_version, status}``;
    ``default_version`` False: only the shares using an older version. Only live associations (associated or being
    associated) use a version: a share leaving it, or whose association failed, does not hold it."""
    params = {"permissionArn": arn}
    if default_version is not None:
        params["defaultVersion"] = default_version
    items = paginate(
        client, "ListPermissionAssociations", "permissions", pagination=LIST_PERMISSIONS_PAGINATION, **params
    )
    return [
        {
            "resource_share_arn": item.get("resourceShareArn"),
            "version": _version(item.get("permissionVersion")),
            "default_version": item.get("defaultVersion"),
            "status": item.get("status"),
        }
        for item in items
        if item.get("status") in LIVE
    ]


def list_replace_works(client, ids):
    """ListReplacePermissionAssociationsWork of the works ``ids``, all pages (raw)."""
    return list(
        paginate(
            client,
            "ListReplacePermissionAssociationsWork",
            "replacePermissionAssociationsWorks",
            pagination=LIST_PERMISSIONS_PAGINATION,
            workIds=ids,
        )
    )


# --- the plan ---------------------------------------------------------------------------------------------------------


class VersionLimit(Failure):
    """Five versions and none that may be deleted."""


def version_to_delete(versions, default_version, associations):
    """The oldest version that is neither the default nor used by a share; VersionLimit when none."""
    used = {}
    for item in associations:
        used.setdefault(int(item["version"]), []).append(item["resource_share_arn"])
    for version in sorted(versions):
        if version != default_version and version not in used:
            return version
    described = ", ".join(
        f"{v} (default)" if v == default_version else f"{v} (used by {', '.join(sorted(used.get(v, [])))})"
        for v in sorted(versions)
    )
    raise VersionLimit(
        f"the permission has {len(versions)} versions, RAM's limit, and none can be deleted to make room for the new "
        f"template: versions {described}. First move those shares to the default version: run the task with the "
        "current template and upgrade_shares: true (or use ram_resource_share_permission), then with the new "
        "template. Nothing was changed"
    )


def plan_permission(current, wanted, token=None):  # pylint: disable=too-many-locals
    """Compare the permission with the wanted state; no AWS call.

    ``current``: ``{"permission": normalized with policy_template, "versions": [int] or None, "associations":
    [...] or None}`` or None when there is no permission. ``wanted``: ``name``, ``resource_type``,
    ``policy_template``, ``state``, ``upgrade_shares``, ``tags``, ``purge_tags``. Returns the Plan: the exact writes
    in order, and the predicted ``permission``.
    """
    token = token or client_tokens()
    perm = (current or {}).get("permission")
    if wanted["state"] == "absent":
        if not perm:
            return Plan([], {})
        users = sorted({a["resource_share_arn"] for a in current.get("associations") or []})
        if users:
            raise Failure(
                f"permission {perm['arn']} is used by resource shares {', '.join(users)}: RAM cannot delete a "
                "permission in use; give those shares another permission first. Nothing was changed",
                resource_shares=users,
            )
        write = Write(
            "DeletePermission",
            {"permissionArn": perm["arn"], "clientToken": token("DeletePermission")},
            f"permission {perm['arn']}",
        )
        return Plan([write], {})

    template = parse_template(wanted["policy_template"])
    if not perm:
        if not wanted.get("resource_type"):
            raise Failure(f"resource_type is required to create permission {wanted['name']!r}")
        params = {
            "name": wanted["name"],
            "resourceType": wanted["resource_type"],
            "policyTemplate": template_text(template),
            "clientToken": token("CreatePermission"),
        }
        if wanted.get("tags"):
            params["tags"] = tag_list(wanted["tags"])
        predicted = {
            "name": wanted["name"],
            "resource_type": wanted["resource_type"],
            "default_version": 1,
            "policy_template": template,
            "permission_type": "CUSTOMER_MANAGED",
            "tags": tag_values(wanted.get("tags")),
        }
        return Plan([Write("CreatePermission", params, f"permission {wanted['name']}")], predicted)

    arn = perm["arn"]
    if wanted.get("resource_type") and wanted["resource_type"].lower() != (perm["resource_type"] or "").lower():
        raise Failure(
            f"permission {arn} is for resource type {perm['resource_type']}, not {wanted['resource_type']}: RAM "
            "cannot change a permission's resource type; choose another name (or delete this one with state: "
            "absent). Nothing was changed"
        )
    writes, predicted = [], dict(perm)
    default = perm["default_version"]
    if not same_template(perm["policy_template"], template):
        versions = current["versions"]
        if len(versions) >= MAX_VERSIONS:
            oldest = version_to_delete(versions, default, current["associations"] or [])
            writes.append(
                Write(
                    "DeletePermissionVersion",
                    {
                        "permissionArn": arn,
                        "permissionVersion": oldest,
                        "clientToken": token("DeletePermissionVersion"),
                    },
                    f"permission {arn} version {oldest}",
                )
            )
        # RAM numbers a permission's versions one after the other.
        default = max(versions) + 1
        writes.append(
            Write(
                "CreatePermissionVersion",
                {
                    "permissionArn": arn,
                    "policyTemplate": template_text(template),
                    "clientToken": token("CreatePermissionVersion"),
                },
                f"permission {arn}",
            )
        )
        writes.append(
            Write(
                "SetDefaultPermissionVersion",
                {
                    "permissionArn": arn,
                    "permissionVersion": default,
                    "clientToken": token("SetDefaultPermissionVersion"),
                },
                f"permission {arn} version {default}",
            )
        )
        predicted.update(default_version=default, policy_template=template)
    if wanted.get("upgrade_shares"):
        older = sorted({int(a["version"]) for a in current.get("associations") or [] if int(a["version"]) != default})
        for version in older:
            writes.append(
                Write(
                    "ReplacePermissionAssociations",
                    {
                        "fromPermissionArn": arn,
                        "fromPermissionVersion": version,
                        "toPermissionArn": arn,
                        "clientToken": token("ReplacePermissionAssociations"),
                    },
                    f"the shares using version {version} of permission {arn}",
                )
            )
    tag_writes, predicted["tags"] = plan_tags(
        perm.get("tags"), wanted.get("tags"), wanted["purge_tags"], {"resourceArn": arn}, f"permission {arn}"
    )
    return Plan(writes + tag_writes, predicted)


def diff_view(permission):
    if not permission:
        return {}
    return {key: permission.get(key) for key in ("resource_type", "policy_template", "default_version", "tags")}


# --- ram_permission ---------------------------------------------------------------------------------------------------


def normalize_work(work):
    result = normalize(work)
    for key in ("from_permission_version", "to_permission_version"):
        if key in result:
            result[key] = _version(result[key])
    return result


class CustomerPermission(Resource):
    """ram_permission: one customer managed permission, its default version's template, tags, and the shares moved
    to its default version."""

    def __init__(self, module):
        super().__init__(module)
        params = module.params
        self.hints = hints()
        self.wanted = {
            key: params[key]
            for key in ("name", "resource_type", "policy_template", "state", "upgrade_shares", "tags", "purge_tags")
        }
        self.token = client_tokens(params["client_token"])
        self.works = []

    def read(self):
        self.client = self.module.client("ram")
        wanted = self.wanted
        present = wanted["state"] == "present"
        summary = find_customer_permission(self.client, wanted["name"], wanted["resource_type"] if present else None)
        if summary is None:
            return None
        perm = normalize_summary(summary)
        perm["policy_template"] = read_template(self.client, perm["arn"])
        current = {"permission": perm, "versions": None, "associations": None}
        if not present:
            current["associations"] = list_associations(self.client, perm["arn"])
            return current
        if wanted["resource_type"] and wanted["resource_type"].lower() != (perm["resource_type"] or "").lower():
            return current  # the plan fails, naming both types
        changes = not same_template(perm["policy_template"], wanted["policy_template"])
        if changes:
            versions = [int(v["version"]) for v in list_versions(self.client, perm["arn"])]
            current["versions"] = versions
            if wanted["upgrade_shares"] or len(versions) >= MAX_VERSIONS:
                current["associations"] = list_associations(self.client, perm["arn"])
        elif wanted["upgrade_shares"] and (perm["default_version"] or 1) > 1:
            # Shares left on an older version (by a run that failed after the new version, or by another tool); a
            # permission at version 1 has none, and stays at two reads.
            current["associations"] = list_associations(self.client, perm["arn"], default_version=False)
        return current

    def plan(self, current):
        return plan_permission(current, self.wanted, self.token)

    def already_done(self, write):
        """A CreatePermission refused because the name is taken: done when the permission is there now with the wanted
        type and template (another job, such as a concurrent slice of onboard_partners, created it at once)."""
        if write.operation != "CreatePermission":
            return False
        summary = find_customer_permission(self.client, self.wanted["name"], self.wanted["resource_type"])
        if summary is None:
            return False
        perm = normalize_summary(summary)
        return same_template(read_template(self.client, perm["arn"]), self.wanted["policy_template"])

    def settle(self, current, writes, answers):
        works = [
            answer["replacePermissionAssociationsWork"]
            for write, answer in zip(writes, answers)
            if write.operation == "ReplacePermissionAssociations" and answer
        ]
        if works and self.module.params["wait"]:
            works = self._wait(works)
        self.works = [normalize_work(work) for work in works]
        failed = [work for work in self.works if work.get("status") == "FAILED"]
        if failed:
            moves = "; ".join(
                f"moving the shares from version {w.get('from_permission_version')} of {w.get('from_permission_arn')}"
                f" failed: {w.get('status_message') or 'no status message'}"
                for w in failed
            )
            raise Failure(
                f"{moves}. The new default version is in place; run the task again to retry the move",
                replaced_associations=self.works,
            )
        if self.wanted["state"] == "absent":
            return {}
        summary = find_customer_permission(self.client, self.wanted["name"], self.wanted["resource_type"])
        perm = normalize_summary(summary) if summary else {}
        if perm:
            perm["policy_template"] = read_template(self.client, perm["arn"])
        return perm

    def _wait(self, works):
        ids = [work["id"] for work in works]
        timeout = self.module.params["wait_timeout"]

        def timed_out(works):
            return Failure(
                f"the replacement works {', '.join(ids)} were still IN_PROGRESS after wait_timeout ({timeout} "
                "seconds); they go on in RAM: run the task again later",
                replaced_associations=[normalize_work(work) for work in works],
            )

        return wait_until(
            lambda: list_replace_works(self.client, ids),
            lambda works: all(work.get("status") != "IN_PROGRESS" for work in works),
            timeout,
            timed_out,
        )

    def report(self, before, after, failed=False):
        before_perm = (before or {}).get("permission") or {}
        if isinstance(after, dict) and "permission" in after and "versions" in after:
            after = after["permission"] or {}
        result = {"permission": after or {}}
        if self.works:
            result["replaced_associations"] = self.works
        if not failed:
            result["diff"] = {"before": diff_view(before_perm), "after": diff_view(after)}
        return result


# --- ram_permission_info ----------------------------------------------------------------------------------------------


class PermissionsInfo(Resource):
    """ram_permission_info: permissions with their default version's template, and optionally their versions and
    the shares that use them."""

    def __init__(self, module):
        super().__init__(module)
        self.hints = hints()

    def read(self):
        client = self.module.client("ram")
        params = self.module.params
        summaries = list_permissions(client, params["permission_type"], params["resource_type"])
        wanted = {key: params[key] for key in ("name", "arn") if params[key]}
        summaries = [s for s in summaries if all(s.get(key) == value for key, value in wanted.items())]
        result = []
        for summary in summaries:
            perm = normalize_summary(summary)
            perm["policy_template"] = read_template(client, perm["arn"])
            if params["versions"]:
                perm["versions"] = [
                    {
                        "version": int(item["version"]),
                        "is_default": bool(item.get("defaultVersion")),
                        "status": item.get("status"),
                        "creation_time": normalize(item).get("creation_time"),
                        "policy_template": read_template(client, perm["arn"], item["version"]),
                    }
                    for item in list_versions(client, perm["arn"])
                ]
            if params["associations"]:
                perm["associations"] = list_associations(client, perm["arn"])
            result.append(perm)
        return result

    def report(self, before, after, failed=False):
        return {} if failed else {"permissions": after}


def ensure_customer_permission(module):
    """ram_permission's task."""
    converge(module, CustomerPermission(module))


def describe_customer_permissions(module):
    """ram_permission_info's task."""
    converge(module, PermissionsInfo(module))


def invalid_permission_params(params):
    """Every broken rule of ram_permission's options (no AWS call)."""
    errors = []
    if not NAME_RE.match(params.get("name") or ""):
        errors.append(f"name {params.get('name')!r} is not a permission name: use {NAME_RULE}")
    if params.get("resource_type") is not None and not RESOURCE_TYPE_RE.match(params["resource_type"]):
        errors.append(
            f"resource_type {params['resource_type']!r} is not a RAM resource type: use <service>:<type>, for "
            "example glue:Table"
        )
    if params.get("state", "present") == "present":
        if params.get("policy_template") is None:
            errors.append("policy_template is required with state: present")
        else:
            errors.extend(template_errors(params["policy_template"]))
    if params.get("wait_timeout") is not None and params["wait_timeout"] < 1:
        errors.append(f"wait_timeout must be 1 or more seconds, got {params['wait_timeout']}")
    errors.extend(tag_errors(params.get("tags")))
    return errors


def invalid_info_params(params):
    """Every broken rule of ram_permission_info's options (no AWS call)."""
    errors = []
    for check, option in ((validate_permission_arn, "arn"), (validate_permission_name, "name")):
        if params.get(option) is not None:
            try:
                check(params[option], option)
            except ValidationError as exc:
                errors.append(str(exc))
    if params.get("resource_type") is not None and not RESOURCE_TYPE_RE.match(params["resource_type"]):
        errors.append(
            f"resource_type {params['resource_type']!r} is not a RAM resource type: use <service>:<type>, for "
            "example glue:Table"
        )
    return errors
