"""The company's currency: an ISO 4217 code given at import (``--currency USD``, the Import page), kept in
``dataset_info`` under ``currency``. The generated demo company counts in yuan (CNY), which is also what a
database without the key holds. Formatting amounts with it is :mod:`metrics.base.format`'s business."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

KEY = "currency"
DEFAULT = "CNY"

# ISO 4217 active codes (list one, 2024), funds and precious metals left out
_ISO_4217 = """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF
CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG
HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA
MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD
RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX
USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
"""
CODES = frozenset(_ISO_4217.split())
# offered first on the Import page
COMMON = ("CNY", "USD", "EUR", "HKD", "JPY", "GBP", "SGD", "TWD", "KRW", "AUD", "CAD", "CHF")


def code(value: str) -> str | None:
    """``value`` as an ISO 4217 code (``usd`` -> ``USD``), or None when it is not one."""
    upper = str(value).strip().upper()
    return upper if upper in CODES else None


def choices() -> list[str]:
    """Every code, the common ones first (the Import page's selector)."""
    return [*COMMON, *sorted(CODES - set(COMMON))]


def currency(engine: Engine) -> str:
    """The currency of the company's amounts: the stored code, else :data:`DEFAULT`."""
    return code(stored(engine) or "") or DEFAULT


def stored(engine: Engine) -> str | None:
    """The code stored in ``dataset_info`` (None when none was ever set)."""
    if "dataset_info" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as conn:
        return conn.execute(text("SELECT value FROM dataset_info WHERE key = :key"), {"key": KEY}).scalar()


def store(conn, value: str) -> None:
    """Keep ``value`` (a checked code) as the company's currency, inside the caller's transaction."""
    conn.execute(text("DELETE FROM dataset_info WHERE key = :key"), {"key": KEY})
    conn.execute(text("INSERT INTO dataset_info (key, value) VALUES (:key, :value)"), {"key": KEY, "value": value})
