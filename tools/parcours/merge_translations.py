"""Copy freshly exported .pot templates into the addons and merge them into fr.po.

Usage: merge_translations.py EXPORT_DIR ADDONS_DIR ADDON [ADDON ...]
Existing French translations are kept; new terms are added untranslated;
terms that left the code are dropped.
"""

import os
import sys

import polib

FRENCH_HEADER = {
    "Project-Id-Version": "Odoo Server 18.0",
    "Language": "fr",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n > 1);",
}


def merge(export_dir, addons_dir, addon):
    template = polib.pofile(os.path.join(export_dir, addon + ".pot"))
    template.metadata.pop("POT-Creation-Date", None)
    template.metadata.pop("PO-Revision-Date", None)
    i18n = os.path.join(addons_dir, addon, "i18n")
    os.makedirs(i18n, exist_ok=True)
    template.save(os.path.join(i18n, addon + ".pot"))
    french_path = os.path.join(i18n, "fr.po")
    french = polib.pofile(french_path) if os.path.exists(french_path) else polib.POFile()
    french.merge(template)
    for entry in french.obsolete_entries():
        french.remove(entry)
    french.metadata = dict(FRENCH_HEADER)
    french.save(french_path)
    missing = len(french.untranslated_entries()) + len(french.fuzzy_entries())
    print("%s: %d terms, %d to translate" % (addon, len(french), missing))


if __name__ == "__main__":
    export, addons = sys.argv[1], sys.argv[2]
    for name in sys.argv[3:]:
        merge(export, addons, name)
