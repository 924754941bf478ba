"""Request log, fault injection, unimplemented operations and the control API."""

import json
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from botocore.exceptions import ClientError
from botocore.parsers import ResponseParserError

ACCOUNT = "123456789012"
TARGET = {"AccountId": ACCOUNT, "ClusterIdentifier": "analytics", "DatabaseName": "dev", "PartnerName": "Fivetran"}
READ_WRITE = "arn:aws:ram::aws:permission/AWSRAMPermissionGlueDatabaseReadWrite"


def _error(exc_info) -> tuple:
    response = exc_info.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def test_request_log(aws, emulator, share_arn):
    emulator.clear_requests()
    aws("redshift").add_partner(**TARGET)
    aws("ram").associate_resource_share_permission(
        resourceShareArn=share_arn, permissionArn=READ_WRITE, replace=True, clientToken="abc"
    )
    aws("sts").get_caller_identity()
    log = emulator.requests()
    assert [(r["service"], r["operation"], r["status"]) for r in log] == [
        ("redshift", "AddPartner", 200),
        ("ram", "AssociateResourceSharePermission", 200),
        ("sts", "GetCallerIdentity", 200),
    ]
    assert log[0]["params"] == TARGET and log[0]["region"] == "us-east-1"
    assert log[1]["params"]["clientToken"] == "abc" and log[1]["params"]["replace"] is True
    emulator.clear_requests()
    assert emulator.requests() == []


@pytest.mark.parametrize("fault, status", [("throttle", 400), ("unavailable", 503)])
def test_redshift_faults_retried(aws, emulator, share_arn, fault, status):  # pylint: disable=unused-argument
    emulator.fault("redshift", "AddPartner", fault, count=1)
    result = aws("redshift").add_partner(**TARGET)
    assert result["ResponseMetadata"]["RetryAttempts"] == 1
    assert [r["status"] for r in emulator.requests(operation="AddPartner")] == [status, 200]


@pytest.mark.parametrize("fault, status", [("throttle", 429), ("unavailable", 503)])
def test_ram_faults_retried(aws, emulator, share_arn, fault, status):
    emulator.fault("ram", "*", fault, count=1)
    result = aws("ram").list_resource_share_permissions(resourceShareArn=share_arn)
    assert result["ResponseMetadata"]["RetryAttempts"] == 1
    assert [r["status"] for r in emulator.requests(service="ram")] == [status, 200]


def test_fault_codes_when_retries_run_out(aws, emulator, share_arn):
    emulator.fault("ram", "ListResourceSharePermissions", "throttle", count=5)
    with pytest.raises(ClientError) as exc:
        aws("ram", attempts=1).list_resource_share_permissions(resourceShareArn=share_arn)
    assert _error(exc) == ("ThrottlingException", 429)
    emulator.clear_faults()
    emulator.fault("redshift", "*", "unavailable", count=5)
    with pytest.raises(ClientError) as exc:
        aws("redshift", attempts=1).describe_partners(AccountId=ACCOUNT, ClusterIdentifier="analytics")
    assert _error(exc) == ("ServiceUnavailable", 503)


def test_lost_response_with_client_token(aws, emulator, share_arn):
    emulator.fault("ram", "AssociateResourceSharePermission", "lost_response", count=1)
    ram = aws("ram")
    result = ram.associate_resource_share_permission(
        resourceShareArn=share_arn, permissionArn=READ_WRITE, replace=True, clientToken="once"
    )
    assert result["returnValue"] is True and result["ResponseMetadata"]["RetryAttempts"] == 1
    [perm] = ram.list_resource_share_permissions(resourceShareArn=share_arn)["permissions"]
    assert perm["arn"] == READ_WRITE
    calls = emulator.requests(operation="AssociateResourceSharePermission")
    assert [(c["status"], c["params"]["clientToken"]) for c in calls] == [(500, "once"), (200, "once")]


def test_lost_response_redshift_without_token(aws, emulator, share_arn):  # pylint: disable=unused-argument
    # No client token: the retry of an applied AddPartner fails, as AWS_FACTS warns.
    emulator.fault("redshift", "AddPartner", "lost_response", count=1)
    with pytest.raises(ClientError) as exc:
        aws("redshift").add_partner(**TARGET)
    assert _error(exc) == ("UnsupportedOperation", 400)
    assert len(aws("redshift").describe_partners(**TARGET)["PartnerIntegrationInfoList"]) == 1


@pytest.mark.parametrize(
    "service, call, name",
    [
        ("ram", lambda c: c.list_principals(resourceOwner="SELF"), "ram:ListPrincipals"),
        ("redshift", lambda c: c.describe_reserved_nodes(), "redshift:DescribeReservedNodes"),
    ],
)
def test_unimplemented_operation(aws, emulator, service, call, name):
    with pytest.raises(ClientError) as exc:
        call(aws(service))
    assert _error(exc) == ("NotImplemented", 501)
    assert name in exc.value.response["Error"]["Message"]
    assert emulator.requests()[-1]["status"] == 501


def test_reset_and_seed(aws, emulator):
    seeded = emulator.seed(redshift_clusters=["c1"], resource_shares=[{"name": "s1", "resource_arns": []}])
    assert seeded["resource_shares"][0]["arn"].startswith("arn:aws:ram:us-east-1:123456789012:resource-share/")
    assert (
        aws("redshift").describe_partners(AccountId=ACCOUNT, ClusterIdentifier="c1")["PartnerIntegrationInfoList"] == []
    )
    emulator.fault("ram", "*", "throttle", count=3)
    emulator.reset()
    assert emulator.requests() == []
    assert aws("ram").get_resource_shares(resourceOwner="SELF")["resourceShares"] == []
    with pytest.raises(ClientError) as exc:
        aws("redshift").describe_partners(AccountId=ACCOUNT, ClusterIdentifier="c1")
    assert _error(exc) == ("ClusterNotFound", 404)


def test_control_errors(endpoint):
    for method, path, body in [
        ("POST", "config", {"page_size": 0}),
        ("POST", "faults", {"service": "ram"}),
        ("GET", "nope", None),
    ]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{endpoint}/_emulator/{path}", data=data, method=method)
        with pytest.raises(urllib.error.HTTPError) as exc:
            urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request)
        assert exc.value.code in (400, 404)


def test_cli_start_port_busy(endpoint, tmp_path):
    repo = Path(__file__).resolve().parents[3]
    port = endpoint.rsplit(":", 1)[1]  # the session emulator, without a pid file here
    cmd = [sys.executable, "-m", "tests.emulator", "start", "--port", port, "--pidfile", str(tmp_path / "p")]
    busy = subprocess.run(cmd, cwd=repo, check=False, timeout=60, capture_output=True, text=True)
    assert busy.returncode == 1 and "busy" in busy.stderr


def test_cli_start_stop(tmp_path):
    repo = Path(__file__).resolve().parents[3]
    pidfile, logfile = tmp_path / "emulator.pid", tmp_path / "emulator.log"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = [sys.executable, "-m", "tests.emulator"]
    start = base + ["start", "--port", str(port), "--pidfile", str(pidfile), "--logfile", str(logfile)]
    try:
        assert subprocess.run(start, cwd=repo, check=False, timeout=60).returncode == 0
        assert pidfile.exists()
        # Idempotent: a second start finds the running emulator.
        again = subprocess.run(start, cwd=repo, check=False, timeout=60, capture_output=True, text=True)
        assert again.returncode == 0 and "already running" in again.stdout
    finally:
        stop = subprocess.run(base + ["stop", "--pidfile", str(pidfile)], cwd=repo, check=False, timeout=30)
    assert stop.returncode == 0 and not pidfile.exists()


@pytest.mark.parametrize(
    "service, call",
    [
        ("redshift", lambda c: c.describe_partners(AccountId=ACCOUNT, ClusterIdentifier="analytics")),
        ("sts", lambda c: c.get_caller_identity()),
    ],
)
def test_html_page_query_protocol_is_a_parser_error(aws, emulator, service, call):
    # A captive portal answers 200 with HTML: botocore's XML parser fails, and nothing is retried.
    emulator.fault(service, "*", "html_page", count=5)
    with pytest.raises(ResponseParserError) as exc:
        call(aws(service))
    assert type(exc.value).__name__ == "ResponseParserError" and "invalid XML" in str(exc.value)
    assert [r["status"] for r in emulator.requests()] == [200]


def test_html_page_json_protocol_parses_as_an_empty_answer(aws, emulator, share_arn):  # pylint: disable=unused-argument
    # botocore's JSON parsers take an unparsable 200 body as no data at all: no exception, and the
    # result keys (here resourceShares) are simply missing. Clients must not read that as "none".
    emulator.fault("ram", "GetResourceShares", "html_page")
    result = aws("ram").get_resource_shares(resourceOwner="SELF")
    assert "resourceShares" not in result
    assert result["ResponseMetadata"]["HTTPHeaders"]["content-type"].startswith("text/html")
    assert [r["status"] for r in emulator.requests(operation="GetResourceShares")] == [200]


@pytest.mark.parametrize("service", ["ram", "redshift", "sts"])
def test_bad_gateway_html(aws, emulator, share_arn, service):  # pylint: disable=unused-argument
    calls = {
        "ram": lambda c: c.list_resource_share_permissions(resourceShareArn=share_arn),
        "redshift": lambda c: c.describe_partners(AccountId=ACCOUNT, ClusterIdentifier="analytics"),
        "sts": lambda c: c.get_caller_identity(),
    }
    # A 502 is transient for botocore's standard mode: retried, then a ClientError named after the status.
    emulator.fault(service, "*", "bad_gateway_html", count=1)
    assert calls[service](aws(service))["ResponseMetadata"]["RetryAttempts"] == 1
    emulator.clear_requests()
    emulator.fault(service, "*", "bad_gateway_html", count=5)
    with pytest.raises(ClientError) as exc:
        calls[service](aws(service, attempts=2))
    assert type(exc.value).__name__ == "ClientError"
    assert _error(exc) == ("502", 502) and exc.value.response["Error"]["Message"] == "Bad Gateway"
    assert [r["status"] for r in emulator.requests()] == [502, 502, 502]
