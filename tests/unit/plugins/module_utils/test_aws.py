# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
from pathlib import Path

import botocore.session
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from botocore.stub import Stubber

from ansible_collections.partner_onboarding.aws.plugins.module_utils import _aws
from ansible_collections.partner_onboarding.aws.plugins.module_utils._aws import (
    AWSError,
    AWSModule,
    ConnectionSettingsError,
    call,
    connection_settings,
    merged_config,
    paginate,
)

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
    spec = _aws.CONNECTION_ARGUMENT_SPEC
    assert spec["secret_key"]["no_log"] is True
    assert spec["session_token"]["no_log"] is True


# --- botocore Config ----------------------------------------------------------------------------------------


def test_default_config_uses_standard_retries_and_names_the_collection():
    config = merged_config(None)
    assert config.retries == {"mode": "standard", "total_max_attempts": 10}
    assert config.user_agent_extra == f"partner_onboarding.aws/{_aws.COLLECTION_VERSION}"


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
    assert config.user_agent_extra == f"partner_onboarding.aws/{_aws.COLLECTION_VERSION} awx/23"


def test_aws_config_rejects_unknown_keys():
    with pytest.raises(ConnectionSettingsError, match="aws_config: unknown botocore Config key.*retry_mode"):
        merged_config({"retry_mode": "standard"})


def test_collection_version_matches_galaxy_yml():
    galaxy = (ROOT / "galaxy.yml").read_text()
    assert f"version: {_aws.COLLECTION_VERSION}\n" in galaxy


# --- errors -------------------------------------------------------------------------------------------------


def redshift_client():
    return botocore.session.get_session().create_client(
        "redshift", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    )


def test_call_translates_client_errors():
    client = redshift_client()
    with Stubber(client) as stub:
        stub.add_client_error(
            "describe_partners",
            service_error_code="ClusterNotFound",
            service_message="no such cluster",
            http_status_code=404,
        )
        with pytest.raises(AWSError) as raised:
            call(client, "DescribePartners", AccountId="123456789012", ClusterIdentifier="c")
    assert (raised.value.operation, raised.value.code, raised.value.message) == (
        "DescribePartners",
        "ClusterNotFound",
        "no such cluster",
    )
    assert raised.value.attempts == 1


def test_call_returns_the_response():
    client = redshift_client()
    with Stubber(client) as stub:
        stub.add_response(
            "describe_partners",
            {"PartnerIntegrationInfoList": []},
            {"AccountId": "123456789012", "ClusterIdentifier": "c"},
        )
        assert call(client, "DescribePartners", AccountId="123456789012", ClusterIdentifier="c") == {
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


def test_paginate_walks_every_page():
    client = botocore.session.get_session().create_client(
        "ram", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    with Stubber(client) as stub:
        stub.add_response(
            "get_resource_shares", {"resourceShares": [{"name": "a"}], "nextToken": "t1"}, {"resourceOwner": "SELF"}
        )
        stub.add_response(
            "get_resource_shares", {"resourceShares": [{"name": "b"}]}, {"resourceOwner": "SELF", "nextToken": "t1"}
        )
        names = [
            share["name"] for share in paginate(client, "GetResourceShares", "resourceShares", resourceOwner="SELF")
        ]
    assert names == ["a", "b"]


# --- the module wrapper -------------------------------------------------------------------------------------


def run_module(args, capsys, body=None):
    """Run an AWSModule with ``args`` and return the JSON it printed."""
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            module = AWSModule({"name": {"type": "str"}})
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

    result = run_module(
        {"name": "x", "access_key": "a", "secret_key": "b"}, capsys, lambda module: module.client("redshift")
    )
    assert result["failed"]
    assert result["msg"].startswith("region is required")
