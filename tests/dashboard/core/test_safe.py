"""``dashboard.core.safe``: any text, once escaped, reads back as typed and holds no Markdown or Plotly markup.

CommonMark (and GitHub's flavour) reads a backslash before ASCII punctuation as that character, literally; so a
string in which every ASCII punctuation character is escaped has no link, image, HTML, emphasis, code, heading,
list, table, autolink or maths left. A real browser rendering it is ``tests/e2e/test_injection.py``.
"""

import re
import string

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.safe import chart_text, chart_texts, plain

PUNCTUATION = set(string.punctuation)
WORD_JOINER = "\u2060"
ATTACKS = ["![px](http://127.0.0.1:9/px.png)", "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>",
           "<script>alert(1)</script>", '=HYPERLINK("http://x","y")', "www.example.com", "http://x.example/a",
           "a@b.example", "**bold** _it_ `code`", "# heading", "1. list", "- item", "> quote", "| a | b |",
           "$x^2$", ":red[colour]", ":material/home:", ":smile:", "\\![x](y)", "line\nbreak\r\nagain"]


def unescaped(text: str) -> list[int]:
    """Positions of ASCII punctuation not escaped by a backslash (a backslash escapes only the next character)."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in PUNCTUATION:
            i += 2
            continue
        if text[i] in PUNCTUATION:
            out.append(i)
        i += 1
    return out


def read_back(escaped: str) -> str:
    """What CommonMark shows for ``escaped``: each backslash escape as its character, without the joiners."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", escaped).replace(WORD_JOINER, "")


@given(st.text(max_size=200))
def test_every_punctuation_is_escaped_and_the_text_reads_back_on_one_line(value):
    escaped = plain(value)
    assert unescaped(escaped) == []
    assert read_back(escaped) == re.sub(r"[\r\n\u2028\u2029]+", " ", value).replace(WORD_JOINER, "")
    assert "\n" not in escaped and "\r" not in escaped


def test_known_attacks_lose_their_markup():
    for attack in ATTACKS:
        escaped = plain(attack)
        assert unescaped(escaped) == [], attack
        assert not re.search(r":[\w+-]+:", escaped.replace("\\", "")), attack  # no emoji short code left
    assert plain("![x](http://h/p.png)") == "\\!\\[x\\]\\(http\u2060\\:\\/\\/h\\/p\\.png\\)"


# GitHub's autolink literals, as mdast-util-gfm-autolink-literal finds them in the parsed text (escapes undone).
GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.I)
GFM_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")


@given(st.sampled_from([*ATTACKS, "see http://a.example/x", "WWW.A.EXAMPLE", "mail me: ann@example.cn"]),
       st.text(max_size=20))
def test_no_autolink_survives_in_the_parsed_text(attack, tail):
    parsed = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", plain(attack + tail))  # the text node, joiners kept
    assert not GFM_URL.search(parsed) and not GFM_EMAIL.search(parsed)


def test_missing_values_are_shown_as_nothing():
    assert plain(None) == plain(float("nan")) == plain(pd.NA) == ""
    assert plain(12.5) == r"12\.5"


@given(st.text(max_size=200))
def test_chart_text_leaves_no_tag_and_reads_back(value):
    shown = chart_text(value)
    assert "<" not in shown and ">" not in shown
    assert shown.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == value


def test_chart_texts_keeps_order():
    assert chart_texts(["<b>a</b>", "b & c", None]) == ["&lt;b&gt;a&lt;/b&gt;", "b &amp; c", ""]
