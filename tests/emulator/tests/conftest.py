"""Fixtures: one emulator per test session, in a thread on a free loopback port; state reset per test."""

import sys
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

# Make `tests.emulator` importable however pytest was started (the repository root holds `tests/`).
REPO_ROOT = Path(__file__).resolve().parents[3]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.emulator.client import EmulatorClient  # noqa: E402  pylint: disable=wrong-import-position
from tests.emulator.server import serving  # noqa: E402  pylint: disable=wrong-import-position

ACCOUNT = "123456789012"
DB_ARN = f"arn:aws:glue:us-east-1:{ACCOUNT}:database/sales"


@pytest.fixture(scope="session")
def endpoint():
    with serving() as url:
        yield url


@pytest.fixture
def emu(endpoint):
    client = EmulatorClient(endpoint)
    client.reset()
    return client


@pytest.fixture
def aws(endpoint, emu):  # pylint: disable=unused-argument,redefined-outer-name
    """Factory of boto3 clients against the emulator, botocore standard retry mode (``access_key``: who signs)."""

    def make(service, region="us-east-1", attempts=4, access_key="testing"):
        return boto3.client(
            service,
            endpoint_url=endpoint,
            region_name=region,
            aws_access_key_id=access_key,
            aws_secret_access_key="testing",
            config=Config(retries={"mode": "standard", "max_attempts": attempts}),
        )

    return make


@pytest.fixture
def share_arn(emu):  # pylint: disable=redefined-outer-name
    """A seeded resource share holding one Glue database (so it has the default Glue database permission)."""
    seeded = emu.seed(
        redshift_clusters=["analytics"], resource_shares=[{"name": "partner-share", "resource_arns": [DB_ARN]}]
    )
    return seeded["resource_shares"][0]["arn"]
