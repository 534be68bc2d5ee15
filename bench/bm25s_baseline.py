"""A modern lexical baseline: bm25s (BM25, Lucene's formula) with the Snowball English stemmer from
PyStemmer and bm25s's English stop words. Installed only for the benchmark (`.[bench]`).

A case is one text: title, summary, body, council and tags, the fields FTS5 searches by default;
bm25s has no field weights. Query words the index does not know are dropped.
"""

from __future__ import annotations

import bm25s
import Stemmer

from casebook.model import Case


class Bm25s:
    def __init__(self, cases: list[Case]) -> None:
        self.ids = [c.id for c in cases]
        self.stemmer = Stemmer.Stemmer("english")
        self.retriever = bm25s.BM25()
        texts = [" ".join((c.title, c.summary, c.body, c.council, *c.tags)) for c in cases]
        self.retriever.index(bm25s.tokenize(texts, stemmer=self.stemmer, show_progress=False), show_progress=False)

    def ids_for(self, text: str, limit: int = 100) -> list[str]:
        """Case ids of the best `limit` matches, best first; only cases that match a word."""
        words = bm25s.tokenize([text], stemmer=self.stemmer, return_ids=False, show_progress=False)[0]
        known = [w for w in words if w in self.retriever.vocab_dict]
        if not known:
            return []
        docs, scores = self.retriever.retrieve([known], k=min(limit, len(self.ids)), show_progress=False)
        return [self.ids[d] for d, s in zip(docs[0], scores[0], strict=True) if s > 0]
