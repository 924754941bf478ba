# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""`make bench`, section "partners": many partners in one run (the playbook onboard_partners, 1.2.0).

Twenty partners over 3 shared shares and 4 clusters, converged: the playbook at forks 1, 5 and 10 and as 3 slices
started at once (three ansible-playbook processes with --limit on disjoint thirds, as job slices run), side by side
with twenty runs of the playbook onboard_partner (one per partner, one after the other, as before 1.2.0); wall time
and API calls per operation of each. Then the converged run at forks 10 for 5, 10 and 20 partners: the calls per
partner. Called by run_bench.py (``partners_section`` and ``partners_report``).
"""

from __future__ import annotations

import subprocess
import time
from collections import Counter

import yaml

SHARES = ("glue-share-a", "glue-share-b", "glue-share-c")
CLUSTERS = ("bench-1", "bench-2", "bench-3", "bench-4")
DATABASES = ("sales", "marketing", "finance", "ops")
PERMISSION = "AWSRAMPermissionGlueDatabaseReadWrite"
PARTNERS = 20
SIZES = (5, 10, 20)
TARGET_RATIO = 1.0


def host(index):
    return f"p{index:02d}"


def partner_vars(index, account):
    """Partner ``index``: two of the three shares (a database of its own and one all share), one cluster."""
    return {
        "onboard_partner_name": f"Partner-{host(index)}",
        "onboard_partner_account_id": account,
        "onboard_partner_redshift_databases": [{"cluster_identifier": CLUSTERS[index % 4], "database_name": "sales"}],
        "onboard_partner_principals": [f"2000000000{index:02d}"],
        "onboard_partner_resource_shares": [
            {
                "name": SHARES[(index + offset) % 3],
                "resource_arns": [
                    f"arn:aws:glue:us-east-1:{account}:database/sales",
                    f"arn:aws:glue:us-east-1:{account}:database/{DATABASES[index % 4]}",
                ],
                "permissions": [PERMISSION],
            }
            for offset in (0, 1)
        ],
    }


class PartnersBench:
    """The section's runs, on a ``run_bench.Bench`` (its emulator, environment and work directory)."""

    def __init__(self, bench, work, bin_dir, account):
        self.bench = bench
        self.work = work
        self.bin = bin_dir
        self.account = account

    def fresh(self, size):
        """A fresh emulator with the clusters and the partners' names; the inventory of ``size`` partners."""
        self.bench.emulator.reset()
        self.bench.emulator.set_config(extra_partners=[f"Partner-{host(i)}" for i in range(PARTNERS)])
        self.bench.emulator.seed(redshift_clusters=list(CLUSTERS))
        hosts = {host(i): partner_vars(i, self.account) for i in range(size)}
        inventory = {
            "all": {
                "children": {"partners": {"hosts": hosts, "vars": {"onboard_partner_aws": self.bench.connection()}}}
            }
        }
        path = self.work / f"partners-{size}.yml"
        path.write_text(yaml.safe_dump(inventory))
        return path, hosts

    def processes(self, commands):
        """Run ``commands`` at once; (wall seconds, API calls by operation). A failed process is fatal."""
        self.bench.emulator.clear_requests()
        started = time.perf_counter()
        procs = [
            subprocess.Popen(  # pylint: disable=consider-using-with
                command,
                env=self.bench.env(),
                cwd=self.work,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for command in commands
        ]
        outputs = [proc.communicate()[0] for proc in procs]
        seconds = time.perf_counter() - started
        for proc, output in zip(procs, outputs):
            if proc.returncode:
                print(output[-6000:])
                raise SystemExit(f"bench: partners run failed (rc {proc.returncode}): {' '.join(proc.args)}")
        requests = self.bench.emulator.requests()
        writes = [r["operation"] for r in requests if r["write"]]
        return seconds, Counter(r["operation"] for r in requests), writes

    def playbook(self, path, *args):
        return [str(self.bin / "ansible-playbook"), "partner_onboarding.aws.onboard_partners", "-i", str(path), *args]

    def run(self):
        """The section's figures (a JSON-able dict)."""
        path, hosts = self.fresh(PARTNERS)
        self.processes([self.playbook(path, "--forks", "10")])  # onboard: the runs below are converged
        runs = {}
        for label, commands in (
            ("onboard_partners, forks 1", [self.playbook(path, "--forks", "1")]),
            ("onboard_partners, forks 5", [self.playbook(path, "--forks", "5")]),
            ("onboard_partners, forks 10", [self.playbook(path, "--forks", "10")]),
            (
                "onboard_partners, 3 slices at once (forks 5 each)",
                [self.playbook(path, "--forks", "5", "--limit", ",".join(sorted(hosts)[part::3])) for part in range(3)],
            ),
        ):
            print(f"bench: partners: {label}", flush=True)
            runs[label] = self.processes(commands)
        print("bench: partners: 20 runs of onboard_partner, one after the other", flush=True)
        single = [0.0, Counter(), []]
        for name, variables in hosts.items():
            vars_file = self.work / f"partner-{name}.yml"
            vars_file.write_text(yaml.safe_dump(dict(variables, onboard_partner_aws=self.bench.connection())))
            seconds, calls, writes = self.processes(
                [[str(self.bin / "ansible-playbook"), "partner_onboarding.aws.onboard_partner", "-e", f"@{vars_file}"]]
            )
            single[0] += seconds
            single[1] += calls
            single[2] += writes
        runs["onboard_partner, 20 runs one after the other"] = tuple(single)
        per_partner = {}
        for size in SIZES:
            print(f"bench: partners: converged calls for {size} partners", flush=True)
            path, _hosts = self.fresh(size)
            self.processes([self.playbook(path, "--forks", "10")])
            seconds, calls, writes = self.processes([self.playbook(path, "--forks", "10")])
            per_partner[size] = {"seconds": seconds, "calls": sum(calls.values()), "writes": len(writes)}
        return {
            "runs": {
                label: {"seconds": seconds, "calls": dict(calls), "writes": writes}
                for label, (seconds, calls, writes) in runs.items()
            },
            "per_partner": {str(size): figures for size, figures in per_partner.items()},
        }


def partners_section(bench, work, bin_dir, account):
    """Run the section; its figures."""
    return PartnersBench(bench, work, bin_dir, account).run()


def partners_report(figures):
    """The section's lines of docs/performance.md, and its verdicts ({target: met})."""
    runs = figures["runs"]
    forks10 = runs["onboard_partners, forks 10"]["seconds"]
    single = runs["onboard_partner, 20 runs one after the other"]["seconds"]
    operations = sorted({operation for run in runs.values() for operation in run["calls"]})
    lines = [
        "## Many partners in one run (`onboard_partners`, 1.2.0)",
        "",
        f"{PARTNERS} partners over {len(SHARES)} shared resource shares and {len(CLUSTERS)} clusters, converged (a "
        "second run after the onboarding), each run its own `ansible-playbook` process (or three at once for the "
        "slices), the emulator's request log cleared before it. Design: [docs/many-partners.md](many-partners.md).",
        "",
        "| run | wall time | API calls | writes | " + " | ".join(operations) + " |",
        "|---|---:|---:|---:|" + "---:|" * len(operations),
    ]
    for label, run in runs.items():
        lines.append(
            f"| {label} | {run['seconds']:.1f} s | {sum(run['calls'].values())} | {len(run['writes'])} | "
            + " | ".join(str(run["calls"].get(operation, 0)) for operation in operations)
            + " |"
        )
    ratio = forks10 / single if single else float("nan")
    lines += [
        "",
        f"**Ratio**: `onboard_partners` at 10 forks takes {ratio:.2f} of the time of 20 runs of `onboard_partner` "
        f"({forks10:.1f} s against {single:.1f} s).",
        "",
        "Calls per partner, converged at forks 10, by number of partners (they must not grow with it). A partner's "
        "own calls are constant (one `DescribePartners` per cluster, one `GetResourceShareAssociations` per listed "
        "share); the shared part (the shares' read and converge) is made once per run, so the calls per partner "
        "fall as it is spread over more partners:",
        "",
        "| partners | wall time | API calls | calls per partner | writes |",
        "|---:|---:|---:|---:|---:|",
    ]
    per_partner = {int(size): value for size, value in figures["per_partner"].items()}
    for size, value in sorted(per_partner.items()):
        lines.append(
            f"| {size} | {value['seconds']:.1f} s | {value['calls']} | {value['calls'] / size:.2f} | {value['writes']} |"
        )
    sizes = sorted(per_partner)
    flat = all(
        per_partner[later]["calls"] / later <= per_partner[earlier]["calls"] / earlier + 0.01
        for earlier, later in zip(sizes, sizes[1:])
    )
    no_writes = all(not run["writes"] for run in runs.values()) and all(v["writes"] == 0 for v in per_partner.values())
    lines += [
        "",
        "Against real AWS (on paper: not measured here): each call waits on the network (a round trip to the RAM or "
        "Redshift endpoint, typically tens of milliseconds from the same region, more across regions) rather than on "
        "the CPU, while here the emulator answers in about a millisecond and "
        "the time is Ansible's own (a Python process per module run). With 20 partners of about 3 module runs "
        "each, the 20 runs one after the other pay each call's latency and each process start in sequence; at "
        "`--forks 10` ten partners wait on AWS at once, so the gain grows with the latency, up to the forks (and to "
        "RAM's and Redshift's request rates: botocore's standard retry mode absorbs throttling). The shared part "
        "(one read, create and converge per share) is paid once per run, not per partner, and the converged calls "
        "per partner do not grow with the number of partners (table above), so at a given latency the run time grows "
        "with partners / forks, plus the shared part once.",
        "",
    ]
    verdicts = {
        "partners: forks 10 faster than 20 single runs": ratio < TARGET_RATIO,
        "partners: calls per partner flat": flat,
        "partners: converged runs write nothing": no_writes,
    }
    return lines, verdicts
