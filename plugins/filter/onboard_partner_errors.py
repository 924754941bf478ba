# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The filter onboard_partner_errors: see DOCUMENTATION."""

from __future__ import annotations

DOCUMENTATION = r"""
name: onboard_partner_errors
author: Partner Onboarding maintainers (@partner-onboarding)
version_added: 1.2.0
short_description: The values of the onboard_partner role's variables that the modules would refuse
description:
  - Checks every value that the P(partner_onboarding.aws.onboard_partner#role) role passes to a module with that
    module's own rule (the collection's C(module_utils)), so the role refuses exactly what the modules refuse, before
    any AWS call.
  - "Checked: the principals (when shares are listed), the share, resource and permission ARNs and the permission
    names of O(_input.onboard_partner_resource_shares) and O(_input.onboard_partner_resource_share_permissions), and,
    when O(_input.onboard_partner_redshift_databases) lists a database, the partner's name, the account IDs and each
    database's cluster and name, with the rules of M(partner_onboarding.aws.redshift_partner)."
  - >-
    Returns one message per variable with a refused value, naming the variable, the refused values and the rule,
    for example C(onboard_partner_principals: '21098765432' not valid: each must be ...); an empty list when every
    value passes.
positional: _input
options:
  _input:
    description:
      - The role's variables, by name. Missing keys count as empty.
    type: dict
    required: true
    suboptions:
      onboard_partner_name:
        description:
          - The partner's name, passed to M(partner_onboarding.aws.redshift_partner) as its
            O(partner_onboarding.aws.redshift_partner#module:partner_name).
        type: str
      onboard_partner_account_id:
        description: The account owning the clusters, for the databases that name no account of their own.
        type: str
      onboard_partner_redshift_databases:
        description:
          - The Redshift databases, each a dict with C(cluster_identifier), C(database_name) and optionally
            C(account_id).
        type: list
        elements: dict
      onboard_partner_principals:
        description:
          - The partner's principals, as a list (the role reads an AWX survey's comma-separated string first).
        type: list
        elements: str
      onboard_partner_resource_shares:
        description:
          - The resource shares, each a dict with C(name) or C(arn), and optionally C(resource_arns) and
            C(permissions).
        type: list
        elements: dict
      onboard_partner_resource_share_permissions:
        description:
          - The permissions of existing shares, each a dict with C(resource_share_arn) or C(resource_share_name) and
            C(permission_arn) or C(permission_name).
        type: list
        elements: dict
      onboard_partner_expires_on:
        description:
          - The day the partner's access ends, C(YYYY-MM-DD) (since 1.3.0); V(null) when unset. Anything else that is
            not a date is refused, with the rule of M(partner_onboarding.aws.partner_access_info)'s C(expires_on).
        type: raw
seealso:
  - plugin: partner_onboarding.aws.onboard_partner
    plugin_type: role
"""

EXAMPLES = r"""
- name: Check the values the modules would refuse, before any AWS call
  ansible.builtin.assert:
    that: errors | length == 0
    fail_msg: "{{ errors | join('; ') }}"
    quiet: true
  vars:
    errors: "{{ role_variables | partner_onboarding.aws.onboard_partner_errors }}"
    role_variables:
      onboard_partner_name: Fivetran
      onboard_partner_principals: ["210987654321"]
      onboard_partner_resource_shares:
        - name: fivetran-share
          resource_arns: [arn:aws:glue:eu-west-1:123456789012:database/sales]

# => ["onboard_partner_principals: '21098765432' not valid: each must be a 12-digit account ID, ..."]
- name: Show what a module would refuse
  ansible.builtin.debug:
    msg: >-
      {{ {'onboard_partner_principals': ['21098765432'], 'onboard_partner_resource_shares': [{'name': 'share'}]}
         | partner_onboarding.aws.onboard_partner_errors }}
"""

RETURN = r"""
_value:
  description: One message per variable holding a value a module would refuse; empty when there is none.
  type: list
  elements: str
"""

from ansible_collections.partner_onboarding.aws.plugins.plugin_utils._onboard_partner import onboard_partner_errors


class FilterModule:
    """The filter onboard_partner_errors."""

    def filters(self):
        return {"onboard_partner_errors": onboard_partner_errors}
