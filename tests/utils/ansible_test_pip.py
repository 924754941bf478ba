# -*- coding: utf-8 -*-
# Copyright: Contributors to the partner_onboarding.aws collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Put the offline get-pip stand-in where ansible-test looks for its pip bootstrap script: `make sanity`.

    ansible_test_pip.py --root build/ansible-test/ansible_collections/partner_onboarding/aws --home build/home \
        --python 3.11

ansible-test bootstraps pip into each sanity virtualenv with a get-pip script that it downloads from a host these
machines cannot reach, unless ``$HOME/.ansible/test/cache/get_pip_<version>.py`` already exists (its error message
says so). The pip version is ansible-test's own choice, which changes between ansible-core releases: it is asked of
ansible-test itself, by its public ``--explain`` option (a dry run that executes nothing) at ``-vvv``, which prints
the pip commands it would run, the bootstrap with its ``pip_version`` among them. The dry run uses an empty HOME of
its own: ansible-test prints the commands only for virtualenvs it has not made yet.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

STAND_IN = Path(__file__).resolve().parent / "get_pip_offline.py"
HEADER = ">>> Requirements Commands"


def pip_versions(output):
    """The pip versions of the bootstrap commands in ansible-test's ``--explain -vvv`` output."""
    versions, decoder, start = set(), json.JSONDecoder(), 0
    while (start := output.find(HEADER, start)) >= 0:
        start += len(HEADER)
        try:
            commands, _end = decoder.raw_decode(output, output.index("[", start))
        except ValueError:
            continue
        versions.update(options["pip_version"] for name, options in commands if name == "bootstrap")
    return versions


def explain(root, python):
    """The output of ansible-test's dry run of the sanity tests, in ``root``, with an empty HOME."""
    with tempfile.TemporaryDirectory(prefix="ansible-test-explain-") as home:
        command = ["ansible-test", "sanity", "--explain", "-vvv", "--local", "--python", python, "--color", "no"]
        # The dry run may stop at a test whose virtualenv it did not make (a dry run makes none): the commands of
        # those before it are printed, and they all bootstrap the same pip.
        proc = subprocess.run(
            command,
            cwd=root,
            env=dict(os.environ, HOME=home),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
    return proc.stdout


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, help="the collection tree ansible-test runs in")
    parser.add_argument("--home", required=True, help="the HOME that ansible-test sanity will run with")
    parser.add_argument("--python", required=True, help="the Python version of the sanity tests")
    args = parser.parse_args(argv)
    output = explain(args.root, args.python)
    versions = pip_versions(output)
    if len(versions) != 1:
        print(output[-4000:], file=sys.stderr)
        print(f"error: expected one pip version in ansible-test's dry run, found {sorted(versions)}", file=sys.stderr)
        return 1
    [version] = versions
    cache = Path(args.home) / ".ansible" / "test" / "cache" / f"get_pip_{version.replace('.', '_')}.py"
    cache.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STAND_IN, cache)
    print(f"pip {version} bootstrap: {cache} (offline stand-in)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
