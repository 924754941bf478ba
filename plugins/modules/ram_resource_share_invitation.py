#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ram_resource_share_invitation
short_description: Accept or reject, as the partner, an invitation to an AWS RAM resource share
version_added: 1.1.0
description:
  - Run with the partner account's credentials. Accepts (or rejects) the invitation to a resource share that another
    account shared with this one, with C(AcceptResourceShareInvitation) or C(RejectResourceShareInvitation).
  - Reads the caller's invitations with C(GetResourceShareInvitations); when there are several to the same share,
    the latest counts.
  - An invitation already in the wanted state is no change. No invitation at all while the share is already shared
    with the caller (sharing inside an organization needs none) is no change for O(state=accepted).
  - No invitation and no such share fails, naming the share and the caller's account; the owner must add this
    account as a principal of the share. An C(EXPIRED) invitation, or one already in the other state, fails saying
    so.
author:
  - Partner Onboarding maintainers (@partner-onboarding)
options:
  resource_share_arn:
    description:
      - The ARN of the share the invitation is for.
      - Exactly one of O(resource_share_arn), O(resource_share_name) and O(sender_account_id) is required.
    type: str
  resource_share_name:
    description:
      - The name of the share, looked up among the caller's invitations; invitations to several shares of that name
        fail the task, listing their ARNs.
      - Exactly one of O(resource_share_arn), O(resource_share_name) and O(sender_account_id) is required.
    type: str
  sender_account_id:
    description:
      - Instead of one share, every C(PENDING) invitation the caller received from this 12-digit account (Lake
        Formation names the shares it makes for a grant to another account itself, C(LakeFormation-...), so the
        partner answers them by their sender).
      - Returns RV(invitations); none pending is no change (RV(invitations) is V([])). Invitations from that account
        already answered, or expired, are left alone.
    type: str
    version_added: 1.3.0
  state:
    description:
      - V(accepted) accepts the invitation; V(rejected) rejects it.
    type: str
    choices: [accepted, rejected]
    default: accepted
  client_token:
    description:
      - The idempotency token sent with the answer. If not set, a fresh UUID, resent by botocore's retries.
    type: str
extends_documentation_fragment:
  - partner_onboarding.aws.connection
  - partner_onboarding.aws.attributes
attributes:
  check_mode:
    description: Can run in check mode and return the predicted C(changed) status and invitation. Only read calls
      are made.
    support: full
  diff_mode:
    description: Returns the invitation before and after the task.
    support: full
seealso:
  - module: partner_onboarding.aws.ram_resource_share
  - module: partner_onboarding.aws.ram_resource_share_principal
  - name: AcceptResourceShareInvitation in the AWS RAM API reference
    description: The API this module calls to accept an invitation.
    link: https://docs.aws.amazon.com/ram/latest/APIReference/API_AcceptResourceShareInvitation.html
"""

EXAMPLES = r"""
- name: As the partner, accept the invitation to the share the data team created
  partner_onboarding.aws.ram_resource_share_invitation:
    resource_share_name: fivetran-share
    region: us-east-1
    profile: partner
  register: accepted

- name: As the partner, reject an invitation given by the share's ARN
  partner_onboarding.aws.ram_resource_share_invitation:
    resource_share_arn: arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e
    state: rejected
    region: us-east-1
    profile: partner
  check_mode: true

- name: As the partner, accept every pending invitation from the data team's account (Lake Formation's shares)
  partner_onboarding.aws.ram_resource_share_invitation:
    sender_account_id: "123456789012"
    region: us-east-1
    profile: partner
  register: accepted_lake_formation_shares
"""

RETURN = r"""
invitations:
  description:
    - With O(sender_account_id), the invitations from that account that were pending, after the task (in check mode,
      as predicted), oldest first; V([]) when none was pending.
    - Each is a dict with the keys of RV(invitation).
  returned: success, with O(sender_account_id)
  type: list
  elements: dict
  version_added: 1.3.0
  sample:
    - arn: arn:aws:ram:us-east-1:123456789012:resource-share-invitation/1e3477ab-b4d8-4fa5-9b1a-0d4e0c2b7a11
      resource_share_arn: arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e
      resource_share_name: LakeFormation-V3-ADVXXF4IDN
      sender_account_id: "123456789012"
      receiver_account_id: "210987654321"
      status: ACCEPTED
      invitation_timestamp: "2024-06-01T09:41:07.123000+00:00"
invitation:
  description:
    - The invitation after the task (in check mode, as predicted).
    - Empty when the share is shared with the caller without an invitation.
  returned: success, with O(resource_share_arn) or O(resource_share_name)
  type: dict
  contains:
    arn:
      description: The ARN of the invitation.
      returned: when there is an invitation
      type: str
      sample: arn:aws:ram:us-east-1:123456789012:resource-share-invitation/1e3477ab-b4d8-4fa5-9b1a-0d4e0c2b7a11
    resource_share_arn:
      description: The ARN of the share.
      returned: when there is an invitation
      type: str
      sample: arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e
    resource_share_name:
      description: The name of the share.
      returned: when there is an invitation
      type: str
      sample: fivetran-share
    sender_account_id:
      description: The account that owns the share.
      returned: when there is an invitation
      type: str
      sample: "123456789012"
    receiver_account_id:
      description: The caller's account.
      returned: when there is an invitation
      type: str
      sample: "210987654321"
    status:
      description: C(PENDING), C(ACCEPTED), C(REJECTED) or C(EXPIRED).
      returned: when there is an invitation
      type: str
      sample: ACCEPTED
    invitation_timestamp:
      description: When the invitation was sent, ISO 8601.
      returned: when there is an invitation
      type: str
      sample: "2024-06-01T09:41:07.123000+00:00"
"""

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import AWSModule, converge
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_invitations import (
    Invitation,
    PendingInvitations,
    invalid_invitation_params,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import (
    SHARE_REFERENCE_RULES,
    SHARE_REFERENCE_SPEC,
)

ARGUMENT_SPEC = dict(
    **SHARE_REFERENCE_SPEC,
    sender_account_id=dict(type="str"),
    state=dict(type="str", choices=["accepted", "rejected"], default="accepted"),
    client_token=dict(type="str", no_log=False),
)


def main():
    module = AWSModule(
        ARGUMENT_SPEC,
        validate=invalid_invitation_params,
        required_one_of=[SHARE_REFERENCE_RULES["required_one_of"][0] + ["sender_account_id"]],
        mutually_exclusive=[SHARE_REFERENCE_RULES["mutually_exclusive"][0] + ["sender_account_id"]],
    )
    converge(module, PendingInvitations(module) if module.params["sender_account_id"] else Invitation(module))


if __name__ == "__main__":
    main()
