"""Fixtures: the emulator fixtures of tests/emulator/pytest_plugin.py, boto3 clients against it, a seeded share."""

import sys
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

# Make `tests.emulator` importable however pytest was started (the repository root holds `tests/`).
REPO_ROOT = Path(__file__).resolve().parents[3]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

# pytest accepts `pytest_plugins` only in a root conftest: import the plugin's fixtures instead.
# pylint: disable-next=wrong-import-position,unused-import
from tests.emulator.pytest_plugin import emulator, emulator_endpoint, endpoint  # noqa: E402,F401

ACCOUNT = "123456789012"
DB_ARN = f"arn:aws:glue:us-east-1:{ACCOUNT}:database/sales"


@pytest.fixture
def aws(emulator_endpoint, emulator):  # pylint: disable=unused-argument,redefined-outer-name
    """Factory of boto3 clients against the emulator, botocore standard retry mode (``access_key``: who signs)."""

    def make(service, region="us-east-1", attempts=4, access_key="testing"):
        return boto3.client(
            service,
            endpoint_url=emulator_endpoint,
            region_name=region,
            aws_access_key_id=access_key,
            aws_secret_access_key="testing",
            config=Config(retries={"mode": "standard", "max_attempts": attempts}),
        )

    return make


@pytest.fixture
def share_arn(emulator):  # pylint: disable=redefined-outer-name
    """A seeded resource share holding one Glue database (so it has the default Glue database permission)."""
    seeded = emulator.seed(
        redshift_clusters=["analytics"], resource_shares=[{"name": "partner-share", "resource_arns": [DB_ARN]}]
    )
    return seeded["resource_shares"][0]["arn"]
