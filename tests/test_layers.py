"""The shape of the code, read from the source: layers, no import circle, small files.

Every import of ``bot``, ``cogs`` and ``storage`` counts, including those made only for type
checking, so that an import circle cannot hide behind ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "cogs", "storage")
MAX_LINES = 400
# The standalone draw verifier is one file by design; the pure-Python BLS12-381 code is the
# part of it that the bot also runs, and is inserted into it whole.
ONE_FILE_BY_DESIGN = {"bot/data/standalone_verifier.py", "bot/domain/bls12381.py"}


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    return {_module(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The module of ours an imported name belongs to (its longest known prefix)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph() -> dict[str, set[str]]:
    modules = _sources()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                # ``from package import module`` depends on that module, not on the
                # package's own __init__ (which Python only starts, never needs finished)
                subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules]
                targets = subs if len(subs) == len(node.names) else [*subs, base]
            for target in targets:
                found = _resolve(target, modules)
                if found is not None and found != module:
                    graph[module].add(found)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def _layer(module: str) -> str:
    for prefix, layer in (("bot.i18n", "i18n"), ("bot.domain", "domain"),
                          ("bot.services", "services"),
                          ("bot.discord", "adapter"), ("bot.ports", "ports"),
                          ("cogs", "cogs"), ("storage", "storage")):
        if module == prefix or module.startswith(prefix + "."):
            return layer
    return "root"


def _third_party(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_there_is_no_import_circle() -> None:
    assert _cycle(import_graph()) is None, " -> ".join(_cycle(import_graph()) or [])


def test_every_import_points_the_way_the_layers_allow() -> None:
    forbidden = {
        "domain": {"services", "adapter", "ports", "cogs", "storage", "root"},
        "services": {"adapter", "cogs"},
        "storage": {"services", "adapter", "ports", "cogs"},
        "adapter": {"cogs", "services"},
        "ports": {"services", "adapter", "cogs", "storage"},
        # the catalogues and their messages serve every layer and use none
        "i18n": {"domain", "services", "adapter", "ports", "cogs", "storage", "root"},
    }
    # the clock, the settings and the one-bot-per-database lock serve every layer
    allowed_root_for_services = {"bot.clock", "bot.settings", "bot.runlock"}
    broken = []
    for module, targets in import_graph().items():
        layer = _layer(module)
        for target in targets:
            kind = _layer(target)
            if kind in forbidden.get(layer, set()):
                if layer in ("services", "storage", "adapter") and target in (
                        allowed_root_for_services):
                    continue
                broken.append(f"{module} ({layer}) imports {target} ({kind})")
            if layer in ("services", "storage", "adapter", "ports") and kind == "root" and (
                    target not in allowed_root_for_services):
                broken.append(f"{module} ({layer}) imports {target} (the application)")
    assert not broken, "\n".join(sorted(broken))


def test_services_storage_and_domain_import_no_discord() -> None:
    offenders = [
        module for module, path in _sources().items()
        if _layer(module) in ("domain", "services", "storage", "ports")
        and "discord" in _third_party(path)
    ]
    assert offenders == []


def test_services_are_packages_not_a_flat_list() -> None:
    flat = [p.name for p in (ROOT / "bot" / "services").glob("*.py") if p.name != "__init__.py"]
    assert flat == []


def test_no_source_file_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
        and str(p.relative_to(ROOT)) not in ONE_FILE_BY_DESIGN
    }
    assert long == {}


def _inside_setup(tree: ast.Module) -> set[int]:
    """The ids of the nodes inside an extension's top-level ``setup`` function."""
    inside: set[int] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "setup":
            inside.update(id(n) for n in ast.walk(node))
    return inside


def test_cogs_receive_their_services_and_never_fetch_them() -> None:
    """Only an extension's ``setup`` reads the container (to hand each cog what it uses);
    a command, view, modal, button or helper never reaches for ``.services`` itself."""
    reads = []
    for module, path in _sources().items():
        if _layer(module) != "cogs":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed = _inside_setup(tree)
        for node in ast.walk(tree):
            fetched = isinstance(node, ast.Attribute) and node.attr in ("services", "_services")
            fetched = fetched or (isinstance(node, ast.Constant)
                                  and node.value in ("services", "_services"))
            if fetched and id(node) not in allowed:
                reads.append(f"{module}:{node.lineno}")
    assert reads == []


def test_the_composition_root_sets_nothing_on_what_it_built() -> None:
    """Every service (and the Home) gets its collaborators in its constructor: the bot
    assigns no attribute of an object it built, only attributes of its own (``self.x``) and
    discord.py's own switches (``discord.X.y``)."""
    tree = ast.parse((ROOT / "bot" / "app.py").read_text(encoding="utf-8"))
    (bot,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "DeskReviewBot"]
    wired = []
    for node in ast.walk(bot):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id == "setattr"):
            wired.append(f"setattr at line {node.lineno}")
        for target in targets:
            root = target
            while isinstance(root, ast.Attribute):
                root = root.value
            library = isinstance(root, ast.Name) and root.id == "discord"
            if isinstance(target, ast.Attribute) and not library and not (
                    isinstance(target.value, ast.Name) and target.value.id == "self"):
                wired.append(f"{ast.unparse(target)} at line {node.lineno}")
    assert wired == []


def test_the_container_holds_every_service_fully() -> None:
    """No service of the container is optional or left to a default."""
    tree = ast.parse((ROOT / "bot" / "container.py").read_text(encoding="utf-8"))
    (services,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Services"]
    loose = [ast.unparse(f) for f in services.body if isinstance(f, ast.AnnAssign)
             and (f.value is not None or "None" in ast.unparse(f.annotation)
                  or "Optional" in ast.unparse(f.annotation))]
    assert loose == []


def test_every_use_case_takes_the_actor_first_by_one_name() -> None:
    """The acting person is one type (``bot.domain.actor.Actor``), passed the same way to every
    service: as ``actor``, the first parameter (after ``self`` and a transaction ``tx``)."""
    loose = []
    for module, path in _sources().items():
        if _layer(module) != "services":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            params = [a for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs
                      if a.arg not in ("self", "cls", "tx")]
            for index, param in enumerate(params):
                annotation = ast.unparse(param.annotation) if param.annotation else ""
                typed = annotation == "Actor"
                if (typed or param.arg == "actor") and not (
                        typed and param.arg == "actor" and index == 0):
                    loose.append(f"{module}.{node.name}({param.arg}: {annotation})")
    assert loose == []
