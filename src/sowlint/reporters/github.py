"""GitHub Actions reporter: workflow commands that annotate files in a run and a pull request.

``::error file=PATH,line=N,col=C,title=SOW101 missing-assumptions::message``, one group per file
(``::group::PATH`` .. ``::endgroup::``); warning becomes ``::warning`` and info ``::notice``.  A
finding with no line (docx, pdf, document-level) names its page and section in the message.
"""

from __future__ import annotations

from sowlint.engine import Registry
from sowlint.findings import Finding, Severity
from sowlint.reporters import Report
from sowlint.reporters._common import count_suffix, place_suffix, plain_summary, posix_path

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message as the Actions runner expects (``%``, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property value: as data, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding) -> str:
    """The workflow command annotating one finding."""
    loc = finding.location
    props = [("file", posix_path(finding.path))]
    if loc.line is not None:
        props.append(("line", str(loc.line)))
        if loc.end_line is not None and loc.end_line > loc.line:
            props.append(("endLine", str(loc.end_line)))
        if loc.column is not None:
            props.append(("col", str(loc.column)))
    props.append(("title", f"{finding.code} {finding.name}"))
    head = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    message = f"{finding.message}{count_suffix(finding)}{place_suffix(finding)}"
    return f"::{_COMMAND[finding.severity]} {head}::{escape_data(message)}"


def render(report: Report, registry: Registry) -> str:
    """Render the findings as workflow commands grouped per file, then a plain summary line."""
    del registry  # the commands carry the code and name each finding already has
    lines: list[str] = []
    for result in report.results:
        if not result.findings:
            continue
        lines.append(f"::group::{escape_data(posix_path(result.path))}")
        lines.extend(command(f) for f in result.findings)
        lines.append("::endgroup::")
    lines.append(plain_summary(report))
    return "\n".join(lines) + "\n"
