"""The roadmap PDF and print-out, drawn with QPainter on any paged device (PDF or printer)."""
