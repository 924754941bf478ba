#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ram_permission
short_description: Manage an AWS RAM customer managed permission and its versions
version_added: 1.2.0
description:
  - Ensures that an AWS Resource Access Manager (RAM) customer managed permission exists with the given policy
    template (or does not exist), so that a partner gets exactly the actions it needs on a shared resource.
  - Reads with C(ListPermissions) (customer managed, filtered by O(resource_type) when given; a miss is listed again
    unfiltered to tell a permission of another type from none) and C(GetPermission) (the default version's
    template). A converged task makes these two reads and no write.
    C(ListPermissionVersions) is read only when the template changes, C(ListPermissionAssociations) only when
    needed (five versions, O(upgrade_shares), O(state=absent)).
  - Templates are compared as JSON values, not as text; key order and whitespace do not matter, an C(Action)
    string equals a one-item list, and the order of actions (and of a condition's values) does not matter.
  - A changed template becomes a new version made the default (C(CreatePermissionVersion) then
    C(SetDefaultPermissionVersion)), never a delete and re-create. RAM keeps at most five versions; with five, the
    oldest version that is neither the default nor used by a share is deleted first (C(DeletePermissionVersion));
    when none can be, the task fails before any write, naming the versions and the shares that use them.
  - Shares keep the version they were given. With O(upgrade_shares=true), every share using an older version is
    moved to the default version (C(ReplacePermissionAssociations), one per older version in use).
  - Invalid input (a template with C(Principal) or C(Resource), a malformed name) fails before any AWS call.
author:
  - Partner Onboarding maintainers (@partner-onboarding)
options:
  name:
    description:
      - The permission's name in the caller's account and region (1 to 36 letters, digits, periods, hyphens or
        underscores).
    type: str
    required: true
  resource_type:
    description:
      - The RAM resource type the permission is for, for example V(glue:Table) or V(glue:Database).
      - Required to create the permission. An existing permission of another type fails the task, naming both, since
        RAM cannot change a permission's resource type.
    type: str
  policy_template:
    description:
      - One policy statement's C(Effect) (V(Allow)), C(Action) or C(NotAction), and optional C(Condition), as a dict
        or a JSON string. RAM takes the principal and the resource from the share, so C(Principal) and C(Resource)
        are refused before any call.
      - Required with O(state=present).
    type: raw
  state:
    description:
      - V(present) creates or updates the permission; V(absent) deletes it with every version
        (C(DeletePermission)). RAM refuses to delete a permission a share uses; the task then fails before any
        write, naming the shares.
    type: str
    choices: [present, absent]
    default: present
  upgrade_shares:
    description:
      - Move every share that uses an older version of the permission to the default version
        (C(ReplacePermissionAssociations)).
      - With V(true), a task whose template is unchanged also reads C(ListPermissionAssociations) (shares not at
        the default version) once the permission has more than one version, so a share left behind by an earlier
        failed run is moved (three reads when converged; two at version 1, which has no older version).
    type: bool
    default: false
  tags:
    description:
      - Tags of the permission, as a dict.
    type: dict
  purge_tags:
    description:
      - With O(tags) set, remove the tags that are not listed.
    type: bool
    default: true
  wait:
    description:
      - With O(upgrade_shares), wait until each replacement work is C(COMPLETED), polling
        C(ListReplacePermissionAssociationsWork). A work that ends C(FAILED) fails the task with its status message.
    type: bool
    default: true
  wait_timeout:
    description:
      - How long to wait, in seconds.
    type: int
    default: 300
  client_token:
    description:
      - The idempotency token of the first write; the next writes get tokens derived from it. A fresh UUID per
        write when not set.
    type: str
extends_documentation_fragment:
  - partner_onboarding.aws.connection
  - partner_onboarding.aws.attributes
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
    details:
      - Check mode makes read calls only and returns the predicted RV(permission).
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check mode), when in diff mode.
    support: full
    details:
      - The diff shows C(resource_type), C(policy_template), C(default_version) and C(tags).
notes:
  - The number of a new version is predicted as the highest existing version plus one, which is how RAM numbers
    a permission's versions.
  - An AWS-managed permission cannot be managed with this module; see M(partner_onboarding.aws.ram_permission_info).
seealso:
  - module: partner_onboarding.aws.ram_permission_info
  - module: partner_onboarding.aws.ram_resource_share
  - name: Customer managed permissions in AWS RAM
    description: What RAM does with a customer managed permission and its versions.
    link: https://docs.aws.amazon.com/ram/latest/userguide/create-customer-managed-permissions.html
"""

EXAMPLES = r"""
- name: Let a partner read one Glue table's metadata and partitions, nothing more
  partner_onboarding.aws.ram_permission:
    name: PartnerGlueTableRead
    resource_type: glue:Table
    policy_template:
      Effect: Allow
      Action:
        - glue:GetTable
        - glue:GetPartitions
    tags:
      team: data
    region: us-east-1

- name: Change the template (a new default version) and move every share to it
  partner_onboarding.aws.ram_permission:
    name: PartnerGlueTableRead
    resource_type: glue:Table
    policy_template: '{"Effect": "Allow", "Action": "glue:GetTable"}'
    upgrade_shares: true
  check_mode: true
  diff: true
  register: planned

- name: Remove it once no share uses it
  module_defaults:
    group/partner_onboarding.aws.aws:
      region: eu-west-1
  partner_onboarding.aws.ram_permission:
    name: PartnerGlueTableRead
    state: absent
"""

RETURN = r"""
permission:
  description: The permission after the task (predicted in check mode); C({}) when absent.
  returned: always
  type: dict
  contains:
    arn:
      description: The permission's ARN.
      type: str
      returned: when the permission exists
      sample: arn:aws:ram:us-east-1:123456789012:permission/PartnerGlueTableRead
    name:
      description: The permission's name.
      type: str
      returned: when present
      sample: PartnerGlueTableRead
    resource_type:
      description: The resource type it is for.
      type: str
      returned: when present
      sample: glue:Table
    default_version:
      description: The default version.
      type: int
      returned: when present
      sample: 2
    policy_template:
      description: The default version's policy template.
      type: dict
      returned: when present
      sample: {"Effect": "Allow", "Action": ["glue:GetTable"]}
    status:
      description: The permission's status.
      type: str
      returned: when the permission exists
      sample: ATTACHABLE
    permission_type:
      description: C(CUSTOMER_MANAGED).
      type: str
      returned: when present
      sample: CUSTOMER_MANAGED
    feature_set:
      description: The permission's feature set.
      type: str
      returned: when the permission exists
      sample: STANDARD
    creation_time:
      description: When the permission was created, ISO 8601.
      type: str
      returned: when the permission exists
      sample: "2026-01-01T00:00:00+00:00"
    last_updated_time:
      description: When it was last updated, ISO 8601.
      type: str
      returned: when the permission exists
      sample: "2026-01-01T00:00:00+00:00"
    tags:
      description: The permission's tags.
      type: dict
      returned: when present
      sample: {"team": "data"}
replaced_associations:
  description: The replacement works started by O(upgrade_shares), as C(ListReplacePermissionAssociationsWork) last
    reported them.
  returned: when O(upgrade_shares) moved shares
  type: list
  elements: dict
  sample:
    - id: 5f0e9a5c-0000-4000-8000-000000000001
      from_permission_arn: arn:aws:ram:us-east-1:123456789012:permission/PartnerGlueTableRead
      from_permission_version: 1
      to_permission_arn: arn:aws:ram:us-east-1:123456789012:permission/PartnerGlueTableRead
      to_permission_version: 2
      status: COMPLETED
      status_message: ""
"""

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import AWSModule, converge
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_customer_permissions import (
    CustomerPermission,
    invalid_permission_params,
)

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    resource_type=dict(type="str"),
    policy_template=dict(type="raw"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    upgrade_shares=dict(type="bool", default=False),
    tags=dict(type="dict"),
    purge_tags=dict(type="bool", default=True),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=300),
    client_token=dict(type="str", no_log=False),
)


def main():
    module = AWSModule(ARGUMENT_SPEC, validate=invalid_permission_params)
    converge(module, CustomerPermission(module))


if __name__ == "__main__":
    main()
