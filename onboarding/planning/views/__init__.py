"""Pages of the connection plan (consortium site) and the published plan (kommun sites).

The förvaltning writes; the ledning reads; nobody else sees these pages (404, tenants.access), and the
ledning gets 404 on the förvaltning's writes too. Each view is thin: it validates its form, calls one
selector or service, and renders. The portfolio's list pages are onboarding.portfolio.views.
"""
