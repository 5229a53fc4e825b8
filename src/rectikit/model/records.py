"""Record classes of the built-in kinds (DATA.md "Record kinds").

Each class is the single source of truth of its kind's schema: columns, types,
required flags and aliases live in the :func:`~rectikit.model.schema.column` metadata.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from rectikit.model.schema import Record, column, record_kind

PROCUREMENT_MODES = {
    "self": ("自行采购", "单位自行采购", "自行"),
    "government": ("政府采购", "集中采购", "分散采购", "委托代理", "委托代理采购"),
}
PROCUREMENT_METHODS = {
    "directed": ("定向采购", "直接采购", "单一来源", "单一来源采购", "定向"),
    "comparison": ("比价", "询价", "询比价", "比价采购", "询价采购"),
    "competitive": ("竞争性磋商", "竞争性谈判"),
    "tender": ("公开招标", "邀请招标", "招标"),
}
PROCUREMENT_CATEGORIES = {"goods": ("货物",), "services": ("服务",), "works": ("工程",)}
TALK_FORMS = {"one_on_one": ("一对一", "个别", "个别谈话", "单独"), "group": ("集体", "集体谈话")}
PARTY_ORG_TYPES = {
    "committee": ("党委", "机关党委", "基层党委", "基层委员会"),
    "general_branch": ("党总支", "总支部", "总支", "党总支部"),
    "branch": ("党支部", "支部"),
    "discipline": ("纪委", "机关纪委", "纪律检查委员会"),
}
ORG_STATUSES = {"active": ("正常", "在册"), "dissolved": ("撤销", "已撤销")}


@record_kind(
    "procurement",
    title="采购台账",
    stems=("purchases", "采购", "采购台账", "采购记录"),
)
@attrs.frozen(slots=True)
class Procurement(Record):
    """A purchase in the procurement ledger (采购台账)."""

    id: str = column("str", required=True, aliases=("编号", "项目编号", "序号"))
    project: str = column("str", required=True, aliases=("项目", "项目名称", "采购项目"))
    budget: Decimal = column(
        "amount", required=True, aliases=("预算", "预算金额", "预算金额（元）", "预算金额(元)")
    )
    mode: str = column(
        "enum", required=True, aliases=("组织形式", "采购组织形式"), choices=PROCUREMENT_MODES
    )
    method: str | None = column("enum", aliases=("采购方式",), choices=PROCUREMENT_METHODS)
    suppliers: int | None = column(
        "int", aliases=("供应商数", "比价供应商数", "参与供应商数量", "报价家数")
    )
    docs: bool | None = column("bool", aliases=("采购文件", "采购需求", "是否编制采购文件"))
    vendor: str | None = column("str", aliases=("供应商", "成交供应商"))
    unit: str | None = column("str", aliases=("单位", "部门", "采购单位"))
    category: str | None = column("enum", aliases=("品目", "类别"), choices=PROCUREMENT_CATEGORIES)
    date: date = column("date", required=True, aliases=("日期", "采购日期", "签订日期"))
    contract: Decimal | None = column("amount", aliases=("成交金额", "合同金额"))
    exception: str | None = column("str", aliases=("例外说明", "特殊情况说明"))


@record_kind("staff", title="人员", stems=("people", "人员", "人员名单"), key=None)
@attrs.frozen(slots=True)
class Staff(Record):
    """A member of staff and the division they belong to over a period."""

    name: str = column("str", required=True, aliases=("姓名",))
    division: str = column("str", required=True, aliases=("处室", "部门", "所在处室"))
    start: date | None = column("date", aliases=("起始日期", "到岗日期"))
    end: date | None = column("date", aliases=("结束日期", "离岗日期"))


@record_kind("oversight", title="分管关系", stems=("分管", "分管关系"), key=None)
@attrs.frozen(slots=True)
class Oversight(Record):
    """A leadership-team member overseeing a division (分管关系) over a period."""

    leader: str = column("str", required=True, aliases=("班子成员", "分管领导"))
    division: str = column("str", required=True, aliases=("分管处室", "处室"))
    start: date | None = column("date", aliases=("起始日期",))
    end: date | None = column("date", aliases=("结束日期",))


@record_kind(
    "talks",
    title="廉政谈话记录",
    stems=("integrity_talks", "谈话", "廉政谈话", "廉政谈话记录"),
    key=None,
)
@attrs.frozen(slots=True)
class Talk(Record):
    """An integrity talk (廉政谈话) between a leader and a member of staff."""

    date: date = column("date", required=True, aliases=("日期", "谈话日期"))
    leader: str = column("str", required=True, aliases=("谈话人",))
    staff: str = column("str", required=True, aliases=("谈话对象",))
    form: str = column(
        "enum", aliases=("形式", "谈话形式"), choices=TALK_FORMS, default="one_on_one"
    )
    topic: str | None = column("str", aliases=("主题", "内容"))


@record_kind("party_orgs", title="党组织", stems=("orgs", "党组织", "党组织台账"))
@attrs.frozen(slots=True)
class PartyOrg(Record):
    """A Party organization and its last election (党组织换届台账)."""

    id: str = column("str", required=True, aliases=("编号", "组织编号"))
    name: str = column("str", required=True, aliases=("名称", "党组织名称"))
    type: str = column("enum", required=True, aliases=("类型", "组织类型"), choices=PARTY_ORG_TYPES)
    parent: str | None = column("str", aliases=("上级党组织",))
    elected: date = column("date", required=True, aliases=("上次换届日期", "换届日期", "选举日期"))
    term_years: int | None = column("int", aliases=("任期", "任期（年）", "任期(年)"))
    filed: date | None = column("date", aliases=("备案日期", "批复日期"))
    postponed_until: date | None = column("date", aliases=("批准延期至", "延期至"))
    status: str = column("enum", aliases=("状态",), choices=ORG_STATUSES, default="active")
    has_groups: bool | None = column("bool", aliases=("设党小组",))


#: The record classes of the built-in kinds, registered by :mod:`rectikit.kinds`.
BUILTIN_RECORD_CLASSES: tuple[type[Record], ...] = (
    Procurement,
    Staff,
    Oversight,
    Talk,
    PartyOrg,
)
