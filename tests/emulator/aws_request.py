"""Recognise an AWS request (service, region, operation, parameters) and build AWS-style errors.

The request log and fault injection need AWS's own operation names. They come from the
botocore service model (the one the clients use), not from moto, so that an operation moto
does not know is still named correctly in the log and in the 501 answer.
"""

import json
import re
from functools import lru_cache
from urllib.parse import parse_qsl

import botocore.session
from botocore.exceptions import UnknownServiceError

_ACCESS_KEY = re.compile(r"Credential=([^/]+)/")
_CREDENTIAL_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request")

# fault -> (code, status) per protocol family. The query codes are the ones botocore's standard
# retry mode treats as throttling / transient; the JSON ones are RAM's modelled errors.
FAULTS_QUERY = {
    "throttle": ("Throttling", 400),
    "unavailable": ("ServiceUnavailable", 503),
    "lost_response": ("InternalFailure", 500),
    "concurrent_modification": ("ConcurrentModificationException", 400),
}
FAULTS_JSON = {
    "throttle": ("ThrottlingException", 429),
    "unavailable": ("ServiceUnavailableException", 503),
    "lost_response": ("ServerInternalException", 500),
    "concurrent_modification": ("ConcurrentModificationException", 400),
}


@lru_cache(maxsize=None)
def service_model(signing_name: str):
    try:
        return botocore.session.get_session().get_service_model(signing_name)
    except UnknownServiceError:
        return None


@lru_cache(maxsize=None)
def _rest_routes(signing_name: str) -> list:
    """(method, compiled path regex, operation name) for a rest-json / rest-xml service."""
    model = service_model(signing_name)
    routes = []
    for name in model.operation_names:  # pylint: disable=not-an-iterable  # a cached property
        http = model.operation_model(name).http
        path = http["requestUri"].split("?")[0]
        pattern = re.sub(r"\\\{[^}]+\\\+\\\}", ".+", re.escape(path))
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", pattern)
        routes.append((http["method"], re.compile(f"^{pattern}/?$"), name))
    return routes


def identify(environ: dict, body: bytes) -> dict:
    """service, region, operation (AWS CamelCase, None if unknown), params, protocol of a request."""
    scope = _CREDENTIAL_SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
    region, service = scope.groups() if scope else ("us-east-1", "unknown")
    model = service_model(service)
    protocol = model.metadata["protocol"] if model else "unknown"
    params: dict = dict(parse_qsl(environ.get("QUERY_STRING", "")))
    operation = None
    text = body.decode("utf-8", errors="replace")
    if protocol in ("query", "ec2"):
        params.update(parse_qsl(text))
        operation = params.pop("Action", None)
        params.pop("Version", None)
    else:
        try:
            decoded = json.loads(text) if text.strip() else {}
        except ValueError:
            decoded = {}
        if isinstance(decoded, dict):
            params.update(decoded)
        target = environ.get("HTTP_X_AMZ_TARGET")
        if target:
            operation = target.split(".")[-1]
        elif model is not None:
            method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/")
            operation = next((n for m, rx, n in _rest_routes(service) if m == method and rx.match(path)), None)
    return {
        "service": service,
        "region": region,
        "operation": operation,
        "params": params,
        "protocol": protocol,
        # Who signed: lets tests check which credential a client resolved (the emulator accepts any).
        "access_key": access_key_of(environ.get("HTTP_AUTHORIZATION", "")),
        "session_token": environ.get("HTTP_X_AMZ_SECURITY_TOKEN"),
    }


def access_key_of(authorization: str) -> str | None:
    """The access key id of a SigV4 Authorization header."""
    signer = _ACCESS_KEY.search(authorization or "")
    return signer.group(1) if signer else None


def error_response(protocol: str, code: str, message: str, status: int) -> tuple:
    """(status, headers, body) of an AWS error in the request's protocol, as botocore parses it."""
    if protocol in ("query", "ec2", "rest-xml"):
        body = (
            "<ErrorResponse><Error><Type>Sender</Type>"
            f"<Code>{code}</Code><Message>{_xml_escape(message)}</Message></Error>"
            "<RequestId>emulator-request</RequestId></ErrorResponse>"
        )
        return status, [("Content-Type", "text/xml")], body.encode()
    body = json.dumps({"__type": code, "message": message})
    return status, [("Content-Type", "application/json"), ("x-amzn-ErrorType", code)], body.encode()


# What a captive portal or a failing proxy sends instead of AWS's answer: HTML, whatever the protocol.
HTML_FAULTS = {
    "html_page": (
        200,
        # Real HTML, not XML: unclosed <meta> and <br>, as portals send.
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Sign in to continue</title></head>\n'
        "<body><h1>Network login required</h1><p>Accept the terms of use to browse.<br>Guest Wi-Fi</p></body></html>\n",
    ),
    "bad_gateway_html": (
        502,
        "<html>\n<head><title>502 Bad Gateway</title></head>\n"
        "<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>proxy</center>\n</body>\n</html>\n",
    ),
}


def fault_error(protocol: str, fault: str) -> tuple:
    if fault in HTML_FAULTS:
        status, html = HTML_FAULTS[fault]
        return status, [("Content-Type", "text/html; charset=utf-8")], html.encode()
    table = FAULTS_QUERY if protocol in ("query", "ec2", "rest-xml") else FAULTS_JSON
    code, status = table[fault]
    messages = {
        "throttle": "Rate exceeded (injected by the emulator).",
        "unavailable": "Service unavailable (injected by the emulator).",
        "lost_response": "Internal failure after the request was applied (injected by the emulator).",
        "concurrent_modification": "Another change is in progress (injected by the emulator): try again.",
    }
    return error_response(protocol, code, messages[fault], status)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
