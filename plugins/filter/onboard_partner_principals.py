# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The filter onboard_partner_principals: see DOCUMENTATION."""

from __future__ import annotations

DOCUMENTATION = r"""
name: onboard_partner_principals
author: Partner Onboarding maintainers (@partner-onboarding)
version_added: 1.3.0
short_description: The onboard_partner role's principals as a list
description:
  - Reads the P(partner_onboarding.aws.onboard_partner#role) role's C(onboard_partner_principals) as a list, the way
    the role and the playbook C(partner_onboarding.aws.onboard_partners) read it.
  - An AWX survey answers a string (or a number), which the role's argument specification accepts for a list without
    converting it. A string or a number is split at commas, each part trimmed, empty parts left out, as Ansible's
    C(list) option type reads a string. A list is returned as it is, V(null) as an empty list.
positional: _input
options:
  _input:
    description: The principals, a list or a comma-separated string.
    type: raw
    required: true
seealso:
  - plugin: partner_onboarding.aws.onboard_partner
    plugin_type: role
"""

EXAMPLES = r"""
# => ["210987654321", "310987654321"]
- name: Show the principals of a survey's answer
  ansible.builtin.debug:
    msg: "{{ '210987654321, 310987654321' | partner_onboarding.aws.onboard_partner_principals }}"
"""

RETURN = r"""
_value:
  description: The principals, in the order given.
  type: list
  elements: str
"""

from ansible_collections.partner_onboarding.aws.plugins.plugin_utils._onboard_partner import onboard_partner_principals


class FilterModule:
    """The filter onboard_partner_principals."""

    def filters(self):
        return {"onboard_partner_principals": onboard_partner_principals}
