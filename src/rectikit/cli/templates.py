"""Blank templates to fill in: ``rectikit schema KIND --template FILE`` and ``rectikit init``.

A template has one header row, each column under its first Chinese alias. A CSV template
is UTF-8 with a BOM, so that Excel opens it with the Chinese intact. An XLSX template has
a sheet per kind with a frozen header row, column widths fit for Chinese text, required
headers shaded, a comment on each header (type, required, accepted values, format) and a
drop-down list on choice and yes/no columns. It has no other sheets, so a filled-in
workbook reads back with no ``DAT005`` for a sheet of notes.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rectikit.cli.errors import UsageError
from rectikit.cli.output import atomic_text_file, display_width
from rectikit.model.schema import FieldSpec, KindSchema

#: Data rows a drop-down list covers (Excel's last row: the whole column).
LAST_ROW = 1048576

#: Fill of a required column's header.
REQUIRED_FILL = "FFF2CC"

#: How to write each type's values, in each language.
FORMATS = {
    "zh": {
        "str": "文本",
        "amount": "金额，如 20000、2万元、¥25,000.00",
        "date": "日期，如 2023-08-03、2023/8/3、2023年8月3日",
        "bool": "是/否（也可填 有/无、√/×）",
        "int": "整数，如 3、3家、三人",
        "quarter": "季度，如 2023Q3、2023年第三季度",
        "list": "可填多个，用“、”或逗号分隔",
        "enum": "从下拉列表选择",
    },
    "en": {
        "str": "text",
        "amount": "amount, e.g. 20000, 2万元, ¥25,000.00",
        "date": "date, e.g. 2023-08-03, 2023/8/3, 2023年8月3日",
        "bool": "是/否 (also 有/无, √/×)",
        "int": "whole number, e.g. 3, 3家, 三人",
        "quarter": "quarter, e.g. 2023Q3, 2023年第三季度",
        "list": "several values separated by 、 or commas",
        "enum": "pick from the drop-down list",
    },
}

WORDS = {
    "zh": {
        "required": "必填",
        "optional": "选填",
        "choices": "可选值",
        "also": "也接受",
        "blank": "留空即",
        "field": "字段",
        "invalid_title": "不在列表中",
        "invalid": "请从下拉列表中选择",
        "sep": "；",
        "list_sep": "、",
    },
    "en": {
        "required": "required",
        "optional": "optional",
        "choices": "choices",
        "also": "also accepted",
        "blank": "blank means",
        "field": "field",
        "invalid_title": "Not in the list",
        "invalid": "pick a value from the drop-down list",
        "sep": "; ",
        "list_sep": ", ",
    },
}


def template_headers(schema: KindSchema) -> list[str]:
    """Template headers: each column's first Chinese alias (or its name)."""
    return [header(spec) for spec in schema.fields]


def header(spec: FieldSpec) -> str:
    """The header a template gives a column: its first alias, else its name."""
    return spec.aliases[0] if spec.aliases else spec.name


def choice_label(spec: FieldSpec, canonical: str) -> str:
    """The word a template offers for an enum value: its first alias (Chinese)."""
    aliases = (spec.choices or {}).get(canonical, ())
    return aliases[0] if aliases else canonical


def dropdown(spec: FieldSpec) -> list[str]:
    """The values of a column's drop-down list: one word per choice, 是/否 for yes/no
    columns, none for other types."""
    if spec.type == "enum" and spec.choices:
        return [choice_label(spec, canonical) for canonical in spec.choices]
    if spec.type == "bool":
        return ["是", "否"]
    return []


def column_note(spec: FieldSpec, lang: str = "zh") -> str:
    """What a header's comment says: field name, required, type and accepted values."""
    words = WORDS.get(lang, WORDS["zh"])
    formats = FORMATS.get(lang, FORMATS["zh"])
    parts = [
        f"{words['field']} {spec.name}",
        words["required"] if spec.required else words["optional"],
    ]
    if spec.type == "enum" and spec.choices:
        offered = dropdown(spec)
        parts.append(f"{words['choices']}: {words['list_sep'].join(offered)}")
        others = [
            alias for aliases in spec.choices.values() for alias in aliases if alias not in offered
        ]
        if others:
            parts.append(f"{words['also']}: {words['list_sep'].join(others)}")
    else:
        parts.append(formats.get(spec.type, spec.type))
    if spec.default is not None and not spec.required:
        shown = choice_label(spec, spec.default) if spec.type == "enum" else spec.default
        if isinstance(shown, bool):
            shown = "是" if shown else "否"
        parts.append(f"{words['blank']} {shown}")
    if spec.description:
        parts.append(spec.description)
    return words["sep"].join(parts)


def write_template(path: Path, kinds: Sequence[KindSchema], *, lang: str = "zh") -> None:
    """Write a blank template: CSV (UTF-8 with BOM, one kind) or XLSX (a sheet per kind).

    ``lang`` is the language of the XLSX header comments; headers are always Chinese.

    Raises:
        UsageError: a CSV for several kinds, another suffix, or a file that cannot be
            written.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if len(kinds) != 1:
            raise UsageError("a .csv template holds one kind: name it (rectikit schema KIND)")
        try:
            with atomic_text_file(path, encoding="utf-8-sig") as stream:
                csv.writer(stream).writerow(template_headers(kinds[0]))
        except OSError as exc:
            raise UsageError(f"{path}: cannot write template: {exc.strerror or exc}") from None
        return
    if suffix != ".xlsx":
        raise UsageError("--template: use a .csv or .xlsx file name")
    workbook = template_workbook(kinds, lang=lang)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        workbook.save(tmp)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"{path}: cannot write template: {exc.strerror or exc}") from None


def template_workbook(kinds: Sequence[KindSchema], *, lang: str = "zh") -> Any:
    """An openpyxl workbook with one blank, annotated sheet per kind (named by the kind)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for schema in kinds:
        _fill_sheet(workbook.create_sheet(schema.name), schema, lang)
    return workbook


def _fill_sheet(sheet: Any, schema: KindSchema, lang: str) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    words = WORDS.get(lang, WORDS["zh"])
    sheet.append(template_headers(schema))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    shaded = PatternFill("solid", fgColor=REQUIRED_FILL)
    for index, spec in enumerate(schema.fields, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center")
        if spec.required:
            cell.fill = shaded
        note = column_note(spec, lang)
        cell.comment = Comment(note, "rectikit", width=320, height=110)
        choices = dropdown(spec)
        column = sheet.column_dimensions[letter]
        widest = max([display_width(str(cell.value)), *(display_width(c) for c in choices)])
        column.width = min(max(widest + 4, 10), 40)
        if spec.type == "str":
            column.number_format = "@"  # ids like 001 stay text
        if choices:
            validation = DataValidation(
                type="list",
                formula1=_list_formula(choices),
                allow_blank=True,
                showDropDown=False,  # (sic) False shows the in-cell arrow
                showErrorMessage=True,
                errorStyle="warning",  # other accepted words may still be typed
                errorTitle=words["invalid_title"],
                error=f"{words['invalid']}: {words['list_sep'].join(choices)}",
            )
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            sheet.add_data_validation(validation)


def _list_formula(choices: Sequence[str]) -> str:
    """An in-cell list for a data validation (Excel allows 255 characters)."""
    # a comma would split a value: the full-width one reads back the same (width folding)
    text = ",".join(c.replace('"', "").replace(",", "，") for c in choices)
    while len(text) > 255 and "," in text:
        text = text.rsplit(",", 1)[0]
    return f'"{text}"'
