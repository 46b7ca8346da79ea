"""My scorecard: an owner lands on it after sign-in, sees their KPIs and objectives by colour and their due notes,
in both languages; someone who owns nothing lands on the overview."""

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core import i18n
from data.demo.review import LI
from tests.companies import APP, bad_words, shown_texts


def open_as(monkeypatch, url: str, email: str, lang: str = "en") -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.user = {"is_logged_in": True, "email": email}
    at.query_params["lang"] = lang
    return at.run()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_owner_lands_on_my_scorecard(monkeypatch, demo_url, lang):
    at = open_as(monkeypatch, demo_url, LI, lang)
    text = {k: v[lang] for k, v in i18n.TEXT.items()}
    assert not at.exception, at.exception
    assert at.title[0].value == text["review_page_mine"]
    labels = [m.label for m in at.metric]
    assert sum(text["status_red"] in label for label in labels) == 2  # KPIs and objectives, each by colour
    assert text["review_mine_due"].split("（")[0].split(" (")[0] in at.subheader[0].value
    due = at.dataframe[1].value  # the notes to write, overdue first
    assert len(due) and set(due[text["review_col_note"]]) <= {f"⚠ {text['review_note_overdue']}",
                                                               f"✎ {text['review_note_due']}"}
    assert [b.label for b in at.button if b.label == text["review_form_save"]]  # the form of the first one
    assert not [(where, s) for where, s in shown_texts(at) if bad_words(s)]


def test_someone_who_owns_nothing_lands_on_the_overview(monkeypatch, demo_url):
    at = open_as(monkeypatch, demo_url, "executive@demo.example")
    assert at.title[0].value == i18n.TEXT["overview_title"]["en"]
    frame = at.dataframe[0].value
    assert i18n.TEXT["review_col_owner"]["en"] in frame and LI in " ".join(frame[i18n.TEXT["review_col_owner"]["en"]])
    notes = set(frame[i18n.TEXT["review_col_note"]["en"]])
    assert notes & {f"⚠ {i18n.TEXT['review_note_overdue']['en']}", f"✓ {i18n.TEXT['review_note_written']['en']}"}
