"""The timeline (Gantt): a painter shared by the screen and the PDF, and the screen widget."""
