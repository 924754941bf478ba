# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The access review of partner_access_info: who has access to what (every partner integration of the clusters,
every principal of the caller's shares, and, each read once and paginated, the IAM roles' trusts, the Lake Formation
grants and the datashares: a number of calls that grows with clusters and shares only), and the pure comparison of
that access with the partners as the onboard_partner role describes them.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

from ansible_collections.partner_onboarding.aws.plugins.module_utils import (
    _partner_access_datashares as datashare_review,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils import _partner_access_iam as iam_review
from ansible_collections.partner_onboarding.aws.plugins.module_utils import (
    _partner_access_lakeformation as lakeformation_review,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import caller_account_id, unique
from ansible_collections.partner_onboarding.aws.plugins.module_utils._iam import ERROR_HINTS as IAM_HINTS
from ansible_collections.partner_onboarding.aws.plugins.module_utils._iam import account_form, list_roles
from ansible_collections.partner_onboarding.aws.plugins.module_utils._lakeformation import (
    lakeformation_client,
    list_grants,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Resource
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_drift import (
    LAKEFORMATION,
    is_expired,
    managed_by,
    settle_drift,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_rules import redshift_partner_name
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_shares import (
    read_share_access,
    share_matches,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram import share_hints
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import is_resource_share_arn
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift import (
    ERROR_HINTS,
    list_cluster_namespaces,
    read_cluster_integrations,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift_datashares import list_datashares

REDSHIFT, RAM, IAM_ROLE, DATASHARE = "redshift", "ram", iam_review.IAM_ROLE, datashare_review.DATASHARE
# The keys of an access row, in the order the reports show them.
ROW_KEYS = (
    "kind",
    "partner",
    "grantee",
    "cluster_identifier",
    "database_name",
    "resource_share_arn",
    "resource_share_name",
    "status",
    # 1.3.0: Lake Formation grants, datashares, IAM roles, and the RAM shares Lake Formation manages.
    "table_name",
    "data_location_arn",
    "permissions",
    "datashare_arn",
    "datashare_name",
    "role_arn",
    "role_name",
    "external_id",
    "managed_by",
)


# --- the comparison (pure) --------------------------------------------------------------------------------------------


def row(kind, grantee, partner=None, status=None, **where):
    """One access row, every key present."""
    result = dict.fromkeys(ROW_KEYS)
    result.update(kind=kind, grantee=grantee, partner=partner, status=status, **where)
    return result


def _redshift_key(cluster_identifier, database_name, grantee):
    # Redshift cluster identifiers are not case-sensitive; database and partner names are.
    return (cluster_identifier.lower(), database_name, grantee)


def declared_grants(partners):
    """What the partners should have: ``(redshift keys, ram keys)`` mapping each grant to the partner's name.

    A Redshift grant is ``(cluster, database, partner name)``; a RAM grant ``(share reference, principal)``, the
    share named as the partner names it (name or ARN).
    """
    redshift, ram = {}, {}
    for partner in partners:
        grantee = redshift_partner_name(partner)
        for database in partner.get("redshift_databases") or []:
            key = _redshift_key(database["cluster_identifier"], database["database_name"], grantee)
            redshift.setdefault(key, partner["name"])
        for reference in partner.get("resource_shares") or []:
            for principal in partner.get("principals") or []:
                ram.setdefault((reference, principal), partner["name"])
    return redshift, ram


def _owner_by_grantee(partners):
    """``(redshift partner name -> partner, principal -> partner)``: whose a grant is, declared or not."""
    by_redshift, by_principal = {}, {}
    for partner in partners:
        by_redshift.setdefault(redshift_partner_name(partner), partner["name"])
        for principal in partner.get("principals") or []:
            by_principal.setdefault(principal, partner["name"])
    return by_redshift, by_principal


def access_rows(integrations, shares, partners=()):
    """One row per grant: each integration, then each live principal of each share, with the partner it belongs to.

    A row belongs to the entry that declares it; else to the entry whose Redshift partner name or principals name
    its grantee; else to none (``partner`` None).
    """
    redshift, ram = declared_grants(partners)
    by_redshift, by_principal = _owner_by_grantee(partners)
    rows = []
    for item in sorted(integrations, key=lambda i: (i["cluster_identifier"], i["database_name"], i["partner_name"])):
        key = _redshift_key(item["cluster_identifier"], item["database_name"], item["partner_name"])
        rows.append(
            row(
                REDSHIFT,
                item["partner_name"],
                redshift.get(key) or by_redshift.get(item["partner_name"]),
                item.get("status"),
                cluster_identifier=item["cluster_identifier"],
                database_name=item["database_name"],
            )
        )
    for share in sorted(shares, key=lambda s: (s["name"], s["arn"])):
        for principal in sorted(share["principals"], key=lambda p: p["principal"]):
            declared = _declaring_partner(ram, share, principal["principal"])
            rows.append(
                row(
                    RAM,
                    principal["principal"],
                    declared or by_principal.get(principal["principal"]),
                    principal["status"],
                    resource_share_arn=share["arn"],
                    resource_share_name=share["name"],
                    managed_by=managed_by(share["name"]),
                )
            )
    return rows


def grant_rows(kind, grants, owning_partner, partners=()):
    """One row per grant of a kind its review file reads (``_partner_access_iam.role_grants``, and the
    ``outside_grants`` of ``_partner_access_lakeformation`` and ``_partner_access_datashares``): the grant's keys that
    are row keys, and the partner ``owning_partner(grant, partners)`` names."""
    return [
        row(
            kind,
            grant["grantee"],
            owning_partner(grant, partners),
            **{key: value for key, value in grant.items() if key in ROW_KEYS and key != "grantee"},
        )
        for grant in grants
    ]


# Whose a row of a kind the partners' Redshift and RAM grants do not describe is: ``rule(row, partners)``, the
# declaring entry's name or None. A kind without a rule is declared by nobody.
DECLARING_PARTNER = {
    IAM_ROLE: iam_review.declaring_partner,
    LAKEFORMATION: lakeformation_review.declaring_partner,
    DATASHARE: datashare_review.declaring_partner,
}


def _declaring_partner(ram, share, principal):
    for reference in (share["arn"], share["name"]):
        if (reference, principal) in ram:
            return ram[(reference, principal)]
    return None


def drift(rows, shares, partners, cluster_identifiers=None, share_references=None):
    """``(unexpected, missing)``: the rows no partner declares, and what a partner declares that is not there.

    Only what the review read can be missing: a declared database on a cluster outside ``cluster_identifiers``
    (when given), or a declared share outside ``share_references`` (when given), is not reviewed.
    """
    redshift, ram = declared_grants(partners)
    unexpected = []
    for item in rows:
        if item["kind"] == REDSHIFT:
            key = _redshift_key(item["cluster_identifier"], item["database_name"], item["grantee"])
            declared = key in redshift
        elif item["kind"] == RAM:
            declared = _declaring_partner(ram, _share_of(item), item["grantee"]) is not None
        else:
            rule = DECLARING_PARTNER.get(item["kind"])
            declared = rule is not None and rule(item, partners) is not None
        if not declared:
            unexpected.append(item)

    reviewed_clusters = None if cluster_identifiers is None else {c.lower() for c in cluster_identifiers}
    present_redshift = {
        _redshift_key(r["cluster_identifier"], r["database_name"], r["grantee"]) for r in rows if r["kind"] == REDSHIFT
    }
    missing = []
    for partner in partners:
        grantee = redshift_partner_name(partner)
        for database in partner.get("redshift_databases") or []:
            key = _redshift_key(database["cluster_identifier"], database["database_name"], grantee)
            reviewed = reviewed_clusters is None or key[0] in reviewed_clusters
            if reviewed and key not in present_redshift:
                missing.append(
                    row(
                        REDSHIFT,
                        grantee,
                        partner["name"],
                        cluster_identifier=database["cluster_identifier"],
                        database_name=database["database_name"],
                    )
                )
        for reference in unique(partner.get("resource_shares") or []):
            matching = [share for share in shares if share_matches(share, reference)]
            # A share outside the reviewed ones is not reviewed; one reviewed under its other name (ARN or name) is.
            if share_references is not None and not matching and reference not in share_references:
                continue
            for principal in unique(partner.get("principals") or []):
                there = any(p["principal"] == principal for share in matching for p in share["principals"])
                if there:
                    continue
                arn = matching[0]["arn"] if matching else (reference if is_resource_share_arn(reference) else None)
                name = matching[0]["name"] if matching else (None if is_resource_share_arn(reference) else reference)
                missing.append(row(RAM, principal, partner["name"], resource_share_arn=arn, resource_share_name=name))
    return unexpected, missing


def _share_of(item):
    return {"arn": item["resource_share_arn"], "name": item["resource_share_name"]}


def review(
    integrations,
    shares,
    partners,
    cluster_identifiers=None,
    share_references=None,
    roles=None,
    ignore=(),
    today=None,
    lakeformation=None,
    datashares=None,
    account_id=None,
    namespaces=None,
):
    """The review's result: ``redshift_integrations``, ``resource_shares``, ``access`` and, with ``partners``,
    ``unexpected``, ``missing`` and ``expired``. Pure.

    ``roles``: the caller's IAM roles; ``lakeformation``: the Lake Formation grants of the caller's catalog;
    ``datashares``: the datashares the caller sees (each None: not reviewed). ``account_id``: the caller's account
    (whose principals and datashare consumers are not partners). ``namespaces``: ``{cluster: namespace ARN}`` of the
    caller's clusters, when listed (it names a datashare's cluster).
    """
    # An account is named by its ID or its :root ARN alike: the rows name it by its ID. A datashare named by cluster
    # and name is known by its ARN when the cluster's namespace is.
    partners = [
        dict(
            partner,
            principals=[account_form(p) for p in partner.get("principals") or []],
            datashares=[datashare_review.resolve(ref, namespaces) for ref in partner.get("datashares") or []],
        )
        # A grant that an expired entry and a current one both declare is the current one's: the expired entries
        # come last (the role keeps such a grant when it offboards the expired partner).
        for partner in sorted(partners or [], key=lambda p: is_expired(p.get("expires_on"), today))
    ]
    rows = access_rows(integrations, shares, partners)
    grants = iam_review.role_grants(roles) if roles is not None else []
    rows += grant_rows(IAM_ROLE, grants, iam_review.owning_partner, partners)
    lf_grants = lakeformation_review.outside_grants(lakeformation, account_id) if lakeformation is not None else []
    rows += grant_rows(LAKEFORMATION, lf_grants, lakeformation_review.owning_partner, partners)
    ds_grants = datashare_review.outside_grants(datashares, account_id, namespaces) if datashares is not None else []
    rows += grant_rows(DATASHARE, ds_grants, datashare_review.owning_partner, partners)
    result = {"redshift_integrations": integrations, "resource_shares": shares, "access": rows}
    if partners:
        unexpected, missing = drift(rows, shares, partners, cluster_identifiers, share_references)
        if roles is not None:
            missing += [
                row(IAM_ROLE, item.pop("grantee"), item.pop("partner"), **item)
                for item in iam_review.missing_role_grants(grants, roles, partners)
            ]
        if lakeformation is not None:
            missing += [
                row(LAKEFORMATION, **item)
                for item in lakeformation_review.missing_grants(lf_grants, partners, account_id)
            ]
        if datashares is not None:
            missing += [
                row(DATASHARE, **item) for item in datashare_review.missing_grants(ds_grants, partners, account_id)
            ]
        unexpected, missing, expired = settle_drift(rows, unexpected, missing, partners, ignore, today)
        # In the order of RETURN (and of the report's JSON): unexpected, missing, expired.
        result["unexpected"] = [
            lakeformation_review.undeclared_part(item, partners) if item["kind"] == LAKEFORMATION else item
            for item in unexpected
        ]
        result["missing"], result["expired"] = missing, expired
    return result


# --- partner_access_info ----------------------------------------------------------------------------------------------


class PartnerAccess(Resource):
    """partner_access_info: reads the clusters' integrations, the shares' associations and permissions, the IAM
    roles, the Lake Formation grants and the datashares, and compares them with ``partners``. Writes nothing."""

    def read(self):
        params = self.module.params
        redshift = self.module.client("redshift")
        clusters, namespaces = params["cluster_identifiers"], None
        if clusters is None:
            namespaces = list_cluster_namespaces(redshift)
            clusters = list(namespaces)
        clusters = unique(clusters)
        # The caller's account, read once: the clusters' owner, and the account whose principals are not partners.
        account_id = params["account_id"]
        if account_id is None and (clusters or params["lakeformation"] or params["datashares"]):
            account_id = caller_account_id(self.module.client("sts"))
        integrations = read_cluster_integrations(redshift, account_id, clusters) if clusters else []
        shares = read_share_access(self.module.client("ram"), params["resource_shares"])
        roles = list_roles(self.module.client("iam")) if params["iam_roles"] else None
        grants = list_grants(lakeformation_client(self.module)) if params["lakeformation"] else None
        datashares = list_datashares(redshift) if params["datashares"] else None
        result = review(
            integrations,
            shares,
            params["partners"],
            params["cluster_identifiers"],
            params["resource_shares"],
            roles=roles,
            ignore=params["ignore"],
            lakeformation=grants,
            datashares=datashares,
            account_id=account_id,
            namespaces=namespaces,
        )
        return dict(result, account_id=account_id)

    def hints_for(self, error, write):
        if error.operation == "ListRoles":
            return IAM_HINTS
        if error.operation == "ListPermissions":
            return lakeformation_review.ERROR_HINTS
        if error.operation == "DescribeDataShares":
            return datashare_review.ERROR_HINTS
        return share_hints(error) if error.operation not in _REDSHIFT_OPERATIONS else ERROR_HINTS

    def report(self, before, after, failed=False):
        return {} if failed or after is None else after


# STS's GetCallerIdentity fails for the connection, as Redshift's calls would: the Redshift hints cover it.
_REDSHIFT_OPERATIONS = ("DescribeClusters", "DescribePartners", "GetCallerIdentity")
