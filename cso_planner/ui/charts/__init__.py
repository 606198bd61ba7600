"""Small QPainter charts (progress ring, bars) drawn with palette roles and status colours."""
