"""How the passphrase becomes the database key: SQLCipher's own key derivation.

`PRAGMA key = '<passphrase>'` makes SQLCipher 4 derive the key with PBKDF2-HMAC-SHA512,
256,000 iterations, and a random 16-byte salt it writes at the start of the database file.
Every page is encrypted with AES-256 and carries an HMAC-SHA512, so a changed page is noticed.

Why this rather than our own scrypt with a raw key: the salt travels inside the database (no
second file whose loss would lose every case), the settings are SQLCipher's reviewed
defaults, and force IT can open a file with standard SQLCipher tools if they have the
passphrase. The price: PBKDF2 is not memory-hard, so the passphrase rule (12+ characters, no
common patterns) carries more of the weight. `cipher_compatibility = 4` pins those settings, so
a later SQLCipher with new defaults still opens today's files.
"""

from __future__ import annotations

from typing import Any

from fieldkit.security.policy import RAW_KEY, normalise

COMPATIBILITY = 4  # SQLCipher 4: PBKDF2-HMAC-SHA512, 256,000 iterations, 4096-byte pages


def sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def apply_key(conn: Any, passphrase: str) -> None:
    """Key a fresh SQLCipher connection; must be the first thing done with it."""
    if RAW_KEY.match(passphrase):
        raise ValueError("a passphrase may not start with x' (SQLCipher reads that as a raw key)")
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong passphrase is our message, not a log
    conn.execute("PRAGMA key = " + sql_text(normalise(passphrase)))
    conn.execute(f"PRAGMA cipher_compatibility = {COMPATIBILITY}")
    conn.execute("PRAGMA cipher_memory_security = ON")  # wipe freed memory inside SQLCipher
