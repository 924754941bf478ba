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

from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import caller_account_id, unique
from ansible_collections.partner_onboarding.aws.plugins.module_utils._iam import ERROR_HINTS as IAM_HINTS
from ansible_collections.partner_onboarding.aws.plugins.module_utils._iam import account_form, list_roles
from ansible_collections.partner_onboarding.aws.plugins.module_utils._lakeformation import (
    lakeformation_client,
    list_grants,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import Failure, Resource
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_datashares import (
    DATASHARE,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_datashares import (
    ERROR_HINTS as DATASHARE_HINTS,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_datashares import (
    declaring_partner as datashare_declaring_partner,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_datashares import (
    missing_grants as missing_datashare_grants,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_datashares import (
    outside_grants as datashare_grants,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_datashares import (
    owning_partner as datashare_owner,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_datashares import (
    resolve as resolve_datashare,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_drift import (
    LAKEFORMATION,
    managed_by,
    settle_drift,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_iam import (
    IAM_ROLE,
    declaring_partner,
    missing_role_grants,
    owning_partner,
    role_grants,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_lakeformation import (
    ERROR_HINTS as LAKEFORMATION_HINTS,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_lakeformation import (
    declaring_partner as lakeformation_declaring_partner,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_lakeformation import (
    missing_grants as missing_lakeformation_grants,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_lakeformation import (
    outside_grants as lakeformation_grants,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_lakeformation import (
    owning_partner as lakeformation_owner,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_rules import redshift_partner_name
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram import (
    normalize_share,
    read_shares,
    share_hints,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_associations import (
    LIVE,
    SUSPENDED,
    latest,
    list_associations,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_permissions import (
    list_resource_share_permissions,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import (
    is_resource_share_arn,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift import (
    ERROR_HINTS,
    list_cluster_namespaces,
    read_cluster_integrations,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift_datashares import list_datashares

REDSHIFT, RAM = "redshift", "ram"
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


# --- the shares asked for -----------------------------------------------------------------------------------------


def share_matches(share, reference):
    """Whether a share (normalized) is the one ``reference`` (a name or an ARN) names."""
    return share["arn"] == reference if is_resource_share_arn(reference) else share["name"] == reference


def select_shares(shares, references):
    """The shares that ``references`` name (all when None); Failure naming the references that match none."""
    if references is None:
        return shares
    unmatched = [ref for ref in unique(references) if not any(share_matches(share, ref) for share in shares)]
    if unmatched:
        names = sorted({share["name"] for share in shares})
        raise Failure(
            f"resource_shares: {', '.join(repr(ref) for ref in unmatched)} names none of your ACTIVE resource shares "
            f"in this region; they are: {', '.join(names) if names else 'none'}"
        )
    return [share for share in shares if any(share_matches(share, ref) for ref in references)]


def principal_rows(associations):
    """A share's principals as the review returns them: ``{principal, status, external}``, live ones only (and the
    suspended ones of accounts that left the organization, with their status)."""
    return [
        {"principal": item["associated_entity"], "status": item["status"], "external": item.get("external")}
        for item in latest(associations)
        if item["status"] in LIVE + SUSPENDED
    ]


def permission_view(permissions):
    """``{resource_type: {arn, name, version}}``: the permissions of a share, one per resource type."""
    return {
        p["resource_type"]: {"arn": p["arn"], "name": p.get("name"), "version": p.get("version")} for p in permissions
    }


def read_share_access(client, references=None):
    """The caller's ACTIVE shares (those ``references`` name, else all), each with its resources, principals and
    permissions: GetResourceShares (all pages), GetResourceShareAssociations once per association type for up to 100
    shares at a time, and one ListResourceSharePermissions per share."""
    listed = [normalize_share(share) for share in read_shares(client, "SELF", resourceShareStatus="ACTIVE")]
    # An endpoint that ignores the status filter must not bring deleted shares back.
    shares = select_shares([share for share in listed if share["status"] == "ACTIVE"], references)
    arns = [share["arn"] for share in shares]
    principals = list_associations(client, "PRINCIPAL", arns) if arns else []
    resources = list_associations(client, "RESOURCE", arns) if arns else []
    for share in shares:
        share["resource_arns"] = [
            item["associated_entity"]
            for item in latest(a for a in resources if a["resource_share_arn"] == share["arn"])
            if item["status"] in LIVE
        ]
        share["principals"] = principal_rows(a for a in principals if a["resource_share_arn"] == share["arn"])
        share["permissions"] = permission_view(list_resource_share_permissions(client, share["arn"]))
    return shares


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


def role_rows(grants, partners=()):
    """One row per IAM role and outside principal its trust policy lets in (``_partner_access_iam.role_grants``)."""
    return [
        row(
            IAM_ROLE,
            grant["grantee"],
            owning_partner(grant, partners),
            role_arn=grant["role_arn"],
            role_name=grant["role_name"],
            external_id=grant["external_id"],
        )
        for grant in grants
    ]


def lakeformation_rows(grants, partners=()):
    """One row per outside principal and resource of the Lake Formation grants
    (``_partner_access_lakeformation.outside_grants``)."""
    return [
        row(
            LAKEFORMATION,
            grant["grantee"],
            lakeformation_owner(grant, partners),
            database_name=grant["database_name"],
            table_name=grant["table_name"],
            data_location_arn=grant["data_location_arn"],
            permissions=grant["permissions"],
        )
        for grant in grants
    ]


def datashare_rows(grants, partners=()):
    """One row per outside consumer holding a datashare (``_partner_access_datashares.outside_grants``)."""
    return [
        row(
            DATASHARE,
            grant["grantee"],
            datashare_owner(grant, partners),
            grant["status"],
            cluster_identifier=grant["cluster_identifier"],
            datashare_arn=grant["datashare_arn"],
            datashare_name=grant["datashare_name"],
        )
        for grant in grants
    ]


# Whose a row of a kind the partners' Redshift and RAM grants do not describe is: ``rule(row, partners)``, the
# declaring entry's name or None. A kind without a rule is declared by nobody.
DECLARING_PARTNER = {
    IAM_ROLE: declaring_partner,
    LAKEFORMATION: lakeformation_declaring_partner,
    DATASHARE: datashare_declaring_partner,
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
            datashares=[resolve_datashare(ref, namespaces) for ref in partner.get("datashares") or []],
        )
        for partner in partners or []
    ]
    rows = access_rows(integrations, shares, partners)
    grants = role_grants(roles) if roles is not None else []
    rows += role_rows(grants, partners)
    lf_grants = lakeformation_grants(lakeformation, account_id) if lakeformation is not None else []
    rows += lakeformation_rows(lf_grants, partners)
    ds_grants = datashare_grants(datashares, account_id, namespaces) if datashares is not None else []
    rows += datashare_rows(ds_grants, partners)
    result = {"redshift_integrations": integrations, "resource_shares": shares, "access": rows}
    if partners:
        unexpected, missing = drift(rows, shares, partners, cluster_identifiers, share_references)
        if roles is not None:
            missing += [
                row(IAM_ROLE, item["grantee"], item["partner"], role_arn=item["role_arn"], role_name=item["role_name"])
                for item in missing_role_grants(grants, roles, partners)
            ]
        if lakeformation is not None:
            missing += [
                row(LAKEFORMATION, **item) for item in missing_lakeformation_grants(lf_grants, partners, account_id)
            ]
        if datashares is not None:
            missing += [row(DATASHARE, **item) for item in missing_datashare_grants(ds_grants, partners, account_id)]
        result["unexpected"], result["missing"], result["expired"] = settle_drift(
            rows, unexpected, missing, partners, ignore, today
        )
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
            return LAKEFORMATION_HINTS
        if error.operation == "DescribeDataShares":
            return DATASHARE_HINTS
        return share_hints(error) if error.operation not in _REDSHIFT_OPERATIONS else ERROR_HINTS

    def report(self, before, after, failed=False):
        return {} if failed or after is None else after


# STS's GetCallerIdentity fails for the connection, as Redshift's calls would: the Redshift hints cover it.
_REDSHIFT_OPERATIONS = ("DescribeClusters", "DescribePartners", "GetCallerIdentity")
