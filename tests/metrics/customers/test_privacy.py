"""Masking of customer contact data: what each mask keeps and hides, checked on literal values."""

import re
import string

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from metrics.customers.privacy import CONTACT_COLUMNS, mask_contacts, mask_email, mask_name, mask_phone


@pytest.mark.parametrize(("value", "masked"), [
    ("buyer4@example.cn", "b***@example.cn"),
    ("a@qq.com", "a***@qq.com"),
    ("Zhang.Wei@mail.sub.example.com.cn", "Z***@mail.sub.example.com.cn"),
    ("@example.cn", "***@example.cn"),
    ("a@b@example.cn", "a***@b@example.cn"),  # split at the first @: the rest is the domain
])
def test_an_email_keeps_the_first_letter_and_the_whole_domain(value, masked):
    assert mask_email(value) == masked


@pytest.mark.parametrize("value", ["not an address", "", "buyer4.example.cn"])
def test_an_email_without_an_at_sign_is_hidden_entirely(value):
    assert mask_email(value) == "***"


@pytest.mark.parametrize(("value", "masked"), [
    ("+86 10 00000004", "+86 *** **** 0004"),
    ("+86 138-0013-8000", "+86 *** **** 8000"),
    ("  +1 (555) 010-9999 ", "+1 *** **** 9999"),
    ("010-8888 1234", "*** **** 1234"),
    ("13800138000", "*** **** 8000"),
    ("12345", "*** **** 2345"),
])
def test_a_phone_keeps_the_country_code_and_the_last_four_digits(value, masked):
    assert mask_phone(value) == masked


def test_a_country_code_glued_to_the_number_is_not_told_apart_and_is_hidden():
    """``+8613800138000``: no separator, so no country code is recognised; only the last four digits stay."""
    assert mask_phone("+8613800138000") == "*** **** 8000"


@pytest.mark.parametrize("value", ["1234", "+86 12", "", "ext.", "n/a"])
def test_a_phone_of_four_digits_or_fewer_is_hidden_entirely(value):
    assert mask_phone(value) == "***"


@pytest.mark.parametrize(("value", "masked"), [
    ("Contact 4", "C***"), ("  张伟 ", "张***"), ("x", "x***"), ("Li", "L***"),
])
def test_a_name_keeps_its_first_character_only(value, masked):
    assert mask_name(value) == masked


@pytest.mark.parametrize("value", ["", "   ", "\t"])
def test_a_blank_name_is_hidden_entirely(value):
    assert mask_name(value) == "***"


@pytest.fixture
def contacts() -> pd.DataFrame:
    return pd.DataFrame({
        "id": [1, 2, 3],
        "name": ["Acme Ltd", "Beta Co", "Gamma"],
        "contact_name": ["Contact 4", None, "王芳"],
        "email": ["buyer4@example.cn", "sales@beta.cn", None],
        "phone": [None, "+86 10 00000004", "12"],
        "city": ["Beijing", None, "Xi'an"],
    })


def _values(column: pd.Series) -> list:
    """The column as a list, any missing value (None or NaN) as None."""
    return [None if pd.isna(v) else v for v in column]


def test_every_contact_column_is_masked_row_by_row(contacts):
    masked = mask_contacts(contacts)
    assert _values(masked["contact_name"]) == ["C***", None, "王***"]
    assert _values(masked["email"]) == ["b***@example.cn", "s***@beta.cn", None]
    assert _values(masked["phone"]) == [None, "+86 *** **** 0004", "***"]


def test_columns_other_than_the_contact_columns_are_left_as_they_are(contacts):
    masked = mask_contacts(contacts)
    assert set(CONTACT_COLUMNS) == {"contact_name", "email", "phone"}
    assert list(masked.columns) == list(contacts.columns)
    assert masked[["id", "name", "city"]].equals(contacts[["id", "name", "city"]])


def test_missing_values_stay_missing_and_are_not_turned_into_stars():
    frame = pd.DataFrame({"contact_name": [None, float("nan")], "email": [float("nan"), None],
                          "phone": [pd.NA, None]}, dtype=object)
    masked = mask_contacts(frame)
    assert masked.isna().all().all()


def test_the_frame_given_is_not_changed(contacts):
    before = contacts.copy()
    mask_contacts(contacts)
    assert contacts.equals(before)


def test_a_frame_with_some_contact_columns_missing_masks_those_present():
    masked = mask_contacts(pd.DataFrame({"id": [7], "email": ["ops@example.cn"]}))
    assert masked.to_dict("list") == {"id": [7], "email": ["o***@example.cn"]}


@given(local=st.text(string.ascii_uppercase, min_size=2, max_size=20),
       domain=st.from_regex(r"[a-z0-9]{1,10}\.(cn|com|net)", fullmatch=True))
def test_a_masked_email_never_shows_more_than_one_letter_of_the_local_part(local, domain):
    masked = mask_email(f"{local}@{domain}")
    assert masked.endswith(f"@{domain}")
    assert sum(ch in string.ascii_uppercase for ch in masked) == 1
    assert local not in masked


@given(country=st.one_of(st.none(), st.integers(1, 999)),
       digits=st.text("0123456789", min_size=5, max_size=15),
       separators=st.lists(st.sampled_from([" ", "-", "(", ")"]), max_size=15))
def test_a_masked_phone_shows_no_digit_but_the_country_code_and_the_last_four(country, digits, separators):
    body = "".join(d + (separators[i] if i < len(separators) else "") for i, d in enumerate(digits))
    value = f"+{country} {body}" if country is not None else body
    masked = mask_phone(value)
    shown = re.sub(r"\D", "", masked)
    assert shown == (str(country) if country is not None else "") + digits[-4:]
    assert masked.endswith(digits[-4:])
