.PHONY: check lint typecheck test quality bench

check: lint typecheck test

lint:
	ruff check src tests benchmarks

typecheck:
	mypy src

test:
	python -m pytest

# Only the evaluation gates (slow: annotate whole corpora).
quality:
	python -m pytest -m slow

bench:
	python benchmarks/annotate.py
	python benchmarks/group_speed.py
