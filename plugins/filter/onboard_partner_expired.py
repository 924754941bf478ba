# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The filter onboard_partner_expired: see DOCUMENTATION."""

from __future__ import annotations

DOCUMENTATION = r"""
name: onboard_partner_expired
author: Partner Onboarding maintainers (@partner-onboarding)
version_added: 1.3.0
short_description: Whether a partner's access has expired
description:
  - Tells whether the date C(onboard_partner_expires_on) of the P(partner_onboarding.aws.onboard_partner#role) role has
    come, that is V(true) on that day (UTC) and after. The role then offboards the partner, whatever
    C(onboard_partner_state) says.
  - The rule is the one M(partner_onboarding.aws.partner_access_info) applies to C(partners[].expires_on), so the role
    offboards exactly the partners the access review reports as expired.
  - V(null) (the variable unset) never expires. A value that is not a date in the form C(YYYY-MM-DD) is an error
    naming C(onboard_partner_expires_on); the role refuses it before any AWS call
    (P(partner_onboarding.aws.onboard_partner_errors#filter)).
positional: _input, today
options:
  _input:
    description:
      - The partner's C(onboard_partner_expires_on), C(YYYY-MM-DD) (a string, or a date as YAML reads an unquoted one).
    type: raw
    required: true
  today:
    description:
      - The day to judge by, C(YYYY-MM-DD). Unset, today in UTC. The playbook C(partner_onboarding.aws.onboard_partners)
        judges every partner of a run by the day the run started.
    type: str
seealso:
  - plugin: partner_onboarding.aws.onboard_partner
    plugin_type: role
  - module: partner_onboarding.aws.partner_access_info
"""

EXAMPLES = r"""
# => true (the contract ended on the last day of 2026)
- name: Show whether the partner's access has expired on a given day
  ansible.builtin.debug:
    msg: "{{ '2026-12-31' | partner_onboarding.aws.onboard_partner_expired('2027-01-15') }}"

- name: Show whether the partner's access has expired today (UTC)
  ansible.builtin.debug:
    msg: "{{ onboard_partner_expires_on | default(none) | partner_onboarding.aws.onboard_partner_expired }}"
"""

RETURN = r"""
_value:
  description: V(true) when the date is today or past (UTC), V(false) when it is later or unset.
  type: bool
"""

from ansible_collections.partner_onboarding.aws.plugins.plugin_utils._onboard_partner import onboard_partner_expired


class FilterModule:
    """The filter onboard_partner_expired."""

    def filters(self):
        return {"onboard_partner_expired": onboard_partner_expired}
