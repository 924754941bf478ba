# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The partners' shape is the role's: partner_access_info's ``partners`` suboptions (one Python table,
``PARTNER_FIELDS``) against the onboard_partner role's ``meta/argument_specs.yml``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ansible_collections.partner_onboarding.aws.plugins.module_utils._partner_access_rules import (
    BY_REFERENCE,
    PARTNER_FIELDS,
)
from ansible_collections.partner_onboarding.aws.plugins.modules import partner_access_info

ROLE_SPEC = Path(__file__).resolve().parents[4] / "roles" / "onboard_partner" / "meta" / "argument_specs.yml"
# The role's variables that say how to onboard, not what the partner has: no partners[] field describes them.
ROLE_ONLY = {
    "onboard_partner_state",
    "onboard_partner_account_id",
    "onboard_partner_aws",
    "onboard_partner_accepter_aws",
    "onboard_partner_permissions",
    "onboard_partner_resource_share_permissions",
}


@pytest.fixture(scope="module")
def role_options():
    return yaml.safe_load(ROLE_SPEC.read_text())["argument_specs"]["main"]["options"]


def shape(spec):
    """What must agree: the type, the elements' type, whether required (suboptions, recursively)."""
    return {
        "type": spec.get("type", "str"),
        "elements": spec.get("elements"),
        "required": bool(spec.get("required")),
    }


def test_the_module_takes_the_table():
    assert partner_access_info.ARGUMENT_SPEC["partners"]["options"] == {name: spec for name, _v, spec in PARTNER_FIELDS}


def test_every_variable_of_the_role_about_the_partner_is_a_field(role_options):
    mapped = {variable for _name, variable, _spec in PARTNER_FIELDS if variable}
    assert sorted(set(role_options) - mapped - ROLE_ONLY) == [], "a role variable the partners table does not map"
    assert sorted(mapped - set(role_options)) == [], "a variable the partners table maps that the role does not have"


@pytest.mark.parametrize("name, variable, spec", [field for field in PARTNER_FIELDS if field[1]], ids=str)
def test_the_shared_fields_agree_with_the_role(role_options, name, variable, spec):
    role = role_options[variable]
    assert variable == f"onboard_partner_{name}"
    if name in BY_REFERENCE:
        # The role's items (dicts) are named here by name or ARN: a list of references.
        assert (role["type"], role["elements"]) == ("list", "dict")
        assert (spec["type"], spec["elements"]) in {("list", "str"), ("list", "raw")}
        return
    assert shape(spec) == shape(role)
    for option, sub in (spec.get("options") or {}).items():
        assert option in role["options"], f"{name}.{option} is not an option of {variable}"
        assert shape(sub) == shape(role["options"][option]), f"{name}.{option}"
        assert sub.get("default") == role["options"][option].get("default"), f"{name}.{option}"
