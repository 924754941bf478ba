# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The access report playbook run as the README shows: the files it writes, where, and failing on drift."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import (
    ACCOUNT,
    GLUE_DATABASE,
    PARTNER_ACCOUNT,
    REPO_ROOT,
    aws_client,
    clean_environ,
    connection,
    run_playbook,
    share_associations,
    writes,
)

PLAYBOOK = "partner_onboarding.aws.report_partner_access"
STRANGER = "999988887777"
INTERNAL = "111122223333"
FIVETRAN = {
    "name": "Fivetran",
    "redshift_databases": [{"cluster_identifier": "analytics", "database_name": "sales"}],
    "principals": [PARTNER_ACCOUNT],
    "resource_shares": ["fivetran-share"],
}


@pytest.fixture
def onboarded(emulator, endpoint):
    """Fivetran onboarded: its integration with analytics/sales, and fivetran-share shared with its account."""
    seeded = emulator.seed(
        redshift_clusters=["analytics"],
        resource_shares=[{"name": "fivetran-share", "resource_arns": [GLUE_DATABASE], "principals": [PARTNER_ACCOUNT]}],
    )
    aws_client("redshift", endpoint).add_partner(
        AccountId=ACCOUNT, ClusterIdentifier="analytics", DatabaseName="sales", PartnerName="Fivetran"
    )
    emulator.clear_requests()
    return seeded["resource_shares"][0]["arn"]


def report_vars(endpoint, report_dir, **overrides):
    variables = {
        "partner_access_partners": [FIVETRAN],
        "partner_access_aws": connection(endpoint),
        "partner_access_report_dir": str(report_dir),
    }
    variables.update(overrides)
    return variables


def read_report(report_dir):
    return json.loads((report_dir / "partner-access.json").read_text()), (report_dir / "partner-access.md").read_text()


def test_no_drift_writes_both_files_and_passes(tmp_path, emulator, endpoint, onboarded):
    report_dir = tmp_path / "reports"
    report_dir.mkdir()
    rc, output, recap = run_playbook(
        tmp_path, report_vars(endpoint, report_dir, partner_access_fail_on_drift=True), playbook=PLAYBOOK
    )
    assert rc == 0, output
    assert recap["localhost"]["failed"] == 0
    assert writes(emulator) == []
    # The review calls exactly the actions of its documented IAM policy (docs/access-review.md).
    assert {f"{r['service']}:{r['operation']}" for r in emulator.requests()} == review_policy()
    data, markdown = read_report(report_dir)
    assert list(data) == ["redshift_integrations", "resource_shares", "access", "unexpected", "missing", "expired"]
    assert (data["unexpected"], data["missing"], data["expired"]) == ([], [], [])
    assert [(row["kind"], row["partner"], row["grantee"]) for row in data["access"]] == [
        ("redshift", "Fivetran", "Fivetran"),
        ("ram", "Fivetran", PARTNER_ACCOUNT),
    ]
    assert data["resource_shares"][0]["arn"] == onboarded
    assert "**No drift**" in markdown
    assert "## Fivetran" in markdown
    assert f"| ram | {PARTNER_ACCOUNT} | share fivetran-share | yes | ASSOCIATING |" in markdown


def test_drift_fails_after_writing_the_files(tmp_path, emulator, endpoint, onboarded):
    aws_client("ram", endpoint).associate_resource_share(resourceShareArn=onboarded, principals=[STRANGER])
    report_dir = tmp_path / "reports"
    report_dir.mkdir()

    rc, output, _recap = run_playbook(tmp_path, report_vars(endpoint, report_dir), playbook=PLAYBOOK)
    assert rc == 0, output
    data, _markdown = read_report(report_dir)
    assert [row["grantee"] for row in data["unexpected"]] == [STRANGER]

    (report_dir / "partner-access.json").unlink()
    rc, output, recap = run_playbook(
        tmp_path, report_vars(endpoint, report_dir, partner_access_fail_on_drift=True), playbook=PLAYBOOK
    )
    assert rc != 0, output
    assert recap["localhost"]["failed"] == 1, output
    assert f"Partner access drifted: 1 unexpected ({STRANGER}), 0 missing (none)" in output
    data, markdown = read_report(report_dir)
    assert [(row["partner"], row["grantee"], row["status"]) for row in data["unexpected"]] == [
        (None, STRANGER, "ASSOCIATING")
    ]
    assert "**Drift**: 1 unexpected, 0 missing." in markdown
    assert f"| none | ram | {STRANGER} | share fivetran-share | yes | ASSOCIATING |" in markdown
    assert writes(emulator) == ["AssociateResourceShare"]


def test_ignored_grantees_pass_and_an_expired_partner_fails(tmp_path, emulator, endpoint, onboarded):
    aws_client("ram", endpoint).associate_resource_share(resourceShareArn=onboarded, principals=[STRANGER])
    emulator.seed(
        iam_roles=[
            {
                "name": "fivetran-etl",
                "trust_policy": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Principal": {"AWS": PARTNER_ACCOUNT}, "Action": "sts:AssumeRole"}
                    ],
                },
            }
        ]
    )
    fivetran = dict(FIVETRAN, iam_roles=["fivetran-etl"])
    ignore = [f"arn:aws:iam::{STRANGER}:root"]
    rc, output, _recap = run_playbook(
        tmp_path,
        report_vars(
            endpoint,
            tmp_path,
            partner_access_partners=[fivetran],
            partner_access_ignore=ignore,
            partner_access_fail_on_drift=True,
        ),
        playbook=PLAYBOOK,
    )
    assert rc == 0, output
    data, markdown = read_report(tmp_path)
    assert [r["kind"] for r in data["access"]] == ["redshift", "ram", "ram", "iam_role"]
    assert (data["unexpected"], data["missing"], data["expired"]) == ([], [], [])
    assert "| fivetran-etl | 210987654321 | no | Fivetran |" in markdown

    rc, output, recap = run_playbook(
        tmp_path,
        report_vars(
            endpoint,
            tmp_path,
            partner_access_partners=[dict(fivetran, expires_on="2020-01-31")],
            partner_access_ignore=ignore,
            partner_access_fail_on_drift=True,
        ),
        playbook=PLAYBOOK,
    )
    assert rc != 0
    assert recap["localhost"]["failed"] == 1, output
    assert "0 unexpected (none), 0 missing (none), 3 expired (Fivetran)" in output
    data, markdown = read_report(tmp_path)
    assert [(r["kind"], r["grantee"]) for r in data["expired"]] == [
        ("redshift", "Fivetran"),
        ("ram", PARTNER_ACCOUNT),
        ("iam_role", PARTNER_ACCOUNT),
    ]
    assert "**Drift**: 0 unexpected, 0 missing, 3 expired." in markdown
    assert "- **Expired**: Fivetran's access has ended, 3 grants to remove." in markdown


def test_a_removed_integration_is_missing(tmp_path, endpoint, onboarded):  # pylint: disable=unused-argument
    aws_client("redshift", endpoint).delete_partner(
        AccountId=ACCOUNT, ClusterIdentifier="analytics", DatabaseName="sales", PartnerName="Fivetran"
    )
    rc, output, _recap = run_playbook(
        tmp_path, report_vars(endpoint, tmp_path, partner_access_fail_on_drift=True), playbook=PLAYBOOK
    )
    assert rc != 0
    assert "0 unexpected (none), 1 missing (Fivetran)" in output
    data, markdown = read_report(tmp_path)
    assert [(row["kind"], row["cluster_identifier"], row["database_name"]) for row in data["missing"]] == [
        ("redshift", "analytics", "sales")
    ]
    assert "| Fivetran | redshift | Fivetran | cluster analytics, database sales |  |" in markdown


def test_default_directory_is_the_current_one_and_no_partners_lists_everything(tmp_path, endpoint, onboarded):  # pylint: disable=unused-argument
    variables = {"partner_access_aws": connection(endpoint), "partner_access_fail_on_drift": True}
    rc, output, _recap = run_playbook(tmp_path, variables, playbook=PLAYBOOK, env=clean_environ(PWD=str(tmp_path)))
    assert rc == 0, output
    data, markdown = read_report(tmp_path)
    assert "unexpected" not in data
    assert len(data["access"]) == 2
    assert "No partners were given" in markdown


def test_a_report_dir_that_does_not_exist_fails_before_any_aws_call(tmp_path, emulator, endpoint):
    rc, output, _recap = run_playbook(tmp_path, report_vars(endpoint, tmp_path / "missing"), playbook=PLAYBOOK)
    assert rc != 0
    assert "is not an existing directory" in output
    assert emulator.requests() == []


def review_policy():
    """The actions of the access review's policy in docs/access-review.md."""
    text = (REPO_ROOT / "docs" / "access-review.md").read_text()
    (body,) = re.findall(r"^## What the module reads, and the IAM policy\n.*?```json\n(.*?)```", text, re.S | re.M)
    return {action for statement in json.loads(body)["Statement"] for action in statement["Action"]}


def remediation_policy():
    """The actions of the statement that docs/access-review.md adds to the review's policy for remediation."""
    text = (REPO_ROOT / "docs" / "access-review.md").read_text()
    (body,) = re.findall(r"^## Remediation \(since 1\.3\.0\)\n.*?```json\n(.*?)```", text, re.S | re.M)
    return set(json.loads(body)["Action"])


OWN_ROLE = f"arn:aws:iam::{ACCOUNT}:role/analyst"
STRANGER_TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": STRANGER}, "Action": "sts:AssumeRole"}],
}
ORDERS = {"Table": {"DatabaseName": "sales", "Name": "orders"}}
DECLARED_SELECT = dict(
    FIVETRAN, lakeformation_permissions=[{"database_name": "sales", "table_name": "orders", "permissions": ["SELECT"]}]
)


@pytest.fixture
def drifted(emulator, endpoint, onboarded):
    """Fivetran onboarded, then one unexpected grant of each kind to a stranger's account, a principal of the caller's
    own account and an internal (ignored) account added to Fivetran's share."""
    ram = aws_client("ram", endpoint)
    ram.associate_resource_share(resourceShareArn=onboarded, principals=[STRANGER, INTERNAL, OWN_ROLE])
    aws_client("redshift", endpoint).add_partner(
        AccountId=ACCOUNT, ClusterIdentifier="analytics", DatabaseName="sales", PartnerName="Stitch"
    )
    emulator.seed_catalog(databases={"sales": ["orders"]})
    lakeformation = aws_client("lakeformation", endpoint)
    lakeformation.grant_permissions(
        Principal={"DataLakePrincipalIdentifier": STRANGER}, Resource=ORDERS, Permissions=["SELECT"]
    )
    # Fivetran holds more than it declares (DECLARED_SELECT): DELETE is unexpected, its SELECT is not.
    lakeformation.grant_permissions(
        Principal={"DataLakePrincipalIdentifier": PARTNER_ACCOUNT}, Resource=ORDERS, Permissions=["DELETE", "SELECT"]
    )
    datashare = emulator.datashare("analytics", "sales_share", grants=[STRANGER])
    aws_client("redshift", endpoint).authorize_data_share(DataShareArn=datashare, ConsumerIdentifier=STRANGER)
    emulator.seed(iam_roles=[{"name": "debug", "trust_policy": STRANGER_TRUST}])
    emulator.clear_requests()
    return {"share": onboarded, "datashare": datashare}


def grants_in_emulator(endpoint, share, datashare):
    """Every grant the test made, as the emulator holds it now."""
    redshift = aws_client("redshift", endpoint)
    integrations = redshift.describe_partners(AccountId=ACCOUNT, ClusterIdentifier="analytics")[
        "PartnerIntegrationInfoList"
    ]
    lakeformation = aws_client("lakeformation", endpoint).list_permissions(Resource=ORDERS)
    (described,) = redshift.describe_data_shares(DataShareArn=datashare)["DataShares"]
    roles = aws_client("iam", endpoint).list_roles()["Roles"]
    return {
        "ram": {p: s for p, s in share_associations(endpoint, share).items() if s in ("ASSOCIATED", "ASSOCIATING")},
        "redshift": sorted(item["PartnerName"] for item in integrations),
        "lakeformation": sorted(
            (item["Principal"]["DataLakePrincipalIdentifier"], tuple(item["Permissions"]))
            for item in lakeformation["PrincipalResourcePermissions"]
        ),
        "datashare": {a["ConsumerIdentifier"]: a["Status"] for a in described.get("DataShareAssociations") or []},
        "iam_roles": sorted(role["RoleName"] for role in roles),
    }


def test_remediation_in_check_mode_then_for_real(tmp_path, emulator, endpoint, drifted):
    """One unexpected grant of each kind, an ignored grantee and the caller's own account: check mode removes nothing
    and says what it would remove; the real run removes exactly the unexpected grants, leaves the caller's own, the
    ignored one and the IAM role (to remove by hand), and the review after it shows no drift but that role and the
    caller's own principal."""
    before = grants_in_emulator(endpoint, **drifted)
    assert before == {
        "ram": {
            PARTNER_ACCOUNT: "ASSOCIATING",
            STRANGER: "ASSOCIATING",
            INTERNAL: "ASSOCIATING",
            OWN_ROLE: "ASSOCIATED",
        },
        "redshift": ["Fivetran", "Stitch"],
        "lakeformation": [(PARTNER_ACCOUNT, ("DELETE", "SELECT")), (STRANGER, ("SELECT",))],
        "datashare": {STRANGER: "AUTHORIZED"},
        "iam_roles": ["debug"],
    }
    variables = report_vars(
        endpoint,
        tmp_path,
        partner_access_partners=[DECLARED_SELECT],
        partner_access_remediate=True,
        partner_access_ignore=[f"arn:aws:iam::{INTERNAL}:root"],
    )

    rc, output, _recap = run_playbook(tmp_path, variables, "--check", playbook=PLAYBOOK)
    assert rc == 0, output
    assert writes(emulator) == []
    assert grants_in_emulator(endpoint, **drifted) == before
    first, _markdown = read_report(tmp_path)
    after = json.loads((tmp_path / "partner-access-after.json").read_text())
    after_md = (tmp_path / "partner-access-after.md").read_text()
    plan = after["remediation"]
    assert plan["check_mode"] is True
    assert after["unexpected"] == first["unexpected"]
    would_remove = [(e["kind"], e["row"]["grantee"], e["module"]) for e in plan["remove"]]
    assert ("redshift", "Stitch", "partner_onboarding.aws.redshift_partner") in would_remove
    assert ("ram", STRANGER, "partner_onboarding.aws.ram_resource_share_principal") in would_remove
    assert [(e["kind"], e["row"]["grantee"]) for e in plan["by_hand"]] == [("iam_role", STRANGER)]
    assert [(e["kind"], e["row"]["grantee"], e["reason"]) for e in plan["kept"] if not e["row"]["managed_by"]] == [
        ("ram", OWN_ROLE, f"the caller's own account ({ACCOUNT})")
    ]
    assert INTERNAL not in [row["grantee"] for row in first["unexpected"]]
    assert "### Would be removed (check mode)" in after_md
    assert "- iam_role 999988887777 on role debug: unexpected: IAM trust policies are never changed" in after_md

    emulator.clear_requests()
    # partner_access_fail_on_drift judges the review after remediation: the IAM role's trust is still drift.
    rc, output, recap = run_playbook(tmp_path, dict(variables, partner_access_fail_on_drift=True), playbook=PLAYBOOK)
    assert rc != 0, output
    assert recap["localhost"]["failed"] == 1, output
    assert f"{STRANGER}), 0 missing (none), 0 expired (none); see {tmp_path}/partner-access-after.md" in output
    called = {f"{r['service']}:{r['operation']}" for r in emulator.requests()}
    removed = grants_in_emulator(endpoint, **drifted)
    # The caller's own principal, the ignored one and the IAM role are left; the stranger's RAM and Redshift are gone.
    assert removed["ram"] == {PARTNER_ACCOUNT: "ASSOCIATING", INTERNAL: "ASSOCIATING", OWN_ROLE: "ASSOCIATED"}
    assert removed["redshift"] == ["Fivetran"]
    assert removed["iam_roles"] == ["debug"]
    after = json.loads((tmp_path / "partner-access-after.json").read_text())
    after_md = (tmp_path / "partner-access-after.md").read_text()
    assert after["remediation"]["check_mode"] is False
    assert "### Removed" in after_md

    assert sorted(would_remove) == [
        ("datashare", STRANGER, "partner_onboarding.aws.redshift_datashare"),
        ("lakeformation", PARTNER_ACCOUNT, "partner_onboarding.aws.lakeformation_permissions"),
        ("lakeformation", STRANGER, "partner_onboarding.aws.lakeformation_permissions"),
        ("ram", STRANGER, "partner_onboarding.aws.ram_resource_share_principal"),
        ("redshift", "Stitch", "partner_onboarding.aws.redshift_partner"),
    ]
    assert sorted(writes(emulator)) == [
        "DeauthorizeDataShare",
        "DeletePartner",
        "DisassociateResourceShare",
        "RevokePermissions",
        "RevokePermissions",
    ]
    # Beyond the review's read-only policy, remediation calls exactly the write actions docs/access-review.md adds.
    assert called - review_policy() == remediation_policy()
    # The stranger's grant is gone; Fivetran keeps what it declares, only the undeclared DELETE was revoked.
    assert removed["lakeformation"] == [(PARTNER_ACCOUNT, ("SELECT",))]
    assert removed["datashare"] == {STRANGER: "DEAUTHORIZED"}
    # Revoking the grant took the stranger out of the share Lake Formation made for it; Fivetran, which keeps SELECT,
    # stays in its own.
    assert [row["grantee"] for row in after["access"] if row["managed_by"]] == [PARTNER_ACCOUNT]
    # No drift left but the IAM role's trust, for a human to remove, and the caller's own principal, which
    # remediation never touches (the review still reports it: nobody declared it).
    assert sorted((row["kind"], row["grantee"]) for row in after["unexpected"]) == [
        ("iam_role", STRANGER),
        ("ram", OWN_ROLE),
    ]
    assert (after["missing"], after["expired"]) == ([], [])
    assert "**Drift**: 2 unexpected, 0 missing." in after_md
