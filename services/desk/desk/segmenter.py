"""The Chinese word segmenter (jieba), loaded once per process: building its prefix dictionary takes about a second,
far too slow for a request, so the first caller builds it under a lock and every later call reuses it."""
from __future__ import annotations

import logging
import threading

import jieba

from .domain.answer_search import domain_words

# jieba announces its dictionary loading on its own logger at DEBUG; the service's logs stay JSON and quiet.
jieba.setLogLevel(logging.WARNING)

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def tokenizer() -> jieba.Tokenizer:
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                built = jieba.Tokenizer()
                built.initialize()
                for word in domain_words():  # the synonym table's words stay whole
                    built.add_word(word, freq=20000)
                _tokenizer = built
    return _tokenizer


def cut_for_search(text: str) -> list[str]:
    """Words and their shorter parts (停车费 → 停车, 停车费), what an index should hold."""
    return list(tokenizer().cut_for_search(text))


def warm_up() -> None:
    """Load the dictionary now (at start-up) rather than on the first search."""
    tokenizer()
