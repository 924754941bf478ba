"""pytest plugin: the emulator for a test session, reset before each test.

Fixtures:

- ``emulator_endpoint`` (session): the URL of an emulator running in a thread of the test process,
  on a free loopback port (``tests.emulator.server.serving``); ``endpoint`` is the same, by its
  older name;
- ``emulator`` (function): an ``EmulatorClient`` for it, after a reset (moto state, request log,
  faults, settings).

Use it with ``-p tests.emulator.pytest_plugin``, or (what the repository's conftest files do,
because pytest accepts ``pytest_plugins`` only in a root conftest) by importing the fixtures:
``from tests.emulator.pytest_plugin import emulator, emulator_endpoint, endpoint``.
"""

import pytest

from tests.emulator.client import EmulatorClient
from tests.emulator.server import serving


@pytest.fixture(scope="session")
def emulator_endpoint():
    with serving() as url:
        yield url


@pytest.fixture(scope="session")
def endpoint(emulator_endpoint):  # pylint: disable=redefined-outer-name
    return emulator_endpoint


@pytest.fixture
def emulator(emulator_endpoint):  # pylint: disable=redefined-outer-name
    client = EmulatorClient(emulator_endpoint)
    client.reset()
    return client
