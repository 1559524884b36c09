"""storyline: follow developing news stories across outlets and days."""

__version__ = "0.1.0"
