# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""ram_permission_info's resource: permissions with their default version's template, and optionally their versions
and the shares that use them, and ram_permission_info's input rules.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import normalize
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Resource
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram import customer_permission_hints
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_permissions import (
    list_permission_associations,
    list_permissions,
    list_versions,
    normalize_summary,
    read_template,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import (
    collect,
    validate_permission_arn,
    validate_permission_name,
    validate_resource_type,
)


class PermissionsInfo(Resource):
    """ram_permission_info: permissions with their default version's template, and optionally their versions and
    the shares that use them."""

    def __init__(self, module):
        super().__init__(module)
        self.hints = customer_permission_hints()

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
                perm["associations"] = list_permission_associations(client, perm["arn"])
            result.append(perm)
        return result

    def report(self, before, after, failed=False):
        return {} if failed else {"permissions": after}


def invalid_permission_info_params(params):
    """Every broken rule of ram_permission_info's options (no AWS call)."""
    return collect(
        params,
        lambda values: values.get("arn") is None or validate_permission_arn(values["arn"], "arn"),
        lambda values: values.get("name") is None or validate_permission_name(values["name"], "name"),
        lambda values: validate_resource_type(values.get("resource_type")),
    )
