"""The issuer console: admin login (`admin.py`) and its pages (`routes.py`)."""
