"""Appointments: slots from weekly hours, bookings the database keeps from colliding, cancellation."""
import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pymongo.errors import DuplicateKeyError

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOURS = {str(day): [{"start": "09:00", "end": "12:00"}, {"start": "14:00", "end": "17:00"}] for day in range(5)}


def next_monday() -> date:
    today = datetime.now(SHANGHAI).date()
    return today + timedelta(days=7 - today.weekday())


def at(day: date, hour: int, minute: int = 0) -> str:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI).isoformat()


@pytest.fixture
def room(client, auth):
    response = client.post("/bookable-resources", json={"name": "Community hall", "weekly_hours": HOURS,
                                                         "slot_minutes": 60}, headers=auth())
    assert response.status_code == 201
    return response.get_json()


def book(client, auth, resource, start, unit="1-1-101"):
    return client.post("/bookings", json={"resource_id": resource["id"], "start": start, "unit_id": unit}, headers=auth())


def test_a_days_slots_follow_the_weekly_hours(client, auth, room):
    day = next_monday()
    slots = client.get(f"/bookable-resources/{room['id']}/slots?date={day}", headers=auth()).get_json()
    starts = [datetime.fromisoformat(s["start"]).astimezone(SHANGHAI).hour for s in slots["items"]]
    assert starts == [9, 10, 11, 14, 15, 16] and all(s["available"] for s in slots["items"])
    saturday = day + timedelta(days=5)
    assert client.get(f"/bookable-resources/{room['id']}/slots?date={saturday}", headers=auth()).get_json()["items"] == []


def test_a_booked_slot_is_refused_to_the_next_caller_until_it_is_cancelled(client, auth, room):
    start = at(next_monday(), 10)
    first = book(client, auth, room, start)
    assert first.status_code == 201 and first.get_json()["status"] == "active"
    second = book(client, auth, room, start, unit="2-2-202")
    assert second.status_code == 409 and second.get_json()["reason_code"] in ("slot_full", "slot_taken")
    slots = client.get(f"/bookable-resources/{room['id']}/slots?date={next_monday()}", headers=auth()).get_json()
    assert [s["seats_free"] for s in slots["items"]] == [1, 0, 1, 1, 1, 1]
    cancelled = client.post(f"/bookings/{first.get_json()['id']}/cancel", json={"reason": "rain"}, headers=auth())
    assert cancelled.get_json()["status"] == "cancelled"
    assert book(client, auth, room, start, unit="2-2-202").status_code == 201
    again = client.post(f"/bookings/{first.get_json()['id']}/cancel", json={}, headers=auth())
    assert again.status_code == 409 and again.get_json()["reason_code"] == "not_active"


def test_of_many_simultaneous_bookings_for_one_slot_exactly_one_wins(app, auth, room, db):
    start = at(next_monday(), 15)
    headers = auth()
    barrier, results = threading.Barrier(6), []

    def attempt(n):
        client = app.test_client()
        barrier.wait()
        results.append(client.post("/bookings", json={"resource_id": room["id"], "start": start,
                                                      "unit_id": f"u-{n}"}, headers=headers).status_code)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [201] + [409] * 5
    assert db.bookings.count_documents({"status": "active"}) == 1


def test_the_database_itself_refuses_a_second_active_booking_for_a_seat(db, room, client, auth):
    booking = book(client, auth, room, at(next_monday(), 9)).get_json()
    stored = db.bookings.find_one({"_id": booking["id"]})
    with pytest.raises(DuplicateKeyError):
        db.bookings.insert_one({**stored, "_id": "copy"})


def test_a_resource_with_two_seats_takes_two_bookings_per_slot(client, auth):
    court = client.post("/bookable-resources", json={"name": "Tennis", "weekly_hours": HOURS, "slot_minutes": 30,
                                                     "capacity": 2}, headers=auth()).get_json()
    start = at(next_monday(), 9, 30)
    seats = [book(client, auth, court, start).get_json().get("seat") for _ in range(2)]
    assert seats == [0, 1] and book(client, auth, court, start).status_code == 409


@pytest.mark.parametrize("when, code", [
    (lambda d: at(d, 12, 30), "outside_opening_hours"),
    (lambda d: at(d, 9, 30), "not_aligned"),
    (lambda d: at(d - timedelta(days=14), 9), "in_the_past"),
])
def test_a_booking_outside_hours_off_the_grid_or_in_the_past_is_refused_naming_start(client, db, auth, room, when,
                                                                                     code):
    response = book(client, auth, room, when(next_monday()))
    assert response.status_code == 422
    assert "start" in response.get_json()["errors"] and response.get_json()["reason_code"] == code
    assert db.bookings.count_documents({}) == 0


def test_bookings_are_listed_by_resource_and_day(client, auth, room):
    book(client, auth, room, at(next_monday(), 9))
    book(client, auth, room, at(next_monday() + timedelta(days=1), 9))
    listed = client.get(f"/bookings?resource_id={room['id']}&date={next_monday()}", headers=auth()).get_json()
    assert listed["total"] == 1
