"""Runs every benchmark module (bench_*.py) and prints its figures."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback

import benchmarks


def main() -> int:
    failed = 0
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__)
                   if m.name.startswith("bench_"))
    for name in names:
        print(f"== {name[6:]}")
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            for label, value, unit in module.run():
                print(f"{label:<64} {value:10.2f} {unit}")
        except Exception:  # a broken benchmark must not hide the others' figures
            failed += 1
            traceback.print_exc()
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
