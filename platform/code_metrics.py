"""How the code reads (issue 13's figures): view functions/methods over 25 lines, modules over 400 lines,
app-level import cycles (two-way imports between apps; onboarding's sub-apps count as apps), imports inside
functions. Run from the project root: `python platform/code_metrics.py` (`-v` lists the inner imports)."""

import ast
import sys
from pathlib import Path

APPS_ROOTS = ["tenants", "onboarding", "billing", "reports", "config", "platform"]
GENERATED = {"onboarding/validation/requirements_table.py"}


def py_files():
    for root in APPS_ROOTS:
        for p in Path(root).rglob("*.py"):
            s = str(p)
            if "/migrations/" in s or s in GENERATED:
                continue
            yield p


def app_of(module: str) -> str:
    parts = module.split(".")
    # A sub-app is a package with its own apps.py (a Django app); inventory and validation count too.
    if (
        parts[0] == "onboarding"
        and len(parts) > 1
        and ((Path("onboarding") / parts[1] / "apps.py").exists() or parts[1] in ("inventory", "validation"))
    ):
        return "onboarding." + parts[1]
    return parts[0]


def module_name(p: Path) -> str:
    m = ".".join(p.with_suffix("").parts)
    return m[: -len(".__init__")] if m.endswith(".__init__") else m


def is_view_module(p: Path) -> bool:
    return p.name.startswith("views") or "views" in p.parts


def main():
    long_views, long_modules, inner_imports = [], [], []
    edges = {}
    for p in py_files():
        src = p.read_text()
        tree = ast.parse(src)
        n = len(src.splitlines())
        if n > 400:
            long_modules.append((str(p), n))
        me = app_of(module_name(p))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for sub in ast.walk(node):
                    if isinstance(sub, (ast.Import, ast.ImportFrom)) and sub is not node:
                        inner_imports.append(f"{p}:{sub.lineno}")
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                if isinstance(node, ast.ImportFrom):
                    if node.level:
                        base = module_name(p).split(".")
                        if p.name != "__init__.py":
                            base = base[:-1]
                        base = base[: len(base) - (node.level - 1)]
                        target = ".".join(base + ([node.module] if node.module else []))
                        targets = [target] if node.module else [target + "." + a.name for a in node.names]
                    else:
                        targets = [node.module]
                else:
                    targets = [a.name for a in node.names]
                for t in targets:
                    if t.split(".")[0] not in APPS_ROOTS:
                        continue
                    other = app_of(t)
                    if other != me:
                        edges.setdefault(me, set()).add(other)
        if is_view_module(p):
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    length = node.end_lineno - node.lineno + 1
                    if length > 25:
                        long_views.append((f"{p}:{node.lineno} {node.name}", length))
    cycles = sorted({tuple(sorted((a, b))) for a, bs in edges.items() for b in bs if a in edges.get(b, set())})
    inner_imports = sorted(set(inner_imports))
    print(f"view functions/methods over 25 lines: {len(long_views)}")
    for v, n in sorted(long_views, key=lambda x: -x[1]):
        print(f"   {n:4d} {v}")
    print(f"modules over 400 lines (excl. migrations, generated requirements_table): {len(long_modules)}")
    for m, n in long_modules:
        print(f"   {n:4d} {m}")
    print(f"app-level import cycles (two-way): {len(cycles)}")
    for a, b in cycles:
        print(f"   {a} <-> {b}")
    print(f"imports inside functions: {len(inner_imports)}")
    if "-v" in sys.argv:
        for i in inner_imports:
            print("  ", i)


if __name__ == "__main__":
    main()
