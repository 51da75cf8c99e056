"""Users work in French: every term an addon shows has a French translation."""

import os

import polib
from conftest import ADDONS_DIR


def terms(po):
    return {(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete}


def french(addon):
    path = os.path.join(ADDONS_DIR, addon, "i18n", "fr.po")
    assert os.path.isfile(path), f"{addon} has no i18n/fr.po"
    return polib.pofile(path)


def test_french_translation_is_complete(addon):
    po = french(addon)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"{addon}: untranslated {untranslated[:10]}"
    assert not fuzzy, f"{addon}: fuzzy {fuzzy[:10]}"


def test_french_translation_covers_the_installed_addon(addon, exported_templates):
    exported = polib.pofile(os.path.join(exported_templates, addon + ".pot"))
    missing = terms(exported) - terms(french(addon))
    assert not missing, f"{addon}: run `./parcours i18n` then translate {sorted(missing)[:10]}"


def test_committed_template_is_current(addon, exported_templates):
    exported = polib.pofile(os.path.join(exported_templates, addon + ".pot"))
    committed = polib.pofile(os.path.join(ADDONS_DIR, addon, "i18n", addon + ".pot"))
    assert terms(committed) == terms(exported), f"{addon}: run `./parcours i18n`"
