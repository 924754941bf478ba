# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""An offline stand-in for the get-pip script that ansible-test downloads to bootstrap pip in its test venvs.

The download host is unreachable on these machines. The stdlib ``ensurepip`` brings pip from the Python install
itself, then pip installs the exact versions ansible-test asked for from the machine's configured package index.
"""

from __future__ import annotations

import os
import subprocess
import sys

# ansible-test's flags for get-pip that pip install does not know.
GET_PIP_ONLY_FLAGS = {"--no-setuptools", "--no-wheel"}


def main():
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"])
    env = dict(os.environ)
    # ensurepip points PIP_CONFIG_FILE at the null device, which would hide the machine's mirror and CA settings.
    env.pop("PIP_CONFIG_FILE", None)
    args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_FLAGS]
    subprocess.check_call([sys.executable, "-m", "pip", "install", *args], env=env)


if __name__ == "__main__":
    main()
