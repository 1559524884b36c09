"""Moved: the runtime tables are shared by both backends now (`sql_runtime.py`).

Kept so that code importing the old name (`now_text`, `RuntimeTables`) still runs;
new code imports `storyline.store.sql_runtime`."""

from storyline.store.sql_runtime import RuntimeTables, now_text

__all__ = ["RuntimeTables", "now_text"]
