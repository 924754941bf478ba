#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ram_resource_share_permission
short_description: Associate or disassociate an AWS RAM permission with a resource share
version_added: 1.0.0
description:
  - Ensures that an AWS Resource Access Manager (RAM) permission is, or is not, associated with a resource share,
    for example to give a partner read-write access to the Glue databases of a share.
  - Reads the share's permissions with C(ListResourceSharePermissions) (one call per page), and calls
    C(GetPermission) only when the wanted permission is not associated yet, to learn its resource type.
    Changes are made with C(AssociateResourceSharePermission) and C(DisassociateResourceSharePermission).
  - A resource share holds exactly one permission per resource type. When resources are added to a share, RAM
    attaches the default permission for their type (for Glue databases C(AWSRAMDefaultPermissionGlueDatabase)),
    so giving another permission for that type needs O(replace=true).
  - Invalid ARNs, names and versions fail before any AWS call, naming the option and the rule.
author:
  - Partner Onboarding maintainers (@partner-onboarding)
options:
  permission_arn:
    description:
      - The ARN of the permission, AWS managed (C(arn:<partition>:ram::aws:permission/<Name>)) or customer
        managed (C(arn:<partition>:ram:<region>:<account>:permission/<Name>)).
      - It must be in the partition of the resource share.
      - Exactly one of O(permission_arn) and O(permission_name) is required.
    type: str
  permission_name:
    description:
      - The name of an AWS-managed permission, for example V(AWSRAMPermissionGlueDatabaseReadWrite). Its ARN is
        built for the partition of the resource share (C(aws), C(aws-cn), C(aws-us-gov), ...).
      - Since 1.2.0, also the name of one of the caller's customer managed permissions (see
        M(partner_onboarding.aws.ram_permission)); a name that does not start with C(AWSRAM), as every AWS-managed
        permission's does, is looked up with one C(ListPermissions) call (customer managed), so a converged task makes
        two reads instead of one. To use a customer managed permission whose name starts with C(AWSRAM), give
        O(permission_arn).
      - Exactly one of O(permission_arn) and O(permission_name) is required.
    type: str
  permission_version:
    description:
      - The version of the permission that must be associated, 1 or more.
      - When the permission is associated at another version, that version is associated instead; AWS RAM only
        accepts the permission's current default version here.
      - When not set, an associated permission is left at whatever version it has (possibly an outdated one), and a
        newly associated permission gets its current default version.
      - Not used with O(state=absent), which removes the permission whatever its version.
    type: int
  replace:
    description:
      - Whether to replace a different permission that is already associated with the share for the same
        resource type.
      - When V(false) and another permission holds the resource type, the task fails naming that permission,
        and nothing is changed.
      - Not needed to move the same permission to another O(permission_version).
    type: bool
    default: false
  state:
    description:
      - V(present) associates the permission, V(absent) disassociates it.
      - AWS RAM disassociates a permission only when the share holds no resources of its resource type.
    type: str
    choices: [present, absent]
    default: present
  client_token:
    description:
      - The idempotency token sent with the change, so that a retried request is applied once.
      - When not set, a fresh UUID is made for each task run, and botocore's retries of that request resend it.
      - Reusing a token with different parameters fails with C(IdempotentParameterMismatchException).
    type: str
extends_documentation_fragment:
  - partner_onboarding.aws.connection
  - partner_onboarding.aws.attributes
  - partner_onboarding.aws.ram_share
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
    details:
      - Check mode makes read calls only and returns the predicted RV(permissions).
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check mode), when in diff mode.
    support: full
    details:
      - The diff shows the share's permissions as a mapping of resource type to C(arn) and C(version).
notes:
  - The task fails, with the AWS error code and what to do, when an AWS call fails, for example when removing a
    permission from a share that still holds resources of that type (C(OperationNotPermittedException)).
seealso:
  - module: partner_onboarding.aws.ram_resource_share_permission_info
  - name: AssociateResourceSharePermission API reference
    description: What AWS RAM does when a permission is associated.
    link: https://docs.aws.amazon.com/ram/latest/APIReference/API_AssociateResourceSharePermission.html
"""

EXAMPLES = r"""
- name: Give the partner read-write access to the Glue databases of a share (replaces the default permission)
  partner_onboarding.aws.ram_resource_share_permission:
    resource_share_name: partner-share
    permission_name: AWSRAMPermissionGlueDatabaseReadWrite
    replace: true
    region: us-east-1

- name: Check what would change, without changing anything
  partner_onboarding.aws.ram_resource_share_permission:
    resource_share_arn: arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e
    permission_name: AWSRAMPermissionGlueDatabaseReadWrite
    replace: true
  check_mode: true
  diff: true
  register: planned

- name: Set the connection once for every task of the collection
  module_defaults:
    group/partner_onboarding.aws.aws:
      region: eu-west-1
      profile: partner-admin
  block:
    - name: Pin the table permission to version 2 (its current default)
      partner_onboarding.aws.ram_resource_share_permission:
        resource_share_name: partner-share
        permission_arn: arn:aws:ram::aws:permission/AWSRAMPermissionGlueTableReadWrite
        permission_version: 2
        replace: true

    - name: Remove a permission from a share that no longer holds resources of its type
      partner_onboarding.aws.ram_resource_share_permission:
        resource_share_name: partner-share
        permission_name: AWSRAMDefaultPermissionGlueCatalog
        state: absent

- name: Give a customer-managed permission in GovCloud, with a token that stays the same across runs
  partner_onboarding.aws.ram_resource_share_permission:
    resource_share_arn: arn:aws-us-gov:ram:us-gov-west-1:123456789012:resource-share/0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f
    permission_arn: arn:aws-us-gov:ram:us-gov-west-1:123456789012:permission/PartnerGlueReadOnly
    replace: true
    client_token: partner-onboarding-2024-06-01
    region: us-gov-west-1
"""

RETURN = r"""
resource_share_arn:
  description: The ARN of the resource share (looked up when O(resource_share_name) was given).
  returned: success
  type: str
  sample: arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e
permissions:
  description:
    - The permissions associated with the resource share after the task, one per resource type.
    - In check mode, the predicted permissions.
  returned: success
  type: list
  elements: dict
  contains:
    arn:
      description: The ARN of the permission.
      type: str
      returned: always
      sample: arn:aws:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite
    name:
      description: The name of the permission.
      type: str
      returned: always
      sample: AWSRAMPermissionGlueDatabaseReadWrite
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
      sample: false
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
    - arn: arn:aws:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite
      name: AWSRAMPermissionGlueDatabaseReadWrite
      version: 1
      default_version: true
      resource_type: glue:Database
      status: ASSOCIATED
      permission_type: AWS_MANAGED
      is_resource_type_default: false
      feature_set: STANDARD
      creation_time: "2023-01-01T00:00:00+00:00"
      last_updated_time: "2023-01-01T00:00:00+00:00"
"""

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import AWSModule, converge
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import (
    SHARE_REFERENCE_RULES,
    SHARE_REFERENCE_SPEC,
    invalid_share_permission_params,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_share_permissions import (
    PermissionAssociation,
)

ARGUMENT_SPEC = dict(
    **SHARE_REFERENCE_SPEC,
    permission_arn=dict(type="str"),
    permission_name=dict(type="str"),
    permission_version=dict(type="int"),
    replace=dict(type="bool", default=False),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    client_token=dict(type="str", no_log=False),
)


def main():
    one_permission = [["permission_arn", "permission_name"]]
    module = AWSModule(
        ARGUMENT_SPEC,
        validate=invalid_share_permission_params,
        required_one_of=SHARE_REFERENCE_RULES["required_one_of"] + one_permission,
        mutually_exclusive=SHARE_REFERENCE_RULES["mutually_exclusive"] + one_permission,
    )
    converge(module, PermissionAssociation(module))


if __name__ == "__main__":
    main()
