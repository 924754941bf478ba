# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the access review makes of drift beyond what the partners declare: the grantees to ignore, the partners
whose access has expired, and the RAM shares Lake Formation manages. Pure, on access rows.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

from datetime import datetime, timezone

from ansible_collections.partner_onboarding.aws.plugins.module_utils._iam import account_form

LAKEFORMATION = "lakeformation"
# Lake Formation names the RAM shares it creates for its cross-account grants so.
LAKEFORMATION_SHARE_PREFIX = "LakeFormation"
EXPIRES_ON_RULE = "a date in the form YYYY-MM-DD"


# --- input rules ------------------------------------------------------------------------------------------------------


def parse_expires_on(value):
    """The date of an ``expires_on`` value (``YYYY-MM-DD``); ValueError when it is not one."""
    text = str(value).strip()
    if len(text) != 10:
        raise ValueError(text)
    return datetime.strptime(text, "%Y-%m-%d").date()


def invalid_expires_on(value, option):
    """The message for an ``expires_on`` that is not a date (empty when it is one, or unset)."""
    if value is None:
        return []
    try:
        parse_expires_on(value)
    except ValueError:
        return [f"{option}: {value!r} is not {EXPIRES_ON_RULE}"]
    return []


def invalid_ignore(values, option="ignore"):
    """The message for blank entries of ``ignore`` (empty when there are none)."""
    return [f"{option} entries must not be empty"] if any(not str(v).strip() for v in values or []) else []


# --- the rules (pure) -------------------------------------------------------------------------------------------------


def today_utc():
    return datetime.now(timezone.utc).date()


def is_expired(expires_on, today=None):
    """Whether access that ends on ``expires_on`` has ended: on that day (UTC) and after, as the role decides."""
    return expires_on is not None and parse_expires_on(expires_on) <= (today or today_utc())


def expired_partners(partners, today=None):
    """The names of the entries whose ``expires_on`` is today or past."""
    return {p["name"] for p in partners if is_expired(p.get("expires_on"), today)}


def managed_by(share_name):
    """``lakeformation`` for a share Lake Formation created (its name starts with ``LakeFormation``), else None."""
    return LAKEFORMATION if (share_name or "").startswith(LAKEFORMATION_SHARE_PREFIX) else None


def is_ignored(item, ignore):
    """Whether the row's grantee is one of ``ignore``: an account matches in either form (ID or ``:root`` ARN)."""
    return account_form(item["grantee"]) in {account_form(value) for value in ignore or []}


def lakeformation_row_for(item, expected):
    """For a RAM row of a share Lake Formation manages: an expected ``lakeformation`` row of the same principal (the
    grant that made Lake Formation share), else None."""
    if item.get("managed_by") != LAKEFORMATION:
        return None
    grantee = account_form(item["grantee"])
    return next((r for r in expected if r["kind"] == LAKEFORMATION and account_form(r["grantee"]) == grantee), None)


def settle_drift(rows, unexpected, missing, partners, ignore=(), today=None):
    """``(unexpected, missing, expired)`` from the rows no entry declares and the declared access that is not there.

    - A RAM row of a share Lake Formation manages is expected when an expected ``lakeformation`` row has the same
      principal; it then belongs to that row's partner.
    - The rows of a partner whose ``expires_on`` is today or past are ``expired``, not unexpected; what it declares
      is not missing (its access is to end).
    - A row whose grantee is in ``ignore`` is never unexpected.

    The rows of ``unexpected`` are rows of ``rows`` (the same dicts): a partner found for one is in both.
    """
    unexpected_ids = {id(item) for item in unexpected}
    expected = [item for item in rows if id(item) not in unexpected_ids]
    for item in rows:
        covering = lakeformation_row_for(item, expected) if id(item) in unexpected_ids else None
        if covering is not None:
            unexpected_ids.discard(id(item))
            item["partner"] = item["partner"] or covering["partner"]
    ended = expired_partners(partners, today)
    expired = [item for item in rows if item["partner"] in ended]
    unexpected = [
        item
        for item in rows
        if id(item) in unexpected_ids and item["partner"] not in ended and not is_ignored(item, ignore)
    ]
    missing = [item for item in missing if item["partner"] not in ended]
    return unexpected, missing, expired
