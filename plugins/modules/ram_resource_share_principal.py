#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ram_resource_share_principal
short_description: Add or remove principals of an existing AWS RAM resource share
version_added: 1.1.0
description:
  - Ensures that principals are, or are not, associated with an existing AWS Resource Access Manager (RAM) resource
    share, leaving its other principals alone; one RAM principal association per principal, as
    M(partner_onboarding.aws.ram_resource_share_permission) is for a permission.
  - Reads the share's principal associations with C(GetResourceShareAssociations); changes them with
    C(AssociateResourceShare) or C(DisassociateResourceShare) (principals only). A converged task makes that one
    read (and C(GetResourceShares) first when the share is given by name).
  - An account outside the owner's organization gets an invitation; until the partner accepts it, its association
    stays C(ASSOCIATING). Such a principal counts as present, is not waited for, and is returned in
    RV(pending_principals).
  - A principal whose account left the organization while the share retains sharing (its association
    C(SUSPENDED), C(SUSPENDING) or C(RESTORING)) counts as present, is never associated again, and is returned in
    RV(suspended_principals).
author:
  - Partner Onboarding maintainers (@partner-onboarding)
options:
  principals:
    description:
      - The principals, each a 12-digit account ID, an organization ARN, an organizational unit ARN, an IAM role or
        user ARN, or a service principal (C(<service>.amazonaws.com)).
    type: list
    elements: str
    required: true
  state:
    description:
      - V(present) adds the principals that are missing; V(absent) removes those that are there.
    type: str
    choices: [present, absent]
    default: present
  client_token:
    description:
      - The idempotency token sent with the change. If not set, a fresh UUID, resent by botocore's retries.
    type: str
extends_documentation_fragment:
  - partner_onboarding.aws.connection
  - partner_onboarding.aws.attributes
  - partner_onboarding.aws.ram_wait
  - partner_onboarding.aws.ram_share
attributes:
  check_mode:
    description: Can run in check mode and return the predicted C(changed) status and principals. Only read calls are
      made.
    support: full
  diff_mode:
    description: Returns the share's principals before and after the task.
    support: full
seealso:
  - module: partner_onboarding.aws.ram_resource_share
  - module: partner_onboarding.aws.ram_resource_share_invitation
  - name: AssociateResourceShare in the AWS RAM API reference
    description: The API this module calls to add principals.
    link: https://docs.aws.amazon.com/ram/latest/APIReference/API_AssociateResourceShare.html
"""

EXAMPLES = r"""
- name: Share a resource share with a partner's account
  partner_onboarding.aws.ram_resource_share_principal:
    resource_share_name: fivetran-share
    principals:
      - "210987654321"
    region: us-east-1
  register: shared

- name: Tell whether the partner still has to accept the invitation
  ansible.builtin.debug:
    msg: "Waiting for: {{ shared.pending_principals }}"

- name: Revoke the partner's access, leaving the share's other principals alone
  partner_onboarding.aws.ram_resource_share_principal:
    resource_share_name: fivetran-share
    principals:
      - "210987654321"
    state: absent
    region: us-east-1
  check_mode: true
"""

RETURN = r"""
resource_share_arn:
  description: The ARN of the resource share.
  returned: success
  type: str
  sample: arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e
principals:
  description: Every principal of the share after the task (in check mode, as predicted), those waiting for their
    invitation included.
  returned: success
  type: list
  elements: str
  sample: ["210987654321", "arn:aws:organizations::123456789012:ou/o-exampleorgid/ou-ab12-cdefgh34"]
pending_principals:
  description: The principals that have not accepted their invitation yet.
  returned: success
  type: list
  elements: str
  sample: ["210987654321"]
suspended_principals:
  description: The principals whose association is C(SUSPENDED), C(SUSPENDING) or C(RESTORING) (their account left
    the organization while the share retains sharing); they are also in RV(principals).
  returned: success
  type: list
  elements: str
  sample: []
  version_added: 1.3.0
"""

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import AWSModule, converge
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_associations import (
    Principals,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import (
    SHARE_REFERENCE_RULES,
    SHARE_REFERENCE_SPEC,
    invalid_principal_params,
)

ARGUMENT_SPEC = dict(
    **SHARE_REFERENCE_SPEC,
    principals=dict(type="list", elements="str", required=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=300),
    client_token=dict(type="str", no_log=False),
)


def main():
    module = AWSModule(ARGUMENT_SPEC, validate=invalid_principal_params, **SHARE_REFERENCE_RULES)
    converge(module, Principals(module))


if __name__ == "__main__":
    main()
