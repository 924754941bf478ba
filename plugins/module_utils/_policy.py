# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Policy templates: the rules a RAM permission's template follows, and the comparison of two templates (the model:
amazon.aws's ``compare_policies``), with no AWS call.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import json

# The elements a RAM policy template may have: RAM sets the principal and the resource from the share.
TEMPLATE_KEYS = ("Effect", "Action", "NotAction", "Condition")
FORBIDDEN_KEYS = ("Principal", "NotPrincipal", "Resource", "NotResource")
# Elements whose value may be a string or a list, a set of strings either way.
_SET_VALUED = ("Action", "NotAction")


def parse_template(value):
    """The template as a dict, from a dict or a JSON string; ValueError saying why not."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ValueError(f"policy_template is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise ValueError("policy_template must be a dict (or a JSON object): one statement of a policy")
    return value


def template_errors(value):
    """The broken rules of a policy template (no AWS call)."""
    try:
        template = parse_template(value)
    except ValueError as exc:
        return [str(exc)]
    errors = []
    forbidden = [key for key in FORBIDDEN_KEYS if key in template]
    if forbidden:
        errors.append(
            f"policy_template must not contain {' or '.join(forbidden)}: RAM takes the principal and the resource "
            "from the share"
        )
    unknown = sorted(set(template) - set(TEMPLATE_KEYS) - set(FORBIDDEN_KEYS))
    if unknown:
        errors.append(f"policy_template has unknown elements {', '.join(unknown)}: use {', '.join(TEMPLATE_KEYS)}")
    if str(template.get("Effect", "")).lower() != "allow":
        errors.append("policy_template needs Effect: Allow (a RAM permission only grants)")
    if ("Action" in template) == ("NotAction" in template):
        errors.append("policy_template needs Action or NotAction (exactly one of them)")
    return errors


def _canonical(value, set_valued=False):
    if isinstance(value, dict):
        return {key: _canonical(item, key in _SET_VALUED) for key, item in value.items()}
    if set_valued or isinstance(value, list):
        items = value if isinstance(value, list) else [value]
        if all(isinstance(item, (str, int, float, bool)) for item in items):
            return sorted({str(item) for item in items})
        return [_canonical(item) for item in items]
    return value


def canonical_template(value):
    """The template as a value to compare: key order and whitespace gone, an Action string equal to a one-item list,
    and the order of actions (and of a condition's values) gone."""
    template = parse_template(value)
    result = _canonical(template)
    if isinstance(result.get("Condition"), dict):
        result["Condition"] = {
            operator: (
                {key: _canonical(item, True) for key, item in (keys or {}).items()} if isinstance(keys, dict) else keys
            )
            for operator, keys in result["Condition"].items()
        }
    return result


def same_template(left, right):
    return canonical_template(left) == canonical_template(right)


def template_text(value):
    """The template as RAM takes it: a compact JSON string."""
    return json.dumps(parse_template(value), separators=(",", ":"), sort_keys=True)
