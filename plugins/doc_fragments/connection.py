# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # The connection options every module of the collection accepts, named as in amazon.aws.
    DOCUMENTATION = r"""
options:
  region:
    description:
      - The AWS region to use, for example V(us-east-1).
      - If not set, the E(AWS_REGION) or E(AWS_DEFAULT_REGION) environment variable, then the region of the
        profile, as botocore resolves it.
    type: str
    aliases: [aws_region]
  profile:
    description:
      - A named profile of the AWS shared configuration and credentials files.
      - If not set, the E(AWS_PROFILE) or E(AWS_DEFAULT_PROFILE) environment variable.
      - Mutually exclusive with O(access_key), O(secret_key) and O(session_token).
    type: str
    aliases: [aws_profile]
  access_key:
    description:
      - The AWS access key ID.
      - If not set, the E(AWS_ACCESS_KEY_ID) or E(AWS_ACCESS_KEY) environment variable, unless O(profile) is set.
      - When no keys are given at all, botocore's own chain applies (profile, container and instance roles).
    type: str
    aliases: [aws_access_key_id, aws_access_key]
  secret_key:
    description:
      - The AWS secret access key.
      - If not set, the E(AWS_SECRET_ACCESS_KEY) or E(AWS_SECRET_KEY) environment variable, unless O(profile) is set.
    type: str
    aliases: [aws_secret_access_key, aws_secret_key]
  session_token:
    description:
      - The AWS session token, for temporary credentials.
      - If not set, the E(AWS_SESSION_TOKEN) or E(AWS_SECURITY_TOKEN) environment variable (AWX and Automation
        Controller inject the latter), unless O(profile) is set.
      - With O(access_key) set to another key than the environment's E(AWS_ACCESS_KEY_ID) (for example a partner's
        keys in a job that runs with the owner's credential), the environment's token belongs to those other keys
        and is not used.
    type: str
    aliases: [aws_session_token, security_token, aws_security_token]
  endpoint_url:
    description:
      - The URL of the AWS API endpoint, for example a VPC endpoint or a local emulator.
      - If not set, the E(AWS_URL) environment variable; if that is not set either, botocore reads
        E(AWS_ENDPOINT_URL_<SERVICE>) (for example E(AWS_ENDPOINT_URL_REDSHIFT)) and then E(AWS_ENDPOINT_URL).
    type: str
    aliases: [aws_endpoint_url]
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the endpoint. Only set to V(false) against a trusted local endpoint.
    type: bool
    default: true
  aws_ca_bundle:
    description:
      - The CA bundle to verify the endpoint's certificate with.
      - If not set, the E(AWS_CA_BUNDLE) environment variable, as botocore reads it.
    type: path
  aws_config:
    description:
      - "Settings merged into the C(botocore.config.Config) of every client, for example
        V({\"retries\": {\"total_max_attempts\": 5}, \"connect_timeout\": 10})."
      - By default the client retries with botocore's V(standard) retry mode and 10 attempts in all; a C(retries)
        dict here is merged key by key into that default. Unknown keys fail the task before any AWS call.
    type: dict
requirements:
  - python >= 3.9
  - botocore >= 1.34.0
notes:
  - The modules run where the AWS API is reachable, usually C(localhost). When an inventory names C(localhost),
    set C(ansible_python_interpreter) to C({{ ansible_playbook_python }}) for it so that the Python with botocore
    is used; in AWX or Automation Controller, use an execution environment that has botocore.
  - All modules are in the action group C(partner_onboarding.aws.aws); set C(module_defaults) for
    C(group/partner_onboarding.aws.aws). C(module_defaults) for C(group/aws) or C(group/amazon.aws.aws) do not reach
    them (Ansible's C(group/aws) is amazon.aws and community.aws only). The group extends C(amazon.aws.aws), so its
    defaults also reach amazon.aws's modules.
  - When an AWS call fails, the task fails naming the operation and the AWS error code, and its result holds
    C(error) (C(code), C(message)), C(response_metadata) (C(request_id), C(http_status_code), C(retry_attempts))
    when AWS answered, C(boto3_version), C(botocore_version), and the traceback in C(exception) (shown with
    C(-vvv)). An answer that is not AWS's (an HTML page from a proxy) fails the same way, with code
    C(InvalidResponse).
"""
