# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Faults, lost responses and concurrency: the onboarding keeps working, never writes twice, never widens access."""

from __future__ import annotations

from collections import Counter

import botocore.session
import yaml

from .conftest import onboarding_vars, run_playbook, writes

DB_ARN = "arn:aws:glue:us-east-1:123456789012:database/sales"
# Every operation of an onboarding whose account is left out, with its service.
OPERATIONS = {
    "GetCallerIdentity": "sts",
    "DescribePartners": "redshift",
    "AddPartner": "redshift",
    "GetResourceShares": "ram",
    "ListResourceSharePermissions": "ram",
    "GetPermission": "ram",
    "AssociateResourceSharePermission": "ram",
}


def statuses(emulator, operation):
    return [r["status"] for r in emulator.requests() if r["operation"] == operation]


def test_throttling_on_every_operation_and_503_on_writes_are_retried(tmp_path, emulator, seeded, endpoint):
    # The account is left out, so that sts:GetCallerIdentity is part of the run too.
    variables = onboarding_vars(endpoint)
    del variables["onboard_partner_account_id"]
    for operation, service in OPERATIONS.items():
        emulator.fault(service, operation, "throttle", count=2)
    emulator.fault("redshift", "AddPartner", "unavailable", count=1)
    emulator.fault("ram", "AssociateResourceSharePermission", "unavailable", count=1)

    rc, output, recap = run_playbook(tmp_path, variables)

    assert rc == 0, output
    assert recap["localhost"]["changed"] == 2, output
    throttled = {400, 429}
    for operation in OPERATIONS:
        seen = statuses(emulator, operation)
        assert throttled & set(seen[:2]), f"{operation} was not throttled: {seen}"
        assert seen[-1] == 200, f"{operation} did not succeed in the end: {seen}"
    assert 503 in statuses(emulator, "AddPartner")
    assert 503 in statuses(emulator, "AssociateResourceSharePermission")
    # Each write applied once: one association, two integrations.
    assert Counter(writes(emulator))["AssociateResourceSharePermission"] == 4  # 2 throttled + 1 503 + 1 applied
    assert statuses(emulator, "AssociateResourceSharePermission").count(200) == 1


def test_when_retries_run_out_the_failure_names_operation_code_and_attempts(tmp_path, emulator, seeded, endpoint):
    variables = onboarding_vars(endpoint)
    variables["onboard_partner_aws"]["aws_config"] = {"retries": {"total_max_attempts": 3}}
    emulator.fault("redshift", "DescribePartners", "throttle", count=10)

    rc, output, _recap = run_playbook(tmp_path, variables)

    assert rc != 0
    assert "DescribePartners failed with Throttling" in output, output
    assert "(after 3 attempts)" in output, output
    # Two databases of one cluster are one task and one DescribePartners read: three attempts in all, and no write.
    assert statuses(emulator, "DescribePartners") == [400] * 3
    assert writes(emulator) == []


def test_lost_responses_are_neither_failures_nor_applied_twice(tmp_path, emulator, seeded, endpoint):
    emulator.fault("ram", "AssociateResourceSharePermission", "lost_response", count=1)
    emulator.fault("redshift", "AddPartner", "lost_response", count=1)

    rc, output, recap = run_playbook(tmp_path, onboarding_vars(endpoint))

    assert rc == 0, output
    assert recap["localhost"]["changed"] == 2, output
    associations = [r for r in emulator.requests() if r["operation"] == "AssociateResourceSharePermission"]
    assert [r["status"] for r in associations] == [500, 200]
    # botocore resent the same request body: the retry carried the first attempt's clientToken.
    tokens = {r["params"]["clientToken"] for r in associations}
    assert len(tokens) == 1 and None not in tokens
    adds = [r for r in emulator.requests() if r["operation"] == "AddPartner"]
    assert adds[0]["status"] == 500  # applied, answer lost; the module then read it back
    # The state: exactly one association of the permission, and both integrations.
    rc, output, recap = run_playbook(tmp_path, onboarding_vars(endpoint))
    assert rc == 0 and recap["localhost"]["changed"] == 0, output


PARTNERS = [
    "Datacoral",
    "Etleap",
    "Fivetran",
    "SnapLogic",
    "Stitch",
    "Upsolver",
    "Matillion",
    "Sisense",
    "PartnerNine",
    "PartnerTen",
]


def test_ten_forks_onboarding_ten_partners_onto_one_cluster_and_one_share(tmp_path, emulator, seeded, endpoint):
    emulator.set_config(extra_partners=PARTNERS[8:])
    inventory = {
        "partners": {
            "hosts": {
                f"onboarding-{index}": {
                    "onboard_partner_name": partner,
                    "ansible_connection": "local",
                    "ansible_python_interpreter": "{{ ansible_playbook_python }}",
                }
                for index, partner in enumerate(PARTNERS)
            }
        }
    }
    (tmp_path / "inventory.yml").write_text(yaml.safe_dump(inventory))
    (tmp_path / "onboard.yml").write_text(
        "- name: Onboard one partner per host\n  hosts: partners\n  gather_facts: false\n"
        "  roles:\n    - role: partner_onboarding.aws.onboard_partner\n"
    )
    variables = onboarding_vars(endpoint)
    del variables["onboard_partner_name"]
    variables["onboard_partner_redshift_databases"] = [{"cluster_identifier": "analytics", "database_name": "sales"}]
    args = ("-i", str(tmp_path / "inventory.yml"), "--forks", "10")

    rc, output, recap = run_playbook(tmp_path, variables, *args, playbook=str(tmp_path / "onboard.yml"))
    assert rc == 0, output
    assert len(recap) == 10 and all(counts["failed"] == 0 for counts in recap.values()), output
    adds = [r for r in emulator.requests() if r["operation"] == "AddPartner" and r["status"] == 200]
    assert sorted(r["params"]["PartnerName"] for r in adds) == sorted(PARTNERS)
    applied = [
        r for r in emulator.requests() if r["operation"] == "AssociateResourceSharePermission" and r["status"] == 200
    ]
    assert len(applied) == 1

    emulator.clear_requests()
    rc, output, recap = run_playbook(tmp_path, variables, *args, playbook=str(tmp_path / "onboard.yml"))
    assert rc == 0, output
    assert all(counts["changed"] == 0 for counts in recap.values()), output
    assert writes(emulator) == []


def test_a_stricter_permission_in_place_is_never_replaced_silently(tmp_path, emulator, endpoint):
    # A share of Glue databases: RAM gave it the default, read-only permission.
    emulator.seed(
        redshift_clusters=["analytics"], resource_shares=[{"name": "fivetran-share", "resource_arns": [DB_ARN]}]
    )
    variables = onboarding_vars(endpoint, onboard_partner_redshift_databases=[])
    variables["onboard_partner_resource_share_permissions"][0].pop("replace", None)

    for mode in (["--check"], []):
        rc, output, _recap = run_playbook(tmp_path, variables, *mode)
        assert rc != 0
        assert "AWSRAMDefaultPermissionGlueDatabase" in output and "replace: true" in output, output
        assert writes(emulator) == []

    ram = botocore.session.Session().create_client(
        "ram", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    share = ram.get_resource_shares(resourceOwner="SELF", name="fivetran-share")["resourceShares"][0]
    names = [
        p["name"]
        for p in ram.list_resource_share_permissions(resourceShareArn=share["resourceShareArn"])["permissions"]
    ]
    assert names == ["AWSRAMDefaultPermissionGlueDatabase"]
