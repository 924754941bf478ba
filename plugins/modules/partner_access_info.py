#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: partner_access_info
short_description: Review which partners can reach the data, every way in
version_added: 1.2.0
description:
  - Lists who has access to what, for an access review or to find access granted outside the playbooks. Every
    Amazon Redshift partner integration of the clusters (C(DescribePartners), one call per cluster) and every
    principal of the caller's AWS RAM resource shares that are C(ACTIVE) (with its status, and whether it is outside
    the caller's organization), as one row per grant in RV(access).
  - Given the partners as the P(partner_onboarding.aws.onboard_partner#role) role describes them (O(partners)), also
    returns the access no partner declares (RV(unexpected)), the access a partner declares that is not there
    (RV(missing)), and the access of partners whose O(partners[].expires_on) has come (RV(expired)). Empty lists
    mean no drift.
  - "The number of AWS calls grows with the number of clusters and shares, never with databases or principals:
    C(DescribeClusters) (all pages, only when O(cluster_identifiers) is not set), one C(DescribePartners) per cluster
    (no partner filter), C(GetResourceShares) (all pages), C(GetResourceShareAssociations) once per association type
    (principals, resources) for up to 100 shares at a time, one C(ListResourceSharePermissions) per share, and one
    C(sts:GetCallerIdentity) when O(account_id) is not set and there is a cluster to read or O(lakeformation) or
    O(datashares) is set (the caller's account is read at most once); with O(iam_roles), one C(iam:ListRoles) (all
    pages); with O(lakeformation), one C(lakeformation:ListPermissions) (all pages); with O(datashares), one
    C(redshift:DescribeDataShares) (all pages); whatever the number of roles, grants, datashares, principals and
    partners."
  - Shares other accounts share with the caller are left out, and so are shares being deleted or deleted.
  - A principal counts while its association is C(ASSOCIATED) or C(ASSOCIATING) (an account outside the
    organization that has not accepted its invitation yet); a principal whose account left the organization
    (C(SUSPENDED), C(SUSPENDING), C(RESTORING)) is listed with that status; an integration counts whatever its
    status.
  - With O(iam_roles), every IAM role whose trust policy lets a principal outside the caller's account assume it is
    a row (V(iam_role)), one per role and principal, saying whether the trust requires C(sts:ExternalId).
  - With O(lakeformation), every Lake Formation grant of the caller's Data Catalog to a principal outside the
    caller's account (another account, an IAM role or user of one, an organization or OU) is a row (V(lakeformation)),
    one per principal and resource. A grant of C(SELECT) on every column of a table is a grant on the table.
  - With O(datashares), every consumer outside the caller's account that a datashare the caller produces is
    authorized for or associated with (C(AUTHORIZED), C(AVAILABLE), C(ACTIVE)) is a row (V(datashare)); pending,
    deauthorized and rejected consumers are not. Datashares other accounts produce are left out.
  - A principal of a share Lake Formation created (its name starts with C(LakeFormation)) is expected when a
    C(lakeformation) row of the same principal is expected; such rows have C(managed_by=lakeformation).
  - Never changes anything.
author:
  - Partner Onboarding maintainers (@partner-onboarding)
options:
  cluster_identifiers:
    description:
      - The Redshift clusters to review.
      - If not set, every cluster of the caller in the region (C(DescribeClusters)).
      - A cluster that does not exist fails the task (C(ClusterNotFound)).
    type: list
    elements: str
  resource_shares:
    description:
      - The resource shares to review, each a name or an ARN, among the caller's C(ACTIVE) shares.
      - If not set, every C(ACTIVE) share the caller owns.
      - An entry that names none of them fails the task, listing the caller's shares.
    type: list
    elements: str
  partners:
    description:
      - What each partner should have, in the terms of the P(partner_onboarding.aws.onboard_partner#role) role.
      - With at least one entry, the module also returns RV(unexpected) and RV(missing).
      - A declared database on a cluster outside O(cluster_identifiers) (when set), or a declared share outside
        O(resource_shares) (when set), is not reviewed, so it is never missing.
      - Every value is checked with the rules of the modules that grant the access, before any AWS call.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description:
          - The partner's name, as C(onboard_partner_name); it names the partner in the rows.
        type: str
        required: true
      redshift_partner_name:
        description:
          - The name Redshift knows the partner by (case-sensitive), for example V(Fivetran).
          - If not set, O(partners[].name), as the role does.
        type: str
      redshift_databases:
        description:
          - The databases the partner should be integrated with, as C(onboard_partner_redshift_databases).
        type: list
        elements: dict
        default: []
        suboptions:
          cluster_identifier:
            description: The cluster.
            type: str
            required: true
          database_name:
            description: The database of the cluster.
            type: str
            required: true
      principals:
        description:
          - The partner's principals, as C(onboard_partner_principals), that the shares of
            O(partners[].resource_shares) should be shared with.
        type: list
        elements: str
        default: []
      resource_shares:
        description:
          - The shares, by name or ARN, that should be shared with every principal of O(partners[].principals).
        type: list
        elements: str
        default: []
      lakeformation_permissions:
        description:
          - The Lake Formation permissions each principal of O(partners[].principals) should hold, as
            C(onboard_partner_lakeformation_permissions) (the items of the role).
          - A V(lakeformation) row is expected when one of the principals is its grantee and the items on its
            resource list at least the permissions held; a grant of more than is listed is in RV(unexpected) with the
            permissions beyond only (RV(access) keeps the whole grant).
          - What an item lists and a principal outside the caller's account does not hold is in RV(missing), with
            the permissions it lacks. An item with a O(partners[].lakeformation_permissions[].catalog_id) other than
            the caller's account is not reviewed (C(ListPermissions) reads the caller's catalog).
          - Each item is checked with the rules of M(partner_onboarding.aws.lakeformation_permissions) before any
            AWS call.
        type: list
        elements: dict
        default: []
        version_added: 1.3.0
        suboptions:
          database_name:
            description: The database; alone, the resource is the database.
            type: str
          table_name:
            description: A table of the database; V(*) every table (Lake Formation's table wildcard).
            type: str
          data_location_arn:
            description: Instead of a database, an S3 location registered with Lake Formation.
            type: str
          catalog_id:
            description: The Data Catalog's account; the caller's if not set.
            type: str
          permissions:
            description: Lake Formation's permission names, for example V(SELECT) and V(DESCRIBE).
            type: list
            elements: str
            required: true
          permissions_with_grant_option:
            description: The permissions the partner may grant to others; each also in the permissions (checked, not
              compared).
            type: list
            elements: str
            default: []
      datashares:
        description:
          - The datashares the caller produces that the 12-digit accounts of O(partners[].principals) should be
            authorized for, as C(onboard_partner_datashares), each a datashare ARN, or a dict with C(datashare_arn),
            or with C(cluster_identifier) and C(datashare_name) (the role's items; their C(allow_writes) and
            C(grant_usage) are checked, not compared).
          - A datashare named by cluster and name is known by the cluster's namespace, which the module takes from the
            C(DescribeClusters) it makes when O(cluster_identifiers) is not set (no other call). With
            O(cluster_identifiers) set the namespace is not read, and the datashare is the caller's datashare of that
            name (in any case; on that cluster when the row says).
          - A V(datashare) row is expected when its datashare is listed and its consumer is one of the accounts; each
            listed datashare and account outside the caller's account that is not authorized is in RV(missing).
        type: list
        elements: raw
        default: []
        version_added: 1.3.0
      iam_roles:
        description:
          - The IAM roles of the caller, by name or ARN, that the partner's principals (O(partners[].principals)) may
            assume. A V(iam_role) row of such a role whose grantee is one of the principals is expected.
          - An account in O(partners[].principals) covers its C(:root) ARN and the roles and users of that account.
          - Each role and principal (an account or an IAM ARN) that no trust policy grants is in RV(missing).
        type: list
        elements: str
        default: []
        version_added: 1.3.0
      expires_on:
        description:
          - The day the partner's access ends, C(YYYY-MM-DD) (UTC), as C(onboard_partner_expires_on).
          - On that day and after, the partner's rows are in RV(expired) (not in RV(unexpected)), and what it declares
            is never missing.
          - A value that is not such a date fails the task before any AWS call.
        type: str
        version_added: 1.3.0
  iam_roles:
    description:
      - Also review the IAM roles of the caller whose trust policy lets a principal outside the caller's account
        assume them (one C(iam:ListRoles), all pages), as V(iam_role) rows.
      - A trust statement counts when its C(Effect) is C(Allow), its C(Action) allows C(sts:AssumeRole) (also
        C(sts:*), C(*), or a C(NotAction) that leaves it), and its C(Principal) is C(*) or has C(AWS) principals.
      - The role's trust is reported, never changed.
    type: bool
    default: true
    version_added: 1.3.0
  lakeformation:
    description:
      - Also review the Lake Formation grants of the caller's Data Catalog to principals outside the caller's account
        (one C(lakeformation:ListPermissions), all pages), as V(lakeformation) rows.
      - The caller should be a data lake administrator to list every grant; Lake Formation lists only what the caller
        may see.
    type: bool
    default: true
    version_added: 1.3.0
  datashares:
    description:
      - Also review the Redshift datashares the caller produces (one C(redshift:DescribeDataShares), all pages), as
        V(datashare) rows, one per consumer outside the caller's account that holds the datashare.
    type: bool
    default: true
    version_added: 1.3.0
  ignore:
    description:
      - Grantees never reported in RV(unexpected), for example the caller's internal consumers of a share.
      - Each an account ID, an ARN, or a Redshift partner name; an account matches in either form (its ID or its
        C(arn:aws:iam::<account>:root) ARN).
      - Their rows are still in RV(access).
    type: list
    elements: str
    default: []
    version_added: 1.3.0
  account_id:
    description:
      - The 12-digit AWS account that owns the clusters, as C(DescribePartners) needs it; also the caller's account
        whose own principals and consumers are not partners (Lake Formation grants, datashares).
      - If not set, the caller's account, found with one C(sts:GetCallerIdentity) call.
    type: str
extends_documentation_fragment:
  - partner_onboarding.aws.connection
  - partner_onboarding.aws.attributes
  - partner_onboarding.aws.attributes.info
notes:
  - The playbook C(partner_onboarding.aws.report_partner_access) runs this module and writes its result as
    C(partner-access.json) and C(partner-access.md), and can fail on drift, for a scheduled AWX job that alerts.
seealso:
  - module: partner_onboarding.aws.redshift_partner_info
  - module: partner_onboarding.aws.ram_resource_share_info
  - plugin: partner_onboarding.aws.partner_access_markdown
    plugin_type: filter
"""

EXAMPLES = r"""
- name: List every grant of every cluster and share in the region
  partner_onboarding.aws.partner_access_info:
    region: us-east-1
  register: access

- name: Show who can reach what
  ansible.builtin.debug:
    msg: "{{ access.access | map(attribute='grantee') | unique | list }}"

- name: Compare with what Fivetran should have, with the connection options of the action group
  module_defaults:
    group/partner_onboarding.aws.aws:
      region: us-east-1
      profile: security-audit
  block:
    - name: Review the access of the partners
      partner_onboarding.aws.partner_access_info:
        partners:
          - name: Fivetran
            redshift_databases:
              - cluster_identifier: analytics
                database_name: sales
            principals: ["210987654321"]
            resource_shares: [fivetran-share]
      check_mode: true
      register: review

    - name: Fail on access no partner declares, or declared access that is not there
      ansible.builtin.assert:
        that:
          - review.unexpected | length == 0
          - review.missing | length == 0
        fail_msg: "unexpected: {{ review.unexpected }}; missing: {{ review.missing }}"

- name: Review with the IAM role Fivetran assumes, a contract end date, and an internal consumer to ignore
  partner_onboarding.aws.partner_access_info:
    region: us-east-1
    ignore: ["111122223333"]
    partners:
      - name: Fivetran
        principals: ["210987654321"]
        resource_shares: [fivetran-share]
        iam_roles: [fivetran-etl]
        expires_on: "2026-12-31"
  register: review

- name: Review Lake Formation grants and datashares as the onboard_partner role declares them
  partner_onboarding.aws.partner_access_info:
    region: us-east-1
    iam_roles: false
    partners:
      - name: Fivetran
        principals: ["210987654321"]
        lakeformation_permissions:
          - database_name: sales
            permissions: [DESCRIBE]
          - database_name: sales
            table_name: orders
            permissions: [SELECT]
        datashares:
          - cluster_identifier: analytics
            datashare_name: sales_share
          - arn:aws:redshift:us-east-1:123456789012:datashare:0b1c7f3e-1a2b-4c3d-9e8f-0a1b2c3d4e5f/finance_share
  register: review

- name: Show the Lake Formation grants nobody declared
  ansible.builtin.debug:
    msg: "{{ review.unexpected | selectattr('kind', 'eq', 'lakeformation') | list }}"

- name: Fail on any drift, expired access included
  ansible.builtin.assert:
    that: (review.unexpected + review.missing + review.expired) | length == 0
    fail_msg: "expired: {{ review.expired | map(attribute='partner') | unique | list }}"
"""

RETURN = r"""
account_id:
  description:
    - The caller's account the review used (O(account_id), else the one C(sts:GetCallerIdentity) answered); null when
      no read needed it. Its principals and consumers are never partners' (a remediation must never remove them).
  returned: success
  type: str
  sample: "123456789012"
  version_added: 1.3.0
redshift_integrations:
  description: Every partner integration of the clusters, each as the C(partner_integration) of
    M(partner_onboarding.aws.redshift_partner).
  returned: success
  type: list
  elements: dict
  sample:
    - account_id: "123456789012"
      cluster_identifier: analytics
      database_name: sales
      partner_name: Fivetran
      status: Active
      status_message: ""
      created_at: "2024-05-02T09:41:07.123000+00:00"
      updated_at: "2024-05-02T09:41:07.123000+00:00"
resource_shares:
  description: The caller's C(ACTIVE) shares reviewed, each as M(partner_onboarding.aws.ram_resource_share_info)
    lists it, with its resources, principals and permissions.
  returned: success
  type: list
  elements: dict
  contains:
    arn:
      description: The ARN of the share.
      returned: always
      type: str
      sample: arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e
    name:
      description: The name of the share.
      returned: always
      type: str
      sample: fivetran-share
    status:
      description: The status of the share, always C(ACTIVE).
      returned: always
      type: str
      sample: ACTIVE
    owning_account_id:
      description: The account that owns the share (the caller).
      returned: always
      type: str
      sample: "123456789012"
    allow_external_principals:
      description: Whether the share may be shared outside the organization.
      returned: always
      type: bool
      sample: true
    feature_set:
      description: The feature set of the share.
      returned: always
      type: str
      sample: STANDARD
    tags:
      description: The tags of the share.
      returned: always
      type: dict
      sample: {"partner": "fivetran"}
    creation_time:
      description: When the share was created, ISO 8601.
      returned: always
      type: str
      sample: "2024-06-01T09:41:07.123000+00:00"
    last_updated_time:
      description: When the share was last changed, ISO 8601.
      returned: always
      type: str
      sample: "2024-06-01T09:41:07.123000+00:00"
    resource_arns:
      description: The resources the share holds.
      returned: always
      type: list
      elements: str
      sample: ["arn:aws:glue:us-east-1:123456789012:database/sales"]
    permissions:
      description: The permissions of the share, by resource type.
      returned: always
      type: dict
      sample:
        "glue:Database":
          arn: arn:aws:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite
          name: AWSRAMPermissionGlueDatabaseReadWrite
          version: 1
    principals:
      description: The principals the share is shared with or waiting for.
      returned: always
      type: list
      elements: dict
      contains:
        principal:
          description: The principal (an account ID, an organization or OU ARN, an IAM role or user ARN, a service).
          returned: always
          type: str
          sample: "210987654321"
        status:
          description: V(ASSOCIATED), or V(ASSOCIATING) while it waits (an account outside the organization that has
            not accepted its invitation yet).
          returned: always
          type: str
          sample: ASSOCIATED
        external:
          description: Whether the principal is outside the caller's organization; null when AWS does not say.
          returned: always
          type: bool
          sample: true
access:
  description:
    - One row per grant, every key present (null when it does not apply); the integrations first, by cluster,
      database and partner, then the principals of the shares, by share name and principal.
    - A row belongs to the O(partners) entry that declares it, else to the entry whose Redshift partner name or
      principals name its grantee, else to none.
  returned: success
  type: list
  elements: dict
  contains:
    kind:
      description: V(redshift) for a partner integration, V(ram) for a principal of a share, V(iam_role) for a
        principal outside the caller's account that an IAM role's trust policy lets assume the role, V(lakeformation)
        for a Lake Formation grant to a principal outside the caller's account, V(datashare) for a consumer account
        holding a datashare the caller produces.
      returned: always
      type: str
      sample: ram
    partner:
      description: The name of the O(partners) entry the row belongs to; null when none.
      returned: always
      type: str
      sample: Fivetran
    grantee:
      description:
        - Who has the access, a Redshift partner name, a RAM principal, a Lake Formation principal (an account ID as
          its 12 digits), or a datashare's consumer (an account ID, or V(ADX) for AWS Data Exchange).
        - For a V(iam_role) row, the trusted account's 12-digit ID (when the trust names the account or its C(:root)
          ARN), the ARN of a role or user, or V(*) for anyone.
      returned: always
      type: str
      sample: "210987654321"
    cluster_identifier:
      description: The cluster, for a V(redshift) row; the producer cluster of a V(datashare) row when known (the
        clusters were listed, O(cluster_identifiers) not set), else null.
      returned: always
      type: str
      sample: analytics
    database_name:
      description: The database, for a V(redshift) row; the database of a V(lakeformation) grant on a database or a
        table.
      returned: always
      type: str
      sample: sales
    resource_share_arn:
      description: The share, for a V(ram) row.
      returned: always
      type: str
      sample: arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e
    resource_share_name:
      description: The name of the share, for a V(ram) row.
      returned: always
      type: str
      sample: fivetran-share
    status:
      description: The integration's status (V(Active), ...), the principal's association status (V(ASSOCIATED),
        V(ASSOCIATING), or V(SUSPENDED), V(SUSPENDING), V(RESTORING) for an account that left the organization), or
        the datashare association's (V(AUTHORIZED), V(AVAILABLE), V(ACTIVE)); null in RV(missing) and for a
        V(iam_role) or V(lakeformation) row.
      returned: always
      type: str
      sample: ASSOCIATED
    managed_by:
      description: V(lakeformation) for a V(ram) row of a share Lake Formation created (its name starts with
        C(LakeFormation)); else null.
      returned: always
      type: str
      sample: null
      version_added: 1.3.0
    role_arn:
      description: The IAM role, for a V(iam_role) row.
      returned: always
      type: str
      sample: arn:aws:iam::123456789012:role/fivetran-etl
      version_added: 1.3.0
    role_name:
      description: The name of the IAM role, for a V(iam_role) row.
      returned: always
      type: str
      sample: fivetran-etl
      version_added: 1.3.0
    external_id:
      description: For a V(iam_role) row, whether every trust statement that lets the grantee in requires
        C(sts:ExternalId) (the confused-deputy guard); null for other rows and in RV(missing).
      returned: always
      type: bool
      sample: true
      version_added: 1.3.0
    table_name:
      description: The table of a V(lakeformation) grant on a table, V(*) for every table of the database; else null.
      returned: always
      type: str
      sample: null
      version_added: 1.3.0
    data_location_arn:
      description: The data location of a V(lakeformation) grant on one; else null.
      returned: always
      type: str
      sample: null
      version_added: 1.3.0
    permissions:
      description: The permissions of a V(lakeformation) grant (sorted); in RV(missing), those declared and not
        held; else null.
      returned: always
      type: list
      elements: str
      sample: null
      version_added: 1.3.0
    datashare_arn:
      description: The datashare of a V(datashare) row; in RV(missing), null for a datashare named by cluster and
        name whose ARN is not known.
      returned: always
      type: str
      sample: null
      version_added: 1.3.0
    datashare_name:
      description: The name of the datashare of a V(datashare) row.
      returned: always
      type: str
      sample: null
      version_added: 1.3.0
unexpected:
  description:
    - The rows of RV(access) that no O(partners) entry declares, except those whose grantee is in O(ignore) and
      those of expired partners (in RV(expired)).
  returned: when O(partners) has an entry
  type: list
  elements: dict
  sample:
    - kind: iam_role
      partner: null
      grantee: "999988887777"
      cluster_identifier: null
      database_name: null
      resource_share_arn: null
      resource_share_name: null
      status: null
      table_name: null
      data_location_arn: null
      permissions: null
      datashare_arn: null
      datashare_name: null
      role_arn: arn:aws:iam::123456789012:role/vendor-debug
      role_name: vendor-debug
      external_id: false
      managed_by: null
expired:
  description:
    - The rows of RV(access) of the O(partners) entries whose O(partners[].expires_on) is today or past (UTC),
      access that should have ended. They are not in RV(unexpected).
    - A drift is anything in RV(unexpected), RV(missing) or RV(expired).
  returned: when O(partners) has an entry
  type: list
  elements: dict
  version_added: 1.3.0
  sample:
    - kind: ram
      partner: Stitch
      grantee: "444455556666"
      cluster_identifier: null
      database_name: null
      resource_share_arn: arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e
      resource_share_name: marketing-share
      status: ASSOCIATED
      table_name: null
      data_location_arn: null
      permissions: null
      datashare_arn: null
      datashare_name: null
      role_arn: null
      role_name: null
      external_id: null
      managed_by: null
missing:
  description:
    - What an O(partners) entry declares that is not there, in the shape of an RV(access) row with a null
      C(status).
    - A declared share that does not exist has a null C(resource_share_arn) (or C(resource_share_name)).
  returned: when O(partners) has an entry
  type: list
  elements: dict
  sample:
    - kind: redshift
      partner: Fivetran
      grantee: Fivetran
      cluster_identifier: reporting
      database_name: finance
      resource_share_arn: null
      resource_share_name: null
      status: null
      table_name: null
      data_location_arn: null
      permissions: null
      datashare_arn: null
      datashare_name: null
      role_arn: null
      role_name: null
      external_id: null
      managed_by: null
"""

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import AWSModule, converge
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access import PartnerAccess
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_rules import (
    PARTNERS_OPTIONS,
    invalid_access_params,
)

ARGUMENT_SPEC = dict(
    cluster_identifiers=dict(type="list", elements="str"),
    resource_shares=dict(type="list", elements="str"),
    partners=dict(type="list", elements="dict", default=[], options=PARTNERS_OPTIONS),
    account_id=dict(type="str"),
    iam_roles=dict(type="bool", default=True),
    lakeformation=dict(type="bool", default=True),
    datashares=dict(type="bool", default=True),
    ignore=dict(type="list", elements="str", default=[]),
)


def main():
    module = AWSModule(ARGUMENT_SPEC, validate=invalid_access_params)
    converge(module, PartnerAccess(module))


if __name__ == "__main__":
    main()
