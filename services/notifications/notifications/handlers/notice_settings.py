"""A project's settings for messages and its own wording (NT-1): read by every notice, changed over REST."""
from __future__ import annotations

from datetime import time

from kefulib.problems import NotFound, Unprocessable
from kefulib.store import TenantCollection
from pymongo.database import Database

from ..domain.notices import Channel, NoticePolicy, Topic
from ..domain.templates import LANGUAGES, SAMPLE, Template, TemplateError, check, default_template, render
from ..store import NOTICE_SETTINGS, TEMPLATES
from .common import now

SETTINGS = {"name": "messages"}  # the project's one settings document


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def policy_from(doc: dict | None) -> NoticePolicy:
    if not doc:
        return NoticePolicy()
    quiet = doc.get("quiet_hours") or {}
    default = NoticePolicy()
    return NoticePolicy(
        topics=frozenset(Topic(t) for t in doc.get("topics", default.topics)),
        channels=tuple(Channel(c) for c in doc.get("channels", default.channels)),
        quiet_start=_clock(quiet["start"]) if quiet.get("start") else default.quiet_start,
        quiet_end=_clock(quiet["end"]) if quiet.get("end") else default.quiet_end,
        timezone=doc.get("timezone", default.timezone), per_hour=doc.get("per_hour", default.per_hour),
        language=doc.get("language", default.language), sender_name=doc.get("sender_name", default.sender_name),
        staff_channels=tuple(Channel(c) for c in doc.get("staff_channels", default.staff_channels)),
        provider_templates=doc.get("provider_templates") or {})


def policy_of(db: Database, tenant_id: str, session=None) -> NoticePolicy:
    return policy_from(TenantCollection(db[NOTICE_SETTINGS], tenant_id).find_one(SETTINGS,
                                                                                   session=session))


def present_policy(policy: NoticePolicy) -> dict:
    return {"topics": sorted(policy.topics), "channels": list(policy.channels),
            "quiet_hours": {"start": policy.quiet_start.strftime("%H:%M"), "end": policy.quiet_end.strftime("%H:%M")},
            "timezone": policy.timezone, "per_hour": policy.per_hour, "language": policy.language,
            "sender_name": policy.sender_name, "staff_channels": list(policy.staff_channels),
            "provider_templates": policy.provider_templates}


def get_settings(db: Database, tenant_id: str) -> dict:
    return present_policy(policy_of(db, tenant_id))


def put_settings(db: Database, tenant_id: str, actor: str, body: dict) -> dict:
    """Replace the project's settings: the schema gives every field, a default for one left out."""
    stored = {**body, "updated_by": actor, "updated_at": now()}
    policy_from(stored)  # the schema checked each value; this checks they make a policy together
    TenantCollection(db[NOTICE_SETTINGS], tenant_id).update_one(SETTINGS, {"$set": stored}, upsert=True)
    return get_settings(db, tenant_id)


# --- templates ------------------------------------------------------------------------------------------------

def template_key(topic: str, channel: str) -> tuple[Topic, Channel]:
    """A template's path names; an unknown topic or channel is a template that does not exist."""
    try:
        return Topic(topic), Channel(channel)
    except ValueError as error:
        raise NotFound("No such template: topics are " + ", ".join(Topic) + "; channels "
                       + ", ".join(Channel) + ".") from error


def template_of(db: Database, tenant_id: str, topic: Topic, channel: Channel, language: str,
                session=None) -> Template:
    """The project's own wording if it saved one, else the default."""
    doc = TenantCollection(db[TEMPLATES], tenant_id).find_one(
        {"topic": str(topic), "channel": str(channel), "language": language}, session=session)
    if doc:
        return Template(topic, channel, language, doc["subject"], doc["text"], custom=True)
    return default_template(topic, channel, language)


def present_template(template: Template) -> dict:
    return {"topic": str(template.topic), "channel": str(template.channel), "language": template.language,
            "subject": template.subject, "text": template.text, "custom": template.custom}


def list_templates(db: Database, tenant_id: str, query: dict) -> dict:
    topics = [Topic(query["topic"])] if query.get("topic") else list(Topic)
    languages = [query["language"]] if query.get("language") else list(LANGUAGES)
    items = [present_template(template_of(db, tenant_id, t, c, lang))
             for t in topics for c in Channel for lang in languages]
    return {"items": items, "total": len(items)}


def _checked(topic: Topic, subject: str, text: str) -> None:
    try:
        check(topic, subject, text)
    except TemplateError as error:
        raise Unprocessable(f"These fields are not valid: {error.field}.", errors={error.field: [error.message]},
                            reason_code="invalid_template") from error


def put_template(db: Database, tenant_id: str, actor: str, topic: Topic, channel: Channel, body: dict) -> dict:
    _checked(topic, body["subject"], body["text"])
    TenantCollection(db[TEMPLATES], tenant_id).update_one(
        {"topic": str(topic), "channel": str(channel), "language": body["language"]},
        {"$set": {"subject": body["subject"], "text": body["text"], "updated_by": actor, "updated_at": now()}},
        upsert=True)
    return present_template(template_of(db, tenant_id, topic, channel, body["language"]))


def reset_template(db: Database, tenant_id: str, topic: Topic, channel: Channel, language: str) -> dict:
    deleted = TenantCollection(db[TEMPLATES], tenant_id).delete_one(
        {"topic": str(topic), "channel": str(channel), "language": language})
    if not deleted.deleted_count:
        raise NotFound("This project has no wording of its own for this template.")
    return present_template(template_of(db, tenant_id, topic, channel, language))


def preview(db: Database, tenant_id: str, body: dict) -> dict:
    """What a template says with sample values: the saved one, or the text given (checked first)."""
    topic, channel = Topic(body["topic"]), Channel(body["channel"])
    saved = template_of(db, tenant_id, topic, channel, body["language"])
    subject, text = body.get("subject", saved.subject), body.get("text", saved.text)
    _checked(topic, subject, text)
    values = {**SAMPLE, "sender": policy_of(db, tenant_id).sender_name}
    return {"topic": str(topic), "channel": str(channel), "language": body["language"],
            "subject": render(subject, values), "text": render(text, values), "length": len(render(text, values))}
