"""Which AWS account a request acts as.

moto picks the account of a request in ``BaseResponse.get_current_account``: the
``MOTO_ACCOUNT_ID`` environment variable, else an ``x-moto-account-id`` header, else the account
of an access key created through moto's IAM, else 123456789012. The emulator puts its own map in
front of that (setting ``accounts``: access key id -> account ID), so that a test can sign with
the partner's keys and be the partner for every service, with no header a real client would not
send. Keys not in the map keep moto's rule, i.e. the owner account.
"""

import os

from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.responses import BaseResponse

from . import aws_request, state

_ORIGINAL = BaseResponse.get_current_account


def owner() -> str:
    """The account of every key not in the map: the one that owns the seeded resources."""
    return os.environ.get("MOTO_ACCOUNT_ID", DEFAULT_ACCOUNT_ID)


def mapped(access_key: str | None) -> str | None:
    return state.CONFIG["accounts"].get(access_key or "")


def for_request(access_key: str | None, environ: dict) -> str:
    """The account moto will use for a request (what the request log shows)."""
    account = mapped(access_key)
    if account:
        return account
    if "MOTO_ACCOUNT_ID" in os.environ:
        return os.environ["MOTO_ACCOUNT_ID"]
    if environ.get("HTTP_X_MOTO_ACCOUNT_ID"):
        return environ["HTTP_X_MOTO_ACCOUNT_ID"]
    from moto.iam.models import get_account_id_from  # pylint: disable=import-outside-toplevel

    return get_account_id_from(access_key or "")


def _get_current_account(self: BaseResponse) -> str:
    # The key as signed (moto's own parser only knows 20-character AKIA-style keys).
    return mapped(aws_request.access_key_of(self.headers.get("Authorization", ""))) or _ORIGINAL(self)


def install() -> None:
    BaseResponse.get_current_account = _get_current_account
