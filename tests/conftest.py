import os
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "tools"))

ADDONS_DIR = os.path.join(REPO, "addons")
ADDONS = sorted(
    name
    for name in os.listdir(ADDONS_DIR)
    if os.path.isfile(os.path.join(ADDONS_DIR, name, "__manifest__.py"))
)


def pytest_addoption(parser):
    parser.addoption(
        "--i18n-export",
        help="folder of .pot templates exported from a database where the addons are installed "
        "(the test command provides it)",
    )


@pytest.fixture(scope="session")
def exported_templates(request):
    folder = request.config.getoption("--i18n-export")
    if not folder or not os.path.isdir(folder):
        pytest.fail("run through `./parcours test`, which exports the templates to compare")
    return folder


@pytest.fixture(params=ADDONS)
def addon(request):
    return request.param


def read_manifest(addon):
    with open(os.path.join(ADDONS_DIR, addon, "__manifest__.py"), encoding="utf-8") as handle:
        import ast

        return ast.literal_eval(handle.read())
