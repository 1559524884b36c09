"""CLI commands kept out of `cli.py` (each module registers with one line there)."""
