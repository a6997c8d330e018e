"""Signed content packs: how a force ships new guidance to laptops without a new app build.

A pack is a zip of the content folder with a manifest of file hashes, signed with Ed25519.
Reading one treats it as hostile until its signature, hashes and shape all check out.
"""

from fieldkit.packs.errors import PackError

__all__ = ["PackError"]
