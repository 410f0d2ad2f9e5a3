import statistics, time
from django.db import connection
from onboarding.portfolio.selectors import portfolio_rows, PORTFOLIO_FACTS
from onboarding.portfolio.models import PortfolioEntry

def _raw(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()

def _exec_only(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)

def run_probes(read_index):
    qs = PortfolioEntry.objects.exclude(kommun__schema_name="public").order_by().values_list(*PORTFOLIO_FACTS)
    sel_sql = str(qs.query)
    print("\n", sel_sql)
    cols = ", ".join(PORTFOLIO_FACTS)
    import gc
    def nogc(fn):
        def inner():
            gc.disable()
            try:
                return fn()
            finally:
                gc.enable()
        return inner
    arr_cols = ", ".join(f"array_agg(e.{c} ORDER BY e.id)" for c in PORTFOLIO_FACTS)
    arr_sql = f"SELECT {arr_cols} FROM portfolio_portfolioentry e JOIN tenants_kommun k ON k.id = e.kommun_id WHERE k.schema_name <> 'public'"
    def arrays():
        with connection.cursor() as c:
            c.execute(arr_sql)
            cols = c.fetchone()
        return list(zip(*cols))
    arr2_cols = ", ".join(f"array_agg(e.{c})" for c in PORTFOLIO_FACTS)
    arr2_sql = f"SELECT {arr2_cols} FROM portfolio_portfolioentry e JOIN tenants_kommun k ON k.id = e.kommun_id WHERE k.schema_name <> 'public'"
    def arrays2():
        with connection.cursor() as c:
            c.execute(arr2_sql)
            cols = c.fetchone()
        return list(zip(*cols))
    assert sorted(arrays()) == sorted(portfolio_rows()), (arrays()[0], portfolio_rows()[0])
    probes = {
        "selector_nogc": nogc(portfolio_rows),
        "arrays": arrays,
        "arrays_noorder": arrays2,
        "arrays_nogc": nogc(arrays2),
        "orm_values_list": read_index,
        "selector": portfolio_rows,
        "sel_exec_only": lambda: _exec_only(sel_sql.replace("= public", "= 'public'")),
        "nojoin": lambda: _raw(f"SELECT {cols} FROM portfolio_portfolioentry"),
        "nojoin_exec": lambda: _exec_only(f"SELECT {cols} FROM portfolio_portfolioentry"),
        "cursor_ints": lambda: _raw("SELECT kommun_id, system_id, confidentiality, integrity, availability, product_id, proposal_rank FROM portfolio_portfolioentry"),
        "cursor_dec": lambda: _raw("SELECT total_gb, preserved_share FROM portfolio_portfolioentry"),
        "cursor_text": lambda: _raw("SELECT name, status, personal_data, sensitive_personal_data, export_capability FROM portfolio_portfolioentry"),
        "cursor_date": lambda: _raw("SELECT decommission_date FROM portfolio_portfolioentry"),
        "cursor_bool": lambda: _raw("SELECT first_choice FROM portfolio_portfolioentry"),
        "count": lambda: _raw("SELECT count(*) FROM portfolio_portfolioentry"),
    }
    for label, fn in probes.items():
        fn()
        ts = []
        for _ in range(9):
            t = time.perf_counter(); fn(); ts.append((time.perf_counter() - t) * 1000)
        print(f"PROBE {label}: {min(ts):.2f} ms min, {statistics.median(ts):.2f} median")
    with connection.cursor() as c:
        c.execute("EXPLAIN ANALYZE " + sel_sql.replace("= public", "= 'public'"))
        print("\n".join(r[0] for r in c.fetchall()))
