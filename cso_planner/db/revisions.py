"""The schema revisions this version knows, readable without importing Alembic.

Start-up compares the file's ``alembic_version`` with this list using plain ``sqlite3`` so that
Alembic (about 0.7 s to import) loads only when a migration is actually due. A test checks that
this list matches the migration scripts exactly.
"""

from typing import Final

KNOWN_REVISIONS: Final[tuple[str, ...]] = (
    "0001_initial",
    "0004_money",
    "0006_proofs_and_claims",
    "0003_lifecycle",
    "0005_own_certifications",
)
HEAD: Final[str] = KNOWN_REVISIONS[-1]
