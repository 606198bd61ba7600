"""The Qt desktop interface (the only package, with app.py and the PDF, that imports Qt)."""
