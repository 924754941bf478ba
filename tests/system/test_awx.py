# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWX readiness: the playbook through ansible-runner as AWX runs a job, and an EE build context."""

from __future__ import annotations

import json
import subprocess

import yaml

from .conftest import (
    ACCESS_KEY,
    BIN,
    GLUE_DATABASE,
    GLUE_TABLE,
    PARTNER_ACCESS_KEY,
    PARTNER_ACCOUNT,
    READ_WRITE,
    REPO_ROOT,
    VERIFIER_ACCESS_KEY,
    clean_environ,
    live_shares,
    share_associations,
    writes,
)

# What AWX's "Amazon Web Services" credential injects: no region, and on older AWX no AWS_SESSION_TOKEN.
AWX_ENVVARS = {
    "AWS_ACCESS_KEY_ID": ACCESS_KEY,
    "AWS_SECRET_ACCESS_KEY": "awx-secret-key",
    "AWS_SECURITY_TOKEN": "awx-session-token",
}
# AWX's Demo Inventory: localhost, with the interpreter that runs Ansible in the execution environment.
AWX_INVENTORY = 'localhost ansible_connection=local ansible_python_interpreter="{{ ansible_playbook_python }}"\n'
PROJECT_PLAYBOOK = (
    "- name: Onboard a partner\n  ansible.builtin.import_playbook: partner_onboarding.aws.onboard_partner\n"
)


def private_data_dir(tmp_path, endpoint):
    """A private data directory laid out as AWX writes it for a job run."""
    root = tmp_path / "awx"
    for sub in ("env", "inventory", "project"):
        (root / sub).mkdir(parents=True)
    (root / "env" / "envvars").write_text(yaml.safe_dump(AWX_ENVVARS))
    # Job template extra vars plus survey answers, which AWX sends as strings.
    extravars = yaml.safe_load((REPO_ROOT / "docs" / "examples" / "awx-extra-vars.yml").read_text())
    extravars.update(
        onboard_partner_name="Fivetran",
        onboard_partner_state="present",
        onboard_partner_account_id="123456789012",
    )
    extravars["onboard_partner_aws"] = {"region": "us-east-1", "endpoint_url": endpoint}
    (root / "env" / "extravars").write_text(yaml.safe_dump(extravars))
    (root / "inventory" / "hosts").write_text(AWX_INVENTORY)
    (root / "project" / "onboard_partner.yml").write_text(PROJECT_PLAYBOOK)
    return root


# The partner's credential: a custom credential type ("Partner AWS account", docs/awx.md) whose injector puts the
# partner's keys in the extra variable onboard_partner_accepter_aws. AWX writes what a credential injects as extra
# variables to a file of its own under env/ and passes it with -e, after the job template's extra variables.
PARTNER_SECRET = "awx-partner-secret-key"


def add_partner_credential(root, endpoint):
    injected = root / "env" / "tmp_partner_credential"
    injected.write_text(
        yaml.safe_dump(
            {
                "onboard_partner_accepter_aws": {
                    "access_key": PARTNER_ACCESS_KEY,
                    "secret_key": PARTNER_SECRET,
                    "region": "us-east-1",
                    # The emulator stands for AWS: only the test needs an endpoint.
                    "endpoint_url": endpoint,
                }
            }
        )
    )
    injected.chmod(0o400)
    (root / "env" / "cmdline").write_text(f"-e @{injected}")


def share_with_the_partner(root, principals=(PARTNER_ACCOUNT,)):
    """Job template extra variables of 1.1.0: the share to give and the partner's accounts (a list, or a survey's
    text answer: a string)."""
    extravars = yaml.safe_load((root / "env" / "extravars").read_text())
    extravars["onboard_partner_resource_shares"] = [
        {"name": "partner-glue-share", "resource_arns": [GLUE_DATABASE, GLUE_TABLE], "permissions": [READ_WRITE]}
    ]
    extravars["onboard_partner_principals"] = principals if isinstance(principals, str) else list(principals)
    (root / "env" / "extravars").write_text(yaml.safe_dump(extravars))


def run_job(root):
    proc = subprocess.run(
        [str(BIN / "ansible-runner"), "run", str(root), "-p", "onboard_partner.yml", "-j"],
        env=clean_environ(),
        capture_output=True,
        text=True,
        check=False,
    )
    events = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    stats = next((e["event_data"] for e in events if e.get("event") == "playbook_on_stats"), {})
    return proc.returncode, proc.stdout + proc.stderr, stats


def test_job_runs_with_awx_credential_variables_only(tmp_path, emulator, seeded, endpoint):
    root = private_data_dir(tmp_path, endpoint)

    rc, output, stats = run_job(root)
    assert rc == 0, output
    assert stats["changed"] == {"localhost": 2}, output
    assert sorted(writes(emulator)) == ["AddPartner", "AddPartner", "AssociateResourceSharePermission"]
    # The credential came from AWX's variables, token included.
    for request in emulator.requests():
        assert (request["access_key"], request["session_token"]) == (ACCESS_KEY, "awx-session-token")
    assert "awx-secret-key" not in output and "awx-session-token" not in output
    assert stats.get("artifact_data", {}).get("onboard_partner_result", {}).get("partner_name") == "Fivetran"

    rc, output, stats = run_job(root)
    assert rc == 0, output
    assert stats["changed"] == {}, output


def test_job_with_the_owner_s_and_the_partner_s_credentials(tmp_path, emulator, seeded, endpoint, partner):
    root = private_data_dir(tmp_path, endpoint)
    share_with_the_partner(root)
    add_partner_credential(root, endpoint)

    rc, output, stats = run_job(root)

    assert rc == 0, output
    # Five tasks changed: the cluster's two integrations (one task), the 1.0 permission, the new share, the partner
    # added to it, and its acceptance.
    assert stats["changed"] == {"localhost": 5}, output
    [share] = live_shares(endpoint, "partner-glue-share")
    assert share_associations(endpoint, share["resourceShareArn"]) == {PARTNER_ACCOUNT: "ASSOCIATED"}
    # Who signed what: the partner's key only its invitation, the owner's (AWX's AWS credential, with its token)
    # everything else.
    signed = {}
    for request in emulator.requests():
        if request["access_key"] != VERIFIER_ACCESS_KEY:
            signed.setdefault(request["access_key"], set()).add(request["operation"])
    assert signed.pop(PARTNER_ACCESS_KEY) == {"GetResourceShareInvitations", "AcceptResourceShareInvitation"}
    owner = signed.pop(ACCESS_KEY)
    assert {"AddPartner", "CreateResourceShare", "AssociateResourceShare"} <= owner
    assert not owner & {"GetResourceShareInvitations", "AcceptResourceShareInvitation"}
    assert signed == {}, "a request signed with neither credential"
    assert {r["session_token"] for r in emulator.requests() if r["access_key"] == ACCESS_KEY} == {"awx-session-token"}
    # The partner's credential has no token: the owner's temporary credential's token belongs to the owner's keys.
    assert {r["session_token"] for r in emulator.requests() if r["access_key"] == PARTNER_ACCESS_KEY} == {None}
    for secret in ("awx-secret-key", "awx-session-token", PARTNER_SECRET):
        assert secret not in output
    result = stats.get("artifact_data", {}).get("onboard_partner_result", {})
    assert [s["name"] for s in result.get("resource_shares", [])] == ["partner-glue-share"], stats

    emulator.clear_requests()
    rc, output, stats = run_job(root)
    assert rc == 0, output
    assert stats["changed"] == {}, output
    assert writes(emulator) == []


def test_a_survey_text_answer_names_the_partner_s_account(tmp_path, emulator, seeded, endpoint, partner):
    root = private_data_dir(tmp_path, endpoint)
    share_with_the_partner(root, principals=PARTNER_ACCOUNT)
    add_partner_credential(root, endpoint)

    rc, output, _stats = run_job(root)

    assert rc == 0, output
    [share] = live_shares(endpoint, "partner-glue-share")
    assert share_associations(endpoint, share["resourceShareArn"]) == {PARTNER_ACCOUNT: "ASSOCIATED"}


def test_execution_environment_build_context(tmp_path):
    context = tmp_path / "context"
    proc = subprocess.run(
        [
            str(BIN / "ansible-builder"),
            "create",
            "-f",
            str(REPO_ROOT / "docs" / "examples" / "execution-environment.yml"),
            "--context",
            str(context),
            "--output-filename",
            "Containerfile",
        ],
        env=clean_environ(),
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO_ROOT / "docs" / "examples",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    containerfile = (context / "Containerfile").read_text()
    # The collection comes from the definition's Galaxy requirements; its Python requirements by introspection.
    assert "ansible-galaxy collection install" in containerfile
    assert "introspect" in containerfile
    assert "partner_onboarding.aws" in (context / "_build" / "requirements.yml").read_text()
