# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one botocore import guard: every botocore name the collection uses, or BOTOCORE_IMPORT_ERROR (the traceback)
when botocore is missing, which AWSModule reports before anything else runs.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import traceback

# The names are imported here for the modules that use them.
# pylint: disable=unused-import
try:
    import botocore
    import botocore.session
    from botocore import xform_name
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError
    from botocore.paginate import Paginator
    from botocore.parsers import ResponseParserError

    BOTOCORE_IMPORT_ERROR = None
except ImportError:
    BOTOCORE_IMPORT_ERROR = traceback.format_exc()
    # Never used without botocore: AWSModule fails first. The errors stay classes, so that an except clause naming
    # them is valid either way.
    botocore = xform_name = Config = Paginator = None

    class BotoCoreError(Exception):
        """Stands for botocore's base error when botocore is missing; never raised."""

    class ClientError(BotoCoreError):
        """Stands for botocore's ClientError when botocore is missing; never raised."""

    class ResponseParserError(BotoCoreError):
        """Stands for botocore's ResponseParserError when botocore is missing; never raised."""
