# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The playbook onboard_partners: 10 partners over 3 shared resource shares and 4 clusters, at forks 1 and 10 and as
3 concurrent slices (three ansible-playbook processes with --limit on disjoint thirds, as job slices run): check
mode writing nothing, the same end state every time, a converged run that changes nothing, offboarding 3 partners
(2 of them by expiry) leaving the other 7 intact, and a partner with a bad value failing alone."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter

import botocore.session
import yaml

from .conftest import (
    ACCESS_KEY,
    ACCOUNT,
    BIN,
    READ_WRITE,
    RECAP,
    REPO_ROOT,
    SECRET_KEY,
    aws_client,
    clean_environ,
    live_shares,
    module_requests,
    share_associations,
)

PARTNERS = [f"p{index:02d}" for index in range(10)]
SHARES = ("glue-share-a", "glue-share-b", "glue-share-c")
CLUSTERS = ("analytics-1", "analytics-2", "analytics-3", "analytics-4")
DATABASES = ("sales", "marketing", "finance", "ops")
# A principal that two partners declare on one share: the first one offboarded must leave it to the other.
SHARED_PRINCIPAL = "299999999999"
OFFBOARDED = PARTNERS[:3]
# Of those, the ones offboarded because their access expired (their state still says present); p06 expires later.
EXPIRED = {"p00": "2020-01-01", "p01": "2020-06-30"}
NOT_YET = {"p06": "2999-12-31"}
RESULT_TASK = "partner_onboarding.aws.onboard_partner : Record what the partner has after the run"
# A customer managed permission that every partner lists (ensured once, however many jobs run at once), which
# glue-share-c gives instead of RAM's read-write one.
CUSTOMER_PERMISSION = {
    "name": "PartnersDatabaseRead",
    "resource_type": "glue:Database",
    "policy_template": {"Effect": "Allow", "Action": ["glue:GetDatabase", "glue:GetTables"]},
}


def share_permission(share):
    return CUSTOMER_PERMISSION["name"] if share == "glue-share-c" else READ_WRITE


def database_arn(name):
    return f"arn:aws:glue:us-east-1:{ACCOUNT}:database/{name}"


def partner_name(host):
    return f"Partner-{host}"


def principal(host):
    return f"2000000000{host[1:]}"


def partner_vars(index, state="present"):
    """Partner ``index``: two of the three shares (each with a database of its own and one all share), one cluster."""
    host = PARTNERS[index]
    shares = [
        {
            "name": SHARES[(index + offset) % 3],
            "resource_arns": [database_arn("sales"), database_arn(DATABASES[index % 4])],
            "permissions": [share_permission(SHARES[(index + offset) % 3])],
            "tags": {"team": "data"},
        }
        for offset in (0, 1)
    ]
    principals = [principal(host)]
    if index in (0, 6):  # p00 (offboarded) and p06 (stays) both declare it on glue-share-a
        principals.append(SHARED_PRINCIPAL)
    return {
        "onboard_partner_name": partner_name(host),
        "onboard_partner_state": state,
        "onboard_partner_redshift_databases": [{"cluster_identifier": CLUSTERS[index % 4], "database_name": "sales"}],
        "onboard_partner_principals": principals,
        "onboard_partner_resource_shares": shares if index != 6 else shares[:1],
        "onboard_partner_permissions": [CUSTOMER_PERMISSION],
    }


def inventory(tmp_path, endpoint, offboarded=(), extra_hosts=None, expires_on=None):
    """The partners' inventory: those of ``offboarded`` with state absent, those of ``expires_on`` ({host: day})
    with that onboard_partner_expires_on."""
    hosts = {
        host: partner_vars(index, "absent" if host in offboarded else "present") for index, host in enumerate(PARTNERS)
    }
    for host, day in (expires_on or {}).items():
        hosts[host]["onboard_partner_expires_on"] = day
    hosts.update(extra_hosts or {})
    aws = {"endpoint_url": endpoint, "region": "us-east-1", "access_key": ACCESS_KEY, "secret_key": SECRET_KEY}
    content = {
        "all": {
            "children": {
                "partners": {
                    "hosts": hosts,
                    "vars": {"onboard_partner_aws": aws, "onboard_partner_account_id": ACCOUNT},
                }
            }
        }
    }
    path = tmp_path / "partners.yml"
    path.write_text(yaml.safe_dump(content))
    return path


def command(path, *args):
    return [str(BIN / "ansible-playbook"), "partner_onboarding.aws.onboard_partners", "-i", str(path), *args]


def recap_of(output):
    return {
        host: dict(zip(("ok", "changed", "unreachable", "failed"), map(int, counts)))
        for host, *counts in RECAP.findall(output)
    }


def run(path, *args):
    proc = subprocess.run(command(path, *args), env=clean_environ(), capture_output=True, text=True, check=False)
    output = proc.stdout + proc.stderr
    return proc.returncode, output, recap_of(output)


def run_slices(path, slices=3, *args):
    """``slices`` ansible-playbook processes started at once, each with --limit on its part of the group."""
    parts = [PARTNERS[number::slices] for number in range(slices)]
    procs = [
        subprocess.Popen(  # pylint: disable=consider-using-with
            command(path, "--limit", ",".join(part), *args),
            env=clean_environ(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for part in parts
    ]
    outputs = [proc.communicate()[0] for proc in procs]
    recap = {}
    for output in outputs:
        recap.update(recap_of(output))
    return [proc.returncode for proc in procs], "\n".join(outputs), recap


def seeded(emulator):
    emulator.set_config(extra_partners=[partner_name(host) for host in PARTNERS])
    emulator.seed(redshift_clusters=list(CLUSTERS))


def expected(present):
    """{share: (principals, resources)}: the present partners' principals; the resources of every partner, as each
    was onboarded before any offboarding, which leaves a share's resources in place (the role's README)."""
    wanted = {share: (set(), set()) for share in SHARES}
    for index, host in enumerate(PARTNERS):
        variables = partner_vars(index)
        for item in variables["onboard_partner_resource_shares"]:
            if host in present:
                wanted[item["name"]][0].update(variables["onboard_partner_principals"])
            wanted[item["name"]][1].update(item["resource_arns"])
    return wanted


def assert_end_state(emulator, endpoint, present, created=True):
    """One share per name with exactly the present partners' principals and the union of their resources, each with
    its permission set once (in its creation: no AssociateResourceSharePermission; the customer managed one created
    once), every present partner's Redshift integration, none of the offboarded ones'."""
    ram = aws_client("ram", endpoint)
    for name, (principals, resources) in expected(present).items():
        shares = live_shares(endpoint, name)
        assert len(shares) == 1, f"{name}: {len(shares)} shares"
        arn = shares[0]["resourceShareArn"]
        live = {"ASSOCIATED", "ASSOCIATING"}
        got = {entity for entity, status in share_associations(endpoint, arn).items() if status in live}
        assert got == principals, name
        got = {entity for entity, status in share_associations(endpoint, arn, "RESOURCE").items() if status in live}
        assert got == resources, name
        permissions = ram.list_resource_share_permissions(resourceShareArn=arn)["permissions"]
        assert [p["name"] for p in permissions] == [share_permission(name)], name
    writes = Counter(r["operation"] for r in module_requests(emulator) if r["write"] and r["status"] < 400)
    assert writes["CreatePermission"] == (1 if created else 0), writes
    assert writes["AssociateResourceSharePermission"] == 0, writes
    assert writes["DisassociateResourceSharePermission"] == 0, writes
    if created:
        names = {r["params"]["name"] for r in module_requests(emulator, operation="CreateResourceShare")}
        assert sorted(names) == list(SHARES)
    redshift = aws_client("redshift", endpoint)
    for index, host in enumerate(PARTNERS):
        partners = redshift.describe_partners(AccountId=ACCOUNT, ClusterIdentifier=CLUSTERS[index % 4])
        names = {item["PartnerName"] for item in partners["PartnerIntegrationInfoList"]}
        assert (partner_name(host) in names) == (host in present), host


def results_by_host(output):
    """``{host: onboard_partner_result}`` from ``-v`` output."""
    results, task = {}, None
    for line in output.splitlines():
        header = re.match(r"^TASK \[(.*)\] \*+$", line)
        if header:
            task = header.group(1)
        found = re.match(r"^ok: \[([^\]]+)\] => (\{.*\})$", line)
        if found and task == RESULT_TASK:
            results[found.group(1)] = json.loads(found.group(2))["ansible_facts"]["onboard_partner_result"]
    return results


def converged(emulator, rc, output, recap, hosts=PARTNERS):
    assert rc == 0, output
    assert {host: recap[host]["changed"] for host in hosts} == dict.fromkeys(hosts, 0), output
    assert [r["operation"] for r in module_requests(emulator) if r["write"]] == []


def test_forks_1_bad_partner_then_forks_10_converged_and_offboarding(tmp_path, emulator, endpoint):
    """Onboarding one partner at a time (forks 1), a bad partner among them; then, at forks 10, the converged run and
    the offboarding. Onboarding from nothing with many partners at once is test_three_concurrent_slices' (10 at once,
    over three processes)."""
    seeded(emulator)
    bad = dict(partner_vars(0), onboard_partner_name="Partner-bad", onboard_partner_principals=["12345"])
    path = inventory(tmp_path, endpoint, extra_hosts={"p-bad": bad})

    # Check mode first: nothing written; the customer managed permission still to be created is predicted once, by
    # the shared part, and each partner's result names it (without an ARN: it does not exist yet).
    rc, output, recap = run(path, "--check", "--forks", "10", "-v")
    assert rc != 0 and recap["p-bad"]["failed"] == 1, output
    assert {host: recap[host]["failed"] for host in PARTNERS} == dict.fromkeys(PARTNERS, 0), output
    assert [r["operation"] for r in module_requests(emulator) if r["write"]] == []
    managed = {host: result["permissions_managed"] for host, result in results_by_host(output).items()}
    assert {host: [p["name"] for p in permissions] for host, permissions in managed.items()} == dict.fromkeys(
        PARTNERS, [CUSTOMER_PERMISSION["name"]]
    ), output
    assert not any("arn" in p for permissions in managed.values() for p in permissions), managed
    emulator.clear_requests()

    rc, output, recap = run(path, "--forks", "1")
    # The bad partner fails alone: the recap names it, every other partner converged.
    assert rc != 0, output
    assert sorted(recap) == sorted([*PARTNERS, "p-bad"]), output
    assert recap["p-bad"]["failed"] == 1, output
    assert {host: recap[host]["failed"] for host in PARTNERS} == dict.fromkeys(PARTNERS, 0), output
    assert "onboard_partner_principals: '12345' not valid" in output
    assert_end_state(emulator, endpoint, PARTNERS)

    # A second run, at forks 10, changes nothing.
    path = inventory(tmp_path, endpoint)
    emulator.clear_requests()
    converged(emulator, *run(path, "--forks", "10"))

    # Offboarding 3 partners leaves the 7 others intact, with the principal p00 and p06 both declare. Two of the 3
    # are offboarded by their expiry date (their state still says present), as a daily scheduled run finds them; p06's
    # date is still to come.
    emulator.clear_requests()
    offboarded = [host for host in OFFBOARDED if host not in EXPIRED]
    path = inventory(tmp_path, endpoint, offboarded=offboarded, expires_on={**EXPIRED, **NOT_YET})
    rc, output, recap = run(path, "--forks", "10", "-v")
    assert rc == 0, output
    present = [host for host in PARTNERS if host not in OFFBOARDED]
    assert {host for host in PARTNERS if recap[host]["changed"]} == set(OFFBOARDED), output
    writes = Counter(r["operation"] for r in module_requests(emulator) if r["write"])
    # Each offboarded partner: one DeletePartner (one cluster), one DisassociateResourceShare on each of its two
    # shares (p00's on glue-share-a without the principal p06 keeps there; on glue-share-b with it).
    assert writes == Counter({"DeletePartner": 3, "DisassociateResourceShare": 3 * 2}), writes
    # Offboarding leaves the shares' resources: finance on glue-share-c was p02's alone, and assert_end_state finds it.
    declared_c = {
        arn
        for index, host in enumerate(PARTNERS)
        if host in present
        for item in partner_vars(index)["onboard_partner_resource_shares"]
        if item["name"] == "glue-share-c"
        for arn in item["resource_arns"]
    }
    assert database_arn("finance") not in declared_c
    assert database_arn("finance") in expected(present)["glue-share-c"][1]
    assert SHARED_PRINCIPAL in expected(present)["glue-share-a"][0]
    assert_end_state(emulator, endpoint, present, created=False)
    results = results_by_host(output)
    expiry = {host: (r["state"], r.get("expires_on"), r.get("expired")) for host, r in results.items()}
    assert expiry == {
        **{host: ("present", None, None) for host in present},
        **{host: ("absent", None, None) for host in offboarded},
        **{host: ("absent", day, True) for host, day in EXPIRED.items()},
        **{host: ("present", day, False) for host, day in NOT_YET.items()},
    }
    assert all(results[host]["partner_integrations"] == [] for host in OFFBOARDED)
    # The customer managed permission, ensured once by the shared part, is in every present partner's result.
    managed = {host: [p["name"] for p in r["permissions_managed"]] for host, r in results.items()}
    assert managed == {
        **{host: [CUSTOMER_PERMISSION["name"]] for host in present},
        **dict.fromkeys(OFFBOARDED, []),
    }, managed
    assert all(p.get("arn") for host in present for p in results[host]["permissions_managed"]), results
    # The job's summary names the expired partners (by the day of the run, UTC), and so do its stats for AWX.
    assert re.search(r"Expired partners \(\d{4}-\d{2}-\d{2}, UTC\), access ended: p00, p01\b", output), output
    assert '"onboard_partners_expired": ["p00", "p01"]' in output, output


def test_three_concurrent_slices(tmp_path, emulator, endpoint):
    seeded(emulator)
    path = inventory(tmp_path, endpoint)
    rcs, output, recap = run_slices(path, 3, "--forks", "5")
    assert rcs == [0, 0, 0], output
    assert sorted(recap) == PARTNERS, output
    assert_end_state(emulator, endpoint, PARTNERS)
    # Each job created each share with the same client token: RAM made one share per name.
    tokens = {r["params"]["name"]: set() for r in module_requests(emulator, operation="CreateResourceShare")}
    for request in module_requests(emulator, operation="CreateResourceShare"):
        tokens[request["params"]["name"]].add(request["params"]["clientToken"])
    assert all(len(token) == 1 for token in tokens.values()), tokens

    emulator.clear_requests()
    rcs, output, recap = run_slices(path, 3, "--forks", "5")
    assert rcs == [0, 0, 0], output
    converged(emulator, 0, output, recap)


def test_the_example_inventory_does_what_it_says(tmp_path, emulator, endpoint):
    """docs/examples/partners.inventory.yml, with the emulator's endpoint and keys as extra variables."""
    emulator.seed(region="eu-west-1", redshift_clusters=["analytics", "reporting"])
    example = REPO_ROOT / "docs" / "examples" / "partners.inventory.yml"
    aws = {"endpoint_url": endpoint, "region": "eu-west-1", "access_key": ACCESS_KEY, "secret_key": SECRET_KEY}
    extra = tmp_path / "aws.yml"
    extra.write_text(yaml.safe_dump({"onboard_partner_aws": aws}))
    rc, output, recap = run(example, "-e", f"@{extra}")
    assert rc == 0, output
    assert sorted(recap) == ["fivetran", "matillion", "stitch"], output
    regional = botocore.session.Session().create_client(
        "ram", endpoint_url=endpoint, region_name="eu-west-1", aws_access_key_id=ACCESS_KEY, aws_secret_access_key="x"
    )
    (share,) = regional.get_resource_shares(resourceOwner="SELF", name="glue-sales")["resourceShares"]
    principals = regional.get_resource_share_associations(
        associationType="PRINCIPAL", resourceShareArns=[share["resourceShareArn"]]
    )["resourceShareAssociations"]
    assert sorted(a["associatedEntity"] for a in principals) == ["210987654321", "310987654321"]
    resources = regional.get_resource_share_associations(
        associationType="RESOURCE", resourceShareArns=[share["resourceShareArn"]]
    )["resourceShareAssociations"]
    assert sorted(a["associatedEntity"] for a in resources) == [
        "arn:aws:glue:eu-west-1:123456789012:database/marketing",
        "arn:aws:glue:eu-west-1:123456789012:database/sales",
    ]
