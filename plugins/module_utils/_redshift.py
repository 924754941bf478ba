# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Redshift partner integrations: input rules, the Redshift reads (DescribePartners, DescribeClusters), the pure plan,
and redshift_partner(_info)'s resources.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import re
import unicodedata

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import (
    AWSError,
    Write,
    call,
    caller_account_id,
    normalize,
    paginate,
    unique,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Plan, Resource

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
RULES = {
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
    """Whether ``value`` follows the API's rule for ``option`` (one of the keys of ``RULES``)."""
    return isinstance(value, str) and bool(_CHECKS[option](value))


def invalid_options(params):
    """Messages for every option of ``params`` that breaks its rule; options set to None are not checked.

    ``database_name`` may be one name or a list of names: each is checked.
    """
    errors = []
    for option in RULES:
        value = params.get(option)
        values = value if isinstance(value, list) else [value]
        for item in values:
            if item is not None and not is_valid(option, item):
                errors.append(f"{option} {item!r} is not valid: it must be {RULES[option]}")
    return errors


def invalid_partner_params(params):
    """Every broken rule of redshift_partner's options, for AWSModule's ``validate``."""
    errors = invalid_options(params)
    if params.get("database_name") == []:
        errors.append("database_name must name at least one database")
    if params.get("status") and params.get("state") == "absent":
        errors.append("status is only valid with state=present: a deleted integration has no status")
    return errors


def partner_key(account_id, cluster_identifier, database_name=None, partner_name=None):
    """The request parameters naming an integration (or, without the optional names, a filter)."""
    key = {"AccountId": account_id, "ClusterIdentifier": cluster_identifier}
    if database_name is not None:
        key["DatabaseName"] = database_name
    if partner_name is not None:
        key["PartnerName"] = partner_name
    return key


_FIELDS = ("database_name", "partner_name", "status", "status_message", "created_at", "updated_at")


def normalize_partner(key, info):
    """One PartnerIntegrationInfo as the snake_case dict the modules return."""
    found = normalize(info)
    result = {"account_id": key["AccountId"], "cluster_identifier": key["ClusterIdentifier"]}
    result.update((field, found.get(field)) for field in _FIELDS)
    return result


# --- read ---------------------------------------------------------------------------------------------------------


def list_integrations(client, key):
    """The integrations matching ``key``, normalized; one DescribePartners call (the API does not paginate).

    The optional DatabaseName and PartnerName of ``key`` must match exactly, whatever the service's filter does.
    """
    response = call(client, "DescribePartners", **key)
    return [
        normalize_partner(key, info)
        for info in response.get("PartnerIntegrationInfoList", [])
        if all(info.get(name) == key[name] for name in ("DatabaseName", "PartnerName") if name in key)
    ]


def read_integration(client, key):
    """The one integration named by ``key`` (all four parameters), or ``{}`` when there is none."""
    found = list_integrations(client, key)
    return found[0] if found else {}


def read_integrations(client, key, databases):
    """``{database: integration or {}}`` for ``databases``, from one DescribePartners call whatever their number.

    ``key`` names the account, cluster and partner; the database filter is sent only for a single database.
    """
    single = databases[0] if len(databases) == 1 else None
    found = list_integrations(client, dict(key, **({"DatabaseName": single} if single else {})))
    by_name = {integration["database_name"]: integration for integration in found}
    return {database: by_name.get(database, {}) for database in databases}


def list_cluster_namespaces(client):
    """Every cluster of the caller in the region, ``{cluster identifier: its namespace ARN (None when AWS does not
    say)}`` in the order listed: DescribeClusters, all pages."""
    return {
        cluster["ClusterIdentifier"]: cluster.get("ClusterNamespaceArn")
        for cluster in paginate(client, "DescribeClusters", "Clusters")
    }


def read_cluster_integrations(client, account_id, cluster_identifiers):
    """Every partner integration of the clusters: one DescribePartners per cluster, with no partner filter."""
    found = []
    for cluster_identifier in cluster_identifiers:
        found += list_integrations(client, partner_key(account_id, cluster_identifier))
    return found


# --- plan ---------------------------------------------------------------------------------------------------------


def status_differs(current, status, status_message):
    """Whether the integration must be told ``status`` (and ``status_message``, when set)."""
    if status is None:
        return False
    if current.get("status") != status:
        return True
    return status_message is not None and current.get("status_message") != status_message


def _status_write(key, status, status_message, target):
    params = dict(key, Status=status)
    if status_message is not None:
        params["StatusMessage"] = status_message
    return Write("UpdatePartnerStatus", params, target)


def plan_integration(current, key, state, status=None, status_message=None):
    """The writes, in order, that take one integration from ``current`` to the wanted state, and the prediction.

    No AWS call. Returns the Plan; ``predicted`` is ``{}`` when the integration will not exist. A new
    integration with a ``status`` gets AddPartner then UpdatePartnerStatus: the status Redshift gives a new
    integration is its own choice, so the partner side states it.
    """
    target = f"database {key['DatabaseName']!r}"
    if state == "absent":
        return Plan([Write("DeletePartner", key, target)] if current else [], {})
    if not current:
        predicted = {
            "account_id": key["AccountId"],
            "cluster_identifier": key["ClusterIdentifier"],
            "database_name": key["DatabaseName"],
            "partner_name": key["PartnerName"],
            "status": status,
            "status_message": status_message,
            "created_at": None,
            "updated_at": None,
        }
        writes = [Write("AddPartner", key, target)]
        if status:
            writes.append(_status_write(key, status, status_message, target))
        return Plan(writes, predicted)
    if status_differs(current, status, status_message):
        predicted = dict(current, status=status)
        if status_message is not None:
            predicted["status_message"] = status_message
        return Plan([_status_write(key, status, status_message, target)], predicted)
    return Plan([], current)


def plan_integrations(current, key, databases, state, status=None, status_message=None):
    """The writes for every database, in the order given, and ``{database: predicted integration}``."""
    writes, predicted = [], {}
    for database in databases:
        database_key = dict(key, DatabaseName=database)
        database_writes, predicted[database] = plan_integration(
            current.get(database, {}), database_key, state, status, status_message
        )
        writes.extend(database_writes)
    return Plan(writes, predicted)


# --- apply --------------------------------------------------------------------------------------------------------


def already_done(client, write):
    """After a failed write, whether a re-read finds its effect (AddPartner takes no client token)."""
    if write.operation == "UpdatePartnerStatus":
        return False
    key = {name: write.params[name] for name in ("AccountId", "ClusterIdentifier", "DatabaseName", "PartnerName")}
    exists = bool(read_integration(client, key))
    return exists if write.operation == "AddPartner" else not exists


def integrations_result(databases, before, after, diff=True):
    """``partner_integrations`` (and ``partner_integration`` for one database) and, unless ``diff`` is false, the
    diff."""
    result = {"partner_integrations": [after[database] for database in databases if after[database]]}
    if len(databases) == 1:
        result["partner_integration"] = after[databases[0]]
    if diff:
        single = len(databases) == 1
        result["diff"] = {
            "before": before[databases[0]] if single else before,
            "after": after[databases[0]] if single else after,
        }
    return result


class Integrations(Resource):
    """redshift_partner: the partner's integrations with the databases given, on one cluster."""

    hints = ERROR_HINTS

    def __init__(self, module):
        super().__init__(module)
        params = module.params
        self.databases = unique(params["database_name"])
        self.state, self.status, self.status_message = params["state"], params["status"], params["status_message"]
        self.key = None

    def read(self):
        if self.key is None:
            params = self.module.params
            account_id = params["account_id"] or caller_account_id(self.module.client("sts"))
            self.key = partner_key(account_id, params["cluster_identifier"], partner_name=params["partner_name"])
            self.client = self.module.client("redshift")
        return read_integrations(self.client, self.key, self.databases)

    def plan(self, current):
        return plan_integrations(current, self.key, self.databases, self.state, self.status, self.status_message)

    def already_done(self, write):
        return already_done(self.client, write)

    def recover(self, current, answers):
        # A write was made before the failure: the result shows the integrations as they now are.
        if current is not None and answers:
            try:
                return self.read()
            except AWSError:
                pass
        return current

    def changed(self, writes, answers):
        # AddPartner takes no token: a write whose retry was refused after a lost answer still made the change.
        return bool(answers)

    def report(self, before, after, failed=False):
        if before is None:
            return {}
        return integrations_result(self.databases, before, after, diff=not failed)


class IntegrationsInfo(Resource):
    """redshift_partner_info: the integrations of the cluster that match the optional filters."""

    hints = ERROR_HINTS

    def read(self):
        params = self.module.params
        account_id = params["account_id"] or caller_account_id(self.module.client("sts"))
        key = partner_key(account_id, params["cluster_identifier"], params["database_name"], params["partner_name"])
        return list_integrations(self.module.client("redshift"), key)

    def report(self, before, after, failed=False):
        return {} if failed else {"partner_integrations": after}


# --- clusters -----------------------------------------------------------------------------------------------------


def read_cluster(client, cluster_identifier):
    """The cluster as DescribeClusters answers it (one call); a cluster that does not exist is AWS's ClusterNotFound."""
    return call(client, "DescribeClusters", ClusterIdentifier=cluster_identifier)["Clusters"][0]
