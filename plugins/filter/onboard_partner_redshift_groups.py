# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The filter onboard_partner_redshift_groups: see DOCUMENTATION."""

from __future__ import annotations

DOCUMENTATION = r"""
name: onboard_partner_redshift_groups
author: Partner Onboarding maintainers (@partner-onboarding)
version_added: 1.2.0
short_description: The onboard_partner role's Redshift databases, one item per cluster and account
description:
  - Groups the databases of the P(partner_onboarding.aws.onboard_partner#role) role's
    C(onboard_partner_redshift_databases) into one item per (cluster, account), in the order they first appear, so
    that one M(partner_onboarding.aws.redshift_partner) task handles every database of a cluster with one read.
  - A database's account is its own C(account_id), or O(account_id) when it has none (or C(null)); an empty account
    is returned as V(null), for the module to use the caller's account.
positional: _input, account_id
options:
  _input:
    description:
      - The databases, each a dict with C(cluster_identifier), C(database_name) and optionally C(account_id).
    type: list
    elements: dict
    required: true
  account_id:
    description: The account of the databases that name none (the role's C(onboard_partner_account_id)).
    type: str
seealso:
  - plugin: partner_onboarding.aws.onboard_partner
    plugin_type: role
"""

EXAMPLES = r"""
- name: Authorize the partner on every listed database, one task per cluster and account
  partner_onboarding.aws.redshift_partner:
    cluster_identifier: "{{ item.cluster_identifier }}"
    database_name: "{{ item.database_names }}"
    account_id: "{{ item.account_id | default(omit, true) }}"
    partner_name: Fivetran
  loop: "{{ databases | partner_onboarding.aws.onboard_partner_redshift_groups('123456789012') }}"
  loop_control:
    label: "{{ item.cluster_identifier }}"
  vars:
    databases:
      - {cluster_identifier: analytics, database_name: sales}
      - {cluster_identifier: reporting, database_name: finance}
      - {cluster_identifier: analytics, database_name: marketing}

# => [{"cluster_identifier": "analytics", "account_id": "123456789012", "database_names": ["sales", "marketing"]},
#     {"cluster_identifier": "reporting", "account_id": "123456789012", "database_names": ["finance"]}]
"""

RETURN = r"""
_value:
  description: One dict per (cluster, account), in the order of the first database of each.
  type: list
  elements: dict
  contains:
    cluster_identifier:
      description: The cluster.
      type: str
      sample: analytics
    account_id:
      description: The account owning the cluster; V(null) for the caller's account.
      type: str
      sample: "123456789012"
    database_names:
      description: The names of the cluster's listed databases, in the order listed.
      type: list
      elements: str
      sample: [sales, marketing]
"""

from ansible_collections.partner_onboarding.aws.plugins.plugin_utils._onboard_partner import (
    onboard_partner_redshift_groups,
)


class FilterModule:
    """The filter onboard_partner_redshift_groups."""

    def filters(self):
        return {"onboard_partner_redshift_groups": onboard_partner_redshift_groups}
