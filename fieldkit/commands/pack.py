"""`fieldkit pack keygen|build|verify|install|installed|trust`: signed content packs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fieldkit.commands._common import content_dir

EPILOG = """A pack is a content folder, its version and changelog (from content.yaml) and a
manifest of file hashes, signed with Ed25519. Laptops install a pack only if it is signed by a
trusted key, unaltered, newer than the content already installed and no more than a step
ahead of the content in use (--allow-jump overrides that, after checking). A key is trusted
only if it was shipped in the build or added on this computer with
'fieldkit pack trust add KEY.pub --fingerprint SHA256:...', the fingerprint given by the
content team by phone or in person: a pack never brings its own key."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("pack", help="build, verify and install signed content packs",
                       description="Signed content packs.", epilog=EPILOG)
    psub = p.add_subparsers(dest="pack_command", metavar="ACTION")

    k = psub.add_parser("keygen", help="make a signing key pair (KEY and KEY.pub)")
    k.add_argument("--out", metavar="KEY", type=Path, required=True,
                   help="private key file (written with 0600 permissions); the public key "
                   "goes to KEY.pub")
    k.set_defaults(func=cmd_keygen)

    b = psub.add_parser("build", help="check a content folder and sign it into a pack")
    b.add_argument("dir", metavar="DIR", nargs="?", default=None,
                   help="content folder (default: the built-in content)")
    b.add_argument("--key", metavar="KEY", type=Path, required=True, help="private key")
    b.add_argument("--out", metavar="FILE", type=Path, required=True,
                   help="pack to write, e.g. content-2026.12.0.fkpack")
    b.set_defaults(func=cmd_build)

    v = psub.add_parser("verify", help="check a pack's signature and every file")
    v.add_argument("pack", metavar="FILE", type=Path)
    v.add_argument("--trust", metavar="PUBKEY", type=Path, action="append",
                   help="public key to trust (repeatable); default: the keys this computer "
                   "trusts")
    v.set_defaults(func=cmd_verify)

    i = psub.add_parser("install", help="verify a pack and make it the content in use")
    i.add_argument("pack", metavar="FILE", type=Path)
    i.add_argument("--allow-jump", action="store_true",
                   help="install even though the version is far ahead of the content in use "
                   "(check the version with the content team first)")
    i.set_defaults(func=cmd_install)

    t = psub.add_parser("trust", help="trust a content team's public key on this computer, "
                        "or list the keys trusted")
    tsub = t.add_subparsers(dest="trust_command", metavar="ACTION")
    ta = tsub.add_parser("add", help="trust KEY.pub if its fingerprint is the one given")
    ta.add_argument("key", metavar="KEY.pub", type=Path)
    ta.add_argument("--fingerprint", metavar="SHA256:...", required=True,
                    help="the key's fingerprint, as the content team gave it to you by a "
                    "second channel (phone, in person, a signed letter), never with the pack")
    ta.set_defaults(func=cmd_trust_add)
    tl = tsub.add_parser("list", help="list the keys this computer trusts")
    tl.set_defaults(func=cmd_trust_list)
    t.set_defaults(func=lambda args: (t.print_help(), 2)[1])

    s = psub.add_parser("installed", help="show the installed content pack, if any")
    s.set_defaults(func=cmd_installed)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def cmd_keygen(args: argparse.Namespace) -> int:
    from fieldkit.packs.keys import generate_keypair

    public, fp = generate_keypair(args.out)
    print(f"wrote private key {args.out} (keep it secret and backed up; 0600)")
    print(f"wrote public key  {public} ({fp})")
    print("give the public key to whoever builds FieldKit or sets up the laptops")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from fieldkit.packs.build import build_pack

    built = build_pack(content_dir(args), args.key, args.out)
    print(f"wrote {built.path}: content version {built.version}, {built.files} files, "
          f"{built.scenarios} scenarios passed, signed by {built.signer}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from fieldkit.packs.format import open_pack
    from fieldkit.packs.keys import trusted_keys

    keys, problems = trusted_keys(args.trust, include_installed=not args.trust)
    for note in problems:
        print(note, file=sys.stderr)
    pack = open_pack(args.pack, keys)
    print(f"OK: {pack.title}, version {pack.version}, built {pack.created}, "
          f"{len(pack.files)} files; signed by {pack.signer.fingerprint} ({pack.signer.source})")
    items = pack.manifest.get("items")
    if isinstance(items, dict) and items:
        states = [v for v in items.values() if isinstance(v, dict)]
        approved = sum(1 for v in states if v.get("status") == "approved")
        points = sum(len(v.get("open_points") or []) for v in states)
        print(f"items: {approved} of {len(states)} approved; {points} open points")
    log = pack.manifest.get("changelog")
    if isinstance(log, list) and log and isinstance(log[0], dict):
        print(f"latest change: {log[0].get('version', '')} {log[0].get('date', '')}: "
              f"{log[0].get('changes', '')}".rstrip())
    return 0


def cmd_install(args: argparse.Namespace) -> int:
    from fieldkit.packs.install import install_pack

    done = install_pack(args.pack, allow_jump=args.allow_jump)
    was = f" (was {done.previous})" if done.previous else ""
    print(f"installed content version {done.version}{was} in {done.dir}; signed by "
          f"{done.signer}")
    return 0


def cmd_installed(args: argparse.Namespace) -> int:
    from fieldkit.packs.install import installed_content

    found = installed_content()
    if found is None:
        print("no content pack installed: the built-in content is in use")
        return 0
    print(f"content version {found.version}, built {found.date.isoformat()}, in {found.dir}")
    return 0


def cmd_trust_add(args: argparse.Namespace) -> int:
    from fieldkit.packs.keys import trust_key

    dest, fp = trust_key(args.key, args.fingerprint)
    print(f"{args.key}: fingerprint {fp} matches; trusted on this computer ({dest})")
    return 0


def cmd_trust_list(args: argparse.Namespace) -> int:
    from fieldkit.packs.keys import trusted_keys

    keys, problems = trusted_keys()
    for note in problems:
        print(note, file=sys.stderr)
    if not keys:
        print("no trusted keys: no pack can be installed on this computer")
    for k in keys:
        print(f"{k.fingerprint}  {k.source}")
    return 0
