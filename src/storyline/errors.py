"""Domain errors. Each carries a one-line message meant for the user; the CLI
prints it and exits non-zero instead of showing a traceback."""


class StorylineError(Exception):
    """Base class: a problem the user can act on."""

    exit_code = 1


class InputError(StorylineError):
    """A path, URL or option the user gave cannot be used."""

    exit_code = 2


class NothingReadError(StorylineError):
    """An ingest could not read a single record from any input."""


class StoreError(StorylineError):
    """The database cannot be opened, is newer than this code, or is damaged."""


class NotFoundError(StorylineError):
    """An id the user asked for is not in the store."""


class WriterBusyError(StorylineError):
    """Another live writer holds the database's writer lease."""

    exit_code = 3


class LeaseLostError(StorylineError):
    """This writer's lease expired and another writer took it over."""

    exit_code = 3


class UpgradeNeededError(StorylineError):
    """The stored annotations were made by another annotator version: processing would
    redo them all, which on a big store takes hours (`storyline.upgrade`)."""

    exit_code = 4
