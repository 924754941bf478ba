# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Redshift partner integrations: input rules, thin API wrappers, normalization and error hints.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import re
import unicodedata

from ansible_collections.partner_onboarding.aws.plugins.module_utils._aws import call

PARTNER_STATUSES = ("Active", "Inactive", "RuntimeFailure", "ConnectionFailure")

# What to do about each error code of the partner operations, appended to the failure message.
ERROR_HINTS = {
    "ClusterNotFound": (
        "The cluster does not exist in this account and region: check cluster_identifier and region "
        "(and endpoint_url or profile, if set)"
    ),
    "PartnerNotFound": (
        "Either partner_name is not a partner Redshift knows (names are case-sensitive, for example Fivetran), "
        "or no integration of that partner exists for this database: check partner_name and database_name"
    ),
    "UnauthorizedPartnerIntegration": (
        "The caller may not manage partner integrations for this account: check that account_id is the account "
        "that owns the cluster, and that the caller's IAM policy allows redshift:AddPartner, redshift:DeletePartner, "
        "redshift:DescribePartners and redshift:UpdatePartnerStatus on the cluster"
    ),
    "UnsupportedOperation": (
        "Redshift does not support partner integrations for this cluster or request: check that the cluster is "
        "available and of a type and version that supports partner integrations"
    ),
    "InvalidParameterValue": "Check the values of cluster_identifier, database_name, partner_name and account_id",
}

# The botocore model's patterns for these parameters, in the words of a failure message.
_RULES = {
    "account_id": "exactly 12 digits",
    "cluster_identifier": "1 to 63 characters, each an ASCII letter, a digit or a hyphen (^[a-zA-Z0-9-]+$)",
    "database_name": (
        "2 to 127 characters: a letter or an underscore, then letters, numbers, @, $, # or underscores "
        r"(^[\p{L}_][\p{L}\p{N}@$#_]+$)"
    ),
    "partner_name": (
        "1 to 255 characters, each an ASCII letter, a digit, an underscore or a hyphen (^[a-zA-Z0-9_-]+$)"
    ),
    "status_message": "1 to 262144 printable ASCII characters (^[\\x20-\\x7E]+$)",
}

_ACCOUNT_ID = re.compile(r"[0-9]{12}")
_CLUSTER_IDENTIFIER = re.compile(r"[a-zA-Z0-9-]{1,63}")
_PARTNER_NAME = re.compile(r"[a-zA-Z0-9_-]{1,255}")
_STATUS_MESSAGE = re.compile(r"[\x20-\x7E]{1,262144}")


def _is_letter(char):
    return unicodedata.category(char).startswith("L")


def _is_number(char):
    return unicodedata.category(char).startswith("N")


def _valid_database_name(value):
    # Python's re has no \p{L} / \p{N}; Unicode general categories L* and N* are what they mean.
    if not 2 <= len(value) <= 127:
        return False
    head, tail = value[0], value[1:]
    return (head == "_" or _is_letter(head)) and all(
        char in "@$#_" or _is_letter(char) or _is_number(char) for char in tail
    )


_CHECKS = {
    "account_id": _ACCOUNT_ID.fullmatch,
    "cluster_identifier": _CLUSTER_IDENTIFIER.fullmatch,
    "database_name": _valid_database_name,
    "partner_name": _PARTNER_NAME.fullmatch,
    "status_message": _STATUS_MESSAGE.fullmatch,
}


def is_valid(option, value):
    """Whether ``value`` follows the API's rule for ``option`` (one of the keys of ``_RULES``)."""
    return isinstance(value, str) and bool(_CHECKS[option](value))


def invalid_options(params):
    """Messages for every option of ``params`` that breaks its rule; options set to None are not checked."""
    errors = []
    for option in _RULES:
        value = params.get(option)
        if value is not None and not is_valid(option, value):
            errors.append(f"{option} {value!r} is not valid: it must be {_RULES[option]}")
    return errors


def partner_key(account_id, cluster_identifier, database_name=None, partner_name=None):
    """The request parameters naming an integration (or, without the optional names, a filter)."""
    key = {"AccountId": account_id, "ClusterIdentifier": cluster_identifier}
    if database_name is not None:
        key["DatabaseName"] = database_name
    if partner_name is not None:
        key["PartnerName"] = partner_name
    return key


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def normalize(key, info):
    """One PartnerIntegrationInfo as the snake_case dict the modules return."""
    return {
        "account_id": key["AccountId"],
        "cluster_identifier": key["ClusterIdentifier"],
        "database_name": info.get("DatabaseName"),
        "partner_name": info.get("PartnerName"),
        "status": info.get("Status"),
        "status_message": info.get("StatusMessage"),
        "created_at": _iso(info.get("CreatedAt")),
        "updated_at": _iso(info.get("UpdatedAt")),
    }


def describe_partners(client, key):
    """The integrations matching ``key``, normalized; one DescribePartners call (the API does not paginate).

    The optional DatabaseName and PartnerName of ``key`` must match exactly, whatever the service's filter does.
    """
    response = call(client, "DescribePartners", **key)
    return [
        normalize(key, info)
        for info in response.get("PartnerIntegrationInfoList", [])
        if all(info.get(name) == key[name] for name in ("DatabaseName", "PartnerName") if name in key)
    ]


def describe_partner(client, key):
    """The one integration named by ``key`` (all four parameters), or ``{}`` when there is none."""
    found = describe_partners(client, key)
    return found[0] if found else {}


def add_partner(client, key):
    return call(client, "AddPartner", **key)


def delete_partner(client, key):
    return call(client, "DeletePartner", **key)


def update_partner_status(client, key, status, status_message=None):
    params = dict(key, Status=status)
    if status_message is not None:
        params["StatusMessage"] = status_message
    return call(client, "UpdatePartnerStatus", **params)
