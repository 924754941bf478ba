# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import boto3
import botocore
import botocore.endpoint
import botocore.session
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from ansible_collections.partner_onboarding.aws.plugins.module_utils import _calls, _connection
from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import (
    AWSError,
    Write,
    apply,
    call,
    client_tokens,
    normalize,
    paginate,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._connection import (
    ConnectionSettingsError,
    connection_settings,
    merged_config,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import (
    AWSModule,
    Failure,
    Plan,
    Resource,
    converge,
)

from ansible_collections.partner_onboarding.aws.tests.unit.clients import answer_with, make_client
from ansible_collections.partner_onboarding.aws.tests.unit.module_args import patch_module_args

ROOT = Path(__file__).resolve().parents[4]


def settings(params, environ):
    base = {"validate_certs": True}
    base.update(params)
    return connection_settings(base, environ)


# --- credentials, region and endpoint precedence -------------------------------------------------------------

CREDENTIAL_CASES = [
    pytest.param({}, {}, None, None, None, None, id="nothing: botocore's own chain"),
    pytest.param({"access_key": "AK", "secret_key": "SK"}, {}, "AK", "SK", None, None, id="explicit keys"),
    pytest.param(
        {"access_key": "AK", "secret_key": "SK", "session_token": "TOK"},
        {"AWS_SESSION_TOKEN": "ENVTOK"},
        "AK",
        "SK",
        "TOK",
        None,
        id="explicit token beats the environment",
    ),
    pytest.param(
        {"access_key": "AK", "secret_key": "SK"},
        {"AWS_SECURITY_TOKEN": "AWXTOK"},
        "AK",
        "SK",
        "AWXTOK",
        None,
        id="explicit keys take the environment's token",
    ),
    pytest.param(
        {"access_key": "AK", "secret_key": "SK"},
        {"AWS_ACCESS_KEY_ID": "AK", "AWS_SECRET_ACCESS_KEY": "SK", "AWS_SECURITY_TOKEN": "AWXTOK"},
        "AK",
        "SK",
        "AWXTOK",
        None,
        id="explicit keys that are the environment's take its token",
    ),
    pytest.param(
        {"access_key": "PARTNER", "secret_key": "PS"},
        {"AWS_ACCESS_KEY_ID": "OWNER", "AWS_SECRET_ACCESS_KEY": "OS", "AWS_SECURITY_TOKEN": "OWNERTOK"},
        "PARTNER",
        "PS",
        None,
        None,
        id="other explicit keys do not take the token of the environment's keys",
    ),
    pytest.param(
        {},
        {"AWS_ACCESS_KEY_ID": "EK", "AWS_SECRET_ACCESS_KEY": "ES", "AWS_SECURITY_TOKEN": "AWXTOK"},
        "EK",
        "ES",
        "AWXTOK",
        None,
        id="AWX: keys and AWS_SECURITY_TOKEN from the environment",
    ),
    pytest.param(
        {},
        {"AWS_ACCESS_KEY_ID": "EK", "AWS_SECRET_ACCESS_KEY": "ES", "AWS_SESSION_TOKEN": "S", "AWS_SECURITY_TOKEN": "X"},
        "EK",
        "ES",
        "S",
        None,
        id="AWS_SESSION_TOKEN beats AWS_SECURITY_TOKEN",
    ),
    pytest.param(
        {},
        {"AWS_ACCESS_KEY": "LEGACY", "AWS_SECRET_KEY": "LEGACYS"},
        "LEGACY",
        "LEGACYS",
        None,
        None,
        id="legacy boto variable names",
    ),
    pytest.param(
        {"access_key": "AK", "secret_key": "SK"},
        {"AWS_ACCESS_KEY_ID": "EK", "AWS_SECRET_ACCESS_KEY": "ES"},
        "AK",
        "SK",
        None,
        None,
        id="explicit keys beat environment keys",
    ),
    pytest.param({"profile": "dev"}, {}, None, None, None, "dev", id="explicit profile"),
    pytest.param(
        {"profile": "dev"},
        {"AWS_ACCESS_KEY_ID": "EK", "AWS_SECRET_ACCESS_KEY": "ES", "AWS_SESSION_TOKEN": "T"},
        None,
        None,
        None,
        "dev",
        id="explicit profile beats environment keys",
    ),
    pytest.param(
        {}, {"AWS_PROFILE": "envprof", "AWS_DEFAULT_PROFILE": "other"}, None, None, None, "envprof", id="AWS_PROFILE"
    ),
    pytest.param({}, {"AWS_DEFAULT_PROFILE": "other"}, None, None, None, "other", id="AWS_DEFAULT_PROFILE"),
    pytest.param(
        {},
        {"AWS_PROFILE": "envprof", "AWS_ACCESS_KEY_ID": "EK", "AWS_SECRET_ACCESS_KEY": "ES"},
        "EK",
        "ES",
        None,
        None,
        id="environment keys beat AWS_PROFILE, as in botocore",
    ),
]


@pytest.mark.parametrize("params, environ, access_key, secret_key, token, profile", CREDENTIAL_CASES)
def test_credentials_precedence(params, environ, access_key, secret_key, token, profile):
    result = settings(params, environ)
    assert result["profile"] == profile
    assert result["client"].get("aws_access_key_id") == access_key
    assert result["client"].get("aws_secret_access_key") == secret_key
    assert result["client"].get("aws_session_token") == token


@pytest.mark.parametrize(
    "params, environ, region",
    [
        ({"region": "eu-west-1"}, {"AWS_REGION": "us-east-2", "AWS_DEFAULT_REGION": "us-west-2"}, "eu-west-1"),
        ({}, {"AWS_REGION": "us-east-2", "AWS_DEFAULT_REGION": "us-west-2"}, "us-east-2"),
        ({}, {"AWS_DEFAULT_REGION": "us-west-2"}, "us-west-2"),
        ({}, {}, None),
    ],
)
def test_region_precedence(params, environ, region):
    assert settings(params, environ)["client"]["region_name"] == region


@pytest.mark.parametrize(
    "params, environ, endpoint",
    [
        ({"endpoint_url": "http://a"}, {"AWS_URL": "http://b", "AWS_ENDPOINT_URL": "http://c"}, "http://a"),
        ({}, {"AWS_URL": "http://b", "AWS_ENDPOINT_URL": "http://c"}, "http://b"),
        # Left to botocore, which reads AWS_ENDPOINT_URL_<SERVICE> and then AWS_ENDPOINT_URL itself.
        ({}, {"AWS_ENDPOINT_URL": "http://c"}, None),
    ],
)
def test_endpoint_precedence(params, environ, endpoint):
    assert settings(params, environ)["client"]["endpoint_url"] == endpoint


def test_botocore_reads_service_endpoint_variables(monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("AWS_ENDPOINT_URL_REDSHIFT", "http://127.0.0.1:2")
    client_kwargs = settings({"region": "us-east-1", "access_key": "a", "secret_key": "b"}, {})["client"]
    session = botocore.session.Session()
    assert session.create_client("redshift", **client_kwargs).meta.endpoint_url == "http://127.0.0.1:2"
    assert session.create_client("ram", **client_kwargs).meta.endpoint_url == "http://127.0.0.1:1"


@pytest.mark.parametrize(
    "params, verify",
    [
        ({}, "absent"),
        ({"aws_ca_bundle": "/tmp/ca.pem"}, "/tmp/ca.pem"),
        ({"validate_certs": False, "aws_ca_bundle": "/tmp/ca.pem"}, False),
    ],
)
def test_certificate_verification(params, verify):
    assert settings(params, {}).get("client").get("verify", "absent") == verify


@pytest.mark.parametrize("extra", [{"access_key": "AK"}, {"secret_key": "SK"}, {"session_token": "T"}])
def test_profile_and_explicit_keys_conflict(extra):
    with pytest.raises(ConnectionSettingsError, match="profile cannot be combined with access_key"):
        settings(dict(profile="dev", **extra), {})


@pytest.mark.parametrize(
    "params, missing",
    [({"access_key": "AK"}, "secret_key"), ({"secret_key": "SK"}, "access_key")],
)
def test_half_a_key_pair_is_refused(params, missing):
    with pytest.raises(ConnectionSettingsError, match=f"^{missing} is required"):
        settings(params, {})


def test_secret_options_are_no_log():
    spec = _connection.CONNECTION_ARGUMENT_SPEC
    assert spec["secret_key"]["no_log"] is True
    assert spec["session_token"]["no_log"] is True


# --- botocore Config ----------------------------------------------------------------------------------------


def test_default_config_uses_standard_retries_and_names_the_collection():
    config = merged_config(None)
    assert config.retries == {"mode": "standard", "total_max_attempts": 10}
    assert config.user_agent_extra == f"partner_onboarding.aws/{_calls.COLLECTION_VERSION}"


@pytest.mark.parametrize(
    "aws_config, retries, other",
    [
        ({"retries": {"max_attempts": 3}}, {"mode": "standard", "max_attempts": 3}, {}),
        ({"retries": {"total_max_attempts": 4}}, {"mode": "standard", "total_max_attempts": 4}, {}),
        ({"retries": {"mode": "adaptive"}}, {"mode": "adaptive", "total_max_attempts": 10}, {}),
        (
            {"connect_timeout": 5, "read_timeout": 7},
            {"mode": "standard", "total_max_attempts": 10},
            {"connect_timeout": 5, "read_timeout": 7},
        ),
    ],
)
def test_aws_config_is_merged_on_top(aws_config, retries, other):
    config = merged_config(aws_config)
    assert config.retries == retries
    for key, value in other.items():
        assert getattr(config, key) == value


def test_aws_config_keeps_our_user_agent():
    config = merged_config({"user_agent_extra": "awx/23"})
    assert config.user_agent_extra == f"partner_onboarding.aws/{_calls.COLLECTION_VERSION} awx/23"


def test_aws_config_rejects_unknown_keys():
    with pytest.raises(ConnectionSettingsError, match="aws_config: unknown botocore Config key.*retry_mode"):
        merged_config({"retry_mode": "standard"})


def test_collection_version_matches_galaxy_yml():
    galaxy = (ROOT / "galaxy.yml").read_text()
    assert f"version: {_calls.COLLECTION_VERSION}\n" in galaxy


# --- errors -------------------------------------------------------------------------------------------------


def test_call_translates_client_errors(stubbed):
    stubbed("redshift").add_client_error(
        "describe_partners",
        service_error_code="ClusterNotFound",
        service_message="no such cluster",
        http_status_code=404,
    )
    with pytest.raises(AWSError) as raised:
        call(stubbed.client("redshift"), "DescribePartners", AccountId="123456789012", ClusterIdentifier="c")
    assert (raised.value.operation, raised.value.code, raised.value.message) == (
        "DescribePartners",
        "ClusterNotFound",
        "no such cluster",
    )
    assert raised.value.attempts == 1


def test_call_returns_the_response(stubbed):
    stubbed("redshift").add_response(
        "describe_partners",
        {"PartnerIntegrationInfoList": []},
        {"AccountId": "123456789012", "ClusterIdentifier": "c"},
    )
    assert call(stubbed.client("redshift"), "DescribePartners", AccountId="123456789012", ClusterIdentifier="c") == {
        "PartnerIntegrationInfoList": []
    }


def test_error_counts_retry_attempts():
    exc = ClientError(
        {"Error": {"Code": "Throttling", "Message": "Rate exceeded"}, "ResponseMetadata": {"RetryAttempts": 9}},
        "AddPartner",
    )
    error = AWSError.from_botocore("AddPartner", exc)
    assert (error.code, error.attempts) == ("Throttling", 10)


def test_connection_errors_are_translated():
    error = AWSError.from_botocore("DescribePartners", EndpointConnectionError(endpoint_url="http://127.0.0.1:9"))
    assert error.code == "EndpointConnectionError"
    assert "http://127.0.0.1:9" in error.message


def test_paginate_walks_every_page(stubbed):
    stub = stubbed("ram")
    stub.add_response(
        "get_resource_shares", {"resourceShares": [{"name": "a"}], "nextToken": "t1"}, {"resourceOwner": "SELF"}
    )
    stub.add_response(
        "get_resource_shares", {"resourceShares": [{"name": "b"}]}, {"resourceOwner": "SELF", "nextToken": "t1"}
    )
    client = stubbed.client("ram")
    names = [share["name"] for share in paginate(client, "GetResourceShares", "resourceShares", resourceOwner="SELF")]
    assert names == ["a", "b"]


# --- the module wrapper -------------------------------------------------------------------------------------


def run_module(args, capsys, body=None, **kwargs):
    """Run an AWSModule (``kwargs`` for its constructor) with ``args`` and return the JSON it printed."""
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            module = AWSModule({"name": {"type": "str"}}, **kwargs)
            (body or (lambda m: m.exit_json(changed=False)))(module)
    return json.loads(capsys.readouterr().out)


def test_module_refuses_profile_with_keys_before_any_call(capsys):
    result = run_module({"name": "x", "profile": "dev", "access_key": "AK", "secret_key": "SK"}, capsys)
    assert result["failed"]
    assert "profile" in result["msg"] and "access_key" in result["msg"]


def test_module_refuses_unknown_option(capsys):
    result = run_module({"name": "x", "aws_regoin": "us-east-1"}, capsys)
    assert result["failed"]
    assert "aws_regoin" in result["msg"]


def test_module_refuses_unknown_aws_config_key(capsys):
    result = run_module({"name": "x", "aws_config": {"retry": 1}}, capsys)
    assert result["failed"]
    assert result["msg"].startswith("aws_config: unknown botocore Config key(s) retry")


def test_fail_aws_reports_operation_code_hint_and_scrubs_secrets(capsys):
    secret = "wJalrXUtnFEMI/K7MDENG/SENTINEL"

    def body(module):
        error = AWSError("AddPartner", "UnauthorizedPartnerIntegration", f"signature for {secret} rejected", 3)
        module.fail_aws(error, hints={"UnauthorizedPartnerIntegration": "Check account_id."})

    result = run_module({"name": "x", "access_key": "AK", "secret_key": secret, "region": "us-east-1"}, capsys, body)
    assert result["failed"]
    assert result["msg"] == (
        "AddPartner failed with UnauthorizedPartnerIntegration: signature for ******** rejected "
        "(after 3 attempts). Check account_id."
    )
    assert result["error"] == {"code": "UnauthorizedPartnerIntegration", "message": "signature for ******** rejected"}
    assert secret not in json.dumps(result)


def test_client_is_built_with_resolved_settings(capsys, monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)

    def body(module):
        client = module.client("redshift")
        module.exit_json(
            changed=False,
            endpoint=client.meta.endpoint_url,
            region=client.meta.region_name,
            retries=client.meta.config.retries,
            same=module.client("redshift") is client,
        )

    args = {
        "name": "x",
        "region": "eu-west-1",
        "endpoint_url": "http://127.0.0.1:1",
        "access_key": "a",
        "secret_key": "b",
    }
    result = run_module(args, capsys, body)
    assert result["endpoint"] == "http://127.0.0.1:1"
    assert result["region"] == "eu-west-1"
    # botocore's client config holds the total, attempts included the first one.
    assert result["retries"] == {"mode": "standard", "total_max_attempts": 10}
    assert result["same"] is True


def test_missing_region_fails_clearly(capsys, monkeypatch, tmp_path):
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))

    result = run_module({"name": "x", "access_key": "a", "secret_key": "b"}, capsys, converge_read(lambda m: None))
    assert result["failed"]
    assert result["msg"].startswith("region is required")


# --- one way to fail: converge() and fail_aws ---------------------------------------------------------------

CONNECTION = {"name": "x", "region": "us-east-1", "access_key": "AKIAUNITTEST", "secret_key": "unit-test-secret"}
ACCOUNT = "123456789012"


@pytest.fixture
def no_request(monkeypatch):
    """The requests that would leave the process: none may."""
    sent = []

    def make_request(self, operation_model, request_dict):
        sent.append(operation_model.name)
        raise AssertionError(f"{operation_model.name} was sent")

    monkeypatch.setattr(botocore.endpoint.Endpoint, "make_request", make_request)
    return sent


@pytest.fixture
def tracebacks(monkeypatch):
    """Failures carry ``exception`` as at -vvv: ansible-core 2.19 and later return it only when asked to."""
    try:
        from ansible.module_utils._internal import _traceback  # pylint: disable=import-outside-toplevel
    except ImportError:  # ansible-core < 2.19: always returned
        return
    monkeypatch.setattr(_traceback, "_is_traceback_enabled", lambda event: True)


@pytest.fixture
def sleeps(monkeypatch):
    """botocore's retry pauses, recorded instead of slept."""
    slept = []
    monkeypatch.setattr(botocore.endpoint.time, "sleep", slept.append)
    return slept


class Probe(Resource):
    """A module's resource made of plain functions, to test converge() alone: ``read(module)``, the ``writes`` its plan
    returns (to the redshift client), and a report of what was read and written."""

    hints = {"PartnerNotFound": "The module's hint"}

    def __init__(self, module, read, writes=(), already_done=None):
        super().__init__(module)
        self._read, self._writes, self.already_done = read, list(writes), already_done

    def read(self):
        self.client = self.module.client("redshift")
        return self._read(self.module)

    def plan(self, current):
        return Plan(self._writes, {"predicted": True})

    def report(self, before, after, failed=False):
        return {"before": before, "after": after, "failed_report": failed}


def describe_partners(module):
    return call(module.client("redshift"), "DescribePartners", AccountId=ACCOUNT, ClusterIdentifier="c")


def converge_read(read):
    """A body for run_module: converge() a read-only resource whose read is ``read``."""
    return lambda module: converge(module, Probe(module, read))


def test_validate_reports_every_message_at_once_before_any_client(capsys, no_request):
    built = []

    def body(module):
        built.append(module.client("redshift"))

    result = run_module(
        CONNECTION, capsys, body, validate=lambda params: [f"name {params['name']!r} is bad", "other is bad"]
    )
    assert result["failed"] is True
    assert result["msg"] == "name 'x' is bad; other is bad"
    assert built == [] and no_request == []


def test_converge_exits_with_the_report_of_what_it_read(capsys):
    result = run_module(CONNECTION, capsys, converge_read(lambda module: module.params["name"]))
    assert result["changed"] is False
    assert (result["before"], result["after"], result["failed_report"]) == ("x", {"predicted": True}, False)
    assert "failed" not in result


def test_converge_in_check_mode_reports_the_prediction_without_writing(capsys, stubbed):
    writes = [Write("AddPartner", partner("sales"), "database 'sales'")]
    result = run_module(
        dict(CONNECTION, _ansible_check_mode=True),
        capsys,
        lambda module: converge(module, Probe(module, lambda m: "read", writes)),
    )
    assert result["changed"] is True
    assert result["after"] == {"predicted": True}
    assert stubbed.sent == []


def test_converge_fails_an_aws_error_naming_the_write_with_what_the_task_still_reports(capsys, stubbed):
    stub = stubbed("redshift")
    stub.add_response("add_partner", {"DatabaseName": "sales", "PartnerName": "Fivetran"}, partner("sales"))
    stub.add_client_error("add_partner", "PartnerNotFound", "gone.", 404, expected_params=partner("hr"))
    stub.add_response(
        "describe_partners", {"PartnerIntegrationInfoList": []}, {"AccountId": ACCOUNT, "ClusterIdentifier": "c"}
    )
    writes = [
        Write("AddPartner", partner("sales"), "database 'sales'"),
        Write("AddPartner", partner("hr"), "database 'hr'"),
    ]

    def body(module):
        converge(
            module,
            Probe(
                module,
                lambda m: "read",
                writes,
                already_done=lambda write: bool(describe_partners(module)["PartnerIntegrationInfoList"]),
            ),
        )

    result = run_module(CONNECTION, capsys, body)
    assert result["failed"] is True
    assert result["changed"] is True
    assert result["msg"] == "AddPartner for database 'hr' failed with PartnerNotFound: gone. The module's hint"
    assert result["error"] == {"code": "PartnerNotFound", "message": "gone."}
    assert (result["before"], result["after"], result["failed_report"]) == ("read", "read", True)


def test_converge_fails_a_read_error_with_nothing_changed(capsys, stubbed):
    stubbed("redshift").add_client_error("describe_partners", "PartnerNotFound", "gone.", 404)
    result = run_module(CONNECTION, capsys, converge_read(describe_partners))
    assert result["failed"] is True and result["changed"] is False
    assert result["msg"] == "DescribePartners failed with PartnerNotFound: gone. The module's hint"
    assert (result["before"], result["failed_report"]) == (None, True)


def test_converge_fails_a_failure_with_its_result(capsys):
    def read(module):
        raise Failure("resource_share_name 'x' matches none of your resource shares", candidates=["a", "b"])

    result = run_module(CONNECTION, capsys, converge_read(read))
    assert result["failed"] is True
    assert result["msg"] == "resource_share_name 'x' matches none of your resource shares"
    assert result["candidates"] == ["a", "b"]
    assert "error" not in result and "exception" not in result


HINT = "Either partner_name is not a partner Redshift knows, or no integration exists: check partner_name"


@pytest.mark.parametrize(
    "message, target, attempts, expected",
    [
        pytest.param(
            "The partner fivetran was not found.",
            None,
            1,
            f"AddPartner failed with PartnerNotFound: The partner fivetran was not found. {HINT}",
            id="AWS's period is not doubled by the hint's",
        ),
        pytest.param(
            "The partner fivetran was not found. ",
            None,
            1,
            f"AddPartner failed with PartnerNotFound: The partner fivetran was not found. {HINT}",
            id="trailing blank",
        ),
        pytest.param(
            "The partner fivetran was not found",
            None,
            1,
            f"AddPartner failed with PartnerNotFound: The partner fivetran was not found. {HINT}",
            id="no period",
        ),
        pytest.param(
            "The partner fivetran was not found.",
            "database 'sales'",
            3,
            f"AddPartner for database 'sales' failed with PartnerNotFound: The partner fivetran was not found "
            f"(after 3 attempts). {HINT}",
            id="with the target and the attempts",
        ),
    ],
)
def test_fail_aws_message_reads_as_one_sentence_then_the_hint(capsys, message, target, attempts, expected):
    def body(module):
        error = AWSError("AddPartner", "PartnerNotFound", message, attempts)
        module.fail_aws(error, target=target, hints={"PartnerNotFound": HINT})

    result = run_module(CONNECTION, capsys, body)
    assert result["msg"] == expected
    assert ".." not in result["msg"]
    assert result["error"] == {"code": "PartnerNotFound", "message": message}


@pytest.mark.parametrize("source", ["options", "environment"])
def test_fail_aws_on_a_client_error_returns_response_metadata_scrubbed_exception_and_versions(
    stubbed, capsys, tracebacks, monkeypatch, source
):
    # Ansible masks the no_log options itself; a secret from the environment is masked by fail_aws alone.
    secret = "wJalrXUtnFEMI/K7MDENG/SENTINEL"
    args = dict(CONNECTION, secret_key=secret)
    if source == "environment":
        args = {name: value for name, value in CONNECTION.items() if name not in ("access_key", "secret_key")}
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAUNITTEST")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
    stubbed("redshift").add_client_error(
        "describe_partners",
        "UnauthorizedPartnerIntegration",
        f"signature for {secret} rejected",
        401,
        response_meta={"RequestId": "5d8f3b2e-0c1a-4e2b-9f6d-7a8b9c0d1e2f", "RetryAttempts": 2},
    )
    result = run_module(args, capsys, converge_read(describe_partners))
    assert result["failed"] is True
    assert result["msg"] == (
        "DescribePartners failed with UnauthorizedPartnerIntegration: signature for ******** rejected "
        "(after 3 attempts)"
    )
    assert result["response_metadata"] == {
        "request_id": "5d8f3b2e-0c1a-4e2b-9f6d-7a8b9c0d1e2f",
        "http_status_code": 401,
        "retry_attempts": 2,
    }
    assert result["exception"].startswith("Traceback")
    assert "An error occurred (UnauthorizedPartnerIntegration)" in result["exception"]
    assert "signature for ******** rejected" in result["exception"]
    assert secret not in json.dumps(result)
    assert result["botocore_version"] == botocore.__version__
    assert result["boto3_version"] == boto3.__version__


def test_fail_aws_on_a_connection_error_has_no_response_metadata(capsys, sleeps, tracebacks):
    def refuse(request, **kwargs):
        raise EndpointConnectionError(endpoint_url=request.url)

    def body(module):
        module.client("redshift").meta.events.register("before-send", refuse)
        converge(module, Probe(module, describe_partners))

    result = run_module(dict(CONNECTION, aws_config={"retries": {"total_max_attempts": 2}}), capsys, body)
    assert result["failed"] is True
    assert result["msg"].startswith("DescribePartners failed with EndpointConnectionError: Could not connect")
    assert result["msg"].endswith(". Check endpoint_url, region and the network path to AWS")
    assert len(sleeps) == 1  # botocore retried it once: connection errors are transient
    assert "response_metadata" not in result
    assert "EndpointConnectionError" in result["exception"]
    assert result["botocore_version"] == botocore.__version__
    assert result["boto3_version"] == boto3.__version__


# --- values of aws_config that botocore itself rejects -------------------------------------------------------


@pytest.mark.parametrize(
    "aws_config, word",
    [
        pytest.param({"retries": {"mode": "bogus"}}, "bogus", id="retry mode: a BotoCoreError"),
        pytest.param({"retries": {"total_max_attempts": "3"}}, "", id="attempts as a string: a TypeError"),
    ],
)
def test_merged_config_names_aws_config_when_botocore_rejects_a_value(aws_config, word):
    with pytest.raises(ConnectionSettingsError) as raised:
        merged_config(aws_config)
    assert str(raised.value).startswith("aws_config: botocore rejects it: ")
    assert word in str(raised.value)


@pytest.mark.parametrize(
    "aws_config, word",
    [
        pytest.param({"retries": {"mode": "bogus"}}, "bogus", id="rejected by Config()"),
        pytest.param({"connect_timeout": "abc"}, "abc", id="rejected by create_client"),
    ],
)
def test_module_fails_naming_aws_config_before_any_call(capsys, no_request, aws_config, word):
    result = run_module(dict(CONNECTION, aws_config=aws_config), capsys, converge_read(describe_partners))
    assert result["failed"] is True
    assert result["msg"].startswith("aws_config: botocore rejects it: ")
    assert word in result["msg"]
    assert "Traceback" not in result["msg"]
    assert no_request == []


# --- answers that are not AWS's: a proxy's or a captive portal's HTML page --------------------------------------

# Real HTML, not XML (unclosed <meta> and <br>), as captive portals send it; and nginx's error page, as proxies do.
CAPTIVE_PORTAL = (
    b'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Sign in to continue</title></head>\n'
    b"<body><h1>Network login required</h1><p>Accept the terms of use to browse.<br>Guest Wi-Fi</p></body></html>\n"
)
BAD_GATEWAY = (
    b"<html>\n<head><title>502 Bad Gateway</title></head>\n"
    b"<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>proxy</center>\n</body>\n</html>\n"
)
# The same page, well-formed: an XML parser reads it without complaint.
WELL_FORMED_PAGE = b"<html><head><title>Sign in</title></head><body><p>Network login required</p></body></html>"

SHARE = "arn:aws:ram:us-east-1:123456789012:resource-share/7ab63972-b505-4e2a-9d1e-8a3f1b0c2d4e"

READS = {
    "redshift": (
        "DescribePartners",
        lambda client: call(client, "DescribePartners", AccountId=ACCOUNT, ClusterIdentifier="c"),
    ),
    "sts": ("GetCallerIdentity", _calls.caller_account_id),
    "ram": (
        "ListResourceSharePermissions",
        lambda client: list(
            paginate(
                client,
                "ListResourceSharePermissions",
                "permissions",
                pagination={"input_token": "nextToken", "output_token": "nextToken", "limit_key": "maxResults"},
                resourceShareArn=SHARE,
            )
        ),
    ),
}


@pytest.mark.parametrize(
    "service, page",
    [
        pytest.param("redshift", CAPTIVE_PORTAL, id="redshift (query protocol)"),
        pytest.param("sts", CAPTIVE_PORTAL, id="sts (query protocol)"),
        pytest.param("redshift", WELL_FORMED_PAGE, id="redshift, a well-formed page (botocore raises KeyError)"),
        pytest.param("ram", CAPTIVE_PORTAL, id="ram (JSON protocol: botocore parses the page as an empty answer)"),
    ],
)
def test_an_html_page_answered_200_is_an_invalid_response_naming_the_operation(service, page):
    operation, read = READS[service]
    client = make_client(service, config=merged_config(None))
    attempts = answer_with(client, 200, page)
    with pytest.raises(AWSError) as raised:
        read(client)
    error = raised.value
    assert (error.operation, error.code) == (operation, "InvalidResponse")
    assert error.message.startswith("the answer was not an AWS response")
    assert "HTML page" in error.message
    assert error.response_metadata is None
    # Not retried: the same proxy would send the same page.
    assert len(attempts) == 1


# An answer is judged by its body, not by its label: the stock moto server labels every RAM answer text/html.
RAM_ANSWER = b'{"permissions": [{"arn": "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionGlueDatabase"}]}'


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "application/json", "text/plain"])
def test_a_json_answer_is_an_answer_whatever_its_label(content_type):
    operation, read = READS["ram"]
    client = make_client("ram", config=merged_config(None))
    answer_with(client, 200, RAM_ANSWER, content_type=content_type)
    assert read(client) == [{"arn": "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionGlueDatabase"}]


def test_an_xml_answer_labelled_html_is_an_answer():
    client = make_client("sts", config=merged_config(None))
    answer_with(
        client,
        200,
        b"<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account><Arn>a</Arn>"
        b"<UserId>u</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>",
        content_type="text/html",
    )
    assert _calls.caller_account_id(client) == "123456789012"


@pytest.mark.parametrize(
    "service, page, content_type, what",
    [
        pytest.param("ram", CAPTIVE_PORTAL, "application/json", "an HTML page", id="ram: a page labelled JSON"),
        pytest.param("redshift", WELL_FORMED_PAGE, "text/xml", "an HTML page", id="redshift: a page labelled XML"),
        pytest.param(
            "ram",
            b"  \n<HTML>\n<body>hi</body></HTML>",
            "application/x-amz-json-1.1",
            "an HTML page",
            id="ram: upper case after white space",
        ),
        pytest.param(
            "ram",
            b"Service temporarily moved",
            "application/json",
            "a text that is not JSON",
            id="ram: plain text labelled JSON",
        ),
    ],
)
def test_a_page_is_refused_whatever_its_label(service, page, content_type, what):
    operation, read = READS[service]
    client = make_client(service, config=merged_config(None))
    attempts = answer_with(client, 200, page, content_type=content_type)
    with pytest.raises(AWSError) as raised:
        read(client)
    assert (raised.value.operation, raised.value.code) == (operation, "InvalidResponse")
    assert raised.value.message == f"the answer was not an AWS response but {what} (from a proxy or a captive portal?)"
    assert len(attempts) == 1


@pytest.mark.parametrize("content_type", ["text/html", "application/json"])
@pytest.mark.parametrize("service", ["redshift", "sts", "ram"])
def test_a_bad_gateway_page_is_retried_then_fails_naming_the_operation(service, content_type, sleeps):
    operation, read = READS[service]
    client = make_client(service, config=merged_config({"retries": {"total_max_attempts": 3}}))
    attempts = answer_with(client, 502, BAD_GATEWAY, content_type=content_type)
    with pytest.raises(AWSError) as raised:
        read(client)
    error = raised.value
    assert (error.operation, error.code, error.message) == (operation, "502", "Bad Gateway")
    assert error.attempts == 3 and len(attempts) == 3 and len(sleeps) == 2
    assert error.response_metadata == {"request_id": None, "http_status_code": 502, "retry_attempts": 2}


@pytest.mark.parametrize(
    "status, page, start, end",
    [
        pytest.param(
            200,
            CAPTIVE_PORTAL,
            "DescribePartners failed with InvalidResponse: the answer was not an AWS response",
            ". Check endpoint_url and the proxy settings (HTTPS_PROXY, NO_PROXY): the request did not reach AWS",
            id="captive portal",
        ),
        pytest.param(
            502,
            BAD_GATEWAY,
            "DescribePartners failed with 502: Bad Gateway (after 2 attempts). The answer was an HTTP error without an "
            "AWS error code",
            "check the proxy settings (HTTPS_PROXY, NO_PROXY) and run the task again",
            id="bad gateway",
        ),
    ],
)
def test_fail_aws_on_an_html_page_names_the_operation_without_a_traceback(
    capsys, sleeps, tracebacks, status, page, start, end
):
    def body(module):
        answer_with(module.client("redshift"), status, page)
        converge(module, Probe(module, describe_partners))

    result = run_module(dict(CONNECTION, aws_config={"retries": {"total_max_attempts": 2}}), capsys, body)
    assert result["failed"] is True
    assert result["msg"].startswith(start)
    assert result["msg"].endswith(end)
    assert "Traceback" not in result["msg"]
    assert result["exception"].startswith("Traceback")
    assert result["botocore_version"] == botocore.__version__


# --- normalize: an AWS answer as the modules return it ---------------------------------------------------------

TIME = datetime(2024, 5, 2, 9, 41, 7, 123000, tzinfo=timezone.utc)
LATER = datetime(2024, 5, 3, 10, 0, tzinfo=timezone(timedelta(hours=2)))

# id: (AWS's item, keep, expected)
# fmt: off
NORMALIZE_CASES = {
    "camelCase keys": (
        {"resourceShareArn": SHARE, "allowExternalPrincipals": False}, (),
        {"resource_share_arn": SHARE, "allow_external_principals": False},
    ),
    "PascalCase keys and acronyms": (
        {"DatabaseName": "sales", "StatusMessage": "", "ResourceARN": "a", "HTTPStatusCode": 200}, (),
        {"database_name": "sales", "status_message": "", "resource_arn": "a", "http_status_code": 200},
    ),
    "nested dicts and lists": (
        {"Outer": {"InnerKey": [{"LeafName": 1}, "text", 2, [{"DeepKey": None}]]}}, (),
        {"outer": {"inner_key": [{"leaf_name": 1}, "text", 2, [{"deep_key": None}]]}},
    ),
    "datetimes at any depth, with their offset": (
        {"CreatedAt": TIME, "Items": [{"UpdatedAt": LATER}], "Nested": {"Day": date(2024, 5, 2)}}, (),
        {
            "created_at": "2024-05-02T09:41:07.123000+00:00",
            "items": [{"updated_at": "2024-05-03T10:00:00+02:00"}],
            "nested": {"day": "2024-05-02"},
        },
    ),
    "RAM's tags list becomes a dict": (
        {"tags": [{"key": "team", "value": "data"}, {"key": "empty"}]}, (),
        {"tags": {"team": "data", "empty": ""}},
    ),
    "Redshift's Tags list becomes a dict, tag keys as given": (
        {"Tags": [{"Key": "CostCenter", "Value": "Data-Eng"}]}, (),
        {"tags": {"CostCenter": "Data-Eng"}},
    ),
    "no tags": ({"tags": []}, (), {"tags": {}}),
    "keep leaves a value as AWS gives it": (
        {"Policy": {"Statement": [{"Effect": "Allow"}]}, "PolicyName": "p"}, ("Policy",),
        {"policy": {"Statement": [{"Effect": "Allow"}]}, "policy_name": "p"},
    ),
    "empty": ({}, (), {}),
}
# fmt: on


@pytest.mark.parametrize("item, keep, expected", list(NORMALIZE_CASES.values()), ids=list(NORMALIZE_CASES))
def test_normalize(item, keep, expected):
    snapshot = json.dumps(item, default=str, sort_keys=True)
    assert normalize(item, keep=keep) == expected
    assert json.dumps(item, default=str, sort_keys=True) == snapshot  # the answer itself is left alone


# --- apply_writes: the plan's writes, in order, each checked by a re-read when it fails --------------------------


def partner(database):
    return {"AccountId": ACCOUNT, "ClusterIdentifier": "analytics", "DatabaseName": database, "PartnerName": "Fivetran"}


WRITES = [
    Write("AddPartner", partner("sales"), "database 'sales'"),
    Write("AddPartner", partner("hr"), "database 'hr'"),
    Write("DeletePartner", partner("ops"), "database 'ops'"),
]
DONE = "done"

# id: (the answer to each write sent, DONE or an error code; the re-read's verdict on each failed write, True, False
#      or an error code when the re-read fails itself (None: no re-read given); the answers apply() collects (AWS's
#      answer to each write, None for one the re-read accepted), and the error it raises as (code, failed write))
# fmt: off
APPLY_CASES = {
    "every write, in order": ([DONE, DONE, DONE], [], ["sales", "hr", "ops"]),
    "first fails, nothing changed": (
        ["UnsupportedOperation"], [False], ("UnsupportedOperation", "database 'sales'", []),
    ),
    "second fails after the first took effect": (
        [DONE, "PartnerNotFound"], [False], ("PartnerNotFound", "database 'hr'", ["sales"]),
    ),
    "a lost answer that the re-read finds applied": (
        [DONE, "UnsupportedOperation", DONE], [True], ["sales", None, "ops"],
    ),
    "first lost but applied, then a real failure": (
        ["UnsupportedOperation", "ServiceUnavailable"], [True, False], ("ServiceUnavailable", "database 'hr'", [None]),
    ),
    "a failing re-read keeps the write's own error": (
        [DONE, DONE, "UnsupportedOperation"], ["ServiceUnavailable"],
        ("UnsupportedOperation", "database 'ops'", ["sales", "hr"]),
    ),
    "no re-read given": (["UnsupportedOperation"], None, ("UnsupportedOperation", "database 'sales'", [])),
}
# fmt: on


@pytest.mark.parametrize("answers, verdicts, expected", list(APPLY_CASES.values()), ids=list(APPLY_CASES))
def test_apply(stubbed, answers, verdicts, expected):
    stub = stubbed("redshift")
    for write, answer in zip(WRITES, answers):
        method = _calls.xform_name(write.operation)
        if answer == DONE:
            stub.add_response(
                method, {"DatabaseName": write.params["DatabaseName"], "PartnerName": "Fivetran"}, write.params
            )
        else:
            stub.add_client_error(method, answer, f"{answer} for {write.target}", 400, expected_params=write.params)

    asked = []

    def already_done(write):
        asked.append(write)
        verdict = verdicts[len(asked) - 1]
        if isinstance(verdict, str):
            raise AWSError("DescribePartners", verdict, "the re-read failed")
        return verdict

    client = stubbed.client("redshift")
    collected = []
    if isinstance(expected, list):
        returned = apply(client, WRITES, collected, already_done if verdicts is not None else None)
        assert returned is collected
        assert [answer and answer["DatabaseName"] for answer in collected] == expected
    else:
        with pytest.raises(AWSError) as raised:
            apply(client, WRITES, collected, already_done if verdicts is not None else None)
        code, target, made = expected
        # The answers collected so far say which write failed: the one after them.
        assert (raised.value.code, WRITES[len(collected)].target) == (code, target)
        assert [answer and answer["DatabaseName"] for answer in collected] == made
        assert raised.value.operation == WRITES[len(answers) - 1].operation
    assert stubbed.sent == [(write.operation, write.params) for write in WRITES[: len(answers)]]
    failed = [write for write, answer in zip(WRITES, answers) if answer != DONE]
    assert asked == (failed if verdicts is not None else [])


def test_apply_without_writes_sends_nothing(stubbed):
    assert apply(stubbed.client("redshift"), [], []) == []
    assert stubbed.sent == []


# --- client tokens: one per write, reused on that write's retries -----------------------------------------------


def test_client_tokens_are_a_fresh_uuid_per_write():
    token = client_tokens()
    tokens = [token("AssociateResourceSharePermission"), token("AssociateResourceSharePermission"), token("X")]
    assert len(set(tokens)) == 3
    assert all(uuid.UUID(value).version == 4 and str(uuid.UUID(value)) == value for value in tokens)
    assert client_tokens()("X") not in tokens  # a new task, new tokens


@pytest.mark.parametrize("user_token", ["my-token", "t" * 64])
def test_a_users_client_token_goes_to_the_first_write_and_derives_the_next_ones(user_token):
    operations = ["DisassociateResourceSharePermission", "AssociateResourceShare", "AssociateResourceShare"]
    token = client_tokens(user_token)
    tokens = [token(operation) for operation in operations]
    assert tokens[0] == user_token
    assert len(set(tokens)) == 3
    assert all(len(value) <= 64 for value in tokens)
    # Deterministic: a rerun of the task with the same token sends the same tokens.
    again = client_tokens(user_token)
    assert [again(operation) for operation in operations] == tokens
    # Another user token derives other tokens.
    other = client_tokens(user_token + "-2")
    assert [other(operation) for operation in operations][1:] != tokens[1:]


# --- other settings that botocore rejects when the client is built -----------------------------------------------


@pytest.mark.parametrize("aws_config", [None, {"retries": {"total_max_attempts": 3}}])
@pytest.mark.parametrize(
    "setting, option",
    [({"region": "us east 1"}, "region"), ({"endpoint_url": "localhost:4566"}, "endpoint_url")],
)
def test_a_setting_botocore_rejects_is_named_not_blamed_on_aws_config(capsys, no_request, aws_config, setting, option):
    args = dict(CONNECTION, **setting)
    if aws_config:
        args["aws_config"] = aws_config
    result = run_module(args, capsys, converge_read(describe_partners))
    assert result["failed"] is True
    assert not result["msg"].startswith("aws_config")
    assert option in result["msg"]
    assert no_request == []
