# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""`make demo`: onboard a partner against the local emulator, converge, offboard, and say what happened.

The emulator holds what a data team has before onboarding: two Redshift clusters, a RAM share of a Glue database
and one of its tables, which RAM gave its default (read-only) permissions, a datashare made with SQL on one cluster,
and the same Glue database and table in the Lake Formation catalog (1.3.0: the role grants Fivetran's account
``SELECT`` on the table, Lake Formation shares it through RAM, and Fivetran accepts that share). Each run of the playbook is followed by
what it changed (the tasks and loop items Ansible reports as changed) and the AWS calls it made (the emulator's log,
counted per operation and split by the key that signed: the owner's, or the partner's own). The demo fails if check
mode writes, or if a second run changes or writes anything. It ends with the access review over all five kinds (no
drift after onboarding; a share principal, an IAM role's trust and a Lake Formation grant added by hand, each
unexpected; remediation in check mode, then for real; no drift left but the role's trust, to remove by hand).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import botocore.session

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from tests.emulator.client import WRITE_OPERATIONS, EmulatorClient  # noqa: E402  pylint: disable=wrong-import-position
from tests.utils.emulator import running  # noqa: E402  pylint: disable=wrong-import-position

BIN = Path(sys.executable).parent
# Per process: demos can run side by side, each with its own emulator on a free port.
PIDFILE = REPO_ROOT / "build" / f"demo-emulator-{os.getpid()}.pid"
VARS = REPO_ROOT / "tests" / "demo" / "vars.yml"
RECAP = re.compile(r"ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)")
TASK = re.compile(r"^TASK \[(?:[\w.]+ : )?(.*)\] \*+$")
CHANGED = re.compile(r"^changed: \[[^\]]+\](?: => \(item=(.*)\))?$")

REGION = "us-east-1"
OWNER_ACCOUNT = "123456789012"
OWNER_KEY = "AKIAEMULATOREXAMPLE"
# The partner's own account, outside the owner's organization (the emulator's organization has no other member).
PARTNER_ACCOUNT = "210987654321"
PARTNER_KEY = "AKIAPARTNEREXAMPLE01"
# The demo's own reads of the state sign with keys of their own (as the owner, as the partner), never counted.
LOOKER_KEY = "AKIADEMOLOOKER000001"
PARTNER_LOOKER_KEY = "AKIADEMOLOOKER000002"
SHARE = "fivetran-share"
DATASHARE = "sales_share"
GLUE_DATABASE = f"arn:aws:glue:{REGION}:{OWNER_ACCOUNT}:database/sales"
GLUE_TABLE = f"arn:aws:glue:{REGION}:{OWNER_ACCOUNT}:table/sales/orders"
# The Lake Formation catalog's database and table (the same Glue ones), on which the role grants Fivetran SELECT.
LAKE_DATABASE, LAKE_TABLE = "sales", "orders"
# Lake Formation names the RAM shares it makes for cross-account grants itself (AWS_FACTS.md).
LAKE_SHARE_PREFIX = "LakeFormation"
CLUSTERS = ["analytics", "reporting"]
SIGNERS = (("owner", OWNER_KEY), ("partner", PARTNER_KEY))
WIDTH = 116
PLAYBOOK = "partner_onboarding.aws.onboard_partner"


def line(label, text):
    """One labelled line of the report, wrapped under its text (never inside "Operation 2", nor at an ARN's hyphen)."""
    wrapped = textwrap.fill(
        re.sub(r" (?=\d)", "\0", text),
        width=WIDTH,
        initial_indent=f"    {label:<10}",
        subsequent_indent=" " * 14,
        break_on_hyphens=False,
        break_long_words=False,
    )
    print(wrapped.replace("\0", " "))


def changed_tasks(output):
    """``{task: [loop item labels]}`` of the tasks Ansible reported as changed, in order."""
    changed, task = {}, None
    for line in output.splitlines():
        header = TASK.match(line)
        if header:
            task = header.group(1)
            continue
        status = CHANGED.match(line)
        if status and task:
            items = changed.setdefault(task, [])
            if status.group(1):
                items.append(status.group(1))
    return changed


def call_counts(requests):
    """``("AddPartner 3, ...", "DescribePartners 2, ...")``: the writes and the reads, each operation counted; Lake
    Formation's named with their service (RAM has a ``ListPermissions`` too)."""
    counts = Counter((r["operation"], r.get("service")) for r in requests)

    def name(key):
        operation, service = key
        return f"lakeformation:{operation}" if service == "lakeformation" else operation

    keys = sorted(counts, key=name)
    writes = ", ".join(f"{name(k)} {counts[k]}" for k in keys if k[0] in WRITE_OPERATIONS)
    reads = ", ".join(f"{name(k)} {counts[k]}" for k in keys if k[0] not in WRITE_OPERATIONS)
    return writes, reads


def run(title, client, *extra, converged=False):
    client.clear_requests()
    env = dict(
        os.environ,
        DEMO_ENDPOINT_URL=client.endpoint,
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_COLLECTIONS_PATH=str(REPO_ROOT / "build" / "installed"),
        PATH=f"{BIN}:{os.environ['PATH']}",
    )
    proc = subprocess.run(
        [str(BIN / "ansible-playbook"), PLAYBOOK, "-e", f"@{VARS}", *extra],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    recap = RECAP.search(proc.stdout)
    if proc.returncode or not recap:
        print(proc.stdout + proc.stderr)
        raise SystemExit(f"demo: '{title}' failed")
    requests = client.requests()
    writes = [r["operation"] for r in requests if r["operation"] in WRITE_OPERATIONS]
    changed = int(recap.group(2))
    print(f"\n  {title}: changed={changed}, AWS calls={len(requests)}, of which writes={len(writes)}")
    for task, items in changed_tasks(proc.stdout).items():
        line("changed", task + (f": {', '.join(items)}" if items else ""))
    for side, key in SIGNERS:
        signed = [r for r in requests if r["access_key"] == key]
        writes_by_name, reads_by_name = call_counts(signed)
        line(side, f"{len(signed)} call{'' if len(signed) == 1 else 's'} signed with {key}")
        for kind, text in (("  writes", writes_by_name), ("  reads", reads_by_name)):
            if text:
                line(kind, text)
    strangers = sorted({str(r["access_key"]) for r in requests if r["access_key"] not in dict(SIGNERS).values()})
    if strangers:
        raise SystemExit(f"demo: '{title}' signed requests with neither credential: {', '.join(strangers)}")
    if "--check" in extra and writes:
        raise SystemExit(f"demo: check mode wrote to AWS: {', '.join(writes)}")
    if converged and (changed or writes):
        raise SystemExit(f"demo: '{title}' was not converged: changed={changed}, writes: {', '.join(writes)}")


def show_state(endpoint, share_arn):
    """The share, the integrations, the datashares and the Lake Formation grant with its share as the owner and the
    partner see them, read with the demo's own keys."""

    def aws(service, key):
        return botocore.session.Session().create_client(
            service, endpoint_url=endpoint, region_name=REGION, aws_access_key_id=key, aws_secret_access_key="x"
        )

    ram, redshift = aws("ram", LOOKER_KEY), aws("redshift", LOOKER_KEY)
    latest = {}
    associations = ram.get_resource_share_associations(associationType="PRINCIPAL", resourceShareArns=[share_arn])
    for item in sorted(associations["resourceShareAssociations"], key=lambda a: str(a.get("lastUpdatedTime", ""))):
        latest[item["associatedEntity"]] = item["status"]
    resources = ram.get_resource_share_associations(associationType="RESOURCE", resourceShareArns=[share_arn])
    held = [a["associatedEntity"].split(":")[-1] for a in resources["resourceShareAssociations"]]
    permissions = ram.list_resource_share_permissions(resourceShareArn=share_arn)["permissions"]
    shared_with_partner = {
        s["resourceShareArn"]
        for s in aws("ram", PARTNER_LOOKER_KEY).get_resource_shares(resourceOwner="OTHER-ACCOUNTS")["resourceShares"]
    }
    [share] = ram.get_resource_shares(resourceOwner="SELF", resourceShareArns=[share_arn])["resourceShares"]
    line("share", f"{share['name']} ({share['status']}) holds {', '.join(held) or 'nothing'}")
    line("  perms", ", ".join(_permission_text(p) for p in permissions) or "none")
    line(
        "  shared",
        (", ".join(f"{principal} {status}" for principal, status in latest.items()) or "with nobody")
        + f"; the partner {'can' if share_arn in shared_with_partner else 'cannot'} use the share",
    )
    integrations = {
        cluster: [
            p["DatabaseName"]
            for p in redshift.describe_partners(AccountId=OWNER_ACCOUNT, ClusterIdentifier=cluster).get(
                "PartnerIntegrationInfoList", []
            )
        ]
        for cluster in CLUSTERS
    }
    line("redshift", "; ".join(f"{c}: {', '.join(sorted(dbs)) or 'no integration'}" for c, dbs in integrations.items()))
    for datashare in redshift.describe_data_shares()["DataShares"]:
        consumers = ", ".join(f"{a['ConsumerIdentifier']} {a['Status']}" for a in datashare["DataShareAssociations"])
        line("datashare", f"{datashare['DataShareArn'].rpartition('/')[2]} of analytics: {consumers or 'no consumer'}")
    return show_lakeformation(aws)


def show_lakeformation(aws):
    """Fivetran's Lake Formation grant on the table (the owner's ListPermissions), and the RAM shares Lake Formation
    made for it: what they hold, their principals' latest status, and whether the partner has accepted (uses) each.
    Returns ``(permissions held, whether the partner can use one of Lake Formation's shares)``."""
    table = {"Table": {"DatabaseName": LAKE_DATABASE, "Name": LAKE_TABLE}}
    grants = aws("lakeformation", LOOKER_KEY).list_permissions(
        Principal={"DataLakePrincipalIdentifier": PARTNER_ACCOUNT}, Resource=table
    )["PrincipalResourcePermissions"]
    held = sorted({p for grant in grants for p in grant["Permissions"]})
    line("lf grant", f"{PARTNER_ACCOUNT} on {LAKE_DATABASE}.{LAKE_TABLE}: {', '.join(held) or 'no permission'}")
    ram = aws("ram", LOOKER_KEY)
    shares = [
        s
        for s in ram.get_resource_shares(resourceOwner="SELF")["resourceShares"]
        if s["name"].startswith(LAKE_SHARE_PREFIX)
    ]
    used = {
        s["resourceShareArn"]
        for s in aws("ram", PARTNER_LOOKER_KEY).get_resource_shares(resourceOwner="OTHER-ACCOUNTS")["resourceShares"]
    }
    invitations = {
        i["resourceShareArn"]: i["status"]
        for i in sorted(
            aws("ram", PARTNER_LOOKER_KEY).get_resource_share_invitations()["resourceShareInvitations"],
            key=lambda i: str(i.get("invitationTimestamp", "")),
        )
    }
    if not shares:
        line("  share", "none (Lake Formation has shared nothing)")
    for share in shares:
        arn = share["resourceShareArn"]
        resources = ram.get_resource_share_associations(associationType="RESOURCE", resourceShareArns=[arn])
        holds = ", ".join(a["associatedEntity"].split(":")[-1] for a in resources["resourceShareAssociations"])
        latest = {}
        principals = ram.get_resource_share_associations(associationType="PRINCIPAL", resourceShareArns=[arn])
        for item in sorted(principals["resourceShareAssociations"], key=lambda a: str(a.get("lastUpdatedTime", ""))):
            latest[item["associatedEntity"]] = item["status"]
        line(
            "  share",
            f"{share['name']} holds {holds or 'nothing'}, shared "
            + (", ".join(f"{principal} {status}" for principal, status in latest.items()) or "with nobody")
            + f"; invitation {invitations.get(arn, 'none').lower()}"
            + f"; the partner {'can' if arn in used else 'cannot'} use the share",
        )
    return held, any(share["resourceShareArn"] in used for share in shares)


def expect_lakeformation(state, granted):
    """The demo fails unless the partner holds SELECT through an accepted share (``granted``), or nothing at all."""
    held, usable = state
    if (held, usable) != ((["SELECT"], True) if granted else ([], False)):
        raise SystemExit(f"demo: the Lake Formation grant is {held or 'none'} and its share usable={usable}")


def _permission_text(permission):
    """A share's permission; a customer managed one with the version the share uses and whether it is the default."""
    text = f"{permission['resourceType']} {permission['name']}"
    if permission.get("permissionType") == "CUSTOMER_MANAGED":
        default = "the default" if permission.get("defaultVersion") else "not the default"
        text += f" (customer managed, version {permission['version']}, {default})"
    return text


# The demo's second step (1.2.0): the data team narrows the partner's customer managed permission on the table.
NARROWED_TEMPLATE = '{"Effect": "Allow", "Action": ["glue:GetTable", "glue:GetPartitions"]}'


def show_permission(endpoint, name):
    """The customer managed permission: its versions, the default one's actions, and the shares using each version."""
    ram = botocore.session.Session().create_client(
        "ram", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=LOOKER_KEY, aws_secret_access_key="x"
    )
    found = [p for p in ram.list_permissions(permissionType="CUSTOMER_MANAGED")["permissions"] if p["name"] == name]
    if not found:
        line("cm perm", f"{name}: none")
        return
    arn = found[0]["arn"]
    versions = ram.list_permission_versions(permissionArn=arn)["permissions"]
    default = ram.get_permission(permissionArn=arn)["permission"]
    used = ram.list_permission_associations(permissionArn=arn)["permissions"]
    line(
        "cm perm",
        f"{name}: versions {', '.join(v['version'] for v in versions)}, default {default['version']} allows "
        f"{', '.join(sorted(json.loads(default['permission'])['Action']))}",
    )
    line("  used by", ", ".join(f"version {u['permissionVersion']} on {u['resourceShareArn']}" for u in used) or "none")


def change_permission_template(client, endpoint, share_arn):
    """Step 2: a new template for the partner's permission (a new default version; the role moves the share)."""
    extra = (
        "-e",
        '{"onboard_partner_permissions": [{"name": "FivetranTableRead", "resource_type": "glue:Table", '
        f'"policy_template": {NARROWED_TEMPLATE}, "tags": {{"partner": "Fivetran"}}}}]}}',
    )
    print("\nStep 2: narrow Fivetran's table permission (a new default version; the role moves the share to it)")
    run("narrow the permission (check mode)", client, *extra, "--check")
    run("narrow the permission", client, *extra)
    show_permission(endpoint, "FivetranTableRead")
    show_state(endpoint, share_arn)
    run("narrow the permission again (converged)", client, *extra, converged=True)
    return extra


def main():
    with running(PIDFILE, PIDFILE.with_suffix(".log")) as endpoint:
        client = EmulatorClient(endpoint)
        client.reset()
        client.add_account(PARTNER_KEY, PARTNER_ACCOUNT)
        client.add_account(PARTNER_LOOKER_KEY, PARTNER_ACCOUNT)
        seeded = client.seed(
            region=REGION,
            redshift_clusters=CLUSTERS,
            resource_shares=[{"name": SHARE, "resource_arns": [GLUE_DATABASE, GLUE_TABLE]}],
        )
        share_arn = seeded["resource_shares"][0]["arn"]
        # As the data team made it with SQL on the analytics cluster: CREATE DATASHARE sales_share.
        client.datashare("analytics", DATASHARE, region=REGION)
        # The data lake: the same Glue database and table, in the catalog Lake Formation governs.
        client.seed_catalog(region=REGION, databases={LAKE_DATABASE: [LAKE_TABLE]})
        print(f"Emulated AWS at {endpoint}, as account {OWNER_ACCOUNT} (the owner) has it before onboarding:")
        show_state(endpoint, share_arn)
        line("partner", f"Fivetran's own account {PARTNER_ACCOUNT}, outside the organization, signs with {PARTNER_KEY}")
        print(f"\nOnboarding, then offboarding Fivetran: ansible-playbook {PLAYBOOK} -e @{VARS.relative_to(REPO_ROOT)}")
        run("onboard (check mode)", client, "--check")
        run("onboard", client)
        show_permission(endpoint, "FivetranTableRead")
        expect_lakeformation(show_state(endpoint, share_arn), granted=True)
        run("onboard again (converged)", client, converged=True)
        narrowed = change_permission_template(client, endpoint, share_arn)
        run("offboard", client, *narrowed, "-e", "onboard_partner_state=absent")
        expect_lakeformation(show_state(endpoint, share_arn), granted=False)
        show_permission(endpoint, "FivetranTableRead")
        run("offboard again (converged)", client, *narrowed, "-e", "onboard_partner_state=absent", converged=True)
        review_access(client, endpoint, share_arn, *narrowed)
    print("\nDemo done: check mode wrote nothing, and the second run of each changed nothing and wrote nothing.")


# --- the access review: the report after onboarding, after access added by hand, and remediation (1.2.0, 1.3.0) ------

REPORT_PLAYBOOK = "partner_onboarding.aws.report_partner_access"
REPORT_DIR = REPO_ROOT / "build" / "demo-report"
# Someone gives another account access in the console, outside the playbooks: to the share, through an IAM role it
# may assume, and through a Lake Formation grant.
HAND_ADDED_ACCOUNT = "999988887777"
HAND_ADDED_ROLE = "vendor-debug"


def partners_of(variables):
    """The partner of the onboarding variables, as partner_access_info's ``partners`` takes it: every kind the role
    grants (Redshift, RAM, Lake Formation, datashares)."""
    shares = [share.get("name") or share.get("arn") for share in variables.get("onboard_partner_resource_shares", [])]
    datashares = [
        item["datashare_arn"]
        if item.get("datashare_arn")
        else {"cluster_identifier": item["cluster_identifier"], "datashare_name": item["datashare_name"]}
        for item in variables.get("onboard_partner_datashares", [])
    ]
    return [
        {
            "name": variables["onboard_partner_name"],
            "redshift_databases": [
                {"cluster_identifier": d["cluster_identifier"], "database_name": d["database_name"]}
                for d in variables.get("onboard_partner_redshift_databases", [])
            ],
            "principals": variables.get("onboard_partner_principals", []),
            "resource_shares": shares,
            "lakeformation_permissions": variables.get("onboard_partner_lakeformation_permissions", []),
            "datashares": datashares,
        }
    ]


def _where(row):
    """What a row reaches, in a few words."""
    kind = row["kind"]
    if kind == "redshift":
        return f"{row['cluster_identifier']}/{row['database_name']}"
    if kind == "lakeformation":
        return row["data_location_arn"] or ".".join(filter(None, (row["database_name"], row["table_name"])))
    if kind == "datashare":
        return row["datashare_name"] or row["datashare_arn"]
    if kind == "iam_role":
        return f"role {row['role_name']}"
    return row["resource_share_name"]


def run_report(title, client, report_dir, *extra, remediate=False):
    """Run the report playbook as the owner (with the onboarding's connection options), with ``extra`` arguments;
    returns its JSON report (with ``remediate``, the one after remediation)."""
    import json  # pylint: disable=import-outside-toplevel

    import yaml  # pylint: disable=import-outside-toplevel

    report_dir.mkdir(parents=True, exist_ok=True)
    report_vars = report_dir / "report-vars.yml"
    report_vars.write_text(
        yaml.safe_dump(
            {
                "partner_access_partners": partners_of(yaml.safe_load(VARS.read_text())),
                "partner_access_aws": "{{ onboard_partner_aws }}",
                "partner_access_report_dir": str(report_dir),
                "partner_access_remediate": remediate,
            }
        )
    )
    client.clear_requests()
    env = dict(
        os.environ,
        DEMO_ENDPOINT_URL=client.endpoint,
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_COLLECTIONS_PATH=str(REPO_ROOT / "build" / "installed"),
        PATH=f"{BIN}:{os.environ['PATH']}",
    )
    command = [str(BIN / "ansible-playbook"), REPORT_PLAYBOOK, "-e", f"@{VARS}", "-e", f"@{report_vars}", *extra]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if proc.returncode:
        print(proc.stdout + proc.stderr)
        raise SystemExit(f"demo: '{title}' failed")
    requests = client.requests()
    writes = [r["operation"] for r in requests if r["operation"] in WRITE_OPERATIONS]
    if writes and not (remediate and "--check" not in extra):
        raise SystemExit(f"demo: '{title}' wrote to AWS: {', '.join(writes)}")
    name = "partner-access-after" if remediate else "partner-access"
    report = json.loads((report_dir / f"{name}.json").read_text())
    writes_by_name, reads = call_counts(requests)
    print(
        f"\n  {title}: {len(report['access'])} grants, {len(report['unexpected'])} unexpected, "
        f"{len(report['missing'])} missing, AWS calls={len(requests)} "
        + (f"of which writes={len(writes)}" if writes else "(no write)")
    )
    line("reads", reads)
    if writes_by_name:
        line("writes", writes_by_name)
    plan = report.get("remediation")
    if plan:
        done = "to remove" if plan["check_mode"] else "removed"
        for entry in plan["remove"]:
            line(done, f"{entry['label']} ({entry['reason']}) with {entry['module']}")
        for entry in plan["by_hand"]:
            line("by hand", entry["label"])
        for entry in plan["kept"]:
            line("kept", f"{entry['label']}: {entry['reason']}")
        line("after", "the review after remediation:" + (" unchanged (check mode)" if plan["check_mode"] else ""))
    for kind in ("unexpected", "missing"):
        for row in report[kind]:
            status = row["status"] or ("absent" if kind == "missing" else "")
            line(
                "drift", f"{kind}: {row['kind']} {row['grantee']} on {_where(row)}" + (f" ({status})" if status else "")
            )
    line("files", f"{(report_dir / f'{name}.md').relative_to(REPO_ROOT)} and {name}.json")
    return report


def add_access_by_hand(endpoint, share_arn):
    """As someone would in the console: the account joins the share, may assume a role, and gets a Lake Formation
    grant on the table (which Lake Formation shares with it through its own RAM share)."""

    def aws(service):
        return botocore.session.Session().create_client(
            service, endpoint_url=endpoint, region_name=REGION, aws_access_key_id=LOOKER_KEY, aws_secret_access_key="x"
        )

    aws("ram").associate_resource_share(resourceShareArn=share_arn, principals=[HAND_ADDED_ACCOUNT])
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": HAND_ADDED_ACCOUNT}, "Action": "sts:AssumeRole"}],
    }
    aws("iam").create_role(RoleName=HAND_ADDED_ROLE, AssumeRolePolicyDocument=json.dumps(trust))
    aws("lakeformation").grant_permissions(
        Principal={"DataLakePrincipalIdentifier": HAND_ADDED_ACCOUNT},
        Resource={"Table": {"DatabaseName": LAKE_DATABASE, "Name": LAKE_TABLE}},
        Permissions=["SELECT"],
    )
    print(f"\n  Account {HAND_ADDED_ACCOUNT} given access by hand, outside the playbooks: added to {SHARE}, trusted by")
    print(f"  the IAM role {HAND_ADDED_ROLE}, granted SELECT on {LAKE_DATABASE}.{LAKE_TABLE} in Lake Formation:")
    show_state(endpoint, share_arn)


def unexpected_kinds(report):
    return sorted((row["kind"], row["grantee"], row["managed_by"] or "") for row in report["unexpected"])


def review_access(client, endpoint, share_arn, *extra):
    """Onboard again (with the variables of step 2, ``extra``), report (no drift over all five kinds), give another
    account access by hand (a share principal, an IAM role's trust, a Lake Formation grant), report (each
    unexpected), remediate in check mode (nothing removed), then for real (no drift left but the IAM role, to remove
    by hand)."""
    print(f"\nThe access review: onboard Fivetran again, then ansible-playbook {REPORT_PLAYBOOK}")
    run("onboard", client, *extra)
    report = run_report("report after onboarding", client, REPORT_DIR / "onboarded")
    kinds = sorted({row["kind"] for row in report["access"]})
    if report["unexpected"] or report["missing"] or kinds != ["datashare", "lakeformation", "ram", "redshift"]:
        raise SystemExit(f"demo: the report after onboarding found drift, or not every kind the role grants: {kinds}")
    add_access_by_hand(endpoint, share_arn)
    report = run_report("report after the access added by hand", client, REPORT_DIR / "hand-added")
    by_hand = [
        ("iam_role", HAND_ADDED_ACCOUNT, ""),
        ("lakeformation", HAND_ADDED_ACCOUNT, ""),
        ("ram", HAND_ADDED_ACCOUNT, ""),
        # Lake Formation's own share of the table, now with the account: revoking the grant is what removes it.
        ("ram", HAND_ADDED_ACCOUNT, "lakeformation"),
    ]
    if unexpected_kinds(report) != by_hand or report["missing"]:
        raise SystemExit(f"demo: the report did not find the access added by hand: {unexpected_kinds(report)}")
    print(f"\nRemediation: ansible-playbook {REPORT_PLAYBOOK} -e partner_access_remediate=true, with --check first")
    report = run_report("remediate (check mode)", client, REPORT_DIR / "remediate-check", "--check", remediate=True)
    if unexpected_kinds(report) != by_hand:
        raise SystemExit("demo: remediation in check mode changed the access")
    report = run_report("remediate", client, REPORT_DIR / "remediated", remediate=True)
    if unexpected_kinds(report) != [("iam_role", HAND_ADDED_ACCOUNT, "")] or report["missing"]:
        raise SystemExit(f"demo: remediation left drift besides the IAM role: {unexpected_kinds(report)}")
    if [e["kind"] for e in report["remediation"]["by_hand"]] != ["iam_role"]:
        raise SystemExit("demo: the report after remediation does not ask to remove the IAM role's trust by hand")
    show_state(endpoint, share_arn)
    print(
        "\nAccess review done: no drift after onboarding; the share principal, the IAM role and the Lake Formation grant"
        "\nadded by hand were unexpected; remediation removed the principal and the grant (and so Lake Formation's"
        f"\nshare of it), and left the role {HAND_ADDED_ROLE}, reported for removal by hand."
    )


if __name__ == "__main__":
    main()
