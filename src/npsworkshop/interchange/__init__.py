"""Session interchange: the JSON format of CONTRACT §4 and the CSV summary for spreadsheets."""
