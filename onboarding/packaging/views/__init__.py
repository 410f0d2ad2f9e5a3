"""The kommun's package pages: create (upload the export, check the metadata), follow, download, deliver."""
