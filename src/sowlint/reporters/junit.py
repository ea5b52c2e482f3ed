"""JUnit XML reporter for CI test-report views (GitLab, Jenkins, Azure DevOps).

One ``<testsuite>`` per file and one ``<testcase>`` per finding, named ``CODE name @ location``.
A finding whose severity reaches the report's ``fail-on`` level is a ``<failure>``, so the test
report fails exactly when the exit code does; a finding below it passes with the details in
``<system-out>``.  A file without findings is one passing testcase; a file that could not be read
and has no finding about it (SOW001 ignored) is an ``<error>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from sowlint.engine import FileResult, Registry
from sowlint.findings import Finding
from sowlint.reporters import Report
from sowlint.reporters._common import count_suffix, posix_path

#: Characters XML 1.0 cannot carry at all, even escaped (control characters, lone surrogates).
_ILLEGAL_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text with characters XML 1.0 forbids replaced by U+FFFD (ElementTree escapes the rest)."""
    return _ILLEGAL_XML.sub("\ufffd", text)


def details(finding: Finding) -> str:
    """The failure body: severity, rule, place, message, excerpt."""
    lines = [
        f"{finding.severity.value} {finding.code} {finding.name}",
        f"{posix_path(finding.path)}: {finding.location.describe()}",
        f"{finding.message}{count_suffix(finding)}",
    ]
    if finding.excerpt:
        lines.append(f"excerpt: {finding.excerpt}")
    return xml_text("\n".join(lines))


def _suite(result: FileResult, report: Report) -> ET.Element:
    path = posix_path(result.path)
    suite = ET.Element("testsuite", {"name": xml_text(path)})
    failures = errors = 0
    for f in result.findings:
        name = f"{f.code} {f.name} @ {f.location.describe()}"
        case = ET.SubElement(
            suite, "testcase", {"name": xml_text(name), "classname": xml_text(path), "file": xml_text(path)}
        )
        if f.severity.rank >= report.fail_on.rank:
            failures += 1
            failure = ET.SubElement(case, "failure", {"message": xml_text(f.message), "type": f.code})
            failure.text = details(f)
        else:
            ET.SubElement(case, "system-out").text = details(f)
    if not result.findings:
        name = "read" if result.error else "sowlint"
        case = ET.SubElement(
            suite, "testcase", {"name": name, "classname": xml_text(path), "file": xml_text(path)}
        )
        if result.error:
            errors += 1
            error = ET.SubElement(case, "error", {"message": xml_text(result.error), "type": "unreadable"})
            error.text = xml_text(f"Cannot read {path}: {result.error}")
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    return suite


def render(report: Report, registry: Registry) -> str:
    """Render the report as a JUnit XML document (UTF-8, indented, stable order)."""
    del registry  # each finding carries its code and name
    root = ET.Element("testsuites", {"name": "sowlint"})
    suites = [_suite(r, report) for r in report.results]
    for key in ("tests", "failures", "errors"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in suites)))
    root.extend(suites)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
