#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ram_resource_share_info
short_description: List AWS RAM resource shares with their resources, principals and permissions
version_added: 1.1.0
description:
  - Returns AWS Resource Access Manager (RAM) resource shares, read with C(GetResourceShares), each with its
    permissions (C(ListResourceSharePermissions)) and, for shares the caller owns, its resources and principals
    (C(GetResourceShareAssociations), several shares per call). RAM lists associations only to a share's owner.
  - With O(sources), also each owned share's sources, read with C(ListSourceAssociations) (several shares per
    call).
  - Shares being deleted or deleted are left out.
  - Never changes anything.
author:
  - Partner Onboarding maintainers (@partner-onboarding)
options:
  name:
    description:
      - Only the shares of this name.
    type: str
  arn:
    description:
      - Only the share of this ARN.
      - Without O(name) and O(arn), every share is listed.
    type: str
  resource_owner:
    description:
      - V(SELF) lists the caller's own shares; V(OTHER-ACCOUNTS) those that other accounts share with the caller.
    type: str
    choices: [SELF, OTHER-ACCOUNTS]
    default: SELF
  sources:
    description:
      - Also return the sources of the shares the caller owns (the accounts, organizations or OUs whose resources
        their service principals may use), with one more read, C(ListSourceAssociations), for every 100 shares.
    type: bool
    default: false
    version_added: 1.3.0
extends_documentation_fragment:
  - partner_onboarding.aws.connection
  - partner_onboarding.aws.attributes
  - partner_onboarding.aws.attributes.info
seealso:
  - module: partner_onboarding.aws.ram_resource_share
"""

EXAMPLES = r"""
- name: List every resource share of the account in the region
  partner_onboarding.aws.ram_resource_share_info:
    region: us-east-1
  register: shares

- name: Show who each share is shared with
  ansible.builtin.debug:
    msg: "{{ shares.resource_shares | items2dict(key_name='name', value_name='principals') }}"

- name: As the partner, list the shares others share with this account
  partner_onboarding.aws.ram_resource_share_info:
    resource_owner: OTHER-ACCOUNTS
    region: us-east-1
    profile: partner
"""

RETURN = r"""
resource_shares:
  description: The shares, each as M(partner_onboarding.aws.ram_resource_share) returns it, with its permissions.
  returned: success
  type: list
  elements: dict
  contains:
    arn:
      description: The ARN of the share.
      returned: always
      type: str
      sample: arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e
    name:
      description: The name of the share.
      returned: always
      type: str
      sample: fivetran-share
    status:
      description: The status of the share.
      returned: always
      type: str
      sample: ACTIVE
    owning_account_id:
      description: The account that owns the share.
      returned: always
      type: str
      sample: "123456789012"
    allow_external_principals:
      description: Whether the share may be shared outside the organization.
      returned: always
      type: bool
      sample: true
    feature_set:
      description: The feature set of the share (C(STANDARD), C(CREATED_FROM_POLICY) for a share created from a
        resource policy, C(PROMOTING_TO_STANDARD)).
      returned: always
      type: str
      sample: STANDARD
    retain_sharing_on_account_leave_organization:
      description: Whether the share keeps sharing with an account that leaves the organization (set at creation).
      returned: always
      type: bool
      sample: false
      version_added: 1.3.0
    tags:
      description: The tags of the share.
      returned: always
      type: dict
      sample: {"partner": "fivetran"}
    creation_time:
      description: When the share was created, ISO 8601.
      returned: always
      type: str
      sample: "2024-06-01T09:41:07.123000+00:00"
    last_updated_time:
      description: When the share was last changed, ISO 8601.
      returned: always
      type: str
      sample: "2024-06-01T09:41:07.123000+00:00"
    resource_arns:
      description: The resources the share holds.
      returned: for shares the caller owns
      type: list
      elements: str
      sample: ["arn:aws:glue:us-east-1:123456789012:database/sales"]
    principals:
      description: The principals the share is shared with, those waiting for their invitation included.
      returned: for shares the caller owns
      type: list
      elements: str
      sample: ["210987654321"]
    pending_principals:
      description: The principals that have not accepted their invitation yet.
      returned: for shares the caller owns
      type: list
      elements: str
      sample: []
    suspended_principals:
      description: The principals whose association is C(SUSPENDED), C(SUSPENDING) or C(RESTORING) (their account
        left the organization while the share retains sharing); they are also in RV(resource_shares[].principals).
      returned: for shares the caller owns
      type: list
      elements: str
      sample: []
      version_added: 1.3.0
    principal_statuses:
      description: The status of each principal's association, by principal (C(ASSOCIATED), C(ASSOCIATING),
        C(SUSPENDED), C(SUSPENDING), C(RESTORING)).
      returned: for shares the caller owns
      type: dict
      sample: {"210987654321": "ASSOCIATED", "444455556666": "SUSPENDED"}
      version_added: 1.3.0
    sources:
      description: The share's sources (associated or being associated).
      returned: with O(sources), for shares the caller owns
      type: list
      elements: str
      sample: ["123456789012"]
      version_added: 1.3.0
    permissions:
      description: The permissions of the share, as M(partner_onboarding.aws.ram_resource_share_permission_info)
        returns them.
      returned: always
      type: list
      elements: dict
      sample:
        - arn: arn:aws:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite
          name: AWSRAMPermissionGlueDatabaseReadWrite
          version: 1
          resource_type: glue:Database
          status: ASSOCIATED
"""

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import AWSModule, converge
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import (
    invalid_share_info_params,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_share_info import SharesInfo

ARGUMENT_SPEC = dict(
    name=dict(type="str"),
    arn=dict(type="str"),
    resource_owner=dict(type="str", choices=["SELF", "OTHER-ACCOUNTS"], default="SELF"),
    sources=dict(type="bool", default=False),
)


def main():
    module = AWSModule(ARGUMENT_SPEC, validate=invalid_share_info_params)
    converge(module, SharesInfo(module))


if __name__ == "__main__":
    main()
