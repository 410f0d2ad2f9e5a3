"""Billing pages. costs.py: cost models, their lines and bases, what-if and totals (the consortium site);
statements.py: statements on both sites. Each view checks the role through tenants.access or a selector
(404 otherwise), calls one service or selector and renders."""
