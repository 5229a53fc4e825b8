"""Headings and words the check reports share, in Chinese and English (no rich here)."""

from __future__ import annotations

LABELS = {
    "zh": {
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "summary": "检查汇总",
        "code": "规则",
        "name": "名称",
        "severity": "级别",
        "count": "数量",
        "records": "记录",
        "violations": "违规",
        "data": "数据问题",
        "window": "评估期",
        "not_run": "未运行",
        "none": "未发现违规。",
        "basis": "依据",
        "row": "行",
    },
    "en": {
        "error": "error",
        "warning": "warning",
        "info": "info",
        "summary": "Summary",
        "code": "Code",
        "name": "Name",
        "severity": "Severity",
        "count": "Count",
        "records": "records",
        "violations": "violations",
        "data": "data errors",
        "window": "window",
        "not_run": "not run",
        "none": "No violations found.",
        "basis": "basis",
        "row": "row",
    },
}
