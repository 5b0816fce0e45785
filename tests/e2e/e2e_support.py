# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What end-to-end tests share besides fixtures. A module of its own: tests that import from "conftest" would get
whichever conftest.py a pytest run imported first (tests/unit has one too)."""

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
SECRET_KEY = "e2e-secret-key-must-never-be-printed"
ACCESS_KEY = "AKIAE2EEXAMPLE"


def ansible_env(sandbox, **overrides):
    return sandbox.ansible_env(**{"AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY, **overrides})
