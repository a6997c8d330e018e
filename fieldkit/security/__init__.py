"""Protecting case data: the passphrase rule, the key, wrong-passphrase slow-down, retention,
and the refusals that keep images out of a case.

Plain Python (never Qt) and cheap to import: `sqlcipher3` is imported only when a database is
opened. `docs/security.md` lists each protection with the test that proves it.
"""
