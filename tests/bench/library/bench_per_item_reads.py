# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Benchmark contender: the access review's Lake Formation, datashare and IAM reads made one per item (not part of
the collection)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: bench_per_item_reads
short_description: Benchmark contender, one read per grant, datashare and role
description:
  - One ListPermissions per Lake Formation grant (principal and resource), one DescribeDataShares per datashare and
    one GetRole per role; credentials from the environment.
options:
  endpoint_url: {type: str}
  region: {type: str, required: true}
  grants: {type: list, elements: dict, default: []}
  datashare_arns: {type: list, elements: str, default: []}
  role_names: {type: list, elements: str, default: []}
author: Partner Onboarding maintainers (@partner-onboarding)
"""

import botocore.session
from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(
        argument_spec=dict(
            endpoint_url=dict(type="str"),
            region=dict(type="str", required=True),
            grants=dict(type="list", elements="dict", default=[]),
            datashare_arns=dict(type="list", elements="str", default=[]),
            role_names=dict(type="list", elements="str", default=[]),
        ),
        supports_check_mode=True,
    )
    p = module.params
    session = botocore.session.Session()

    def client(service):
        return session.create_client(service, region_name=p["region"], endpoint_url=p["endpoint_url"])

    lakeformation, redshift, iam = client("lakeformation"), client("redshift"), client("iam")
    held = 0
    for grant in p["grants"]:
        answer = lakeformation.list_permissions(
            Principal={"DataLakePrincipalIdentifier": grant["principal"]}, Resource=grant["resource"]
        )
        held += len(answer.get("PrincipalResourcePermissions", []))
    associations = 0
    for arn in p["datashare_arns"]:
        for datashare in redshift.describe_data_shares(DataShareArn=arn).get("DataShares", []):
            associations += len(datashare.get("DataShareAssociations", []))
    trusts = [iam.get_role(RoleName=name)["Role"].get("AssumeRolePolicyDocument") for name in p["role_names"]]
    module.exit_json(changed=False, grants=held, associations=associations, roles=len(trusts))


if __name__ == "__main__":
    main()
