"""The standalone verifier, as it is handed to States: one file, standard library only.

Its source lives in two places of this repository, each kept once: the verifier itself
(``bot/data/standalone_verifier.py``) and the pure-Python BLS12-381 code the bot also uses
(``bot/domain/bls12381.py``). :func:`standalone_verifier_source` assembles them,
deterministically, by putting the BLS code in place of the verifier's ``# @BLS12-381@`` line;
the bytes it returns are what ``/draw verifier`` and ``deskreview draw verifier`` hand out and
what every manifest pins in ``meta.verifier_sha256``.
"""

from __future__ import annotations

import ast
from importlib import resources

MARKER = b"# @BLS12-381@"
RULE = b"# " + b"=" * 94 + b"\n"
BANNER = RULE + b"""\
# BLS12-381 signature verification for drand quicknet (bls-unchained-g1-rfc9380, RFC 9380
# hash-to-G1), standard library only: the module bot/domain/bls12381.py of deskreview, written
# here unchanged but for its "from __future__" line (this file has its own), so that this one
# file checks every beacon signature by itself. The verifier above calls its verify_quicknet().
""" + RULE
END = b"# " + b"=" * 32 + b" end of the BLS12-381 code " + b"=" * 34 + b"\n"


def _bound_names(tree: ast.Module) -> dict[str, str]:
    """Top-level names a module binds, each with how ("import" or "definition")."""
    names: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names[(alias.asname or alias.name).split(".")[0]] = "import"
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names[node.name] = "definition"
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for leaf in ast.walk(target):
                    if isinstance(leaf, ast.Name):
                        names[leaf.id] = "definition"
    return names


def assemble(verifier: bytes, bls: bytes) -> bytes:
    """The verifier with the BLS code in place of its marker line; refuses any name clash."""
    lines = verifier.splitlines(keepends=True)
    at = [i for i, line in enumerate(lines) if line.startswith(MARKER)]
    if len(at) != 1:
        raise ValueError("the standalone verifier must hold exactly one '# @BLS12-381@' line")
    code = b"".join(line for line in bls.splitlines(keepends=True)
                    if not line.startswith(b"from __future__ import"))
    if b'if __name__ == "__main__"' in code:
        raise ValueError("the BLS12-381 module must not run anything as a script")
    ours, theirs = _bound_names(ast.parse(verifier)), _bound_names(ast.parse(code))
    clash = sorted(n for n in set(ours) & set(theirs)
                   if not ours[n] == theirs[n] == "import")
    if clash:
        raise ValueError(f"the verifier and the BLS12-381 code both define {clash}")
    body = BANNER + code.rstrip(b"\n") + b"\n" + END
    out = b"".join(lines[: at[0]]) + body + b"".join(lines[at[0] + 1:])
    compile(out, "verify_draw.py", "exec")
    return out


def standalone_verifier_source() -> bytes:
    """The one-file verifier anyone can run: ``python3 -I verify_draw.py LOG.jsonl``."""
    root = resources.files("bot")
    return assemble(root.joinpath("data", "standalone_verifier.py").read_bytes(),
                    root.joinpath("domain", "bls12381.py").read_bytes())
