"""Messages of ``partygraph schema``: the JSON Schemas of model and rules files."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "schema.help": (
        "写出模型文件或规则文件的 JSON Schema，供编辑器补全和标出错误",
        "print the JSON Schema of a model or rules file, for editor completion and checks",
    ),
    "schema.description": (
        "写出 JSON Schema（2020-12 版）：“model”为模型 YAML（入口文件和被引入的文件），"
        "“rules”为规则文件。在编辑器（如 VS Code 的 YAML 插件）里设置后，"
        "输入时会补全字段和可选值（含中文代码），写错的地方标红。详见 docs/schema.md。",
        "Print a JSON Schema (draft 2020-12): model for a model YAML (the entry file and "
        "the files it includes), rules for a rules file. Set up in an editor (VS Code's YAML "
        "extension), it completes fields and values (Chinese codes too) and underlines "
        "mistakes as you type. See docs/schema.md.",
    ),
    "schema.which": (
        "哪一种文件：“model”模型文件，“rules”规则文件，“report”检查报告（JSON）",
        "which file: model (a model file), rules (a rules file) or report (a check report)",
    ),
    "schema.output": (
        "写到这个文件（例如 partygraph-model.schema.json）；默认或 - 为标准输出",
        "write to this file (e.g. partygraph-model.schema.json); by default, or -, to stdout",
    ),
    "schema.wrote": (
        "已写出 {path}（{which} 的 JSON Schema）",
        "wrote {path} (JSON Schema of {which})",
    ),
}
