"""Messages of the check report as an Excel workbook (``check -o 报告.xlsx``):
sheet names, column headers, the overview's headings and notes.

A sheet name is at most 31 characters and holds none of ``[]:*?/\\`` (Excel's
rules; ``tests/test_report_xlsx.py`` checks every one, in both languages).
"""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # -- sheets --------------------------------------------------------------------
    "workbook.sheet.overview": ("概览", "Overview"),
    "workbook.sheet.coverage": ("覆盖率", "Coverage"),
    "workbook.sheet.findings": ("问题清单", "Findings"),
    "workbook.sheet.candidates": ("整改建议", "Candidates"),
    "workbook.sheet.load": ("负荷", "Load"),
    "workbook.sheet.single_points": ("关键节点", "Single points"),
    "workbook.sheet.continued": ("{sheet}（续 {part}）", "{sheet} ({part})"),
    # -- column headers --------------------------------------------------------------
    "workbook.col.level": ("层级", "level"),
    "workbook.col.parent": ("上级", "parent"),
    "workbook.col.unit": ("单位名称", "unit"),
    "workbook.col.unit_id": ("单位代码", "unit id"),
    "workbook.col.rule": ("规则", "rule"),
    "workbook.col.rule_id": ("规则编号", "rule id"),
    "workbook.col.rule_ids": ("规则编号", "rule ids"),
    "workbook.col.counts": ("计数对象", "counts"),
    "workbook.col.covered": ("达标数", "covered"),
    "workbook.col.total": ("总数", "total"),
    "workbook.col.ratio": ("覆盖率", "coverage"),
    "workbook.col.headline": ("重点指标", "headline"),
    "workbook.col.severity": ("严重程度", "severity"),
    "workbook.col.name": ("对象名称", "name"),
    "workbook.col.id": ("对象代码", "id"),
    "workbook.col.kind": ("类型", "kind"),
    "workbook.col.city": ("市", "city"),
    "workbook.col.county": ("县区", "county"),
    "workbook.col.subdistrict": ("街道", "subdistrict"),
    "workbook.col.community": ("社区", "community"),
    "workbook.col.finding": ("情况", "finding"),
    "workbook.col.hint": ("建议", "hint"),
    "workbook.col.value": ("实际值", "value"),
    "workbook.col.action": ("建议措施", "action"),
    "workbook.col.members": ("党员数", "members"),
    "workbook.col.current_form": ("现有形式", "current form"),
    "workbook.col.proposed_form": ("建议形式", "proposed form"),
    "workbook.col.measure": ("指标", "measure"),
    "workbook.col.measure_id": ("指标编号", "measure id"),
    "workbook.col.count": ("个数", "count"),
    "workbook.col.min": ("最小", "min"),
    "workbook.col.median": ("中位数", "median"),
    "workbook.col.p90": ("P90", "p90"),
    "workbook.col.max": ("最大", "max"),
    "workbook.col.threshold": ("阈值", "threshold"),
    "workbook.col.outliers": ("超过阈值的个数", "outliers"),
    "workbook.col.new_errors": ("缺了会新增的错误数", "new errors without it"),
    "workbook.col.rules": ("涉及规则", "rules"),
    "workbook.col.examples": ("例如", "for example"),
    "workbook.col.rank": ("排名", "rank"),
    "workbook.col.errors": ("错误", "errors"),
    "workbook.col.warnings": ("警告", "warnings"),
    "workbook.col.infos": ("提示", "infos"),
    "workbook.col.all": ("合计", "total"),
    "workbook.col.sheet": ("工作表", "sheet"),
    "workbook.col.rows": ("行数", "rows"),
    "workbook.yes": ("是", "yes"),
    # -- the overview sheet --------------------------------------------------------
    "workbook.snapshot": ("数据日期", "as of"),
    "workbook.packs": ("规则包", "packs"),
    "workbook.rule_count": ("规则数", "rules"),
    "workbook.findings_head": ("问题（按严重程度）", "Findings by severity"),
    "workbook.scope_head": ("{scope}的覆盖率", "Coverage of {scope}"),
    "workbook.units_head": (
        "各{level}的重点指标覆盖率（全部层级、全部规则见“{sheet}”工作表）",
        "Headline coverage of each {level} (every level and rule: sheet “{sheet}”)",
    ),
    "workbook.worst_head": (
        "问题最多的 {count} 个{level}（错误优先）",
        "The {count} units of level {level} with the most findings (errors first)",
    ),
    "workbook.worst_head.one": (
        "问题最多的 {count} 个{level}（错误优先）",
        "The {count} unit of level {level} with the most findings",
    ),
    "workbook.sheets_head": ("各工作表", "Sheets"),
    "workbook.split": (
        "{sheet}共 {count} 行，超过 Excel 每张工作表 {limit} 行的上限，"
        "依次分在 {sheets} 中（每张都有表头）",
        "{sheet} has {count} rows, more than Excel's {limit} rows a sheet: "
        "they continue on {sheets} (each with its header)",
    ),
    "workbook.no_coverage": (
        "本报告没有覆盖率数据（所选规则不计算覆盖率）",
        "this report has no coverage (the rules run compute none)",
    ),
    # -- warnings and refusals -----------------------------------------------------
    "workbook.split_warning": (
        "{sheet}共 {count} 行，超过 Excel 每张工作表的行数上限，已分成 {parts} 张工作表：{sheets}",
        "{sheet} has {count} rows, more than an Excel sheet holds: split into {parts} "
        "sheets: {sheets}",
    ),
    "workbook.non_finite": (
        "报告中有 {count} 个数值不是有限数（NaN 或无穷大），Excel 不能保存，工作簿中留为空格子",
        "{count} report values are NaN or infinite, which Excel cannot hold: left empty "
        "in the workbook",
    ),
    "workbook.non_finite.one": (
        "报告中有 {count} 个数值不是有限数（NaN 或无穷大），Excel 不能保存，工作簿中留为空格子",
        "{count} report value is NaN or infinite, which Excel cannot hold: left empty "
        "in the workbook",
    ),
    "workbook.truncated": (
        "有 {count} 个格子的文字超过 Excel 单元格 32767 个字符的上限，已截断；"
        "完整内容请用 -o 报告.json 或 -o 报告.csv 写出",
        "{count} cells hold more than Excel's 32,767 characters a cell and were cut; "
        "write -o report.json or -o report.csv for the whole text",
    ),
    "workbook.truncated.one": (
        "有 {count} 个格子的文字超过 Excel 单元格 32767 个字符的上限，已截断；"
        "完整内容请用 -o 报告.json 或 -o 报告.csv 写出",
        "{count} cell holds more than Excel's 32,767 characters a cell and was cut; "
        "write -o report.json or -o report.csv for the whole text",
    ),
    "workbook.needs_output": (
        "Excel 工作簿不能显示在终端里：请用 -o 指定文件，例如 -o 报告.xlsx",
        "an Excel workbook cannot be shown in a terminal: name a file with -o, e.g. -o report.xlsx",
    ),
    "workbook.stdout_terminal": (
        "标准输出是终端，Excel 工作簿不能写到终端：请用 -o 报告.xlsx 写成文件，"
        "或重定向，例如 -o - > 报告.xlsx",
        "standard output is a terminal, and a workbook cannot be written to one: "
        "write -o report.xlsx, or redirect, e.g. -o - > report.xlsx",
    ),
    "workbook.no_writer": (
        "写 Excel 工作簿所需的程序包没有装好：请重新安装 partygraph，或写成 -o 报告.csv",
        "writing an Excel workbook needs the XlsxWriter package, which is missing: "
        "reinstall partygraph, or write -o report.csv",
    ),
}
