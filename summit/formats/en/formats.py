# Summit's English is British: day before month, 24-hour clock, as its European audience reads
# dates and as every English page has shown them (24 October 2022, 10:00). Django's "en" is
# American ("Oct. 24, 2022, 10 a.m.").
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
