# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The filter onboard_partners_shared: see DOCUMENTATION."""

from __future__ import annotations

DOCUMENTATION = r"""
name: onboard_partners_shared
author: Partner Onboarding maintainers (@partner-onboarding)
version_added: 1.2.0
short_description: What the partners of an inventory share, for the onboard_partners playbook
description:
  - Reads the P(partner_onboarding.aws.onboard_partner#role) role's variables of every partner host and returns the
    parts they share, so that the playbook C(partner_onboarding.aws.onboard_partners) ensures each of them
    once, whatever the forks and however the partners are split into concurrent jobs.
  - Partners whose variables the modules would refuse (the filter P(partner_onboarding.aws.onboard_partner_errors#filter))
    are left out and returned in C(invalid); only partners with C(onboard_partner_state=present) make up the shares.
  - A partner whose C(onboard_partner_expires_on) is today or past (P(partner_onboarding.aws.onboard_partner_expired#filter))
    counts as offboarded, whatever its C(onboard_partner_state), as the role offboards it (since 1.3.0).
positional: _input, hosts
options:
  _input:
    description: The variables of the hosts, by host name (C(hostvars)).
    type: dict
    required: true
  hosts:
    description: The partner hosts (for example C(groups['partners'])).
    type: list
    elements: str
    required: true
  today:
    description:
      - The day to judge the partners' C(onboard_partner_expires_on) by, C(YYYY-MM-DD) (since 1.3.0). Unset, today in
        UTC.
    type: str
seealso:
  - plugin: partner_onboarding.aws.onboard_partner
    plugin_type: role
"""

EXAMPLES = r"""
- name: Show the shares that the partners of the group share
  ansible.builtin.debug:
    msg: "{{ (hostvars | partner_onboarding.aws.onboard_partners_shared(groups['partners'])).shares }}"
  run_once: true
"""

RETURN = r"""
_value:
  description: The shared parts.
  type: dict
  contains:
    shares:
      description:
        - One item per resource share (by connection, and by ARN or name) that a present partner lists, in first-seen
          order.
        - "Each: C(aws) (the connection options), C(name), C(arn), C(resource_arns) (the union), C(permissions) (the
          union, or V(null) when no partner manages them), C(allow_external_principals), C(tags) (the union, or
          V(null)), C(partners) (the hosts listing it), C(conflicts) (what the partners disagree on; the share is not
          ensured then) and C(client_token) (the token of its creation, derived from its name)."
      type: list
      elements: dict
    permissions:
      description:
        - One item per customer managed permission (by connection and name) that a present partner lists in
          C(onboard_partner_permissions), ensured before the shares whose C(permissions) may name it.
        - "Each: C(aws), C(name), C(resource_type), C(policy_template), C(tags) (the union, or V(null)), C(partners)
          and C(conflicts) (another resource type or template; the permission is not ensured then)."
      type: list
      elements: dict
    share_permissions:
      description:
        - The items of C(onboard_partner_resource_share_permissions) of the present partners, each once, with C(aws)
          and C(partners).
      type: list
      elements: dict
    invalid:
      description: The messages of the partners whose variables the modules would refuse, by host.
      type: dict
    kept_principals:
      description:
        - For each offboarded partner, by share name or ARN, the principals it lists that a present partner still lists
          on the same share; offboarding leaves them.
      type: dict
    expired:
      description:
        - The partners whose access has expired (C(onboard_partner_expires_on) today or past), in the order of
          O(hosts), since 1.3.0. They count as offboarded.
      type: list
      elements: str
    today:
      description:
        - The day the partners were judged by, C(YYYY-MM-DD) (since 1.3.0); the playbook gives it to the role, so that
          every partner of a run is judged by the same day.
      type: str
"""

from ansible_collections.partner_onboarding.aws.plugins.plugin_utils._onboard_partners import onboard_partners_shared


class FilterModule:
    """The filter onboard_partners_shared."""

    def filters(self):
        return {"onboard_partners_shared": onboard_partners_shared}
