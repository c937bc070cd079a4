#!/usr/bin/env python3
# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Build each addon's README.rst from its readme/ fragments, as OCA does.

OCA's ``oca-gen-addon-readme`` (OCA/maintainer-tools) is not published on a
package registry, so this script does the same job the same way: the
fragments ``readme/DESCRIPTION.md``, ``CONTEXT``, ``INSTALL``, ``CONFIGURE``,
``USAGE``, ``ROADMAP``, ``DEVELOP``, ``CONTRIBUTORS``, ``CREDITS`` and
``HISTORY`` (Markdown, or reStructuredText with the ``.rst`` extension) are
converted with pandoc (GitHub-flavoured Markdown without raw HTML) and put
under OCA's section titles, with the manifest's name, license and authors.

The README carries a digest of what it is made of (the fragments, the
manifest keys it shows and this script). When the digest matches, the README
is up to date and pandoc is not even started; otherwise it is rebuilt.

    scripts/gen-readme.py            rebuild the READMEs that are out of date
    scripts/gen-readme.py --check    only tell which are out of date (exit 1)
    scripts/gen-readme.py --force    rebuild all

Exit 1 when a README was (or would be) changed, so that pre-commit and
.ci/run fail until the regenerated README is committed. Needs ``pypandoc``
(``pypandoc-binary`` from requirements-test.txt ships pandoc) only to rebuild.
"""

import argparse
import ast
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS_DIR = ROOT / "addons"

# (fragment, section title, heading level): level 2 is a section of the
# README ("Usage"), level 3 a subsection of "Credits" (OCA's levels).
FRAGMENTS = (
    ("DESCRIPTION", None, 2),
    ("CONTEXT", "Use Cases / Context", 2),
    ("INSTALL", "Installation", 2),
    ("CONFIGURE", "Configuration", 2),
    ("USAGE", "Usage", 2),
    ("DEVELOP", "Development", 2),
    ("ROADMAP", "Known issues / Roadmap", 2),
    ("HISTORY", "Changelog", 2),
    ("CONTRIBUTORS", "Contributors", 3),
    ("CREDITS", "Other credits", 3),
)
# OCA's pandoc input format: GitHub-flavoured Markdown, no raw HTML, no
# automatic header identifiers (pylint-odoo would find them unreferenced).
PANDOC_FORMAT = "gfm-raw_html-gfm_auto_identifiers"
MANIFEST_KEYS = ("name", "license", "author", "development_status", "maintainers")
LICENSE_BADGES = {
    "AGPL-3": (
        "https://img.shields.io/badge/license-AGPL--3-blue.png",
        "http://www.gnu.org/licenses/agpl-3.0-standalone.html",
        "License: AGPL-3",
    ),
    "LGPL-3": (
        "https://img.shields.io/badge/license-LGPL--3-blue.png",
        "http://www.gnu.org/licenses/lgpl-3.0-standalone.html",
        "License: LGPL-3",
    ),
    "GPL-3": (
        "https://img.shields.io/badge/license-GPL--3-blue.png",
        "http://www.gnu.org/licenses/gpl-3.0-standalone.html",
        "License: GPL-3",
    ),
}
MATURITY_BADGES = {
    "alpha": ("https://img.shields.io/badge/maturity-Alpha-red.png", "Alpha"),
    "beta": ("https://img.shields.io/badge/maturity-Beta-yellow.png", "Beta"),
    "production/stable": (
        "https://img.shields.io/badge/maturity-Production%2FStable-green.png",
        "Production/Stable",
    ),
    "mature": (
        "https://img.shields.io/badge/maturity-Mature-brightgreen.png",
        "Mature",
    ),
}
# docutils settings of OCA's check (from pypa/readme_renderer): the README
# must render without warnings, with no file inclusion and no raw HTML.
RST_SETTINGS = {
    "file_insertion_enabled": False,
    "halt_level": 2,
    "raw_enabled": False,
    "report_level": 2,
}


def read_manifest(addon_dir):
    return ast.literal_eval((addon_dir / "__manifest__.py").read_text("utf-8"))


def fragment_file(addon_dir, name):
    """The fragment's file (.md or .rst), or None; never both."""
    found = [
        path
        for path in (
            addon_dir / "readme" / f"{name}.md",
            addon_dir / "readme" / f"{name}.rst",
        )
        if path.is_file()
    ]
    if len(found) > 1:
        raise SystemExit(f"{addon_dir.name}: both {name}.md and {name}.rst; keep one")
    return found[0] if found else None


def source_digest(addon_dir, manifest):
    """What the README is made of: fragments, manifest keys, this script."""
    digest = hashlib.sha256()
    digest.update(Path(__file__).read_bytes())
    for key in MANIFEST_KEYS:
        digest.update(f"{key}={manifest.get(key)!r}\n".encode())
    for name, _title, _level in FRAGMENTS:
        path = fragment_file(addon_dir, name)
        if path:
            digest.update(f"{path.name}\n".encode())
            digest.update(path.read_bytes())
    return "sha256:" + digest.hexdigest()[:16]


def convert(path, level):
    """The fragment as reStructuredText, its headings shifted so that a
    Markdown ``##`` is a subsection of the fragment's section (OCA's rule)."""
    if path.suffix == ".rst":
        text = path.read_text("utf-8")
    else:
        import pypandoc  # only needed to rebuild

        text = pypandoc.convert_file(
            str(path),
            to="rst",
            format=PANDOC_FORMAT,
            extra_args=[f"--shift-heading-level-by={level - 2}"],
            sandbox=True,
        )
    text = text.strip("\n")
    return text + "\n" if text else ""


def heading(title, char):
    return f"{title}\n{char * len(title)}\n"


def render(addon_dir, manifest, digest):
    fragments = {}
    for name, _title, level in FRAGMENTS:
        path = fragment_file(addon_dir, name)
        if path:
            text = convert(path, level)
            if text:
                fragments[name] = text
    name = manifest["name"]
    # Markdown fragments get "-" for the Credits subsections, as OCA's.
    sub = "-"
    out = [
        "=" * len(name),
        name,
        "=" * len(name),
        "",
        ".. ",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "   !! This file is generated by scripts/gen-readme.py from   !!",
        "   !! the fragments in readme/: edit those, then run it.     !!",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        f"   !! source digest: {digest}",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "",
    ]
    badges = []
    status = manifest.get("development_status", "Beta").lower()
    if status in MATURITY_BADGES:
        image, alt = MATURITY_BADGES[status]
        badges.append(
            (image, "https://odoo-community.org/page/development-status", alt)
        )
    if manifest.get("license") in LICENSE_BADGES:
        badges.append(LICENSE_BADGES[manifest["license"]])
    for index, (image, target, alt) in enumerate(badges, 1):
        out += [
            f".. |badge{index}| image:: {image}",
            f"    :target: {target}",
            f"    :alt: {alt}",
        ]
    if badges:
        out += ["", " ".join(f"|badge{i}|" for i in range(1, len(badges) + 1)), ""]
    if "DESCRIPTION" in fragments:
        out += [fragments["DESCRIPTION"]]
    out += ["**Table of contents**", "", ".. contents::", "   :local:", ""]
    for frag, title, level in FRAGMENTS:
        if level == 2 and title and frag in fragments:
            out += [heading(title, "="), fragments[frag]]
    out += [heading("Credits", "=")]
    authors = [a.strip() for a in manifest.get("author", "").split(",") if a.strip()]
    if authors:
        out += [heading("Authors", sub)]
        out += [f"- {author}" for author in authors] + [""]
    for frag, title, level in FRAGMENTS:
        if level == 3 and frag in fragments:
            out += [heading(title, sub), fragments[frag]]
    return "\n".join(out).rstrip("\n") + "\n"


def check_rst(text, path):
    """Fail like OCA's check when docutils warns about the README."""
    from docutils.core import publish_string

    try:
        publish_string(
            text,
            source_path=str(path),
            writer_name="html4css1",
            settings_overrides=RST_SETTINGS,
        )
    except Exception as exc:  # docutils raises SystemMessage
        raise SystemExit(f"{path}: not valid reStructuredText: {exc}") from exc


def addons(names):
    for manifest_path in sorted(ADDONS_DIR.glob("*/__manifest__.py")):
        addon_dir = manifest_path.parent
        if names and addon_dir.name not in names:
            continue
        if fragment_file(addon_dir, "DESCRIPTION"):
            yield addon_dir


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("addons", nargs="*", help="addon names (default: all)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="change nothing")
    mode.add_argument("--force", action="store_true", help="rebuild all")
    args = parser.parse_args(argv)
    stale = []
    for addon_dir in addons(args.addons):
        manifest = read_manifest(addon_dir)
        digest = source_digest(addon_dir, manifest)
        readme = addon_dir / "README.rst"
        current = readme.read_text("utf-8") if readme.is_file() else ""
        if not args.force and f"!! source digest: {digest}" in current:
            continue
        if args.check:
            stale.append(readme)
            continue
        text = render(addon_dir, manifest, digest)
        check_rst(text, readme)
        if text != current:
            readme.write_text(text, "utf-8")
            stale.append(readme)
    for readme in stale:
        verb = "is out of date" if args.check else "rebuilt"
        print(f"{readme.relative_to(ROOT)} {verb} (scripts/gen-readme.py)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
