# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The list of what stock moto lacks is moto's own truth: each entry checked against the server's dispatch."""

from __future__ import annotations

import pytest
from botocore import xform_name
from moto.lakeformation.responses import LakeFormationResponse
from moto.ram.urls import url_paths as ram_paths
from moto.redshift.responses import RedshiftResponse
from moto.sts.responses import TokenResponse

from tests.stock_moto.coverage import STOCK_MOTO_HAS, STOCK_MOTO_LACKS


def implemented(operation):
    service, name = operation.split(":")
    if service == "ram":
        # RAM is rest-json: moto routes each operation by its path, /<operation in lower case>.
        return any(path.startswith("{0}/" + name.lower()) for path in ram_paths)
    responses = {"redshift": RedshiftResponse, "sts": TokenResponse, "lakeformation": LakeFormationResponse}[service]
    return callable(getattr(responses, xform_name(name), None))


@pytest.mark.parametrize("operation", STOCK_MOTO_LACKS)
def test_stock_moto_lacks(operation):
    assert not implemented(operation), f"stock moto now has {operation}: drop it from STOCK_MOTO_LACKS"


@pytest.mark.parametrize("operation", STOCK_MOTO_HAS)
def test_stock_moto_has(operation):
    assert implemented(operation)
