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

import botocore.session
import yaml

from tests.emulator.client import WRITE_OPERATIONS as WRITES

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


PARTNER_ACCOUNT = "210987654321"
PARTNER_KEY = "AKIAPARTNEREXAMPLE01"


def as_partner(task):
    """Whether an example task lists, as the partner, the shares others share with it."""
    return task.get("partner_onboarding.aws.ram_resource_share_info", {}).get("resource_owner") == "OTHER-ACCOUNTS"


def partner_profiles(tmp_path, endpoint):
    """The examples' profiles, plus ``partner``: the partner's own account."""
    env = aws_profiles(tmp_path, endpoint)
    with open(env["AWS_CONFIG_FILE"], "a", encoding="utf-8") as config:
        config.write(f"[profile partner]\nendpoint_url = {endpoint}\n")
    with open(env["AWS_SHARED_CREDENTIALS_FILE"], "a", encoding="utf-8") as credentials:
        credentials.write(f"[partner]\naws_access_key_id = {PARTNER_KEY}\naws_secret_access_key = partner-secret\n")
    return env


def test_share_examples_do_what_they_say(tmp_path, emulator, endpoint):
    """The four share modules' examples in the order a data team and its partner would run them: the share is made
    and shared (ram_resource_share), the partner added and its removal previewed (ram_resource_share_principal), the
    invitation accepted and a second one's rejection previewed as the partner (ram_resource_share_invitation), the
    shares listed (ram_resource_share_info), then the share renamed and deleted (the rest of ram_resource_share)."""
    emulator.add_account(PARTNER_KEY, PARTNER_ACCOUNT)
    # The share whose invitation the rejection example names (by ARN), offered to the partner beforehand.
    offered = emulator.seed(
        resource_shares=[
            {"name": "other-share", "principals": [PARTNER_ACCOUNT], "allow_external_principals": True},
        ]
    )["resource_shares"][0]["arn"]
    share_tasks = yaml.safe_load(examples("ram_resource_share"))
    tasks = (
        share_tasks[:-1]
        + yaml.safe_load(examples("ram_resource_share_principal"))
        + yaml.safe_load(examples("ram_resource_share_invitation").replace(EXAMPLE_SHARE_ARN, offered))
        + yaml.safe_load(examples("ram_resource_share_info"))
        + share_tasks[-1:]
    )
    playbook = tmp_path / "examples.yml"
    playbook.write_text(yaml.safe_dump([play("Share examples", tasks)]))

    rc, output, recap = run_playbook(tmp_path, {}, playbook=str(playbook), env=partner_profiles(tmp_path, endpoint))

    assert rc == 0, output
    assert recap["localhost"]["failed"] == 0, output
    requests = emulator.requests()
    written = [(r["operation"], r["account"]) for r in requests if r["status"] == 200 and r["operation"] in WRITES]
    # The check-mode examples (the purge preview, the removal, the rejection) wrote nothing. The 1.3.0 examples
    # create three more shares (sources, retained sharing, promote: no policy share exists here, so it is made), and
    # the sender_account_id example accepts, as the partner, the invitations still pending from the owner's account.
    assert written == [
        ("CreateResourceShare", ACCOUNT),
        ("CreateResourceShare", ACCOUNT),
        ("CreateResourceShare", ACCOUNT),
        ("CreateResourceShare", ACCOUNT),
        ("AcceptResourceShareInvitation", PARTNER_ACCOUNT),
        ("AcceptResourceShareInvitation", PARTNER_ACCOUNT),
        ("AcceptResourceShareInvitation", PARTNER_ACCOUNT),
        ("UpdateResourceShare", ACCOUNT),
        ("TagResource", ACCOUNT),
        ("DeleteResourceShare", ACCOUNT),
    ]
    create = next(r for r in requests if r["operation"] == "CreateResourceShare")
    assert create["params"]["principals"] == [PARTNER_ACCOUNT]
    assert create["params"]["permissionArns"] == ["arn:aws:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite"]
    assert "Waiting for: []" in output or "Waiting for: ['210987654321']" in output


def test_the_partner_lists_the_shares_shared_with_it_as_the_info_example_says(tmp_path, emulator, endpoint):
    emulator.add_account(PARTNER_KEY, PARTNER_ACCOUNT)
    share_arn = emulator.seed(
        resource_shares=[
            {"name": "fivetran-share", "resource_arns": [f"arn:aws:glue:us-east-1:{ACCOUNT}:database/sales"]}
        ]
    )["resource_shares"][0]["arn"]
    # Shared inside the organization: visible to the partner at once, no invitation.
    emulator.set_config(organization_accounts=[PARTNER_ACCOUNT])
    owner_ram = botocore.session.Session().create_client(
        "ram", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    owner_ram.associate_resource_share(resourceShareArn=share_arn, principals=[PARTNER_ACCOUNT])
    owner_ram.get_resource_share_associations(associationType="PRINCIPAL", resourceShareArns=[share_arn])
    tasks = [task for task in yaml.safe_load(examples("ram_resource_share_info")) if as_partner(task)]
    assert len(tasks) == 1
    tasks[0]["register"] = "shared_with_me"
    tasks.append({"name": "Show them", "ansible.builtin.debug": {"var": "shared_with_me.resource_shares"}})
    playbook = tmp_path / "examples.yml"
    playbook.write_text(yaml.safe_dump([play("Shared with the partner", tasks)]))

    rc, output, _recap = run_playbook(
        tmp_path, {}, "-v", playbook=str(playbook), env=partner_profiles(tmp_path, endpoint)
    )

    assert rc == 0, output
    assert share_arn in output and "AWSRAMDefaultPermissionGlueDatabase" in output, output
