"""Every import fault has words in English and Simplified Chinese, with the same values in both."""

import re
import string

import pytest

from data.importing.messages import MESSAGES, record, say

CJK = re.compile(r"[\u4e00-\u9fff]")


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_message_has_both_languages_with_the_same_values(code):
    entry = MESSAGES[code]
    assert set(entry) == {"en", "zh"}
    assert CJK.search(entry["zh"]), entry["zh"]
    assert fields(entry["en"]) == fields(entry["zh"])


def test_a_value_named_per_language_is_shown_in_that_language():
    said = say("points_to_nothing", parent=record("sales_order"))
    assert said.text("en") == "points to a sales order that is neither in the files nor in the database"
    assert said.text("zh") == "指向的销售订单既不在导入的文件中，也不在数据库中"
