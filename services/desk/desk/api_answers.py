"""Standard answers 回复口径 over REST (DK-5): the project's knowledge base at /answers, HQ's company answers at
/hq/answers. Thin views over handlers.answers and handlers.answer_uses."""
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.problems import Forbidden
from kefulib.web import context

from . import schemas_answers as s
from .domain.answers import COMPANY_TENANT
from .handlers import answer_uses, answers

READ, WRITE = ["desk:read"], ["desk:write"]
# Who words the project's answers: the CS centre's supervisor and administrator, and the project manager.
# Clerks (CS assistants) and everyone else with desk:read read them and record their uses.
EDITORS = ["cs_supervisor", "cs_administrator", "project_manager"]
# HQ's staff tokens carry desk:read only (identity gives HQ no desk:write, so HQ cannot work a project's
# registers); the company's answers are theirs to word, so these endpoints check the role and the hq claim.
HQ_EDITORS = ["hq_admin", "hq_general_manager", "hq_management_representative"]
CONFLICTS = "`reason_code` version_conflict (with current_version), answer_retired, company_answer."

answers_blp = Blueprint("answers", __name__, description="Standard answers 常见问题回复口径: the project's own and the "
                                                         "company's, searched in Chinese (DK-5).")
hq_answers_blp = Blueprint("hq_answers", __name__, description="HQ's company answers 公司统一口径, which every project "
                                                               "reads, and their use across projects.")
BLUEPRINTS = [answers_blp, hq_answers_blp]


def _db():
    return context().db


def _hq_only() -> None:
    if not current_principal().hq:
        raise Forbidden("Only HQ writes and reads company answers here.", reason_code="hq_only")


@answers_blp.route("/answers", methods=["GET"])
@require(scopes=READ)
@answers_blp.arguments(s.AnswerQuery, location="query")
@answers_blp.response(200, s.AnswerPage)
def list_answers(query):
    """The project's answers and the company's (never HQ's drafts; a company answer the project overrides is
    left out). With `q`: the best answers for that question first, each with its `score`."""
    return answers.find_answers(_db(), current_principal().tenant_id, query)


@answers_blp.route("/answers", methods=["POST"])
@require(scopes=WRITE, roles=EDITORS)
@idempotent()
@answers_blp.arguments(s.ProjectAnswerIn)
@answers_blp.response(201, s.AnswerOut)
def create_answer(body):
    """A project answer, as a draft at version 1."""
    me = current_principal()
    return answers.create(_db(), me, me.tenant_id, body)


@answers_blp.route("/answers/usage", methods=["GET"])
@require(scopes=READ)
@answers_blp.arguments(s.UsageQuery, location="query")
@answers_blp.response(200, s.UsageOut)
def usage(query):
    """The project's most used answers over the period (default the last 30 days), most used first."""
    return answer_uses.project_usage(_db(), current_principal().tenant_id, query)


@answers_blp.route("/answers/<answer_id>", methods=["GET"])
@require(scopes=READ)
@answers_blp.response(200, s.AnswerOut)
def get_answer(answer_id):
    return answers.get_answer(_db(), current_principal().tenant_id, answer_id)


@answers_blp.route("/answers/<answer_id>/versions", methods=["GET"])
@require(scopes=READ)
@answers_blp.arguments(s.PageQuery, location="query")
@answers_blp.response(200, s.VersionPage)
def answer_versions(query, answer_id):
    """Every saved version, newest first."""
    return answers.versions(_db(), current_principal().tenant_id, answer_id, query)


@answers_blp.route("/answers/<answer_id>", methods=["PUT"])
@require(scopes=WRITE, roles=EDITORS)
@answers_blp.arguments(s.ProjectAnswerEditIn)
@answers_blp.response(200, s.AnswerOut)
@answers_blp.alt_response(409, description=CONFLICTS)
def edit_answer(body, answer_id):
    """New wording on the version read (`version`); a published answer stays published at the next version."""
    me = current_principal()
    return answers.edit(_db(), me, me.tenant_id, answer_id, body)


@answers_blp.route("/answers/<answer_id>/publish", methods=["POST"])
@require(scopes=WRITE, roles=EDITORS)
@answers_blp.arguments(s.StepIn)
@answers_blp.response(200, s.AnswerOut)
@answers_blp.alt_response(409, description="`reason_code` already_published, version_conflict, company_answer.")
def publish_answer(body, answer_id):
    """Clerks may read it out from now on. Publishes desk.answer.published."""
    me = current_principal()
    return answers.publish(_db(), me, me.tenant_id, answer_id, body)


@answers_blp.route("/answers/<answer_id>/retire", methods=["POST"])
@require(scopes=WRITE, roles=EDITORS)
@answers_blp.arguments(s.StepIn)
@answers_blp.response(200, s.AnswerOut)
@answers_blp.alt_response(409, description="`reason_code` already_retired, version_conflict, company_answer.")
def retire_answer(body, answer_id):
    me = current_principal()
    return answers.retire(_db(), me, me.tenant_id, answer_id, body)


@answers_blp.route("/answers/<answer_id>/uses", methods=["POST"])
@require(scopes=READ)
@idempotent()
@answers_blp.arguments(s.UseIn)
@answers_blp.response(201, s.UseOut)
@answers_blp.alt_response(409, description="`reason_code` answer_not_published.")
def record_use(body, answer_id):
    """The answer was used at intake, on an interview or on a call (optionally on a ticket)."""
    return answers.use(_db(), current_principal(), answer_id, body)


@hq_answers_blp.route("/hq/answers", methods=["GET"])
@require(scopes=READ)
@hq_answers_blp.arguments(s.AnswerQuery, location="query")
@hq_answers_blp.response(200, s.AnswerPage)
def hq_list_answers(query):
    """The company answers, drafts too, with their uses in every project; `q` searches as for projects."""
    _hq_only()
    return answers.find_answers(_db(), COMPANY_TENANT, query)


@hq_answers_blp.route("/hq/answers", methods=["POST"])
@require(scopes=READ, roles=HQ_EDITORS)
@idempotent()
@hq_answers_blp.arguments(s.AnswerIn)
@hq_answers_blp.response(201, s.AnswerOut)
def hq_create_answer(body):
    """A company answer, a draft at version 1; every project reads it once published."""
    _hq_only()
    return answers.create(_db(), current_principal(), COMPANY_TENANT, body)


@hq_answers_blp.route("/hq/answers/usage", methods=["GET"])
@require(scopes=READ)
@hq_answers_blp.arguments(s.HqUsageQuery, location="query")
@hq_answers_blp.response(200, s.UsageOut)
def hq_usage(query):
    """The most used answers across projects (or the named ones), each with its uses per project."""
    _hq_only()
    return answer_uses.hq_usage(_db(), query)


@hq_answers_blp.route("/hq/answers/<answer_id>", methods=["GET"])
@require(scopes=READ)
@hq_answers_blp.response(200, s.AnswerOut)
def hq_get_answer(answer_id):
    _hq_only()
    return answers.get_answer(_db(), COMPANY_TENANT, answer_id)


@hq_answers_blp.route("/hq/answers/<answer_id>", methods=["PUT"])
@require(scopes=READ, roles=HQ_EDITORS)
@hq_answers_blp.arguments(s.AnswerEditIn)
@hq_answers_blp.response(200, s.AnswerOut)
@hq_answers_blp.alt_response(409, description="`reason_code` version_conflict, answer_retired.")
def hq_edit_answer(body, answer_id):
    _hq_only()
    return answers.edit(_db(), current_principal(), COMPANY_TENANT, answer_id, body)


@hq_answers_blp.route("/hq/answers/<answer_id>/publish", methods=["POST"])
@require(scopes=READ, roles=HQ_EDITORS)
@hq_answers_blp.arguments(s.StepIn)
@hq_answers_blp.response(200, s.AnswerOut)
@hq_answers_blp.alt_response(409, description="`reason_code` already_published, version_conflict.")
def hq_publish_answer(body, answer_id):
    """Every project reads it from now on. Publishes desk.answer.published (scope company)."""
    _hq_only()
    return answers.publish(_db(), current_principal(), COMPANY_TENANT, answer_id, body)


@hq_answers_blp.route("/hq/answers/<answer_id>/retire", methods=["POST"])
@require(scopes=READ, roles=HQ_EDITORS)
@hq_answers_blp.arguments(s.StepIn)
@hq_answers_blp.response(200, s.AnswerOut)
@hq_answers_blp.alt_response(409, description="`reason_code` already_retired, version_conflict.")
def hq_retire_answer(body, answer_id):
    _hq_only()
    return answers.retire(_db(), current_principal(), COMPANY_TENANT, answer_id, body)
