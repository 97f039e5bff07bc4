"""What an article is about, and which of its sentences stray from it (the `topic` rules).

- `terms`: the words of a stretch of text: content stems and names.
- `subject`: the article's subject (title, lead, recurring terms) and a sentence read against it.
- `cues`: a topic rule's cues and thresholds, and how a cue is counted in a span.
- `ads`: inserted ads: labelled ones, selling sentences and paragraphs.
- `tangents`: tangents: announced, asides, unannounced ones that bring in new names.
- `classify`: every off-topic sentence of a document, labelled "promo" or "tangent".
"""
