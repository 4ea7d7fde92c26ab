"""Use cases: the role-holder projection (directory), escalations and approvals into inbox items, the inbox."""
