#!/usr/bin/env python3
"""A synthetic interaction file of MovieLens-1M's shape in SASRec's format ("user item" per line,
each user's lines in time order, ids from 1), for timing the sequence model's training where the
real ML-1M is not available (docs/benchmarks.md, "Model quality and training time").

Shape: 6,040 users, 3,416 items, about 999,611 interactions (SASRec's preprocessed ml-1m.txt),
user lengths log-normal around ML-1M's median of 96 (at least 20, mean about 165), Zipf-like item
popularity. Sequential structure, so that there is something to learn: items fall into 18 genres
and have a release time; each user has a few favourite genres, stays in the current genre for a
while, moves forward in release time, and often follows an item with one of its three fixed
"successors" (sequels). Accuracy on this file says nothing about accuracy on ML-1M; it only makes
epochs cost what ML-1M's cost and gives the validation curve something to converge to.

Usage: bench/synthetic-ml1m.py OUT.txt [seed=1]   (pure Python 3, no packages; a few seconds)
"""
import bisect
import math
import random
import sys

USERS, ITEMS, TARGET_INTERACTIONS = 6040, 3416, 999_611
GENRES, SUCCESSORS = 18, 3
MIN_LEN, MAX_LEN, MEDIAN_LEN, SIGMA = 20, 2314, 96, 1.04
STAY_IN_GENRE, FOLLOW_SUCCESSOR = 0.7, 0.35


def main():
    out = sys.argv[1]
    rnd = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    genre = [rnd.randrange(GENRES) for _ in range(ITEMS)]
    release = [rnd.random() for _ in range(ITEMS)]
    popularity = [1.0 / (r + 10) ** 1.1 for r in rnd.sample(range(ITEMS), ITEMS)]
    by_genre = [[i for i in range(ITEMS) if genre[i] == g] for g in range(GENRES)]
    for g in by_genre:
        g.sort(key=lambda i: release[i])
    genre_release = [[release[i] for i in g] for g in by_genre]
    successors = [rnd.sample(by_genre[genre[i]], SUCCESSORS) for i in range(ITEMS)]

    lengths = [
        min(MAX_LEN, max(MIN_LEN, int(MEDIAN_LEN * math.exp(rnd.gauss(0, SIGMA)))))
        for _ in range(USERS)
    ]
    scale = TARGET_INTERACTIONS / sum(lengths)
    lengths = [min(MAX_LEN, max(MIN_LEN, round(n * scale))) for n in lengths]

    with open(out, "w") as f:
        for u in range(USERS):
            n = lengths[u]
            weights = [rnd.gammavariate(0.3, 1.0) for _ in range(GENRES)]
            cumulative = _cumulative(weights)
            start, span = rnd.random() * 0.6, 0.2 + rnd.random() * 0.6
            seen, seq = set(), []
            g = _draw(rnd, cumulative)
            prev = None
            while len(seq) < n:
                now = start + span * len(seq) / n  # the user's position in release time
                item = None
                if prev is not None and rnd.random() < FOLLOW_SUCCESSOR:
                    item = rnd.choice(successors[prev])
                if item is None or item in seen:
                    if rnd.random() > STAY_IN_GENRE:
                        g = _draw(rnd, cumulative)
                    item = _pick(rnd, by_genre[g], genre_release[g], popularity, now, seen)
                    if item is None:  # genre exhausted: any unseen item
                        item = rnd.choice([i for i in range(ITEMS) if i not in seen])
                seen.add(item)
                seq.append(item)
                prev = item
            f.writelines(f"{u + 1} {i + 1}\n" for i in seq)


def _pick(rnd, items, releases, popularity, now, seen):
    """An unseen item of the genre, by popularity, favouring releases near the user's time."""
    for _ in range(20):
        k = bisect.bisect_left(releases, now + rnd.gauss(0, 0.15))
        window = items[max(0, k - 15) : k + 15]
        candidates = [i for i in window if i not in seen]
        if candidates:
            cumulative = _cumulative([popularity[i] for i in candidates])
            return candidates[_draw(rnd, cumulative)]
    rest = [i for i in items if i not in seen]
    return rnd.choice(rest) if rest else None


def _cumulative(weights):
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _draw(rnd, cumulative):
    return min(len(cumulative) - 1, bisect.bisect_left(cumulative, rnd.random() * cumulative[-1]))


if __name__ == "__main__":
    main()
