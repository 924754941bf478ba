# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one botocore import guard: every botocore name the collection uses, or BOTOCORE_IMPORT_ERROR (the traceback)
when botocore is missing, which AWSModule reports before anything else runs.

botocore is imported when one of these names is first read (``_botocore.ClientError``), not when this file is: the
controller's filters use the modules' input rules, and importing botocore in every task's worker process would cost
about 0.1 s of CPU per task and partner. A module reads BOTOCORE_IMPORT_ERROR first (AWSModule), so it imports
botocore before anything else.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import traceback

# What the collection reads from here.
NAMES = (
    "BOTOCORE_IMPORT_ERROR",
    "botocore",
    "xform_name",
    "Config",
    "Paginator",
    "BotoCoreError",
    "ClientError",
    "ResponseParserError",
)


def _imported():
    """botocore's names, or stand-ins and the traceback of the ImportError when botocore is missing."""
    # pylint: disable=import-outside-toplevel
    try:
        import botocore
        import botocore.session
        from botocore import xform_name
        from botocore.config import Config
        from botocore.exceptions import BotoCoreError, ClientError
        from botocore.paginate import Paginator
        from botocore.parsers import ResponseParserError
    except ImportError:
        # Never used without botocore: AWSModule fails first. The errors stay classes, so that an except clause
        # naming them is valid either way.
        class BotoCoreError(Exception):  # pylint: disable=redefined-outer-name
            """Stands for botocore's base error when botocore is missing; never raised."""

        class ClientError(BotoCoreError):  # pylint: disable=redefined-outer-name
            """Stands for botocore's ClientError when botocore is missing; never raised."""

        class ResponseParserError(BotoCoreError):  # pylint: disable=redefined-outer-name
            """Stands for botocore's ResponseParserError when botocore is missing; never raised."""

        return dict(
            BOTOCORE_IMPORT_ERROR=traceback.format_exc(),
            botocore=None,
            xform_name=None,
            Config=None,
            Paginator=None,
            BotoCoreError=BotoCoreError,
            ClientError=ClientError,
            ResponseParserError=ResponseParserError,
        )
    return dict(
        BOTOCORE_IMPORT_ERROR=None,
        botocore=botocore,
        xform_name=xform_name,
        Config=Config,
        Paginator=Paginator,
        BotoCoreError=BotoCoreError,
        ClientError=ClientError,
        ResponseParserError=ResponseParserError,
    )


def __getattr__(name):
    """The first read of any of NAMES imports botocore and sets them all (later reads find them directly)."""
    if name not in NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals().update(_imported())
    return globals()[name]
