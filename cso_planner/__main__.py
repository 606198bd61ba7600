"""Allow ``python -m cso_planner``."""

from cso_planner.cli import main

raise SystemExit(main())
