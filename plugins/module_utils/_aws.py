# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The connection layer shared by every module: options, botocore clients and AWS errors.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import os
import traceback

try:
    import botocore.session
    from botocore import xform_name
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError
    from botocore.paginate import Paginator

    BOTOCORE_IMPORT_ERROR = None
except ImportError:
    BOTOCORE_IMPORT_ERROR = traceback.format_exc()

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

COLLECTION_NAME = "partner_onboarding.aws"
COLLECTION_VERSION = "1.0.0"

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


class AWSError(Exception):
    """A failed AWS call, carrying what a user needs to act on it."""

    def __init__(self, operation, code, message, attempts=1):
        super().__init__(f"{operation}: {code}: {message}")
        self.operation = operation
        self.code = code
        self.message = message
        self.attempts = attempts

    @classmethod
    def from_botocore(cls, operation, exc):
        if isinstance(exc, ClientError):
            error = exc.response.get("Error", {})
            retries = exc.response.get("ResponseMetadata", {}).get("RetryAttempts", 0)
            return cls(operation, error.get("Code", "Unknown"), error.get("Message", str(exc)), retries + 1)
        return cls(operation, type(exc).__name__, str(exc))


def _first_env(environ, names):
    for name in names:
        if environ.get(name):
            return environ[name]
    return None


def merged_config(aws_config=None):
    """The botocore Config for every client: our user agent and retries, then the user's ``aws_config`` on top."""
    user = dict(aws_config or {})
    unknown = sorted(set(user) - set(Config.OPTION_DEFAULTS))
    if unknown:
        raise ConnectionSettingsError(
            f"aws_config: unknown botocore Config key(s) {', '.join(unknown)}; "
            f"valid keys are {', '.join(sorted(Config.OPTION_DEFAULTS))}"
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
        return Config(**user)
    except (TypeError, ValueError) as exc:
        raise ConnectionSettingsError(f"aws_config: {exc}") from exc


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
        # Explicit keys: botocore then ignores the environment's token, so pass it on ourselves.
        keys = (params.get("access_key"), params.get("secret_key"), params.get("session_token"))
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


class AWSModule:
    """An AnsibleModule with the connection options, the client factory and the failure helper."""

    def __init__(self, argument_spec, **kwargs):
        spec = dict(CONNECTION_ARGUMENT_SPEC)
        spec.update(argument_spec)
        kwargs.setdefault("supports_check_mode", True)
        self.module = AnsibleModule(argument_spec=spec, **kwargs)
        self.params = self.module.params
        self.check_mode = self.module.check_mode
        if BOTOCORE_IMPORT_ERROR:
            self.module.fail_json(msg=missing_required_lib("botocore"), exception=BOTOCORE_IMPORT_ERROR)
        try:
            self._settings = connection_settings(self.params)
        except ConnectionSettingsError as exc:
            self.module.fail_json(msg=str(exc))
        self._session = None
        self._clients = {}

    def client(self, service):
        """A botocore client for ``service``, built once per task."""
        if service not in self._clients:
            try:
                if self._session is None:
                    self._session = botocore.session.Session(profile=self._settings["profile"])
                kwargs = dict(self._settings["client"])
                if not kwargs["region_name"] and not self._session.get_config_variable("region"):
                    self.module.fail_json(
                        msg="region is required: set the region option, AWS_REGION or AWS_DEFAULT_REGION, "
                        "or a region in the AWS profile"
                    )
                self._clients[service] = self._session.create_client(service, **kwargs)
            except BotoCoreError as exc:
                self.fail_aws(AWSError.from_botocore("CreateClient", exc))
        return self._clients[service]

    def _scrub(self, text):
        for secret in secret_values(self._settings):
            text = text.replace(secret, "********")
        return text

    def fail_aws(self, error, hints=None, **result):
        """Fail the task on a failed AWS call: what failed, the AWS error code, and what the user can do."""
        message = self._scrub(error.message)
        msg = f"{error.operation} failed with {error.code}: {message}"
        if error.attempts > 1:
            msg += f" (after {error.attempts} attempts)"
        hint = (hints or {}).get(error.code)
        if hint:
            msg += f". {hint}"
        self.module.fail_json(msg=msg, error={"code": error.code, "message": message}, **result)

    def exit_json(self, **result):
        self.module.exit_json(**result)

    def fail_json(self, **result):
        self.module.fail_json(**result)


def call(client, operation, **params):
    """Call ``operation`` (CamelCase, as AWS names it) and raise AWSError on failure."""
    try:
        return getattr(client, xform_name(operation))(**params)
    except (ClientError, BotoCoreError) as exc:
        raise AWSError.from_botocore(operation, exc) from exc


def paginate(client, operation, result_key, pagination=None, **params):
    """Every item of ``result_key`` across the pages of ``operation``, through botocore's paginator.

    ``pagination`` is botocore's pagination config (as in its ``paginators-1.json``) for an operation whose service
    model has none, so that botocore still does the paging.
    """
    if pagination is None:
        paginator = client.get_paginator(xform_name(operation))
    else:
        model = client.meta.service_model.operation_model(operation)
        paginator = Paginator(getattr(client, xform_name(operation)), dict(pagination, result_key=result_key), model)
    try:
        for page in paginator.paginate(**params):
            yield from page.get(result_key, [])
    except (ClientError, BotoCoreError) as exc:
        raise AWSError.from_botocore(operation, exc) from exc


def caller_account_id(client):
    """The 12-digit account of the caller, from one sts:GetCallerIdentity call."""
    return call(client, "GetCallerIdentity")["Account"]
