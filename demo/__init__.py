"""The demo summit (`manage.py load_demo`, `make run`): the top layer, importing every app below."""
