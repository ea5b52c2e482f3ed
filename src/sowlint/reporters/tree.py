"""Tree view of a parsed document for ``sowlint parse``: sections, kinds and blocks."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from sowlint.model import Block, Document, ListItem, Section, Table


def _short(text: str, n: int = 70) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 1] + "…"


def _block_label(b: Block) -> str:
    kinds = f" [magenta]{{{', '.join(b.kinds)}}}[/]" if b.kinds else ""
    where = escape(b.location.model_copy(update={"section": ()}).describe())
    if isinstance(b, Table):
        head = escape(" | ".join(b.header))
        return f"[dim]{where}[/] table {len(b.rows)} rows: {head}{kinds}"
    if isinstance(b, ListItem):
        return f"[dim]{where}[/] {'  ' * (b.level - 1)}- {escape(_short(b.text))}{kinds}"
    return f"[dim]{where}[/] {escape(_short(b.text))}{kinds}"


def _add(tree: Tree, sec: Section) -> None:
    kinds = f" [magenta]{{{', '.join(sec.kinds)}}}[/]" if sec.kinds else ""
    num = f"{escape(sec.number)} " if sec.number else ""
    node = tree.add(f"[bold]{num}{escape(sec.title)}[/bold] [dim](h{sec.level})[/]{kinds}")
    for b in sec.blocks:
        node.add(_block_label(b))
    for sub in sec.sections:
        _add(node, sub)


def render_tree(doc: Document, console: Console) -> None:
    """Print the document as a tree."""
    pages = f", {doc.pages} pages" if doc.pages else ""
    root = Tree(f"[bold]{escape(doc.path)}[/bold] ({doc.format}{pages}) title: {escape(doc.title or '-')}")
    for b in doc.blocks:
        root.add(_block_label(b))
    for sec in doc.sections:
        _add(root, sec)
    console.print(root)
