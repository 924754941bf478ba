# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Redshift datashares of the access review: which accounts outside the caller's hold an authorization (or an
association) on a datashare the caller produces, and how those compare with the partners' ``datashares`` (ARNs, or
the role's items). Pure: the read is ``_redshift_datashares.list_datashares``.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import re

from ansible_collections.partner_onboarding.aws.plugins.module_utils._iam import account_form
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift_datashare_producer import (
    invalid_producer_params,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift_datashares import (
    AUTHORIZED,
    datashare_arn_of,
    namespace_account,
    parse_datashare_arn,
    producer_arn_of,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift_datashares import (
    ERROR_HINTS as DATASHARE_HINTS,
)

DATASHARE = "datashare"
# The keys of an item of the role's onboard_partner_datashares; the review reads the first three.
ITEM_KEYS = ("datashare_arn", "cluster_identifier", "datashare_name", "allow_writes", "grant_usage")

ERROR_HINTS = dict(
    DATASHARE_HINTS,
    AccessDenied=(
        "The caller may not describe datashares: allow redshift:DescribeDataShares in its policy, or set "
        "datashares: false to leave datashares out of the review"
    ),
)

_ACCOUNT = re.compile(r"[0-9]{12}")


# --- the datashares (pure) --------------------------------------------------------------------------------------------


def producer_account(datashare):
    """The account that produces a datashare (normalized): its producer namespace's, else its ARN's."""
    account = namespace_account(datashare.get("producer_arn"))
    if account:
        return account
    parts = parse_datashare_arn(datashare.get("arn"))
    return parts["account"] if parts else None


def _consumer_account(consumer):
    """The account of a consumer identifier (an account ID, a namespace ARN), or None (ADX)."""
    return consumer if _ACCOUNT.fullmatch(consumer or "") else namespace_account(consumer)


def outside_grants(datashares, own_account, namespaces=None):
    """One grant per association that gives access (AUTHORIZED, AVAILABLE, ACTIVE) to a consumer outside
    ``own_account``, on the datashares ``own_account`` produces: ``{grantee, datashare_arn, datashare_name,
    cluster_identifier, status}``, by datashare name, ARN and grantee. ``namespaces`` (``{cluster: namespace ARN}``,
    None when not listed) names the producer cluster."""
    clusters = {arn: cluster for cluster, arn in (namespaces or {}).items() if arn}
    grants, seen = [], set()
    for datashare in datashares:
        if producer_account(datashare) != own_account:
            continue
        for entry in datashare["associations"]:
            consumer = entry["consumer_identifier"]
            account = _consumer_account(consumer)
            if entry["status"] not in AUTHORIZED or account == own_account:
                continue
            # The grantee is the consumer account (a namespace's association is its account's access); ADX stays ADX.
            grantee = account or consumer
            if (datashare["arn"], grantee) in seen:
                continue
            seen.add((datashare["arn"], grantee))
            grants.append(
                {
                    "grantee": grantee,
                    "datashare_arn": datashare["arn"],
                    "datashare_name": datashare["name"],
                    "cluster_identifier": clusters.get(datashare.get("producer_arn")),
                    "status": entry["status"],
                }
            )
    return sorted(grants, key=lambda g: (g["datashare_name"] or "", g["datashare_arn"], g["grantee"]))


def resolve(reference, namespaces=None):
    """A partner's datashare (an ARN, or a dict with ``datashare_arn`` or ``cluster_identifier`` and
    ``datashare_name``) as ``{datashare_arn, cluster_identifier, datashare_name, known}``.

    A datashare named by cluster and name gets its ARN from the cluster's namespace in ``namespaces`` (the clusters
    the review listed); ``known`` says whether they were listed. Unlisted (``cluster_identifiers`` given), the ARN is
    None and the datashare is told by its name.
    """
    if isinstance(reference, str):
        reference = {"datashare_arn": reference}
    arn = reference.get("datashare_arn")
    if arn:
        parts = parse_datashare_arn(arn)
        namespace = producer_arn_of(arn)
        cluster = next((c for c, ns in (namespaces or {}).items() if ns == namespace), None)
        return {"datashare_arn": arn, "cluster_identifier": cluster, "datashare_name": parts["name"], "known": True}
    cluster, name = reference.get("cluster_identifier"), reference.get("datashare_name")
    namespace = next((ns for c, ns in (namespaces or {}).items() if c.lower() == cluster.lower()), None)
    return {
        "datashare_arn": datashare_arn_of(namespace, name) if namespace else None,
        "cluster_identifier": cluster,
        "datashare_name": name,
        "known": namespaces is not None,
    }


def names(reference, found):
    """Whether a resolved reference names the datashare of ``found`` (an access row or a grant). Redshift folds an
    unquoted datashare name to lower case, so names and ARNs compare in any case."""
    if reference["datashare_arn"]:
        return reference["datashare_arn"].lower() == (found["datashare_arn"] or "").lower()
    if reference["known"]:
        return False
    same_cluster = found["cluster_identifier"] is None or (
        found["cluster_identifier"].lower() == reference["cluster_identifier"].lower()
    )
    return same_cluster and reference["datashare_name"].lower() == (found["datashare_name"] or "").lower()


def _accounts(partner):
    return [p for p in dict.fromkeys(account_form(p) for p in partner.get("principals") or []) if _ACCOUNT.fullmatch(p)]


def declaring_partner(item, partners):
    """The name of the first entry (its ``datashares`` resolved) that names the row's datashare and whose principals
    name the consumer account."""
    for partner in partners:
        if item["grantee"] in _accounts(partner) and any(names(ref, item) for ref in partner.get("datashares") or []):
            return partner["name"]
    return None


def owning_partner(grant, partners):
    """The entry that declares the grant, else the first whose principals name the consumer account, else None."""
    return declaring_partner(grant, partners) or next(
        (p["name"] for p in partners if grant["grantee"] in _accounts(p)), None
    )


def missing_grants(grants, partners, own_account):
    """What the partners' ``datashares`` (resolved) declare that no grant gives: one per datashare and 12-digit
    account of the principals outside ``own_account``, ``{partner, grantee, datashare_arn, datashare_name,
    cluster_identifier}``. A datashare of another producer account is not reviewed."""
    missing = []
    for partner in partners:
        for reference in partner.get("datashares") or []:
            arn = reference["datashare_arn"]
            if arn and parse_datashare_arn(arn)["account"] != own_account:
                continue
            for account in _accounts(partner):
                there = any(g["grantee"] == account and names(reference, g) for g in grants)
                if account == own_account or there:
                    continue
                missing.append(
                    {
                        "partner": partner["name"],
                        "grantee": account,
                        "datashare_arn": arn,
                        "datashare_name": reference["datashare_name"],
                        "cluster_identifier": reference["cluster_identifier"],
                    }
                )
    return missing


# --- input rules ------------------------------------------------------------------------------------------------------


def invalid_references(references, principals, option, principals_option):
    """The messages for the entries of ``option`` (``partners[N].datashares``) that redshift_datashare would refuse,
    each naming its entry (``...[M]``); with entries, a 12-digit account in ``principals`` is needed."""
    references = references or []
    accounts = [p for p in (account_form(p) for p in principals or []) if _ACCOUNT.fullmatch(p)]
    errors = []
    if references and not accounts:
        errors.append(
            f"{option} needs a 12-digit AWS account ID in {principals_option}: a datashare is authorized for an account"
        )
    for index, reference in enumerate(references):
        place = f"{option}[{index}]"
        if isinstance(reference, str):
            reference = {"datashare_arn": reference}
        if not isinstance(reference, dict):
            errors.append(f"{place} must be a datashare ARN, or a dict with cluster_identifier and datashare_name")
            continue
        unknown = sorted(set(reference) - set(ITEM_KEYS))
        if unknown:
            errors.append(f"{place}: unknown key(s) {', '.join(unknown)}; it takes {', '.join(ITEM_KEYS)}")
        params = {key: reference.get(key) for key in ("datashare_arn", "cluster_identifier", "datashare_name")}
        if params["datashare_arn"] and params["datashare_name"]:
            errors.append(f"{place}: datashare_arn and datashare_name are mutually exclusive")
        # Without an account the message above says so once, not once per entry.
        params.update(consumer_account_ids=accounts or ["000000000000"], grant_usage=reference.get("grant_usage"))
        errors += [f"{place}: {message}" for message in invalid_producer_params(params)]
    return errors
