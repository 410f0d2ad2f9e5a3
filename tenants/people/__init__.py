"""People and sign-in: who has a role where, the second factor every password login needs, session limits and
the audit of sign-ins (issue 15)."""
