.PHONY: check lint format typecheck test quality bench

check: lint format typecheck test

lint:
	ruff check src tests benchmarks

format:
	ruff format --check src tests benchmarks

typecheck:
	mypy src tests

test:
	python -m pytest

# Only the evaluation gates (slow: annotate whole corpora).
quality:
	python -m pytest -m slow

bench:
	python benchmarks/annotate.py
	python benchmarks/group_speed.py
