"""An agreement's format rules (kommun site): one view per action."""
