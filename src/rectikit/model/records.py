"""Record classes of the built-in kinds (DATA.md "Record kinds").

Each class is the single source of truth of its kind's schema: columns, types,
required flags and aliases live in the :func:`~rectikit.model.schema.column` metadata.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from rectikit.model.schema import Record, column, record_kind
from rectikit.model.values.quarters import Quarter

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
MEETING_TYPES = {
    "members_meeting": ("党员大会", "支部党员大会", "党员大会会议"),
    "committee_meeting": ("支委会", "支部委员会", "支委会会议", "支部委员会会议"),
    "group_meeting": ("党小组会", "党小组会议"),
    "party_lecture": ("党课", "讲党课"),
    "theme_day": ("主题党日", "主题党日活动"),
    "life_meeting": ("组织生活会",),
    "evaluation": ("民主评议党员", "民主评议"),
}
APPOINTMENT_ACTIONS = {"appoint": ("任职", "任命", "聘任"), "remove": ("免职", "免去", "解聘")}
ASSET_CATEGORIES = {
    "general": ("通用设备", "通用"),
    "special": ("专用设备", "专用"),
    "furniture": ("家具", "家具用具", "家具、用具"),
}
RECIPIENT_TYPES = {"unit": ("单位", "集体", "先进单位"), "person": ("个人", "先进个人")}


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

    name: str = column("str", required=True, aliases=("姓名",), personal=True)
    division: str = column("str", required=True, aliases=("处室", "部门", "所在处室"))
    start: date | None = column("date", aliases=("起始日期", "到岗日期"))
    end: date | None = column("date", aliases=("结束日期", "离岗日期"))


@record_kind("oversight", title="分管关系", stems=("分管", "分管关系"), key=None)
@attrs.frozen(slots=True)
class Oversight(Record):
    """A leadership-team member overseeing a division (分管关系) over a period."""

    leader: str = column("str", required=True, aliases=("班子成员", "分管领导"), personal=True)
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
    leader: str = column("str", required=True, aliases=("谈话人",), personal=True)
    staff: str = column("str", required=True, aliases=("谈话对象",), personal=True)
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


@record_kind(
    "meetings",
    title="组织生活记录",
    stems=("会议", "组织生活", "三会一课", "组织生活记录", "会议记录"),
    key=None,
)
@attrs.frozen(slots=True)
class Meeting(Record):
    """A meeting of a Party organization (三会一课, 主题党日, 组织生活会, 民主评议)."""

    org: str = column("str", required=True, aliases=("党组织", "党组织编号", "党组织名称", "支部"))
    type: str = column(
        "enum", required=True, aliases=("类型", "会议类型", "形式"), choices=MEETING_TYPES
    )
    date: date = column("date", required=True, aliases=("日期", "会议日期", "召开日期"))
    topic: str | None = column("str", aliases=("主题", "议题", "内容"))


@record_kind(
    "notices",
    title="提醒与通知",
    stems=("通知", "提醒", "提醒与通知", "廉洁提醒"),
    key=None,
)
@attrs.frozen(slots=True)
class Notice(Record):
    """A notice or reminder sent to staff (e.g. 节前廉洁提醒)."""

    date: date = column("date", required=True, aliases=("日期", "发布日期", "发送日期"))
    title: str = column("str", required=True, aliases=("标题", "名称"))
    channel: str | None = column("str", aliases=("渠道", "发布渠道", "方式"))
    topic: str | None = column("str", aliases=("主题", "内容"))


@record_kind(
    "expenditures",
    title="大额开支",
    stems=("开支", "大额开支", "三重一大", "大额资金", "大额资金使用"),
)
@attrs.frozen(slots=True)
class Expenditure(Record):
    """A large expenditure (三重一大 大额资金使用)."""

    id: str = column("str", required=True, aliases=("编号", "序号"))
    item: str = column("str", required=True, aliases=("事项", "开支事项", "项目"))
    amount: Decimal = column("amount", required=True, aliases=("金额", "金额（元）", "金额(元)"))
    date: date = column("date", required=True, aliases=("发生日期", "日期", "支出日期"))
    reported: date | None = column("date", aliases=("报备日期", "事前报备日期"))
    decided: date | None = column("date", aliases=("集体决策日期", "会议日期", "决策日期"))


@record_kind("appointments", title="干部任免", stems=("任免", "干部任免", "干部任免台账"))
@attrs.frozen(slots=True)
class Appointment(Record):
    """An appointment or removal of a cadre (干部任免)."""

    id: str = column("str", required=True, aliases=("编号", "序号"))
    person: str = column("str", required=True, aliases=("姓名",), personal=True)
    org: str = column("str", required=True, aliases=("党组织", "单位", "任职单位"))
    position: str = column("str", required=True, aliases=("职务", "拟任职务", "任免职务"))
    action: str = column(
        "enum", aliases=("任免", "任免类型", "类型"), choices=APPOINTMENT_ACTIONS, default="appoint"
    )
    promotion: bool | None = column("bool", aliases=("提任", "是否提任", "提拔"))
    approved: date | None = column("date", aliases=("工委会审议日期", "审议日期", "批准日期"))
    effective: date = column("date", required=True, aliases=("任职日期", "生效日期", "任免日期"))
    vetted: bool | None = column("bool", aliases=("考察", "是否考察", "已考察"))
    publicity_start: date | None = column("date", aliases=("公示开始", "公示开始日期"))
    publicity_end: date | None = column("date", aliases=("公示结束", "公示结束日期"))


@record_kind("assets", title="固定资产购置", stems=("资产", "固定资产", "固定资产购置", "资产台账"))
@attrs.frozen(slots=True)
class Asset(Record):
    """A purchased item that may be a fixed asset (固定资产)."""

    id: str = column("str", required=True, aliases=("编号", "资产编号", "序号"))
    item: str = column("str", required=True, aliases=("名称", "资产名称", "品名"))
    unit_value: Decimal = column(
        "amount", required=True, aliases=("单价", "单价（元）", "单价(元)", "单位价值")
    )
    quantity: int = column("int", aliases=("数量",), default=1)
    category: str = column(
        "enum", aliases=("类别", "资产类别", "分类"), choices=ASSET_CATEGORIES, default="general"
    )
    life_years: int | None = column("int", aliases=("使用年限", "使用年限（年）", "使用年限(年)"))
    accepted: date = column("date", required=True, aliases=("验收日期",))
    recorded: date | None = column("date", aliases=("入账日期", "登记日期"))
    funding: str | None = column("str", aliases=("资金来源", "经费来源"))


@record_kind("rewards", title="奖励发放", stems=("奖励", "表彰", "奖励发放", "表彰奖励"))
@attrs.frozen(slots=True)
class Reward(Record):
    """A reward or commendation (表彰奖励) and any money paid with it."""

    id: str = column("str", required=True, aliases=("编号", "序号"))
    recipient: str = column(
        "str", required=True, aliases=("对象", "表彰对象", "奖励对象"), personal=True
    )
    recipient_type: str = column(
        "enum", required=True, aliases=("对象类型", "类型"), choices=RECIPIENT_TYPES
    )
    amount: Decimal = column("amount", required=True, aliases=("金额", "奖励金额", "奖金"))
    date: date = column("date", required=True, aliases=("日期", "发放日期", "表彰日期"))
    reason: str | None = column("str", aliases=("事由", "表彰事由", "原因"))

    def personal_names(self) -> list[str]:
        """The recipient, when a person (a unit's name is not personal)."""
        return super().personal_names() if self.recipient_type == "person" else []


@record_kind(
    "dual_life",
    title="双重组织生活",
    stems=("双重组织生活", "双重组织生活台账"),
    key=None,
)
@attrs.frozen(slots=True)
class DualLife(Record):
    """A leader's attendance at their branch's organizational life in a quarter."""

    leader: str = column("str", required=True, aliases=("领导干部", "姓名"), personal=True)
    quarter: Quarter = column("quarter", required=True, aliases=("季度",))
    required: int = column("int", required=True, aliases=("应参加次数", "应参加"))
    attended: int = column("int", required=True, aliases=("实际参加次数", "实际参加", "参加次数"))
    signed: bool | None = column("bool", aliases=("本人签字", "签字", "是否签字"))


#: The record classes of the built-in kinds, registered by :mod:`rectikit.kinds`.
BUILTIN_RECORD_CLASSES: tuple[type[Record], ...] = (
    Procurement,
    Staff,
    Oversight,
    Talk,
    PartyOrg,
    Meeting,
    Notice,
    Expenditure,
    Appointment,
    Asset,
    Reward,
    DualLife,
)
