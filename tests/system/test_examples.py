# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The modules' EXAMPLES, run as a new user would run them, against the emulator.

The examples name AWS profiles and regions; here the profiles live in a throwaway AWS config that points at the
emulator. Only what cannot exist in the emulator is adapted: the example share ARN becomes the seeded share's ARN,
and the GovCloud example (a customer-managed permission) is left out.
"""

from __future__ import annotations

import ast

import yaml

from .conftest import ACCESS_KEY, REPO_ROOT, SECRET_KEY, clean_environ, run_playbook

EXAMPLE_SHARE_ARN = "arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e"
ACCOUNT = "123456789012"


def examples(module):
    source = (REPO_ROOT / "plugins" / "modules" / f"{module}.py").read_text()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "EXAMPLES":
            return node.value.value
    raise AssertionError(f"{module} has no EXAMPLES")


def aws_profiles(tmp_path, endpoint):
    config, credentials = tmp_path / "aws-config", tmp_path / "aws-credentials"
    config.write_text(
        "".join(f"[profile {name}]\nendpoint_url = {endpoint}\n" for name in ("onboarding", "partner-admin"))
    )
    credentials.write_text(
        "".join(
            f"[{name}]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n"
            for name in ("onboarding", "partner-admin")
        )
    )
    return clean_environ(
        AWS_CONFIG_FILE=str(config),
        AWS_SHARED_CREDENTIALS_FILE=str(credentials),
        AWS_ENDPOINT_URL=endpoint,
        AWS_REGION="us-east-1",  # a user's default region, for the examples that do not name one
        AWS_ACCESS_KEY_ID=ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY=SECRET_KEY,
    )


def play(name, tasks):
    return {
        "name": name,
        "hosts": "localhost",
        "gather_facts": False,
        "tasks": tasks,
        "vars": {"ansible_python_interpreter": "{{ ansible_playbook_python }}"},
    }


def test_redshift_examples_do_what_they_say(tmp_path, emulator, endpoint):
    emulator.seed(region="eu-west-1", redshift_clusters=["analytics"])
    tasks = yaml.safe_load(examples("redshift_partner")) + yaml.safe_load(examples("redshift_partner_info"))
    playbook = tmp_path / "examples.yml"
    playbook.write_text(yaml.safe_dump([play("Redshift examples", tasks)], allow_unicode=True))

    rc, output, recap = run_playbook(tmp_path, {}, playbook=str(playbook), env=aws_profiles(tmp_path, endpoint))

    assert rc == 0, output
    assert recap["localhost"]["failed"] == 0, output
    adds = {
        r["params"]["DatabaseName"] + "/" + r["params"]["PartnerName"]
        for r in emulator.requests()
        if r["operation"] == "AddPartner" and r["status"] == 200
    }
    assert adds == {"sales/Fivetran", "sales/Matillion", "marketing/Matillion", "données_ventes/Matillion"}
    # The three-database example reads the cluster once before its writes and once after them, not once per database:
    # the only DescribePartners calls without a database filter are those two.
    unfiltered = [
        r["params"]["PartnerName"]
        for r in emulator.requests()
        if r["operation"] == "DescribePartners" and "DatabaseName" not in r["params"] and "PartnerName" in r["params"]
    ]
    assert unfiltered == ["Matillion", "Matillion"]
    assert [r["params"]["Status"] for r in emulator.requests() if r["operation"] == "UpdatePartnerStatus"] == [
        "ConnectionFailure"
    ]
    assert [r["params"]["PartnerName"] for r in emulator.requests() if r["operation"] == "DeletePartner"] == [
        "Matillion"
    ]
    # The check-mode preview of Stitch wrote nothing.
    assert "Stitch" not in {
        r["params"].get("PartnerName") for r in emulator.requests() if r["operation"] == "AddPartner"
    }


def test_ram_examples_do_what_they_say(tmp_path, emulator, endpoint):
    resources = [
        f"arn:aws:glue:{{region}}:{ACCOUNT}:database/sales",
        f"arn:aws:glue:{{region}}:{ACCOUNT}:table/sales/orders",
    ]
    shares = {}
    for region in ("us-east-1", "eu-west-1"):
        seeded = emulator.seed(
            region=region,
            resource_shares=[
                {"name": "partner-share", "resource_arns": [arn.format(region=region) for arn in resources]}
            ],
        )
        shares[region] = seeded["resource_shares"][0]["arn"]
    emulator.new_permission_version("AWSRAMPermissionGlueTableReadWrite")  # the example pins version 2
    text = examples("ram_resource_share_permission") + examples("ram_resource_share_permission_info")
    tasks = [
        task
        for task in yaml.safe_load(text.replace(EXAMPLE_SHARE_ARN, shares["us-east-1"]))
        if "us-gov" not in yaml.safe_dump(task)
    ]
    playbook = tmp_path / "examples.yml"
    playbook.write_text(yaml.safe_dump([play("RAM examples", tasks)]))

    rc, output, recap = run_playbook(tmp_path, {}, playbook=str(playbook), env=aws_profiles(tmp_path, endpoint))

    assert rc == 0, output
    assert recap["localhost"]["failed"] == 0, output
    applied = [
        (r["region"], r["params"]["permissionArn"].rsplit("/", 1)[-1], r["params"].get("permissionVersion"))
        for r in emulator.requests()
        if r["operation"] == "AssociateResourceSharePermission" and r["status"] == 200
    ]
    assert applied == [
        ("us-east-1", "AWSRAMPermissionGlueDatabaseReadWrite", None),
        ("eu-west-1", "AWSRAMPermissionGlueTableReadWrite", 2),
    ]
    assert "AWSRAMPermissionGlueDatabaseReadWrite" in output  # the debug example shows the partner's permission
