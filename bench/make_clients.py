#!/usr/bin/env python3
"""A seeded synthetic office: N client profiles with the variety a 税理士・社労士事務所 really has.

    python bench/make_clients.py OUTDIR [-n 1000] [--seed 1]

writes OUTDIR/c0001.toml … one profile per client. The same seed always gives the same files (the
generator uses its own `random.Random(seed)` and no clock), so the benchmarks and the tests share
them. The mix: fiscal year ends weighted towards March and December, headcounts from 1 to a few
thousand (small ones with 納期の特例), a few listed companies, boards, bonus dates, payday, an AGM
date, owners from a team of office staff, and now and then company closures of their own.

`make_clients(n, seed)` returns the profiles as dicts; `to_toml(profile)` writes one as TOML.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

#: Fiscal-year ends as Japanese companies have them: March and December dominate.
FYE_WEIGHTS = {3: 20, 12: 14, 6: 6, 9: 8, 2: 4, 1: 4, 4: 5, 5: 6, 7: 5, 8: 7, 10: 6, 11: 5}
PREFECTURES = ["tokyo"] * 8 + ["kanagawa", "saitama", "chiba", "osaka", "aichi", "fukuoka", "hokkaido", "hyogo"]
STAFF = {
    "accounting": ["税理士 佐藤", "税理士 高橋", "担当 田中", "担当 伊藤"],
    "labor": ["社労士 鈴木", "社労士 渡辺", "担当 山本"],
    "legal": ["司法書士 中村"],
}
KINDS = ["株式会社", "有限会社", "合同会社"]
WORDS = ["山田", "青葉", "東和", "さくら", "北斗", "丸の内", "ひかり", "大和", "新星", "みどり", "富士", "旭"]
TRADES = ["商事", "工業", "製作所", "システムズ", "建設", "食品", "物流", "設計", "薬局", "不動産"]


def _headcount(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.35:
        return rng.randint(1, 9)
    if r < 0.75:
        return rng.randint(10, 49)
    if r < 0.95:
        return rng.randint(50, 299)
    return rng.randint(300, 3000)


def make_client(i: int, rng: random.Random) -> dict[str, Any]:
    """One client profile as nested dicts (tables → values), drawn from `rng`."""
    fye = rng.choices(list(FYE_WEIGHTS), weights=list(FYE_WEIGHTS.values()))[0]
    staff = _headcount(rng)
    listed = staff >= 300 and rng.random() < 0.3
    company: dict[str, Any] = {
        "name": f"{rng.choice(KINDS)}{rng.choice(WORDS)}{rng.choice(TRADES)}{i:04d}",
        "id": f"c{i:04d}",
        "fiscal_year_end": fye,
        "employees": staff,
        "site_employees": max(1, staff - rng.randint(0, staff // 3)) if staff else 0,
        "withholding_special": staff < 10 and rng.random() < 0.8,
        "resident_tax_special": staff < 10 and rng.random() < 0.6,
        "filing_extension": listed or (staff >= 50 and rng.random() < 0.3),
        "listed": listed,
        "board": listed or rng.random() < 0.55,
        "public_company": listed,
        "written_voting": listed,
        "payday": rng.choice([10, 15, 20, 25, 25, 25, 31]),
        "bonus_dates": rng.choice([[], ["07-10", "12-10"], ["06-30", "12-10"], ["07-15", "12-15"], ["12-20"]]),
        "prefecture": rng.choice(PREFECTURES),
        "prior_corporate_tax": rng.choice([0, 150_000, 500_000, 3_000_000, 40_000_000]),
        "prior_consumption_tax": rng.choice([0, 300_000, 1_000_000, 6_000_000, 60_000_000]),
        "taxable": rng.random() < 0.9,
        "owns_vehicles": rng.random() < 0.6,
        "labor_insurance_installments": rng.random() < 0.4,
        "director_reelection": rng.choice(["every-year", "even-years", "odd-years", "none"]),
    }
    if rng.random() < 0.5:
        # an AGM about 2 months 25 days after the year end (inside the 3-month limit)
        m = fye % 12 + 3
        m = m - 12 if m > 12 else m
        company["agm_date"] = f"{m:02d}-{rng.randint(20, 28):02d}"
    if rng.random() < 0.2:
        company["fixed_asset_tax_schedule"] = "standard"
    if rng.random() < 0.1:
        company["it_renewal_dates"] = [f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"]
    if rng.random() < 0.05:
        company["areas"] = ["accounting"]  # a bookkeeping-only client
    out: dict[str, Any] = {"company": company}
    if rng.random() < 0.15:
        out["calendar"] = {"closures": rng.choice([["08-13..08-16"], ["12-28"], ["08-13..08-16", "12-28"]])}
    out["owners"] = {area: rng.choice(people) for area, people in STAFF.items()}
    return out


def make_clients(n: int, seed: int = 1) -> list[dict[str, Any]]:
    """`n` client profiles, the same for the same seed."""
    rng = random.Random(seed)
    return [make_client(i, rng) for i in range(1, n + 1)]


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {v!r} as TOML")


def to_toml(profile: dict[str, Any]) -> str:
    """A profile as TOML text (tables of scalars and lists, which is all a profile holds)."""
    parts = []
    for table, values in profile.items():
        parts.append(f"[{table}]")
        parts.extend(f"{k} = {_toml_value(v)}" for k, v in values.items())
        parts.append("")
    return "\n".join(parts)


def write_clients(directory: str | Path, n: int, seed: int = 1) -> list[Path]:
    """Write `n` profiles into `directory` (created if needed) as c0001.toml …; returns the paths."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    paths = []
    for p in make_clients(n, seed):
        path = d / f"{p['company']['id']}.toml"
        path.write_text(to_toml(p), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    paths = write_clients(a.outdir, a.n, a.seed)
    print(f"{len(paths)} client profiles in {a.outdir} (seed {a.seed})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
