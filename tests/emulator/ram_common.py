"""What the emulator's RAM operations share: RAM's modelled errors, JSON answers, pagination,
clientToken idempotency, and the base class whose methods install() copies onto moto's
``ResourceAccessManagerResponse``.

Errors carry the HTTP status of the botocore RAM model (all RAM client errors are 400).
"""

import base64
import binascii
import functools
import json
import threading
import uuid
from datetime import datetime, timezone
from urllib.parse import parse_qsl

from moto.core.exceptions import JsonRESTError
from moto.ram.exceptions import InvalidParameterException, MalformedArnException, UnknownResourceException
from moto.ram.models import ResourceShare, ram_backends
from moto.ram.responses import ResourceAccessManagerResponse

from . import ram_catalogue as catalogue
from . import state

# RAM's state spans accounts (invitations, shares seen by other accounts): one lock for all of it,
# so that concurrent requests (the system tests run several forks) see consistent shares.
LOCK = threading.RLock()


class RamError(JsonRESTError):
    code = 400

    def __init__(self, error_type: str, message: str):
        super().__init__(error_type, message)


def operation_not_permitted(message: str) -> RamError:
    return RamError("OperationNotPermittedException", message)


def invalid_state_transition(message: str) -> RamError:
    return RamError("InvalidStateTransitionException", message)


def idempotent_parameter_mismatch(token: str) -> RamError:
    return RamError(
        "IdempotentParameterMismatchException", f"The client token {token} was already used with different parameters."
    )


def invalid_next_token() -> RamError:
    return RamError("InvalidNextTokenException", "The specified value for NextToken is not valid.")


def json_response(result: dict) -> tuple:
    # moto's default content type for string bodies is text/html; AWS answers JSON.
    return 200, {"Content-Type": "application/json"}, json.dumps(result)


def now() -> float:
    return datetime.now(timezone.utc).timestamp()


def _encode_token(offset: int, served_empty: bool) -> str:
    return base64.urlsafe_b64encode(json.dumps([offset, served_empty]).encode()).decode()


def _decode_token(token: str) -> tuple:
    try:
        offset, served_empty = json.loads(base64.urlsafe_b64decode(token.encode()))
    except (ValueError, TypeError, binascii.Error):
        raise invalid_next_token() from None
    if not isinstance(offset, int) or not isinstance(served_empty, bool):
        raise invalid_next_token()
    return offset, served_empty


def is_injected_empty_page(params: dict) -> bool:
    """Whether this call gets the empty page that the empty_pages setting puts before a non-empty one."""
    token = params.get("nextToken")
    return state.CONFIG["empty_pages"] and not (token and _decode_token(token)[1])


def paginate(items: list, params: dict, result_key: str, max_results_error: str = "InvalidParameterException") -> dict:
    """One page of ``items``: ``maxResults`` 1-500 (capped by the page_size setting), opaque ``nextToken``.

    With the empty_pages setting, every non-empty page is preceded by an empty one that carries a
    nextToken, as AWS documents it may answer ("an empty set of results even when there are more").
    """
    max_results = params.get("maxResults")
    if max_results is not None and not 1 <= int(max_results) <= 500:
        raise RamError(max_results_error, "maxResults must be between 1 and 500.")
    size = state.page_size(max_results, 500)
    token = params.get("nextToken")
    start, served_empty = _decode_token(token) if token else (0, False)
    if start < 0 or start > len(items):
        raise invalid_next_token()
    if state.CONFIG["empty_pages"] and not served_empty and start < len(items):
        return {result_key: [], "nextToken": _encode_token(start, True)}
    end = start + size
    result = {result_key: items[start:end]}
    if end < len(items):
        result["nextToken"] = _encode_token(end, False)
    return result


def locked(method):
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        with LOCK:
            return method(self, *args, **kwargs)

    return run


class RamOps(ResourceAccessManagerResponse):
    """Base of the operation holders; install() copies their methods onto ResourceAccessManagerResponse,
    so that moto's own dispatch (which instantiates that class) finds them."""

    @property
    def request_params(self) -> dict:
        """The JSON body plus the query string (DeleteResourceShare sends its parameters in the URL)."""
        params = dict(parse_qsl(self.parsed_url.query, keep_blank_values=True))
        try:
            body = json.loads(self.body) if self.body else {}
        except ValueError:
            body = {}
        if isinstance(body, dict):
            params.update(body)
        return params

    def _share(self, arn: str | None) -> ResourceShare:
        """A share of the caller's (owners only: other accounts' shares are unknown to it), not deleted."""
        if not catalogue.SHARE_ARN.match(arn or ""):
            raise MalformedArnException(f"The resource share ARN {arn} is not valid. Verify the ARN and try again.")
        for share in self.ram_backend.resource_shares:
            if share.arn == arn and share.status != "DELETED":
                return share
        raise UnknownResourceException(f"ResourceShare {arn} could not be found.")

    def _modifiable_share(self, arn: str | None) -> ResourceShare:
        """The caller's share, for a write: a share created from a resource policy refuses every change until it
        is promoted (OperationNotPermittedException), and while it is being promoted (InvalidStateTransitionException).
        """
        share = self._share(arn)
        feature_set = getattr(share, "feature_set", "STANDARD")
        if feature_set == "CREATED_FROM_POLICY":
            raise operation_not_permitted(
                f"The resource share {arn} was created from a resource policy and cannot be modified; promote it with "
                "PromoteResourceShareCreatedFromPolicy first."
            )
        if feature_set == "PROMOTING_TO_STANDARD":
            raise invalid_state_transition(
                f"The resource share {arn} is being promoted; try again once it is STANDARD."
            )
        return share

    def _share_visible(self, arn: str | None) -> ResourceShare:
        """The caller's share, or one shared with it (its permissions are what the receiver may do, so the RAM
        console shows them to receivers too); other accounts' shares are unknown to it."""
        try:
            return self._share(arn)
        except UnknownResourceException:
            # ram_associations builds on this module: imported here, when needed.
            from .ram_associations import shared_with  # pylint: disable=import-outside-toplevel

            for per_account in list(ram_backends.values()):
                backend = dict.get(per_account, self.region)
                for share in backend.resource_shares if backend is not None else []:
                    if share.arn == arn and shared_with(share, self.current_account):
                        return share
            raise

    def _idempotent(self, operation: str, apply) -> tuple:
        """clientToken: same token + same parameters = the earlier response, nothing applied twice."""
        params = self.request_params
        token = params.get("clientToken")
        if not token:
            # AWS makes a token of its own, so a retry without one may apply twice.
            return json_response(dict(apply(), clientToken=str(uuid.uuid4())))
        if len(token) > 64:
            raise RamError("InvalidClientTokenException", "The client token is not valid.")
        tokens = self.ram_backend.__dict__.setdefault("emulator_tokens", {})
        compared = {k: v for k, v in params.items() if k != "clientToken"}
        if (operation, token) in tokens:
            earlier_params, earlier_response = tokens[(operation, token)]
            if earlier_params != compared:
                raise idempotent_parameter_mismatch(token)
            return json_response(earlier_response)
        response = dict(apply(), clientToken=token)
        tokens[(operation, token)] = (compared, response)
        return json_response(response)


def install(ops_class: type, paths: tuple) -> None:
    """Copy the operations (locked) and helpers of ``ops_class`` onto moto's RAM response class,
    and add their URL paths to moto's RAM URLs (before the server app is created)."""
    from moto.ram import urls as ram_urls  # pylint: disable=import-outside-toplevel

    for cls in (RamOps, ops_class):
        for attr, value in vars(cls).items():
            if attr.startswith("__"):
                continue
            if isinstance(value, property):
                setattr(ResourceAccessManagerResponse, attr, value)
            elif callable(value):
                setattr(ResourceAccessManagerResponse, attr, value if attr.startswith("_") else locked(value))
    for path in paths:
        ram_urls.url_paths[f"{{0}}/{path}/?$"] = ResourceAccessManagerResponse.dispatch


def require(params: dict, name: str):
    value = params.get(name)
    if value in (None, ""):
        raise InvalidParameterException(f"The parameter {name} must be specified.")
    return value


def refuse_reserved_tag_keys(keys) -> None:
    """RAM refuses a tag key starting with ``aws:`` (AWS's own, set by CloudFormation and others) in TagResource,
    UntagResource and the tags of a create, with InvalidParameterException (AWS_FACTS.md, "Tags AWS reserves")."""
    reserved = [key for key in keys if str(key).lower().startswith("aws:")]
    if reserved:
        raise InvalidParameterException(
            f"The tag key(s) {', '.join(reserved)} use the prefix aws:, which is reserved for AWS use."
        )
