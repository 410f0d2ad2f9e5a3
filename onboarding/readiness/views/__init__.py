"""The readiness pages: the kommun's checklist and meetings (kommun site), the overview, the template, a kommun's
checklist and the meetings (consortium site). Thin: a selector or one service each."""
