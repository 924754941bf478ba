# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""`make bench`: the modules' API calls, converged task times and onboarding at scale against the local emulator.

Scale: one partner onto N databases on 5 clusters and 3 shares holding N resources, converged, through the role (1.1)
against the 1.0 way (one redshift_partner task per database), interleaved runs, each its own ansible-playbook process
with the emulator's request log cleared before it; medians. Per module: every contender runs as a looped task of one
ansible-playbook run, in rotated order, round after round, so that the machine's noise falls on all of them alike; which
contender made which AWS request is told apart by the access key each task signs with (the emulator logs it). Writes
docs/performance.md and docs/performance.png; exits non-zero when a converged task or run makes other calls than the
contract allows, writes, or a task fails (a missed time target is reported, not fatal).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import botocore.session
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from tests.bench.partners_bench import (  # noqa: E402  pylint: disable=wrong-import-position
    partners_report,
    partners_section,
)
from tests.bench.review_bench import (  # noqa: E402  pylint: disable=wrong-import-position
    SECTION as REVIEW_13,
)
from tests.bench.review_bench import (  # noqa: E402  pylint: disable=wrong-import-position
    review_report,
    review_section,
)
from tests.emulator.client import WRITE_OPERATIONS, EmulatorClient  # noqa: E402  pylint: disable=wrong-import-position
from tests.utils.emulator import running  # noqa: E402  pylint: disable=wrong-import-position

BENCH_DIR = REPO_ROOT / "tests" / "bench"
WORK = REPO_ROOT / "build" / "bench"
BIN = Path(sys.executable).parent
REGION = "us-east-1"
ACCOUNT = "123456789012"
PARTNER = "Fivetran"
PERMISSION = "AWSRAMPermissionGlueDatabaseReadWrite"
OTHER_PERMISSION = "AWSRAMPermissionGlueAllTablesReadWriteForDatabase"
FQCN = "partner_onboarding.aws"
TARGET_FLOOR = 1.10
TARGET_CLI = 0.80
# The scale section: one partner onto N databases on SCALE_CLUSTERS clusters, SCALE_SHARES shares holding N resources.
SCALE_CLUSTERS = 5
SCALE_SHARES = 3
PARTNER_ACCOUNT = "210987654321"
TARGET_SCALE_N = 100
TARGET_SCALE_RATIO = 0.15


def key_for(*parts):
    """An access key naming who signs a request (the emulator accepts any and logs it)."""
    return "AKIA" + "".join(str(part) for part in parts).upper().replace("_", "").replace("-", "")


class Bench:
    def __init__(self, endpoint, aws, rounds, items, collections):
        self.endpoint = endpoint
        self.aws = aws
        self.rounds = rounds
        self.items = items
        self.collections = collections
        self.emulator = EmulatorClient(self.endpoint)
        self.failures = []
        self.playbook_seconds = 0.0

    # ---- plumbing -------------------------------------------------------------------------------------------------

    def env(self):
        env = {name: value for name, value in os.environ.items() if not name.startswith(("AWS_", "ANSIBLE_"))}
        env.update(
            ANSIBLE_COLLECTIONS_PATH=str(self.collections),
            ANSIBLE_LIBRARY=str(BENCH_DIR / "library"),
            ANSIBLE_CALLBACK_PLUGINS=str(BENCH_DIR / "callback_plugins"),
            ANSIBLE_CALLBACKS_ENABLED="bench_timer",
            ANSIBLE_NOCOLOR="1",
            ANSIBLE_PYTHON_INTERPRETER=sys.executable,
            ANSIBLE_LOCALHOST_WARNING="false",
            ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
            AWS_ACCESS_KEY_ID=key_for("BENCH"),
            AWS_SECRET_ACCESS_KEY="bench-secret-key",
            # No user's AWS files: every contender resolves the same (empty) config.
            AWS_CONFIG_FILE=str(WORK / "no-aws-config"),
            AWS_SHARED_CREDENTIALS_FILE=str(WORK / "no-aws-credentials"),
            AWS_EC2_METADATA_DISABLED="true",
            PATH=f"{BIN}:{os.environ['PATH']}",
        )
        return env

    def playbook(self, name, plays):
        """Run ``plays``; return the bench_timer records of its tasks. A failed run is fatal."""
        return self.run_playbook(name, plays)["tasks"]

    def run_playbook(self, name, plays):
        """Run ``plays``; return the bench_timer records of its tasks and plays and the process's wall time."""
        path = WORK / f"{name}.yml"
        timings = WORK / f"{name}.timings.json"
        play_timings = WORK / f"{name}.plays.json"
        path.write_text(yaml.safe_dump(plays, sort_keys=False))
        env = dict(self.env(), BENCH_TIMINGS=str(timings), BENCH_PLAYS=str(play_timings))
        started, usage = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run(
            [str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(path)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            cwd=WORK,
        )
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # CPU time of ansible-playbook and every process it waited for (workers, modules), not the emulator's.
        cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
        self.playbook_seconds += seconds
        (WORK / f"{name}.log").write_text(proc.stdout + proc.stderr)
        if proc.returncode:
            print(proc.stdout[-6000:] + proc.stderr[-3000:])
            raise SystemExit(f"bench: playbook {name} failed (rc {proc.returncode}); see {WORK / (name + '.log')}")
        return {
            "tasks": json.loads(timings.read_text()),
            "plays": json.loads(play_timings.read_text()),
            "seconds": seconds,
            "cpu_seconds": cpu,
        }

    def calls_by_key(self):
        """{access key: [operation, ...]} from the emulator's request log, then clears it."""
        found = {}
        for request in self.emulator.requests():
            found.setdefault(request["access_key"], []).append(request["operation"])
        self.emulator.clear_requests()
        return found

    def seed(self, clusters, shares):
        """A fresh emulator with ``clusters`` and ``shares`` (names, or the seed endpoint's share dicts); returns
        {share name: ARN}."""
        self.emulator.reset()
        seeded = self.emulator.seed(
            region=REGION,
            redshift_clusters=clusters,
            resource_shares=[
                {"name": share, "resource_arns": []} if isinstance(share, str) else share for share in shares
            ],
        )
        return {share["name"]: share["arn"] for share in seeded["resource_shares"]}

    def connection(self):
        return {"endpoint_url": self.endpoint, "region": REGION}

    # ---- tasks ----------------------------------------------------------------------------------------------------

    def redshift_task(self, contender, databases, key, **extra):
        """A looped task that reads (and for the module, ensures) each integration of ``databases``."""
        item = {"cluster_identifier": "{{ item.cluster_identifier }}", "database_name": "{{ item.database_name }}"}
        if contender == "module":
            task = {
                f"{FQCN}.redshift_partner": dict(item, partner_name=PARTNER, account_id=ACCOUNT, **self.connection())
            }
        elif contender == "floor":
            task = {
                "bench_floor_describe_partners": dict(
                    item, partner_name=PARTNER, account_id=ACCOUNT, **self.connection()
                )
            }
        else:
            task = {
                "ansible.builtin.command": {
                    "argv": [
                        self.aws,
                        "redshift",
                        "describe-partners",
                        "--account-id",
                        ACCOUNT,
                        "--cluster-identifier",
                        "{{ item.cluster_identifier }}",
                        "--database-name",
                        "{{ item.database_name }}",
                        "--partner-name",
                        PARTNER,
                        "--endpoint-url",
                        self.endpoint,
                        "--region",
                        REGION,
                    ]
                },
                "changed_when": False,
            }
        return dict(
            name=f"redshift {contender}", loop=databases, environment={"AWS_ACCESS_KEY_ID": key}, **task, **extra
        )

    def ram_task(self, contender, share_arns, key, **extra):
        if contender == "module":
            task = {
                f"{FQCN}.ram_resource_share_permission": dict(
                    resource_share_arn="{{ item }}", permission_name=PERMISSION, **self.connection()
                )
            }
        elif contender == "floor":
            task = {"bench_floor_list_permissions": dict(resource_share_arn="{{ item }}", **self.connection())}
        else:
            task = {
                "ansible.builtin.command": {
                    "argv": [
                        self.aws,
                        "ram",
                        "list-resource-share-permissions",
                        "--resource-share-arn",
                        "{{ item }}",
                        "--endpoint-url",
                        self.endpoint,
                        "--region",
                        REGION,
                    ]
                },
                "changed_when": False,
            }
        return dict(name=f"ram {contender}", loop=share_arns, environment={"AWS_ACCESS_KEY_ID": key}, **task, **extra)

    @staticmethod
    def play(name, tasks, **extra):
        return dict(name=name, hosts="localhost", gather_facts=False, tasks=tasks, **extra)

    @staticmethod
    def dataset(size, clusters=2):
        databases = [
            {"cluster_identifier": f"bench-{i % clusters}", "database_name": f"db_{i:03d}"} for i in range(size)
        ]
        return [f"bench-{c}" for c in range(clusters)], databases, [f"share-{i:03d}" for i in range(size)]

    # ---- 1. API calls per situation -------------------------------------------------------------------------------

    def situations(self):
        """The requests of each module in each situation, one access key per (module, situation)."""
        shares = self.seed(["bench-0"], ["sit-share", "paged-share"])
        share = shares["sit-share"]
        rs = {
            "cluster_identifier": "bench-0",
            "database_name": "sit_db",
            "partner_name": PARTNER,
            "account_id": ACCOUNT,
        }
        rs.update(self.connection())
        ram = {"resource_share_arn": share, "permission_name": PERMISSION}
        ram.update(self.connection())
        # Lake Formation (1.3.0): the partner's SELECT on a table of the seeded catalog.
        self.emulator.seed_catalog(region=REGION, databases={"sit_lake": ["orders"]})
        lf = {
            "principal": PARTNER_ACCOUNT,
            "database_name": "sit_lake",
            "table_name": "orders",
            "permissions": ["SELECT"],
        }
        lf.update(self.connection())
        lf_module = f"{FQCN}.lakeformation_permissions"

        # 1.3.0: a datashare made with SQL, its consumer granted usage (PENDING_AUTHORIZATION) before the bench.
        datashare_arn = self.emulator.datashare("bench-0", "sit_share", grants=[DATASHARE_CONSUMER], region=REGION)
        ds = dict(self.connection(), datashare_arn=datashare_arn, consumer_account_ids=[DATASHARE_CONSUMER])
        ds_by_cluster = dict(
            self.connection(),
            cluster_identifier="bench-0",
            datashare_name="sit_share",
            consumer_account_ids=[DATASHARE_CONSUMER],
        )
        steps = [
            ("redshift_partner", "check mode (create)", {f"{FQCN}.redshift_partner": rs}, {"check_mode": True}),
            ("redshift_partner", "create", {f"{FQCN}.redshift_partner": rs}, {}),
            ("redshift_partner", "converged", {f"{FQCN}.redshift_partner": rs}, {}),
            ("redshift_partner", "change (status)", {f"{FQCN}.redshift_partner": dict(rs, status="Inactive")}, {}),
            ("redshift_partner", "delete", {f"{FQCN}.redshift_partner": dict(rs, state="absent")}, {}),
            (
                "ram_resource_share_permission",
                "check mode (create)",
                {f"{FQCN}.ram_resource_share_permission": ram},
                {"check_mode": True},
            ),
            ("ram_resource_share_permission", "create", {f"{FQCN}.ram_resource_share_permission": ram}, {}),
            ("ram_resource_share_permission", "converged", {f"{FQCN}.ram_resource_share_permission": ram}, {}),
            (
                "ram_resource_share_permission",
                "change (replace)",
                {f"{FQCN}.ram_resource_share_permission": dict(ram, permission_name=OTHER_PERMISSION, replace=True)},
                {},
            ),
            (
                "ram_resource_share_permission",
                "delete",
                {f"{FQCN}.ram_resource_share_permission": dict(ram, permission_name=OTHER_PERMISSION, state="absent")},
                {},
            ),
            ("lakeformation_permissions", "check mode (create)", {lf_module: lf}, {"check_mode": True}),
            ("lakeformation_permissions", "create", {lf_module: lf}, {}),
            ("lakeformation_permissions", "converged", {lf_module: lf}, {}),
            (
                "lakeformation_permissions",
                "change (grant, revoke)",
                {lf_module: dict(lf, permissions=["DESCRIBE"])},
                {},
            ),
            (
                "lakeformation_permissions",
                "delete",
                {lf_module: dict({k: v for k, v in lf.items() if k != "permissions"}, state="absent")},
                {},
            ),
            ("redshift_datashare", "check mode (authorize)", {f"{FQCN}.redshift_datashare": ds}, {"check_mode": True}),
            ("redshift_datashare", "authorize", {f"{FQCN}.redshift_datashare": ds}, {}),
            ("redshift_datashare", "converged", {f"{FQCN}.redshift_datashare": ds}, {}),
            ("redshift_datashare", "converged, named by cluster", {f"{FQCN}.redshift_datashare": ds_by_cluster}, {}),
            ("redshift_datashare", "deauthorize", {f"{FQCN}.redshift_datashare": dict(ds, state="absent")}, {}),
        ]
        tasks, keys = [], {}
        for index, (module, situation, body, extra) in enumerate(steps):
            keys[key_for("SIT", index)] = (module, situation)
            tasks.append(
                dict(
                    name=f"{module}: {situation}",
                    environment={"AWS_ACCESS_KEY_ID": key_for("SIT", index)},
                    **body,
                    **extra,
                )
            )
        # Converged with the permissions list split over pages: one ListResourceSharePermissions per page.
        paged = dict(ram, resource_share_arn=shares["paged-share"])
        tasks += [
            dict(
                name="paged: create",
                environment={"AWS_ACCESS_KEY_ID": key_for("PAGEDSETUP")},
                **{f"{FQCN}.ram_resource_share_permission": paged},
            ),
            dict(
                name="paged: second permission",
                environment={"AWS_ACCESS_KEY_ID": key_for("PAGEDSETUP")},
                **{
                    f"{FQCN}.ram_resource_share_permission": dict(
                        paged, permission_name="AWSRAMPermissionGlueTableReadWrite"
                    )
                },
            ),
            {
                "name": "paged: one permission a page",
                "ansible.builtin.uri": {
                    "url": f"{self.endpoint}/_emulator/config",
                    "method": "POST",
                    "body_format": "json",
                    "body": {"page_size": 1},
                },
            },
            dict(
                name="ram_resource_share_permission: converged, 2 pages",
                environment={"AWS_ACCESS_KEY_ID": key_for("PAGED")},
                **{f"{FQCN}.ram_resource_share_permission": paged},
            ),
            {
                "name": "paged: default page size",
                "ansible.builtin.uri": {
                    "url": f"{self.endpoint}/_emulator/config",
                    "method": "POST",
                    "body_format": "json",
                    "body": {"page_size": None},
                },
            },
        ]
        keys[key_for("PAGED")] = ("ram_resource_share_permission", "converged, 2 pages (page size 1)")
        self.emulator.clear_requests()
        self.playbook("situations", [self.play("API calls per situation", tasks)])
        calls = self.calls_by_key()
        rows = []
        for key, (module, situation) in keys.items():
            ops = calls.get(key, [])
            rows.append({"module": module, "situation": situation, "calls": ops})
            if situation.startswith("converged"):
                allowed = CONVERGED_READS[module] * (2 if "2 pages" in situation else 1)
                if "named by cluster" in situation:
                    allowed = ["DescribeClusters", *allowed]
                if ops != allowed:
                    self.failures.append(f"{module} {situation}: made {ops}, the contract allows {allowed}")
        return rows

    # ---- 2. converged per-task time: module vs floor vs CLI -------------------------------------------------------

    def converged_dataset(self, size, clusters):
        """N integrations on ``clusters`` clusters and N shares each carrying PERMISSION, set up directly with botocore
        (fast, and not what is measured); returns (databases, share ARNs)."""
        cluster_names, databases, share_names = self.dataset(size, clusters)
        arns = list(self.seed(cluster_names, share_names).values())
        session = botocore.session.Session()
        kwargs = dict(
            region_name=REGION,
            endpoint_url=self.endpoint,
            aws_access_key_id=key_for("SETUP"),
            aws_secret_access_key="bench-secret-key",
        )
        redshift, ram = session.create_client("redshift", **kwargs), session.create_client("ram", **kwargs)
        for database in databases:
            redshift.add_partner(
                AccountId=ACCOUNT,
                ClusterIdentifier=database["cluster_identifier"],
                DatabaseName=database["database_name"],
                PartnerName=PARTNER,
            )
        for arn in arns:
            ram.associate_resource_share_permission(
                resourceShareArn=arn, permissionArn=f"arn:aws:ram::aws:permission/{PERMISSION}"
            )
        self.emulator.clear_requests()
        return databases, arns

    def per_task(self):
        """Each module, its floor and the CLI over ``items`` converged items each, split into ``rounds`` interleaved
        rounds (rotated order); returns {(service, contender): [seconds per item of each round]}."""
        databases, arns = self.converged_dataset(self.items, clusters=2)
        contenders = [
            (service, contender) for service in ("redshift", "ram") for contender in ("module", "floor", "cli")
        ]
        per_round = -(-self.items // self.rounds)
        plays = []
        for rnd in range(self.rounds):
            chunk = slice(rnd * per_round, (rnd + 1) * per_round)
            order = contenders[rnd % len(contenders) :] + contenders[: rnd % len(contenders)]
            tasks = []
            for service, contender in order:
                key = key_for("PT", service, contender, rnd)
                if service == "redshift":
                    tasks.append(self.redshift_task(contender, databases[chunk], key))
                else:
                    tasks.append(self.ram_task(contender, arns[chunk], key))
            plays.append(self.play(f"round {rnd}", tasks))
        records = self.playbook("per-task", plays)
        calls = self.calls_by_key()
        times = {c: [] for c in contenders}
        for record in records:
            service, contender = record["name"].split()
            times[(service, contender)].append(per_item(record))
        for rnd in range(self.rounds):
            expected = len(databases[rnd * per_round : (rnd + 1) * per_round])
            for service, contender in contenders:
                ops = Counter(calls.get(key_for("PT", service, contender, rnd), []))
                read = "DescribePartners" if service == "redshift" else "ListResourceSharePermissions"
                if ops != Counter({read: expected}):
                    self.failures.append(
                        f"per-task round {rnd} {service} {contender}: made {dict(ops)}, expected {expected} x {read}"
                    )
        return times

    # ---- 3. scale: one partner onto N databases, the role (1.1) against the 1.0 way --------------------------------

    def scale_state(self, size):
        """A fresh emulator: SCALE_CLUSTERS clusters, SCALE_SHARES shares holding N Glue databases in all (seeded, with
        RAM's default permission and no principal). Returns (the role's databases, the role's shares, share ARNs)."""
        clusters = [f"scale-{c}" for c in range(SCALE_CLUSTERS)]
        databases = [
            {"cluster_identifier": clusters[i % SCALE_CLUSTERS], "database_name": f"db_{i:03d}"} for i in range(size)
        ]
        resources = [f"arn:aws:glue:{REGION}:{ACCOUNT}:database/db_{i:03d}" for i in range(size)]
        shares = [
            {"name": f"scale-share-{s}", "resource_arns": resources[s::SCALE_SHARES]} for s in range(SCALE_SHARES)
        ]
        arns = self.seed(clusters, shares)
        role_shares = [dict(share, permissions=[PERMISSION]) for share in shares]
        return databases, role_shares, [arns[share["name"]] for share in shares]

    def scale_role_play(self, name, databases, shares, key):
        """The role as 1.1 users write it: the databases, the shares with their resources and permission, the
        partner's account as principal."""
        return dict(
            name=name,
            hosts="localhost",
            gather_facts=False,
            environment={"AWS_ACCESS_KEY_ID": key},
            vars={
                "onboard_partner_name": PARTNER,
                "onboard_partner_account_id": ACCOUNT,
                "onboard_partner_redshift_databases": databases,
                "onboard_partner_resource_shares": shares,
                "onboard_partner_principals": [PARTNER_ACCOUNT],
                "onboard_partner_aws": self.connection(),
            },
            roles=[f"{FQCN}.onboard_partner"],
        )

    def scale_old_play(self, name, databases, share_arns, key):
        """The 1.0 way: one redshift_partner task per database (a loop, database_name a single string) and one
        ram_resource_share_permission task per share."""
        redshift = {
            "cluster_identifier": "{{ item.cluster_identifier }}",
            "database_name": "{{ item.database_name }}",
            "partner_name": PARTNER,
            "account_id": ACCOUNT,
        }
        ram = {"resource_share_arn": "{{ item }}", "permission_name": PERMISSION}
        tasks = [
            {
                "name": "redshift_partner, one task per database",
                f"{FQCN}.redshift_partner": dict(redshift, **self.connection()),
                "loop": databases,
            },
            {
                "name": "ram_resource_share_permission, one task per share",
                f"{FQCN}.ram_resource_share_permission": dict(ram, **self.connection()),
                "loop": share_arns,
            },
        ]
        return self.play(name, tasks, environment={"AWS_ACCESS_KEY_ID": key})

    def scale_run(self, name, play, key):
        """One run in its own ansible-playbook process, the request log cleared before it: the play's wall time, the
        process's, whether anything changed, its API calls per operation and its tasks' times."""
        self.emulator.clear_requests()
        run = self.run_playbook(name, [play])
        requests = self.emulator.requests()
        self.emulator.clear_requests()
        (played,) = run["plays"]
        failed = [task["name"] for task in run["tasks"] if task["failed"]]
        if failed:
            raise SystemExit(f"bench: {name}: tasks failed: {failed}; see {WORK / (name + '.log')}")
        return {
            "seconds": played["end"] - played["start"],
            "process_seconds": run["seconds"],
            "cpu_seconds": run["cpu_seconds"],
            "changed": any(task["changed"] for task in run["tasks"]),
            "calls": dict(Counter(r["operation"] for r in requests if r["access_key"] == key)),
            "other_calls": len([r for r in requests if r["access_key"] != key]),
            "tasks": [
                {
                    "name": task["name"],
                    "action": task["action"],
                    "items": len(task["items"]),
                    "seconds": (task["end"] or task["start"]) - task["start"],
                }
                for task in run["tasks"]
            ],
        }

    def scale(self, size, rounds):
        """The role and the 1.0 way, converged, over N databases and N shared resources: one changing run of the role
        first (it converges the state both ways ensure), then 1.1, 1.0, 1.1, ..., 1.1 (``rounds`` runs of the 1.0 way,
        each between two runs of the role)."""
        databases, shares, arns = self.scale_state(size)
        initial = self.scale_run(
            f"scale-{size}-initial",
            self.scale_role_play("1.1 initial", databases, shares, key_for("SC", size, "INIT")),
            key_for("SC", size, "INIT"),
        )
        if not initial["changed"]:
            self.failures.append(f"scale N={size}: the role's initial run changed nothing")
        runs = {"1.1": [], "1.0": []}
        order = ["1.1", "1.0"] * rounds + ["1.1"]
        for way in order:
            index = len(runs[way])
            key = key_for("SC", size, way.replace(".", "V"), index)
            name = f"scale-{size}-{way}-{index}"
            print(f"bench:   N={size} {way} run {index + 1}", flush=True)
            if way == "1.1":
                play = self.scale_role_play(f"1.1 run {index}", databases, shares, key)
            else:
                play = self.scale_old_play(f"1.0 run {index}", databases, arns, key)
            run = self.scale_run(name, play, key)
            runs[way].append(run)
            self.check_scale_run(size, way, index, run)
        return {"initial": initial, "runs": runs, "rounds": rounds}

    def check_scale_run(self, size, way, index, run):
        """A converged run writes nothing and makes the reads the contract allows."""
        what = f"scale N={size} {way} run {index}"
        calls = run["calls"]
        writes = {op: n for op, n in calls.items() if op in WRITE_OPERATIONS}
        if run["changed"] or writes:
            self.failures.append(f"{what}: not converged (changed: {run['changed']}, writes: {writes})")
        if run["other_calls"]:
            self.failures.append(f"{what}: {run['other_calls']} requests signed with another key")
        if way == "1.1":
            # One DescribePartners per cluster; per share at most 4 reads (ram_resource_share with permissions) and
            # 1 (ram_resource_share_principal).
            if calls.get("DescribePartners") != SCALE_CLUSTERS:
                self.failures.append(
                    f"{what}: {calls.get('DescribePartners', 0)} DescribePartners, expected {SCALE_CLUSTERS} "
                    "(one per cluster)"
                )
            allowed = SCALE_CLUSTERS + 5 * SCALE_SHARES
            if sum(calls.values()) > allowed:
                self.failures.append(f"{what}: {sum(calls.values())} calls {calls}, the contract allows {allowed}")
        else:
            expected = {"DescribePartners": size, "ListResourceSharePermissions": SCALE_SHARES}
            if calls != expected:
                self.failures.append(f"{what}: made {calls}, expected {expected}")


def per_item(record):
    """Seconds per loop item of a task, from the task's start to its last item's result, as in
    (T(n items) - T(0 items)) / n: the task's one-off costs (templating the loop, building the module) count."""
    if record["failed"]:
        raise SystemExit(f"bench: task {record['name']} failed")
    return (record["items"][-1] - record["start"]) / len(record["items"])


def median(values):
    return statistics.median(values)


def versions(aws):
    import ansible  # pylint: disable=import-outside-toplevel
    import boto3  # pylint: disable=import-outside-toplevel
    import botocore  # pylint: disable=import-outside-toplevel
    import moto  # pylint: disable=import-outside-toplevel

    try:
        cli = subprocess.run([aws, "--version"], capture_output=True, text=True, check=False)
        cli_version = (cli.stdout or cli.stderr).strip()
    except OSError:
        cli_version = f"not found ({aws})"
    return {
        "python": platform.python_version(),
        "ansible-core": ansible.__version__ if hasattr(ansible, "__version__") else "?",
        "boto3": boto3.__version__,
        "botocore": botocore.__version__,
        "moto": moto.__version__,
        "aws cli": cli_version,
    }


def ms(seconds):
    return f"{seconds * 1000:.0f}"


def collection_info():
    """The collection's version and the commit it was built from (the bench installs the working tree)."""
    version = yaml.safe_load((REPO_ROOT / "galaxy.yml").read_text())["version"]
    commit = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return f"{version} (built from {commit or '?'}{' with uncommitted changes' if dirty else ''})"


def write_report(args, results):
    from ansible.release import __version__ as ansible_version  # pylint: disable=import-outside-toplevel

    info = versions(args.aws)
    info["ansible-core"] = ansible_version
    info = dict({"collection": collection_info()}, **info)
    lines = [
        "# Performance",
        "",
        "Generated by `make bench` (`tests/bench/run_bench.py`) against the local AWS emulator "
        "(`tests/emulator`, moto server on 127.0.0.1), with the collection built and installed from the working "
        "tree. Do not edit by hand.",
        "",
        f"- Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; bench run time "
        f"{results['elapsed']:.0f} s"
        + (
            " ("
            + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in results.get("section_seconds", {}).items())
            + ")"
            if results.get("section_seconds")
            else ""
        ),
        f"- Machine: {os.cpu_count()} cores, {platform.system()} {platform.machine()}; load average "
        f"{results['load_before']:.1f} at the start, {results.get('load_after', os.getloadavg()[0]):.1f} at the end "
        "(anything above the core count means other work competed for the CPUs and the times are inflated, the "
        "ratios noisier)",
        "- Versions: " + "; ".join(f"{name} {value}" for name, value in info.items()),
        "",
    ]
    verdicts = {}
    if results.get("scale"):
        scale_lines, scale_verdicts = scale_report(args, results["scale"])
        lines += scale_lines
        verdicts.update(scale_verdicts)
    if results.get("situations"):
        lines += situations_report(results["situations"])
    if results.get("per_task"):
        per_task_lines, per_task_verdicts = per_task_report(args, results["per_task"])
        lines += per_task_lines
        verdicts.update(per_task_verdicts)
    if results.get("access_review"):
        lines += access_review_report(results["access_review"])
    if results.get("partners"):
        partners_lines, partners_verdicts = partners_report(results["partners"])
        lines += partners_lines
        verdicts.update(partners_verdicts)
    if results.get("access_review_13"):
        lines += review_report(results["access_review_13"])
    if results["failures"]:
        lines += ["## Failures", ""] + [f"- {failure}" for failure in results["failures"]] + [""]
    path = REPO_ROOT / "docs" / "performance.md"
    if set(args.sections.split(",")) == set(SECTIONS) or not path.exists():
        path.write_text("\n".join(lines))
    else:
        # Some sections only: theirs are replaced (or added), the others' figures and the header stay.
        path.write_text(splice_sections(path.read_text(), "\n".join(lines)))
    if results.get("scale"):
        plot(results["scale"])
    return verdicts


def splice_sections(old, new):
    """``old`` (a performance.md) with each ``## `` section of ``new`` in place of the one of the same title (or
    added at the end, before the failures); the rest of ``old`` as it was."""

    def split(text):
        head, *sections = text.split("\n## ")
        return head, {section.split("\n", 1)[0]: "## " + section.rstrip("\n") + "\n" for section in sections}

    head, kept = split(old)
    _new_head, fresh = split(new)
    kept.pop("Failures", None)
    for title, section in fresh.items():
        kept[title] = section
    failures = kept.pop("Failures", None)
    ordered = list(kept.values()) + ([failures] if failures else [])
    return head.rstrip("\n") + "\n\n" + "\n".join(ordered)


def situations_report(situations):
    lines = [
        "## API calls per situation",
        "",
        "Counted from the emulator's request log (each task signs with its own access key). "
        "The converged rows are checked: the bench fails if they make any other call.",
        "",
        "| module | situation | calls | operations, in order |",
        "|---|---|---:|---|",
    ]
    for row in situations:
        ops = row["calls"]
        writes = [op for op in ops if op in WRITE_OPERATIONS]
        lines.append(
            f"| `{row['module']}` | {row['situation']} | {len(ops)} | "
            f"{', '.join(ops) if ops else '-'}{' (' + str(len(writes)) + ' write)' if writes else ''} |"
        )
    return lines + [""]


def per_task_report(args, per_task):
    lines = [
        f"## Converged task time: {args.items} loop items per contender",
        "",
        f"Milliseconds per loop item (from the task's start to its last item's result, divided by the items), "
        f"converged, one read per item; the items are split into {args.rounds} rounds, each running every contender "
        "in rotated order within one ansible-playbook run; medians over the rounds. *floor*: a minimal module "
        "(`tests/bench/library/`) that builds a botocore client and makes the same single read; *AWS CLI*: the same "
        "read with `aws ... --endpoint-url` in an `ansible.builtin.command` task. "
        f"Targets: module <= {TARGET_FLOOR:.2f} x floor and <= {TARGET_CLI:.2f} x CLI. Ratios: median of the "
        "per-round ratios (which decides the target), and in parentheses the ratio of the medians.",
        "",
        "| module | module ms | floor ms | CLI ms | module / floor | module / CLI | floor / CLI | targets |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    verdicts = {}
    for service, module in (("redshift", "redshift_partner"), ("ram", "ram_resource_share_permission")):
        m, f, c = (median(per_task[(service, x)]) for x in ("module", "floor", "cli"))
        # Ratios within a round (seconds apart) cancel the machine's slow drifts; their median decides.
        rounds = list(zip(*(per_task[(service, x)] for x in ("module", "floor", "cli"))))
        to_floor = median([r[0] / r[1] for r in rounds])
        to_cli = median([r[0] / r[2] for r in rounds])
        floor_cli = median([r[1] / r[2] for r in rounds])
        ok = to_floor <= TARGET_FLOOR and to_cli <= TARGET_CLI
        verdicts[module] = ok
        lines.append(
            f"| `{module}` | {ms(m)} | {ms(f)} | {ms(c)} | {to_floor:.2f} ({m / f:.2f}) | {to_cli:.2f} ({m / c:.2f}) | "
            f"{floor_cli:.2f} ({f / c:.2f}) | {'met' if ok else 'MISSED'} |"
        )
    lines += [
        "",
        "Per-round figures (ms per item, module / floor / CLI):",
        "",
    ]
    for service in ("redshift", "ram"):
        rounds = zip(*(per_task[(service, x)] for x in ("module", "floor", "cli")))
        lines.append(f"- {service}: " + "; ".join("/".join(ms(v) for v in r) for r in rounds))
    lines += [
        "",
        "### Where a task's time goes",
        "",
        "Profiled outside Ansible (CPU time of one converged run, median of 15; `python -X importtime` for imports):"
        " a module and its floor spend the same on what dominates, importing botocore (about 0.34 s) and creating"
        " the client (about 0.18 s, 0.07 s of it loading endpoint data). The collection's own module_utils add about"
        " 12 ms; nothing else is imported that the task does not need. The rest of a task's time is Ansible's own"
        " per-task work, the same for every contender. On a loaded machine the per-round ratios spread widely (one"
        " run at a load average of 6 to 20 measured module/floor between 0.89 and 1.56 across rounds), so compare"
        " runs made on an idle machine, as this page notes in its header.",
        "",
    ]
    return lines, verdicts


def scale_figures(size, result):
    """Medians and ratios of one N: each 1.0 run against the mean of the two role runs around it."""
    new = [run["seconds"] for run in result["runs"]["1.1"]]
    old = [run["seconds"] for run in result["runs"]["1.0"]]
    paired = [(new[i] + new[i + 1]) / 2 / old[i] for i in range(len(old))]
    new_cpu = [run["cpu_seconds"] for run in result["runs"]["1.1"]]
    old_cpu = [run["cpu_seconds"] for run in result["runs"]["1.0"]]
    paired_cpu = [(new_cpu[i] + new_cpu[i + 1]) / 2 / old_cpu[i] for i in range(len(old_cpu))]
    return {
        "new_cpu": median(new_cpu),
        "old_cpu": median(old_cpu),
        "cpu_ratio": median(paired_cpu),
        "new": median(new),
        "old": median(old),
        "new_item": median(new) / size,
        "old_item": median(old) / size,
        "ratio": median(paired),
        "ratio_of_medians": median(new) / median(old),
        "new_process": median([run["process_seconds"] for run in result["runs"]["1.1"]]),
        "old_process": median([run["process_seconds"] for run in result["runs"]["1.0"]]),
    }


def calls_text(runs):
    """A run's API calls per operation, e.g. "20: DescribePartners 5, ..."; every run of a way should agree."""
    seen = []
    for run in runs:
        text = f"{sum(run['calls'].values())}: " + ", ".join(f"{op} {n}" for op, n in sorted(run["calls"].items()))
        if text not in seen:
            seen.append(text)
    return " / ".join(seen) + (" (differs between runs)" if len(seen) > 1 else "")


def module_runs(run):
    """Loop items of a run's looped tasks of the collection's modules (each a module run) and their seconds; the loop
    items of an action that runs inside Ansible (``assert``) are not module runs."""
    looped = [task for task in run["tasks"] if task["items"] and task.get("action", FQCN).startswith(FQCN + ".")]
    return sum(task["items"] for task in looped), sum(task["seconds"] for task in looped)


def scale_report(args, scale):  # pylint: disable=too-many-locals,too-many-statements
    sizes = sorted(scale)
    figures = {size: scale_figures(size, scale[size]) for size in sizes}
    rounds = ", ".join(f"N={size}: {scale[size]['rounds']}" for size in sizes)
    lines = [
        "## Scale: one partner onto N databases, the role (1.1) against the 1.0 way",
        "",
        f"One partner (`{PARTNER}`, partner account `{PARTNER_ACCOUNT}`) onto N databases spread over "
        f"{SCALE_CLUSTERS} clusters, and {SCALE_SHARES} resource shares holding N Glue databases in all "
        f"(`arn:aws:glue:{REGION}:{ACCOUNT}:database/db_<i>`, seeded through the emulator's seed endpoint), "
        f"N = {', '.join(str(size) for size in sizes)}.",
        "",
        "- **1.1, the role**: `partner_onboarding.aws.onboard_partner` with `onboard_partner_redshift_databases` (the "
        "N databases), `onboard_partner_resource_shares` (the 3 shares by name, with their resources and "
        f"`permissions: [{PERMISSION}]`) and `onboard_partner_principals` (the partner's account): one "
        f"`redshift_partner` task per cluster ({SCALE_CLUSTERS}), one `ram_resource_share` and one "
        "`ram_resource_share_principal` per share.",
        "- **1.0, the 1.0 way**: one `redshift_partner` task per database (a loop, `database_name` a single string) "
        f"and one `ram_resource_share_permission` task per share ({PERMISSION}). It does not manage the shares' "
        "resources and principals (1.0 had no module for them): the role does more work of the two.",
        "",
        "Method: for each N, a fresh emulator state; one changing run of the role (not timed) converges what both "
        "ways ensure (the integrations and the permission: the 1.0 way's first run finds it converged, and every "
        "timed run is checked to write nothing and report no change); then converged runs only, interleaved 1.1, "
        "1.0, 1.1, ..., 1.0, 1.1, so that every 1.0 run lies between two role runs. Each run is its own "
        "`ansible-playbook` process, with the emulator's request log cleared before it. Times are medians; the "
        "time of a run is its play's wall time (from the play's start to the end of the playbook: the role's "
        "argument validation, every task, `set_fact`/`set_stats`), without `ansible-playbook`'s own start-up, "
        "the same for both (the process wall times are in the per-run figures below). Time per item = time / N "
        "(an item: one database and one shared resource). Ratio 1.1/1.0: median over the 1.0 runs of "
        "(mean of the two role runs around it) / (that 1.0 run), and in parentheses the ratio of the medians. "
        "*CPU s*: the CPU time of the `ansible-playbook` process and every process it waited for (its workers and "
        "the modules; not the emulator's), paired the same way: less sensitive than wall time to other work on the "
        "machine, a cross-check of the ratio (the target is decided on wall time). "
        f"Runs of the 1.0 way per N: {rounds} (the role: one more each). The 1.0 way at N=300 is 303 module runs "
        "(minutes), hence fewer rounds there.",
        "",
        "| N | 1.1 s | 1.0 s | 1.1 ms/item | 1.0 ms/item | 1.1 / 1.0 | 1.1 module runs | 1.0 module runs | "
        "1.1 CPU s | 1.0 CPU s | CPU 1.1 / 1.0 |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        f = figures[size]
        new_runs = module_runs(scale[size]["runs"]["1.1"][0])[0]
        old_runs = module_runs(scale[size]["runs"]["1.0"][0])[0]
        lines.append(
            f"| {size} | {f['new']:.1f} | {f['old']:.1f} | {ms(f['new_item'])} | {ms(f['old_item'])} | "
            f"{f['ratio']:.3f} ({f['ratio_of_medians']:.3f}) | {new_runs} | {old_runs} | {f['new_cpu']:.1f} | "
            f"{f['old_cpu']:.1f} | {f['cpu_ratio']:.3f} |"
        )
    lines += [
        "",
        "![converged time and time per item against N, 1.1 and 1.0](performance.png)",
        "",
        "API calls of one converged run, per operation (from the emulator's request log):",
        "",
        "| N | way | calls: per operation |",
        "|---:|---|---|",
    ]
    for size in sizes:
        for way in ("1.1", "1.0"):
            lines.append(f"| {size} | {way} | {calls_text(scale[size]['runs'][way])} |")
    lines += [
        "",
        "The role's initial (changing) run, from the seeded state (not part of the comparison):",
        "",
        "| N | s | calls: per operation |",
        "|---:|---:|---|",
    ]
    for size in sizes:
        initial = scale[size]["initial"]
        lines.append(f"| {size} | {initial['seconds']:.1f} | {calls_text([initial])} |")

    # Targets.
    verdicts = {}
    lines += ["", "### Targets", ""]
    if TARGET_SCALE_N in figures:
        f = figures[TARGET_SCALE_N]
        ok = f["ratio"] <= TARGET_SCALE_RATIO
        verdicts["scale ratio"] = ok
        lines.append(
            f"- At N={TARGET_SCALE_N} the role's converged run takes at most {TARGET_SCALE_RATIO} x the 1.0 way: "
            f"{f['ratio']:.3f} ({f['new']:.1f} s against {f['old']:.1f} s) - **{'met' if ok else 'MISSED'}**."
        )
    else:
        lines.append(f"- At N={TARGET_SCALE_N}, 1.1/1.0 <= {TARGET_SCALE_RATIO}: not measured in this run.")
    describes = {
        size: sorted({run["calls"].get("DescribePartners", 0) for run in scale[size]["runs"]["1.1"]}) for size in sizes
    }
    ok = all(found == [SCALE_CLUSTERS] for found in describes.values())
    verdicts["scale DescribePartners"] = ok
    lines.append(
        f"- One `DescribePartners` per cluster ({SCALE_CLUSTERS}) whatever N, in every converged run of the role: "
        + ", ".join(f"N={size}: {'/'.join(str(n) for n in found)}" for size, found in describes.items())
        + f" - **{'met' if ok else 'MISSED'}** (the 1.0 way: one per database, N)."
    )
    if 100 in figures and 300 in figures:
        before, after = figures[100]["new_item"], figures[300]["new_item"]
        ok = after <= before
        verdicts["scale time per item"] = ok
        lines.append(
            f"- The role's time per item does not grow from N=100 to N=300: {ms(before)} ms, then {ms(after)} ms "
            f"- **{'met' if ok else 'MISSED'}**."
        )
    else:
        lines.append("- Time per item from N=100 to N=300: not measured in this run.")

    # Where the time goes: the role's tasks (medians over its runs), like ansible's profile_tasks.
    lines += [
        "",
        "### Where the time goes",
        "",
        "The role's converged run, task by task (bench_timer callback, like ansible's `profile_tasks`: each task "
        "from its start to its result; medians over the role's runs); *play start and between tasks*: the rest of "
        "the play's time (loading the role, templating, Ansible's strategy between tasks). Items: loop items; "
        "an item of one of the collection's modules is one module run (a Python process), an item of an action "
        "that runs inside Ansible (`assert`) is not.",
        "",
        "| task | " + " | ".join(f"N={size} items | N={size} s" for size in sizes) + " |",
        "|---|" + "---:|---:|" * len(sizes),
    ]
    first = scale[sizes[0]]["runs"]["1.1"][0]["tasks"]
    for index, task in enumerate(first):
        cells = []
        for size in sizes:
            runs = scale[size]["runs"]["1.1"]
            cells.append(str(runs[0]["tasks"][index]["items"] or "-"))
            cells.append(f"{median([run['tasks'][index]['seconds'] for run in runs]):.2f}")
        lines.append(f"| {task['name']} | " + " | ".join(cells) + " |")
    cells = []
    for size in sizes:
        runs = scale[size]["runs"]["1.1"]
        cells += ["", f"{median([run['seconds'] - sum(t['seconds'] for t in run['tasks']) for run in runs]):.2f}"]
    lines.append("| *play start and between tasks* | " + " | ".join(cells) + " |")
    lines += ["", "Per module run, and what is left of a run outside its module runs (medians):", ""]
    lines += [
        "| N | 1.1 module runs | 1.1 ms per module run | 1.1 s outside them | 1.0 module runs | "
        "1.0 ms per module run | 1.0 s outside them |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    explained = {}
    for size in sizes:
        row = [str(size)]
        for way in ("1.1", "1.0"):
            runs = scale[size]["runs"][way]
            count = module_runs(runs[0])[0]
            each = median([module_runs(run)[1] / count for run in runs])
            rest = median([run["seconds"] - module_runs(run)[1] for run in runs])
            explained[(size, way)] = (count, each, rest)
            row += [str(count), ms(each), f"{rest:.2f}"]
        lines.append("| " + " | ".join(row) + " |")
    if TARGET_SCALE_N in figures:
        n_new, each_new, rest_new = explained[(TARGET_SCALE_N, "1.1")]
        n_old, each_old, rest_old = explained[(TARGET_SCALE_N, "1.0")]
        lines += [
            "",
            f"At N={TARGET_SCALE_N} the role's run is {n_new} module runs of {ms(each_new)} ms and "
            f"{rest_new:.2f} s of Ansible around them, the 1.0 way's {n_old} module runs of {ms(each_old)} ms and "
            f"{rest_old:.2f} s around them: (({n_new} x {each_new:.3f}) + {rest_new:.2f}) / "
            f"(({n_old} x {each_old:.3f}) + {rest_old:.2f}) = "
            f"{(n_new * each_new + rest_new) / (n_old * each_old + rest_old):.3f}. "
            "A module run costs about the same in both ways (a Python process that imports botocore and builds a "
            "client: see *Where a task's time goes* below), so the ratio is, to first order, the ratio of the "
            f"numbers of module runs, {SCALE_CLUSTERS} + 2 x {SCALE_SHARES} against N + {SCALE_SHARES}, plus the "
            "role's fixed cost (argument validation, `set_fact`, `set_stats`, the play's start). The role's time "
            "hardly depends on N, so its time per item falls as 1/N; the 1.0 way's is flat, one module run "
            "per database.",
        ]
    lines += ["", "Per-run figures (s: play / ansible-playbook process / CPU), in the order they ran:", ""]
    for size in sizes:
        runs = scale[size]["runs"]
        order = []
        for index in range(len(runs["1.1"])):
            order.append(("1.1", runs["1.1"][index]))
            if index < len(runs["1.0"]):
                order.append(("1.0", runs["1.0"][index]))
        lines.append(
            f"- N={size}: "
            + "; ".join(
                f"{way} {run['seconds']:.1f}/{run['process_seconds']:.1f}/{run['cpu_seconds']:.1f}"
                for way, run in order
            )
        )
    return lines + [""], verdicts


def plot(scale):
    import matplotlib  # pylint: disable=import-outside-toplevel

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # pylint: disable=import-outside-toplevel

    sizes = sorted(scale)
    figures = {size: scale_figures(size, scale[size]) for size in sizes}
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2), dpi=110)
    ways = (
        ("new", "1.1: the role (one task per cluster)", "o-", "C0"),
        ("old", "1.0 way (one task per database)", "s--", "C3"),
    )
    for key, label, style, color in ways:
        left.plot(sizes, [figures[n][key] for n in sizes], style, color=color, label=label)
        right.plot(sizes, [figures[n][key + "_item"] * 1000 for n in sizes], style, color=color, label=label)
        # Every run, as small dots around the medians.
        way = "1.1" if key == "new" else "1.0"
        for size in sizes:
            runs = scale[size]["runs"][way]
            left.plot([size] * len(runs), [run["seconds"] for run in runs], ".", color=color, alpha=0.4)
            right.plot([size] * len(runs), [run["seconds"] / size * 1000 for run in runs], ".", color=color, alpha=0.4)
    for size in sizes:
        left.annotate(
            f"{figures[size]['ratio']:.2f}x",
            (size, figures[size]["new"]),
            textcoords="offset points",
            xytext=(0, -14),
            ha="center",
            fontsize=8,
            color="C0",
        )
    if TARGET_SCALE_N in figures:
        left.plot(
            [TARGET_SCALE_N],
            [figures[TARGET_SCALE_N]["old"] * TARGET_SCALE_RATIO],
            "_",
            color="k",
            markersize=18,
            label=f"target at N={TARGET_SCALE_N}: {TARGET_SCALE_RATIO} x 1.0",
        )
        left.legend(fontsize=8, loc="upper left")
    for ax in (left, right):
        ax.set_xscale("log")
        ax.set_xticks(sizes)
        ax.xaxis.set_major_formatter(matplotlib.ticker.ScalarFormatter())
        ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        ax.set_xlabel(f"N (databases on {SCALE_CLUSTERS} clusters = resources in {SCALE_SHARES} shares)")
        ax.grid(True, alpha=0.3)
    left.set_yscale("log")
    left.set_ylabel("converged run, s (median; log scale)")
    left.set_title("Converged run: wall time (labels: 1.1 / 1.0)")
    right.set_ylabel("ms per item (median)")
    right.set_ylim(bottom=0)
    right.set_title("Time per item (database + resource)")
    right.legend()
    fig.tight_layout()
    fig.savefig(REPO_ROOT / "docs" / "performance.png")


# ---- the access review (1.2.0): partner_access_info against the 1.1 way ----------------------------------------------

REVIEW_CLUSTERS, REVIEW_SHARES, REVIEW_PRINCIPALS, REVIEW_DATABASES = 20, 50, 200, 3
REVIEW_ROUNDS = 3


def review_state(bench):
    """A fresh emulator: 20 clusters with Fivetran on 3 databases each, 50 shares each shared with 4 of 200 accounts
    (half in the organization, associated; half outside, invited); returns (clusters, share names, partners)."""
    members = [f"4444{n:08d}" for n in range(REVIEW_PRINCIPALS // 2)]
    outsiders = [f"2109{n:08d}" for n in range(REVIEW_PRINCIPALS // 2)]
    principals = [account for pair in zip(members, outsiders) for account in pair]
    per_share = REVIEW_PRINCIPALS // REVIEW_SHARES
    clusters = [f"review-{c:02d}" for c in range(REVIEW_CLUSTERS)]
    shares = [
        {
            "name": f"review-share-{s:02d}",
            "principals": [principals[i] for i in range(s * per_share, (s + 1) * per_share)],
            "allow_external_principals": True,
        }
        for s in range(REVIEW_SHARES)
    ]
    bench.emulator.reset()
    bench.emulator.set_config(organization_accounts=members)
    bench.emulator.seed(region=REGION, redshift_clusters=clusters, resource_shares=shares)
    redshift = botocore.session.Session().create_client(
        "redshift",
        endpoint_url=bench.endpoint,
        region_name=REGION,
        aws_access_key_id=key_for("REVIEWSEED"),
        aws_secret_access_key="x",
    )
    databases = [
        {"cluster_identifier": cluster, "database_name": f"db_{d}"}
        for cluster in clusters
        for d in range(REVIEW_DATABASES)
    ]
    for database in databases:
        redshift.add_partner(
            AccountId=ACCOUNT,
            ClusterIdentifier=database["cluster_identifier"],
            DatabaseName=database["database_name"],
            PartnerName=PARTNER,
        )
    partners = [{"name": PARTNER, "redshift_databases": databases}] + [
        {"name": f"partner-{s:02d}", "principals": share["principals"], "resource_shares": [share["name"]]}
        for s, share in enumerate(shares)
    ]
    return clusters, [share["name"] for share in shares], partners


def review_plays(bench, clusters, shares, partners, key):
    """``{way: play}``: partner_access_info in one task (1.2), and the 1.1 way: one redshift_partner_info task per
    cluster and one ram_resource_share_info task per share (the same data, not compared: the 1.1 way's comparison
    would be the user's own Jinja)."""
    connection = bench.connection()
    review = {f"{FQCN}.partner_access_info": dict(partners=partners, account_id=ACCOUNT, **connection)}
    old = [
        {
            "name": "redshift_partner_info, one task per cluster",
            f"{FQCN}.redshift_partner_info": dict(cluster_identifier="{{ item }}", account_id=ACCOUNT, **connection),
            "loop": clusters,
        },
        {
            "name": "ram_resource_share_info, one task per share",
            f"{FQCN}.ram_resource_share_info": dict(name="{{ item }}", **connection),
            "loop": shares,
        },
    ]
    return {
        "1.2": bench.play(
            "1.2 partner_access_info",
            [dict(name="partner_access_info", **review)],
            environment={"AWS_ACCESS_KEY_ID": key},
        ),
        "1.1": bench.play("1.1 info modules", old, environment={"AWS_ACCESS_KEY_ID": key}),
    }


def access_review(bench, rounds=REVIEW_ROUNDS):
    """Both ways, interleaved (1.2, 1.1, 1.2, ...), each run its own ansible-playbook process; the 1.2 runs must make
    exactly the calls of the contract, write nothing and find no drift."""
    clusters, shares, partners = review_state(bench)
    load_before = os.getloadavg()[0]
    runs = {"1.2": [], "1.1": []}
    for way in ["1.2", "1.1"] * rounds:
        index = len(runs[way])
        key = key_for("RV", way.replace(".", "V"), index)
        print(f"bench:   access review {way} run {index + 1}", flush=True)
        run = bench.scale_run(f"review-{way}-{index}", review_plays(bench, clusters, shares, partners, key)[way], key)
        runs[way].append(run)
        expected = {
            "DescribeClusters": 1,
            "DescribePartners": REVIEW_CLUSTERS,
            "GetResourceShares": 1,
            "GetResourceShareAssociations": 2,
            "ListResourceSharePermissions": REVIEW_SHARES,
        }
        if way == "1.2" and run["calls"] != expected:
            bench.failures.append(f"access review 1.2 run {index}: made {run['calls']}, expected {expected}")
        if run["changed"] or any(op in WRITE_OPERATIONS for op in run["calls"]):
            bench.failures.append(f"access review {way} run {index}: changed or wrote: {run['calls']}")
    return {
        "runs": runs,
        "rounds": rounds,
        "date": f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
        "load": [load_before, os.getloadavg()[0]],
    }


def access_review_report(review):
    """The section of docs/performance.md."""
    medians = {way: median([run["seconds"] for run in runs]) for way, runs in review["runs"].items()}
    lines = [
        f"## Access review: {REVIEW_CLUSTERS} clusters, {REVIEW_SHARES} shares, {REVIEW_PRINCIPALS} principals",
        "",
        f"{REVIEW_CLUSTERS} clusters with `{PARTNER}` integrated on {REVIEW_DATABASES} databases each, and "
        f"{REVIEW_SHARES} resource shares each shared with {REVIEW_PRINCIPALS // REVIEW_SHARES} of {REVIEW_PRINCIPALS} "
        "accounts (half in the organization, associated; half outside, invited and pending). "
        f"{review['rounds']} runs of each way, interleaved, each its own `ansible-playbook` process; medians. "
        f"Run {review.get('date', '?')}, load average {review.get('load', [0, 0])[0]:.1f} at its start and "
        f"{review.get('load', [0, 0])[1]:.1f} at its end.",
        "",
        "- **1.2**: one `partner_onboarding.aws.partner_access_info` task with `account_id` and the partners (one "
        "entry with the 60 databases, one per share with its principals): every grant, compared with them.",
        "- **1.1 way**: one `redshift_partner_info` task per cluster and one `ram_resource_share_info` task per share "
        "(by name), the same data gathered as 1.1 users would, not yet compared.",
        "",
        "| way | play time | API calls |",
        "|---|---:|---|",
    ]
    for way in ("1.2", "1.1"):
        lines.append(f"| {way} | {medians[way]:.1f} s | {calls_text(review['runs'][way])} |")
    if medians["1.2"]:
        lines += ["", f"The 1.1 way takes {medians['1.1'] / medians['1.2']:.1f} times as long as 1.2."]
    return lines + [""]


def parse_rounds(text, sizes):
    """``"10:5,100:3,300:1"`` -> {10: 5, 100: 3, 300: 1}; a size not listed gets the last one's rounds."""
    given = {int(size): int(rounds) for size, rounds in (part.split(":") for part in text.split(","))}
    fallback = given[max(given)] if given else 1
    return {size: given.get(size, fallback) for size in sizes}


# What a converged task of each module may call, per the contract: one read (a datashare named by cluster, two).
CONVERGED_READS = {
    "redshift_partner": ["DescribePartners"],
    "ram_resource_share_permission": ["ListResourceSharePermissions"],
    "redshift_datashare": ["DescribeDataShares"],
    "lakeformation_permissions": ["ListPermissions"],
}
# The consumer account of the datashare situations (1.3.0).
DATASHARE_CONSUMER = "210987654321"
SECTIONS = ("scale", "situations", "per-task", "access-review", "partners", REVIEW_13)


def main():  # pylint: disable=too-many-locals
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--aws", default=str(BIN / "aws"), help="the AWS CLI to compare with")
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "5")))
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--sizes", default="10,100,300", help="the scale section's N")
    parser.add_argument(
        "--scale-rounds",
        default=os.environ.get("BENCH_SCALE_ROUNDS", "10:5,100:3,300:1"),
        help="runs of the 1.0 way per N (the role runs one more)",
    )
    parser.add_argument(
        "--collections",
        default=str(REPO_ROOT / "build" / "collections"),
        help="ANSIBLE_COLLECTIONS_PATH holding partner_onboarding.aws (make bench: a fresh install of the tarball)",
    )
    parser.add_argument("--sections", default=",".join(SECTIONS), help=f"some of {', '.join(SECTIONS)}")
    parser.add_argument("--review-rounds", type=int, default=3, help=f"runs of each way in the {REVIEW_13} section")
    parser.add_argument("--report-only", action="store_true", help="rewrite the docs from build/bench/results.json")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    scale_rounds = parse_rounds(args.scale_rounds, sizes)
    sections = args.sections.split(",")
    args.aws = str(Path(args.aws).absolute())
    WORK.mkdir(parents=True, exist_ok=True)
    results_path = WORK / "results.json"
    if args.report_only:
        saved = json.loads(results_path.read_text())
        results = dict(
            saved,
            per_task={tuple(key.split("/")): value for key, value in (saved.get("per_task") or {}).items()},
            scale={int(size): value for size, value in (saved.get("scale") or {}).items()},
        )
    else:
        results = {"load_before": os.getloadavg()[0], "situations": None, "per_task": None, "scale": {}}
        # An emulator process on a free port, so the bench runs beside anything else.
        with running(WORK / "emulator.pid", WORK / "emulator.log") as endpoint:
            bench = Bench(endpoint, args.aws, args.rounds, args.items, Path(args.collections).absolute())
            started = time.perf_counter()
            took = results["section_seconds"] = {}
            if "situations" in sections:
                print("bench: API calls per situation", flush=True)
                results["situations"] = bench.situations()
                took["API calls per situation"] = time.perf_counter() - started
            if "per-task" in sections:
                print(f"bench: converged per-task time, {args.items} items x {args.rounds} rounds", flush=True)
                mark = time.perf_counter()
                results["per_task"] = bench.per_task()
                took["per-task time"] = time.perf_counter() - mark
            if "scale" in sections:
                for size in sizes:
                    print(f"bench: scale N={size}, {scale_rounds[size]} rounds", flush=True)
                    mark = time.perf_counter()
                    results["scale"][size] = bench.scale(size, scale_rounds[size])
                    took[f"scale N={size}"] = time.perf_counter() - mark
            if "access-review" in sections:
                print("bench: access review", flush=True)
                mark = time.perf_counter()
                results["access_review"] = access_review(bench)
                took["access review"] = time.perf_counter() - mark
            if "partners" in sections:
                print("bench: many partners in one run (onboard_partners)", flush=True)
                mark = time.perf_counter()
                results["partners"] = partners_section(bench, WORK, BIN, ACCOUNT)
                took["many partners"] = time.perf_counter() - mark
            if REVIEW_13 in sections:
                print("bench: access review, every way in (1.3)", flush=True)
                mark = time.perf_counter()
                results["access_review_13"] = review_section(bench, ACCOUNT, REGION, key_for, args.review_rounds)
                took["access review 1.3"] = time.perf_counter() - mark
        results.update(elapsed=time.perf_counter() - started, failures=bench.failures, load_after=os.getloadavg()[0])
        results_path.write_text(
            json.dumps(
                dict(
                    results,
                    per_task={"/".join(key): value for key, value in (results["per_task"] or {}).items()},
                )
            )
        )
    verdicts = write_report(args, results)
    print((REPO_ROOT / "docs" / "performance.md").read_text())
    for target, ok in verdicts.items():
        if not ok:
            print(f"bench: {target} misses its target (see docs/performance.md)")
    if results["failures"]:
        print("bench: FAILED\n  " + "\n  ".join(results["failures"]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
