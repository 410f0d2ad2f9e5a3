"""The people pages (a kommun's people, one person, the changes to them), the audit trail and its CSV export,
and the page that asks a person without a second factor to set one up."""
