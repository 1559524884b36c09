"""Watching live sources: poll feeds, fetch new entries' pages, store them as they
arrive and keep stories up to date (`storyline watch`, `storyline serve --watch`).

Not a stage: like the web server, it drives the pipeline over the store. The
network work (feeds, pages, robots.txt) happens outside transactions; what a poll
found is stored in one transaction together with the entries it marks as seen and
the source's new state, so a watcher killed at any point loses nothing stored and,
started again, fetches nothing twice.
"""
