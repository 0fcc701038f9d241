"""Date and time formats that replace Django's for some languages (settings.FORMAT_MODULE_PATH).

Django looks here first and falls back to its own formats for each name not defined here.
"""
