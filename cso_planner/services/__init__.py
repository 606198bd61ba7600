"""Services: functions over a SQLAlchemy ``Session`` that the UI and the CLI call."""
