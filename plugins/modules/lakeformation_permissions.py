#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: lakeformation_permissions
short_description: Grant or revoke a principal's AWS Lake Formation permissions on a Data Catalog resource
version_added: 1.3.0
description:
  - Ensures that a principal holds exactly the given Lake Formation permissions (and grant options) on one Data
    Catalog resource, or none of them, with C(GrantPermissions) and C(RevokePermissions).
  - The resource is a database (O(database_name)), a table of it (O(table_name)), every table of it
    (O(table_name=*)), or an S3 location registered with Lake Formation (O(data_location_arn)).
  - Reads the principal's permissions on the resource with one C(ListPermissions) call (following C(NextToken)).
    With O(state=present), one C(GrantPermissions) grants what is missing, then, with O(purge_permissions), one
    C(RevokePermissions) revokes what is extra, in that order, so the principal never holds less than what it keeps.
    A converged resource costs one read and no write.
  - Lake Formation answers C(ConcurrentModificationException) while another change to the catalog's permissions is in
    progress; the call is retried (5 attempts in all) before the task fails.
  - The caller must be a data lake administrator, or hold the permissions it grants with the grant option. Its IAM
    policy must allow C(lakeformation:GrantPermissions), C(lakeformation:RevokePermissions) and
    C(lakeformation:ListPermissions).
  - Granting to an account outside the caller's organization makes Lake Formation share the resource through AWS
    RAM, in shares it names itself (their names start with C(LakeFormation)); the grantor then needs the managed
    policy C(AWSLakeFormationCrossAccountManager). The partner must accept the share's invitation, for example with
    M(partner_onboarding.aws.ram_resource_share_invitation) and its O(partner_onboarding.aws.ram_resource_share_invitation#module:sender_account_id)
    option run with the partner's credentials.
author:
  - Partner Onboarding maintainers (@partner-onboarding)
options:
  principal:
    description:
      - Who gets the permissions (Lake Formation's C(DataLakePrincipalIdentifier)).
      - A 12-digit AWS account ID, an IAM role or user ARN, an organization ARN or an organizational unit ARN.
    type: str
    required: true
  catalog_id:
    description:
      - The Data Catalog (its account ID) that holds the resource. If not set, the caller's account.
    type: str
  database_name:
    description:
      - The database. Alone, the resource is the database itself; with O(table_name), a table of it.
      - Exactly one of O(database_name) and O(data_location_arn) is required.
    type: str
  table_name:
    description:
      - A table of O(database_name); V(*) is every table of the database (Lake Formation's C(TableWildcard)).
    type: str
  data_location_arn:
    description:
      - Instead of a database, the ARN of an S3 location registered with Lake Formation (C(DataLocation)).
    type: str
  permissions:
    description:
      - The permissions the principal holds on the resource after the task, in Lake Formation's upper-case names.
      - A database takes V(ALL), V(ALTER), V(CREATE_TABLE), V(DESCRIBE), V(DROP); a table V(ALL), V(ALTER),
        V(DELETE), V(DESCRIBE), V(DROP), V(INSERT), V(SELECT); a data location V(DATA_LOCATION_ACCESS). Any other
        fails before any call.
      - Required with O(state=present). With O(state=absent), only these are revoked (with their grant options); if
        not set, every permission the principal holds on the resource is revoked.
    type: list
    elements: str
    choices: [ALL, SELECT, ALTER, DROP, DELETE, INSERT, DESCRIBE, CREATE_TABLE, DATA_LOCATION_ACCESS]
  permissions_with_grant_option:
    description:
      - The permissions the principal may grant to others; each must also be in O(permissions).
    type: list
    elements: str
    choices: [ALL, SELECT, ALTER, DROP, DELETE, INSERT, DESCRIBE, CREATE_TABLE, DATA_LOCATION_ACCESS]
    default: []
  state:
    description:
      - V(present) ensures the permissions; V(absent) revokes them.
    type: str
    choices: [present, absent]
    default: present
  purge_permissions:
    description:
      - With O(state=present), revoke the principal's other permissions and grant options on this resource, so that
        it holds exactly O(permissions). With V(false), only grant.
    type: bool
    default: true
extends_documentation_fragment:
  - partner_onboarding.aws.connection
  - partner_onboarding.aws.attributes
attributes:
  check_mode:
    description: Can run in check mode and return the predicted C(changed) status and permissions. Only
      C(ListPermissions) is called.
    support: full
  diff_mode:
    description: Returns the permissions and grant options before and after the task (or as predicted in check mode).
    support: full
notes:
  - Revoking only a grant option sends C(RevokePermissions) with an empty C(Permissions) list and the grant option in
    C(PermissionsWithGrantOption).
seealso:
  - module: partner_onboarding.aws.lakeformation_permissions_info
  - module: partner_onboarding.aws.ram_resource_share_invitation
  - name: GrantPermissions in the AWS Lake Formation API reference
    description: The API this module calls to grant permissions.
    link: https://docs.aws.amazon.com/lake-formation/latest/APIReference/API_GrantPermissions.html
  - name: Cross-account data sharing in Lake Formation
    description: What a grant to another account needs, and the AWS RAM shares it makes.
    link: https://docs.aws.amazon.com/lake-formation/latest/dg/cross-account-permissions.html
"""

EXAMPLES = r"""
- name: Let the partner's account read the orders table
  partner_onboarding.aws.lakeformation_permissions:
    principal: "210987654321"
    database_name: sales
    table_name: orders
    permissions: [SELECT, DESCRIBE]
    region: eu-west-1

- name: As the partner, accept Lake Formation's share of the table
  partner_onboarding.aws.ram_resource_share_invitation:
    sender_account_id: "123456789012"
    region: eu-west-1
    profile: partner

- name: Connection options once for every module of the collection
  module_defaults:
    group/partner_onboarding.aws.aws:
      region: eu-west-1
      profile: data-lake-admin
  block:
    - name: Preview letting an analyst role describe every table of the sales database
      partner_onboarding.aws.lakeformation_permissions:
        principal: arn:aws:iam::123456789012:role/analyst
        database_name: sales
        table_name: "*"
        permissions: [DESCRIBE]
      check_mode: true
      register: preview

    - name: Add CREATE_TABLE on the staging database, keeping what the role already holds there
      partner_onboarding.aws.lakeformation_permissions:
        principal: arn:aws:iam::123456789012:role/loader
        database_name: staging
        permissions: [CREATE_TABLE]
        permissions_with_grant_option: [CREATE_TABLE]
        purge_permissions: false

    - name: Let the loader role use the raw S3 location
      partner_onboarding.aws.lakeformation_permissions:
        principal: arn:aws:iam::123456789012:role/loader
        data_location_arn: arn:aws:s3:::example-data-lake/raw
        permissions: [DATA_LOCATION_ACCESS]

    - name: Revoke everything the partner's account holds on the orders table
      partner_onboarding.aws.lakeformation_permissions:
        principal: "210987654321"
        database_name: sales
        table_name: orders
        state: absent
"""

RETURN = r"""
principal:
  description: The principal, as given.
  returned: always
  type: str
  sample: "210987654321"
resource:
  description:
    - Lake Formation's resource as sent, snake_case (C(catalog_id) only when O(catalog_id) is given).
  returned: always
  type: dict
  sample:
    table:
      database_name: sales
      name: orders
permissions:
  description: The principal's permissions on the resource after the task (in check mode, as predicted), sorted.
  returned: success
  type: list
  elements: str
  sample: [DESCRIBE, SELECT]
permissions_with_grant_option:
  description: The permissions the principal may grant to others after the task, sorted.
  returned: success
  type: list
  elements: str
  sample: []
"""

from ansible_collections.partner_onboarding.aws.plugins.module_utils._lakeformation_permissions import (
    PERMISSIONS,
    LakeFormationGrants,
    invalid_permissions_params,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import AWSModule, converge

ARGUMENT_SPEC = dict(
    principal=dict(type="str", required=True),
    catalog_id=dict(type="str"),
    database_name=dict(type="str"),
    table_name=dict(type="str"),
    data_location_arn=dict(type="str"),
    permissions=dict(type="list", elements="str", choices=PERMISSIONS),
    permissions_with_grant_option=dict(type="list", elements="str", choices=PERMISSIONS, default=[]),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    purge_permissions=dict(type="bool", default=True),
)


def main():
    module = AWSModule(ARGUMENT_SPEC, validate=invalid_permissions_params)
    converge(module, LakeFormationGrants(module))


if __name__ == "__main__":
    main()
