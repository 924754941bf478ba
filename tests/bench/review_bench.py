# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""`make bench`, section "access-review-1.3": the review over every way in (partner_access_info, 1.3.0).

20 clusters (Fivetran on 3 databases each), 50 resource shares (4 principals each), 200 Lake Formation grants (40
outside accounts, each on a database and its 4 tables), 20 datashares (each authorized for one of those accounts) and
100 IAM roles (each trusting one of them, with an external ID), every grant declared by a partner: the review in one
task against the same review done with one read per item. Runs alone with ``run_bench.py --sections
access-review-1.3`` (the whole bench takes long), and updates only its own section of docs/performance.md then.
Called by run_bench.py (``review_section`` and ``review_report``).
"""

from __future__ import annotations

import datetime
import math
import os
from collections import Counter

import botocore.session

CLUSTERS, SHARES, SHARE_PRINCIPALS, DATABASES = 20, 50, 4, 3
LAKE_ACCOUNTS, LAKE_TABLES = 40, ("orders", "customers", "invoices", "events")
DATASHARES, ROLES = 20, 100
ROUNDS = 3
# The emulator's pages when the caller asks for none (AWS's defaults): ListPermissions 100, the others more than here.
LIST_PERMISSIONS_PAGE = 100
SECTION = "access-review-1.3"


def grants_count():
    return LAKE_ACCOUNTS * (1 + len(LAKE_TABLES))


def lake_account(index):
    return f"3000{index:08d}"


def _resources(account):
    database = {"Database": {"CatalogId": account, "Name": "lake"}}
    tables = [{"Table": {"CatalogId": account, "DatabaseName": "lake", "Name": name}} for name in LAKE_TABLES]
    return [(database, ["DESCRIBE"])] + [(table, ["SELECT"]) for table in tables]


def _items():
    """The onboard_partner role's items for each Lake Formation account: the database, then each table."""
    return [{"database_name": "lake", "permissions": ["DESCRIBE"]}] + [
        {"database_name": "lake", "table_name": name, "permissions": ["SELECT"]} for name in LAKE_TABLES
    ]


class ReviewBench:
    """The section's state and runs, on a ``run_bench.Bench`` (its emulator, playbooks and work directory)."""

    def __init__(self, bench, account, region, key_for):
        self.bench = bench
        self.account = account
        self.region = region
        self.key_for = key_for

    def client(self, service):
        return botocore.session.Session().create_client(
            service,
            endpoint_url=self.bench.endpoint,
            region_name=self.region,
            aws_access_key_id=self.key_for("REVIEW13SEED"),
            aws_secret_access_key="x",
        )

    def state(self):
        """A fresh emulator with every kind of access, and the partners that declare all of it."""
        emulator = self.bench.emulator
        members = [f"4444{n:08d}" for n in range(SHARES * SHARE_PRINCIPALS // 2)]
        outsiders = [f"2109{n:08d}" for n in range(SHARES * SHARE_PRINCIPALS // 2)]
        principals = [account for pair in zip(members, outsiders) for account in pair]
        clusters = [f"review-{c:02d}" for c in range(CLUSTERS)]
        shares = [
            {
                "name": f"review-share-{s:02d}",
                "principals": principals[s * SHARE_PRINCIPALS : (s + 1) * SHARE_PRINCIPALS],
                "allow_external_principals": True,
            }
            for s in range(SHARES)
        ]
        roles = [
            {
                "name": f"partner-role-{r:03d}",
                "trust_policy": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"AWS": f"arn:aws:iam::{lake_account(r % LAKE_ACCOUNTS)}:root"},
                            "Action": "sts:AssumeRole",
                            "Condition": {"StringEquals": {"sts:ExternalId": f"ext-{r}"}},
                        }
                    ],
                },
            }
            for r in range(ROLES)
        ]
        emulator.reset()
        emulator.set_config(organization_accounts=members)
        emulator.seed(region=self.region, redshift_clusters=clusters, resource_shares=shares, iam_roles=roles)
        emulator.seed_catalog(region=self.region, databases={"lake": list(LAKE_TABLES)})
        redshift, lakeformation = self.client("redshift"), self.client("lakeformation")
        databases = [
            {"cluster_identifier": cluster, "database_name": f"db_{d}"}
            for cluster in clusters
            for d in range(DATABASES)
        ]
        for database in databases:
            redshift.add_partner(
                AccountId=self.account,
                ClusterIdentifier=database["cluster_identifier"],
                DatabaseName=database["database_name"],
                PartnerName="Fivetran",
            )
        grants = []
        for index in range(LAKE_ACCOUNTS):
            for resource, permissions in _resources(self.account):
                principal = {"DataLakePrincipalIdentifier": lake_account(index)}
                lakeformation.grant_permissions(Principal=principal, Resource=resource, Permissions=permissions)
                grants.append({"principal": lake_account(index), "resource": resource})
        datashares = []
        for index in range(DATASHARES):
            consumer = lake_account(index % LAKE_ACCOUNTS)
            arn = emulator.datashare(clusters[index % CLUSTERS], f"share_{index:02d}", grants=[consumer])
            redshift.authorize_data_share(DataShareArn=arn, ConsumerIdentifier=consumer)
            datashares.append((arn, consumer))
        ram = self.client("ram")
        owned = [
            share["resourceShareArn"]
            for page in ram.get_paginator("get_resource_shares").paginate(resourceOwner="SELF")
            for share in page["resourceShares"]
            if share["status"] == "ACTIVE"
        ]
        partners = (
            [{"name": "Fivetran", "redshift_databases": databases}]
            + [
                {
                    "name": f"share-partner-{s:02d}",
                    "principals": share["principals"],
                    "resource_shares": [share["name"]],
                }
                for s, share in enumerate(shares)
            ]
            + [
                {
                    "name": f"lake-partner-{index:02d}",
                    "principals": [lake_account(index)],
                    "lakeformation_permissions": _items(),
                    "datashares": [arn for arn, consumer in datashares if consumer == lake_account(index)],
                    "iam_roles": [role["name"] for r, role in enumerate(roles) if r % LAKE_ACCOUNTS == index],
                }
                for index in range(LAKE_ACCOUNTS)
            ]
        )
        return {
            "clusters": clusters,
            "shares": len(owned),
            "grants": grants,
            "datashares": [arn for arn, _consumer in datashares],
            "roles": [role["name"] for role in roles],
            "partners": partners,
        }

    def plays(self, state, key):
        """``{way: play}``: the review in one task (1.3), and the same review with one read per item: the clusters'
        and shares' reads of partner_access_info (the same), then one ListPermissions per grant (principal and
        resource: Lake Formation requires a resource with a principal), one DescribeDataShares per datashare and one
        GetRole per role, made by one module in one process (tests/bench/library/bench_per_item_reads.py), so that
        only the reads differ, not the number of module runs."""
        connection = self.bench.connection()
        environment = {"AWS_ACCESS_KEY_ID": key}
        review = dict(partners=state["partners"], account_id=self.account, **connection)
        per_item = dict(review, lakeformation=False, datashares=False, iam_roles=False)
        reads = dict(
            grants=state["grants"],
            datashare_arns=state["datashares"],
            role_names=state["roles"],
            **connection,
        )
        return {
            "1.3": self.bench.play(
                "1.3 review",
                [{"name": "partner_access_info", "partner_onboarding.aws.partner_access_info": review}],
                environment=environment,
            ),
            "per item": self.bench.play(
                "per-item review",
                [
                    {
                        "name": "partner_access_info, clusters and shares",
                        "partner_onboarding.aws.partner_access_info": per_item,
                    },
                    {"name": "one read per grant, datashare and role", "bench_per_item_reads": reads},
                ],
                environment=environment,
            ),
        }

    def expected(self, state):
        """The calls of one 1.3 review, as the contract lists them (the pages of ListPermissions at AWS's default)."""
        return {
            "DescribeClusters": 1,
            "DescribePartners": CLUSTERS,
            "GetResourceShares": 1,
            "GetResourceShareAssociations": 2,
            "ListResourceSharePermissions": state["shares"],
            "ListRoles": 1,
            "ListPermissions": math.ceil(grants_count() / LIST_PERMISSIONS_PAGE),
            "DescribeDataShares": 1,
        }

    def run(self, rounds=ROUNDS):
        state = self.state()
        load_before = os.getloadavg()[0]
        runs = {"1.3": [], "per item": []}
        for way in ["1.3", "per item"] * rounds:
            index = len(runs[way])
            key = self.key_for("RVT", way.replace(" ", "").replace(".", "V"), index)
            print(f"bench:   access review (1.3) {way} run {index + 1}", flush=True)
            run = self.bench.scale_run(f"review13-{way.replace(' ', '-')}-{index}", self.plays(state, key)[way], key)
            runs[way].append(run)
            if way == "1.3" and run["calls"] != self.expected(state):
                self.bench.failures.append(
                    f"access review 1.3 run {index}: made {run['calls']}, expected {self.expected(state)}"
                )
            if run["changed"]:
                self.bench.failures.append(f"access review (1.3) {way} run {index}: changed")
        return {
            "runs": runs,
            "rounds": rounds,
            "shares": state["shares"],
            "date": f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
            "load": [load_before, os.getloadavg()[0]],
        }


def review_section(bench, account, region, key_for, rounds=ROUNDS):
    """The section's figures (a fresh emulator state, then both ways interleaved)."""
    return ReviewBench(bench, account, region, key_for).run(rounds)


def _calls(runs):
    counts = Counter()
    for operation, count in runs[0]["calls"].items():
        counts[operation] = count
    total = sum(counts.values())
    return f"{total}: " + ", ".join(f"{op} {n}" for op, n in sorted(counts.items()))


def review_report(figures):
    """The section of docs/performance.md."""
    medians = {way: sorted(run["seconds"] for run in runs)[len(runs) // 2] for way, runs in figures["runs"].items()}
    lf_shares = figures["shares"] - SHARES
    lines = [
        f"## Access review, every way in (1.3.0): {CLUSTERS} clusters, {SHARES} shares, {grants_count()} Lake "
        f"Formation grants, {DATASHARES} datashares, {ROLES} IAM roles",
        "",
        f"{CLUSTERS} clusters with `Fivetran` on {DATABASES} databases each; {SHARES} resource shares each shared with "
        f"{SHARE_PRINCIPALS} accounts (half in the organization); {grants_count()} Lake Formation grants ({LAKE_ACCOUNTS}"
        f" outside accounts, each `DESCRIBE` on a database and `SELECT` on its {len(LAKE_TABLES)} tables; Lake "
        f"Formation shares them through {lf_shares} more RAM shares of its own); {DATASHARES} datashares, each "
        f"authorized for one of those accounts; {ROLES} IAM roles, each trusting one of them with an external ID. "
        "The partners (91) declare every grant. "
        f"{figures['rounds']} runs of each way, interleaved, each its own `ansible-playbook` process; medians of the "
        f"play's wall time. Run {figures['date']}, load average {figures['load'][0]:.1f} at its start and "
        f"{figures['load'][1]:.1f} at its end (2 cores: above 2, other work competed and times are inflated). "
        f"Run alone with `tests/bench/run_bench.py --sections {SECTION}`.",
        "",
        "- **1.3**: one `partner_onboarding.aws.partner_access_info` task with `account_id` and the partners: every "
        "kind read once (`ListPermissions`, `DescribeDataShares` and `ListRoles` paginated, once each).",
        "- **per item**: the same clusters' and shares' reads (`partner_access_info` with `lakeformation`, "
        "`datashares` and `iam_roles` false), then one read per declared item in one module run "
        "(`tests/bench/library/bench_per_item_reads.py`): a `ListPermissions` per grant (Lake Formation requires a "
        "resource with a principal), a `DescribeDataShares` per datashare, a `GetRole` per role. It finds only what "
        "is declared (access granted by hand is never read) and is not compared; the 1.3 review also compares.",
        "",
        "| way | play time | API calls (one run) |",
        "|---|---:|---|",
    ]
    for way in ("1.3", "per item"):
        lines.append(f"| {way} | {medians[way]:.1f} s | {_calls(figures['runs'][way])} |")
    lines += [
        "",
        f"1.3's `ListPermissions` is its one paginated read: {grants_count()} grants in pages of "
        f"{LIST_PERMISSIONS_PAGE} (the emulator's default page); every 1.3 run made exactly the calls the contract "
        "lists (the bench fails otherwise).",
    ]
    if medians["1.3"]:
        lines += ["", f"The per-item way takes {medians['per item'] / medians['1.3']:.1f} times as long as 1.3."]
    return lines + [""]
