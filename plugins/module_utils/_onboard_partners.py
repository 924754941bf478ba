# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The onboard_partners playbook's logic, behind its filter plugin: the parts that several partners share (resource
shares, their permissions, principals), computed once from every partner of the inventory.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import json
import uuid

from ansible_collections.partner_onboarding.aws.plugins.module_utils._onboard_partner import onboard_partner_errors
from ansible_collections.partner_onboarding.aws.plugins.module_utils._ram_customer_permissions import same_template

# The role's defaults (roles/onboard_partner/defaults/main.yml), for hosts that do not set a variable.
ROLE_DEFAULTS = {
    "onboard_partner_state": "present",
    "onboard_partner_redshift_databases": [],
    "onboard_partner_resource_share_permissions": [],
    "onboard_partner_aws": {},
    "onboard_partner_principals": [],
    "onboard_partner_resource_shares": [],
    "onboard_partner_permissions": [],
}
VARIABLES = ("onboard_partner_name", "onboard_partner_account_id") + tuple(ROLE_DEFAULTS)
# The connection options' aliases (the connection doc fragment), so that two partners naming one account and region
# differently still share one share.
ALIASES = {
    "aws_region": "region",
    "aws_profile": "profile",
    "aws_access_key_id": "access_key",
    "aws_access_key": "access_key",
    "aws_secret_access_key": "secret_key",
    "aws_secret_key": "secret_key",
    "aws_session_token": "session_token",
    "security_token": "session_token",
    "aws_security_token": "session_token",
    "aws_endpoint_url": "endpoint_url",
}
# The client tokens of the shares' creations: a UUID derived from the share's name (RAM scopes a token to the caller's
# account and region), the same in every process that onboards partners of the inventory.
TOKEN_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://galaxy.ansible.com/ui/repo/published/partner_onboarding/aws/")


def creation_token(name):
    """The clientToken of the CreateResourceShare that makes the share ``name``: the same wherever it is computed."""
    return str(uuid.uuid5(TOKEN_NAMESPACE, f"onboard_partners/resource-share/{name}"))


def principal_list(value):
    """``onboard_partner_principals`` as a list (the role reads an AWX survey's comma-separated string the same way)."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return [part.strip() for part in str(value).split(",") if part.strip()]
    return list(value or [])


def partner_variables(host_vars):
    """A host's role variables, with the role's defaults (``host_vars``: a mapping such as ``hostvars[host]``)."""
    variables = {}
    for name in VARIABLES:
        value = host_vars.get(name) if name in host_vars else ROLE_DEFAULTS.get(name)
        variables[name] = value
    variables["onboard_partner_principals"] = principal_list(variables["onboard_partner_principals"])
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


def onboard_partners_shared(hostvars, hosts):
    """The shared parts of the partners ``hosts`` (their variables in ``hostvars``).

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
      they list that a present partner still lists on the same share, which offboarding must leave.
    """
    shares, permissions, share_permissions, invalid, present = {}, {}, {}, {}, []
    partners = []
    for host in hosts:
        variables = partner_variables(hostvars[host])
        errors = onboard_partner_errors(variables)
        if errors:
            invalid[host] = errors
            continue
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
    }
