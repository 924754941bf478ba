# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWX readiness: the playbook through ansible-runner as AWX runs a job, and an EE build context."""

from __future__ import annotations

import json
import subprocess

import yaml

from .conftest import ACCESS_KEY, BIN, REPO_ROOT, clean_environ, writes

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
