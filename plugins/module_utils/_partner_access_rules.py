# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""partner_access_info's input rules, checked before any call with the modules' own rules.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

from ansible_collections.partner_onboarding.aws.plugins.module_utils._iam import account_form
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_datashares import (
    invalid_references as invalid_datashare_references,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_drift import (
    invalid_expires_on,
    invalid_ignore,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_iam import (
    invalid_role_references,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_lakeformation import (
    invalid_items as invalid_lakeformation_items,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import (
    ValidationError,
    validate_not_blank,
    validate_principals,
    validate_resource_share_arn,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift import (
    invalid_options,
)

# The partners' shape is the onboard_partner role's: ``(suboption, the role's variable or None, its spec)``, the one
# table partner_access_info's argument spec is made of; a unit test holds it to the role's meta/argument_specs.yml.
# The entries of resource_shares and datashares name (by name or ARN) what the role's dicts describe.
PARTNER_FIELDS = (
    ("name", "onboard_partner_name", dict(type="str", required=True)),
    ("redshift_partner_name", None, dict(type="str")),
    (
        "redshift_databases",
        "onboard_partner_redshift_databases",
        dict(
            type="list",
            elements="dict",
            default=[],
            options=dict(
                cluster_identifier=dict(type="str", required=True),
                database_name=dict(type="str", required=True),
            ),
        ),
    ),
    ("principals", "onboard_partner_principals", dict(type="list", elements="str", default=[])),
    ("resource_shares", "onboard_partner_resource_shares", dict(type="list", elements="str", default=[])),
    (
        "lakeformation_permissions",
        "onboard_partner_lakeformation_permissions",
        dict(
            type="list",
            elements="dict",
            default=[],
            options=dict(
                database_name=dict(type="str"),
                table_name=dict(type="str"),
                data_location_arn=dict(type="str"),
                catalog_id=dict(type="str"),
                permissions=dict(type="list", elements="str", required=True),
                permissions_with_grant_option=dict(type="list", elements="str", default=[]),
            ),
        ),
    ),
    # An ARN, or the role's item (a dict): raw, checked by the rules below.
    ("datashares", "onboard_partner_datashares", dict(type="list", elements="raw", default=[])),
    ("iam_roles", None, dict(type="list", elements="str", default=[])),
    ("expires_on", "onboard_partner_expires_on", dict(type="str")),
)
# Whose entries are names or ARNs of what the role's items (dicts) describe.
BY_REFERENCE = ("resource_shares", "datashares")
PARTNERS_OPTIONS = {name: spec for name, _variable, spec in PARTNER_FIELDS}


def redshift_partner_name(partner):
    """The name Redshift knows the partner by: ``redshift_partner_name``, else its ``name`` (as the role does)."""
    return partner.get("redshift_partner_name") or partner.get("name")


# --- the options --------------------------------------------------------------------------------------------------


def _share_references(values, option):
    """Each entry a share's ARN (checked as the share modules check it) or a name that says something."""
    for value in values or []:
        if value.startswith("arn:"):
            validate_resource_share_arn(value, option=option)
        else:
            validate_not_blank(value, option)


def _partner_errors(index, partner):
    """The broken rules of one ``partners`` entry, each message naming the entry (``partners[0].principals``)."""
    prefix = f"partners[{index}]"
    errors = [] if (partner.get("name") or "").strip() else [f"{prefix}.name must not be empty"]
    if partner.get("name"):
        option = "redshift_partner_name" if partner.get("redshift_partner_name") else "name"
        errors += [
            f"{prefix}.{message.replace('partner_name', option, 1)}"
            for message in invalid_options({"partner_name": redshift_partner_name(partner)})
        ]
    for position, database in enumerate(partner.get("redshift_databases") or []):
        wanted = {"cluster_identifier": database["cluster_identifier"], "database_name": database["database_name"]}
        errors += [f"{prefix}.redshift_databases[{position}].{message}" for message in invalid_options(wanted)]
    # An account may be named by its :root ARN too (as trust policies name it).
    principals = [account_form(principal) for principal in partner.get("principals") or []]
    for check, value, option in (
        (validate_principals, principals, "principals"),
        (_share_references, partner.get("resource_shares"), "resource_shares"),
    ):
        try:
            check(value, f"{prefix}.{option}")
        except ValidationError as exc:
            errors.append(str(exc))
    errors += invalid_role_references(partner.get("iam_roles"), f"{prefix}.iam_roles")
    errors += invalid_lakeformation_items(
        partner.get("lakeformation_permissions"), f"{prefix}.lakeformation_permissions"
    )
    errors += invalid_datashare_references(
        partner.get("datashares"), partner.get("principals"), f"{prefix}.datashares", f"{prefix}.principals"
    )
    errors += invalid_expires_on(partner.get("expires_on"), f"{prefix}.expires_on")
    return errors


def invalid_access_params(params):
    """Every broken rule of partner_access_info's options, with the modules' own rules, before any call."""
    errors = invalid_options({"account_id": params.get("account_id")})
    errors += [
        message.replace("cluster_identifier ", "cluster_identifiers: ", 1)
        for message in invalid_options({"cluster_identifier": params.get("cluster_identifiers") or None})
    ]
    try:
        _share_references(params.get("resource_shares"), "resource_shares")
    except ValidationError as exc:
        errors.append(str(exc))
    errors += invalid_ignore(params.get("ignore"))
    for index, partner in enumerate(params.get("partners") or []):
        errors += _partner_errors(index, partner)
    return errors
