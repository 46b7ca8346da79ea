"""Weekly stage advancement on the tiny team of ``company.py`` plus opportunities written by hand."""

from datetime import date

import pytest

from metrics.sales.advancement import has_opportunities, stage_advancement
from tests.metrics.sales import company

OPPORTUNITIES = """INSERT INTO opportunity (id, lead_id, owner_id, created_on, stage, status, amount) VALUES
    (1, NULL, 1, DATE '2025-03-03', 'won', 'won', 100), (2, NULL, 1, DATE '2025-03-10', 'lost', 'lost', 100),
    (3, NULL, 3, DATE '2025-03-01', 'proposal', 'open', 100), (4, NULL, 7, DATE '2025-03-20', 'qualification',
    'open', 100), (5, NULL, 1, DATE '2025-03-01', 'custom', 'open', 100)"""
# weeks of March 2025 start on Mondays 3, 10, 17, 24
CHANGES = """INSERT INTO opportunity_stage_change (id, opportunity_id, changed_on, from_stage, to_stage) VALUES
    (1, 1, DATE '2025-03-03', NULL, 'prospecting'),
    (2, 1, DATE '2025-03-04', 'prospecting', 'qualification'),
    (3, 1, DATE '2025-03-06', 'qualification', 'proposal'),
    (4, 1, DATE '2025-03-18', 'proposal', 'won'),
    (5, 2, DATE '2025-03-11', 'prospecting', 'qualification'),
    (6, 2, DATE '2025-03-12', 'qualification', 'lost'),
    (7, 3, DATE '2025-03-19', 'negotiation', 'proposal'),
    (8, 4, DATE '2025-03-27', 'prospecting', 'qualification'),
    (9, 5, DATE '2025-03-20', 'prospecting', 'custom'),
    (10, 4, DATE '2025-04-02', 'qualification', 'proposal'),
    (11, 3, DATE '2025-03-25', 'proposal', 'proposal')"""


@pytest.fixture(scope="module")
def store():
    store = company.store(OPPORTUNITIES, CHANGES)
    yield store
    store.close()


def weekly(frame) -> dict[int, list[int]]:
    return {int(rep): list(group.sort_values("week")["advanced"]) for rep, group in frame.groupby("rep_id")}


def test_opportunities_moved_forward_per_rep_and_week(store):
    frame = stage_advancement(store, company.MARCH, weeks=4)
    assert sorted(set(frame["week"])) == [date(2025, 3, 3), date(2025, 3, 10), date(2025, 3, 17), date(2025, 3, 24)]
    got = weekly(frame)
    assert got[1] == [1, 1, 1, 0]  # opportunity 1 twice in its first week counts once; to lost and custom: not
    assert got[3] == [0, 0, 0, 0]  # a step back, or to the same stage, is no advance
    assert got[7] == [0, 0, 0, 1]  # an owner off the sales team who moved one is shown


def test_every_rep_of_the_team_has_every_week(store):
    frame = stage_advancement(store, company.MARCH, weeks=4)
    assert set(frame["rep_id"]) == {1, 2, 3, 4, 7, 9}
    assert frame.groupby("rep_id").size().eq(4).all()
    assert frame.loc[frame["rep_id"] == 7, "name"].iloc[0] == "Gus"


def test_the_last_week_ends_at_the_last_change_before_the_range_ends(store):
    frame = stage_advancement(store, company.MARCH, weeks=4)
    days = frame.drop_duplicates("week").sort_values("week")["days"].tolist()
    assert days == [7, 7, 7, 4]  # Monday 24 to Thursday 27 March; the change of 2 April is after the range


def test_no_stage_changes_no_rows():
    bare = company.store()
    assert not has_opportunities(bare)
    assert stage_advancement(bare, company.MARCH).empty


def test_weeks_must_be_positive(store):
    with pytest.raises(ValueError, match="weeks"):
        stage_advancement(store, company.MARCH, weeks=0)
