# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The onboard_partners playbook's logic, behind its filter plugins: the parts that several partners share (resource
shares, their permissions, principals), computed once from every partner of the inventory, and which partner each
failure of them belongs to.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import copy
import json
import uuid
from functools import lru_cache
from pathlib import Path

import yaml

from ansible_collections.partner_onboarding.aws.plugins.module_utils._connection import CONNECTION_ARGUMENT_SPEC
from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_drift import (
    parse_expires_on,
    today_utc,
)
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_customer_permissions import same_template
from ansible_collections.partner_onboarding.aws.plugins.plugin_utils._onboard_partner import (
    _results,
    onboard_partner_errors,
    onboard_partner_expired,
    onboard_partner_principals,
)

# The role's argument specification, where its variables and their defaults are stated (defaults/main.yml repeats the
# defaults because Ansible does not apply a specification's defaults; a unit test keeps the two equal).
ROLE_ARGUMENT_SPECS = Path(__file__).resolve().parents[2] / "roles" / "onboard_partner" / "meta" / "argument_specs.yml"
# The connection options' aliases (the modules' connection argument spec), so that two partners naming one account and
# region differently still share one share.
ALIASES = {alias: option for option, spec in CONNECTION_ARGUMENT_SPEC.items() for alias in spec.get("aliases") or ()}
# The client tokens of the shares' creations: a UUID derived from the share's name (RAM scopes a token to the caller's
# account and region), the same in every process that onboards partners of the inventory.
TOKEN_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://galaxy.ansible.com/ui/repo/published/partner_onboarding/aws/")


def creation_token(name):
    """The clientToken of the CreateResourceShare that makes the share ``name``: the same wherever it is computed."""
    return str(uuid.uuid5(TOKEN_NAMESPACE, f"onboard_partners/resource-share/{name}"))


@lru_cache(maxsize=None)
def _role_options():
    with ROLE_ARGUMENT_SPECS.open(encoding="utf-8") as spec:
        return yaml.safe_load(spec)["argument_specs"]["main"]["options"]


def role_defaults():
    """``{variable: default}`` of the role's variables that have a default, from its argument specification."""
    return {name: copy.deepcopy(option["default"]) for name, option in _role_options().items() if "default" in option}


def partner_variables(host_vars):
    """A host's role variables, with the role's defaults (``host_vars``: a mapping such as ``hostvars[host]``)."""
    defaults = role_defaults()
    variables = {name: host_vars[name] if name in host_vars else defaults.get(name) for name in _role_options()}
    variables["onboard_partner_principals"] = onboard_partner_principals(variables["onboard_partner_principals"])
    return variables


def _connection(aws):
    return {ALIASES.get(key, key): value for key, value in (aws or {}).items()}


def _connection_key(aws):
    return json.dumps(_connection(aws), sort_keys=True, default=str)


def _share_key(item):
    """How partners name one share: by ARN when they give one, else by name."""
    return ("arn", item["arn"]) if item.get("arn") else ("name", item.get("name"))


def _merge_share(share, item, host):
    """Add a partner's share item to the union ``share``; conflicts go to ``share['conflicts']``."""
    share["partners"].append(host)
    if item.get("name") and not share["name"]:
        share["name"] = item["name"]
    for arn in item.get("resource_arns") or []:
        if arn not in share["resource_arns"]:
            share["resource_arns"].append(arn)
    if item.get("permissions") is not None:
        share["permissions"] = sorted(set(share["permissions"] or []) | set(item["permissions"]))
    allow = item.get("allow_external_principals")
    allow = True if allow is None else bool(allow)
    if share["allow_external_principals"] is None:
        share["allow_external_principals"] = allow
    elif share["allow_external_principals"] != allow:
        share["conflicts"].append(f"allow_external_principals: {host} sets {allow}, another partner {not allow}")
    _merge_tags(share, item.get("tags"), host)


def _merge_tags(entry, tags, host):
    """Add a partner's ``tags`` to ``entry['tags']``; a key set to two values goes to ``entry['conflicts']``."""
    if tags is not None and entry["tags"] is None:
        entry["tags"] = {}
    for key, value in (tags or {}).items():
        value = str(value)
        if key in entry["tags"] and entry["tags"][key] != value:
            entry["conflicts"].append(
                f"tags: {host} sets {key}={value!r}, another partner {key}={entry['tags'][key]!r}"
            )
        entry["tags"].setdefault(key, value)


def _merge_permission(permissions, connection, aws, item, host):
    """Add a partner's ``onboard_partner_permissions`` item to the union (one entry per connection and name)."""
    entry = permissions.setdefault(
        (connection, item["name"]),
        {
            "aws": _connection(aws),
            "name": item["name"],
            "resource_type": item["resource_type"],
            "policy_template": item["policy_template"],
            "tags": None,
            "partners": [],
            "conflicts": [],
        },
    )
    entry["partners"].append(host)
    if item["resource_type"].lower() != entry["resource_type"].lower():
        entry["conflicts"].append(
            f"resource_type of permission {item['name']}: {host} sets {item['resource_type']}, another partner "
            f"{entry['resource_type']}"
        )
    if not same_template(item["policy_template"], entry["policy_template"]):
        entry["conflicts"].append(f"policy_template of permission {item['name']}: {host} sets another template")
    _merge_tags(entry, item.get("tags"), host)


def _new_share(aws, key):
    return {
        "aws": _connection(aws),
        "name": key[1] if key[0] == "name" else None,
        "arn": key[1] if key[0] == "arn" else None,
        "resource_arns": [],
        "permissions": None,
        "allow_external_principals": None,
        "tags": None,
        "partners": [],
        "conflicts": [],
    }


def onboard_partners_shared(hostvars, hosts, today=None):
    """The shared parts of the partners ``hosts`` (their variables in ``hostvars``).

    A partner whose ``onboard_partner_expires_on`` is ``today`` (a date or ``YYYY-MM-DD``; unset, today in UTC) or
    past counts as offboarded, whatever its ``onboard_partner_state``, as the role offboards it.

    Returns a dict:

    - ``shares``: one item per resource share that a present partner with valid variables lists (by connection and
      name or ARN, in first-seen order): the union of what they list (``resource_arns``, ``permissions`` or None when
      none manages them, ``allow_external_principals``, ``tags`` or None), the ``partners`` that list it, the
      ``conflicts`` between them (a share on which partners disagree is not ensured: they fail), and the
      ``client_token`` of its creation (``creation_token``: derived from its name only, so that every process that
      creates it at once gets the one share RAM made for the token);
    - ``permissions``: one item per customer managed permission that a present partner with valid variables lists in
      ``onboard_partner_permissions`` (by connection and name): ``name``, ``resource_type``, ``policy_template``, the
      union of the ``tags`` (None when none are given), the ``partners`` that list it and their ``conflicts`` (another
      type or template: the permission is not ensured and they fail). Ensured before the shares, whose
      ``permissions`` may name them;
    - ``share_permissions``: the items of ``onboard_partner_resource_share_permissions`` of present partners, each
      once, with its ``aws`` and ``partners``;
    - ``invalid``: ``{host: [messages]}`` of the partners whose variables the modules would refuse (left out of the
      union: the role fails them, alone);
    - ``kept_principals``: ``{host: {share name or ARN: [principals]}}`` for the offboarded partners: the principals
      they list that a present partner still lists on the same share, which offboarding must leave;
    - ``expired``: the partners (with valid variables) whose access has expired, in the order of ``hosts``;
    - ``today``: the day they were judged by (``YYYY-MM-DD``), which the playbook gives the role so that it judges
      every partner of the run by the same day.
    """
    today = _day(today)
    shares, permissions, share_permissions, invalid, present = {}, {}, {}, {}, []
    partners, expired = [], []
    for host in hosts:
        variables = partner_variables(hostvars[host])
        errors = onboard_partner_errors(variables)
        if errors:
            invalid[host] = errors
            continue
        if onboard_partner_expired(variables["onboard_partner_expires_on"], today):
            expired.append(host)
            variables["onboard_partner_state"] = "absent"
        partners.append((host, variables))
    for host, variables in partners:
        if variables["onboard_partner_state"] != "present":
            continue
        connection = _connection_key(variables["onboard_partner_aws"])
        for item in variables["onboard_partner_permissions"] or []:
            _merge_permission(permissions, connection, variables["onboard_partner_aws"], item, host)
        for item in variables["onboard_partner_resource_shares"] or []:
            key = _share_key(item)
            share = shares.setdefault((connection, key), _new_share(variables["onboard_partner_aws"], key))
            _merge_share(share, item, host)
            for principal in variables["onboard_partner_principals"]:
                present.append((connection, key, principal))
                if share["name"] and key[0] == "arn":
                    present.append((connection, ("name", share["name"]), principal))
        for item in variables["onboard_partner_resource_share_permissions"] or []:
            wanted = {k: v for k, v in item.items() if v is not None}
            entry = share_permissions.setdefault(
                (connection, json.dumps(wanted, sort_keys=True, default=str)),
                dict(wanted, aws=_connection(variables["onboard_partner_aws"]), partners=[]),
            )
            entry["partners"].append(host)
    for share in shares.values():
        share["client_token"] = creation_token(share["name"]) if share["name"] else None
    kept = {}
    for host, variables in partners:
        if variables["onboard_partner_state"] == "present":
            continue
        connection = _connection_key(variables["onboard_partner_aws"])
        for item in variables["onboard_partner_resource_shares"] or []:
            for key in (("arn", item.get("arn")), ("name", item.get("name"))):
                still = [p for p in variables["onboard_partner_principals"] if (connection, key, p) in present]
                if key[1] and still:
                    kept.setdefault(host, {})[key[1]] = still
    return {
        "shares": list(shares.values()),
        "permissions": list(permissions.values()),
        "share_permissions": list(share_permissions.values()),
        "invalid": invalid,
        "kept_principals": kept,
        "expired": expired,
        "today": today,
    }


def _day(today=None):
    """``today`` (a date or ``YYYY-MM-DD``) as ``YYYY-MM-DD``; unset, today in UTC."""
    return (parse_expires_on(today) if today else today_utc()).isoformat()


# What the conflicts of onboard_partners_shared are about, in the messages of the partners they fail.
_CONFLICTS = (
    ("shares", "partners disagree on a shared resource share: "),
    ("permissions", "partners disagree on a customer managed permission: "),
)


def onboard_partners_errors(shared, host, permissions=None, shares=None, share_permissions=None):
    """The messages that fail the partner ``host`` for the shared parts it lists, none when they are all ensured.

    ``shared``: onboard_partners_shared's result, whose conflicts fail every partner listing the share or permission;
    ``permissions``, ``shares``, ``share_permissions``: the registered results of the playbook's loops that ensured
    them (each item a part of ``shared`` with its ``partners``), whose failed items fail the partners listing them.
    """
    errors = [
        prefix + conflict
        for key, prefix in _CONFLICTS
        for part in shared[key]
        if part["conflicts"] and host in part["partners"]
        for conflict in part["conflicts"]
    ]
    for registered in (permissions, shares, share_permissions):
        errors += [
            result.get("msg", "")
            for result in _results(registered)
            if result.get("failed") and host in result["item"]["partners"]
        ]
    return errors
