"""Every row lock (select_for_update) is taken inside a transaction that the code itself opens.

Tests run inside a transaction, so a lock taken outside one passes every ordinary test and raises
TransactionManagementError only on a real server (it did: the invitation link). This reads the
source: each select_for_update() lies in a function decorated with transaction.atomic, in a
`with transaction.atomic()` block, or in a private helper called only from such places.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["tenants", "onboarding", "billing", "reports", "config"]


def _is_atomic(node: ast.AST) -> bool:
    return "atomic" in ast.unparse(node)


def _scoped(tree: ast.Module, wanted):
    """Yield (node, enclosing function name or None, inside a transaction?) for each node `wanted` accepts."""

    def walk(node, function, atomic):
        for child in ast.iter_child_nodes(node):
            child_function, child_atomic = function, atomic
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                child_function = child.name
                child_atomic = any(_is_atomic(d) for d in child.decorator_list)
            elif isinstance(child, ast.With) and any(_is_atomic(i.context_expr) for i in child.items):
                child_atomic = True
            if wanted(child):
                yield child, function, atomic
            yield from walk(child, child_function, child_atomic)

    yield from walk(tree, None, False)


def _lock_sites(tree: ast.Module):
    """Yield (line, function name or None, atomic here?) for every select_for_update in the module."""
    for node, function, atomic in _scoped(
        tree, lambda n: isinstance(n, ast.Attribute) and n.attr == "select_for_update"
    ):
        yield node.lineno, function, atomic


def _callers(tree: ast.Module, name: str):
    """Yield (calling function, atomic there?) for each call of `name` in the module."""

    def is_call(node) -> bool:
        return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name

    for _node, function, atomic in _scoped(tree, is_call):
        yield function, atomic


def _always_atomic(tree: ast.Module, name: str, seen: frozenset = frozenset()) -> bool:
    """A private helper counts as atomic when every caller in its module is (recursively)."""
    if not name.startswith("_") or name in seen:
        return False
    callers = list(_callers(tree, name))
    return bool(callers) and all(
        atomic or (caller is not None and _always_atomic(tree, caller, seen | {name})) for caller, atomic in callers
    )


def unguarded_locks() -> list[str]:
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            if "select_for_update" not in source or "/migrations/" in str(path):
                continue
            tree = ast.parse(source)
            for lineno, function, atomic in _lock_sites(tree):
                if not atomic and not (function and _always_atomic(tree, function)):
                    found.append(f"{path.relative_to(ROOT)}:{lineno} in {function or 'module'}()")
    return found


def test_every_select_for_update_runs_inside_a_transaction_of_its_own():
    assert unguarded_locks() == [], "row locks outside transaction.atomic (they fail on a real server)"


def test_the_check_sees_a_lock_outside_a_transaction():
    leaky = ast.parse(
        "def invitation_for_token(*, token):\n"
        "    return Invitation.objects.select_for_update().filter(token_hash=token).first()\n"
        "def _helper():\n"
        "    return Row.objects.select_for_update().get()\n"
        "@transaction.atomic\n"
        "def locked():\n"
        "    return _helper()\n"
        "def unlocked():\n"
        "    return _helper()\n"
        "def _only_locked():\n"
        "    return Row.objects.select_for_update().get()\n"
        "@transaction.atomic\n"
        "def also_locked():\n"
        "    return _only_locked()\n"
    )
    sites = [(function, atomic or _always_atomic(leaky, function)) for _line, function, atomic in _lock_sites(leaky)]
    assert sites == [("invitation_for_token", False), ("_helper", False), ("_only_locked", True)]
