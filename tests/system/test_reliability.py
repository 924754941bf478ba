# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Faults, lost responses and concurrency: the onboarding keeps working, never writes twice, never widens access."""

from __future__ import annotations

from collections import Counter

import botocore.session
import pytest
import yaml

from tests.emulator.client import WRITE_OPERATIONS

from .conftest import (
    GLUE_DATABASE,
    GLUE_TABLE,
    PARTNER_ACCESS_KEY,
    PARTNER_ACCOUNT,
    aws_client,
    connection,
    failures,
    live_shares,
    module_requests,
    onboarding_vars,
    pending_faults,
    play,
    run_playbook,
    run_plays,
    share_associations,
    share_item,
    share_lifecycle,
    sharing_vars,
    task_results,
    writes,
)

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


# --- 1.1.0: the RAM share operations --------------------------------------------------------------------------------

# Every RAM operation the share modules (ram_resource_share, _principal, _info, _invitation) added to the collection.
SHARE_OPERATIONS = (
    "CreateResourceShare",
    "UpdateResourceShare",
    "DeleteResourceShare",
    "AssociateResourceShare",
    "DisassociateResourceShare",
    "TagResource",
    "UntagResource",
    "GetResourceShares",
    "GetResourceShareAssociations",
    "GetResourceShareInvitations",
    "AcceptResourceShareInvitation",
    "RejectResourceShareInvitation",
)
RAM_MODEL = botocore.session.get_session().get_service_model("ram")


def takes_client_token(operation):
    return "clientToken" in RAM_MODEL.operation_model(operation).input_shape.members


@pytest.mark.parametrize("fault, status", [("throttle", 429), ("unavailable", 503)])
def test_throttling_and_outages_on_every_share_operation_are_retried_with_the_same_request(
    tmp_path, emulator, endpoint, partner, fault, status
):
    for operation in SHARE_OPERATIONS:
        emulator.fault("ram", operation, fault, count=2)

    rc, output, recap = run_plays(tmp_path, [share_lifecycle(endpoint)])

    assert rc == 0, output
    assert recap["localhost"]["failed"] == 0, output
    assert pending_faults(endpoint) == [], "an operation was never called"
    for operation in SHARE_OPERATIONS:
        attempts = module_requests(emulator, service="ram", operation=operation)
        assert [r["status"] for r in attempts[:3]] == [status, status, 200], f"{operation}: {attempts}"
        # botocore resent the very same request: for a write, the same clientToken, so RAM applies it once.
        assert attempts[0]["params"] == attempts[1]["params"] == attempts[2]["params"], operation
        if operation in WRITE_OPERATIONS and takes_client_token(operation):
            assert attempts[0]["params"].get("clientToken"), f"{operation} was sent without a clientToken"
    # Each write applied once: one share of each name, the partner gone from the first, the second deleted.
    [kept] = live_shares(endpoint, "partner-share")
    assert live_shares(endpoint, "declined-share") == []
    assert kept["allowExternalPrincipals"] is True and kept["tags"] == [{"key": "team", "value": "analytics"}]
    assert share_associations(endpoint, kept["resourceShareArn"]) == {PARTNER_ACCOUNT: "DISASSOCIATED"}
    invitations = aws_client("ram", endpoint, access_key=PARTNER_ACCESS_KEY).get_resource_share_invitations()
    assert sorted((i["resourceShareName"], i["status"]) for i in invitations["resourceShareInvitations"]) == [
        ("declined-share", "REJECTED"),
        ("partner-share", "ACCEPTED"),
    ]


def test_a_lost_create_is_retried_with_its_token_and_leaves_one_share(tmp_path, emulator, endpoint, partner):
    emulator.seed(redshift_clusters=["analytics"])
    # Applied, then answered 500: the share, the partner's association and the acceptance exist, the answers are lost.
    for operation in ("CreateResourceShare", "AssociateResourceShare", "AcceptResourceShareInvitation"):
        emulator.fault("ram", operation, "lost_response", count=1)
    variables = sharing_vars(endpoint)

    rc, output, recap = run_playbook(tmp_path, variables)

    assert rc == 0, output
    assert recap["localhost"]["changed"] == 4, output
    for operation in ("CreateResourceShare", "AssociateResourceShare", "AcceptResourceShareInvitation"):
        attempts = module_requests(emulator, operation=operation)
        assert [r["status"] for r in attempts] == [500, 200], operation
        tokens = {r["params"]["clientToken"] for r in attempts}
        assert len(tokens) == 1 and None not in tokens, operation
    # RAM answered the retry with the first attempt's result: exactly one share, holding what the one create asked.
    [share] = live_shares(endpoint, "fivetran-share")
    [create] = {
        r["params"]["clientToken"]: r for r in module_requests(emulator, operation="CreateResourceShare")
    }.values()
    assert create["params"]["resourceArns"] == [GLUE_DATABASE, GLUE_TABLE]
    assert create["params"]["permissionArns"] == ["arn:aws:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite"]
    assert share_associations(endpoint, share["resourceShareArn"]) == {PARTNER_ACCOUNT: "ASSOCIATED"}

    emulator.clear_requests()
    rc, output, recap = run_playbook(tmp_path, variables)
    assert rc == 0 and recap["localhost"]["changed"] == 0, output
    assert writes(emulator) == []


def html_answer_is_empty_ram_answer(endpoint):
    """What makes an HTML page dangerous: RAM's JSON protocol parses an HTML 200 into an answer without its list."""
    ram = aws_client("ram", endpoint)
    answer = ram.get_resource_shares(resourceOwner="SELF")
    return "resourceShares" not in answer


# The first read of each service in an onboarding, and a proxy's HTML in its place.
HTML_READS = [
    ("redshift", "DescribePartners"),
    ("ram", "GetResourceShares"),
    ("ram", "GetResourceShareAssociations"),
    ("ram", "ListResourceSharePermissions"),
]


def test_an_html_page_is_an_empty_answer_to_ram_json_protocol(emulator, endpoint):
    """The hazard the next test guards against: no error from botocore, just no resourceShares."""
    emulator.seed(resource_shares=[{"name": "fivetran-share"}])
    emulator.fault("ram", "GetResourceShares", "html_page", count=1)
    assert html_answer_is_empty_ram_answer(endpoint)


@pytest.mark.parametrize("fault", ["html_page", "bad_gateway_html"])
@pytest.mark.parametrize("service, operation", HTML_READS, ids=[op for _service, op in HTML_READS])
def test_an_html_answer_to_a_read_fails_cleanly_and_writes_nothing(
    tmp_path, emulator, endpoint, partner, service, operation, fault
):
    # The share exists and lacks the table, the permission and the partner: a read taken for an empty answer would
    # lead to writes (a duplicate share, associations again, the permission again).
    emulator.seed(
        redshift_clusters=["analytics"], resource_shares=[{"name": "fivetran-share", "resource_arns": [GLUE_DATABASE]}]
    )
    variables = sharing_vars(endpoint)
    # Two attempts in all, so that a proxy that keeps answering 502 fails the task quickly.
    variables["onboard_partner_aws"]["aws_config"] = {"retries": {"total_max_attempts": 2}}
    if service == "ram":
        variables["onboard_partner_redshift_databases"] = []  # so that the RAM read comes before any write
    emulator.fault(service, operation, fault, count=1 if fault == "html_page" else 2)

    rc, output, _recap = run_playbook(tmp_path, variables, "-v")

    assert rc != 0, output
    [failed] = failures(output)
    assert failed["msg"].startswith(f"{operation} failed with "), failed["msg"]
    assert "Traceback" not in failed["msg"] and 'File "' not in failed["msg"], failed["msg"]
    if fault == "html_page":
        # Not an AWS answer at all, and not retried: the page came from something between us and AWS.
        assert failed["error"]["code"] == "InvalidResponse", failed
        assert "HTML" in failed["msg"]
        assert [r["status"] for r in module_requests(emulator, operation=operation)] == [200]
    else:
        # A 502 is transient: retried, then reported with its HTTP status as the code.
        assert failed["error"]["code"] == "502", failed
        assert failed["response_metadata"]["http_status_code"] == 502
        assert [r["status"] for r in module_requests(emulator, operation=operation)] == [502, 502]
    assert writes(emulator) == []
    assert len(live_shares(endpoint, "fivetran-share")) == 1


# --- waiting for RAM's asynchronous associations -------------------------------------------------------------------

SHARE = "partner_onboarding.aws.ram_resource_share"


def share_plays(endpoint, *tasks):
    return [play("Share", list(tasks), connection(endpoint))]


def emulator_config(endpoint, **settings):
    """A task that changes the emulator's settings between the tasks of a playbook."""
    return {
        "name": f"Set the emulator's {', '.join(settings)}",
        "ansible.builtin.uri": {
            "url": f"{endpoint}/_emulator/config",
            "method": "POST",
            "body_format": "json",
            "body": settings,
        },
    }


def test_waiting_for_associations_lets_the_next_task_change_them_and_has_a_bound(tmp_path, emulator, endpoint):
    # Each new association stays ASSOCIATING for three reads, as RAM's may for a while. Share "waited" is created
    # with the wait, "not-waited" without; then RAM never settles and a short wait_timeout runs out. One playbook:
    # each share's requests are told apart by its ARN.
    def create(name, wait):
        return {"name": f"Create {name}", SHARE: dict(name=name, resource_arns=[GLUE_DATABASE, GLUE_TABLE], wait=wait)}

    def narrow(name):
        return {
            "name": f"Narrow {name}",
            SHARE: {"name": name, "resource_arns": [GLUE_DATABASE], "purge_resources": True, "wait": False},
            "ignore_errors": True,
        }

    tasks = [
        emulator_config(endpoint, associating_reads=3),
        create("waited", True),
        narrow("waited"),
        create("not-waited", False),
        narrow("not-waited"),
        emulator_config(endpoint, associating_reads=1000),  # RAM never settles
        {
            "name": "Create never-settled",
            SHARE: {"name": "never-settled", "resource_arns": [GLUE_DATABASE], "wait_timeout": 1},
            "ignore_errors": True,
        },
    ]

    rc, output, _recap = run_plays(tmp_path, share_plays(endpoint, *tasks), "-v")

    assert rc == 0, output
    results = {task: (status, result) for task, status, result in task_results(output)}
    arns = {
        share["name"]: share["resourceShareArn"]
        for share in aws_client("ram", endpoint).get_resource_shares(resourceOwner="SELF")["resourceShares"]
    }

    def requests(operation, share):
        return [r for r in module_requests(emulator, operation=operation) if share_of(r) == arns[share]]

    # The create that waited returned once RAM reported the associations final, so the table could be removed next.
    assert results["Narrow waited"][0] == "changed", results["Narrow waited"]
    assert [r["status"] for r in requests("DisassociateResourceShare", "waited")] == [200]
    reads = [r["params"]["associationType"] for r in requests("GetResourceShareAssociations", "waited")]
    # The waiter's polls: three reads that found the associations ASSOCIATING, a fourth that found them final; only
    # then the create's own read of the share (principals, then resources).
    assert reads[:6] == ["RESOURCE"] * 4 + ["PRINCIPAL", "RESOURCE"], reads
    # Without the wait RAM refuses to change an association still ASSOCIATING; the message says what to do.
    status, failed = results["Narrow not-waited"]
    assert status in ("failed", "fatal"), failed
    assert failed["error"]["code"] == "InvalidStateTransitionException", failed
    assert "wait" in failed["msg"], failed["msg"]
    assert [r["status"] for r in requests("DisassociateResourceShare", "not-waited")] == [400]
    # The wait has a bound.
    status, failed = results["Create never-settled"]
    assert status in ("failed", "fatal"), failed
    assert "timed out after 1 s (wait_timeout)" in failed["msg"], failed["msg"]
    assert f"{GLUE_DATABASE} (ASSOCIATING)" in failed["msg"], failed["msg"]


def share_of(request):
    """The share ARN a RAM request names (its resourceShareArn or its one resourceShareArns)."""
    params = request["params"]
    return params.get("resourceShareArn") or (params.get("resourceShareArns") or [None])[0]


def test_ten_forks_sharing_one_share_with_ten_partner_accounts(tmp_path, emulator, endpoint):
    """1.1.0: ten partners onboarded at once onto the same share, each its own account accepting its invitation."""
    emulator.set_config(extra_partners=PARTNERS[8:])
    share_arn = emulator.seed(
        redshift_clusters=["analytics"], resource_shares=[{"name": "fivetran-share", "resource_arns": [GLUE_DATABASE]}]
    )["resource_shares"][0]["arn"]
    accounts = {partner: f"2109876543{index:02d}" for index, partner in enumerate(PARTNERS)}
    for account in accounts.values():
        emulator.add_account(f"AKIAPARTNER{account}", account)
    hosts = {
        f"onboarding-{index}": {
            "onboard_partner_name": partner,
            "onboard_partner_principals": [accounts[partner]],
            "onboard_partner_accepter_aws": connection(endpoint, f"AKIAPARTNER{accounts[partner]}", "partner-secret"),
            "ansible_connection": "local",
            "ansible_python_interpreter": "{{ ansible_playbook_python }}",
        }
        for index, partner in enumerate(PARTNERS)
    }
    (tmp_path / "inventory.yml").write_text(yaml.safe_dump({"partners": {"hosts": hosts}}))
    (tmp_path / "onboard.yml").write_text(
        "- name: Onboard one partner per host\n  hosts: partners\n  gather_facts: false\n"
        "  roles:\n    - role: partner_onboarding.aws.onboard_partner\n"
    )
    variables = sharing_vars(endpoint, onboard_partner_resource_shares=[share_item(resource_arns=[GLUE_DATABASE])])
    for name in ("onboard_partner_name", "onboard_partner_principals", "onboard_partner_accepter_aws"):
        del variables[name]
    args = ("-i", str(tmp_path / "inventory.yml"), "--forks", "10")

    rc, output, recap = run_playbook(tmp_path, variables, *args, playbook=str(tmp_path / "onboard.yml"))

    assert rc == 0, output
    assert len(recap) == 10 and all(counts["failed"] == 0 for counts in recap.values()), output
    assert share_associations(endpoint, share_arn) == {account: "ASSOCIATED" for account in accounts.values()}
    assert len(live_shares(endpoint, "fivetran-share")) == 1
    permissions = aws_client("ram", endpoint).list_resource_share_permissions(resourceShareArn=share_arn)["permissions"]
    assert [p["name"] for p in permissions] == ["AWSRAMPermissionGlueDatabaseReadWrite"]
    accepted = [r for r in module_requests(emulator, operation="AcceptResourceShareInvitation") if r["status"] == 200]
    assert sorted(r["account"] for r in accepted) == sorted(accounts.values())

    emulator.clear_requests()
    rc, output, recap = run_playbook(tmp_path, variables, *args, playbook=str(tmp_path / "onboard.yml"))
    assert rc == 0, output
    assert all(counts["changed"] == 0 for counts in recap.values()), output
    assert writes(emulator) == []
