"""The desktop app (PySide6): one module per screen, all calling the plain-Python core.

Nothing outside this package imports Qt; nothing here computes guidance: views ask the engine
(`fieldkit.guides`), the case session (`fieldkit.cases`) and the search index (`fieldkit.search`).
"""
