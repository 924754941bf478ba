#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ram_resource_share_permission_info
short_description: List the AWS RAM permissions associated with a resource share
version_added: 1.0.0
description:
  - Returns the permissions associated with an AWS Resource Access Manager (RAM) resource share, one per resource
    type, read with C(ListResourceSharePermissions) (one call per page).
  - Never changes anything.
author:
  - Partner Onboarding maintainers (@partner-onboarding)
extends_documentation_fragment:
  - partner_onboarding.aws.connection
  - partner_onboarding.aws.attributes
  - partner_onboarding.aws.attributes.info
  - partner_onboarding.aws.ram_share
seealso:
  - module: partner_onboarding.aws.ram_resource_share_permission
"""

EXAMPLES = r"""
- name: List the permissions of a share found by name
  partner_onboarding.aws.ram_resource_share_permission_info:
    resource_share_name: partner-share
    region: us-east-1
  register: share_permissions

- name: Show the permission the partner has on the share's Glue databases
  ansible.builtin.debug:
    msg: "{{ share_permissions.permissions | selectattr('resource_type', 'equalto', 'glue:Database') | map(attribute='name') }}"

- name: Read a share by ARN, with the connection set for the whole collection
  module_defaults:
    group/partner_onboarding.aws.aws:
      region: us-east-1
      profile: partner-admin
  block:
    - name: List the permissions of the share
      partner_onboarding.aws.ram_resource_share_permission_info:
        resource_share_arn: arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e
      check_mode: true
      register: share_permissions
"""

RETURN = r"""
resource_share_arn:
  description: The ARN of the resource share (looked up when O(resource_share_name) was given).
  returned: success
  type: str
  sample: arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e
permissions:
  description: The permissions associated with the resource share, one per resource type.
  returned: success
  type: list
  elements: dict
  contains:
    arn:
      description: The ARN of the permission.
      type: str
      returned: always
      sample: arn:aws:ram::aws:permission/AWSRAMDefaultPermissionGlueDatabase
    name:
      description: The name of the permission.
      type: str
      returned: always
      sample: AWSRAMDefaultPermissionGlueDatabase
    version:
      description: The version of the permission associated with the share.
      type: int
      returned: always
      sample: 1
    default_version:
      description: Whether that version is the permission's default version.
      type: bool
      returned: always
      sample: true
    resource_type:
      description: The resource type the permission applies to.
      type: str
      returned: always
      sample: glue:Database
    status:
      description: The status of the permission's association with the share.
      type: str
      returned: always
      sample: ASSOCIATED
    permission_type:
      description: Whether the permission is C(AWS_MANAGED) or C(CUSTOMER_MANAGED).
      type: str
      returned: always
      sample: AWS_MANAGED
    is_resource_type_default:
      description: Whether this is the default permission for its resource type.
      type: bool
      returned: always
      sample: true
    feature_set:
      description: The feature set of the permission (C(STANDARD), C(CREATED_FROM_POLICY), C(PROMOTING_TO_STANDARD)).
      type: str
      returned: when AWS returns it
      sample: STANDARD
    creation_time:
      description: When the permission version was created, ISO 8601.
      type: str
      returned: when AWS returns it
      sample: "2023-01-01T00:00:00+00:00"
    last_updated_time:
      description: When the permission version was last updated, ISO 8601.
      type: str
      returned: when AWS returns it
      sample: "2023-01-01T00:00:00+00:00"
    tags:
      description: The tags of the permission, as a dict.
      type: dict
      returned: when AWS returns them
      sample: {"team": "data"}
  sample:
    - arn: arn:aws:ram::aws:permission/AWSRAMDefaultPermissionGlueDatabase
      name: AWSRAMDefaultPermissionGlueDatabase
      version: 1
      default_version: true
      resource_type: glue:Database
      status: ASSOCIATED
      permission_type: AWS_MANAGED
      is_resource_type_default: true
      feature_set: STANDARD
      creation_time: "2023-01-01T00:00:00+00:00"
      last_updated_time: "2023-01-01T00:00:00+00:00"
"""

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import AWSModule, converge
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import (
    SHARE_REFERENCE_RULES,
    SHARE_REFERENCE_SPEC,
    invalid_share_reference,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_share_permissions import (
    SharePermissionsInfo,
)

ARGUMENT_SPEC = dict(
    **SHARE_REFERENCE_SPEC,
)


def main():
    module = AWSModule(ARGUMENT_SPEC, validate=invalid_share_reference, **SHARE_REFERENCE_RULES)
    converge(module, SharePermissionsInfo(module))


if __name__ == "__main__":
    main()
