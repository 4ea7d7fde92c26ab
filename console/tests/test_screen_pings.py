"""Which writes passed through the console make it ping the cashier, gate and renovation screens
(console.cashier/gate/renovation.changed)."""
from console.api import CASHIER_PATH, GATE_PATH, RENOVATION_PATH


def test_billing_writes_it_announces_to_nobody_ping_the_cashier_and_its_own_events_do_not():
    for path in ("credit-notes", "commissions", "commissions/ord_1/voucher", "commissions/ord_1/settle",
                 "commissions/ord_1/cancel"):
        assert CASHIER_PATH.match(path), path
    for path in ("payments", "refunds", "charges", "catalogue/seed"):  # billing's own events, or not a cashier's list
        assert not CASHIER_PATH.match(path), path


def test_the_gates_registers_ping_the_gate_and_a_host_call_does_not():
    for path in ("visitors/check-in", "visitors/vis_1/check-out", "pre-registrations", "pre-registrations/pre_1/check-in",
                 "pre-registrations/pre_1/cancel", "watch-list", "watch-list/w_1"):
        assert GATE_PATH.match(path), path
    for path in ("host-calls", "return-visits/r_1/assign", "visitors"):
        assert not GATE_PATH.match(path), path


def test_renovation_writes_ping_the_renovation_screens_and_reads_do_not():
    for path in ("applications", "applications/a1/reviews", "applications/a1/resubmit", "applications/a1/passes",
                 "passes/p1/return", "passes/p1/revoke", "applications/a1/patrols", "violations/v1/follow-ups",
                 "applications/a1/hot-work", "hot-work/h1/decision", "applications/a1/extensions",
                 "extensions/e1/decision", "applications/a1/completion", "applications/a1/completion/inspection"):
        assert RENOVATION_PATH.match(path), path
    for path in ("passes/check", "patrols/due", "applications/a1/gate-entries", "patrol-settings", "violations"):
        assert not RENOVATION_PATH.match(path), path
