"""The widget's ES modules put together as one module, so that an embed fetches its code in one request.

The widget is written as plain ES modules in ``static/widget/`` (no build step): ``widget.js`` imports the
others. Loaded as they are, a browser asks for ``widget.js``, reads its imports and then asks for the sixteen
others, six at a time over HTTP/1.1: three round trips before the first line runs (on the seeds a quarter of
the time to the first event). The service serves ``/static/widget/bundle.js`` instead, built from the same
files by this module when it is first asked for (and again when a file changes): each module's body inside a
function of its own, in the order the browser would evaluate them (depth first, in the order of the imports),
its imports read from the modules before it and its exports handed on as an object. Nothing is renamed or
minified, and the files stay the source: a module the browser loads on its own (a locale's catalog, imported
by URL at run time) is served as it is.

Only the forms of ``import`` and ``export`` the widget uses are understood; any other statement at the start
of a line that imports or exports raises ``BundleError``, so a new form fails the tests instead of the readers.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import threading
from pathlib import Path

ENTRY = "widget.js"
NAME = "bundle.js"

IDENT = r"[A-Za-z_$][\w$]*"
# import { a, b as c } from "./x.js";   import x from "./x.js";   import "./x.js";
IMPORT = re.compile(
    rf'^import\s+(?:(?P<default>{IDENT})\s+from\s+|\{{(?P<names>[^}}]*)\}}\s+from\s+)?'
    r'"(?P<path>\.{1,2}/[\w./-]+\.js)";[ \t]*(?://[^\n]*)?$', re.M)
# export function f / export async function f / export class C / export const X (one name); not "export let"
# or "export var": the bundle hands values on once, so a binding reassigned later would go stale
EXPORT_DECL = re.compile(rf"^export\s+(?P<kind>(?:async\s+)?function\*?|class|const)\s+(?P<name>{IDENT})", re.M)
EXPORT_DEFAULT = re.compile(r"^export\s+default\s+(?=[{\[(\"'`\w])", re.M)
STATEMENT = re.compile(r"^(?:import|export)\b(?!\s*\()", re.M)


class BundleError(ValueError):
    """A module the bundler cannot put together faithfully (an import or export form it does not know)."""


def _var(module: str) -> str:
    return "__tl_" + re.sub(r"\W", "_", module[:-3])


def _resolve(module: str, path: str) -> str:
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(module), path))
    if resolved.startswith("../"):
        raise BundleError(f"{module}: {path} is outside the widget's directory")
    return resolved


def _transform(module: str, text: str) -> tuple[str, list[str], list[str]]:
    """The module's body with its imports read from earlier modules and its exports taken out; the modules it
    imports, in order; and what it exports (as the entries of an object literal)."""
    imports: list[str] = []

    def one_import(match: re.Match) -> str:
        target = _resolve(module, match["path"])
        imports.append(target)
        if match["default"]:
            return f"const {match['default']} = {_var(target)}.default;"
        if match["names"] is None:
            return ""  # imported for its place in the evaluation order only
        names = []
        for item in filter(None, (part.strip() for part in match["names"].split(","))):
            parts = item.split()
            if len(parts) == 1 and re.fullmatch(IDENT, parts[0]):
                names.append(parts[0])
            elif len(parts) == 3 and parts[1] == "as" and all(re.fullmatch(IDENT, p) for p in parts[::2]):
                names.append(f"{parts[0]}: {parts[2]}")
            else:
                raise BundleError(f"{module}: cannot read the import of {item!r}")
        return f"const {{ {', '.join(names)} }} = {_var(target)};"

    body = IMPORT.sub(one_import, text)
    exported = [m["name"] for m in EXPORT_DECL.finditer(body)]
    body = EXPORT_DECL.sub(lambda m: body[m.start("kind"):m.end()], body)
    if EXPORT_DEFAULT.search(body):
        if len(EXPORT_DEFAULT.findall(body)) > 1:
            raise BundleError(f"{module}: more than one default export")
        body = EXPORT_DEFAULT.sub("const __default = ", body)
        exported.append("default: __default")
    left = STATEMENT.search(body)
    if left:
        line = body[left.start():body.find("\n", left.start())]
        raise BundleError(f"{module}: cannot bundle {line.strip()!r}")
    return body, imports, exported


def build(directory: Path, entry: str = ENTRY) -> str:
    """The modules reachable from ``entry`` in ``directory`` as the text of one ES module exporting what
    ``entry`` exports."""
    directory = Path(directory)
    order: list[str] = []
    parts: dict[str, tuple[str, list[str]]] = {}  # module: (body, exports)
    visiting: set[str] = set()

    def visit(module: str) -> None:
        if module in parts:
            return
        if module in visiting:
            raise BundleError(f"{module} imports itself through others (a cycle)")
        visiting.add(module)
        path = directory / module
        if not path.is_file():
            raise BundleError(f"{module} is imported but missing")
        body, imports, exported = _transform(module, path.read_text(encoding="utf-8"))
        for target in imports:
            visit(target)
        visiting.discard(module)
        parts[module] = (body, exported)
        order.append(module)

    visit(entry)
    out = ["// The timeline widget's modules in one ES module, put together by the service (service/widget_bundle.py)",
           f"// from {', '.join(order)} in service/static/widget/: read those, not this.", ""]
    for module in order:
        body, exported = parts[module]
        out.append(f"// ---- {module}")
        out.append(f"const {_var(module)} = (() => {{")
        out.append(body.rstrip("\n"))
        out.append(f"return {{ {', '.join(exported)} }};")
        out.append("})();")
        out.append("")
    names = [m["name"] for m in EXPORT_DECL.finditer((directory / entry).read_text(encoding="utf-8"))]
    out.append(f"export const {{ {', '.join(names)} }} = {_var(entry)};")
    return "\n".join(out) + "\n"


class Bundle:
    """The bundle of a directory, built on first use and again when one of its files changes (a service
    restarted with new files, or a developer's edit); its text and a strong ETag."""

    def __init__(self, directory: Path, entry: str = ENTRY):
        self.directory = Path(directory)
        self.entry = entry
        self._lock = threading.Lock()
        self._key: tuple | None = None
        self._text = ""
        self._etag = ""

    def _state(self) -> tuple:
        return tuple(sorted((str(p.relative_to(self.directory)), p.stat().st_mtime_ns, p.stat().st_size)
                            for p in self.directory.rglob("*.js")))

    def get(self) -> tuple[str, str]:
        """(text, etag)."""
        state = self._state()
        with self._lock:
            if state != self._key:
                self._text = build(self.directory, self.entry)
                self._etag = hashlib.sha256(self._text.encode("utf-8")).hexdigest()[:32]
                self._key = state
            return self._text, self._etag
