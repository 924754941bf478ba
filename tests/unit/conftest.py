# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one way the unit tests get AWS clients: real botocore clients behind ``botocore.stub.Stubber``.

Stubber validates every request against the service's real model and answers from its queue; every queued answer
must have been asked for when the test ends. ``AWSModule.client`` hands out the same clients, so module tests and
module_utils tests stub AWS the same way.
"""

from __future__ import annotations

import json

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils._module import (
    AWSModule,
)
from ansible_collections.partner_onboarding.aws.tests.unit.clients import StubbedAWS
from ansible_collections.partner_onboarding.aws.tests.unit.module_args import patch_module_args


@pytest.fixture
def stubbed(monkeypatch):
    """Stubbed clients, also handed out by ``AWSModule.client``; every queued answer must be consumed."""
    aws = StubbedAWS()
    monkeypatch.setattr(AWSModule, "client", lambda self, service: aws.client(service))
    yield aws
    aws.verify()


@pytest.fixture
def run_module(capsys):
    """Run a module's ``main()`` with ``args`` and return the JSON it printed (the task's result)."""

    def run(module, **args):
        with patch_module_args(args), pytest.raises(SystemExit):
            module.main()
        return json.loads(capsys.readouterr().out)

    return run
