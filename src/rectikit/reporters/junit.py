"""JUnit XML: each rule a test suite, each violation a failing test case, for CI dashboards.

* one ``<testsuite name="CODE name">`` per rule that ran, had violations or did not run,
  sorted by code: a ``<testcase>`` with a ``<failure>`` per violation, a single passing
  ``<testcase name="CODE">`` when the rule ran clean, a ``<skipped>`` one when it did not run;
* data errors in ``<testsuite name="data">`` (a passing ``data`` case when there are none);
* ``tests``/``failures``/``errors``/``skipped`` counted on every suite and on
  ``<testsuites>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TextIO

from rectikit.engine.result import CheckResult
from rectikit.model.violation import Violation
from rectikit.reporters.base import Reporter
from rectikit.reporters.labels import LABELS
from rectikit.reporters.workflow import delta_of, delta_text, waiver_text

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
#: characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """``text`` with characters XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def case_name(violation: Violation) -> str:
    """``SUBJECT @ file:row`` (``SUBJECT @ file`` for file-level findings)."""
    where = violation.location.file
    if violation.location.row is not None:
        where += f":{violation.location.row}"
    return f"{violation.subject} @ {where}" if violation.subject else where


class JunitReporter(Reporter):
    """JUnit XML (UTF-8, with an XML declaration)."""

    name = "junit"

    def write(self, result: CheckResult, stream: TextIO) -> None:
        root = self.build(result)
        ET.indent(root)
        stream.write(DECLARATION)
        stream.write(ET.tostring(root, encoding="unicode"))
        stream.write("\n")

    def build(self, result: CheckResult) -> ET.Element:
        """The ``<testsuites>`` element of ``result``."""
        labels = LABELS.get(self.options.lang, LABELS["zh"])
        root = ET.Element("testsuites", name="rectikit")
        by_code: dict[str, list[Violation]] = {}
        for violation in result.violations:
            by_code.setdefault(violation.code, []).append(violation)
        codes = sorted({*result.rules_run, *by_code, *result.not_run})
        for code in codes:
            group = by_code.get(code, [])
            name = group[0].name if group else result.titles.get(code, "")
            suite = self._suite(root, f"{code} {name}" if name else code)
            title = result.titles.get(code)
            if title:
                properties = ET.SubElement(suite, "properties")
                ET.SubElement(properties, "property", name="title", value=xml_text(title))
            self._failures(suite, group, result, labels)
            if code in result.not_run:
                case = ET.SubElement(suite, "testcase", classname=f"rectikit.{code}", name=code)
                ET.SubElement(case, "skipped", message=xml_text(result.not_run[code]))
            elif not group:
                ET.SubElement(suite, "testcase", classname=f"rectikit.{code}", name=code)
        if result.waived_list:
            waived = self._suite(root, "waived")
            lang = "zh" if labels is LABELS["zh"] else "en"
            for item in result.waived_list:
                case = ET.SubElement(
                    waived,
                    "testcase",
                    classname=f"rectikit.{item.violation.code}",
                    name=xml_text(case_name(item.violation)),
                )
                ET.SubElement(case, "skipped", message=xml_text(waiver_text(item, lang)))
        data = self._suite(root, "data")
        self._failures(data, result.data_errors, result, labels)
        if not result.data_errors:
            ET.SubElement(data, "testcase", classname="rectikit.data", name="data")
        _count(root)
        return root

    @staticmethod
    def _suite(root: ET.Element, name: str) -> ET.Element:
        return ET.SubElement(root, "testsuite", name=xml_text(name))

    @staticmethod
    def _failures(
        suite: ET.Element,
        violations: Iterable[Violation],
        result: CheckResult,
        labels: dict[str, str],
    ) -> None:
        for violation in violations:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"rectikit.{violation.code}",
                name=xml_text(case_name(violation)),
            )
            failure = ET.SubElement(
                case,
                "failure",
                type=violation.severity.value,
                message=xml_text(violation.message),
            )
            lines = [str(violation.location), violation.message]
            if violation.citation:
                colon = "：" if labels is LABELS["zh"] else ": "
                lines.append(f"{labels['basis']}{colon}{violation.citation}")
            entry = delta_of(result, violation)
            if entry is not None:
                lang = "zh" if labels is LABELS["zh"] else "en"
                lines.append(delta_text(entry, lang))
                properties = ET.SubElement(case, "properties")
                for key, value in entry.to_dict().items():
                    ET.SubElement(properties, "property", name=f"delta.{key}", value=str(value))
            failure.text = xml_text("\n".join(lines))


def _count(root: ET.Element) -> None:
    """Set ``tests``/``failures``/``errors``/``skipped`` on each suite and on ``root``."""
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        counts = {
            "tests": len(cases),
            "failures": sum(1 for case in cases if case.find("failure") is not None),
            "errors": sum(1 for case in cases if case.find("error") is not None),
            "skipped": sum(1 for case in cases if case.find("skipped") is not None),
        }
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
