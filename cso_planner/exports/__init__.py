"""File exports other tools open: the CPE log as CSV, deadlines as an iCalendar file."""
