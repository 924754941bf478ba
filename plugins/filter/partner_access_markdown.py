# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The filter partner_access_markdown: see DOCUMENTATION."""

from __future__ import annotations

DOCUMENTATION = r"""
name: partner_access_markdown
author: Partner Onboarding maintainers (@partner-onboarding)
version_added: 1.2.0
short_description: An access review of partner_access_info as a readable Markdown report
description:
  - Turns the result of M(partner_onboarding.aws.partner_access_info) into a Markdown document, as the playbook
    C(partner_onboarding.aws.report_partner_access) writes it to C(partner-access.md).
  - A summary (the number of grants, and whether there is drift), a table per partner (its grants, each with the
    grantee, what it reaches, whether it is outside the organization and its status), a table of the grants that no
    partner entry claims, then the unexpected and the missing access (when the review was given partners).
  - Since 1.3.0, a section per kind of access (Redshift partner integrations, RAM resource shares, Lake Formation
    grants, Redshift datashares, IAM roles that trust principals outside the account, to remove by hand), each a
    table with that kind's columns; after the verdict a line per partner whose access has expired; and, with
    O(remediation), a section saying what remediation removed (or would remove, in check mode), what is left to
    remove by hand, and what it kept and why.
positional: _input
options:
  _input:
    description:
      - The registered result of M(partner_onboarding.aws.partner_access_info).
    type: dict
    required: true
  title:
    description: The report's first heading.
    type: str
    default: Partner access
  remediation:
    description:
      - The plan of P(partner_onboarding.aws.partner_access_remediation_plan#filter) with C(check_mode) (bool) added,
        as the playbook C(partner_onboarding.aws.report_partner_access) passes it for C(partner-access-after.md).
      - If not set, the report has no remediation section.
    type: dict
    version_added: 1.3.0
seealso:
  - module: partner_onboarding.aws.partner_access_info
"""

EXAMPLES = r"""
- name: Review the access of the partners
  partner_onboarding.aws.partner_access_info:
    partners:
      - name: Fivetran
        principals: ["210987654321"]
        resource_shares: [fivetran-share]
  register: review

- name: Write the report
  ansible.builtin.copy:
    content: "{{ review | partner_onboarding.aws.partner_access_markdown(title='Partner access, eu-west-1') }}"
    dest: partner-access.md
    mode: "0644"
"""

RETURN = r"""
_value:
  description: The report, Markdown text ending with a newline.
  type: str
"""

from ansible_collections.partner_onboarding.aws.plugins.plugin_utils._partner_access_report import (
    partner_access_markdown,
)


class FilterModule:
    """The filter partner_access_markdown."""

    def filters(self):
        return {"partner_access_markdown": partner_access_markdown}
