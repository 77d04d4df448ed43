"""Plans coming in from documents and going out again: the plan interchange format,
its export from the database, and saving it through the plans services."""
