"""The shipped examples, as package data: `tzreport init` copies them from here."""
