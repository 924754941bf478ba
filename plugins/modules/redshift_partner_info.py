#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redshift_partner_info
short_description: List the partner integrations of an Amazon Redshift cluster
version_added: 1.0.0
description:
  - Lists the partner integrations of an Amazon Redshift cluster, optionally only those of one database or one
    partner, with one Redshift C(DescribePartners) call.
  - Never changes anything.
author:
  - Partner Onboarding maintainers (@partner-onboarding)
options:
  cluster_identifier:
    description:
      - The identifier of the Redshift cluster.
      - 1 to 63 ASCII letters, digits or hyphens.
    type: str
    required: true
  account_id:
    description:
      - The 12-digit AWS account that owns the cluster.
      - If not set, the caller's account, found with one C(sts:GetCallerIdentity) call.
    type: str
  database_name:
    description:
      - Only the integrations with this database, matched exactly (case-sensitive).
      - 2 to 127 characters; the first is a letter (of any script) or an underscore, the others letters, numbers,
        V(@), V($), V(#) or underscores.
    type: str
  partner_name:
    description:
      - Only the integrations of this partner, for example V(Fivetran), matched exactly (case-sensitive).
      - 1 to 255 ASCII letters, digits, underscores or hyphens.
    type: str
extends_documentation_fragment:
  - partner_onboarding.aws.connection
  - partner_onboarding.aws.attributes
  - partner_onboarding.aws.attributes.info
seealso:
  - module: partner_onboarding.aws.redshift_partner
  - name: DescribePartners in the Amazon Redshift API reference
    description: The API this module calls.
    link: https://docs.aws.amazon.com/redshift/latest/APIReference/API_DescribePartners.html
"""

EXAMPLES = r"""
- name: List every partner integration of the analytics cluster
  partner_onboarding.aws.redshift_partner_info:
    cluster_identifier: analytics
    region: eu-west-1
  register: analytics_partners

- name: Show the partners integrated with the sales database
  ansible.builtin.debug:
    msg: "{{ analytics_partners.partner_integrations | map(attribute='partner_name') | list }}"

- name: Read with the connection options of the action group, also in check mode
  module_defaults:
    group/partner_onboarding.aws.aws:
      region: eu-west-1
      profile: onboarding
  block:
    - name: Find the Fivetran integration of the sales database, if any
      partner_onboarding.aws.redshift_partner_info:
        cluster_identifier: analytics
        account_id: "123456789012"
        database_name: sales
        partner_name: Fivetran
      check_mode: true
      register: fivetran

    - name: Fail unless Fivetran is active
      ansible.builtin.assert:
        that:
          - fivetran.partner_integrations | length == 1
          - fivetran.partner_integrations[0].status == 'Active'
"""

RETURN = r"""
partner_integrations:
  description:
    - The integrations that match the filters, each as the C(partner_integration) of
      M(partner_onboarding.aws.redshift_partner).
    - Empty when none matches.
  returned: success
  type: list
  elements: dict
  contains:
    account_id:
      description: The AWS account that owns the cluster.
      returned: always
      type: str
      sample: "123456789012"
    cluster_identifier:
      description: The identifier of the cluster.
      returned: always
      type: str
      sample: analytics
    database_name:
      description: The database the partner integrates with.
      returned: always
      type: str
      sample: sales
    partner_name:
      description: The name of the partner.
      returned: always
      type: str
      sample: Fivetran
    status:
      description: The status the integration reports.
      returned: always
      type: str
      sample: Active
    status_message:
      description: The message that goes with the status.
      returned: always
      type: str
      sample: ""
    created_at:
      description: When the integration was created, in ISO 8601.
      returned: always
      type: str
      sample: "2024-05-02T09:41:07.123000+00:00"
    updated_at:
      description: When the integration was last updated, in ISO 8601.
      returned: always
      type: str
      sample: "2024-05-02T09:41:07.123000+00:00"
"""

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import AWSModule, converge
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift import (
    IntegrationsInfo,
    invalid_options,
)

ARGUMENT_SPEC = dict(
    cluster_identifier=dict(type="str", required=True),
    account_id=dict(type="str"),
    database_name=dict(type="str"),
    partner_name=dict(type="str"),
)


def main():
    module = AWSModule(ARGUMENT_SPEC, validate=invalid_options)
    converge(module, IntegrationsInfo(module))


if __name__ == "__main__":
    main()
