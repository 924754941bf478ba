# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The filter partner_access_remediation_plan: see DOCUMENTATION."""

from __future__ import annotations

DOCUMENTATION = r"""
name: partner_access_remediation_plan
author: Partner Onboarding maintainers (@partner-onboarding)
version_added: 1.3.0
short_description: What remediating an access review removes, with which module, and what it leaves
description:
  - Reads the result of M(partner_onboarding.aws.partner_access_info) and decides, for each of its C(unexpected) and
    C(expired) rows, what the playbook C(partner_onboarding.aws.report_partner_access) does with
    C(partner_access_remediate=true).
  - A Redshift integration is removed with M(partner_onboarding.aws.redshift_partner), a RAM principal from its share
    with M(partner_onboarding.aws.ram_resource_share_principal), a Lake Formation grant with
    M(partner_onboarding.aws.lakeformation_permissions) (an unexpected row's permissions, those no partner declares;
    every permission the principal holds on the resource when the row is expired), a datashare authorization with
    M(partner_onboarding.aws.redshift_datashare); each with C(state=absent).
  - A Lake Formation grant on neither a database, a table nor a data location (the catalog, LF-tags, a data cells
    filter) is returned in C(by_hand), as an IAM role's trust is.
  - Never removed, and returned in C(kept) with the reason, a grant to the caller's own account (an account ID, its
    C(:root) ARN, or a role or user of it), a grantee of O(ignore), and a RAM principal of a share Lake Formation
    manages (C(managed_by=lakeformation); revoking the Lake Formation grant removes it).
  - IAM role trust is never changed; those rows are returned in C(by_hand).
positional: _input, own_account, ignore
options:
  _input:
    description: The registered result of M(partner_onboarding.aws.partner_access_info).
    type: dict
    required: true
  own_account:
    description:
      - The caller's account ID (the review's C(account_id)).
      - If not set, the account in the ARNs of the caller's shares, roles or datashares in the review; when the review
        has none and a row to remove names an account, the filter fails rather than risk removing the caller's own.
    type: str
  ignore:
    description: Grantees never removed (the review's C(ignore)).
    type: list
    elements: str
    default: []
seealso:
  - module: partner_onboarding.aws.partner_access_info
"""

EXAMPLES = r"""
- name: Review the access of the partners
  partner_onboarding.aws.partner_access_info:
    partners:
      - name: Fivetran
        principals: ["210987654321"]
        resource_shares: [fivetran-share]
  register: review

- name: Remove the principals nobody declared from the shares
  partner_onboarding.aws.ram_resource_share_principal:
    resource_share_arn: "{{ item.args.resource_share_arn }}"
    principals: "{{ item.args.principals }}"
    state: absent
  loop: "{{ (review | partner_onboarding.aws.partner_access_remediation_plan(review.account_id)).remove
            | selectattr('kind', 'equalto', 'ram') }}"
  loop_control:
    label: "{{ item.label }}"
"""

RETURN = r"""
_value:
  description: The plan.
  type: dict
  contains:
    own_account:
      description: The caller's account, as the plan used it (null when unknown and nothing needed it).
      type: str
    remove:
      description:
        - One entry per grant to remove, in the order of the review's rows, C({kind, module, args, label, reason,
          row}); C(module) is the fully qualified module name, C(args) its arguments (with C(state=absent)),
          C(reason) C(unexpected) or C(expired (<partner>)), C(row) the review's row.
      type: list
      elements: dict
    by_hand:
      description: The rows no module changes (IAM role trust), C({kind, label, reason, row}).
      type: list
      elements: dict
    kept:
      description: The rows left alone, C({kind, label, reason, row}), C(reason) saying why.
      type: list
      elements: dict
"""

from ansible_collections.partner_onboarding.aws.plugins.plugin_utils._partner_access_remediation import (
    partner_access_remediation_plan,
)


class FilterModule:
    """The filter partner_access_remediation_plan."""

    def filters(self):
        return {"partner_access_remediation_plan": partner_access_remediation_plan}
