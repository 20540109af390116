"""Articles written for the tests (original text, so they can live in the repo)."""

ARTICLE = """\
Harbourside council approved a budget of 48 million pounds for flood defences on Tuesday, according to the council's finance chief, Maria Lopes.

The storm in January flooded 3,200 homes along the estuary, she said. Construction is due to start in April.

In my opinion, the council should have acted years ago.

Residents think the plan is a good idea. Will the work finish on time?

Unemployment in the district fell to 4.1 percent last year, the Office for National Statistics reported.
"""

# A past event with a number. (It was "The new barrier will protect 3,200 homes …", a
# projected effect: a prediction by docs/annotation.md, which the session 9 network reads so.)
FACTUAL = "The storm in January flooded 3,200 homes along the estuary, she said."
OPINION = "In my opinion, the council should have acted years ago."
