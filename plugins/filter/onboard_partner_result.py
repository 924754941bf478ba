# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The filter onboard_partner_result: see DOCUMENTATION."""

from __future__ import annotations

DOCUMENTATION = r"""
name: onboard_partner_result
author: Partner Onboarding maintainers (@partner-onboarding)
version_added: 1.2.0
short_description: The onboard_partner role's result, from its registered task results
description:
  - Builds C(onboard_partner_result), what the partner has after a run of the
    P(partner_onboarding.aws.onboard_partner#role) role, from the results its tasks registered.
  - The shares are those of the principal task (with the C(principals) and C(pending_principals) it returns) when
    O(_input.onboard_partner_principals) is set, else those the share task ensured or the offboarding found. A share
    whose invitation the partner accepted in this run is replaced by its read after the acceptance.
positional: _input
options:
  _input:
    description: The role's variables, by name.
    type: dict
    required: true
    suboptions:
      onboard_partner_name:
        description: The partner's name.
        type: str
      onboard_partner_state:
        description: V(present) or V(absent).
        type: str
      onboard_partner_principals:
        description: The partner's principals, as a list.
        type: list
        elements: str
      onboard_partner_expires_on:
        description: The day the partner's access ends, C(YYYY-MM-DD) (since 1.3.0); V(null) when unset.
        type: raw
  expired:
    description:
      - Whether the role found the partner's access expired (P(partner_onboarding.aws.onboard_partner_expired#filter))
        and so offboarded it (since 1.3.0).
    type: bool
    default: false
  redshift:
    description: The registered result of the loop of M(partner_onboarding.aws.redshift_partner) tasks.
    type: dict
  shares:
    description: The registered result of the loop of M(partner_onboarding.aws.ram_resource_share) tasks.
    type: dict
  share_permissions:
    description:
      - The registered result of the loop of M(partner_onboarding.aws.ram_resource_share_permission) tasks.
    type: dict
  found_shares:
    description:
      - The registered result of the loop of M(partner_onboarding.aws.ram_resource_share_info) tasks that find the
        shares to offboard.
    type: dict
  share_principals:
    description: The registered result of the loop of M(partner_onboarding.aws.ram_resource_share_principal) tasks.
    type: dict
  permissions:
    description:
      - The registered result of the loop of M(partner_onboarding.aws.ram_permission) tasks (since 1.2.0).
    type: dict
  datashares:
    description:
      - The registered result of the loop of M(partner_onboarding.aws.redshift_datashare) tasks (since 1.3.0).
    type: dict
  datashares_associated:
    description:
      - The registered result of the loop of M(partner_onboarding.aws.redshift_datashare_info) tasks that read the
        datashares again after the partner associated them (since 1.3.0).
    type: dict
  accepted:
    description:
      - The registered result of the loop of M(partner_onboarding.aws.ram_resource_share_info) tasks that read the
        shares again after the partner accepted their invitations.
    type: dict
  lakeformation:
    description:
      - The registered result of the loop of M(partner_onboarding.aws.lakeformation_permissions) tasks (since 1.3.0).
    type: dict
seealso:
  - plugin: partner_onboarding.aws.onboard_partner
    plugin_type: role
"""

EXAMPLES = r"""
- name: Record what the partner has after the run
  ansible.builtin.set_fact:
    onboard_partner_result: >-
      {{ {'onboard_partner_name': 'Fivetran', 'onboard_partner_state': 'present', 'onboard_partner_principals': []}
         | partner_onboarding.aws.onboard_partner_result(redshift=redshift_results,
                                                       share_permissions=permission_results) }}
"""

RETURN = r"""
_value:
  description: The role's C(onboard_partner_result).
  type: dict
  contains:
    partner_name:
      description: The partner's name.
      type: str
      sample: Fivetran
    state:
      description:
        - V(present) or V(absent); V(absent) for a partner whose access expired, whatever C(onboard_partner_state)
          says.
      type: str
      sample: present
    expires_on:
      description:
        - The day the partner's access ends, C(onboard_partner_expires_on) (since 1.3.0). Only when it is set.
      type: str
      sample: "2027-06-30"
    expired:
      description:
        - Whether the access has expired (the day is today or past, UTC) and the role offboarded the partner (since
          1.3.0). Only when C(onboard_partner_expires_on) is set.
      type: bool
      sample: false
    partner_integrations:
      description:
        - The partner's integrations on the listed databases after the run, as
          M(partner_onboarding.aws.redshift_partner) returns them.
      type: list
      elements: dict
    resource_share_permissions:
      description:
        - Each share of C(onboard_partner_resource_share_permissions), by ARN, mapped to the permissions it carries
          after the run.
      type: dict
    resource_shares:
      description:
        - The shares of C(onboard_partner_resource_shares) as M(partner_onboarding.aws.ram_resource_share) returns
          them, with C(principals) and C(pending_principals) when C(onboard_partner_principals) is set; a share read
          again after the acceptance as M(partner_onboarding.aws.ram_resource_share_info) returns it.
      type: list
      elements: dict
    permissions_managed:
      description:
        - The customer managed permissions of C(onboard_partner_permissions), as
          M(partner_onboarding.aws.ram_permission) returns them (since 1.2.0; empty when offboarding).
      type: list
      elements: dict
    lakeformation_permissions:
      description:
        - One per item of C(onboard_partner_lakeformation_permissions) and principal, as
          M(partner_onboarding.aws.lakeformation_permissions) returns it (C(principal), C(resource), C(permissions),
          C(permissions_with_grant_option)) after the run (since 1.3.0).

    datashares:
      description:
        - One per item of C(onboard_partner_datashares), as M(partner_onboarding.aws.redshift_datashare) returns its
          C(datashare) (since 1.3.0); a datashare the partner associated in this run as the owner reads it afterwards.
      type: list
      elements: dict
"""

from ansible_collections.partner_onboarding.aws.plugins.plugin_utils._onboard_partner import onboard_partner_result


class FilterModule:
    """The filter onboard_partner_result."""

    def filters(self):
        return {"onboard_partner_result": onboard_partner_result}
