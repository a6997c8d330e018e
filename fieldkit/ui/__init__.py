"""The desktop app (PySide6), calling the plain-Python core.

Here: the window (`app`, `main_window`, `top_bar`, `lock`, `navigator`, `sessions`,
`saved_cases`, `theme`, `keyboard`, `desktop`). Below: `screens/` (one module per officer's
screen, each a `screens.base.Screen`), `author/` (the specialists' author mode) and `widgets/`.

Nothing outside this package imports Qt; nothing here computes guidance: views ask the engine
(`fieldkit.guides`), the case session (`fieldkit.cases`) and the search index (`fieldkit.search`).
"""
