"""A kommun's inventory as a spreadsheet: the columns, reading xlsx/csv safely, checking rows, writing files.

One row per information type of a system (a system without information types has one row);
rows with the same system name + product belong to one system.
"""
