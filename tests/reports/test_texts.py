"""The board pack's and the exports' texts: each entry in both languages, with the same placeholders."""

import string

import pytest

from reports.texts import TEXT, labelled


def fields(phrase: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(phrase) if name}


@pytest.mark.parametrize("key", sorted(TEXT))
def test_each_text_has_both_languages_and_the_same_placeholders(key):
    entry = TEXT[key]
    assert set(entry) == {"en", "zh"} and entry["en"].strip() and entry["zh"].strip()
    assert fields(entry["en"]) == fields(entry["zh"])


def test_a_label_takes_the_colon_of_its_language():
    assert labelled("owner", "en", "ann@example.cn") == "Owner: ann@example.cn"
    assert labelled("owner", "zh", "ann@example.cn") == "负责人：ann@example.cn"
