"""Owners of objectives and KPIs: validated, audited, an objective apart from a KPI of the same id, and as a file."""

import pytest
from sqlalchemy import text
from sqlmodel import Session

from data import accounts
from data.review import owners, owners_file
from data.review.owners import OwnerError

KNOWN = {("kpi", "churn_rate"), ("kpi", "crm_adoption"), ("objective", "crm_adoption")}


@pytest.fixture
def session(sqlite_engine):
    with Session(sqlite_engine) as session:
        for email in ("a@x.cn", "b@x.cn"):
            accounts.add_user(session=session, email=email, role="marketer", actor="t")
        accounts.add_user(session=session, email="gone@x.cn", role="marketer", actor="t")
        accounts.add_user(session=session, email="boss@x.cn", role="executive", actor="boss@x.cn")
        accounts.set_active(session=session, email="gone@x.cn", active=False, actor="t")
        yield session


def test_owners_are_saved_per_kind_and_audited(session):
    rows = [{"kind": "kpi", "item_id": "crm_adoption", "owner": " A@x.cn ", "deputy": "b@x.cn"},
            {"kind": "objective", "item_id": "crm_adoption", "owner": "b@x.cn", "deputy": None}]
    assert owners.save(session=session, rows=rows, known=KNOWN, actor="boss@x.cn") == 2
    assert owners.save(session=session, rows=rows, known=KNOWN, actor="boss@x.cn") == 0  # nothing changed
    assert owners.owners(session)["crm_adoption"] == owners.Owner("crm_adoption", "kpi", "a@x.cn", "b@x.cn")
    assert owners.owners(session, "objective")["crm_adoption"].owner == "b@x.cn"
    assert {(o.kind, o.item_id) for o in owners.owned_by(session, "B@x.cn")} == {("kpi", "crm_adoption"),
                                                                                 ("objective", "crm_adoption")}
    logged = session.exec(text("SELECT actor, detail FROM audit_event WHERE action = 'owner_set'")).all()
    assert [a for a, _ in logged] == ["boss@x.cn", "boss@x.cn"]
    assert "kpi crm_adoption: owner - -> a@x.cn, deputy - -> b@x.cn" in logged[0][1]


@pytest.mark.parametrize(("row", "code"), [
    ({"kind": "kpi", "item_id": "nope", "owner": "a@x.cn"}, "unknown_item"),
    ({"kind": "objective", "item_id": "churn_rate", "owner": "a@x.cn"}, "unknown_item"),
    ({"kind": "kpi", "item_id": "churn_rate", "owner": "not an e-mail"}, "not_an_email"),
    ({"kind": "kpi", "item_id": "churn_rate", "owner": "stranger@x.cn"}, "no_account"),
    ({"kind": "kpi", "item_id": "churn_rate", "owner": "gone@x.cn"}, "no_account"),
    ({"kind": "kpi", "item_id": "churn_rate", "owner": "a@x.cn", "deputy": "A@X.CN"}, "deputy_is_owner")])
def test_a_bad_owner_is_refused_and_nothing_is_written(session, row, code):
    good = {"kind": "kpi", "item_id": "crm_adoption", "owner": "a@x.cn"}
    with pytest.raises(OwnerError) as refused:
        owners.save(session=session, rows=[good, row], known=KNOWN, actor="boss@x.cn")
    assert refused.value.code == code
    assert owners.owners(session) == {}


def test_the_owners_file_round_trips(session):
    owners.save(session=session, rows=[{"kind": "kpi", "item_id": "churn_rate", "owner": "a@x.cn"}], known=KNOWN,
                actor="boss@x.cn")
    items = [("kpi", "churn_rate", "Churn rate"), ("objective", "crm_adoption", "CRM 使用")]
    data = owners_file.template(items, owners.all_owners(session))
    rows = owners_file.read("kpi_owner.csv", data)
    assert rows == [{"kind": "kpi", "item_id": "churn_rate", "owner": "a@x.cn", "deputy": ""},
                    {"kind": "objective", "item_id": "crm_adoption", "owner": "", "deputy": ""}]
    rows[1]["owner"] = "b@x.cn"
    assert owners.save(session=session, rows=rows, known=KNOWN, actor="boss@x.cn", source="import") == 1
    assert owners.owners(session, "objective")["crm_adoption"].owner == "b@x.cn"


@pytest.mark.parametrize(("data", "code"), [(b"kind,item\nkpi,x\n", "file_columns"),
                                            (b"x" * (owners_file.MAX_BYTES + 1), "file_too_large")])
def test_a_bad_owners_file_says_why(data, code):
    with pytest.raises(OwnerError) as refused:
        owners_file.read("owners.csv", data)
    assert refused.value.code == code


def test_a_disabled_account_owns_nothing_any_more(session):
    owners.save(session=session, rows=[{"kind": "kpi", "item_id": "churn_rate", "owner": "a@x.cn",
                                        "deputy": "b@x.cn"}], known=KNOWN, actor="boss@x.cn")
    accounts.set_active(session=session, email="a@x.cn", active=False, actor="t")
    assert owners.owners(session)["churn_rate"] == owners.Owner("churn_rate", "kpi", None, "b@x.cn")
    accounts.set_active(session=session, email="b@x.cn", active=False, actor="boss@x.cn")
    assert owners.owners(session) == {} and owners.owned_by(session, "a@x.cn") == []


def test_only_an_executive_or_an_admin_sets_owners(session):
    row = {"kind": "kpi", "item_id": "churn_rate", "owner": "a@x.cn"}
    for actor in ("a@x.cn", "nobody@x.cn", "gone@x.cn"):  # a marketer, no account, a disabled account
        with pytest.raises(OwnerError) as refused:
            owners.save(session=session, rows=[row], known=KNOWN, actor=actor)
        assert refused.value.code == "not_allowed"
    assert owners.owners(session) == {}
