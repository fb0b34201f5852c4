"""The shape of the house, read from the source's imports: data flows sources → nlp → timex → events →
assemble → export → store → api → command line, and no module imports one of a later stage (no back-edge),
no modules import each other in a loop, and the library never imports the service or the command line."""

from __future__ import annotations

import pytest

from timeline.imports import imports_of, modules

# the stage of every module, in the order data flows: a name is one module, "package.*" the package and all
# its modules. A new module must be placed here (a test says so), which is when to ask where it belongs.
STAGES = [
    ("model", ["timeline", "timeline.model", "timeline.calendar", "timeline.text", "timeline.imports", "timeline.digest",
               "timeline.plugins", "timeline.language", "timeline.languages", "timeline.languages.*"]),
    ("sources", ["timeline.sources.*"]),
    ("nlp", ["timeline.nlp", "timeline.analysis"]),
    ("timex", ["timeline.timex.*"]),
    ("entities", ["timeline.entities.*"]),
    ("events", ["timeline.events.*"]),
    ("pipeline", ["timeline.pipeline", "timeline.settings"]),
    ("assemble", ["timeline.assemble", "timeline.filters"]),
    ("export", ["timeline.export.*"]),
    ("evaluate", ["timeline.evaluate.*"]),
    ("store", ["service", "service.settings", "service.curation", "service.store", "service.store.*", "service.locks", "service.scanner", "service.watcher"]),
    ("refresh", ["service.extraction", "service.dask_worker", "service.executors", "service.plan", "service.progress",
                 "service.budget", "service.refresh", "service.scheduler", "service.views", "service.state"]),
    ("api", ["service.compression", "service.responses", "service.openapi", "service.api", "service.entities_api", "service.story", "service.widget_api", "service.widget_bundle", "service.widget", "service.app",
             "service.http_server", "service.memory"]),
    ("cli", ["timeline_cli.*"]),
]
RANK = {prefix: rank for rank, (_, prefixes) in enumerate(STAGES) for prefix in prefixes}
PACKAGES = ("timeline", "service", "timeline_cli")
ALL = [m for package in PACKAGES for m in modules(package)]


def stage(module: str) -> int:
    if module in RANK:
        return RANK[module]
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        package = ".".join(parts[:n]) + ".*"
        if package in RANK:
            return RANK[package]
    raise KeyError(module)


def graph() -> dict[str, set[str]]:
    return {m: set(imports_of(m, parents=False)) for m in ALL}


def test_every_module_has_a_stage():
    missing = []
    for module in ALL:
        try:
            stage(module)
        except KeyError:
            missing.append(module)
    assert not missing, f"give these modules a stage in STAGES: {missing}"


@pytest.mark.parametrize("module", ALL)
def test_no_import_reaches_a_later_stage(module):
    later = sorted(t for t in imports_of(module, parents=False) if stage(t) > stage(module))
    assert not later, f"{module} ({STAGES[stage(module)][0]}) imports later stages: {later}"


def test_the_library_never_imports_the_service_or_the_command_line():
    edges = [(m, t) for m, targets in graph().items() if m.split(".")[0] == "timeline"
             for t in targets if t.split(".")[0] in ("service", "timeline_cli")]
    assert not edges


def test_no_cycles():
    """Tarjan's strongly connected components: any with two or more modules is a loop of imports."""
    g = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in g.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                loops.append(sorted(component))

    for v in g:
        if v not in index:
            visit(v)
    assert not loops, f"modules importing each other in a loop: {loops}"


def test_the_reader_sees_imports_inside_functions(tmp_path):
    """The graph is only worth what its reader sees: an import made inside a function counts."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from pkg import b\n    return b\n")
    (package / "b.py").write_text("from . import c\n")
    (package / "c.py").write_text("X = 1\n")
    assert imports_of("pkg.a", tmp_path, parents=False) == {"pkg.b"}
    assert imports_of("pkg.b", tmp_path, parents=False) == {"pkg.c"}
    assert imports_of("pkg.b", tmp_path) == {"pkg", "pkg.c"}
