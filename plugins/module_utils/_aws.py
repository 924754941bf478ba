# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The connection layer shared by every module: options, botocore clients and AWS errors.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import os
import re
import traceback
import uuid
from collections import namedtuple
from datetime import date, datetime

try:
    import botocore.session
    from botocore import xform_name
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError
    from botocore.paginate import Paginator
    from botocore.parsers import ResponseParserError

    BOTOCORE_IMPORT_ERROR = None
except ImportError:
    BOTOCORE_IMPORT_ERROR = traceback.format_exc()

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

COLLECTION_NAME = "partner_onboarding.aws"
COLLECTION_VERSION = "1.1.0"

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
    """A failed AWS call, carrying what a user needs to act on it.

    ``response_metadata`` is AWS's request id, HTTP status and retry count when AWS answered (None when nothing
    parseable came back); ``target`` names what the call was about when one task makes several (a database);
    ``changed`` and ``result`` are what the failed task still reports (earlier writes, the state read so far).
    """

    def __init__(self, operation, code, message, attempts=1, response_metadata=None, exception=None):
        super().__init__(f"{operation}: {code}: {message}")
        self.operation = operation
        self.code = code
        self.message = message
        self.attempts = attempts
        self.response_metadata = response_metadata
        self.exception = exception
        self.target = None
        self.changed = False
        self.result = {}
        self.hints = None

    @classmethod
    def from_botocore(cls, operation, exc):
        trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        if isinstance(exc, ClientError):
            error = exc.response.get("Error", {})
            metadata = exc.response.get("ResponseMetadata", {})
            retries = metadata.get("RetryAttempts", 0)
            response_metadata = {
                "request_id": metadata.get("RequestId"),
                "http_status_code": metadata.get("HTTPStatusCode"),
                "retry_attempts": retries,
            }
            code, message = error.get("Code", "Unknown"), error.get("Message", str(exc))
            if code.isdigit():
                # No AWS error but a bare HTTP status (a proxy's or gateway's page): its text, in short.
                message = " ".join(message.split())[:300]
            return cls(operation, code, message, retries + 1, response_metadata, trace)
        if not isinstance(exc, BotoCoreError):
            # Something between us and AWS (a proxy, a captive portal) answered with a page that is no AWS answer.
            text = " ".join(str(exc).split())[:300]
            message = f"the answer was not an AWS response (an HTML page from a proxy or a captive portal?): {text}"
            return cls(operation, "InvalidResponse", message, exception=trace)
        return cls(operation, type(exc).__name__, str(exc), exception=trace)


class Failure(Exception):
    """A task that cannot go on for a reason that is not an AWS error (a name matching no resource, a conflict the
    user must resolve); ``result`` is what the failed task still reports."""

    def __init__(self, message, **result):
        super().__init__(message)
        self.result = result


# What botocore refuses when it builds a client, before any call.
_CLIENT_HINTS = {
    "InvalidRegionError": "check region (for example us-east-1)",
    "ProfileNotFound": "check profile: it is not in the AWS config or credentials files",
    "ValueError": "check region and endpoint_url (a URL such as https://ram.us-east-1.amazonaws.com)",
}

# Failures that did not come from AWS's error codes but from the path to it.
TRANSPORT_HINTS = {
    "InvalidResponse": (
        "Check endpoint_url and the proxy settings (HTTPS_PROXY, NO_PROXY): the request did not reach AWS"
    ),
    "HTTPStatus": (
        "The answer was an HTTP error without an AWS error code, as a proxy or gateway sends: botocore retried it; "
        "check the proxy settings (HTTPS_PROXY, NO_PROXY) and run the task again"
    ),
    "EndpointConnectionError": "Check endpoint_url, region and the network path to AWS",
    "ConnectTimeoutError": "Check endpoint_url, region and the network path to AWS",
    "ReadTimeoutError": "AWS did not answer in time; raise aws_config.read_timeout or run the task again",
}

# What create_client raises for a value it cannot use: a connection option's or one of aws_config's.
_CLIENT_ERRORS = (BotoCoreError, ValueError, TypeError) if not BOTOCORE_IMPORT_ERROR else ()


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
    except (TypeError, ValueError, BotoCoreError) as exc:
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


class AWSModule:
    """An AnsibleModule with the connection options, the client factory and the one way to fail.

    ``validate(params)`` returns the messages of every invalid option; the task fails with all of them before
    any client is built.
    """

    def __init__(self, argument_spec, validate=None, **kwargs):
        spec = dict(CONNECTION_ARGUMENT_SPEC)
        spec.update(argument_spec)
        kwargs.setdefault("supports_check_mode", True)
        self.module = AnsibleModule(argument_spec=spec, **kwargs)
        self.params = self.module.params
        self.check_mode = self.module.check_mode
        if BOTOCORE_IMPORT_ERROR:
            self.module.fail_json(msg=missing_required_lib("botocore"), exception=BOTOCORE_IMPORT_ERROR)
        errors = validate(self.params) if validate else []
        if errors:
            self.module.fail_json(msg="; ".join(errors))
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
            except _CLIENT_ERRORS as exc:
                if self.params.get("aws_config") and self._builds_without_aws_config(service, kwargs):
                    self.module.fail_json(msg=f"aws_config: botocore rejects it: {exc}")
                self.fail_aws(AWSError("CreateClient", type(exc).__name__, str(exc)), hints=_CLIENT_HINTS)
        return self._clients[service]

    def _builds_without_aws_config(self, service, kwargs):
        """Whether the client builds once the user's aws_config is left out: then aws_config is what botocore
        rejected (only asked after a failure)."""
        try:
            self._session.create_client(service, **dict(kwargs, config=merged_config()))
        except _CLIENT_ERRORS:
            return False
        return True

    def _scrub(self, text):
        for secret in secret_values(self._settings):
            text = text.replace(secret, "********")
        return text

    def fail_aws(self, error, hints=None, **result):
        """Fail the task on a failed AWS call: what failed, the AWS error code, and what the user can do.

        As amazon.aws's ``fail_json_aws``: ``error``, ``response_metadata`` (when AWS answered), the traceback in
        ``exception`` (shown at -vvv) and the boto3/botocore versions.
        """
        message = self._scrub(error.message)
        about = f" for {error.target}" if error.target else ""
        msg = f"{error.operation}{about} failed with {error.code}: {message.rstrip().rstrip('.')}"
        if error.attempts > 1:
            msg += f" (after {error.attempts} attempts)"
        hint = (hints or {}).get(error.code) or TRANSPORT_HINTS.get(error.code)
        if hint is None and error.code.isdigit():
            hint = TRANSPORT_HINTS["HTTPStatus"]
        if hint:
            msg += f". {hint[0].upper()}{hint[1:]}"
        details = {"error": {"code": error.code, "message": message}, **library_versions()}
        if error.response_metadata:
            details["response_metadata"] = error.response_metadata
        if error.exception:
            details["exception"] = self._scrub(error.exception)
        self.module.fail_json(msg=msg, **details, **dict(error.result, **result))

    def run(self, ensure, hints=None):
        """Exit with what ``ensure(self)`` returns; fail the one way on an AWS error or another Failure.

        ``hints``: what to do about each AWS error code, or a function of the error giving them; an error's own
        ``hints`` (set where the context is known) win.
        """
        try:
            result = ensure(self)
        except AWSError as error:
            if error.hints is None and callable(hints):
                error.hints = hints(error)
            self.fail_aws(error, hints=error.hints or hints, changed=error.changed)
        except Failure as exc:
            self.module.fail_json(msg=str(exc), **exc.result)
        self.module.exit_json(**result)

    def exit_json(self, **result):
        self.module.exit_json(**result)

    def fail_json(self, **result):
        self.module.fail_json(**result)


def library_versions():
    """The boto3 and botocore versions, for failure reports (boto3 only if installed: we run on botocore alone)."""
    versions = {"botocore_version": getattr(botocore, "__version__", None)}
    try:
        import boto3  # pylint: disable=import-outside-toplevel

        versions["boto3_version"] = boto3.__version__
    except ImportError:
        versions["boto3_version"] = None
    return versions


# Besides its own errors, botocore's parsers can raise KeyError or ValueError on an answer that is well-formed XML or
# JSON but no AWS answer (an HTML page): every failure of a call is reported the same way, naming the operation.
_BOTOCORE_FAILURES = (
    (ClientError, BotoCoreError, ResponseParserError, KeyError, ValueError, TypeError)
    if not BOTOCORE_IMPORT_ERROR
    else ()
)


# A page, not an answer: what a proxy or a captive portal sends, whatever Content-Type it claims. An AWS answer is
# JSON or XML whatever its label (the stock moto server labels every RAM answer text/html).
_HTML_PAGE = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)
_JSON_PROTOCOLS = ("json", "rest-json")
_NOT_AN_ANSWER = "the answer was not an AWS response but {what} (from a proxy or a captive portal?)"


def _refuse_pages(response_dict, operation_model, **kwargs):
    """botocore's ``before-parse`` handler: refuse a successful answer whose body is no AWS answer.

    botocore's JSON parser reads an HTML page (or any text) as an answer without its result keys, an empty list to
    the caller; its XML parser may read a well-formed page. Error answers (3xx and up) are left to botocore, which
    retries 5xx and reports the HTTP status.
    """
    body = response_dict.get("body")
    if response_dict.get("status_code", 200) >= 300 or not isinstance(body, bytes):
        return
    what = None
    if _HTML_PAGE.match(body):
        what = "an HTML page"
    elif operation_model.service_model.protocol in _JSON_PROTOCOLS and body.strip() and body.lstrip()[:1] != b"{":
        what = "a text that is not JSON"
    if what:
        raise AWSError(operation_model.name, "InvalidResponse", _NOT_AN_ANSWER.format(what=what))


def judged_by_body(client):
    """``client``, with its answers judged by their body (once per client: botocore drops a repeated unique_id)."""
    client.meta.events.register("before-parse", _refuse_pages, unique_id=f"{COLLECTION_NAME}.refuse-pages")
    return client


def call(client, operation, **params):
    """Call ``operation`` (CamelCase, as AWS names it) and raise AWSError on failure."""
    try:
        return getattr(judged_by_body(client), xform_name(operation))(**params)
    except _BOTOCORE_FAILURES as exc:
        raise AWSError.from_botocore(operation, exc) from exc


def paginate(client, operation, result_key, pagination=None, **params):
    """Every item of ``result_key`` across the pages of ``operation``, through botocore's paginator.

    ``pagination`` is botocore's pagination config (as in its ``paginators-1.json``) for an operation whose service
    model has none, so that botocore still does the paging.
    """
    judged_by_body(client)
    if pagination is None:
        paginator = client.get_paginator(xform_name(operation))
    else:
        model = client.meta.service_model.operation_model(operation)
        paginator = Paginator(getattr(client, xform_name(operation)), dict(pagination, result_key=result_key), model)
    try:
        for page in paginator.paginate(**params):
            yield from page.get(result_key, [])
    except _BOTOCORE_FAILURES as exc:
        raise AWSError.from_botocore(operation, exc) from exc


def caller_account_id(client):
    """The 12-digit account of the caller, from one sts:GetCallerIdentity call."""
    return call(client, "GetCallerIdentity")["Account"]


def _iso_times(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _iso_times(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_iso_times(item) for item in value]
    return value


def normalize(item, keep=()):
    """An item of an AWS answer as the modules return it: snake_case keys, times in ISO 8601.

    ``keep``: keys whose values are left as AWS gives them. A ``tags`` list of ``{key, value}`` becomes a dict.
    """
    result = camel_dict_to_snake_dict(_iso_times(item), ignore_list=list(keep) + ["tags", "Tags"])
    if isinstance(result.get("tags"), list):
        result["tags"] = {
            tag.get("key", tag.get("Key")): tag.get("value", tag.get("Value", "")) for tag in result["tags"]
        }
    return result


# One planned write: the AWS operation, its exact parameters, and what it is about (for messages).
Write = namedtuple("Write", ["operation", "params", "target"])
Write.__new__.__defaults__ = (None,)


def client_tokens(client_token=None):
    """A function giving each write of a task its client token: fresh UUIDs, or derived from the user's token.

    botocore's retries resend the same body, so a write's token is reused on its retries. A user's token is sent
    as given to the first write and derived (deterministically, so a rerun matches) for the next ones.
    """
    count = [0]

    def next_token(operation):
        count[0] += 1
        if client_token is None:
            return str(uuid.uuid4())
        if count[0] == 1:
            return client_token
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{client_token}/{count[0]}/{operation}"))

    return next_token


def apply_writes(client, writes, already_done=None):
    """Perform the planned ``writes`` in order; the plan's list is exactly what is sent. Returns their answers.

    A write that fails is checked with ``already_done(write)`` (a re-read) when given: if the wanted state is
    already there (the write's answer was lost and its retry refused, or a concurrent run made the same change),
    the write counts as done (its answer is then None). A failure of the re-read itself leaves the write's own
    error to report. The raised AWSError carries ``changed`` (whether an earlier write took effect) and ``target``.
    """
    answers = []
    for write in writes:
        try:
            answers.append(call(client, write.operation, **write.params))
        except AWSError as error:
            if not (already_done and _reread(already_done, write)):
                error.target = error.target or write.target
                error.changed = bool(answers)
                raise
            answers.append(None)
    return answers


def _reread(already_done, write):
    try:
        return already_done(write)
    except AWSError:
        return False
