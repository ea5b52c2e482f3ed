"""Check many files: in parallel (``-j``), through the cache, with a progress bar; same output as serial.

Workers are processes (the work is CPU-bound Python).  Each rebuilds the configuration from its
layers, because rule classes made from YAML files and plugins cannot be pickled; results come back
in input order, so the report is byte-for-byte the one a serial run prints.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sowlint.config import Config, Layer
from sowlint.engine import Engine, FileResult

#: Below this many files a pool costs more than it saves.
MIN_FILES_FOR_POOL = 4

_WORKER_ENGINE: Engine | None = None


@dataclass(frozen=True)
class _Recipe:
    """What a worker needs to rebuild the configuration (picklable)."""

    file_layers: tuple[Layer, ...]
    cli: Layer
    path: Path | None
    plugins: bool


def _init_worker(recipe: _Recipe) -> None:
    global _WORKER_ENGINE
    config = Config(recipe.file_layers, recipe.cli, path=recipe.path, plugins=recipe.plugins)
    _WORKER_ENGINE = Engine(config=config)


def _check_in_worker(item: tuple[str, str]) -> FileResult:
    assert _WORKER_ENGINE is not None
    path, shown = item
    return _WORKER_ENGINE.check_file(Path(path), shown)


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def check_files(
    files: Sequence[Path],
    config: Config,
    *,
    jobs: int = 1,
    cache: object | None = None,
    on_done: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Check ``files`` (shown as given) and return their results in input order."""
    from sowlint.cache import Cache

    store = cache if isinstance(cache, Cache) else None
    results: list[FileResult | None] = [None] * len(files)
    keys: list[str | None] = [None] * len(files)
    todo: list[int] = []
    for i, path in enumerate(files):
        if store is not None:
            keys[i] = store.key(path, str(path))
            hit = store.get(keys[i])
            if hit is not None:
                results[i] = hit
                if on_done:
                    on_done(hit)
                continue
        todo.append(i)

    def finish(i: int, result: FileResult) -> None:
        results[i] = result
        if store is not None:
            store.put(keys[i], result)
        if on_done:
            on_done(result)

    if jobs > 1 and len(todo) >= MIN_FILES_FOR_POOL:
        recipe = _Recipe(config.file_layers, config.cli, config.path, config.plugins)
        with ProcessPoolExecutor(
            max_workers=min(jobs, len(todo)), initializer=_init_worker, initargs=(recipe,)
        ) as pool:
            items = [(str(files[i]), str(files[i])) for i in todo]
            for i, result in zip(todo, pool.map(_check_in_worker, items, chunksize=1), strict=True):
                finish(i, result)
    else:
        engine = Engine(config=config)
        for i in todo:
            finish(i, engine.check_file(files[i], str(files[i])))
    return [r for r in results if r is not None]
