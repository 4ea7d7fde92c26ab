"""visits' REST endpoints: thin views over the handlers."""
from flask import Response
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.web import context, page_of, tenant_collection

from . import schemas as s
from .handlers import appointments, common, interviews
from .handlers import return_visits as rv
from .handlers import visitors as vis
from .store import (
    BOOKINGS,
    CUSTOMERS,
    INTERVIEW_REPORTS,
    INTERVIEWS,
    MONTHLY_PLANS,
    PRE_REGISTRATIONS,
    RESOURCES,
    RETURN_VISITS,
    VISITORS,
    WATCH_LIST,
    YEARLY_PLANS,
)

READ, WRITE = ["visits:read"], ["visits:write"]
#: Who may change the watch list (it bars people from the estate) and the project's settings.
WATCH_LIST_ROLES = ["security_supervisor", "project_manager"]
# The register lists every visitor's name, masked document and host: it leaves the system only with the
# person answerable for the gate, not with every role that may read a single entry (a technician, say).
REGISTER_EXPORT_ROLES = ["security_supervisor"]
SETTINGS_ROLES = ["project_manager", "cs_supervisor"]

visitors = Blueprint("visitors", __name__, description="Visitor register 访客单, host calls, pre-registrations, watch list.")
return_visits = Blueprint("return_visits", __name__, description="Return visits (回访) after repairs and complaints.")
interviews_blp = Blueprint("interviews", __name__, description="Customer interviews 客户访谈: plans, records, quotas.")
appointments_blp = Blueprint("appointments", __name__, description="Appointments 预约 for facilities and services.")
settings_blp = Blueprint("settings", __name__, description="Per-project settings of the visits service.")

BLUEPRINTS = [visitors, return_visits, interviews_blp, appointments_blp, settings_blp]


def _db():
    return context().db


def _secret() -> bytes:
    return common.document_secret(context().settings)


def _tenant() -> str:
    return current_principal().tenant_id


def _list(name: str, filter_: dict, query: dict, sort, dump=lambda d: d):
    collection = tenant_collection(name)
    return page_of(lambda: collection.find(filter_).sort(sort), collection.count_documents(filter_),
                   query["page"], query["page_size"], dump=dump)


# ---- visitors ------------------------------------------------------------------------------------------------

@visitors.route("/visitors/check-in", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@visitors.arguments(s.CheckInIn)
@visitors.response(201, s.VisitorOut)
@visitors.alt_response(409, description="Entry refused; `reason_code` says why (watch_listed, host_refused, "
                                        "host_call_required, ...), `requires_host_call` whether calling the host helps.")
def check_in(body):
    return vis.check_in(_db(), current_principal(), _secret(), body)


@visitors.route("/visitors", methods=["GET"])
@require(scopes=READ)
@visitors.arguments(s.VisitorQuery, location="query")
@visitors.response(200, s.VisitorPage)
def list_visitors(query):
    """Who is on site now: `on_site=true`."""
    return _list(VISITORS, vis.visitor_filter(_db(), _tenant(), query), query, [("checked_in_at", -1)], vis.view)


@visitors.route("/visitors/log.csv", methods=["GET"])
@require(scopes=READ, roles=REGISTER_EXPORT_ROLES)
@visitors.arguments(s.LogQuery, location="query")
@visitors.doc(responses={"200": {"description": "The day's register as CSV", "content": {"text/csv": {}}}})
def export_log(query):
    text, day = vis.daily_log_csv(_db(), _tenant(), query.get("date"))
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="visitors-{day.isoformat()}.csv"'})


@visitors.route("/visitors/<entry_id>", methods=["GET"])
@require(scopes=READ)
@visitors.response(200, s.VisitorOut)
def get_visitor(entry_id):
    return vis.view(common.get_or_404(tenant_collection(VISITORS), entry_id, "visitor entry"))


@visitors.route("/visitors/<entry_id>/check-out", methods=["POST"])
@require(scopes=WRITE)
@visitors.arguments(s.CheckOutIn)
@visitors.response(200, s.VisitorOut)
def check_out(body, entry_id):
    return vis.check_out_visitor(_db(), current_principal(), entry_id, body)


@visitors.route("/host-calls", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@visitors.arguments(s.HostCallIn)
@visitors.response(201, s.HostCallOut)
def record_host_call(body):
    """The desk called the host: consent given or refused (valid 30 minutes for this visitor and unit)."""
    return vis.record_host_call(_db(), current_principal(), _secret(), body)


@visitors.route("/pre-registrations", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@visitors.arguments(s.PreRegistrationIn)
@visitors.response(201, s.PreRegistrationOut)
def create_pre_registration(body):
    return vis.create_pre_registration(_db(), current_principal(), _secret(), body)


@visitors.route("/pre-registrations", methods=["GET"])
@require(scopes=READ)
@visitors.arguments(s.PreRegistrationQuery, location="query")
@visitors.response(200, s.PreRegistrationPage)
def list_pre_registrations(query):
    return _list(PRE_REGISTRATIONS, vis.pre_registration_filter(query), query, [("valid_from", -1)])


@visitors.route("/pre-registrations/<pre_id>", methods=["GET"])
@require(scopes=READ)
@visitors.response(200, s.PreRegistrationOut)
def get_pre_registration(pre_id):
    return common.get_or_404(tenant_collection(PRE_REGISTRATIONS), pre_id, "pre-registration")


@visitors.route("/pre-registrations/<pre_id>/cancel", methods=["POST"])
@require(scopes=WRITE)
@visitors.response(200, s.PreRegistrationOut)
def cancel_pre_registration(pre_id):
    return vis.cancel_pre_registration(_db(), current_principal(), pre_id)


@visitors.route("/pre-registrations/<pre_id>/check-in", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@visitors.arguments(s.PreRegisteredCheckInIn)
@visitors.response(201, s.VisitorOut)
def check_in_pre_registered(body, pre_id):
    """One-tap check-in of a pre-registered guest (the document is still checked against the watch list)."""
    return vis.check_in(_db(), current_principal(), _secret(), body, pre_registration_id=pre_id)


@visitors.route("/watch-list", methods=["POST"])
@require(scopes=WRITE, roles=WATCH_LIST_ROLES)
@idempotent()
@visitors.arguments(s.WatchListIn)
@visitors.response(201, s.WatchListOut)
def add_to_watch_list(body):
    return vis.add_to_watch_list(_db(), current_principal(), _secret(), body)


@visitors.route("/watch-list", methods=["GET"])
@require(scopes=READ)
@visitors.arguments(s.PageQuery, location="query")
@visitors.response(200, s.WatchListPage)
def list_watch_list(query):
    return _list(WATCH_LIST, {}, query, [("added_at", -1)])


@visitors.route("/watch-list/<entry_id>", methods=["DELETE"])
@require(scopes=WRITE, roles=WATCH_LIST_ROLES)
@visitors.response(204)
def remove_from_watch_list(entry_id):
    vis.remove_from_watch_list(_db(), current_principal(), entry_id)


# ---- return visits ----------------------------------------------------------------------------------------------

@return_visits.route("/return-visits", methods=["GET"])
@require(scopes=READ)
@return_visits.arguments(s.ReturnVisitQuery, location="query")
@return_visits.response(200, s.ReturnVisitPage)
def list_return_visits(query):
    sort = [("due_at", 1)] if query.get("overdue") else [("created_at", -1)]
    return _list(RETURN_VISITS, rv.list_filter(query), query, sort, rv.out)


@return_visits.route("/return-visits/<visit_id>", methods=["GET"])
@require(scopes=READ)
@return_visits.response(200, s.ReturnVisitOut)
def get_return_visit(visit_id):
    return rv.out(common.get_or_404(tenant_collection(RETURN_VISITS), visit_id, "return visit"))


@return_visits.route("/return-visits/<visit_id>/assign", methods=["POST"])
@require(scopes=WRITE)
@return_visits.arguments(s.AssignIn)
@return_visits.response(200, s.ReturnVisitOut)
def assign_return_visit(body, visit_id):
    return rv.assign_visit(_db(), current_principal(), visit_id, body)


@return_visits.route("/return-visits/<visit_id>/complete", methods=["POST"])
@require(scopes=WRITE)
@return_visits.arguments(s.CompleteIn)
@return_visits.response(200, s.ReturnVisitOut)
def complete_return_visit(body, visit_id):
    """Record the outcome; publishes `visits.return_visit.completed` (with `unhappy`) in the same transaction."""
    return rv.complete_visit(_db(), current_principal(), visit_id, body)


@return_visits.route("/return-visits/<visit_id>/cancel", methods=["POST"])
@require(scopes=WRITE)
@return_visits.arguments(s.CancelIn)
@return_visits.response(200, s.ReturnVisitOut)
def cancel_return_visit(body, visit_id):
    return rv.cancel_visit(_db(), current_principal(), visit_id, body)


# ---- settings --------------------------------------------------------------------------------------------------

@settings_blp.route("/settings", methods=["GET"])
@require(scopes=READ)
@settings_blp.response(200, s.SettingsSchema)
def get_settings():
    return common.project_settings(_db(), _tenant())


@settings_blp.route("/settings", methods=["PATCH"])
@require(scopes=WRITE, roles=SETTINGS_ROLES)
@settings_blp.arguments(s.SettingsSchema)
@settings_blp.response(200, s.SettingsSchema)
def change_settings(body):
    return common.save_project_settings(_db(), _tenant(), current_principal().actor, body)


# ---- interviews ----------------------------------------------------------------------------------------------

@interviews_blp.route("/interview-plans/yearly/<int(min=1, max=9999):year>", methods=["PUT"])
@require(scopes=WRITE)
@interviews_blp.arguments(s.YearlyPlanIn)
@interviews_blp.response(200, s.YearlyPlanOut)
def put_yearly_plan(body, year):
    return interviews.save_yearly_plan(_db(), current_principal(), year, body)


@interviews_blp.route("/interview-plans/yearly/<int(min=1, max=9999):year>", methods=["GET"])
@require(scopes=READ)
@interviews_blp.response(200, s.YearlyPlanOut)
def get_yearly_plan(year):
    return interviews.get_plan(tenant_collection(YEARLY_PLANS), {"year": year}, "yearly plan")


@interviews_blp.route("/interview-plans/monthly/<month>", methods=["PUT"])
@require(scopes=WRITE)
@interviews_blp.arguments(s.MonthlyPlanIn)
@interviews_blp.response(200, s.MonthlyPlanOut)
def put_monthly_plan(body, month):
    return interviews.save_monthly_plan(_db(), current_principal(), month, body)


@interviews_blp.route("/interview-plans/monthly/<month>", methods=["GET"])
@require(scopes=READ)
@interviews_blp.response(200, s.MonthlyPlanOut)
def get_monthly_plan(month):
    return interviews.get_plan(tenant_collection(MONTHLY_PLANS), {"month": month}, "monthly plan")


@interviews_blp.route("/interview-plans/monthly/<month>/targets", methods=["GET"])
@require(scopes=READ)
@interviews_blp.response(200, s.TargetsOut)
def get_targets(month):
    """Key customers (all, visited in person monthly) and the month's sample of ordinary households."""
    return interviews.targets(_db(), _tenant(), month)


@interviews_blp.route("/key-customers", methods=["GET"])
@require(scopes=READ)
@interviews_blp.arguments(s.PageQuery, location="query")
@interviews_blp.response(200, s.KeyCustomerPage)
def list_key_customers(query):
    return _list(CUSTOMERS, {"is_key": True}, query, [("customer_id", 1)],
                 lambda d: {**d, "classes": d.get("key_classes", [])})


@interviews_blp.route("/interviews", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@interviews_blp.arguments(s.InterviewIn)
@interviews_blp.response(201, s.InterviewOut)
def record_interview(body):
    """A 《顾客访谈记录》; the interviewer is the caller, their role (for quotas) comes from the token."""
    return interviews.record_interview(_db(), current_principal(), body)


@interviews_blp.route("/interviews", methods=["GET"])
@require(scopes=READ)
@interviews_blp.arguments(s.InterviewQuery, location="query")
@interviews_blp.response(200, s.InterviewPage)
def list_interviews(query):
    filter_ = {key: query[key] for key in ("month", "interviewer_id", "unit_id") if key in query}
    return _list(INTERVIEWS, filter_, query, [("interviewed_at", -1)])


@interviews_blp.route("/interviews/late", methods=["GET"])
@require(scopes=READ)
@interviews_blp.arguments(s.MonthQuery, location="query")
@interviews_blp.response(200, s.LateOut)
def what_is_late(query):
    """Key customers not visited, quota shortfalls (once the month is over) and a late analysis report."""
    return interviews.late(_db(), _tenant(), query.get("month"))


@interviews_blp.route("/interviews/<interview_id>", methods=["GET"])
@require(scopes=READ)
@interviews_blp.response(200, s.InterviewOut)
def get_interview(interview_id):
    return common.get_or_404(tenant_collection(INTERVIEWS), interview_id, "interview")


@interviews_blp.route("/interviews/<interview_id>/measures", methods=["POST"])
@require(scopes=WRITE)
@interviews_blp.arguments(s.MeasuresIn)
@interviews_blp.response(200, s.InterviewOut)
def update_measures(body, interview_id):
    return interviews.update_measures(_db(), current_principal(), interview_id, body)


@interviews_blp.route("/interview-quotas/<month>", methods=["GET"])
@require(scopes=READ)
@interviews_blp.response(200, s.QuotasOut)
def get_quotas(month):
    return interviews.quotas(_db(), _tenant(), month)


@interviews_blp.route("/interview-reports", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@interviews_blp.arguments(s.ReportIn)
@interviews_blp.response(201, s.ReportOut)
def submit_report(body):
    """Last month's analysis 上月顾客访谈分析, due by the 5th."""
    return interviews.submit_report(_db(), current_principal(), body)


@interviews_blp.route("/interview-reports", methods=["GET"])
@require(scopes=READ)
@interviews_blp.arguments(s.PageQuery, location="query")
@interviews_blp.response(200, s.ReportPage)
def list_reports(query):
    return _list(INTERVIEW_REPORTS, {}, query, [("month", -1)])


@interviews_blp.route("/interview-reports/<month>", methods=["GET"])
@require(scopes=READ)
@interviews_blp.response(200, s.ReportOut)
def get_report(month):
    return interviews.get_plan(tenant_collection(INTERVIEW_REPORTS), {"month": month}, "analysis report")


# ---- appointments ----------------------------------------------------------------------------------------------

@appointments_blp.route("/bookable-resources", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@appointments_blp.arguments(s.ResourceIn)
@appointments_blp.response(201, s.ResourceOut)
def create_resource(body):
    return appointments.resource_out(appointments.create_resource(_db(), current_principal(), body))


@appointments_blp.route("/bookable-resources", methods=["GET"])
@require(scopes=READ)
@appointments_blp.arguments(s.PageQuery, location="query")
@appointments_blp.response(200, s.ResourcePage)
def list_resources(query):
    return _list(RESOURCES, {}, query, [("name", 1)], appointments.resource_out)


@appointments_blp.route("/bookable-resources/<resource_id>", methods=["GET"])
@require(scopes=READ)
@appointments_blp.response(200, s.ResourceOut)
def get_resource(resource_id):
    return appointments.resource_out(common.get_or_404(tenant_collection(RESOURCES), resource_id, "bookable resource"))


@appointments_blp.route("/bookable-resources/<resource_id>/slots", methods=["GET"])
@require(scopes=READ)
@appointments_blp.arguments(s.SlotQuery, location="query")
@appointments_blp.response(200, s.SlotsOut)
def get_slots(query, resource_id):
    return appointments.slots(_db(), _tenant(), resource_id, query["date"])


@appointments_blp.route("/bookings", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@appointments_blp.arguments(s.BookingIn)
@appointments_blp.response(201, s.BookingOut)
@appointments_blp.alt_response(409, description="The slot is taken (`reason_code` slot_taken or slot_full).")
def book(body):
    return appointments.book(_db(), current_principal(), body)


@appointments_blp.route("/bookings", methods=["GET"])
@require(scopes=READ)
@appointments_blp.arguments(s.BookingQuery, location="query")
@appointments_blp.response(200, s.BookingPage)
def list_bookings(query):
    return _list(BOOKINGS, appointments.booking_filter(_db(), _tenant(), query), query, [("start", 1)])


@appointments_blp.route("/bookings/<booking_id>", methods=["GET"])
@require(scopes=READ)
@appointments_blp.response(200, s.BookingOut)
def get_booking(booking_id):
    return common.get_or_404(tenant_collection(BOOKINGS), booking_id, "booking")


@appointments_blp.route("/bookings/<booking_id>/cancel", methods=["POST"])
@require(scopes=WRITE)
@appointments_blp.arguments(s.BookingCancelIn)
@appointments_blp.response(200, s.BookingOut)
def cancel_booking(body, booking_id):
    return appointments.cancel_booking(_db(), current_principal(), booking_id, body)
