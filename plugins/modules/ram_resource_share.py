#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ram_resource_share
short_description: Create, update or delete an AWS RAM resource share
version_added: 1.1.0
description:
  - Ensures that an AWS Resource Access Manager (RAM) resource share exists, or not, holding the given resources,
    shared with the given principals, carrying the given permissions and tags.
  - Resources, principals, permissions and tags are each managed only when their option is set.
  - A new share gets everything in one C(CreateResourceShare) call (resources, principals, permissions, tags), so no
    principal ever sees RAM's default permission in between. On an existing share the permissions change first
    (C(AssociateResourceSharePermission), replacing the permission in place for the type, never by recreating the
    share), then the share's settings (C(UpdateResourceShare)), then resources, then principals
    (C(AssociateResourceShare), C(DisassociateResourceShare)), then tags (C(TagResource), C(UntagResource)).
  - Reads with C(GetResourceShares), C(GetResourceShareAssociations) (principals and resources) and, only when
    O(permissions) is set, C(ListResourceSharePermissions) and C(GetPermission) for a permission not yet on the
    share. A converged task writes nothing.
  - Associations are asynchronous in RAM. With O(wait=true) the task waits until every association it made is
    C(ASSOCIATED) (or C(DISASSOCIATED)); one that ends C(FAILED) fails the task with RAM's status message.
  - An account outside the owner's organization gets an invitation; its association stays C(ASSOCIATING) until the
    partner accepts it (see M(partner_onboarding.aws.ram_resource_share_invitation)). Such principals are not waited
    for, are returned in RV(resource_share.pending_principals), and are no change on the next run.
  - Since 1.3.0, O(sources) restricts the share's service principals to the resources of the given accounts,
    organizations or OUs (read with one C(ListSourceAssociations), only when O(sources) is set);
    O(retain_sharing_on_account_leave_organization) is sent at creation; a principal whose account left the
    organization (C(SUSPENDED), C(SUSPENDING), C(RESTORING)) counts as present; O(promote) adopts a share created from
    a resource policy.
  - Invalid input fails before any AWS call.
author:
  - Partner Onboarding maintainers (@partner-onboarding)
options:
  name:
    description:
      - The name of the share. Without O(arn), it identifies the share among the caller's shares in the region that
        are not C(DELETING) or C(DELETED); several shares of that name fail the task, listing their ARNs.
      - Required to create a share. With O(arn), the share is renamed to O(name).
    type: str
  arn:
    description:
      - The ARN of an existing share, C(arn:<partition>:ram:<region>:<account>:resource-share/<id>).
    type: str
  state:
    description:
      - V(present) creates or updates the share; V(absent) deletes it (the shared resources themselves are not
        touched).
    type: str
    choices: [present, absent]
    default: present
  resource_arns:
    description:
      - The ARNs of the resources the share must hold, for example Glue databases and tables.
      - If not set, the share's resources are not managed.
    type: list
    elements: str
  purge_resources:
    description:
      - Also remove the share's resources that are not in O(resource_arns).
    type: bool
    default: false
  principals:
    description:
      - The principals the share must be shared with, each a 12-digit account ID, an organization ARN, an
        organizational unit ARN, an IAM role or user ARN, or a service principal (C(<service>.amazonaws.com)).
      - If not set, the share's principals are not managed.
    type: list
    elements: str
  purge_principals:
    description:
      - Also remove the principals that are not in O(principals).
    type: bool
    default: false
  allow_external_principals:
    description:
      - Whether the share may be shared with accounts outside the owner's organization.
      - A new share gets V(false) unless this is set (RAM's own default is V(true)); an existing share is changed
        only when it is set.
    type: bool
  permissions:
    description:
      - The permissions the share must carry, each a RAM permission ARN or an AWS-managed permission name such as
        V(AWSRAMPermissionGlueDatabaseReadWrite) (its ARN is built for the share's partition).
      - Since 1.2.0, also a customer managed permission's name (see M(partner_onboarding.aws.ram_permission)); a name
        that does not start with C(AWSRAM), as every AWS-managed permission's does, is looked up among the caller's
        customer managed permissions with one C(ListPermissions) call for all such names. A share using an older
        version of it is reported with that version; O(partner_onboarding.aws.ram_permission#module:upgrade_shares)
        moves it.
      - One per resource type; a different permission in place for that type is replaced. Two for one resource
        type fail before any write.
      - Resource types without a listed permission keep (or get) RAM's default permission.
      - If not set, the share's permissions are not managed.
    type: list
    elements: str
  sources:
    description:
      - The accounts (12-digit IDs), organization ARNs or organizational unit ARNs whose resources the share's
        service principals may use. Sent as C(sources) in C(CreateResourceShare), or in C(AssociateResourceShare)
        (with the new service principals when the task adds some, so that a service principal is never shared
        unrestricted) and C(DisassociateResourceShare) on an existing share.
      - Read with one C(ListSourceAssociations) (paginated), made only when this is set, as C(GetResourceShares) does
        not return sources.
      - Only with service principals (C(<service>.amazonaws.com)) in O(principals), at least one of them, in the
        same task; any other principal there, or none, fails before any AWS call.
      - If not set, the share's sources are not managed.
    type: list
    elements: str
    version_added: 1.3.0
  purge_sources:
    description:
      - Also remove the share's sources that are not in O(sources) (C(DisassociateResourceShare)), after adding the
        new ones.
    type: bool
    default: false
    version_added: 1.3.0
  retain_sharing_on_account_leave_organization:
    description:
      - Whether the share keeps sharing with an account that leaves the organization; its principal association
        becomes C(SUSPENDING), then C(SUSPENDED) (and C(RESTORING) when it comes back).
      - Sent in C(CreateResourceShare)'s C(resourceShareConfiguration). RAM sets it only when a share is created
        (C(UpdateResourceShare) cannot change it), so an existing share with the other value fails the task before
        any write, naming this option.
      - If not set, a new share gets RAM's default (V(false)) and an existing share is not checked.
    type: bool
    version_added: 1.3.0
  promote:
    description:
      - Adopt a share created from a resource policy (RV(resource_share.feature_set) C(CREATED_FROM_POLICY), what a
        service's C(PutResourcePolicy) makes), which RAM does not let change until it is promoted.
      - With V(true), such a share is promoted first, with C(PromotePermissionCreatedFromPolicy) for each of its
        permissions that is itself created from the policy (the customer managed permission made of it is named
        C(<share name>-<resource type without ':'>), characters other than letters, digits, C(-) and C(_) made
        C(-), cut to 36 characters), then C(PromoteResourceShareCreatedFromPolicy); the task waits (reading
        C(GetResourceShares), at most O(wait_timeout) seconds) until the share is C(STANDARD), then manages it as
        usual. A C(STANDARD) share is no change.
      - With V(false), a task that would change such a share (or delete it) fails before any write, naming this
        option; one that would not change it succeeds. The share's permissions are read
        (C(ListResourceSharePermissions)) to know what to promote.
    type: bool
    default: false
    version_added: 1.3.0
  tags:
    description:
      - The tags of the share, as a dict.
      - If not set, the share's tags are not managed.
    type: dict
  purge_tags:
    description:
      - With O(tags) set, remove the share's tags that are not listed.
    type: bool
    default: true
  client_token:
    description:
      - The idempotency token of the first write; the next writes of the task get tokens derived from it.
      - If not set, each write gets a fresh UUID. botocore's retries of a write resend its token, so RAM applies
        it once.
    type: str
extends_documentation_fragment:
  - partner_onboarding.aws.connection
  - partner_onboarding.aws.attributes
  - partner_onboarding.aws.ram_wait
attributes:
  check_mode:
    description: Can run in check mode and return the predicted C(changed) status and share without modifying
      anything. Only read calls are made.
    support: full
  diff_mode:
    description: Returns the share's name, C(allow_external_principals), resources, principals, permissions by
      resource type and tags before and after the task.
    support: full
seealso:
  - module: partner_onboarding.aws.ram_resource_share_info
  - module: partner_onboarding.aws.ram_resource_share_principal
  - module: partner_onboarding.aws.ram_resource_share_permission
  - module: partner_onboarding.aws.ram_resource_share_invitation
  - name: CreateResourceShare in the AWS RAM API reference
    description: The API this module calls to create a share.
    link: https://docs.aws.amazon.com/ram/latest/APIReference/API_CreateResourceShare.html
"""

EXAMPLES = r"""
- name: Share two Glue databases read-write with a partner's account outside the organization
  partner_onboarding.aws.ram_resource_share:
    name: fivetran-share
    resource_arns:
      - arn:aws:glue:us-east-1:123456789012:database/sales
      - arn:aws:glue:us-east-1:123456789012:catalog
    permissions:
      - AWSRAMPermissionGlueDatabaseReadWrite
    principals:
      - "210987654321"
    allow_external_principals: true
    tags:
      partner: fivetran
    region: us-east-1
  register: share

- name: Show which principals still have to accept their invitation
  ansible.builtin.debug:
    var: share.resource_share.pending_principals

- name: Preview making the share hold exactly these resources, without changing it
  partner_onboarding.aws.ram_resource_share:
    name: fivetran-share
    resource_arns:
      - arn:aws:glue:us-east-1:123456789012:database/sales
    purge_resources: true
    region: us-east-1
  check_mode: true
  diff: true

- name: Let Glue use the shared catalog, only for the resources of two accounts
  partner_onboarding.aws.ram_resource_share:
    name: glue-catalog-share
    resource_arns:
      - arn:aws:glue:us-east-1:123456789012:catalog
    principals:
      - glue.amazonaws.com
    sources:
      - "123456789012"
      - "210987654321"
    purge_sources: true
    region: us-east-1

- name: Keep sharing with member accounts that leave the organization (set at creation only)
  partner_onboarding.aws.ram_resource_share:
    name: finance-share
    principals:
      - arn:aws:organizations::123456789012:ou/o-exampleorg1/ou-ab12-cdefgh34
    retain_sharing_on_account_leave_organization: true
    region: us-east-1

- name: Adopt a share that a Glue resource policy created, and manage its principals from now on
  partner_onboarding.aws.ram_resource_share:
    name: LakeFormation-V3-1a2b3c4d5e
    promote: true
    principals:
      - "210987654321"
    allow_external_principals: true
    region: us-east-1

- name: Connection options once for every module of the collection
  module_defaults:
    group/partner_onboarding.aws.aws:
      region: us-east-1
  block:
    - name: Rename the share, found by its ARN, and add a tag without removing the others
      partner_onboarding.aws.ram_resource_share:
        arn: "{{ share.resource_share.arn }}"
        name: fivetran-sales-share
        tags:
          cost-center: data
        purge_tags: false

    - name: Delete the share (the Glue databases stay)
      partner_onboarding.aws.ram_resource_share:
        name: fivetran-sales-share
        state: absent
"""

RETURN = r"""
resource_share:
  description:
    - The share after the task (in check mode, as predicted); empty when it does not exist.
    - In check mode, values only AWS knows for a new share (its ARN, account, times) are V(null).
  returned: success
  type: dict
  contains:
    arn:
      description: The ARN of the share.
      returned: when the share exists
      type: str
      sample: arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e
    name:
      description: The name of the share.
      returned: when the share exists
      type: str
      sample: fivetran-share
    status:
      description: The status of the share (C(PENDING), C(ACTIVE), C(FAILED), C(DELETING), C(DELETED)).
      returned: when the share exists
      type: str
      sample: ACTIVE
    owning_account_id:
      description: The account that owns the share.
      returned: when the share exists
      type: str
      sample: "123456789012"
    allow_external_principals:
      description: Whether the share may be shared with accounts outside the organization.
      returned: when the share exists
      type: bool
      sample: true
    feature_set:
      description:
        - The feature set of the share (C(STANDARD), C(CREATED_FROM_POLICY), C(PROMOTING_TO_STANDARD)).
        - C(CREATED_FROM_POLICY) is a share created from a resource policy, which RAM does not let change until it is
          promoted (O(promote)).
      returned: when the share exists
      type: str
      sample: STANDARD
    retain_sharing_on_account_leave_organization:
      description: Whether the share keeps sharing with an account that leaves the organization (set at creation).
      returned: when the share exists
      type: bool
      sample: false
      version_added: 1.3.0
    tags:
      description: The tags of the share.
      returned: when the share exists
      type: dict
      sample: {"partner": "fivetran"}
    creation_time:
      description: When the share was created, ISO 8601.
      returned: when the share exists
      type: str
      sample: "2024-06-01T09:41:07.123000+00:00"
    last_updated_time:
      description: When the share was last changed, ISO 8601.
      returned: when the share exists
      type: str
      sample: "2024-06-01T09:41:07.123000+00:00"
    resource_arns:
      description: The resources the share holds (associated, or being associated).
      returned: when the share exists
      type: list
      elements: str
      sample: ["arn:aws:glue:us-east-1:123456789012:database/sales"]
    principals:
      description: Every principal the share is shared with, including those waiting for their invitation.
      returned: when the share exists
      type: list
      elements: str
      sample: ["210987654321"]
    pending_principals:
      description: The principals (accounts outside the organization) that have not accepted their invitation yet.
      returned: when the share exists
      type: list
      elements: str
      sample: ["210987654321"]
    suspended_principals:
      description:
        - The principals whose association is C(SUSPENDED), C(SUSPENDING) or C(RESTORING) (their account left the
          organization while the share retains sharing). They are also in RV(resource_share.principals) and are
          never associated again.
      returned: when the share exists
      type: list
      elements: str
      sample: ["444455556666"]
      version_added: 1.3.0
    sources:
      description: The share's sources (accounts, organizations or OUs), associated or being associated.
      returned: when O(sources) is set and the share exists
      type: list
      elements: str
      sample: ["123456789012"]
      version_added: 1.3.0
    permissions:
      description: The permissions of the share, as M(partner_onboarding.aws.ram_resource_share_permission)
        returns them.
      returned: when O(permissions) is set and the share exists
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
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_share_sources import (
    invalid_share_params_with_sources,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_shares import (
    Share,
)

ARGUMENT_SPEC = dict(
    name=dict(type="str"),
    arn=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    resource_arns=dict(type="list", elements="str"),
    purge_resources=dict(type="bool", default=False),
    principals=dict(type="list", elements="str"),
    purge_principals=dict(type="bool", default=False),
    allow_external_principals=dict(type="bool"),
    permissions=dict(type="list", elements="str"),
    sources=dict(type="list", elements="str"),
    purge_sources=dict(type="bool", default=False),
    retain_sharing_on_account_leave_organization=dict(type="bool"),
    promote=dict(type="bool", default=False),
    tags=dict(type="dict"),
    purge_tags=dict(type="bool", default=True),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=300),
    client_token=dict(type="str", no_log=False),
)


def main():
    module = AWSModule(ARGUMENT_SPEC, validate=invalid_share_params_with_sources)
    converge(module, Share(module))


if __name__ == "__main__":
    main()
