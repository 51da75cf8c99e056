"""The suite's shape: valid manifests, a strict dependency graph, docs and translations present."""

import os
import re

import pytest
from conftest import ADDONS, ADDONS_DIR, REPO, read_manifest

VERTICALS = ("parcours_msma", "parcours_rehab", "parcours_covid")
REQUIRED_KEYS = ("name", "version", "license", "author", "website", "category", "depends")


def test_the_five_addons_are_present():
    expected = {"parcours_base", "parcours_billing", *VERTICALS}
    assert expected <= set(ADDONS)


def test_manifest_is_complete(addon):
    manifest = read_manifest(addon)
    missing = [key for key in REQUIRED_KEYS if not manifest.get(key)]
    assert not missing, f"{addon} manifest lacks {missing}"
    assert manifest["version"].startswith("18.0.") and manifest["version"].count(".") == 4
    assert manifest["license"] == "LGPL-3"


def test_manifest_data_files_exist(addon):
    manifest = read_manifest(addon)
    for key in ("data", "demo"):
        for path in manifest.get(key, []):
            assert os.path.isfile(os.path.join(ADDONS_DIR, addon, path)), f"{addon}: {path}"


def test_dependency_graph_is_a_strict_dag(addon):
    depends = set(read_manifest(addon)["depends"])
    parcours = {name for name in depends if name.startswith("parcours_")}
    if addon == "parcours_base":
        assert not parcours
    elif addon in VERTICALS:
        assert parcours == {"parcours_base"}, f"{addon} may depend on parcours_base only"
    elif addon == "parcours_billing":
        assert {"parcours_base", "account"} <= depends
        assert not parcours & set(VERTICALS)


@pytest.mark.parametrize("name", ["DESCRIPTION.md", "USAGE.md", "CONFIGURE.md"])
def test_readme_written_for_coordinators(addon, name):
    path = os.path.join(ADDONS_DIR, addon, "readme", name)
    assert os.path.isfile(path), f"{addon} lacks readme/{name}"
    with open(path, encoding="utf-8") as handle:
        assert len(handle.read().split()) >= 20, f"{addon} readme/{name} is too thin"


def test_tests_exist(addon):
    folder = os.path.join(ADDONS_DIR, addon, "tests")
    tests = [name for name in os.listdir(folder) if re.match(r"test_\w+\.py$", name)]
    assert tests, f"{addon} has no test module"


def test_repository_files():
    for name in ("README.md", "LICENSE", "requirements.txt", "requirements-test.txt"):
        assert os.path.isfile(os.path.join(REPO, name)), name
    assert os.path.isfile(os.path.join(REPO, "docker", "compose.yml"))
    with open(os.path.join(REPO, ".ci", "run"), encoding="utf-8") as handle:
        assert "./parcours test" in handle.read()
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as handle:
        assert "./parcours test" in handle.read()
