# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""`make bench-compare BASE=<rev>`: this tree against an earlier revision, converged, in one run.

The same converged playbook (every write module once, and the two info modules) runs against one emulator with the
collection of each tree, the two interleaved round after round (each its own ansible-playbook process, the request
log cleared before it): the medians of their wall and CPU times (the CPU time of the ansible-playbook process and its
module processes: on a shared machine, the figure that other work inflates least), their ratios and the calls per
operation of each. The base revision is checked out with ``git worktree`` into build/bench-compare/. Exits non-zero
when a run fails or changes anything, or when the calls differ.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from tests.emulator.client import EmulatorClient  # noqa: E402  pylint: disable=wrong-import-position
from tests.utils.emulator import running  # noqa: E402  pylint: disable=wrong-import-position

BIN = Path(sys.executable).parent
WORK = REPO_ROOT / "build" / "bench-compare"
ACCOUNT = "123456789012"
GLUE_DATABASE = f"arn:aws:glue:us-east-1:{ACCOUNT}:database/sales"
GLUE_TABLE = f"arn:aws:glue:us-east-1:{ACCOUNT}:table/sales/orders"
FQCN = "partner_onboarding.aws"


def playbook(endpoint):
    connection = dict(endpoint_url=endpoint, region="us-east-1", access_key="AKIABENCHCOMPARE001", secret_key="x")
    share = dict(
        name="bench-share",
        resource_arns=[GLUE_DATABASE, GLUE_TABLE],
        principals=["210987654321"],
        allow_external_principals=True,
        permissions=["AWSRAMPermissionGlueDatabaseReadWrite"],
        tags={"team": "data"},
    )
    databases = [f"db{number}" for number in range(10)]
    tasks = [
        {
            f"{FQCN}.redshift_partner": dict(
                cluster_identifier="analytics", database_name=databases, partner_name="Fivetran", account_id=ACCOUNT
            )
        },
        {f"{FQCN}.ram_resource_share": share},
        {f"{FQCN}.ram_resource_share_principal": dict(resource_share_name="bench-share", principals=["210987654321"])},
        {
            f"{FQCN}.ram_resource_share_permission": dict(
                resource_share_name="bench-share", replace=True, permission_name="AWSRAMPermissionGlueDatabaseReadWrite"
            )
        },
        {f"{FQCN}.ram_resource_share_info": dict(name="bench-share")},
        {f"{FQCN}.redshift_partner_info": dict(cluster_identifier="analytics", account_id=ACCOUNT)},
    ]
    return [
        {
            "name": "Converged tasks of every module",
            "hosts": "localhost",
            "connection": "local",
            "gather_facts": False,
            "vars": {"ansible_python_interpreter": "{{ ansible_playbook_python }}"},
            "module_defaults": {f"group/{FQCN}.aws": connection},
            "tasks": tasks,
        }
    ]


def collections_path(tree, name):
    """An ANSIBLE_COLLECTIONS_PATH whose partner_onboarding.aws is ``tree``."""
    path = WORK / name / "ansible_collections" / "partner_onboarding"
    path.mkdir(parents=True, exist_ok=True)
    link = path / "aws"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(tree)
    return WORK / name


def run(collections, path, converged=True):
    env = {name: value for name, value in os.environ.items() if not name.startswith(("AWS_", "ANSIBLE_"))}
    env.update(ANSIBLE_COLLECTIONS_PATH=str(collections), ANSIBLE_NOCOLOR="1", PATH=f"{BIN}:{env['PATH']}")
    start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(
        [str(BIN / "ansible-playbook"), str(path)], env=env, capture_output=True, text=True, check=False
    )
    elapsed, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0 or (converged and "changed=0" not in proc.stdout):
        sys.exit(f"{collections}: the playbook failed or changed something:\n{proc.stdout[-3000:]}")
    return elapsed, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the revision to compare with (a commit, a branch)")
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    base_tree = WORK / "base"
    # A worktree left by an earlier run goes first (none there: git says so, and that is fine).
    subprocess.run(
        ["git", "-C", str(REPO_ROOT), "worktree", "remove", "--force", str(base_tree)], capture_output=True, check=False
    )
    subprocess.run(["git", "-C", str(REPO_ROOT), "worktree", "add", "--detach", str(base_tree), args.base], check=True)
    trees = {"base": collections_path(base_tree, "base-collections"), "this": collections_path(REPO_ROOT, "this")}
    with running(str(WORK / "emulator.pid"), str(WORK / "emulator.log")) as endpoint:
        emulator = EmulatorClient(endpoint)
        emulator.seed(redshift_clusters=["analytics"])
        path = WORK / "converged.yml"
        path.write_text(yaml.safe_dump(playbook(endpoint), sort_keys=False))
        run(trees["this"], path, converged=False)  # the first run makes the state
        times, cpus, calls = {"base": [], "this": []}, {"base": [], "this": []}, {}
        for number in range(args.rounds):
            for name in ("base", "this") if number % 2 == 0 else ("this", "base"):
                emulator.clear_requests()
                elapsed, cpu = run(trees[name], path)
                times[name].append(elapsed)
                cpus[name].append(cpu)
                calls[name] = Counter(request["operation"] for request in emulator.requests())
    for name in ("base", "this"):
        print(
            f"{name:>5}: median {statistics.median(times[name]):.2f} s wall, {statistics.median(cpus[name]):.2f} s CPU"
            f" over {args.rounds} runs; calls {dict(sorted(calls[name].items()))}"
        )
    print(
        f"this / base: {statistics.median(times['this']) / statistics.median(times['base']):.3f} (wall),"
        f" {statistics.median(cpus['this']) / statistics.median(cpus['base']):.3f} (CPU); load average"
        f" {os.getloadavg()[0]:.1f} at the end"
    )
    return 0 if calls["this"] == calls["base"] else 1


if __name__ == "__main__":
    sys.exit(main())
