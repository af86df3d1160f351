"""Run many Otter-Grader commands in one Python process, through Otter's own command line
(``otter.cli``), so that Otter's start-up (about two seconds) is paid once, not once per command.

    python tests/otter_batch.py JOBS.json

JOBS.json is a list of ``[folder, [arguments...]]``: each command runs in its folder, as
``otter arguments...`` would there. The first that fails is named and ends the batch (exit 1)."""

from __future__ import annotations

import json
import os
import sys

from otter.cli import cli


def main(jobs_file: str) -> int:
    with open(jobs_file, encoding="utf-8") as f:
        jobs = json.load(f)
    for folder, args in jobs:
        os.chdir(folder)
        try:
            cli.main(args, prog_name="otter", standalone_mode=False)
        except BaseException as error:  # noqa: BLE001 - name the command, whatever went wrong
            print(f"otter {' '.join(args)} (in {folder}) failed: {error!r}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
