# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""_connection: the connection options' precedence, their checks and botocore's Config built from aws_config."""

from __future__ import annotations

import botocore.session
import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils import _calls, _connection
from ansible_collections.partner_onboarding.aws.plugins.module_utils._connection import (
    ConnectionSettingsError,
    connection_settings,
    merged_config,
)


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
