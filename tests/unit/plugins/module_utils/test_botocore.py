# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The botocore import guard: botocore imported on the first read of one of its names, never by the controller's
filters, and the missing-botocore report."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ansible_collections.partner_onboarding.aws.plugins.module_utils import _botocore

# The directory holding ansible_collections/partner_onboarding/aws.
ROOT = Path(_botocore.__file__).absolute().parents[5]


def run_python(code):
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False, timeout=60
    )


# Every file of the controller's code (the filters and what they use), and the module layer.
CONTROLLER = sorted(
    f"ansible_collections.partner_onboarding.aws.plugins.{path.parent.name}.{path.stem}"
    for folder in ("filter", "plugin_utils")
    for path in (ROOT / "ansible_collections" / "partner_onboarding" / "aws" / "plugins" / folder).glob("*.py")
    if path.stem != "__init__"
)


@pytest.mark.parametrize(
    "imported", [*CONTROLLER, "ansible_collections.partner_onboarding.aws.plugins.module_utils._module"]
)
def test_importing_the_controller_code_or_the_module_layer_does_not_import_botocore(imported):
    """Every task of the role runs a filter in a fresh worker process: botocore stays out of it."""
    proc = run_python(
        f"import sys; sys.path.insert(0, '.'); import {imported}; "
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'botocore'))"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_the_first_read_imports_botocore_and_sets_every_name():
    proc = run_python(
        "import sys; sys.path.insert(0, '.');"
        "from ansible_collections.partner_onboarding.aws.plugins.module_utils import _botocore;"
        "import botocore.exceptions;"
        "assert _botocore.ClientError is botocore.exceptions.ClientError;"
        "assert _botocore.BOTOCORE_IMPORT_ERROR is None;"
        "print(sorted(name for name in _botocore.NAMES if name in vars(_botocore)))"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(sorted(_botocore.NAMES))


def test_without_botocore_the_error_is_the_import_traceback_and_the_errors_stay_classes(monkeypatch):
    spec = importlib.util.spec_from_file_location("_botocore_without_botocore", _botocore.__file__)
    guard = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(guard)
    monkeypatch.setitem(sys.modules, "botocore", None)  # import botocore raises ImportError
    assert "ImportError" in guard.BOTOCORE_IMPORT_ERROR or "ModuleNotFoundError" in guard.BOTOCORE_IMPORT_ERROR
    assert guard.botocore is None and guard.Config is None
    assert issubclass(guard.ClientError, guard.BotoCoreError) and issubclass(guard.BotoCoreError, Exception)
    assert issubclass(guard.ResponseParserError, guard.BotoCoreError)
    with pytest.raises(AttributeError, match="no attribute 'Session'"):
        guard.Session  # noqa: B018  pylint: disable=pointless-statement


def test_a_module_without_botocore_says_so_before_anything_else():
    """A module run where botocore is missing fails with Ansible's missing-library message, even on bad input."""
    proc = run_python(
        "import sys, json; sys.path.insert(0, '.'); sys.modules['botocore'] = None\n"
        "from ansible_collections.partner_onboarding.aws.tests.unit.module_args import patch_module_args\n"
        "from ansible_collections.partner_onboarding.aws.plugins.modules import ram_permission\n"
        "args = {'name': 'Bad name!', 'resource_type': 'glue:Database', 'policy_template': '{}', 'region': 'us-east-1'}\n"
        "with patch_module_args(args):\n"
        "    try:\n"
        "        ram_permission.main()\n"
        "    except SystemExit:\n"
        "        pass\n"
    )
    result = json.loads(proc.stdout)
    assert result["failed"] is True, result
    assert result["msg"].startswith("Failed to import the required Python library (botocore)"), result["msg"]
    assert "Bad name!" not in result["msg"], result["msg"]
