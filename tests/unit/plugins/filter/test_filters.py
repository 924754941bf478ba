# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Each filter plugin is its plugin_utils function under the plugin's name (the functions' tests are in
tests/unit/plugins/plugin_utils/)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

FILTERS = Path(__file__).resolve().parents[4] / "plugins" / "filter"
PACKAGE = "ansible_collections.partner_onboarding.aws.plugins"
# filter name: the plugin_utils module whose function of that name it is.
EXPECTED = {
    "onboard_partner_errors": "_onboard_partner",
    "onboard_partner_expired": "_onboard_partner",
    "onboard_partner_redshift_groups": "_onboard_partner",
    "onboard_partner_result": "_onboard_partner",
    "onboard_partner_principals": "_onboard_partner",
    "onboard_partners_shared": "_onboard_partners",
    "onboard_partners_errors": "_onboard_partners",
    "partner_access_markdown": "_partner_access_report",
    "partner_access_remediation_plan": "_partner_access_remediation",
}


def test_every_filter_plugin_is_listed():
    assert sorted(path.stem for path in FILTERS.glob("*.py") if path.stem != "__init__") == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_filter_is_the_plugin_utils_function(name):
    plugin = importlib.import_module(f"{PACKAGE}.filter.{name}")
    helpers = importlib.import_module(f"{PACKAGE}.plugin_utils.{EXPECTED[name]}")
    assert plugin.FilterModule().filters() == {name: getattr(helpers, name)}
