"""CLI commands in their own modules, registered in `storyline.cli`."""
