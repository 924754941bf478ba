# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The onboard_partner role's logic, behind its filter plugins: its principals read as a list, its input checked with
the modules' own rules, its expiry decided with partner_access_info's rule, its Redshift tasks grouped by cluster and
account, and its result.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import re
from functools import partial

from ansible_collections.partner_onboarding.aws.plugins.module_utils._lakeformation_permissions import (
    invalid_permissions_params as invalid_lakeformation_params,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_drift import (
    invalid_expires_on,
    is_expired,
    parse_expires_on,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_customer_permissions import (
    invalid_permission_params,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_rules import (
    PERMISSION_ARN_RULE,
    PERMISSION_NAME_RULE,
    PRINCIPAL_RULE,
    RESOURCE_ARN_RULE,
    RESOURCE_SHARE_ARN_RULE,
    ValidationError,
    check_same_partition,
    is_permission,
    is_permission_arn,
    is_resource_arn,
    is_resource_share_arn,
    principal_form,
    validate_not_blank,
    validate_permission_version,
    validate_tags,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift import RULES, is_valid
from ansible_collections.partner_onboarding.aws.plugins.module_utils._redshift_datashare_producer import (
    invalid_producer_params,
)

# The wording of the two permission rules that _ram_rules words for one option only (permissions, permission_name);
# the tests are _ram_rules' own.
_PERMISSION_RULE = f"a permission's name or a RAM permission ARN, {PERMISSION_ARN_RULE}"
_PERMISSION_NAME_RULE = f"a permission's name ({PERMISSION_NAME_RULE}), not an ARN"


_ACCOUNT = re.compile(r"[0-9]{12}")


def _text(value):
    """A value as a module's ``type: str`` option receives it (the role's variables may hold numbers)."""
    return value if isinstance(value, str) else str(value)


def _items(value):
    return value or []


def onboard_partner_principals(value):
    """``onboard_partner_principals`` as a list: an AWX survey answers a string (or a number), which the role's
    argument specification accepts for a list without converting it; read as Ansible's list type reads one
    (comma-separated, each part trimmed, empty parts left out)."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return [part.strip() for part in str(value).split(",") if part.strip()]
    return list(value or [])


def _is_permission_name(value):
    return not value.startswith("arn:") and is_permission(value)


def _redshift_checks(variables):
    """What the role passes to redshift_partner: the partner's name and, per database, its cluster, name and account.

    ``(role variable, values, redshift_partner's option, whether a list)``; nothing when no database is listed.
    """
    databases = _items(variables.get("onboard_partner_redshift_databases"))
    if not databases:
        return []
    default_account = variables.get("onboard_partner_account_id")
    # A database's own account_id wins: the role's default reaches redshift_partner only for the others.
    default_used = default_account and any(database.get("account_id") is None for database in databases)
    own_accounts = [database["account_id"] for database in databases if database.get("account_id")]
    return [
        ("onboard_partner_name", [variables.get("onboard_partner_name")], "partner_name", False),
        ("onboard_partner_account_id", [default_account] if default_used else [], "account_id", False),
        (
            "onboard_partner_redshift_databases[].cluster_identifier",
            [database.get("cluster_identifier") for database in databases],
            "cluster_identifier",
            True,
        ),
        (
            "onboard_partner_redshift_databases[].database_name",
            [database.get("database_name") for database in databases],
            "database_name",
            True,
        ),
        ("onboard_partner_redshift_databases[].account_id", own_accounts, "account_id", True),
    ]


def _checks(variables):
    """``(role variable, the values the role passes to a module, the module's test, its rule, whether a list)``."""
    checks = [
        (variable, values, partial(is_valid, option), RULES[option], is_list)
        for variable, values, option, is_list in _redshift_checks(variables)
    ]
    shares = _items(variables.get("onboard_partner_resource_shares"))
    share_permissions = _items(variables.get("onboard_partner_resource_share_permissions"))
    checks += [
        # The principals reach ram_resource_share_principal once per share, so only when shares are listed.
        (
            "onboard_partner_principals",
            _items(variables.get("onboard_partner_principals")) if shares else [],
            lambda principal: principal_form(principal) is not None,
            PRINCIPAL_RULE,
            True,
        ),
        (
            "onboard_partner_resource_shares[].arn",
            [share.get("arn") for share in shares if share.get("arn")],
            is_resource_share_arn,
            RESOURCE_SHARE_ARN_RULE,
            True,
        ),
        (
            "onboard_partner_resource_shares[].resource_arns",
            [arn for share in shares for arn in _items(share.get("resource_arns"))],
            is_resource_arn,
            RESOURCE_ARN_RULE,
            True,
        ),
        (
            "onboard_partner_resource_shares[].permissions",
            [permission for share in shares for permission in _items(share.get("permissions"))],
            is_permission,
            _PERMISSION_RULE,
            True,
        ),
        (
            "onboard_partner_resource_share_permissions[].resource_share_arn",
            [item.get("resource_share_arn") for item in share_permissions if item.get("resource_share_arn")],
            is_resource_share_arn,
            RESOURCE_SHARE_ARN_RULE,
            True,
        ),
        (
            "onboard_partner_resource_share_permissions[].permission_arn",
            [item.get("permission_arn") for item in share_permissions if item.get("permission_arn")],
            is_permission_arn,
            PERMISSION_ARN_RULE,
            True,
        ),
        (
            "onboard_partner_resource_share_permissions[].permission_name",
            [item.get("permission_name") for item in share_permissions if item.get("permission_name")],
            _is_permission_name,
            _PERMISSION_NAME_RULE,
            True,
        ),
    ]
    return checks


def _whole_version(version, option):
    """permission_version as the module's ``type: int`` takes it (a survey answers text), then the module's rule."""
    try:
        number = None if version is None else int(str(version).strip())
    except ValueError:
        raise ValidationError(f"{option}: {version!r} is not a whole number") from None
    validate_permission_version(number, option)


def _item_checks(variables):
    """The modules' rules about a whole item of a list (a blank name, tag keys, a version, partitions): one function
    per rule, each raising ValidationError with the item's place as the option."""
    for index, share in enumerate(_items(variables.get("onboard_partner_resource_shares"))):
        place = f"onboard_partner_resource_shares[{index}]"
        yield partial(validate_not_blank, share.get("name"), f"{place}.name")
        yield partial(validate_tags, share.get("tags"), f"{place}.tags")
    for index, item in enumerate(_items(variables.get("onboard_partner_resource_share_permissions"))):
        place = f"onboard_partner_resource_share_permissions[{index}]"
        yield partial(validate_not_blank, item.get("resource_share_name"), f"{place}.resource_share_name")
        yield partial(_whole_version, item.get("permission_version"), f"{place}.permission_version")
        if is_resource_share_arn(item.get("resource_share_arn")) and is_permission_arn(item.get("permission_arn")):
            yield partial(check_same_partition, item["resource_share_arn"], item["permission_arn"])


def _permission_errors(variables):
    """ram_permission's own rules for each item of onboard_partner_permissions (as the role passes it)."""
    errors = []
    for index, item in enumerate(_items(variables.get("onboard_partner_permissions"))):
        place = f"onboard_partner_permissions[{index}]"
        if not isinstance(item, dict):
            errors.append(f"{place} must be a dict with name, resource_type and policy_template")
            continue
        if not item.get("resource_type"):
            errors.append(f"{place}.resource_type is required (the role creates the permission when missing)")
        params = {
            "name": _text(item.get("name")) if item.get("name") is not None else None,
            "resource_type": item.get("resource_type"),
            "policy_template": item.get("policy_template"),
            "state": "present",
            "tags": item.get("tags"),
        }
        errors += [f"{place}: {message}" for message in invalid_permission_params(params)]
    return errors


def _lakeformation_errors(variables):
    """lakeformation_permissions' own rules for each item of onboard_partner_lakeformation_permissions, granted to
    each of onboard_partner_principals (since 1.3.0)."""
    items = _items(variables.get("onboard_partner_lakeformation_permissions"))
    principals = [_text(principal) for principal in _items(variables.get("onboard_partner_principals"))]
    if items and not principals:
        return [
            "onboard_partner_lakeformation_permissions needs onboard_partner_principals: the principals to grant to"
        ]
    errors = []
    for index, item in enumerate(items):
        place = f"onboard_partner_lakeformation_permissions[{index}]"
        if not isinstance(item, dict):
            errors.append(f"{place} must be a dict with database_name (or data_location_arn) and permissions")
            continue
        params = {
            option: _text(item[option]) if item.get(option) is not None else None
            for option in ("catalog_id", "database_name", "table_name", "data_location_arn")
        }
        params.update(
            principal=None,
            permissions=[_text(p) for p in _items(item.get("permissions"))] if "permissions" in item else None,
            permissions_with_grant_option=[_text(p) for p in _items(item.get("permissions_with_grant_option"))],
            state="present",
        )
        errors += [f"{place}: {message}" for message in invalid_lakeformation_params(params)]
    for principal in principals if items else []:
        errors += [
            f"onboard_partner_principals: {message}"
            for message in invalid_lakeformation_params(
                {"principal": principal, "database_name": "x", "permissions": []}
            )
        ]
    return errors


def _datashare_errors(variables):
    """redshift_datashare's own rules for each item of onboard_partner_datashares (as the role passes it)."""
    errors = []
    accounts = [_text(p) for p in _items(variables.get("onboard_partner_principals")) if _ACCOUNT.fullmatch(_text(p))]
    if _items(variables.get("onboard_partner_datashares")) and not accounts:
        return [
            "onboard_partner_datashares needs the partner's 12-digit AWS account ID in onboard_partner_principals: "
            "a datashare is authorized for an account"
        ]
    for index, item in enumerate(_items(variables.get("onboard_partner_datashares"))):
        place = f"onboard_partner_datashares[{index}]"
        if not isinstance(item, dict):
            errors.append(f"{place} must be a dict with datashare_arn, or cluster_identifier and datashare_name")
            continue
        params = {
            key: item.get(key) for key in ("datashare_arn", "cluster_identifier", "datashare_name", "grant_usage")
        }
        if params["datashare_arn"] and params["datashare_name"]:
            errors.append(f"{place}: datashare_arn and datashare_name are mutually exclusive")
        params["consumer_account_ids"] = accounts
        errors += [f"{place}: {message}" for message in invalid_producer_params(params)]
    return errors


def onboard_partner_errors(variables):
    """The messages for every value of the role's ``variables`` that the module it is passed to would refuse, and for
    an ``onboard_partner_expires_on`` that is not a date (partner_access_info's rule for ``expires_on``)."""
    errors = invalid_expires_on(variables.get("onboard_partner_expires_on"), "onboard_partner_expires_on")
    errors += _permission_errors(variables) + _lakeformation_errors(variables) + _datashare_errors(variables)
    for check in _item_checks(variables):
        try:
            check()
        except ValidationError as exc:
            errors.append(str(exc))
    for variable, values, accepts, rule, is_list in _checks(variables):
        bad = [value for value in map(_text, values) if not accepts(value)]
        if bad:
            errors.append(
                f"{variable}: {', '.join(repr(value) for value in bad)} not valid: "
                f"{'each' if is_list else 'it'} must be {rule}"
            )
    return errors


def onboard_partner_expired(expires_on, today=None):
    """Whether the partner's access has ended: ``expires_on`` (``onboard_partner_expires_on``, a ``YYYY-MM-DD`` text
    or a date, as YAML reads an unquoted one) is ``today`` or past. partner_access_info's rule (``is_expired``), so
    that the role offboards exactly the partners the access review reports as expired.

    ``today``: a date or ``YYYY-MM-DD``; unset, today in UTC. An unset ``expires_on`` (None) never expires; one that is
    not a date raises ValueError naming ``onboard_partner_expires_on`` (the role checks it before, with
    ``onboard_partner_errors``).
    """
    if expires_on is None:
        return False
    errors = invalid_expires_on(expires_on, "onboard_partner_expires_on")
    if errors:
        raise ValueError(errors[0])
    return is_expired(expires_on, parse_expires_on(today) if today else None)


def onboard_partner_redshift_groups(databases, account_id=None):
    """One item per (cluster, account) of ``databases``, in first-seen order, each with its databases' names."""
    groups = {}
    for database in _items(databases):
        account = database.get("account_id")
        if account is None:
            account = account_id
        key = (_text(database["cluster_identifier"]), _text(account) if account else None)
        group = groups.setdefault(key, {"cluster_identifier": key[0], "account_id": key[1], "database_names": []})
        group["database_names"].append(database["database_name"])
    return list(groups.values())


def _results(registered):
    """The per-item results of a registered loop task; none when it did not run (a skipped block registers no list)."""
    return _items((registered or {}).get("results"))


def _flatten(lists):
    """Ansible's ``flatten`` of lists of dicts: the items of every list, in order, nulls left out."""
    return [item for items in lists for item in _items(items) if item is not None]


def onboard_partner_result(
    variables,
    redshift=None,
    shares=None,
    share_permissions=None,
    found_shares=None,
    share_principals=None,
    accepted=None,
    permissions=None,
    lakeformation=None,
    datashares=None,
    datashares_associated=None,
    expired=False,
):
    """``onboard_partner_result``: what the partner has after the run, from the role's registered task results.

    ``expired``: whether the role found the partner's access expired (``onboard_partner_expired``) and so offboarded
    it: ``state`` is then ``absent``. With ``onboard_partner_expires_on`` set, the result has ``expires_on``
    (``YYYY-MM-DD``) and ``expired``.
    """
    if variables.get("onboard_partner_principals"):
        # Each share as its principal task found it, with the principals that task returns.
        shares_after = [
            {**result["item"], **{key: result[key] for key in ("principals", "pending_principals") if key in result}}
            for result in _results(share_principals)
        ]
    else:
        shares_after = [result.get("resource_share") for result in _results(shares)] + _flatten(
            result.get("resource_shares") for result in _results(found_shares)
        )
    # The shares whose invitation the partner accepted in this run, as the owner reads them afterwards, replace them.
    reread = _flatten(result.get("resource_shares") for result in _results(accepted))
    if reread:
        by_arn = {share.get("arn"): share for share in shares_after}
        by_arn.update((share.get("arn"), share) for share in reread)
        shares_after = [by_arn[share.get("arn")] for share in shares_after]
    result = {
        "partner_name": variables.get("onboard_partner_name"),
        "state": "absent" if expired else variables.get("onboard_partner_state"),
        "partner_integrations": _flatten(result.get("partner_integrations") for result in _results(redshift)),
        "resource_share_permissions": {
            result.get("resource_share_arn"): result.get("permissions")
            for result in _results(share_permissions)
            # In check mode, a permission the role would create first is skipped.
            if not result.get("skipped")
        },
        "resource_shares": shares_after,
        "permissions_managed": [result.get("permission") for result in _results(permissions)],
        # One per item and principal, as lakeformation_permissions returns it (since 1.3.0).
        "lakeformation_permissions": [
            {key: result[key] for key in _LAKEFORMATION_KEYS if key in result}
            for result in _results(lakeformation)
            if not result.get("skipped")
        ],
        "datashares": _datashares_after(datashares, datashares_associated),
    }
    expires_on = variables.get("onboard_partner_expires_on")
    if expires_on is not None:
        result.update(expires_on=parse_expires_on(expires_on).isoformat(), expired=bool(expired))
    return result


_LAKEFORMATION_KEYS = ("principal", "resource", "permissions", "permissions_with_grant_option")


def _datashares_after(datashares, associated):
    """The datashares as redshift_datashare returns them; one the partner associated in this run, as the owner reads
    it afterwards."""
    reread = {
        share.get("arn"): share for share in _flatten(result.get("datashares") for result in _results(associated))
    }
    return [
        reread.get(result["datashare"].get("arn"), result["datashare"])
        for result in _results(datashares)
        if result.get("datashare")
    ]
