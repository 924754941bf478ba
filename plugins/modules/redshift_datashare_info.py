#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redshift_datashare_info
short_description: List Amazon Redshift datashares and their consumers
version_added: 1.3.0
description:
  - Returns Redshift datashares with their associations (consumers and statuses).
  - With O(datashare_arn), that datashare (C(DescribeDataShares)); V([]) when it does not exist. With
    O(cluster_identifier), the datashares its namespace produces (C(DescribeClusters), then
    C(DescribeDataSharesForProducer), all pages). With neither, every datashare the caller produces or consumes
    (C(DescribeDataShares), all pages).
  - Never changes anything.
author:
  - Partner Onboarding maintainers (@partner-onboarding)
options:
  datashare_arn:
    description:
      - Only this datashare. Mutually exclusive with O(cluster_identifier).
    type: str
  cluster_identifier:
    description:
      - Only the datashares that this cluster's namespace produces.
    type: str
extends_documentation_fragment:
  - partner_onboarding.aws.connection
  - partner_onboarding.aws.attributes
  - partner_onboarding.aws.attributes.info
notes:
  - "IAM actions: C(redshift:DescribeDataShares); with O(cluster_identifier), C(redshift:DescribeClusters) and
    C(redshift:DescribeDataSharesForProducer)."
seealso:
  - module: partner_onboarding.aws.redshift_datashare
  - module: partner_onboarding.aws.redshift_datashare_consumer
"""

EXAMPLES = r"""
- name: List the datashares of the analytics cluster
  partner_onboarding.aws.redshift_datashare_info:
    cluster_identifier: analytics
    region: eu-west-1
  register: produced

- name: Show each datashare's consumers and their statuses
  ansible.builtin.debug:
    msg: "{{ produced.datashares | items2dict(key_name='name', value_name='associations') }}"

- name: As the partner, list every datashare the account consumes
  partner_onboarding.aws.redshift_datashare_info:
    region: eu-west-1
    profile: partner
"""

RETURN = r"""
datashares:
  description:
    - The datashares; each a dict with the keys of RV(partner_onboarding.aws.redshift_datashare#module:datashare).
  returned: success
  type: list
  elements: dict
  sample:
    - arn: arn:aws:redshift:eu-west-1:123456789012:datashare:3072dae5-022b-4d45-9cd3-01f010aae4b2/sales_share
      producer_arn: arn:aws:redshift:eu-west-1:123456789012:namespace:3072dae5-022b-4d45-9cd3-01f010aae4b2
      name: sales_share
      allow_publicly_accessible_consumers: false
      associations:
        - consumer_identifier: "111122223333"
          status: AUTHORIZED
          allow_writes: false
          consumer_region: null
          created_date: "2026-05-02T09:41:07.123000+00:00"
          status_change_date: "2026-05-02T09:45:00+00:00"
"""

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import AWSModule, converge
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift_datashares import (
    DatasharesInfo,
    invalid_datashare_options,
)

ARGUMENT_SPEC = dict(
    datashare_arn=dict(type="str"),
    cluster_identifier=dict(type="str"),
)


def main():
    module = AWSModule(
        ARGUMENT_SPEC,
        validate=invalid_datashare_options,
        mutually_exclusive=[("datashare_arn", "cluster_identifier")],
    )
    converge(module, DatasharesInfo(module))


if __name__ == "__main__":
    main()
