"""Add/edit dialogs: each has ``ask(parent, ...) -> value | None``; tests drive or replace it."""
