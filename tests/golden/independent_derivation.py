# ruff: noqa  (reviewer's compact calculator; kept as written for the review record)
"""Reviewer's independent re-derivation of tests/golden/*.json (see REVIEW.md).

Own holiday table (from the brief), own date arithmetic, each duty re-stated from the law; does not
import bocal. `python tests/golden/independent_derivation.py` prints nothing when every snapshot line
matches. Not a pytest module: the snapshots are the contract, this is how they were checked.
"""
import json, calendar, sys
from datetime import date as D, timedelta as TD
HOL = set()
for y, lst in {2024: ["1/1","1/8","2/11","2/12","2/23","3/20","4/29","5/3","5/4","5/5","5/6","7/15","8/11","8/12","9/16","9/22","9/23","10/14","11/3","11/4","11/23"],
               2025: ["1/1","1/13","2/11","2/23","2/24","3/20","4/29","5/3","5/4","5/5","5/6","7/21","8/11","9/15","9/23","10/13","11/3","11/23","11/24"],
               2026: ["1/1","1/12","2/11","2/23","3/20","4/29","5/3","5/4","5/5","5/6","7/20","8/11","9/21","9/22","9/23","10/12","11/3","11/23"],
               2027: ["1/1","1/11","2/11","2/23","3/21","3/22","4/29","5/3","5/4","5/5","7/19","8/11","9/20","9/23","10/11","11/3","11/23"],
               2028: ["1/1","1/10","2/11","2/23","3/20","4/29","5/3","5/4","5/5"]}.items():
    for s in lst:
        m, d = map(int, s.split("/")); HOL.add(D(y, m, d))
def closed(reg, d):
    if d.weekday() >= 5 or d in HOL: return True
    md = (d.month, d.day)
    if reg == "bank": return md in [(12,31),(1,1),(1,2),(1,3)]
    if reg == "none": return False
    return md in [(12,29),(12,30),(12,31),(1,1),(1,2),(1,3)]
def fol(reg, d):
    while closed(reg, d): d += TD(1)
    return d
def pre(reg, d):
    while closed(reg, d): d -= TD(1)
    return d
def shift(kind, reg, d):
    return {"f": fol, "p": pre}.get(kind, lambda r, x: x)(reg, d)
def eom(y, m):
    while m > 12: m -= 12; y += 1
    while m < 1: m += 12; y -= 1
    return D(y, m, calendar.monthrange(y, m)[1])
def ym(y, m):
    while m > 12: m -= 12; y += 1
    while m < 1: m += 12; y -= 1
    return y, m
def day(y, m, dd):
    y, m = ym(y, m); return D(y, m, min(dd, calendar.monthrange(y, m)[1]))
def nth_bd(reg, y, m, n):
    d = D(*ym(y, m), 1); c = 0
    while True:
        if not closed(reg, d):
            c += 1
            if c == n: return d
        d += TD(1)
def last_bd(reg, y, m): return pre(reg, eom(y, m))
S, E = D(2025,1,1), D(2027,12,31)
PROFILES = {
 "default": dict(fye=3, emp=25, site=25, ws=False, rts=False, fe=False, listed=False, board=True, payday=25,
                 bonus=["07-10","12-10"], agm=None, taxable=True, pct=1_000_000, pcons=3_000_000, dep=True,
                 fat="tokyo-23", pref="tokyo", veh=True, bot=False, lii=False, oas="04-01", lgd="04-01",
                 public=False, written=False, reelect="even-years", it=[]),
}
PROFILES["small-special"] = dict(PROFILES["default"], fye=12, emp=6, ws=True, rts=True, board=False, payday=20, bonus=["12-20"])
PROFILES["listed-december"] = dict(PROFILES["default"], fye=12, emp=1200, listed=True, board=True, fe=True, payday=25,
                                   bonus=["06-30","12-10"], agm="03-27", site=300, public=True, written=True)
def md(s): return tuple(map(int, s.split("-")))
def L(key, nom, due, start=None):
    s = f"{key}  {nom.isoformat()} → {due.isoformat()}"
    if start: s += f"  [from {start.isoformat()}]"
    return (due, s)
YEARS = range(2023, 2030)
def months():
    for y in YEARS:
        for m in range(1, 13): yield y, m
def monthly(f, kind, reg):
    return [L(f"{y}-{m:02}", n, shift(kind, reg, n)) for y, m in months() for n in [f(y, m)]]
def fiscal(p, f, kind, reg):
    """f(fy_end_year, fye_month) -> nominal; key FY{y}-{mm}"""
    out = []
    for y in YEARS:
        n = f(y, p["fye"])
        if n is None: continue
        out.append(L(f"FY{y}-{p['fye']:02}", n, shift(kind, reg, n)))
    return out
def yearly(mmdd, kind, reg, nxt=False):
    out = []
    for y in YEARS:
        m, d = md(mmdd); n = D(y + (1 if nxt else 0), m, d)
        out.append(L(f"{y}", n, shift(kind, reg, n)))
    return out
def rel(anchor, f, kind, reg):
    out = []
    for due, s in anchor:
        key = s.split("  ")[0]
        n = f(due); out.append(L(key, n, shift(kind, reg, n)))
    return out
def gen(p):
    T, Lx, G, B, C = "national-tax", "local-tax", "government", "bank", "company"
    fye = p["fye"]
    def fm(y, k, n=0):  # end of the month n months after FY month k (FY ending y/fye)
        return eom(y, fye - 12 + k + n)
    r = {}
    # accounting-tax
    if not p["ws"]: r["withholding-tax"] = monthly(lambda y, m: day(y, m + 1, 10), "f", T)
    if p["ws"]:
        r["withholding-tax-special"] = []
        for y in YEARS:
            r["withholding-tax-special"] += [L(f"{y}-01..{y}-06", D(y, 7, 10), fol(T, D(y, 7, 10))),
                                             L(f"{y}-07..{y}-12", D(y + 1, 1, 20), fol(T, D(y + 1, 1, 20)))]
    if not p["rts"]: r["resident-tax-remittance"] = monthly(lambda y, m: day(y, m + 1, 10), "f", Lx)
    if p["rts"]:
        r["resident-tax-remittance-special"] = []
        for y in YEARS:
            r["resident-tax-remittance-special"] += [L(f"{y}-06..{y}-11", D(y, 12, 10), fol(Lx, D(y, 12, 10))),
                                                     L(f"{y}-12..{y+1}-05", D(y + 1, 6, 10), fol(Lx, D(y + 1, 6, 10)))]
    r["resident-tax-new-amounts"] = yearly("06-10", "p", C)
    r["withholding-slips-to-employees"] = yearly("01-31", "p", T, nxt=True)
    r["statutory-reports"] = [x for x in yearly("01-31", "f", T, nxt=True) if x[1].split()[1] <= "2026-12-31"]
    r["statutory-reports-2027"] = [x for x in yearly("01-31", "f", T, nxt=True) if x[1].split()[1] >= "2027-01-01"]
    r["salary-payment-reports"] = yearly("01-31", "f", Lx, nxt=True)
    if p["dep"]: r["depreciable-assets-return"] = yearly("01-31", "f", Lx, nxt=True)
    two = lambda y, f: eom(y, f + 2); three = lambda y, f: eom(y, f + 3)
    if not p["fe"]:
        r["corporate-tax-return"] = fiscal(p, two, "f", T)
        if p["taxable"]: r["consumption-tax-return"] = fiscal(p, two, "f", T)
        r["local-corporate-tax-return"] = fiscal(p, two, "f", Lx)
    else:
        r["corporate-tax-return-extended"] = fiscal(p, three, "f", T)
        r["corporate-tax-payment-extended"] = fiscal(p, two, "f", T)
        if p["taxable"]:
            r["consumption-tax-return-extended"] = fiscal(p, three, "f", T)
            r["consumption-tax-payment-extended"] = fiscal(p, two, "f", T)
        r["local-corporate-tax-return-extended"] = fiscal(p, three, "f", Lx)
        r["local-corporate-tax-payment-extended"] = fiscal(p, two, "f", Lx)
    if p["pct"] > 200000:
        r["corporate-tax-interim"] = fiscal(p, lambda y, f: fm(y, 6, 2), "f", T)
        r["local-corporate-tax-interim"] = fiscal(p, lambda y, f: fm(y, 6, 2), "f", Lx)
    if p["taxable"] and 480000 < p["pcons"] <= 4000000:
        r["consumption-tax-interim-once"] = fiscal(p, lambda y, f: fm(y, 6, 2), "f", T)
    if p["taxable"]:
        r["invoice-transitional-credit-80"] = [x for x in monthly(lambda y, m: nth_bd(C, y, m + 1, 5), "f", C) if x[1].split()[1] <= "2026-10-31"]
        r["invoice-transitional-credit-70"] = [x for x in monthly(lambda y, m: nth_bd(C, y, m + 1, 5), "f", C) if "2026-11-01" <= x[1].split()[1] <= "2028-10-31"]
        r["invoice-transitional-rate-switch"] = [x for x in yearly("09-30", "p", C) if x[1].startswith("2026 ")]
    if p["bot"]: r["business-office-tax"] = fiscal(p, two, "f", Lx)
    fa = {"tokyo-23": ["06-30", "09-30", "12-25", "02-last"], "standard": ["04-30", "07-31", "12-25", "02-last"]}[p["fat"]]
    r["fixed-asset-tax"] = []
    for y in YEARS:
        for i, s in enumerate(fa, 1):
            m = int(s[:2]); yy = y if m >= 4 else y + 1
            n = eom(yy, m) if s.endswith("last") else D(yy, m, int(s[3:]))
            r["fixed-asset-tax"].append(L(f"{y}-04..{y+1}-03-{i}", n, fol(Lx, n)))
    r["electronic-transaction-records"] = monthly(lambda y, m: last_bd(C, y, m + 1), "p", C)
    # payroll
    r["payroll"] = monthly(lambda y, m: day(y, m, p["payday"]), "p", B)
    bon = []
    for y in YEARS:
        for b in p["bonus"]:
            n = D(y, *md(b)); bon.append(L(f"{y}-{b}", n, pre(B, n)))
    r["bonus-payment"] = bon
    r["year-end-adjustment-forms"] = yearly("11-30", "p", C)
    r["year-end-adjustment"] = [L(f"{y}", day(y, 12, p["payday"]), pre(B, day(y, 12, p["payday"]))) for y in YEARS]
    r["monthly-close"] = monthly(lambda y, m: nth_bd(C, y, m + 1, 5), "f", C)
    # social insurance
    # catalog review (2026-11): the premium title names 子ども・子育て支援金 from April 2026 premiums (due 5/31)
    prem = monthly(lambda y, m: eom(y, m + 1), "f", B)
    r["social-insurance-premiums"] = [x for x in prem if x[1].split()[1] >= "2026-05-01"]
    r["social-insurance-premiums-until-2026-03"] = [x for x in prem if x[1].split()[1] <= "2026-04-30"]
    r["childcare-support-levy-start"] = [x for x in monthly(lambda y, m: day(y, m + 1, p["payday"]), "p", B) if "2026-05-01" <= x[1].split()[1] <= "2026-05-31"]
    r["insurance-rate-update"] = yearly("04-10", "p", C)
    r["standard-remuneration-report"] = [L(f"{y}", D(y,7,10), fol(G, D(y,7,10)), fol(G, D(y,7,1))) for y in YEARS]
    r["bonus-payment-report"] = rel(bon, lambda d: d + TD(5), "f", G)
    r["monthly-remuneration-change-check"] = monthly(lambda y, m: last_bd(C, y, m), "p", C)
    r["labor-insurance-annual-declaration"] = [L(f"{y}", D(y,7,10), fol(G, D(y,7,10)), fol(G, D(y,6,1))) for y in YEARS]
    if p["lii"]: pass
    onb = yearly("04-01", "n", C)
    r["new-hire-onboarding"] = onb
    r["new-hire-social-insurance"] = rel(onb, lambda d: d + TD(5), "f", G)
    # 雇用保険 資格取得届: 被保険者となった月の翌月10日（雇保則6条1項）: 4/1 hires → 5/10
    r["new-hire-employment-insurance"] = yearly("05-10", "f", G)
    # 適用拡大 (one-off effective dates, shift none): 36+ from 2027-10-01, 21+ 2029, 11+ 2032, all 2035
    for yy, lo, hi in ((2027, 35, 50), (2029, 20, 35), (2032, 10, 20), (2035, -1, 10)):
        if lo < p["emp"] <= hi: r[f"part-timer-social-insurance-{yy}-10"] = [L(f"{yy}", D(yy, 10, 1), D(yy, 10, 1))]
    # labor-employment
    if p["oas"]:
        st = yearly(p["oas"], "n", C); r["overtime-agreement-start"] = st
        r["overtime-agreement-filing"] = rel(st, lambda d: d - TD(1), "p", G)
    if p["lgd"]:
        gr = yearly(p["lgd"], "n", C); r["paid-leave-grant"] = gr
        r["paid-leave-five-days"] = rel(gr, lambda d: d - TD(1), "n", C)
    r["overtime-monthly-check"] = monthly(lambda y, m: nth_bd(C, y, m + 1, 5), "f", C)
    r["minimum-wage-check"] = yearly("09-15", "p", C)
    # 発効日: FY2025 tokyo 2025-10-03 (厚労省 全国一覧); other years the rule's 10/1 (assumed); never moved
    mw = {2025: {"tokyo": D(2025, 10, 3)}}
    r["minimum-wage-effective"] = [L(f"{y}-04..{y+1}-03", n, n) for y in YEARS for n in [mw.get(y, {}).get(p["pref"], D(y, 10, 1))]]
    if p["emp"] >= 40: r["disability-employment-report"] = [x for x in yearly("07-15", "f", G) if x[1].split()[1] <= "2026-07-15"]
    if p["emp"] >= 37.5: r["disability-employment-report-37-5"] = [x for x in yearly("07-15", "f", G) if x[1].split()[1] >= "2026-07-16"]
    if p["emp"] >= 21: r["elderly-employment-report"] = yearly("07-15", "f", G)
    # the window opens on 4/1 even on a closed day (JEED: 2023-04-01 Sat); the deadline 5/15 moves later
    if p["emp"] > 100: r["disability-employment-levy"] = [L(f"{y}", D(y,5,15), fol(G, D(y,5,15)), D(y,4,1)) for y in YEARS]
    # safety
    hc = yearly("10-31", "p", C); r["annual-health-check"] = hc
    if p["site"] >= 50:
        r["health-check-report"] = rel(hc, lambda d: d + TD(30), "f", G)
        sc = yearly("11-30", "p", C); r["stress-check"] = sc
        r["stress-check-report"] = rel(sc, lambda d: d + TD(21), "f", G)
        r["health-committee"] = monthly(lambda y, m: last_bd(C, y, m), "p", C)
    else:
        r["stress-check-small-sites-prep"] = yearly("11-30", "p", C)  # until the 政令 fixes the start
    r["heatstroke-measures"] = [x for x in yearly("05-31", "p", C) if x[1].split()[1] >= "2025-05-01"]
    r["injury-report-quarterly"] = [L(f"{y}-{q:02}..{y}-{q+2:02}", eom(y, q + 3), fol(G, eom(y, q + 3))) for y in YEARS for q in (1, 4, 7, 10)]
    # hr
    r["graduate-recruiting-publicity"] = yearly("03-01", "n", C)
    r["graduate-recruiting-selection"] = yearly("06-01", "n", C)
    r["graduate-offer-ceremony"] = yearly("10-01", "f", C)
    tr = []
    for y in YEARS:
        tr += [L(f"{y}-04..{y}-09", D(y,4,1), D(y,4,1)), L(f"{y}-10..{y+1}-03", D(y,10,1), D(y,10,1))]
    r["personnel-transfers"] = tr
    r["annual-pay-raise"] = yearly("04-01", "n", C)
    r["bonus-assessment"] = rel(bon, lambda d: d - TD(30), "p", C)
    pr = []
    for y in YEARS:
        pr += [L(f"{y}-04..{y}-09", last_bd(C, y, 10), last_bd(C, y, 10)), L(f"{y}-10..{y+1}-03", last_bd(C, y + 1, 4), last_bd(C, y + 1, 4))]
    r["performance-review"] = pr
    r["fixed-term-contract-review"] = [L(f"{y}-{q:02}..{y}-{q+2:02}", D(y, q + 2, 1), fol(C, D(y, q + 2, 1))) for y in YEARS for q in (1, 4, 7, 10)]
    if p["emp"] > 100: r["womens-advancement-disclosure"] = [x for x in fiscal(p, three, "f", C) if x[1].split()[1] >= "2026-07-01"]
    if p["emp"] > 300:
        r["gender-pay-gap-disclosure-301"] = [x for x in fiscal(p, three, "f", C) if "2022-10-31" <= x[1].split()[1] <= "2026-06-30"]
        r["childcare-leave-disclosure"] = [x for x in fiscal(p, three, "f", C) if x[1].split()[1] >= "2025-04-01"]
    # general affairs
    def nth_wd(y, m, wd, n):
        d = D(y, m, 1)
        while d.weekday() != wd: d += TD(1)
        return d + TD(7 * (n - 1))
    r["fire-drill"] = [L(n.isoformat(), n, fol(C, n)) for y in YEARS for m in (5, 11) for n in [nth_wd(y, m, 2, 2)]]
    fe = []
    for y in YEARS:
        fe += [L(f"{y}-04..{y}-09", D(y,9,30), pre(C, D(y,9,30))), L(f"{y}-10..{y+1}-03", D(y+1,3,31), pre(C, D(y+1,3,31)))]
    r["fire-equipment-inspection"] = fe
    if p["veh"]:
        mmdd = "06-30" if p["pref"] in ("aomori", "akita") else "05-31"
        r["automobile-tax"] = yearly(mmdd, "f", Lx)
        r["light-vehicle-tax"] = yearly("05-31", "f", Lx)
    agm = []
    for y in YEARS:
        n = D(y + (1 if md(p["agm"])[0] <= fye else 0), *md(p["agm"])) if p["agm"] else eom(y, fye + 3)
        agm.append(L(f"FY{y}-{fye:02}", n, n))
    r["agm"] = agm
    r["agm-venue-booking"] = rel(agm, lambda d: d - TD(90), "p", C)
    # 定期同額給与: 会計期間開始の日から3月を経過する日 = end of the FY's 3rd month, never moved
    r["director-pay-revision-deadline"] = fiscal(p, lambda y, f: fm(y, 3), "n", T)
    # 事前確定届出給与: the earlier of AGM + 1 month (same day next month, clamped) and FY start + 4 months
    dfb = []
    for (due, s_), y in zip(agm, YEARS):
        a = due; nxt = ym(a.year, a.month + 1); plus1 = D(*nxt, min(a.day, calendar.monthrange(*nxt)[1]))
        n = min(plus1, eom(y, fye + 4)); dfb.append(L(f"FY{y}-{fye:02}", n, fol(T, n)))
    r["director-fixed-bonus-notification"] = dfb
    r["disaster-preparedness-check"] = yearly("09-01", "f", C)
    r["fiscal-year-end-supplies-count"] = fiscal(p, lambda y, f: last_bd(C, y, f), "p", C)
    r["new-year-cards"] = yearly("12-20", "p", C)
    r["year-end-closing-day"] = yearly("12-28", "p", C)
    r["new-year-opening-day"] = yearly("01-04", "f", C)
    # legal
    if p["board"]:
        r["board-meeting"] = [L(f"{y}-{q:02}..{y}-{q+2:02}", last_bd(C, y, q + 2), last_bd(C, y, q + 2)) for y in YEARS for q in (1, 4, 7, 10)]
        r["agm-board-approval"] = rel(agm, lambda d: d - TD(28), "p", C)
        r["agm-documents-on-file"] = rel(agm, lambda d: d - TD(14), "n", C)
    else:
        r["agm-documents-on-file-no-board"] = rel(agm, lambda d: d - TD(7), "n", C)
    if p["listed"] or p["public"] or p["written"]:
        r["agm-notice-two-weeks"] = rel(agm, lambda d: d - TD(15), "n", C)
    else:
        r["agm-notice-one-week"] = rel(agm, lambda d: d - TD(8), "n", C)
    if p["listed"]:
        r["agm-electronic-provision"] = rel(agm, lambda d: d - TD(21), "n", C)
        r["securities-report"] = fiscal(p, three, "f", G)
        hy = fiscal(p, lambda y, f: fm(y, 6), "n", C); r["half-year-end"] = hy
        r["half-year-report"] = rel(hy, lambda d: d + TD(45), "f", G)
        r["agm-voting-results-report"] = rel(agm, lambda d: d + TD(7), "f", G)
        # 決算短信: quarter ends of the fiscal year, +45 days, next exchange (bank) business day
        qs = fye % 12 + 1
        qe = []
        for y in YEARS:
            for k in range(4):
                sy, sm = ym(y, qs + 3 * k); ey, em = ym(y, qs + 3 * k + 2)
                qe.append(L(f"{sy}-{sm:02}..{ey}-{em:02}", eom(ey, em), eom(ey, em)))
        r["quarter-end"] = qe
        r["earnings-release"] = rel(qe, lambda d: d + TD(45), "f", B)
    else:
        r["financial-statement-notice"] = rel(agm, lambda d: d + TD(7), "f", C)
    if p["reelect"] == "even-years":
        ev = []
        for y in (2025, 2027, 2029):   # fiscal years starting in y
            fyend = y + 1 if fye != 12 else y
            n = D(fyend + (1 if md(p["agm"])[0] <= fye else 0), *md(p["agm"])) if p["agm"] else eom(fyend, fye + 3)
            st = ym(y, fye + 1); en = ym(y + 1, fye) if fye != 12 else (y, 12)
            key = f"{y}" if fye == 12 else f"{st[0]}-{st[1]:02}..{en[0]}-{en[1]:02}"
            ev.append(L(key, n, n))
        r["director-term-expiry-even"] = ev
        r["director-reelection-registration-even"] = rel(ev, lambda d: d + TD(14), "f", G)
    r["contract-expiry-review"] = [L(f"{y}-{q:02}..{y}-{q+2:02}", D(y, q + 2, 15), fol(C, D(y, q + 2, 15))) for y in YEARS for q in (1, 4, 7, 10)]
    # it
    r["tls-certificate-check-398d"] = [x for y in YEARS for x in [L(f"{y}-01..{y}-06", D(y,6,15), fol(C, D(y,6,15))), L(f"{y}-07..{y}-12", D(y,12,15), fol(C, D(y,12,15)))] if x[1].split()[1] <= "2026-03-14"]
    r["tls-certificate-check-200d"] = [x for x in [L(f"{y}-{q:02}..{y}-{q+2:02}", D(y, q + 2, 15), fol(C, D(y, q + 2, 15))) for y in YEARS for q in (1, 4, 7, 10)] if "2026-03-15" <= x[1].split()[1] <= "2027-03-14"]
    r["tls-certificate-check-100d"] = [x for x in monthly(lambda y, m: D(y, m, 15), "f", C) if "2027-03-15" <= x[1].split()[1] <= "2029-03-14"]
    r["backup-restore-test"] = [L(n.isoformat(), n, fol(C, n)) for y in YEARS for m in (1, 4, 7, 10) for n in [nth_wd(y, m, 2, 2)]]
    r["monthly-patch-review"] = [L(n.isoformat(), n, fol(C, n)) for y, m in months() for n in [next(D(y, m, dd) for dd in range(9, 16) if D(y, m, dd).weekday() == 2)]]
    r["security-training"] = yearly("02-28", "p", C)
    r["access-review"] = rel(tr, lambda d: d + TD(14), "f", C)
    r["data-breach-response-drill"] = yearly("10-31", "p", C)
    r["it-asset-inventory"] = fiscal(p, lambda y, f: last_bd(C, y, f), "p", C)
    r["my-number-disposal"] = yearly("02-28", "p", C)
    return {k: [s for d, s in sorted(v, key=lambda x: (x[0], x[1])) if S <= d <= E] for k, v in r.items()}

if __name__ == "__main__":
    for name, p in PROFILES.items():
        mine = gen(p)
        gold = json.load(open(str(__import__("pathlib").Path(__file__).with_name(f"{name}.json"))))
        for k in sorted(set(gold) | set(mine)):
            g = gold.get(k, []); m = mine.get(k, [])
            if sorted(g) != sorted(m):
                print(f"== {name} {k}")
                for x in sorted(set(g) - set(m)): print("   gold only:", x)
                for x in sorted(set(m) - set(g)): print("   mine only:", x)
        if "-v" in sys.argv: print(name, "checked", sum(len(v) for v in mine.values()))
