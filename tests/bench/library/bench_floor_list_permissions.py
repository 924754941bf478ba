# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Benchmark floor: the least a module can do for ram_resource_share_permission's converged read."""

from __future__ import annotations

DOCUMENTATION = r"""
module: bench_floor_list_permissions
short_description: Benchmark floor, one ListResourceSharePermissions call
description: Builds a botocore client and makes one ListResourceSharePermissions call; credentials from the environment.
options:
  endpoint_url: {type: str}
  region: {type: str, required: true}
  resource_share_arn: {type: str, required: true}
author: Partner Onboarding maintainers (@partner-onboarding)
"""

import botocore.session
from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(
        argument_spec=dict(
            endpoint_url=dict(type="str"),
            region=dict(type="str", required=True),
            resource_share_arn=dict(type="str", required=True),
        ),
        supports_check_mode=True,
    )
    p = module.params
    client = botocore.session.Session().create_client("ram", region_name=p["region"], endpoint_url=p["endpoint_url"])
    response = client.list_resource_share_permissions(resourceShareArn=p["resource_share_arn"])
    module.exit_json(changed=False, count=len(response.get("permissions", [])))


if __name__ == "__main__":
    main()
