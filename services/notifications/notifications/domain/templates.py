"""The words of a notice: one template per topic, channel and language, Chinese first (NT-1).

A template is text with named placeholders (`{ref}`); the placeholders a topic offers are fixed, so a project's
own wording is checked when it is saved, not when a customer should have been told. SMS and WeChat send a
provider's approved template (a code the project sets) with these same names as its parameters, in the order
they appear in the text; the text here is then what the log shows and what the preview renders.
"""
from __future__ import annotations

import string
from dataclasses import dataclass

from .notices import Channel, Topic

COMMON = ("sender", "ref", "title")
PLACEHOLDERS: dict[Topic, tuple[str, ...]] = {
    Topic.RECEIVED: COMMON,
    Topic.DISPATCHED: (*COMMON, "technician", "window"),
    Topic.ARRIVED: (*COMMON, "technician"),
    Topic.QUOTE_WAITING: (*COMMON, "amount"),
    Topic.DONE: COMMON,
    Topic.RETURN_VISIT: (*COMMON, "survey_url"),
    Topic.ESCALATION: ("sender", "headline", "body"),
    # A household, not a ticket: no ref; the title is the campaign's name.
    Topic.SATISFACTION_SURVEY: ("sender", "title", "survey_url"),
    Topic.NOTICE: ("sender", "title", "notice_url"),
    Topic.PARCEL: ("sender", "kind", "shelf", "code", "hours"),
}

LANGUAGES = ("zh", "en")

# (topic, language) -> (subject, text). One wording per topic serves every channel unless a project saves its own.
DEFAULTS: dict[tuple[Topic, str], tuple[str, str]] = {
    (Topic.RECEIVED, "zh"): ("您的报事已受理", "【{sender}】您反映的「{title}」已受理,工单号{ref}。我们会尽快安排处理。"),
    (Topic.DISPATCHED, "zh"): ("已为您派单", "【{sender}】工单{ref}已派{technician}处理,预计上门时间:{window}。"),
    (Topic.ARRIVED, "zh"): ("维修人员已到场", "【{sender}】{technician}已到达现场处理工单{ref}。"),
    (Topic.QUOTE_WAITING, "zh"): ("报价待您确认", "【{sender}】工单{ref}的维修报价为{amount}元,请确认后我们即安排施工。"),
    (Topic.DONE, "zh"): ("工单已完成", "【{sender}】工单{ref}「{title}」已处理完成,感谢您的支持。"),
    (Topic.RETURN_VISIT, "zh"): ("请评价本次服务", "【{sender}】工单{ref}已完成,请花一分钟评价本次服务:{survey_url}"),
    (Topic.ESCALATION, "zh"): ("{headline}", "{body}"),
    (Topic.SATISFACTION_SURVEY, "zh"): ("{title}", "【{sender}】{title}:诚邀您花两分钟为我们的各项服务打分:{survey_url}"),
    (Topic.NOTICE, "zh"): ("{title}", "【{sender}】温馨提示:「{title}」,详情请查看:{notice_url}"),
    (Topic.PARCEL, "zh"): ("您有{kind}待领取", "【{sender}】您有{kind}已到物业前台,存放于{shelf}号架,取件码{code},"
                                            "请于{hours}凭取件码领取。"),
    (Topic.RECEIVED, "en"): ("We have your request", "[{sender}] Your request \"{title}\" is received, number {ref}. "
                                                      "We will see to it soon."),
    (Topic.DISPATCHED, "en"): ("A technician is assigned", "[{sender}] Request {ref} is assigned to {technician}; "
                                                           "expected on site: {window}."),
    (Topic.ARRIVED, "en"): ("The technician has arrived", "[{sender}] {technician} is on site for request {ref}."),
    (Topic.QUOTE_WAITING, "en"): ("A quote awaits your consent", "[{sender}] The quote for request {ref} is "
                                                                 "{amount} yuan; please confirm it so work can start."),
    (Topic.DONE, "en"): ("Your request is done", "[{sender}] Request {ref} \"{title}\" is done. Thank you."),
    (Topic.RETURN_VISIT, "en"): ("How did we do?", "[{sender}] Request {ref} is done; please rate our service: "
                                                   "{survey_url}"),
    (Topic.ESCALATION, "en"): ("{headline}", "{body}"),
    (Topic.SATISFACTION_SURVEY, "en"): ("{title}", "[{sender}] {title}: please take two minutes to rate our "
                                                   "services: {survey_url}"),
    (Topic.NOTICE, "en"): ("{title}", "[{sender}] Notice: \"{title}\". Read it here: {notice_url}"),
    (Topic.PARCEL, "en"): ("A {kind} is waiting for you", "[{sender}] A {kind} for you is at the front desk, shelf "
                                                          "{shelf}; pickup code {code}. Collect it {hours}."),
}

SAMPLE = {"sender": "物业客服中心", "ref": "3F2A9C1B", "title": "厨房水龙头漏水", "technician": "张师傅",
          "window": "12月2日 09:00–11:00", "amount": "120.00", "survey_url": "https://kefu.example/s/…",
          "headline": "升级提醒:工单超时", "body": "工单 3F2A9C1B 的到场时限已过 15 分钟。",
          "notice_url": "https://kefu.example/n/…", "kind": "包裹", "shelf": "C", "code": "******",
          "hours": "每日 08:00–21:00"}


class TemplateError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Template:
    topic: Topic
    channel: Channel
    language: str
    subject: str
    text: str
    custom: bool = False


def placeholders_in(text: str) -> list[str]:
    """The placeholder names in `text`, in order of first appearance (a provider's parameter order)."""
    names: list[str] = []
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise TemplateError("text", f"write placeholders as {{name}}, not {{{name}}}")
        if name not in names:
            names.append(name)
    return names


def check(topic: Topic, subject: str, text: str) -> None:
    """A project's own wording may use only the topic's placeholders (and must say something)."""
    if not text.strip():
        raise TemplateError("text", "a template needs some text")
    allowed = PLACEHOLDERS[topic]
    for field_name, value in (("subject", subject), ("text", text)):
        try:
            unknown = [n for n in placeholders_in(value) if n not in allowed]
        except ValueError as error:  # an unmatched brace
            raise TemplateError(field_name, f"unbalanced braces: {error}") from error
        if unknown:
            raise TemplateError(field_name, f"unknown placeholders {', '.join(unknown)}; "
                                            f"this topic offers {', '.join(allowed)}")


def default_template(topic: Topic, channel: Channel, language: str) -> Template:
    subject, text = DEFAULTS.get((topic, language)) or DEFAULTS[(topic, "zh")]
    return Template(topic, channel, language if (topic, language) in DEFAULTS else "zh", subject, text)


def render(text: str, values: dict[str, str]) -> str:
    """Fill the placeholders; one without a value (e.g. no appointment yet) reads as "—" rather than failing."""
    return string.Formatter().vformat(text, (), _Defaulting({k: str(v) for k, v in values.items() if v not in (None, "")}))


def parameters(template: Template, values: dict[str, str]) -> dict[str, str]:
    """A provider template's parameters: the text's placeholders in order, with their values."""
    return {name: str(values.get(name) or "—") for name in placeholders_in(template.text)}


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:
        return "—"
