from kefulib.masking import mask_phone


def test_a_phone_keeps_its_first_three_and_last_four_digits_only():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone(" +8613812345678 ") == "138****5678"
    assert mask_phone("+6591234567") == "659***4567"
    assert mask_phone("0755-8888666") == "075*****8666"


def test_short_and_empty_numbers_give_nothing_away():
    assert mask_phone("12345") == "*****" and mask_phone("8001234") == "*******"
    assert mask_phone(None) is None and mask_phone("") == ""
