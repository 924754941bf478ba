# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""_module: AWSModule's checks and failures, and converge() with a Resource made of plain functions."""

from __future__ import annotations

import json

import boto3
import botocore
import botocore.endpoint
import pytest
from botocore.exceptions import EndpointConnectionError

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import AWSError, Write, call
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import (
    AWSModule,
    Failure,
    Plan,
    Resource,
    converge,
)
from ansible_collections.partner_onboarding.aws.tests.unit.clients import (
    ACCOUNT,
    BAD_GATEWAY,
    CAPTIVE_PORTAL,
    answer_with,
    partner,
)
from ansible_collections.partner_onboarding.aws.tests.unit.module_args import patch_module_args

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
