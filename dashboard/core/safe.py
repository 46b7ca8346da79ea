"""Company data and people's typing shown as text, never as markup (issue 23, item 4).

Streamlit renders Markdown (GitHub flavour: links, images, autolinked URLs and e-mail addresses, ``$`` maths,
``:red[...]`` colours, ``:material/...:`` icons) in titles, headers, captions, alerts, metric labels, tab and
expander labels, widget labels and help texts; Plotly renders a subset of HTML (``<a href>``, ``<b>``, ``<br>``)
in axis labels, trace text, legends and hover labels. A customer named ``![x](http://host/px.png)`` would
otherwise make every browser that opens the customer fetch that image.

- :func:`plain` for any value that goes into a Markdown-rendering element (a whole string, or one value inside a
  text of ours: ``t("key", name=plain(name))``);
- :func:`chart_text` / :func:`chart_texts` for values that go into a Plotly figure.

Tables (``st.dataframe``), ``st.text``, ``st.code`` and select-box options show text as it is and need neither.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import pandas as pd

# Every ASCII punctuation character may be backslash-escaped in CommonMark, and then stands for itself.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# GitHub's autolinks (``http://...``, ``www.x``, ``a@b.c``) are found in the text after parsing, where an escaped
# character is plain again (a browser test saw ``http\:\/\/...`` become a link): an invisible word joiner
# after the scheme, after ``www`` and after ``@`` keeps them text.
_AUTOLINK = re.compile(r"(?i)(https?|www|ftp|mailto|xmpp)(?=[:.])|@")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
# Streamlit turns ``:name:`` emoji short codes into emoji after parsing (an escaped colon is a colon again): an
# invisible word joiner after the first colon of such a pair keeps it text. (``:material/...:`` icons are replaced
# in the raw source, where the escaped ``\:material\/`` no longer matches.)
_SHORT_CODE = re.compile(r":(?=[\w+\-]+:)")
_WORD_JOINER = "\u2060"


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if value is pd.NA or value is pd.NaT:
        return ""
    return str(value)


def plain(value: object) -> str:
    """``value`` as text for a Markdown-rendering Streamlit element: it shows as typed, on one line, and nothing in
    it can become a link, an image, HTML, formatting, maths, a colour or an icon (invisible word joiners break
    autolinks and emoji short codes). ``None`` and NaN are shown as nothing."""
    text = _SHORT_CODE.sub(":" + _WORD_JOINER, _LINE_BREAKS.sub(" ", _text(value)))
    text = _AUTOLINK.sub(lambda m: m.group(0) + _WORD_JOINER, text)
    return _PUNCTUATION.sub(r"\\\1", text)


def chart_text(value: object) -> str:
    """``value`` as text for a Plotly figure (axis categories, trace text, legend names, hover labels): Plotly's
    HTML subset is split into tags before entities are read, so escaped ``<`` ``>`` ``&`` show as themselves."""
    return _text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chart_texts(values: Iterable[object]) -> list[str]:
    """:func:`chart_text` of each value, in order."""
    return [chart_text(v) for v in values]
