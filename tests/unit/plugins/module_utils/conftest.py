# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures shared by the module_utils tests (``stubbed`` and ``run_module`` are in tests/unit/conftest.py)."""

from __future__ import annotations

import botocore.endpoint
import pytest


@pytest.fixture
def sleeps(monkeypatch):
    """botocore's retry pauses, recorded instead of slept."""
    slept = []
    monkeypatch.setattr(botocore.endpoint.time, "sleep", slept.append)
    return slept
