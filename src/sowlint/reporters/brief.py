"""Render a handoff :class:`~sowlint.brief.Brief` as markdown, JSON or one self-contained HTML file."""

from __future__ import annotations

import html
import re

from sowlint.brief import NOT_STATED, Brief, BriefItem, BriefSection, ItemLocation

_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>|])")

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: #1b1f24; background: #fff; max-width: 62rem; margin: 0 auto; padding: 1.5rem 2rem 3rem; }
header { border-bottom: 3px solid #1f4e79; margin-bottom: 1.5rem; padding-bottom: .5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; color: #1f4e79; }
.meta { color: #57606a; margin: 0; }
nav ol { columns: 2; padding-left: 1.2rem; margin: .5rem 0 0; }
nav a { color: #1f4e79; }
section { margin: 1.75rem 0; }
h2 { font-size: 1.2rem; color: #1f4e79; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
ul.items { list-style: none; padding: 0; margin: 0; }
li.item { padding: .45rem .6rem; border-left: 3px solid #d0d7de; margin: .4rem 0; background: #f6f8fa; }
li.item.level-2 { margin-left: 1.5rem; }
li.item.level-3, li.item.level-4 { margin-left: 3rem; }
.ref { font-weight: 600; margin-right: .35rem; }
.where { display: block; color: #57606a; font-size: .82rem; }
dl { margin: .3rem 0 0; display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; }
dt { font-weight: 600; color: #24292f; }
dd { margin: 0; }
dd.missing { color: #a40e26; font-style: italic; }
p.gap { color: #a40e26; font-weight: 600; background: #fff5f5; border-left: 3px solid #a40e26;
  padding: .45rem .6rem; margin: .4rem 0; }
table.flags { border-collapse: collapse; width: 100%; font-size: .92rem; }
table.flags th, table.flags td { text-align: left; vertical-align: top; border-bottom: 1px solid #d0d7de;
  padding: .35rem .5rem; }
.sev { font-weight: 700; text-transform: uppercase; font-size: .75rem; padding: .1rem .35rem;
  border-radius: 3px; color: #fff; }
.sev-error { background: #a40e26; }
.sev-warning { background: #9a6700; }
.sev-info { background: #0969da; }
footer { margin-top: 2rem; color: #57606a; font-size: .8rem; }
@media print {
  body { font-size: 10.5pt; max-width: none; padding: 0; }
  nav { display: none; }
  li.item, p.gap { background: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  li.item, tr { break-inside: avoid; page-break-inside: avoid; }
  .sev { color: #000; border: 1px solid #000; background: none; }
  @page { margin: 18mm 15mm; }
}
"""


def _md(text: str) -> str:
    """Document text made inert in markdown: markup characters backslash-escaped, one line."""
    return _MD_SPECIAL_RE.sub(r"\\\1", " ".join(text.split()))


def _md_item(item: BriefItem) -> list[str]:
    indent = "  " * (item.level - 1)
    ref = f"**{_md(item.ref)}** " if item.ref else ""
    lines = [f"{indent}- {ref}{_md(item.text)} _({_md(item.location.where)})_"]
    for key, value in item.details.items():
        lines.append(f"{indent}  - {_md(key)}: {_md(value)}")
    return lines


def render_markdown(brief: Brief) -> str:
    """The brief as markdown (for a wiki page, a ticket or a pull-request comment)."""
    title = brief.title or brief.path
    out = [f"# Handoff brief: {_md(title)}", "", f"Source: `{brief.path}` ({brief.format})", ""]
    for sec in brief.sections:
        out.append(f"## {sec.title}")
        out.append("")
        if sec.gap:
            out.append(f"**Gap:** {sec.gap}.")
        for item in sec.items:
            out.extend(_md_item(item))
        out.append("")
    out.append("## Risk flags (open findings)")
    out.append("")
    if not brief.flags:
        out.append("No open findings.")
    for flag in brief.flags:
        excerpt = f" \u2014 \u201c{_md(flag.excerpt)}\u201d" if flag.excerpt else ""
        out.append(
            f"- **{flag.severity}** {flag.code} {_md(flag.message)}{excerpt} _({_md(flag.location.where)})_"
        )
    out.append("")
    return "\n".join(out)


def render_json(brief: Brief) -> str:
    """The brief as JSON (the :class:`~sowlint.brief.Brief` model, indented)."""
    return brief.model_dump_json(indent=2) + "\n"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _where(loc: ItemLocation) -> str:
    return f'<span class="where">{_e(loc.where)}</span>'


def _html_item(item: BriefItem) -> str:
    ref = f'<span class="ref">{_e(item.ref)}</span>' if item.ref else ""
    parts = [f'<li class="item level-{min(item.level, 4)}">{ref}<span class="text">{_e(item.text)}</span>']
    if item.details:
        parts.append("<dl>")
        for key, value in item.details.items():
            cls = ' class="missing"' if value == NOT_STATED else ""
            parts.append(f"<dt>{_e(key)}</dt><dd{cls}>{_e(value)}</dd>")
        parts.append("</dl>")
    parts.append(_where(item.location))
    parts.append("</li>")
    return "".join(parts)


def _html_section(sec: BriefSection) -> str:
    out = [f'<section id="{_e(sec.key)}"><h2>{_e(sec.title)}</h2>']
    if sec.gap:
        out.append(f'<p class="gap">{_e(sec.gap)}</p>')
    if sec.items:
        out.append('<ul class="items">')
        out.extend(_html_item(i) for i in sec.items)
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)


def render_html(brief: Brief) -> str:
    """The brief as one self-contained, printable HTML page: inline CSS, no scripts, no external assets."""
    title = brief.title or brief.path
    nav = "".join(f'<li><a href="#{_e(s.key)}">{_e(s.title)}</a></li>' for s in brief.sections)
    nav += '<li><a href="#flags">Risk flags</a></li>'
    rows = []
    for f in brief.flags:
        excerpt = f"<br><q>{_e(f.excerpt)}</q>" if f.excerpt else ""
        rows.append(
            f'<tr><td><span class="sev sev-{_e(f.severity)}">{_e(f.severity)}</span></td>'
            f"<td>{_e(f.code)}<br><small>{_e(f.name)}</small></td>"
            f"<td>{_e(f.message)}{excerpt}</td><td>{_e(f.location.where)}</td></tr>"
        )
    if rows:
        flags = (
            '<table class="flags"><thead><tr><th>Severity</th><th>Rule</th><th>Finding</th>'
            "<th>Where</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        )
    else:
        flags = '<p class="none">No open findings.</p>'
    body = "\n".join(_html_section(s) for s in brief.sections)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Handoff brief: {_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<header><h1>Handoff brief: {_e(title)}</h1>"
        f'<p class="meta">Source: <code>{_e(brief.path)}</code> ({_e(brief.format)})'
        + (f" \u00b7 pricing model: {_e(brief.pricing_model)}" if brief.pricing_model else "")
        + f"</p><nav><ol>{nav}</ol></nav></header>\n<main>\n{body}\n"
        f'<section id="flags"><h2>Risk flags (open findings, by severity)</h2>{flags}</section>\n'
        "</main>\n<footer>Built by sowlint from the SOW text only; every item shows where it stands."
        "</footer>\n</body>\n</html>\n"
    )


def render(brief: Brief, fmt: str) -> str:
    """Render ``brief`` as ``md``, ``html`` or ``json``; ValueError for another format."""
    if fmt in ("md", "markdown"):
        return render_markdown(brief)
    if fmt == "html":
        return render_html(brief)
    if fmt == "json":
        return render_json(brief)
    raise ValueError(f"unknown brief format {fmt!r} (md, html or json)")
