#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ram_permission_info
short_description: List AWS RAM permissions, their versions and the shares that use them
version_added: 1.2.0
description:
  - Lists AWS Resource Access Manager (RAM) permissions, AWS managed and customer managed, with their default
    version's policy template (C(ListPermissions), then C(GetPermission) per permission).
  - With O(versions=true), adds each permission's versions (C(ListPermissionVersions) and C(GetPermission) per
    version); with O(associations=true), the shares that use it (C(ListPermissionAssociations)).
  - Never changes anything.
author:
  - Partner Onboarding maintainers (@partner-onboarding)
options:
  name:
    description:
      - Only the permission of this name.
      - Mutually exclusive with O(arn).
    type: str
  arn:
    description:
      - Only the permission of this ARN.
      - Mutually exclusive with O(name).
    type: str
  resource_type:
    description: Only permissions for this resource type, for example V(glue:Table).
    type: str
  permission_type:
    description: Which permissions to list.
    type: str
    choices: [ALL, AWS_MANAGED, CUSTOMER_MANAGED]
    default: ALL
  versions:
    description: Add RV(permissions[].versions).
    type: bool
    default: false
  associations:
    description: Add RV(permissions[].associations).
    type: bool
    default: false
extends_documentation_fragment:
  - partner_onboarding.aws.connection
  - partner_onboarding.aws.attributes
  - partner_onboarding.aws.attributes.info
seealso:
  - module: partner_onboarding.aws.ram_permission
"""

EXAMPLES = r"""
- name: Read a customer managed permission with its versions and the shares using it
  partner_onboarding.aws.ram_permission_info:
    name: PartnerGlueTableRead
    permission_type: CUSTOMER_MANAGED
    versions: true
    associations: true
    region: us-east-1
  register: found

- name: List the AWS-managed permissions for Glue tables
  partner_onboarding.aws.ram_permission_info:
    resource_type: glue:Table
    permission_type: AWS_MANAGED
"""

RETURN = r"""
permissions:
  description: The permissions, as RV(partner_onboarding.aws.ram_permission#module:permission) returns one.
  returned: always
  type: list
  elements: dict
  contains:
    arn:
      description: The permission's ARN.
      type: str
      returned: always
      sample: arn:aws:ram:us-east-1:123456789012:permission/PartnerGlueTableRead
    name:
      description: The permission's name.
      type: str
      returned: always
      sample: PartnerGlueTableRead
    resource_type:
      description: The resource type it is for.
      type: str
      returned: always
      sample: glue:Table
    default_version:
      description: The default version.
      type: int
      returned: always
      sample: 2
    policy_template:
      description: The default version's policy template.
      type: dict
      returned: always
      sample: {"Effect": "Allow", "Action": ["glue:GetTable"]}
    status:
      description: The permission's status.
      type: str
      returned: always
      sample: ATTACHABLE
    permission_type:
      description: C(AWS_MANAGED) or C(CUSTOMER_MANAGED).
      type: str
      returned: always
      sample: CUSTOMER_MANAGED
    feature_set:
      description: The feature set.
      type: str
      returned: when AWS returns it
      sample: STANDARD
    creation_time:
      description: When it was created, ISO 8601.
      type: str
      returned: when AWS returns it
      sample: "2026-01-01T00:00:00+00:00"
    last_updated_time:
      description: When it was last updated, ISO 8601.
      type: str
      returned: when AWS returns it
      sample: "2026-01-01T00:00:00+00:00"
    tags:
      description: The permission's tags.
      type: dict
      returned: always
      sample: {"team": "data"}
    versions:
      description: Every version, oldest first.
      type: list
      elements: dict
      returned: with O(versions=true)
      sample:
        - {version: 1, is_default: false, status: ATTACHABLE, creation_time: "2026-01-01T00:00:00+00:00",
           policy_template: {"Effect": "Allow", "Action": ["glue:GetTable", "glue:GetPartitions"]}}
    associations:
      description: The shares that use the permission, with the version each uses.
      type: list
      elements: dict
      returned: with O(associations=true)
      sample:
        - {resource_share_arn: "arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e",
           version: 1, default_version: false, status: ASSOCIATED}
"""

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import AWSModule, converge
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_permission_info import (
    PermissionsInfo,
    invalid_permission_info_params,
)

ARGUMENT_SPEC = dict(
    name=dict(type="str"),
    arn=dict(type="str"),
    resource_type=dict(type="str"),
    permission_type=dict(type="str", choices=["ALL", "AWS_MANAGED", "CUSTOMER_MANAGED"], default="ALL"),
    versions=dict(type="bool", default=False),
    associations=dict(type="bool", default=False),
)


def main():
    module = AWSModule(ARGUMENT_SPEC, validate=invalid_permission_info_params, mutually_exclusive=[("name", "arn")])
    converge(module, PermissionsInfo(module))


if __name__ == "__main__":
    main()
