"""CSO Planner: plan the way from a first security job to Chief Security Officer, offline."""

__version__ = "0.1.0"
APP_NAME = "CSO Planner"
# Reverse-DNS id: the desktop entry, icon and AppStream metainfo are named after it.
APP_ID = "io.github.csoplanner.CsoPlanner"
