"""Names a package binds on first use (a module ``__getattr__``, PEP 562)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any


def lazy_names(package: str, where: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` giving each name of ``where`` from its submodule (relative
    to ``package``; "" for the submodule of that very name), imported when first asked for.

    >>> get = lazy_names("partybuild_metrics", {"round_share": "rounding"})
    >>> get("round_share").__name__
    'round_share'
    """

    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(f"{package}.{where[name] or name}")
        value = module if not where[name] else getattr(module, name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
