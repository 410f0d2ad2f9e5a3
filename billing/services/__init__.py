"""Every write of billing: cost models in services/costs.py, statements in services/statements.py
(rows.py copies rows for both)."""
