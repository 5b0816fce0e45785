# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""scripts/check-function-size.py: no function in plugins/ passes 60 lines or three levels of nesting."""

import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "check-function-size.py"


def load_script():
    spec = importlib.util.spec_from_file_location("check_function_size", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check = load_script()


def function_of(lines, name="f"):
    """A module-level function of exactly ``lines`` lines, its def line included."""
    return f"def {name}():\n" + "    x = 1\n" * (lines - 1)


def nested(depth):
    """Functions defined one inside the other, ``depth`` deep: f1 holds f2 holds ... f<depth>."""
    return "".join(f"{'    ' * level}def f{level + 1}():\n" for level in range(depth)) + "    " * depth + "pass\n"


def test_every_function_in_plugins_has_at_most_60_lines_and_3_levels():
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "plugins"], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("check-function-size: OK")
    assert len(run.stdout.splitlines()) == 1


def test_a_61_line_function_is_reported_and_a_60_line_one_is_not():
    assert check.offenders_in_source(function_of(60)) == []
    assert check.offenders_in_source("\n\n" + function_of(61), "x.py") == ["x.py:3 f (61 lines)"]


def test_the_lines_run_from_the_def_line_so_decorators_do_not_count():
    assert check.offenders_in_source("@decorator\n@another\n" + function_of(60)) == []
    assert check.offenders_in_source("@decorator\n" + function_of(61), "x.py") == ["x.py:2 f (61 lines)"]


def test_four_levels_of_nesting_are_reported_and_three_are_not():
    assert check.offenders_in_source(nested(3)) == []
    assert check.offenders_in_source(nested(4), "x.py") == ["x.py:4 f4 (nested 4 deep)"]
    assert check.offenders_in_source(nested(5), "x.py") == ["x.py:4 f4 (nested 4 deep)", "x.py:5 f5 (nested 5 deep)"]


def test_a_class_body_adds_no_level():
    source = textwrap.dedent(
        """\
        class C:
            def method(self):
                def inner():
                    class D:
                        def deepest(self):
                            pass
        """
    )
    assert check.offenders_in_source(source) == []
    assert check.offenders_in_source(source.replace("pass", "def too_deep():\n                                pass")) == [
        "<source>:6 too_deep (nested 4 deep)"
    ]


def test_a_nested_function_is_measured_too_and_async_functions_count():
    source = "async def outer():\n" + textwrap.indent(function_of(61, "inner"), "    ")
    assert check.offenders_in_source(source, "x.py") == ["x.py:1 outer (62 lines)", "x.py:2 inner (61 lines)"]


def test_the_script_exits_1_naming_each_offender_and_0_with_one_line_when_all_is_well(tmp_path, capsys):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "long.py").write_text(function_of(61, "long_one"), encoding="utf-8")
    (tmp_path / "pkg" / "deep.py").write_text(nested(4), encoding="utf-8")
    (tmp_path / "fine.py").write_text(function_of(60) + nested(3), encoding="utf-8")

    assert check.main([str(tmp_path / "pkg")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == [
        f"{tmp_path / 'pkg' / 'deep.py'}:4 f4 (nested 4 deep)",
        f"{tmp_path / 'pkg' / 'long.py'}:1 long_one (61 lines)",
    ]
    assert len(lines) == 3 and lines[2].startswith("check-function-size: 2 function(s)")

    assert check.main([str(tmp_path / "fine.py")]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"check-function-size: OK, every function in {tmp_path / 'fine.py'} has at most 60 lines and 3 levels"
    ]
