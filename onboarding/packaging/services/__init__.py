"""Building packages: reading an export (export), writing the package (writer), and the writes the pages
and the command line make (builds)."""
