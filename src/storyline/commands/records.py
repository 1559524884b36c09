"""`storyline rejections` and `storyline failures`: what did not become data, and why."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from storyline.commands.common import DbOption, JsonOption, open_db, out, print_plain
from storyline.errors import InputError


def rejections(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=0, help="At most this many (0: all).")] = 0,
    as_json: JsonOption = False,
) -> None:
    """List inputs that did not become articles, each with its reason and the reason's code.

    Example: storyline rejections --db news.db
    """
    with open_db(db) as store:
        items = store.rejections()
    shown = items[: limit or None]
    if as_json:
        for r in shown:
            line = {"input": r.input, "reason": r.reason, "code": r.code or None, "params": r.params}
            print_plain(json.dumps(line, ensure_ascii=False))
        return
    if not items:
        out.print("no rejections recorded")
        return
    for r in shown:  # plain lines: inputs are long paths, and these get grepped
        print_plain(f"{r.input}: {r.reason}" + (f" [{r.code}]" if r.code else ""))
    noun = "rejection" if len(items) == 1 else "rejections"
    out.print(f"{len(items)} {noun}" + (f", {len(shown)} shown" if len(shown) < len(items) else ""))


def failures(
    db: DbOption = None,
    stage: Annotated[str | None, typer.Option(help="Only this stage: annotate, group or story.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List articles (and stories) a stage failed on, with the error; the run went on without them.

    A later run of a newer storyline or annotator retries them.
    Example: storyline failures --db news.db
    """
    from dataclasses import asdict

    from storyline.pipeline import STAGES

    if stage is not None and stage not in STAGES:
        raise InputError(f"--stage must be one of {', '.join(STAGES)}, not {stage!r}")
    with open_db(db) as store:
        items = store.failures(stage)
    if as_json:
        for f in items:
            print_plain(json.dumps(asdict(f), ensure_ascii=False))
        return
    if not items:
        out.print("no failures recorded")
        return
    for f in items:
        print_plain(
            f"{f.stage} {f.item_id}: {f.error_type}: {f.message} "
            f"({f.attempts} attempt{'s' if f.attempts > 1 else ''}, {f.code_version}, {f.at})"
        )
    out.print(f"{len(items)} {'failure' if len(items) == 1 else 'failures'}")
