"""Protecting case data across the app: the passphrase rule, wrong-passphrase slow-down, and the
refusals that keep images out of a case. The store's own encryption (key, unlocking,
retention) lives with the store in `fieldkit.cases`.

Plain Python (never Qt) and cheap to import. `docs/security.md` lists each protection with the
test that proves it.
"""
