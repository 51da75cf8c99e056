"""Odoo 18 idioms and the house rules, checked on every addon file."""

import csv
import os
import re

from conftest import ADDONS_DIR

FORBIDDEN = [
    (re.compile(r"<tree[\s>/]"), "use <list>"),
    (re.compile(r"\battrs="), "use invisible=/readonly= expressions"),
    (re.compile(r"\bstates="), "use invisible= expressions"),
    (re.compile(r"def name_get\("), "use _compute_display_name"),
    (re.compile(r"cr\.commit\(\)"), "never commit inside the ORM"),
    (re.compile(r"oe_chatter"), "use <chatter/>"),
]


def addon_files(addon, suffixes):
    for folder, _dirs, files in os.walk(os.path.join(ADDONS_DIR, addon)):
        for name in files:
            if name.endswith(suffixes):
                yield os.path.join(folder, name)


def test_no_pre_18_idioms(addon):
    offences = []
    for path in addon_files(addon, (".py", ".xml")):
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                for pattern, advice in FORBIDDEN:
                    if pattern.search(line):
                        offences.append(f"{path}:{number}: {advice}")
    assert not offences, "\n".join(offences)


def declared_models(addon):
    pattern = re.compile(r"^\s*_name\s*=\s*[\"']([\w.]+)[\"']", re.M)
    models = {}
    for path in addon_files(addon, (".py",)):
        if f"{os.sep}tests{os.sep}" in path:
            continue
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        # Abstract models (mixins) have no table, hence no access rows.
        found = [] if "models.AbstractModel" in text else pattern.findall(text)
        if found:
            models[path] = found
    return models


def test_one_model_per_file(addon):
    crowded = {path: names for path, names in declared_models(addon).items() if len(names) > 1}
    assert not crowded, crowded


def test_every_model_has_access_rows(addon):
    names = {name for found in declared_models(addon).values() for name in found}
    if not names:
        return
    path = os.path.join(ADDONS_DIR, addon, "security", "ir.model.access.csv")
    with open(path, encoding="utf-8") as handle:
        covered = {row["model_id:id"].split(".")[-1] for row in csv.DictReader(handle)}
    missing = {name for name in names if "model_" + name.replace(".", "_") not in covered}
    assert not missing, f"{addon}: no access rows for {sorted(missing)}"
