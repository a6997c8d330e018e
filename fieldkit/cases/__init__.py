"""The case: facts, walks, exhibits, signposts, checklists and notes, kept in a local SQLite
store that writes every action at once and logs it in a hash-chained audit log.

Plain Python: nothing here imports Qt, so the CLI, the app and the tests drive the same code.
"""
