# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one botocore import guard: every botocore name the collection uses, or BOTOCORE_IMPORT_ERROR (the traceback)
when botocore is missing, which AWSModule reports before anything else runs.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import traceback

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
    # Never used without botocore: AWSModule fails first.
    botocore = xform_name = Config = BotoCoreError = ClientError = Paginator = ResponseParserError = None
