# -*- coding: utf-8 -*-

# Copyright: Contributors to the euc.aws collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""make function-size: no function in plugins/ is longer than 60 lines or nested more than three deep.

Usage: python scripts/check-function-size.py [PATH ...] (default: plugins). Each PATH is a .py file or a folder,
read for its .py files. Prints each offender as ``path:line name (N lines)`` or ``path:line name (nested N deep)``
and exits 1; else prints one line saying all is well and exits 0. Pure Python (ast), no dependencies.

- A function's lines run from its ``def`` line to its last line (``end_lineno - lineno + 1``), docstring and
  comments within it included; its decorators above the ``def`` line do not count.
- A module-level function is 1 deep, a function defined in it 2, and so on; a class body adds no level, so a method
  of a module-level class is 1 deep too. 4 deep (a def in a def in a def in a def) is refused. Lambdas do not count.
"""

import ast
import sys
from pathlib import Path

MAX_LINES = 60
MAX_DEPTH = 3
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def offenders_in_source(source, path="<source>", max_lines=MAX_LINES, max_depth=MAX_DEPTH):
    """The offending functions of ``source``, in line order: each as ``path:line name (...)``."""
    found = []

    def visit(node, depth):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, FUNCTIONS):
                lines = child.end_lineno - child.lineno + 1
                if lines > max_lines:
                    found.append((child.lineno, f"{path}:{child.lineno} {child.name} ({lines} lines)"))
                if depth + 1 > max_depth:
                    found.append((child.lineno, f"{path}:{child.lineno} {child.name} (nested {depth + 1} deep)"))
                visit(child, depth + 1)
            else:
                visit(child, depth)

    visit(ast.parse(source, filename=str(path)), 0)
    return [line for _lineno, line in sorted(found, key=lambda item: item[0])]


def python_files(paths):
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(path.rglob("*.py"))
        else:
            yield path


def offenders(paths):
    return [line for path in python_files(paths) for line in offenders_in_source(path.read_text(encoding="utf-8"), path)]


def main(argv):
    paths = argv or ["plugins"]
    found = offenders(paths)
    for line in found:
        print(line)
    if found:
        print(
            f"check-function-size: {len(found)} function(s) longer than {MAX_LINES} lines or nested more than"
            f" {MAX_DEPTH} deep; split them into smaller named functions"
        )
        return 1
    print(f"check-function-size: OK, every function in {', '.join(paths)} has at most {MAX_LINES} lines and {MAX_DEPTH} levels")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
