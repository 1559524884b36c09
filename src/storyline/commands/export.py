"""`storyline export`: everything in the database as JSON (contract v1), JSONL, CSV or a Markdown report."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, TextIO

import typer

from storyline import cli_guard as guard
from storyline.commands.common import DbOption, err, open_db, reader
from storyline.config import Settings
from storyline.errors import InputError
from storyline.store import Store


class ReportLanguage(StrEnum):
    ru = "ru"
    en = "en"


class ExportFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


def export_store(store: Store, fmt: ExportFormat, handle: TextIO) -> int:
    """Write the store in one of the formats read straight from it; the number of articles written."""
    if fmt is ExportFormat.json:
        from storyline.export.json import write_json

        return write_json(store, handle)
    if fmt is ExportFormat.jsonl:
        from storyline.export.json import write_jsonl

        return write_jsonl(store, handle)
    if fmt is ExportFormat.csv:
        from storyline.export.csv import write_csv

        return write_csv(store, handle)
    raise ValueError(f"not a store export: {fmt}")


def export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="json (contract v1), jsonl, csv or markdown.")
    ] = ExportFormat.json,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Output file (default: stdout).")
    ] = None,
    db: DbOption = None,
    lang: Annotated[
        ReportLanguage | None,
        typer.Option(
            "--lang", help="The markdown report's language: ru (default) or en; the data formats have none."
        ),
    ] = None,
) -> None:
    """Export everything: articles with annotations, entities, threads, stories, rejections.

    Example: storyline export --format json -o corpus.json --db news.db
    """
    database = Settings.from_env(db=db).db
    if lang is not None and fmt is not ExportFormat.markdown:
        raise InputError(f"--lang applies to --format markdown only; {fmt.value} is data, in no language")
    if fmt is ExportFormat.markdown:  # the report reads through the query layer, a story at a time
        from storyline.export.markdown import write_report

        with reader(db) as read, guard.output(output, database) as handle:
            write_report(read, handle, (lang or ReportLanguage.ru).value)
            count = read.counts().articles
    else:
        with open_db(db) as store, guard.output(output, database) as handle:
            count = export_store(store, fmt, handle)
    if output not in (None, "-"):
        err.print(f"{count} articles written to {output}")
