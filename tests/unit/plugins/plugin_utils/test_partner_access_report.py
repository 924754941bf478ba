# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access import review, row
from ansible_collections.partner_onboarding.aws.plugins.plugin_utils._partner_access_remediation import (
    partner_access_remediation_plan,
)
from ansible_collections.partner_onboarding.aws.plugins.plugin_utils._partner_access_report import (
    partner_access_markdown,
)

KIND_SECTIONS = [
    "## Redshift partner integrations",
    "## RAM resource shares",
    "## Lake Formation grants",
    "## Redshift datashares",
    "## IAM roles",
]
SHARE = "arn:aws:ram:us-east-1:123456789012:resource-share/11111111-aaaa"
INTEGRATIONS = [
    {"cluster_identifier": "analytics", "database_name": "sales", "partner_name": "Fivetran", "status": "Active"}
]
PARTNERS = [
    {
        "name": "Fivetran",
        "redshift_databases": [
            {"cluster_identifier": "analytics", "database_name": "sales"},
            {"cluster_identifier": "reporting", "database_name": "finance"},
        ],
        "principals": ["210987654321"],
        "resource_shares": ["fivetran-share"],
    }
]


def shares(*principals):
    return [
        {
            "arn": SHARE,
            "name": "fivetran-share",
            "principals": [{"principal": p, "status": s, "external": e} for p, s, e in principals],
        }
    ]


def test_no_partners_lists_every_grant():
    text = partner_access_markdown(review(INTEGRATIONS, shares(("210987654321", "ASSOCIATED", True)), []))
    assert text.splitlines()[:5] == [
        "# Partner access",
        "",
        "2 grants: 1 partner integration on 1 cluster, 1 principal of 1 resource share.",
        "",
        "No partners were given: every grant is listed, nothing is compared.",
    ]
    assert "## Access" in text
    assert "| ram | 210987654321 | share fivetran-share | yes | ASSOCIATED |" in text
    assert "## Unexpected access" not in text


def test_a_table_per_partner_then_unexpected_and_missing():
    result = review(
        INTEGRATIONS,
        shares(("210987654321", "ASSOCIATED", True), ("999988887777", "ASSOCIATING", None)),
        PARTNERS,
    )
    text = partner_access_markdown(result, title="Quarterly | review")
    lines = text.splitlines()
    assert lines[0] == "# Quarterly | review"
    assert "**Drift**: 1 unexpected, 1 missing." in lines
    sections = [line for line in lines if line.startswith("## ")]
    assert sections == [
        "## Fivetran",
        "## Not in any partner entry",
        *KIND_SECTIONS,
        "## Unexpected access",
        "## Missing access",
    ]
    start = lines.index("## Fivetran") + 2
    fivetran = lines[start:][:4]
    assert fivetran == [
        "| kind | grantee | access to | outside the organization | status |",
        "|---|---|---|---|---|",
        "| redshift | Fivetran | cluster analytics, database sales |  | Active |",
        "| ram | 210987654321 | share fivetran-share | yes | ASSOCIATED |",
    ]
    unexpected = lines[lines.index("## Unexpected access") + 4]
    assert unexpected == "| none | ram | 999988887777 | share fivetran-share | unknown | ASSOCIATING |"
    start = lines.index("## Missing access") + 2
    missing = lines[start:]
    assert missing == [
        "| partner | kind | grantee | access to | outside the organization |",
        "|---|---|---|---|---|",
        "| Fivetran | redshift | Fivetran | cluster reporting, database finance |  |",
    ]


def test_no_drift_says_so():
    text = partner_access_markdown(
        review(
            INTEGRATIONS + [dict(INTEGRATIONS[0], cluster_identifier="reporting", database_name="finance")],
            shares(("210987654321", "ASSOCIATED", True)),
            PARTNERS,
        )
    )
    assert "**No drift**: every grant is declared by a partner, and every declared grant is there." in text
    assert text.endswith("## Unexpected access\n\nNone.\n\n## Missing access\n\nNone.\n")


def trust(name, principal, external_id=False):
    statement = {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}
    if external_id:
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": "x"}}
    return {
        "role_name": name,
        "arn": f"arn:aws:iam::123456789012:role/{name}",
        "trust_policy": {"Version": "2012-10-17", "Statement": [statement]},
    }


def test_iam_roles_have_a_section_and_expired_partners_a_line():
    partners = [dict(PARTNERS[0], iam_roles=["fivetran-etl"], expires_on="2000-01-01")]
    roles = [trust("fivetran-etl", "210987654321", external_id=True), trust("debug", "999988887777")]
    result = review(INTEGRATIONS, shares(("210987654321", "ASSOCIATED", True)), partners, roles=roles)
    lines = partner_access_markdown(result).splitlines()
    assert (
        lines[2] == "4 grants: 1 partner integration on 1 cluster, 1 principal of 1 resource share, 2 IAM role trusts."
    )
    assert "**Drift**: 1 unexpected, 0 missing, 3 expired." in lines
    assert "- **Expired**: Fivetran's access has ended, 3 grants to remove." in lines
    assert [line for line in lines if line.startswith("## ")] == [
        "## Fivetran",
        "## Not in any partner entry",
        *KIND_SECTIONS,
        "## Unexpected access",
        "## Missing access",
    ]
    start = lines.index("## IAM roles") + 5
    assert lines[start:][:4] == [
        "| role | trusted principal | external ID required | partner |",
        "|---|---|---|---|",
        "| debug | 999988887777 | no | none |",
        "| fivetran-etl | 210987654321 | yes | Fivetran |",
    ]
    assert "| none | iam_role | 999988887777 | role debug |  |  |" in lines


def every_kind():
    """A review with one row of each kind, made by hand (Lake Formation and datashare rows in the contract's shape)."""
    result = review(
        INTEGRATIONS,
        shares(("210987654321", "ASSOCIATED", True), ("999988887777", "ASSOCIATED", False)),
        PARTNERS[:1],
        roles=[trust("debug", "999988887777")],
    )
    lakeformation = row(
        "lakeformation",
        "999988887777",
        database_name="sales",
        table_name="orders",
        permissions=["DESCRIBE", "SELECT"],
    )
    datashare = row(
        "datashare",
        "999988887777",
        status="AUTHORIZED",
        datashare_arn="arn:aws:redshift:us-east-1:123456789012:datashare:0b1c/sales_share",
        datashare_name="sales_share",
        cluster_identifier="analytics",
    )
    result["access"] += [lakeformation, datashare]
    result["unexpected"] += [lakeformation, datashare]
    return result


def section(lines, title):
    start = lines.index(title) + 2
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return [line for line in lines[start:end] if line]


def test_a_section_per_kind():
    lines = partner_access_markdown(every_kind()).splitlines()
    assert lines[2] == (
        "6 grants: 1 partner integration on 1 cluster, 2 principals of 1 resource share, 1 Lake Formation grant, "
        "1 datashare consumer, 1 IAM role trust."
    )
    assert "**Drift**: 4 unexpected, 1 missing." in lines
    assert section(lines, "## Redshift partner integrations") == [
        "| cluster | database | partner name | status | partner |",
        "|---|---|---|---|---|",
        "| analytics | sales | Fivetran | Active | Fivetran |",
    ]
    assert section(lines, "## RAM resource shares") == [
        "| share | principal | outside the organization | status | managed by | partner |",
        "|---|---|---|---|---|---|",
        "| fivetran-share | 210987654321 | yes | ASSOCIATED |  | Fivetran |",
        "| fivetran-share | 999988887777 | no | ASSOCIATED |  | none |",
    ]
    assert section(lines, "## Lake Formation grants") == [
        "| principal | resource | permissions | partner |",
        "|---|---|---|---|",
        "| 999988887777 | database sales, table orders | DESCRIBE, SELECT | none |",
    ]
    assert section(lines, "## Redshift datashares") == [
        "| datashare | cluster | consumer | status | partner |",
        "|---|---|---|---|---|",
        "| sales_share | analytics | 999988887777 | AUTHORIZED | none |",
    ]
    unexpected = section(lines, "## Unexpected access")
    assert "| none | lakeformation | 999988887777 | database sales, table orders |  |  |" in unexpected
    assert "| none | datashare | 999988887777 | datashare sales_share |  | AUTHORIZED |" in unexpected
    assert "## Remediation" not in lines


def test_a_kind_without_rows_says_so():
    lines = partner_access_markdown(review(INTEGRATIONS, [], [])).splitlines()
    assert section(lines, "## Lake Formation grants") == ["None in this review."]
    assert section(lines, "## IAM roles")[-1] == "None in this review."


@pytest.mark.parametrize(
    "check_mode, heading",
    [(False, "### Removed"), (True, "### Would be removed (check mode)")],
)
def test_the_remediation_section(check_mode, heading):
    result = every_kind()
    plan = partner_access_remediation_plan(result, "123456789012", ["210987654321"])
    text = partner_access_markdown(result, remediation=dict(plan, check_mode=check_mode))
    lines = text.splitlines()
    assert lines[-1] != "" and text.endswith("\n")
    start = lines.index("## Remediation")
    assert (lines[start + 2] == "Check mode: nothing was changed; this is what remediation would do.") is check_mode
    removed = lines[lines.index(heading) + 2 : lines.index("### To remove by hand") - 1]
    assert removed == [
        "- ram 999988887777 on share fivetran-share (unexpected), with partner_onboarding.aws.ram_resource_share_principal",
        "- lakeformation 999988887777 on database sales, table orders (unexpected), "
        "with partner_onboarding.aws.lakeformation_permissions",
        "- datashare 999988887777 on datashare sales_share (unexpected), with partner_onboarding.aws.redshift_datashare",
    ]
    by_hand = lines[lines.index("### To remove by hand") + 2 : lines.index("### Kept") - 1]
    assert by_hand == [
        "- iam_role 999988887777 on role debug: unexpected: IAM trust policies are never changed: remove this trust "
        "from the role's policy by hand"
    ]
    assert lines[lines.index("### Kept") + 2 :] == ["None."]


def test_an_empty_remediation_says_none():
    result = review(INTEGRATIONS, [], [])
    lines = partner_access_markdown(
        result, remediation={"check_mode": False, "remove": [], "by_hand": [], "kept": []}
    ).splitlines()
    assert lines[lines.index("## Remediation") :] == [
        "## Remediation",
        "",
        "### Removed",
        "",
        "None.",
        "",
        "### To remove by hand",
        "",
        "None.",
        "",
        "### Kept",
        "",
        "None.",
    ]
