#!/usr/bin/env python3
"""Synthetic interaction files in SASRec's format ("user item" per line, each user's lines in time
order, ids from 1), in the shapes of public data sets the build machine does not have, for timing
the trainer and for checking that its settings search generalises (docs/benchmarks.md).

Shapes (--shape):
  ml1m    MovieLens-1M (the default): 6,040 users, 3,416 items, about 999,611 interactions (SASRec's
          preprocessed ml-1m.txt), user lengths log-normal around ML-1M's median of 96 (at least 20,
          mean about 165): long, dense sequences.
  dense   dense and short, MovieLens-100K-like: 3,000 users, 1,800 items, about 150,000
          interactions, lengths around a median of 35 (at least 10).
  sparse  sparse with a large catalogue, Amazon-Beauty-like (the 5-core file of BERT4Rec/S3Rec):
          22,363 users, 12,101 items (about 12,000 get an interaction), about 198,500
          interactions, lengths from 5 around a median of 6 (8.9 per user on average), 150 narrow
          categories; items are not filtered to five interactions each.
  longtail dense histories over a long-tail catalogue, like a bookshop's or a marketplace's
          regular customers (Goodreads, or an Amazon category kept to users with 10+ reviews):
          4,000 users, about 11,800 items, about 140,000 interactions, lengths around a median of
          25 (at least 10), 80 genres. Per user it looks like MovieLens (the trainer's rule takes
          MovieLens' settings); per item like Amazon (a median of 7 interactions an item), and the
          catalogue is large enough that a full softmax is most of a step's cost on a CPU.

The same generative model makes every shape, so that there is something to learn: items fall into
genres (categories) and have a release time; each user has a few favourite genres, stays in the
current genre for a while, moves forward in release time, and often follows an item with one of
its three fixed "successors" (sequels, or items bought together); popularity is Zipf-like.
Accuracy on these files says nothing about accuracy on the real data sets; they make epochs cost
what those data sets' cost and give the validation curves something to converge to.

Usage: bench/synthetic-sequences.py OUT.txt [seed=1] [--shape ml1m|dense|sparse|longtail]
(pure Python 3, no packages; seconds). With --shape ml1m and seed 1 it writes the same file as
the former bench/synthetic-ml1m.py.
"""
import bisect
import math
import random
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Shape:
    users: int
    items: int
    target_interactions: int
    genres: int
    min_len: int
    max_len: int
    median_len: int
    sigma: float
    stay_in_genre: float
    follow_successor: float
    successors: int = 3


SHAPES = {
    "ml1m": Shape(6040, 3416, 999_611, 18, 20, 2314, 96, 1.04, 0.7, 0.35),
    "dense": Shape(3000, 1800, 150_000, 18, 10, 600, 35, 0.8, 0.7, 0.35),
    "sparse": Shape(22_363, 12_101, 198_502, 150, 4, 200, 5, 0.8, 0.5, 0.3),
    "longtail": Shape(4000, 12_000, 140_000, 80, 10, 600, 25, 0.8, 0.6, 0.3),
}


def main():
    args = sys.argv[1:]
    shape_name = "ml1m"
    if "--shape" in args:
        k = args.index("--shape")
        shape_name = args[k + 1]
        del args[k : k + 2]
    if not args or shape_name not in SHAPES:
        sys.exit(__doc__)
    out = args[0]
    rnd = random.Random(int(args[1]) if len(args) > 1 else 1)
    write(SHAPES[shape_name], rnd, out)


def write(s, rnd, out):
    items_n = s.items
    genre = [rnd.randrange(s.genres) for _ in range(items_n)]
    release = [rnd.random() for _ in range(items_n)]
    popularity = [1.0 / (r + 10) ** 1.1 for r in rnd.sample(range(items_n), items_n)]
    by_genre = [[i for i in range(items_n) if genre[i] == g] for g in range(s.genres)]
    for g in by_genre:
        g.sort(key=lambda i: release[i])
    genre_release = [[release[i] for i in g] for g in by_genre]
    successors = [rnd.sample(by_genre[genre[i]], min(s.successors, len(by_genre[genre[i]])))
                  for i in range(items_n)]

    lengths = [
        min(s.max_len, max(s.min_len, int(s.median_len * math.exp(rnd.gauss(0, s.sigma)))))
        for _ in range(s.users)
    ]
    scale = s.target_interactions / sum(lengths)
    lengths = [min(s.max_len, max(s.min_len, round(n * scale))) for n in lengths]

    with open(out, "w") as f:
        for u in range(s.users):
            n = lengths[u]
            weights = [rnd.gammavariate(0.3, 1.0) for _ in range(s.genres)]
            cumulative = _cumulative(weights)
            start, span = rnd.random() * 0.6, 0.2 + rnd.random() * 0.6
            seen, seq = set(), []
            g = _draw(rnd, cumulative)
            prev = None
            while len(seq) < n:
                now = start + span * len(seq) / n  # the user's position in release time
                item = None
                if prev is not None and rnd.random() < s.follow_successor:
                    item = rnd.choice(successors[prev])
                if item is None or item in seen:
                    if rnd.random() > s.stay_in_genre:
                        g = _draw(rnd, cumulative)
                    item = _pick(rnd, by_genre[g], genre_release[g], popularity, now, seen)
                    if item is None:  # genre exhausted: any unseen item
                        item = rnd.choice([i for i in range(items_n) if i not in seen])
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
