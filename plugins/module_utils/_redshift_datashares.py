# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Redshift datashares: the reads, the one datashare shape, "not found" told apart, the input rules, and
redshift_datashare_info's resource.

Redshift models one error for every datashare problem (``InvalidDataShareFault``): a datashare that does not exist
is told apart from the others by the message only, here and nowhere else. Private to the collection: its names may
change without notice.
"""

from __future__ import annotations

import re

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import AWSError, normalize, paginate
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Resource
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift import ERROR_HINTS as REDSHIFT_HINTS
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift import is_valid, read_cluster

STATUSES = ("ACTIVE", "PENDING_AUTHORIZATION", "AUTHORIZED", "DEAUTHORIZED", "REJECTED", "AVAILABLE")
# A consumer holds the datashare: authorized by the producer (a consumer sees that as AVAILABLE), or associated.
AUTHORIZED = ("AUTHORIZED", "AVAILABLE", "ACTIVE")

# A datashare name is a Redshift identifier; it also goes into SQL, so nothing else may pass.
_NAME = r"[A-Za-z_][A-Za-z0-9_$]{0,126}"
_DATASHARE_ARN = re.compile(
    r"arn:(aws[a-z-]*):redshift:([a-z0-9-]+):([0-9]{12}):datashare:([0-9a-fA-F-]{1,64})/(" + _NAME + r")"
)
_NAMESPACE_ARN = re.compile(r"arn:(aws[a-z-]*):redshift:([a-z0-9-]+):([0-9]{12}):namespace:([0-9a-fA-F-]{1,64})")
_DATASHARE_NAME = re.compile(_NAME)
_CONSUMER = re.compile(r"[0-9]{12}|ADX")

RULES = {
    "datashare_arn": "arn:<partition>:redshift:<region>:<account>:datashare:<namespace-id>/<name>",
    "datashare_name": (
        "a Redshift identifier: 1 to 127 characters, a letter or an underscore, then letters, digits, underscores or $"
    ),
    "consumer_arn": "a namespace ARN, arn:<partition>:redshift:<region>:<account>:namespace:<namespace-id>",
    "consumer_account_ids": "a 12-digit account ID or ADX",
}

# Phrases of InvalidDataShareFault's message when the datashare (or its ARN) does not exist.
_NOT_FOUND = ("doesn't exist", "does not exist", "not found", "could not be found")

ERROR_HINTS = dict(
    REDSHIFT_HINTS,
    InvalidDataShareFault=(
        "Redshift refused the request on this datashare: check the datashare ARN, that the caller's account is its "
        "producer (authorize, deauthorize) or a consumer it was authorized for (associate, disassociate, reject), "
        "and the association's status"
    ),
    InvalidNamespaceFault="Check the namespace ARN (consumer_arn) and that it belongs to the caller's account",
)


def is_not_found(error):
    """Whether ``error`` (an AWSError) says that the datashare does not exist: by its message only (see above)."""
    message = (error.message or "").lower()
    return error.code == "InvalidDataShareFault" and any(phrase in message for phrase in _NOT_FOUND)


def parse_datashare_arn(arn):
    """``{partition, region, account, namespace_id, name}`` of a datashare ARN, or None when it is not one."""
    match = _DATASHARE_ARN.fullmatch(arn or "")
    if not match:
        return None
    return dict(zip(("partition", "region", "account", "namespace_id", "name"), match.groups()))


def namespace_account(namespace_arn):
    """The account of a namespace ARN (None when it is not one)."""
    match = _NAMESPACE_ARN.fullmatch(namespace_arn or "")
    return match.group(3) if match else None


def datashare_arn_of(namespace_arn, name):
    """The ARN of datashare ``name`` of the namespace ``namespace_arn`` (a cluster's ``ClusterNamespaceArn``); Redshift
    folds an unquoted identifier to lower case, as CREATE DATASHARE and GRANT USAGE take it."""
    prefix, _sep, namespace_id = namespace_arn.rpartition(":namespace:")
    return f"{prefix}:datashare:{namespace_id}/{name.lower()}"


def producer_arn_of(datashare_arn):
    """The namespace ARN that produces the datashare ``datashare_arn``."""
    parts = parse_datashare_arn(datashare_arn)
    return f"arn:{parts['partition']}:redshift:{parts['region']}:{parts['account']}:namespace:{parts['namespace_id']}"


def invalid_datashare_options(params):
    """Messages for every datashare option of ``params`` that breaks its rule (None is not checked)."""
    errors = []
    if params.get("datashare_arn") is not None and not parse_datashare_arn(params["datashare_arn"]):
        errors.append(f"datashare_arn {params['datashare_arn']!r} is not valid: it must be {RULES['datashare_arn']}")
    name = params.get("datashare_name")
    if name is not None and not _DATASHARE_NAME.fullmatch(name):
        errors.append(f"datashare_name {name!r} is not valid: it must be {RULES['datashare_name']}")
    if params.get("consumer_arn") is not None and not namespace_account(params["consumer_arn"]):
        errors.append(f"consumer_arn {params['consumer_arn']!r} is not valid: it must be {RULES['consumer_arn']}")
    for consumer in params.get("consumer_account_ids") or []:
        if not _CONSUMER.fullmatch(consumer or ""):
            errors.append(
                f"consumer_account_ids: {consumer!r} is not valid: it must be {RULES['consumer_account_ids']}"
            )
    cluster = params.get("cluster_identifier")
    if cluster is not None and not is_valid("cluster_identifier", cluster):
        errors.append(
            f"cluster_identifier {cluster!r} is not valid: it must be 1 to 63 ASCII letters, digits or hyphens"
        )
    return errors


# --- the datashare, as every module returns it --------------------------------------------------------------------


def normalize_association(item):
    found = normalize(item)
    return {
        "consumer_identifier": found.get("consumer_identifier"),
        "status": found.get("status"),
        "allow_writes": bool(found.get("producer_allowed_writes")),
        "consumer_region": found.get("consumer_region"),
        "created_date": found.get("created_date"),
        "status_change_date": found.get("status_change_date"),
    }


def normalize_datashare(item):
    """One DataShare of an AWS answer as the modules return it (``datashare``)."""
    arn = item.get("DataShareArn")
    return {
        "arn": arn,
        "producer_arn": item.get("ProducerArn"),
        "name": arn.rpartition("/")[2] if arn else None,
        "allow_publicly_accessible_consumers": item.get("AllowPubliclyAccessibleConsumers"),
        "associations": [normalize_association(entry) for entry in item.get("DataShareAssociations") or []],
    }


def statuses(datashare, consumers):
    """``{consumer: status or None}`` of ``consumers`` on ``datashare`` (the modules' diff)."""
    by_consumer = {entry["consumer_identifier"]: entry["status"] for entry in (datashare or {}).get("associations", [])}
    return {consumer: by_consumer.get(consumer) for consumer in consumers}


def association(datashare, consumer):
    """The association of ``consumer`` (an account ID, ADX or a namespace ARN) on ``datashare``, or None."""
    for entry in datashare.get("associations", []):
        if entry["consumer_identifier"] == consumer:
            return entry
    return None


# --- reads --------------------------------------------------------------------------------------------------------


def read_datashare(client, arn):
    """The datashare ``arn``, normalized (DescribeDataShares, all pages), or None when it does not exist."""
    try:
        found = [
            normalize_datashare(item) for item in paginate(client, "DescribeDataShares", "DataShares", DataShareArn=arn)
        ]
    except AWSError as error:
        if is_not_found(error):
            return None
        raise
    return next((datashare for datashare in found if datashare["arn"] == arn), None)


def reread_after_failure(client, arn, current, answers):
    """The datashare for a failed task's result: as it now is when a write was made before the failure (a re-read
    that fails too keeps what was read before), else as read before."""
    if current is not None and answers:
        try:
            return read_datashare(client, arn) or current
        except AWSError:
            pass
    return current


def list_datashares(client):
    """Every datashare the caller produces or consumes, normalized (DescribeDataShares, all pages)."""
    return [normalize_datashare(item) for item in paginate(client, "DescribeDataShares", "DataShares")]


def list_produced_datashares(client, producer_arn):
    """The datashares of the namespace ``producer_arn``, normalized (DescribeDataSharesForProducer, all pages)."""
    return [
        normalize_datashare(item)
        for item in paginate(client, "DescribeDataSharesForProducer", "DataShares", ProducerArn=producer_arn)
    ]


def cluster_namespace_arn(client, cluster_identifier):
    """The namespace ARN of the cluster (``ClusterNamespaceArn`` of one DescribeClusters call)."""
    return read_cluster(client, cluster_identifier).get("ClusterNamespaceArn")


def not_found_message(arn, cluster_identifier=None):
    of_cluster = f" (datashare of cluster {cluster_identifier!r})" if cluster_identifier else ""
    return (
        f"datashare {arn}{of_cluster} does not exist, or is not shared with this account: a datashare is created "
        "with SQL on the producer cluster (CREATE DATASHARE)"
    )


# --- redshift_datashare_info --------------------------------------------------------------------------------------


class DatasharesInfo(Resource):
    """redshift_datashare_info: one datashare, the datashares of a cluster's namespace, or every one of the caller."""

    hints = ERROR_HINTS

    def read(self):
        params = self.module.params
        client = self.module.client("redshift")
        if params["datashare_arn"]:
            found = read_datashare(client, params["datashare_arn"])
            return [found] if found else []
        if params["cluster_identifier"]:
            namespace = cluster_namespace_arn(client, params["cluster_identifier"])
            return list_produced_datashares(client, namespace) if namespace else []
        return list_datashares(client)

    def report(self, before, after, failed=False):
        return {} if failed else {"datashares": after}
