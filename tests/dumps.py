"""Pieces of a page dump for the tests of clean_text's line choosers: a site menu and
an article's paragraphs (the text a dump of a news page holds around its metadata)."""

MENU = "Home\nNews\nSport\nWeather\nSign in\nSubscribe\nSearch"
LEAD = (
    "The city council approved the new budget on Tuesday evening after a long debate "
    "about schools, roads and the cost of keeping the public library open at weekends."
)
BODY = (
    "Members said the plan would raise spending on repairs by a fifth, while the mayor "
    "warned that the money for the second bridge would have to wait another year.\n\n"
    "Residents who spoke at the meeting asked for more crossings near the schools, and "
    "the council promised a report on traffic by the end of the spring."
)
