"""The standalone bundle's program: the same ``cso-planner`` command as the installed one.

With no command it opens the window (the desktop entry starts it with the file to open), with a
command it is the CLI, exactly as ``cso_planner.cli.main``.
"""

from cso_planner.cli import main

raise SystemExit(main())
