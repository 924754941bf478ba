#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: lakeformation_permissions_info
short_description: List AWS Lake Formation permissions
version_added: 1.3.0
description:
  - Lists the Lake Formation grants that match the optional filters, with C(ListPermissions) (every page, following
    C(NextToken)). Never changes anything.
  - The filters have Lake Formation's own meaning. O(database_name) alone lists the grants on that database, not on
    its tables; with O(table_name), on that table (V(*) is the grant on every table of the database).
  - Lake Formation requires a resource with a principal; O(principal) without a resource lists every grant and keeps
    the principal's.
  - The caller must be a data lake administrator (or see only what it may grant); its IAM policy must allow
    C(lakeformation:ListPermissions).
author:
  - Partner Onboarding maintainers (@partner-onboarding)
options:
  principal:
    description:
      - Only the grants to this principal (a 12-digit account ID, an IAM role or user ARN, an organization ARN or an
        organizational unit ARN).
    type: str
  catalog_id:
    description:
      - The Data Catalog (its account ID). If not set, the caller's account.
    type: str
  database_name:
    description:
      - Only the grants on this database (with O(table_name), on that table of it).
    type: str
  table_name:
    description:
      - With O(database_name), only the grants on this table; V(*) the grants on every table of the database.
    type: str
  data_location_arn:
    description:
      - Only the grants on this registered S3 location. Not with O(database_name).
    type: str
  resource_type:
    description:
      - Only the grants on resources of this type (Lake Formation's C(ResourceType)).
    type: str
    choices: [CATALOG, DATABASE, TABLE, DATA_LOCATION]
extends_documentation_fragment:
  - partner_onboarding.aws.connection
  - partner_onboarding.aws.attributes
  - partner_onboarding.aws.attributes.info
seealso:
  - module: partner_onboarding.aws.lakeformation_permissions
  - name: ListPermissions in the AWS Lake Formation API reference
    description: The API this module calls.
    link: https://docs.aws.amazon.com/lake-formation/latest/APIReference/API_ListPermissions.html
"""

EXAMPLES = r"""
- name: List every grant on the orders table
  partner_onboarding.aws.lakeformation_permissions_info:
    database_name: sales
    table_name: orders
    region: eu-west-1
  register: orders_grants

- name: List what the partner's account holds, on any resource
  partner_onboarding.aws.lakeformation_permissions_info:
    principal: "210987654321"
    region: eu-west-1
  register: partner_grants

- name: Show the tables the partner may read
  ansible.builtin.debug:
    msg: "{{ partner_grants.grants | selectattr('permissions', 'contains', 'SELECT') | map(attribute='resource') }}"
"""

RETURN = r"""
grants:
  description: One entry per principal and resource, in Lake Formation's order.
  returned: success
  type: list
  elements: dict
  contains:
    principal:
      description: The principal (C(DataLakePrincipalIdentifier)).
      returned: always
      type: str
      sample: "210987654321"
    resource:
      description: The resource as Lake Formation answers it, snake_case.
      returned: always
      type: dict
      sample:
        table:
          catalog_id: "123456789012"
          database_name: sales
          name: orders
    permissions:
      description: The permissions, sorted.
      returned: always
      type: list
      elements: str
      sample: [DESCRIBE, SELECT]
    permissions_with_grant_option:
      description: The permissions the principal may grant to others, sorted.
      returned: always
      type: list
      elements: str
      sample: []
"""

from ansible_collections.partner_onboarding.aws.plugins.module_utils._lakeformation_permissions import (
    RESOURCE_TYPES,
    LakeFormationGrantsInfo,
    invalid_info_params,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import AWSModule, converge

ARGUMENT_SPEC = dict(
    principal=dict(type="str"),
    catalog_id=dict(type="str"),
    database_name=dict(type="str"),
    table_name=dict(type="str"),
    data_location_arn=dict(type="str"),
    resource_type=dict(type="str", choices=list(RESOURCE_TYPES)),
)


def main():
    module = AWSModule(ARGUMENT_SPEC, validate=invalid_info_params)
    converge(module, LakeFormationGrantsInfo(module))


if __name__ == "__main__":
    main()
