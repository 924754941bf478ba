#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redshift_partner
short_description: Authorize or remove a partner's integration with an Amazon Redshift database
version_added: 1.0.0
description:
  - Ensures that a partner (for example Fivetran or Stitch) is, or is not, authorized to integrate with a database of
    an Amazon Redshift cluster, with the Redshift C(AddPartner) and C(DeletePartner) operations.
  - Optionally ensures, on the partner's side, that the integration reports a given status, with the Redshift
    C(UpdatePartnerStatus) operation.
  - O(database_name) takes one database or a list of databases of the cluster. Whatever their number, the current
    state is read with one C(DescribePartners) call; each database that changes costs one write, and nothing is
    written when every database already matches. Use a list rather than a loop to onboard a partner onto many
    databases.
  - C(AddPartner) takes no client token. When it fails, for example because its answer was lost and the retry was
    refused, the module reads the integration again and succeeds when it exists.
  - Deleting the integration stops AWS's side of it only; data can still flow until the integration is also
    deleted on the partner's website.
author:
  - Partner Onboarding maintainers (@partner-onboarding)
options:
  cluster_identifier:
    description:
      - The identifier of the Redshift cluster that holds the database.
      - 1 to 63 ASCII letters, digits or hyphens.
    type: str
    required: true
  database_name:
    description:
      - The database the partner integrates with, or a list of databases of the cluster (since 1.1.0). A database
        listed twice is handled once.
      - Each is 2 to 127 characters; the first is a letter (of any script) or an underscore, the others letters,
        numbers, V(@), V($), V(#) or underscores. For example V(sales), V(données_ventes) or V(売上_2024).
      - Matched exactly (case-sensitive) against the integrations Redshift reports.
      - When a write fails, the task fails naming the database; the result still reports the writes made before it
        (C(changed)) and the integrations as they then are.
    type: list
    elements: str
    required: true
  partner_name:
    description:
      - The name of the partner, as Redshift knows it, for example V(Fivetran), V(Stitch), V(Matillion).
      - 1 to 255 ASCII letters, digits, underscores or hyphens. Matched exactly (case-sensitive).
    type: str
    required: true
  account_id:
    description:
      - The 12-digit AWS account that owns the cluster.
      - If not set, the caller's account, found with one C(sts:GetCallerIdentity) call.
    type: str
  state:
    description:
      - V(present) authorizes the partner's integration with the database; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  status:
    description:
      - The status the integration must report, set on the partner's side with C(UpdatePartnerStatus).
      - V(Active) the partner can connect and run its tasks; V(Inactive) the integration does not exist on the
        partner's side; V(RuntimeFailure) the partner connects but cannot complete its tasks; V(ConnectionFailure)
        the partner cannot connect.
      - C(UpdatePartnerStatus) is called only when the reported status (or O(status_message), if set) differs.
      - If not set, the status is left as the partner reports it.
      - Only with O(state=present). Applies to every database given.
      - A new integration with O(status) is added, then told its status.
    type: str
    choices: [Active, Inactive, RuntimeFailure, ConnectionFailure]
  status_message:
    description:
      - The message that goes with O(status), 1 to 262144 printable ASCII characters.
      - If not set, the message is not compared, and Redshift decides what it becomes when the status changes.
    type: str
extends_documentation_fragment:
  - partner_onboarding.aws.connection
  - partner_onboarding.aws.attributes
attributes:
  check_mode:
    description: Can run in check mode and return the predicted C(changed) status and integration without modifying
      anything. Only read calls are made.
    support: full
  diff_mode:
    description: Returns the integration before and after the task (or as predicted in check mode) in diff mode.
    support: full
seealso:
  - module: partner_onboarding.aws.redshift_partner_info
  - name: AddPartner in the Amazon Redshift API reference
    description: The API this module calls to authorize a partner.
    link: https://docs.aws.amazon.com/redshift/latest/APIReference/API_AddPartner.html
  - name: Integrating Amazon Redshift with partners
    description: How partner integrations work, and which partners exist.
    link: https://docs.aws.amazon.com/redshift/latest/mgmt/partner-integration.html
"""

EXAMPLES = r"""
- name: Authorize Fivetran on the sales database of the analytics cluster
  partner_onboarding.aws.redshift_partner:
    cluster_identifier: analytics
    database_name: sales
    partner_name: Fivetran
    region: eu-west-1

- name: Preview what authorizing Stitch would change, without changing it
  partner_onboarding.aws.redshift_partner:
    cluster_identifier: analytics
    database_name: sales
    partner_name: Stitch
    account_id: "123456789012"
    region: eu-west-1
  check_mode: true
  register: stitch_preview

- name: Connection options once for every module of the collection
  module_defaults:
    group/partner_onboarding.aws.aws:
      region: eu-west-1
      profile: onboarding
  block:
    - name: Authorize Matillion on three databases, with one read whatever their number
      partner_onboarding.aws.redshift_partner:
        cluster_identifier: analytics
        database_name:
          - sales
          - marketing
          - données_ventes
        partner_name: Matillion
      register: matillion

    - name: Show the integrations, one per database
      ansible.builtin.debug:
        msg: "{{ matillion.partner_integrations | map(attribute='database_name') }}"

    - name: Report, as the partner, that Matillion cannot connect to the sales database
      partner_onboarding.aws.redshift_partner:
        cluster_identifier: analytics
        database_name: sales
        partner_name: Matillion
        status: ConnectionFailure
        status_message: Connection refused by the cluster's security group

    - name: Remove the Matillion integration from the sales database
      partner_onboarding.aws.redshift_partner:
        cluster_identifier: analytics
        database_name: sales
        partner_name: Matillion
        state: absent
"""

RETURN = r"""
partner_integrations:
  description:
    - The integrations after the task (in check mode, as predicted), one for each database given that has one, in
      the order given; V([]) after O(state=absent).
    - Each is a dict with the keys of RV(partner_integration).
  returned: success
  type: list
  elements: dict
  version_added: 1.1.0
  sample:
    - account_id: "123456789012"
      cluster_identifier: analytics
      database_name: sales
      partner_name: Fivetran
      status: Active
      status_message: ""
      created_at: "2024-05-02T09:41:07.123000+00:00"
      updated_at: "2024-05-02T09:41:07.123000+00:00"
partner_integration:
  description:
    - When exactly one database is given, its integration after the task; in check mode, as predicted.
    - Empty when the integration does not exist.
    - When check mode predicts a new integration, the values that only Redshift knows (O(status) if not set,
      the message and the times) are V(null).
  returned: success, when O(database_name) names one database
  type: dict
  contains:
    account_id:
      description: The AWS account that owns the cluster.
      returned: when the integration exists
      type: str
      sample: "123456789012"
    cluster_identifier:
      description: The identifier of the cluster.
      returned: when the integration exists
      type: str
      sample: analytics
    database_name:
      description: The database the partner integrates with.
      returned: when the integration exists
      type: str
      sample: sales
    partner_name:
      description: The name of the partner.
      returned: when the integration exists
      type: str
      sample: Fivetran
    status:
      description: The status the integration reports.
      returned: when the integration exists
      type: str
      sample: Active
    status_message:
      description: The message that goes with the status.
      returned: when the integration exists
      type: str
      sample: ""
    created_at:
      description: When the integration was created, in ISO 8601.
      returned: when the integration exists
      type: str
      sample: "2024-05-02T09:41:07.123000+00:00"
    updated_at:
      description: When the integration was last updated, in ISO 8601.
      returned: when the integration exists
      type: str
      sample: "2024-05-02T09:41:07.123000+00:00"
"""

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import AWSModule, converge
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift import (
    PARTNER_STATUSES,
    Integrations,
    invalid_partner_params,
)

ARGUMENT_SPEC = dict(
    cluster_identifier=dict(type="str", required=True),
    database_name=dict(type="list", elements="str", required=True),
    partner_name=dict(type="str", required=True),
    account_id=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    status=dict(type="str", choices=list(PARTNER_STATUSES)),
    status_message=dict(type="str"),
)


def main():
    module = AWSModule(ARGUMENT_SPEC, validate=invalid_partner_params, required_by={"status_message": "status"})
    converge(module, Integrations(module))


if __name__ == "__main__":
    main()
