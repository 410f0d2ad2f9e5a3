"""The förvaltning's page for the accepted formats (consortium site): one view per action."""
