# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""ram_permission's resource: the pure plan of one customer managed permission (its default version's template,
RAM's limit of five versions, the shares moved to the default version, its tags), the Resource that reads it,
applies the plan and waits for the moves, and ram_permission's input rules.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import Write, client_tokens
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure, Plan, Resource
from ansible_collections.partner_onboarding.aws.plugins.module_utils._policy import (
    parse_template,
    same_template,
    template_errors,
    template_text,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram import customer_permission_hints
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_permissions import (
    find_customer_permission,
    list_permission_associations,
    list_replace_works,
    list_versions,
    normalize_summary,
    normalize_work,
    read_template,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import (
    collect,
    validate_customer_permission_name,
    validate_resource_type,
    validate_wait_timeout,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._tagging import (
    plan_tags,
    tag_errors,
    tag_list,
    tag_values,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._waiters import wait_until

# RAM keeps at most this many versions of a permission.
MAX_VERSIONS = 5


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


class CustomerPermission(Resource):
    """ram_permission: one customer managed permission, its default version's template, tags, and the shares moved
    to its default version."""

    def __init__(self, module):
        super().__init__(module)
        params = module.params
        self.hints = customer_permission_hints()
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
            current["associations"] = list_permission_associations(self.client, perm["arn"])
            return current
        if wanted["resource_type"] and wanted["resource_type"].lower() != (perm["resource_type"] or "").lower():
            return current  # the plan fails, naming both types
        changes = not same_template(perm["policy_template"], wanted["policy_template"])
        if changes:
            versions = [int(v["version"]) for v in list_versions(self.client, perm["arn"])]
            current["versions"] = versions
            if wanted["upgrade_shares"] or len(versions) >= MAX_VERSIONS:
                current["associations"] = list_permission_associations(self.client, perm["arn"])
        elif wanted["upgrade_shares"] and (perm["default_version"] or 1) > 1:
            # Shares left on an older version (by a run that failed after the new version, or by another tool); a
            # permission at version 1 has none, and stays at two reads.
            current["associations"] = list_permission_associations(self.client, perm["arn"], default_version=False)
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


def invalid_permission_params(params):
    """Every broken rule of ram_permission's options (no AWS call)."""
    errors = collect(
        params,
        lambda values: validate_customer_permission_name(values.get("name"), "name"),
        lambda values: validate_resource_type(values.get("resource_type")),
    )
    if params.get("state", "present") == "present":
        if params.get("policy_template") is None:
            errors.append("policy_template is required with state: present")
        else:
            errors.extend(template_errors(params["policy_template"]))
    errors += collect(params, lambda values: validate_wait_timeout(values.get("wait_timeout")))
    errors.extend(tag_errors(params.get("tags")))
    return errors
