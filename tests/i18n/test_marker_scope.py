"""The translation marker ``_`` is never shadowed where it is used (a function that binds ``_``
as a throwaway name would make every ``_()`` call in it fail)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.GeneratorExp, ast.ListComp,
          ast.SetComp, ast.DictComp, ast.ClassDef, ast.Module)


def _own_nodes(scope: ast.AST):
    """The nodes of this scope itself, not of the scopes nested in it."""
    for child in ast.iter_child_nodes(scope):
        yield child
        if not isinstance(child, SCOPES):
            yield from _own_nodes(child)


def _binds_underscore(scope: ast.AST) -> bool:
    args = scope.args.args if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef) else []
    return any(a.arg == "_" for a in args) or any(
        isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)
        for n in _own_nodes(scope))


def _calls_underscore(node: ast.AST) -> bool:
    return any(isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id == "_"
               for c in ast.walk(node))


def test_no_function_shadows_the_translation_marker():
    found = []
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("cogs/**/*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, SCOPES) and _binds_underscore(node) and _calls_underscore(node):
                found.append(f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}")
    assert found == []
