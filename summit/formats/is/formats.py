# Django's Icelandic formats define no date-and-time format, so Django's global American default
# would show ("okt. 24, 2022, 9:05 morgun").
DATETIME_FORMAT = r"j. F Y \k\l. H:i"
SHORT_DATETIME_FORMAT = "j.n.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
