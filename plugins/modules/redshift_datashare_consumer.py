#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redshift_datashare_consumer
short_description: Associate, disassociate or reject an Amazon Redshift datashare as its consumer
version_added: 1.3.0
description:
  - The consumer's side of a Redshift datashare, run with the consumer's (the partner's) credentials. Associates the
    caller's entire account, or one of its namespaces, with a datashare the producer authorized it on
    (C(AssociateDataShareConsumer)), disassociates it (C(DisassociateDataShareConsumer)) or rejects it
    (C(RejectDataShare)).
  - The datashare is read with one C(DescribeDataShares) call (the ARN), plus one C(sts:GetCallerIdentity) call when
    O(consumer_arn) is not set (the caller's account names its association).
author:
  - Partner Onboarding maintainers (@partner-onboarding)
options:
  datashare_arn:
    description:
      - The ARN of the producer's datashare.
    type: str
    required: true
  state:
    description:
      - V(associated) associates the datashare when the producer authorized it (C(AUTHORIZED), or C(AVAILABLE) as a
        consumer may see it); already C(ACTIVE) is no change. Not authorized yet (no association, or
        C(PENDING_AUTHORIZATION), C(DEAUTHORIZED)) fails, saying that the producer must authorize this account; a
        datashare this account rejected fails too.
      - V(disassociated) disassociates an C(ACTIVE) association; anything else is no change.
      - V(rejected) rejects the datashare for the entire account; C(REJECTED) already is no change; an C(ACTIVE)
        association fails (disassociate first).
    type: str
    choices: [associated, disassociated, rejected]
    default: associated
  consumer_arn:
    description:
      - The ARN of one namespace of the caller's cluster to associate (or disassociate), instead of the entire account
        (C(AssociateEntireAccount)).
      - Not with O(state=rejected).
    type: str
  allow_writes:
    description:
      - Sent with C(AssociateDataShareConsumer), whether the consumer accepts writes to the datashare's objects.
      - Used only when associating; an association is not made again to change it.
    type: bool
    default: false
extends_documentation_fragment:
  - partner_onboarding.aws.connection
  - partner_onboarding.aws.attributes
attributes:
  check_mode:
    description: Can run in check mode and return the predicted C(changed) status and datashare without modifying
      anything. Only read calls are made.
    support: full
  diff_mode:
    description: Returns the consumer's association status before and after the task, as a dict of C(consumer_id) to status.
    support: full
notes:
  - "IAM actions on the consumer's side: C(redshift:DescribeDataShares), C(redshift:AssociateDataShareConsumer),
    C(redshift:DisassociateDataShareConsumer), C(redshift:RejectDataShare), and C(sts:GetCallerIdentity) (without
    O(consumer_arn))."
seealso:
  - module: partner_onboarding.aws.redshift_datashare
  - module: partner_onboarding.aws.redshift_datashare_info
  - name: AssociateDataShareConsumer in the Amazon Redshift API reference
    description: The API this module calls to associate a datashare.
    link: https://docs.aws.amazon.com/redshift/latest/APIReference/API_AssociateDataShareConsumer.html
"""

EXAMPLES = r"""
- name: As the partner, associate the producer's sales_share datashare with the entire account
  partner_onboarding.aws.redshift_datashare_consumer:
    datashare_arn: arn:aws:redshift:eu-west-1:123456789012:datashare:3072dae5-022b-4d45-9cd3-01f010aae4b2/sales_share
    region: eu-west-1
    profile: partner

- name: Associate it with one namespace of the partner's cluster only
  partner_onboarding.aws.redshift_datashare_consumer:
    datashare_arn: arn:aws:redshift:eu-west-1:123456789012:datashare:3072dae5-022b-4d45-9cd3-01f010aae4b2/sales_share
    consumer_arn: arn:aws:redshift:eu-west-1:111122223333:namespace:a1b2c3d4-5678-90ab-cdef-111122223333
    region: eu-west-1
    profile: partner

- name: Reject a datashare the partner does not want
  partner_onboarding.aws.redshift_datashare_consumer:
    datashare_arn: arn:aws:redshift:eu-west-1:123456789012:datashare:3072dae5-022b-4d45-9cd3-01f010aae4b2/sales_share
    state: rejected
    region: eu-west-1
    profile: partner
  check_mode: true
"""

RETURN = r"""
datashare:
  description:
    - The datashare after the task, as the consumer sees it (in check mode, as predicted); the keys of
      RV(partner_onboarding.aws.redshift_datashare#module:datashare).
  returned: success, and on failure once the datashare was read
  type: dict
  sample:
    arn: arn:aws:redshift:eu-west-1:123456789012:datashare:3072dae5-022b-4d45-9cd3-01f010aae4b2/sales_share
    producer_arn: arn:aws:redshift:eu-west-1:123456789012:namespace:3072dae5-022b-4d45-9cd3-01f010aae4b2
    name: sales_share
    allow_publicly_accessible_consumers: false
    associations:
      - consumer_identifier: "111122223333"
        status: ACTIVE
        allow_writes: false
        consumer_region: null
        created_date: "2026-05-02T09:41:07.123000+00:00"
        status_change_date: "2026-05-02T09:45:00+00:00"
"""

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import AWSModule, converge
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift_datashare_consumer import (
    DatashareConsumer,
    invalid_consumer_params,
)

ARGUMENT_SPEC = dict(
    datashare_arn=dict(type="str", required=True),
    state=dict(type="str", choices=["associated", "disassociated", "rejected"], default="associated"),
    consumer_arn=dict(type="str"),
    allow_writes=dict(type="bool", default=False),
)


def main():
    module = AWSModule(ARGUMENT_SPEC, validate=invalid_consumer_params)
    converge(module, DatashareConsumer(module))


if __name__ == "__main__":
    main()
