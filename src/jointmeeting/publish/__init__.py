"""Publications for the office: the static site, the calendar, a new county repository."""
