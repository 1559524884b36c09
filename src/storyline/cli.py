"""The `storyline` command: the typer app, its commands' registration, and the entry
point that turns user mistakes into one line on stderr and a non-zero exit code (only
a bug in storyline itself shows a traceback).

Each command lives in its own module under `storyline/commands/`. To add one, write
the function there, import it below (one line) and register it (one line,
`app.command()(name)`); the order of registration is the order of
`storyline --help` and of docs/cli.md.
"""

from __future__ import annotations

import sqlite3
import sys
from typing import Annotated

import typer

from storyline import __version__
from storyline import cli_guard as guard
from storyline.commands.common import err, out
from storyline.commands.demo import demo
from storyline.commands.doctor import doctor
from storyline.commands.export import export
from storyline.commands.ingest import ingest
from storyline.commands.listing import articles, entities, stats, stories
from storyline.commands.migrate import migrate
from storyline.commands.recluster import recluster
from storyline.commands.records import failures, rejections
from storyline.commands.serve import serve
from storyline.commands.show import show
from storyline.commands.sources import sources
from storyline.commands.watch import watch
from storyline.errors import StorylineError

try:  # typer >= 0.20 vendors click; older releases use click itself
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import exceptions as click_exceptions  # type: ignore[no-redef]

app = typer.Typer(
    name="storyline",
    help="Follow developing news stories across outlets and days.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# Reading articles in, and reading the database out.
app.command()(ingest)
app.command()(articles)
app.command()(stats)
app.command()(rejections)
app.command()(failures)
app.command()(stories)
app.command()(entities)
app.command()(show)
app.command()(export)
app.command()(recluster)
app.command()(demo)
# Serving, watching live sources, and operating a store.
app.command()(serve)
app.command()(watch)
app.command()(sources)
app.command()(migrate)
app.command()(doctor)


def _version(value: bool) -> None:
    if value:
        out.print(f"storyline {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Follow developing news stories across outlets and days."""


def main(argv: list[str] | None = None) -> int:
    """Entry point: runs the app and turns user mistakes into one line and an exit code.
    Started as a process (no `argv`), a long-lived command first starts itself again
    under glibc's allocator when asked (`STORYLINE_ALLOCATOR=malloc`, `storyline.allocator`)."""
    if argv is None:
        from storyline.allocator import reexec_long_lived

        reexec_long_lived(sys.argv[1:])
    interrupt = guard.Interrupt(err)
    guard.install(interrupt)
    try:
        code = app(args=argv, standalone_mode=False)
    except StorylineError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        return exc.exit_code
    except click_exceptions.NoArgsIsHelpError as exc:
        out.print(exc.ctx.get_help(), markup=False, highlight=False)
        return 0
    except click_exceptions.ClickException as exc:
        err.print(f"error: {exc.format_message()}", markup=False, highlight=False)
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        return interrupt.report()
    except typer.Exit as exc:
        code = exc.exit_code
    except BrokenPipeError:
        return 0
    except sqlite3.Error as exc:
        err.print(f"error: {guard.describe_db_error(exc)}", markup=False, highlight=False)
        return 1
    except OSError as exc:
        err.print(f"error: {guard.describe_os_error(exc)}", markup=False, highlight=False)
        return 1
    except Exception as exc:  # the PostgreSQL driver's (not imported unless a URL was given)
        if not type(exc).__module__.startswith("psycopg"):
            raise
        err.print(f"error: database failed: {' '.join(str(exc).split())}", markup=False, highlight=False)
        return 1
    if interrupt.signum is not None:  # typer turned the KeyboardInterrupt into exit code 130
        return interrupt.report()
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
