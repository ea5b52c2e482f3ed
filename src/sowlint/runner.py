"""Check many files: in parallel (``-j``), through the cache, with a progress bar; same output as serial.

Workers are processes (the work is CPU-bound Python).  Where processes are forked (Linux's
default) a worker starts with the parent's engine, registry and loaded rule data already in memory;
elsewhere each rebuilds the configuration from its layers, because rule classes made from YAML files
and plugins cannot be pickled.  The largest files are handed out first so that no worker is left
with a long document at the end; results come back in input order, so the report is byte-for-byte
the one a serial run prints.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path

from sowlint.config import Config, Layer
from sowlint.engine import Engine, FileResult

#: Below this many files a pool costs more than it saves ...
MIN_FILES_FOR_POOL = 4
#: ... unless they are this large together (two long PDFs are worth a worker each).
MIN_BYTES_FOR_SMALL_POOL = 256 * 1024

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
    if _WORKER_ENGINE is not None:  # forked: the parent's engine came with the process
        return
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

    engine = Engine(config=config)
    sizes = {i: _size(files[i]) for i in todo} if jobs > 1 and len(todo) > 1 else {}
    if jobs > 1 and _worth_a_pool(list(sizes.values())):
        order = sorted(todo, key=lambda i: -sizes[i])  # largest first
        _check_in_pool(files, todo, order, config, engine, min(jobs, len(todo)), finish)
    else:
        for i in todo:
            finish(i, engine.check_file(files[i], str(files[i])))
    return [r for r in results if r is not None]


def _pool_context() -> BaseContext | None:
    """How worker processes start: None is the platform's default (fork on Linux before Python 3.14)."""
    return None


def _worth_a_pool(sizes: Sequence[int]) -> bool:
    """Whether starting worker processes will pay for itself on files of these sizes (bytes)."""
    if len(sizes) >= MIN_FILES_FOR_POOL:
        return True
    return len(sizes) >= 2 and sum(sizes) >= MIN_BYTES_FOR_SMALL_POOL


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _check_in_pool(
    files: Sequence[Path],
    todo: list[int],
    order: list[int],
    config: Config,
    engine: Engine,
    workers: int,
    finish: Callable[[int, FileResult], None],
) -> None:
    """Check ``files[i]`` for ``i`` in ``todo`` on ``workers`` processes, handed out in ``order``."""
    global _WORKER_ENGINE
    recipe = _Recipe(config.file_layers, config.cli, config.path, config.plugins)
    _WORKER_ENGINE = engine  # inherited by forked workers; a spawned worker starts without it
    try:
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=_pool_context(), initializer=_init_worker, initargs=(recipe,)
        ) as pool:
            futures = {i: pool.submit(_check_in_worker, (str(files[i]), str(files[i]))) for i in order}
            for i in todo:  # report in input order
                finish(i, futures[i].result())
    finally:
        _WORKER_ENGINE = None
