# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The connection: the options every module takes, how they and the environment resolve, and the botocore clients.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import os

from ansible_collections.partner_onboarding.aws.plugins.module_utils import _botocore
from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import (
    COLLECTION_NAME,
    COLLECTION_VERSION,
    AWSError,
    judged_by_body,
)

# botocore's own retry machinery, not a home-made loop: "standard" retries throttling and 5xx answers, resending
# the same request body (so the same clientToken). botocore's ``max_attempts`` counts retries only, so the default
# is given as ``total_max_attempts``: 10 attempts in all.
DEFAULT_RETRIES = {"mode": "standard", "total_max_attempts": 10}
_ATTEMPT_KEYS = {"max_attempts", "total_max_attempts"}

CONNECTION_ARGUMENT_SPEC = dict(
    region=dict(type="str", aliases=["aws_region"]),
    profile=dict(type="str", aliases=["aws_profile"]),
    access_key=dict(type="str", aliases=["aws_access_key_id", "aws_access_key"], no_log=False),
    secret_key=dict(type="str", aliases=["aws_secret_access_key", "aws_secret_key"], no_log=True),
    session_token=dict(type="str", aliases=["aws_session_token", "security_token", "aws_security_token"], no_log=True),
    endpoint_url=dict(type="str", aliases=["aws_endpoint_url"]),
    validate_certs=dict(type="bool", default=True),
    aws_ca_bundle=dict(type="path"),
    aws_config=dict(type="dict"),
)

_EXPLICIT_CREDENTIALS = ("access_key", "secret_key", "session_token")

# Environment variables, first match wins, for what botocore does not read itself (AWS_REGION, the legacy
# AWS_ACCESS_KEY / AWS_SECRET_KEY names, AWS_URL) or reads only when no explicit keys are passed (the token).
ENV_REGION = ("AWS_REGION", "AWS_DEFAULT_REGION")
ENV_PROFILE = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE")
ENV_ACCESS_KEY = ("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY")
ENV_SECRET_KEY = ("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY")
ENV_SESSION_TOKEN = ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")
ENV_ENDPOINT_URL = ("AWS_URL",)


class ConnectionSettingsError(ValueError):
    """The connection options cannot make a client; raised before any AWS call."""


# What botocore refuses when it builds a client, before any call.
CLIENT_HINTS = {
    "InvalidRegionError": "check region (for example us-east-1)",
    "ProfileNotFound": "check profile: it is not in the AWS config or credentials files",
    "ValueError": "check region and endpoint_url (a URL such as https://ram.us-east-1.amazonaws.com)",
}


def _client_errors():
    """What create_client raises for a value it cannot use: a connection option's or one of aws_config's."""
    return (_botocore.BotoCoreError, ValueError, TypeError)


def _first_env(environ, names):
    for name in names:
        if environ.get(name):
            return environ[name]
    return None


def merged_config(aws_config=None):
    """The botocore Config for every client: our user agent and retries, then the user's ``aws_config`` on top."""
    user = dict(aws_config or {})
    unknown = sorted(set(user) - set(_botocore.Config.OPTION_DEFAULTS))
    if unknown:
        raise ConnectionSettingsError(
            f"aws_config: unknown botocore Config key(s) {', '.join(unknown)}; "
            f"valid keys are {', '.join(sorted(_botocore.Config.OPTION_DEFAULTS))}"
        )
    # Merge retries key by key so that, say, {max_attempts: 3} keeps the standard mode; a user's count of attempts,
    # in either of botocore's two spellings, replaces ours.
    user_retries = user.get("retries") or {}
    defaults = {
        key: value
        for key, value in DEFAULT_RETRIES.items()
        if not (key in _ATTEMPT_KEYS and _ATTEMPT_KEYS & set(user_retries))
    }
    user["retries"] = {**defaults, **user_retries}
    user_agent_extra = f"{COLLECTION_NAME}/{COLLECTION_VERSION}"
    if user.get("user_agent_extra"):
        user_agent_extra = f"{user_agent_extra} {user['user_agent_extra']}"
    user["user_agent_extra"] = user_agent_extra
    try:
        return _botocore.Config(**user)
    except _client_errors() as exc:  # pylint: disable=catching-non-exception
        raise ConnectionSettingsError(f"aws_config: botocore rejects it: {exc}") from exc


def connection_settings(params, environ=None):
    """Resolve the connection options and the environment into what botocore needs.

    Returns a dict with ``profile`` (for the botocore session) and ``client`` (keyword arguments of
    ``create_client``). Explicit options beat environment variables; explicit keys beat any profile.
    """
    environ = os.environ if environ is None else environ
    if params.get("profile") and any(params.get(name) for name in _EXPLICIT_CREDENTIALS):
        raise ConnectionSettingsError(
            "profile cannot be combined with access_key, secret_key or session_token: "
            "use either a named profile or explicit keys"
        )

    client = {
        "region_name": params.get("region") or _first_env(environ, ENV_REGION),
        "endpoint_url": params.get("endpoint_url") or _first_env(environ, ENV_ENDPOINT_URL),
        "config": merged_config(params.get("aws_config")),
    }
    if not params.get("validate_certs", True):
        client["verify"] = False
    elif params.get("aws_ca_bundle"):
        client["verify"] = params["aws_ca_bundle"]

    profile = params.get("profile")
    if params.get("access_key") or params.get("secret_key"):
        # Explicit keys: botocore then ignores the environment's token, so pass it on ourselves, unless the environment
        # holds other keys (an AWX job with the owner's credential running a task with the partner's keys): its token
        # belongs to those.
        keys = (params.get("access_key"), params.get("secret_key"), params.get("session_token"))
        env_access_key = _first_env(environ, ENV_ACCESS_KEY)
        token_from_env = None
        if env_access_key in (None, params.get("access_key")):
            token_from_env = _first_env(environ, ENV_SESSION_TOKEN)
    elif not profile and _first_env(environ, ENV_ACCESS_KEY):
        keys = (_first_env(environ, ENV_ACCESS_KEY), _first_env(environ, ENV_SECRET_KEY), None)
        token_from_env = _first_env(environ, ENV_SESSION_TOKEN)
    else:
        keys, token_from_env = None, None
        profile = profile or _first_env(environ, ENV_PROFILE)

    if keys:
        access_key, secret_key, token = keys
        if not (access_key and secret_key):
            missing = "secret_key" if access_key else "access_key"
            raise ConnectionSettingsError(f"{missing} is required when the other key is set")
        client["aws_access_key_id"] = access_key
        client["aws_secret_access_key"] = secret_key
        client["aws_session_token"] = token or token_from_env
    return {"profile": profile, "client": client}


def secret_values(settings):
    """The credential values that must never reach a message."""
    client = settings["client"]
    return [value for value in (client.get("aws_secret_access_key"), client.get("aws_session_token")) if value]


class Clients:
    """The botocore clients of one task, built once per service from the resolved connection settings.

    ``client(service)`` raises ConnectionSettingsError for a setting botocore refuses (naming aws_config when that is
    what it refused) and AWSError (operation ``CreateClient``) for any other failure to build the client.
    """

    def __init__(self, settings, aws_config=None):
        self.settings = settings
        self._aws_config = aws_config
        self._session = None
        self._clients = {}

    def client(self, service):
        if service not in self._clients:
            kwargs = dict(self.settings["client"])
            try:
                if self._session is None:
                    self._session = _botocore.botocore.session.Session(profile=self.settings["profile"])
                region = kwargs["region_name"] or self._session.get_config_variable("region")
            except _client_errors() as exc:  # pylint: disable=catching-non-exception
                raise AWSError("CreateClient", type(exc).__name__, str(exc)) from exc
            if not region:
                raise ConnectionSettingsError(
                    "region is required: set the region option, AWS_REGION or AWS_DEFAULT_REGION, "
                    "or a region in the AWS profile"
                )
            try:
                self._clients[service] = judged_by_body(self._session.create_client(service, **kwargs))
            except _client_errors() as exc:  # pylint: disable=catching-non-exception
                if self._aws_config and self._builds_without_aws_config(service, kwargs):
                    raise ConnectionSettingsError(f"aws_config: botocore rejects it: {exc}") from exc
                raise AWSError("CreateClient", type(exc).__name__, str(exc)) from exc
        return self._clients[service]

    def _builds_without_aws_config(self, service, kwargs):
        """Whether the client builds once the user's aws_config is left out: then aws_config is what botocore
        rejected (only asked after a failure)."""
        try:
            self._session.create_client(service, **dict(kwargs, config=merged_config()))
        except _client_errors():  # pylint: disable=catching-non-exception
            return False
        return True
