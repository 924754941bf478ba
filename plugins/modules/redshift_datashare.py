#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redshift_datashare
short_description: Authorize or deauthorize consumer accounts on an Amazon Redshift datashare
version_added: 1.3.0
description:
  - The producer's side of a Redshift datashare, run with the data owner's credentials. Ensures that consumer
    accounts (a partner's AWS account) are, or are not, authorized on an existing datashare, with the Redshift
    C(AuthorizeDataShare) and C(DeauthorizeDataShare) operations.
  - A datashare is created and filled with SQL on the producer cluster (C(CREATE DATASHARE), C(ALTER DATASHARE ... ADD
    SCHEMA)); no API creates one. This module does not create it.
  - Cross-account sharing has three steps. The producer's SQL C(GRANT USAGE ON DATASHARE <name> TO ACCOUNT '<id>')
    creates the consumer's association (status C(PENDING_AUTHORIZATION)); the producer account authorizes it
    (C(AUTHORIZED)); the consumer account associates it (C(ACTIVE), see M(partner_onboarding.aws.redshift_datashare_consumer)).
  - The datashare is read with one C(DescribeDataShares) call, plus one C(DescribeClusters) call when
    O(cluster_identifier) is set. A converged task makes no other call.
  - With O(grant_usage), the module runs the C(GRANT USAGE) (or C(REVOKE USAGE)) statement itself with the Redshift
    Data API C(ExecuteStatement) on the producer cluster, and reads C(DescribeStatement) every 2 seconds until the
    statement has ended (at most 300 seconds). A statement is never sent twice; it carries a client token, so that a
    retry after a lost answer is the same statement.
author:
  - Partner Onboarding maintainers (@partner-onboarding)
options:
  datashare_arn:
    description:
      - The ARN of the datashare, C(arn:<partition>:redshift:<region>:<account>:datashare:<namespace-id>/<name>).
      - Mutually exclusive with O(datashare_name). One of them is required.
      - With O(cluster_identifier) as well (which O(grant_usage) needs), the datashare must be one of that cluster's
        namespace.
    type: str
  cluster_identifier:
    description:
      - The producer cluster. With O(datashare_name), names the datashare within the cluster's namespace
        (C(ClusterNamespaceArn) of C(DescribeClusters)); the SQL of O(grant_usage) runs on it.
    type: str
  datashare_name:
    description:
      - The name of the datashare within the namespace of O(cluster_identifier), as created with C(CREATE DATASHARE).
      - A Redshift identifier (1 to 127 characters, a letter or an underscore first, then letters, digits,
        underscores or V($)); it is also written into the SQL statement of O(grant_usage).
    type: str
  consumer_account_ids:
    description:
      - The consumers, each a 12-digit AWS account ID (or V(ADX) for AWS Data Exchange). One listed twice is handled
        once.
    type: list
    elements: str
    required: true
  allow_writes:
    description:
      - Sent with C(AuthorizeDataShare), whether the consumers may write to the datashare's objects.
      - Used only when a consumer is authorized; an already authorized consumer is not authorized again.
    type: bool
    default: false
  state:
    description:
      - V(present) authorizes every consumer whose association is C(PENDING_AUTHORIZATION) or C(DEAUTHORIZED); a
        consumer whose association is C(AUTHORIZED) or C(ACTIVE) (it has associated) is authorized already. A
        consumer that rejected the datashare (C(REJECTED)) fails the task before any write, naming it (only its
        account can change that).
      - A consumer with no association has not been granted usage in SQL. Without O(grant_usage), the task fails
        before any write, naming the consumer and the statement to run, C(GRANT USAGE ON DATASHARE <name> TO ACCOUNT
        '<id>'). With O(grant_usage), the module runs that statement, then authorizes.
      - V(absent) deauthorizes every consumer whose association is C(AUTHORIZED) or C(ACTIVE); the others are no
        change. With O(grant_usage), it then runs C(REVOKE USAGE ON DATASHARE <name> FROM ACCOUNT '<id>') for every
        listed consumer that still has an association, whatever its status, which removes the association.
    type: str
    choices: [present, absent]
    default: present
  grant_usage:
    description:
      - Grant (or revoke) usage with SQL through the Redshift Data API, on O(cluster_identifier), which is then
        required.
      - The database user (O(grant_usage.db_user), with temporary credentials from C(redshift:GetClusterCredentials))
        or the secret's user (O(grant_usage.secret_arn)) must be allowed to grant usage on the datashare (its owner,
        a superuser, or a user granted C(ALTER) or C(SHARE) on it).
      - A statement that ends C(FAILED) or C(ABORTED) fails the task with its error; the writes made before it are
        reported.
    type: dict
    suboptions:
      database_name:
        description: The database of the producer cluster that holds the datashare.
        type: str
        required: true
      db_user:
        description: The database user the statement runs as. Mutually exclusive with O(grant_usage.secret_arn).
        type: str
      secret_arn:
        description:
          - The ARN of the AWS Secrets Manager secret holding the database user's credentials. Mutually exclusive
            with O(grant_usage.db_user). The module never reads the secret; the Data API does.
        type: str
extends_documentation_fragment:
  - partner_onboarding.aws.connection
  - partner_onboarding.aws.attributes
attributes:
  check_mode:
    description: Can run in check mode and return the predicted C(changed) status and datashare without modifying
      anything. Only read calls are made; no statement is run.
    support: full
  diff_mode:
    description: Returns each listed consumer's association status before and after the task, as a dict of C(consumer_id)
      to status (V(null) when it has no association).
    support: full
notes:
  - "IAM actions on the producer's side: C(redshift:DescribeDataShares), C(redshift:AuthorizeDataShare),
    C(redshift:DeauthorizeDataShare), C(redshift:DescribeClusters) (with O(cluster_identifier)); with O(grant_usage),
    C(redshift-data:ExecuteStatement), C(redshift-data:DescribeStatement), and C(redshift:GetClusterCredentials)
    (with O(grant_usage.db_user)) or C(secretsmanager:GetSecretValue) on the secret (with O(grant_usage.secret_arn))."
seealso:
  - module: partner_onboarding.aws.redshift_datashare_consumer
  - module: partner_onboarding.aws.redshift_datashare_info
  - name: Sharing data across AWS accounts
    description: How a producer grants usage of a datashare to another account, and how the consumer associates it.
    link: https://docs.aws.amazon.com/redshift/latest/dg/across-account.html
  - name: AuthorizeDataShare in the Amazon Redshift API reference
    description: The API this module calls to authorize a consumer.
    link: https://docs.aws.amazon.com/redshift/latest/APIReference/API_AuthorizeDataShare.html
"""

EXAMPLES = r"""
- name: Authorize Fivetran's account on the sales_share datashare, granted usage in SQL beforehand
  partner_onboarding.aws.redshift_datashare:
    datashare_arn: arn:aws:redshift:eu-west-1:123456789012:datashare:3072dae5-022b-4d45-9cd3-01f010aae4b2/sales_share
    consumer_account_ids: ["111122223333"]
    region: eu-west-1

- name: Connection options once for every module of the collection
  module_defaults:
    group/partner_onboarding.aws.aws:
      region: eu-west-1
      profile: data-owner
  block:
    - name: Preview granting usage and authorizing, without changing anything
      partner_onboarding.aws.redshift_datashare:
        cluster_identifier: analytics
        datashare_name: sales_share
        consumer_account_ids: ["111122223333"]
        grant_usage:
          database_name: dev
          db_user: admin
      check_mode: true
      register: preview

    - name: Grant usage with SQL through the Data API, then authorize
      partner_onboarding.aws.redshift_datashare:
        cluster_identifier: analytics
        datashare_name: sales_share
        consumer_account_ids: ["111122223333"]
        grant_usage:
          database_name: dev
          secret_arn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:redshift-admin-AbCdEf

    - name: Offboard the partner, deauthorize and revoke usage
      partner_onboarding.aws.redshift_datashare:
        cluster_identifier: analytics
        datashare_name: sales_share
        consumer_account_ids: ["111122223333"]
        state: absent
        grant_usage:
          database_name: dev
          db_user: admin
"""

RETURN = r"""
datashare:
  description:
    - The datashare after the task; in check mode, as predicted (the times a write would set are V(null)).
  returned: success, and on failure once the datashare was read
  type: dict
  contains:
    arn:
      description: The ARN of the datashare.
      type: str
      returned: always
      sample: arn:aws:redshift:eu-west-1:123456789012:datashare:3072dae5-022b-4d45-9cd3-01f010aae4b2/sales_share
    producer_arn:
      description: The ARN of the producer's namespace.
      type: str
      returned: always
      sample: arn:aws:redshift:eu-west-1:123456789012:namespace:3072dae5-022b-4d45-9cd3-01f010aae4b2
    name:
      description: The name of the datashare.
      type: str
      returned: always
      sample: sales_share
    allow_publicly_accessible_consumers:
      description: Whether consumers on publicly accessible clusters may use the datashare.
      type: bool
      returned: always
      sample: false
    associations:
      description: The consumers of the datashare, as the caller sees them.
      type: list
      elements: dict
      returned: always
      contains:
        consumer_identifier:
          description: The consumer's account ID, V(ADX), or a namespace ARN.
          type: str
          sample: "111122223333"
        status:
          description: C(PENDING_AUTHORIZATION), C(AUTHORIZED), C(ACTIVE), C(DEAUTHORIZED), C(REJECTED) or C(AVAILABLE).
          type: str
          sample: AUTHORIZED
        allow_writes:
          description: Whether the producer allowed the consumer to write.
          type: bool
          sample: false
        consumer_region:
          description: The consumer's region, when it associated one.
          type: str
          sample: null
        created_date:
          description: When the association was created, in ISO 8601.
          type: str
          sample: "2026-05-02T09:41:07.123000+00:00"
        status_change_date:
          description: When the status last changed, in ISO 8601.
          type: str
          sample: "2026-05-02T09:45:00+00:00"
"""

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import AWSModule, converge
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift_datashare_producer import (
    DatashareAuthorizations,
    invalid_producer_params,
)

ARGUMENT_SPEC = dict(
    datashare_arn=dict(type="str"),
    cluster_identifier=dict(type="str"),
    datashare_name=dict(type="str"),
    consumer_account_ids=dict(type="list", elements="str", required=True),
    allow_writes=dict(type="bool", default=False),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    grant_usage=dict(
        type="dict",
        options=dict(
            database_name=dict(type="str", required=True),
            db_user=dict(type="str"),
            secret_arn=dict(type="str", no_log=False),
        ),
        mutually_exclusive=[("db_user", "secret_arn")],
        required_one_of=[("db_user", "secret_arn")],
    ),
)


def main():
    module = AWSModule(
        ARGUMENT_SPEC,
        validate=invalid_producer_params,
        mutually_exclusive=[("datashare_arn", "datashare_name")],
    )
    converge(module, DatashareAuthorizations(module))


if __name__ == "__main__":
    main()
