# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The module: the AnsibleModule with the connection options, ``converge()`` that every module runs, and the one way
a task fails.

Private to the collection: its names may change without notice.
"""

from __future__ import annotations

import traceback
from collections import namedtuple

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.partner_onboarding.aws.plugins.module_utils import _botocore
from ansible_collections.partner_onboarding.aws.plugins.module_utils._calls import AWSError, apply
from ansible_collections.partner_onboarding.aws.plugins.module_utils._connection import (
    CLIENT_HINTS,
    CONNECTION_ARGUMENT_SPEC,
    Clients,
    ConnectionSettingsError,
    connection_settings,
    secret_values,
)


class Failure(Exception):
    """A task that cannot go on for a reason that is not an AWS error (a name matching no resource, a conflict the
    user must resolve); ``result`` is what the failed task still reports."""

    def __init__(self, message, **result):
        super().__init__(message)
        self.result = result


# Failures that did not come from AWS's error codes but from the path to it.
TRANSPORT_HINTS = {
    "InvalidResponse": (
        "Check endpoint_url and the proxy settings (HTTPS_PROXY, NO_PROXY): the request did not reach AWS"
    ),
    "HTTPStatus": (
        "The answer was an HTTP error without an AWS error code, as a proxy or gateway sends: botocore retried it; "
        "check the proxy settings (HTTPS_PROXY, NO_PROXY) and run the task again"
    ),
    "EndpointConnectionError": "Check endpoint_url, region and the network path to AWS",
    "ConnectTimeoutError": "Check endpoint_url, region and the network path to AWS",
    "ReadTimeoutError": "AWS did not answer in time; raise aws_config.read_timeout or run the task again",
}


class AWSModule:
    """An AnsibleModule with the connection options, the task's clients and the one way to fail.

    ``validate(params)`` returns the messages of every invalid option; the task fails with all of them before
    any client is built.
    """

    def __init__(self, argument_spec, validate=None, **kwargs):
        spec = dict(CONNECTION_ARGUMENT_SPEC)
        spec.update(argument_spec)
        kwargs.setdefault("supports_check_mode", True)
        self.module = AnsibleModule(argument_spec=spec, **kwargs)
        self.params = self.module.params
        self.check_mode = self.module.check_mode
        if _botocore.BOTOCORE_IMPORT_ERROR:
            self.module.fail_json(msg=missing_required_lib("botocore"), exception=_botocore.BOTOCORE_IMPORT_ERROR)
        errors = validate(self.params) if validate else []
        if errors:
            self.module.fail_json(msg="; ".join(errors))
        try:
            self._settings = connection_settings(self.params)
        except ConnectionSettingsError as exc:
            self.module.fail_json(msg=str(exc))
        self._clients = Clients(self._settings, self.params.get("aws_config"))

    def client(self, service):
        """A botocore client for ``service``, built once per task."""
        return self._clients.client(service)

    def _scrub(self, text):
        for secret in secret_values(self._settings):
            text = text.replace(secret, "********")
        return text

    def fail_aws(self, error, target=None, hints=None, **result):
        """Fail the task on a failed AWS call: what failed (and about what), the AWS error code, what the user can do.

        As amazon.aws's ``fail_json_aws``: ``error``, ``response_metadata`` (when AWS answered), the traceback in
        ``exception`` (shown at -vvv) and the boto3/botocore versions.
        """
        message = self._scrub(error.message)
        about = f" for {target}" if target else ""
        msg = f"{error.operation}{about} failed with {error.code}: {message.rstrip().rstrip('.')}"
        if error.attempts > 1:
            msg += f" (after {error.attempts} attempts)"
        hint = (hints or {}).get(error.code) or TRANSPORT_HINTS.get(error.code)
        if hint is None and error.operation == "CreateClient":
            hint = CLIENT_HINTS.get(error.code)
        if hint is None and error.code.isdigit():
            hint = TRANSPORT_HINTS["HTTPStatus"]
        if hint:
            msg += f". {hint[0].upper()}{hint[1:]}"
        details = {"error": {"code": error.code, "message": message}, **library_versions()}
        if error.response_metadata:
            details["response_metadata"] = error.response_metadata
        # The traceback of the botocore failure, else of the error itself (raised where an answer was judged no AWS
        # answer): ansible-core before 2.19 adds none of its own unless at -vvv.
        trace = error.exception or "".join(traceback.format_exception(type(error), error, error.__traceback__))
        details["exception"] = self._scrub(trace)
        self.module.fail_json(msg=msg, **details, **result)

    def exit_json(self, **result):
        self.module.exit_json(**result)

    def fail_json(self, **result):
        self.module.fail_json(**result)


def library_versions():
    """The boto3 and botocore versions, for failure reports (boto3 only if installed: we run on botocore alone)."""
    versions = {"botocore_version": getattr(_botocore.botocore, "__version__", None)}
    try:
        import boto3  # pylint: disable=import-outside-toplevel

        versions["boto3_version"] = boto3.__version__
    except ImportError:
        versions["boto3_version"] = None
    return versions


# What a plan returns, for every module: the exact writes, in order, and the state they will make.
Plan = namedtuple("Plan", ["writes", "predicted"])


class Resource:
    """What ``converge()`` needs of one module; each module's class says how it reads, plans, settles and reports.

    ``client``: where the writes go. ``hints``: what to do about each AWS error code. A read-only module plans no
    write; its ``report`` returns what it read.
    """

    client = None
    hints = {}

    def __init__(self, module):
        self.module = module

    def read(self):
        """The current state (reads only); may raise AWSError or Failure."""
        raise NotImplementedError

    def plan(self, current):
        """The Plan that takes ``current`` to the wanted state. No AWS call."""
        return Plan([], current)

    already_done = None
    """``already_done(write)``, when set: after a failed write, a re-read saying whether its effect is there."""

    after_write = None
    """``after_write(write, answer)``, when set: runs after each write, before the next (a wait the next one needs)."""

    def settle(self, current, writes, answers):
        """The state after the writes, as AWS reports it (after waiting, for a module that waits)."""
        return self.read()

    def recover(self, current, answers):
        """After a failure, the state to report: by default what was read first (None when nothing was)."""
        return current

    def changed(self, writes, answers):
        """Whether the writes made (``answers``, None for a write already done by another run) changed anything."""
        return any(answer is not None for answer in answers)

    def hints_for(self, error, write):
        """What to do about ``error`` (of ``write`` when a write failed, else of a read)."""
        return self.hints

    def report(self, before, after, failed=False):
        """The task's result from what was read and written: on success and on failure (``failed``: no diff)."""
        raise NotImplementedError


def converge(module, resource):
    """Read, plan, apply unless in check mode, settle; exit with ``resource.report()``.

    The one place where a task's AWS failure (raised once, where the call failed) and any other Failure are caught:
    the failed task's result is the resource's report of what was read, with ``changed`` when a write was made.
    """
    before, writes, answers, applied = None, [], [], False
    try:
        before = resource.read()
        writes, after = resource.plan(before)
        if writes and not module.check_mode:
            applied = True
            apply(resource.client, writes, answers, resource.already_done, resource.after_write)
            after = resource.settle(before, writes, answers)
        result = resource.report(before, after)
    except AWSError as error:
        failed = writes[len(answers)] if applied and len(answers) < len(writes) else None
        module.fail_aws(
            error,
            target=failed.target if failed else None,
            hints=resource.hints_for(error, failed),
            changed=applied and resource.changed(writes, answers),
            **resource.report(before, resource.recover(before, answers), failed=True),
        )
    except Failure as exc:
        reported = resource.report(before, resource.recover(before, answers), failed=True)
        module.fail_json(msg=str(exc), **{**reported, "changed": applied and bool(answers), **exc.result})
    except ConnectionSettingsError as exc:
        module.fail_json(msg=str(exc))
    module.exit_json(changed=resource.changed(writes, answers) if applied else bool(writes), **result)
