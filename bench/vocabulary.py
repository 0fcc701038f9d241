"""The words the benchmark's summit is made of: countries, venues and rooms, themes, titles,
descriptions and names. Only the data generator (bench/data.py) uses them."""

COUNTRIES = (
    "DK", "GB", "FI", "AT", "BE", "BG", "HR", "CY", "CZ", "EE", "FR", "DE", "GR", "HU", "IS",
    "IE", "IT", "LV", "LT", "LU", "MT", "NL", "NO", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    "CH", "UA", "RS", "AL", "BA", "ME", "MK", "MD", "GE", "AM"
)  # fmt: skip
# (city, country, IANA zone, venue, rooms as (name, capacity)); the first room is the hall.
VENUES = (
    ("Copenhagen", "DK", "Europe/Copenhagen", "Bench City Hall", (("Plenary hall", 1200),
        ("Room A", 150), ("Room B", 100), ("Room C", 80))),
    ("London", "GB", "Europe/London", "Bench Guildhall", (("Great hall", 400),
        ("Room 1", 120), ("Room 2", 90), ("Room 3", 60))),
    ("Helsinki", "FI", "Europe/Helsinki", "Bench Congress Centre", (("Auditorium", 300),
        ("Room I", 120), ("Room II", 100), ("Room III", 70))),
)  # fmt: skip
DAYS, HOURS, FIRST_HOUR = 3, 10, 8  # 08:00 to 18:00 local, 50-minute sessions on the hour
THEMES = (
    "Prevention",
    "Resilience",
    "Online harms",
    "Youth",
    "Social cohesion",
    "Crisis response",
    "Data and evidence",
    "Partnerships",
)
TOPICS = (
    "Local prevention networks",
    "Countering disinformation",
    "Safeguarding local democracy",
    "Youth participation",
    "Community policing",
    "Hate speech online",
    "Crisis communication",
    "Social cohesion in neighbourhoods",
    "Evidence for city policy",
    "Working with civil society",
    "Protecting local officials",
    "Exit programmes",
)
ANGLES = ("lessons from", "a workshop on", "a dialogue on", "tools for", "what works in")
WORDS = (
    "city", "mayors", "practitioners", "share", "experience", "evidence", "networks",
    "prevention", "trust", "local", "community", "partners", "data", "youth", "schools",
    "police", "social", "services", "online", "platforms", "risk", "resilience", "dialogue",
    "programme", "approach", "results", "cooperation", "national", "regional"
)  # fmt: skip
FIRST_NAMES = (
    "Anna", "Bo", "Carla", "David", "Eva", "Frank", "Greta", "Hans", "Ida", "Jonas", "Karin",
    "Lars", "Mia", "Nils"
)  # fmt: skip
LAST_NAMES = (
    "Berg", "Dahl", "Eklund", "Falk", "Holm", "Jensen", "Koski", "Lund", "Moller", "Nieminen",
    "Olsen", "Virtanen"
)  # fmt: skip
LANGUAGES = (["en"], ["en"], ["en", "da"], ["en", "fi"], ["en", "sv"], ["en", "de"])
