# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Benchmark floor: the least a module can do for redshift_partner's converged read (not part of the collection)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: bench_floor_describe_partners
short_description: Benchmark floor, one DescribePartners call
description: Builds a botocore client and makes one DescribePartners call; credentials from the environment.
options:
  endpoint_url: {type: str}
  region: {type: str, required: true}
  account_id: {type: str, required: true}
  cluster_identifier: {type: str, required: true}
  database_name: {type: str, required: true}
  partner_name: {type: str, required: true}
author: Partner Onboarding maintainers (@partner-onboarding)
"""

import botocore.session
from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(
        argument_spec=dict(
            endpoint_url=dict(type="str"),
            region=dict(type="str", required=True),
            account_id=dict(type="str", required=True),
            cluster_identifier=dict(type="str", required=True),
            database_name=dict(type="str", required=True),
            partner_name=dict(type="str", required=True),
        ),
        supports_check_mode=True,
    )
    p = module.params
    client = botocore.session.Session().create_client(
        "redshift", region_name=p["region"], endpoint_url=p["endpoint_url"]
    )
    response = client.list_integrations(
        AccountId=p["account_id"],
        ClusterIdentifier=p["cluster_identifier"],
        DatabaseName=p["database_name"],
        PartnerName=p["partner_name"],
    )
    module.exit_json(changed=False, count=len(response.get("PartnerIntegrationInfoList", [])))


if __name__ == "__main__":
    main()
