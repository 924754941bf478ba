# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The call toolkit: one AWS call, its pages, the planned writes applied in order, and AWS answers normalized.

Every failure of a call is raised here, once, as an AWSError naming the operation. Private to the collection: its
names may change without notice.
"""

from __future__ import annotations

import re
import traceback
import uuid
from collections import namedtuple
from datetime import date, datetime

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.partner_onboarding.aws.plugins.module_utils import _botocore

COLLECTION_NAME = "partner_onboarding.aws"
COLLECTION_VERSION = "1.3.0"


class AWSError(Exception):
    """A failed AWS call, carrying what a user needs to act on it.

    ``response_metadata`` is AWS's request id, HTTP status and retry count when AWS answered (None when nothing
    parseable came back). Raised once, where the call fails; ``converge()`` is where it is caught.
    """

    def __init__(self, operation, code, message, attempts=1, response_metadata=None, exception=None):
        super().__init__(f"{operation}: {code}: {message}")
        self.operation = operation
        self.code = code
        self.message = message
        self.attempts = attempts
        self.response_metadata = response_metadata
        self.exception = exception

    @classmethod
    def from_botocore(cls, operation, exc):
        trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        if isinstance(exc, _botocore.ClientError):
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
        if not isinstance(exc, _botocore.BotoCoreError):
            # Something between us and AWS (a proxy, a captive portal) answered with a page that is no AWS answer.
            text = " ".join(str(exc).split())[:300]
            message = f"the answer was not an AWS response (an HTML page from a proxy or a captive portal?): {text}"
            return cls(operation, "InvalidResponse", message, exception=trace)
        return cls(operation, type(exc).__name__, str(exc), exception=trace)


def _failures():
    """What a call can raise. Besides its own errors, botocore's parsers can raise KeyError or ValueError on an answer
    that is well-formed XML or JSON but no AWS answer (an HTML page): every failure of a call is reported the same
    way, naming the operation."""
    return (
        _botocore.ClientError,
        _botocore.BotoCoreError,
        _botocore.ResponseParserError,
        KeyError,
        ValueError,
        TypeError,
    )


# A page, not an answer: what a proxy or a captive portal sends, whatever Content-Type it claims. An AWS answer is
# JSON or XML whatever its label (the stock moto server labels every RAM answer text/html).
_HTML_PAGE = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)
_JSON_PROTOCOLS = ("json", "rest-json")
# The event botocore emits with the raw answer before parsing it (a name, so that a test can stand for an older
# botocore that does not emit it).
BEFORE_PARSE = "before-parse"
_NOT_AN_ANSWER = "the answer was not an AWS response but {what} (from a proxy or a captive portal?)"


def _refuse_page(operation_model, status_code, body):
    """Refuse a successful answer whose body is no AWS answer (AWSError InvalidResponse naming the operation).

    botocore's JSON parser reads an HTML page (or any text) as an answer without its result keys, an empty list to
    the caller; its XML parser may read a well-formed page. Error answers (3xx and up) are left to botocore, which
    retries 5xx and reports the HTTP status.
    """
    if status_code >= 300 or not isinstance(body, bytes):
        return
    what = None
    if _HTML_PAGE.match(body):
        what = "an HTML page"
    elif operation_model.service_model.protocol in _JSON_PROTOCOLS and body.strip() and body.lstrip()[:1] != b"{":
        what = "a text that is not JSON"
    if what:
        raise AWSError(operation_model.name, "InvalidResponse", _NOT_AN_ANSWER.format(what=what))


def _before_parse(response_dict, operation_model, **kwargs):
    """botocore's ``before-parse`` event (recent botocore releases): the raw answer, before any parser sees it."""
    _refuse_page(operation_model, response_dict.get("status_code", 200), response_dict.get("body"))


def _after_call(http_response, model, **kwargs):
    """botocore's ``after-call`` event, which every botocore the collection supports emits: the same judgement for a
    botocore without ``before-parse`` (then an HTML page that the parser read as an empty answer is refused here)."""
    # A stubbed answer (botocore.stub) has no body to read; a streaming one is the caller's to read.
    if http_response.raw is not None and not model.has_streaming_output:
        _refuse_page(model, http_response.status_code, http_response.content)


def judged_by_body(client):
    """``client``, with its answers judged by their body: every client is made so where it is created
    (``_connection.Clients``); botocore drops a repeated unique_id, so registering twice is harmless."""
    events = client.meta.events
    events.register(BEFORE_PARSE, _before_parse, unique_id=f"{COLLECTION_NAME}.refuse-pages-before-parse")
    events.register("after-call", _after_call, unique_id=f"{COLLECTION_NAME}.refuse-pages-after-call")
    return client


def call(client, operation, **params):
    """Call ``operation`` (CamelCase, as AWS names it) and raise AWSError on failure."""
    try:
        return getattr(client, _botocore.xform_name(operation))(**params)
    except _failures() as exc:  # pylint: disable=catching-non-exception
        raise AWSError.from_botocore(operation, exc) from exc


def paginate(client, operation, result_key, pagination=None, **params):
    """Every item of ``result_key`` across the pages of ``operation``, through botocore's paginator.

    ``pagination`` is botocore's pagination config (as in its ``paginators-1.json``) for an operation whose service
    model has none, so that botocore still does the paging.
    """
    if pagination is None:
        paginator = client.get_paginator(_botocore.xform_name(operation))
    else:
        model = client.meta.service_model.operation_model(operation)
        paginator = _botocore.Paginator(
            getattr(client, _botocore.xform_name(operation)), dict(pagination, result_key=result_key), model
        )
    try:
        for page in paginator.paginate(**params):
            yield from page.get(result_key, [])
    except _failures() as exc:  # pylint: disable=catching-non-exception
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


def unique(values):
    """``values`` without repeats, in their order (a list given twice the same entity asks for it once)."""
    return list(dict.fromkeys(values))


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


def apply(client, writes, answers, already_done=None, after_write=None):
    """Perform the planned ``writes`` in order (the plan's list is exactly what is sent), appending each answer to
    ``answers``.

    A write that fails is checked with ``already_done(write)`` (a re-read) when given: if the wanted state is already
    there (the write's answer was lost and its retry refused, or a concurrent run made the same change), the write
    counts as done and its answer is None. A failure of the re-read itself leaves the write's own error to report.
    On failure the write's AWSError goes up as it is: ``answers`` then says how many writes were made before it.
    ``after_write(write, answer)``, when given, runs after each write (a wait the next writes need).
    """
    for write in writes:
        try:
            answers.append(call(client, write.operation, **write.params))
        except AWSError:
            if not (already_done and _reread(already_done, write)):
                raise
            answers.append(None)
        if after_write:
            after_write(write, answers[-1])
    return answers


def _reread(already_done, write):
    try:
        return already_done(write)
    except AWSError:
        return False
