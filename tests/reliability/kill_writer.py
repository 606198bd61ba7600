"""Writer for the kill test (R1): acknowledged commits through the app's own code path.

Usage: ``python kill_writer.py DB_PATH``. Opens the database with ``open_database``, prints
``ready``, then adds CPE activities one transaction each through the CPE service and prints each
new id on its own line *after* the commit returned, flushing every time: a printed id is an
acknowledged commit. It runs until it is killed.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import sys

from cso_planner.db.opening import open_database
from cso_planner.db.transactions import write_transaction
from cso_planner.services.cpe import CpeDraft, add_activity


def main(argv: list[str]) -> int:
    database = open_database(pathlib.Path(argv[1]))
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    number = 0
    while True:
        number += 1
        draft = CpeDraft(date=dt.date(2025, 1, 1), activity=f"kill test {number}", credits=1.0)
        with write_transaction(database.session_factory) as session:
            new_id = add_activity(session, draft)
        out.write(f"{new_id}\n")
        out.flush()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
