# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures shared by the module tests."""

from __future__ import annotations

import botocore.session
import pytest
from botocore.stub import Stubber

from ansible_collections.partner_onboarding.aws.plugins.module_utils._aws import AWSModule


@pytest.fixture
def clients(monkeypatch):
    """Stubbed redshift and sts clients that AWSModule.client hands out; every queued call must be made."""
    session = botocore.session.get_session()
    made = {
        service: session.create_client(
            service, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
        )
        for service in ("redshift", "sts")
    }
    stubbers = {service: Stubber(client) for service, client in made.items()}
    for stubber in stubbers.values():
        stubber.activate()
    monkeypatch.setattr(AWSModule, "client", lambda self, service: made[service])
    yield stubbers
    for stubber in stubbers.values():
        stubber.assert_no_pending_responses()
        stubber.deactivate()
