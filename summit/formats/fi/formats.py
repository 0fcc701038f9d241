# A day and month without the year take the month in the partitive, as Django's DATE_FORMAT
# does with "E": "24. lokakuuta", not Django's "24. lokakuu".
MONTH_DAY_FORMAT = "j. E"
