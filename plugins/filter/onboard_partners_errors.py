# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The filter onboard_partners_errors: see DOCUMENTATION."""

from __future__ import annotations

DOCUMENTATION = r"""
name: onboard_partners_errors
author: Partner Onboarding maintainers (@partner-onboarding)
version_added: 1.3.0
short_description: Why a partner of the onboard_partners playbook fails for the parts it shares
description:
  - The playbook C(partner_onboarding.aws.onboard_partners) ensures what several partners share once, for all of
    them, before the partners. This filter tells one partner which of those shared parts failed it, so that a failed
    share or permission fails only the partners listing it.
  - "In order: the conflicts of the shares it lists (C(partners disagree on a shared resource share: ...)), those of
    the customer managed permissions it lists (C(partners disagree on a customer managed permission: ...)), then the
    C(msg) of every failed item of O(permissions), O(shares) and O(share_permissions) that it lists."
positional: _input, host
options:
  _input:
    description: The result of P(partner_onboarding.aws.onboard_partners_shared#filter).
    type: dict
    required: true
  host:
    description: The partner's host (C(inventory_hostname)).
    type: str
    required: true
  permissions:
    description:
      - The registered result of the loop of M(partner_onboarding.aws.ram_permission) tasks over the shared
        C(permissions).
    type: dict
  shares:
    description:
      - The registered result of the loop of M(partner_onboarding.aws.ram_resource_share) tasks over the shared
        C(shares).
    type: dict
  share_permissions:
    description:
      - The registered result of the loop of M(partner_onboarding.aws.ram_resource_share_permission) tasks over the
        shared C(share_permissions).
    type: dict
seealso:
  - plugin: partner_onboarding.aws.onboard_partners_shared
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Fail the partners whose shared parts could not be ensured
  ansible.builtin.assert:
    that: errors | length == 0
    fail_msg: "{{ errors | join('; ') }}"
    quiet: true
  vars:
    errors: >-
      {{ shared | partner_onboarding.aws.onboard_partners_errors(inventory_hostname, permissions=managed,
                                                                  shares=ensured, share_permissions=associated) }}
"""

RETURN = r"""
_value:
  description: The messages, empty when every shared part that the partner lists was ensured.
  type: list
  elements: str
"""

from ansible_collections.partner_onboarding.aws.plugins.plugin_utils._onboard_partners import onboard_partners_errors


class FilterModule:
    """The filter onboard_partners_errors."""

    def filters(self):
        return {"onboard_partners_errors": onboard_partners_errors}
