"""Every interface text as (English, German), one module per page so that pages do not collide."""

from __future__ import annotations

import importlib
import pkgutil

TEXTS: dict[str, tuple[str, str]] = {}
for _module in pkgutil.iter_modules(__path__):
    for _key, _pair in importlib.import_module(f"{__name__}.{_module.name}").TEXTS.items():
        if _key in TEXTS:
            raise KeyError(f"text key '{_key}' is defined twice (dashboard/texts/{_module.name}.py)")
        TEXTS[_key] = _pair
