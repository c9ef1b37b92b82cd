"""Messages of the synthetic-model generator (:mod:`partygraph.synthetic`):
counts that do not fit together, said inside ``cli.synth.cannot``."""

from __future__ import annotations

#: key -> (中文, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "synth.gaps": (
        "缺口比例 --gaps 应在 0 到 1 之间，不能是 {gaps}；例如 --gaps 0.05",
        "gaps must lie between 0 and 1, not {gaps}",
    ),
    "synth.negative": (
        "住户数 --households 和党员数 --members 不能是负数",
        "households and members cannot be negative",
    ),
    "synth.unknown_preset": (
        "没有叫“{preset}”的预设；可用的预设：{presets}",
        "unknown preset {preset!r}; presets are {presets}",
    ),
    "synth.preset_fixes": (
        "预设已经定好了社区数和街道数：用 --preset 时请不要再写 --communities 或 --subdistricts",
        "a preset fixes communities and subdistricts; leave them unset",
    ),
    "synth.communities": (
        "社区数 --communities 至少为 1，不能是 {communities}",
        "communities must be at least 1, not {communities}",
    ),
    "synth.subdistricts": (
        "街道数 --subdistricts 应在 1 到社区数（{communities}）之间",
        "subdistricts must lie between 1 and communities ({communities})",
    ),
    "synth.provinces": (
        "省数 --provinces 应在 1 到 {most} 之间，不能是 {n}",
        "provinces must lie between 1 and {most}, not {n}",
    ),
    "synth.members_too_few": (
        "党员数 --members {members} 太少：这个模型的单位有在职党员 {in_service} 名，"
        "岗位还需要 {posts} 名；请至少写 {least}，或不写 --members",
        "members={members} is too few for this model: its units have "
        "{in_service} in-service members and its posts need "
        "{posts} more; pass at least {least} or leave members unset",
    ),
    "synth.registrations": (
        "报到人数 {registrations} 超过了模型中各单位的在职正式党员数 {members}",
        "registrations={registrations} exceed the {members} full in-service "
        "members of the model's units",
    ),
}
