"""The attribution parser: who says so in one sentence.

`audit.attribution` runs it over a document and resolves pronouns and anaphors across
sentences; this package reads one sentence:

- `model`: an attribution, its status and how it is given, the lexicon;
- `tokens`: the sentence's words, made when first looked at;
- `phrases`: a source's noun phrase, read back from its verb or on from "according to";
- `classify`: whether a phrase names a source, and how checkably;
- `context`: what a handler sees of the sentence, and what it makes of a word;
- `openers`: one handler per construction that opens an attribution, and the driver;
- `verbs`: the reporting-verb handler ("X said", "said X", "are adamant that").
"""
