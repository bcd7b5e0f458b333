"""Which old item each new one is, when the editor writes the form's values back: a list's
entries (which entry of the file a form's entry is) and a file's lines (which line of the file a
dumped line stands for, and so which comment it keeps). Items left in place are found by
difflib; an item moved is found by its text; what is left pairs in order, the likeliest items
together where some were deleted or added beside ones that were edited.
"""

from __future__ import annotations

import difflib
import re


def sources(before: list[str], after: list[str]) -> list[int | None]:
    """For each new entry, the old one it is (None: added): one left in place (difflib), else
    one equal to it anywhere (moved), else the likeliest of those left (edited)."""
    source = {j: i for i, j in align(before, after) if i is not None and j is not None and before[i] == after[j]}
    taken = set(source.values())
    free: dict[str, list[int]] = {}
    for i, key in enumerate(before):
        if i not in taken:
            free.setdefault(key, []).append(i)
    for j, key in enumerate(after):
        if j not in source and free.get(key):
            source[j] = free[key].pop(0)
    _pair_the_rest(before, after, source)
    return [source.get(j) for j in range(len(after))]


def _pair_the_rest(before: list[str], after: list[str], source: dict[int, int]) -> None:
    """The new items not yet placed paired with the old ones left, in order, the likeliest
    where their numbers differ (align): an edited item with what it was."""
    taken = set(source.values())
    old_rest = [i for i in range(len(before)) if i not in taken]
    new_rest = [j for j in range(len(after)) if j not in source]
    for a, b in align([before[i] for i in old_rest], [after[j] for j in new_rest]):
        if a is not None and b is not None:
            source[new_rest[b]] = old_rest[a]


# A run of changed items is aligned by likeness when it has at most this many pairs to weigh
# (some 20 microseconds each: 50 ms a run at most); a longer run (a section rewritten) pairs
# in order.
_ALIGN_PAIRS = 2_500


def align(old: list[str], new: list[str]) -> list[tuple[int | None, int | None]]:
    """Old and new items paired, in order: equal runs item by item (difflib), and in a run that
    changed, as many pairs as fit; where the run lost or gained items, the pairs are the most
    alike (an entry deleted beside one that was edited: the edited one pairs with its old self,
    not with its deleted neighbour). (i, None): an old item gone; (None, j): a new one."""
    pairs: list[tuple[int | None, int | None]] = []
    # autojunk: an item repeated all over (a "- |" line) anchors no match, which keeps a long
    # file fast; such items still join the runs next to them
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag == "equal" or i2 - i1 == j2 - j1:
            pairs += zip(range(i1, i2), range(j1, j2), strict=True)
        else:
            pairs += _likeliest(old[i1:i2], new[j1:j2], i1, j1)
    return pairs


_WORD = re.compile(r"\w+|[^\w\s]")


def _likeness(a: list[str], b: list[str]) -> float:
    """How alike two items are, word by word ("活动1" and "活动0" are two words, not a character
    apart): an entry edited in one field is likest to what it was."""
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _likeliest(old: list[str], new: list[str], i0: int, j0: int) -> list[tuple[int | None, int | None]]:
    """The pairing of a changed run with the most pairs and, among those, the most alike ones
    (_likeness); in each gap the old items gone come before the new ones."""
    n, m = len(old), len(new)
    if n * m > _ALIGN_PAIRS or not n or not m:
        paired = [(i, j) for i, j in zip(range(n), range(m), strict=False)]
    else:
        # every pair outweighs any likeness (below 1 each): the most pairs first, then the likest
        words_old, words_new = [_WORD.findall(x) for x in old], [_WORD.findall(x) for x in new]
        best = [[0.0] * (m + 1) for _ in range(n + 1)]
        for a in range(1, n + 1):
            for b in range(1, m + 1):
                both = best[a - 1][b - 1] + n + m + _likeness(words_old[a - 1], words_new[b - 1])
                best[a][b] = max(best[a - 1][b], best[a][b - 1], both)
        paired = []
        a, b = n, m
        while a and b:
            if best[a][b] == best[a - 1][b]:
                a -= 1
            elif best[a][b] == best[a][b - 1]:
                b -= 1
            else:
                a, b = a - 1, b - 1
                paired.append((a, b))
        paired.reverse()
    out: list[tuple[int | None, int | None]] = []
    a = b = 0
    for i, j in [*paired, (n, m)]:
        out += [(i0 + k, None) for k in range(a, i)] + [(None, j0 + k) for k in range(b, j)]
        if i < n:
            out.append((i0 + i, j0 + j))
        a, b = i + 1, j + 1
    return out


_ENTRY_START = re.compile(r"^ *- ")


def moved_lines(before: list[str], after: list[str], source: dict[int, int]) -> None:
    """Lines the form moved (an entry moved up or down, its lines with it) found by their text:
    a run of new lines not in place, from a list entry's first line on, that stands as a run of
    old lines not in place either. Only from an entry's first line, so that an edited value
    ("人数: 30") takes no comment from a deleted entry's line that happens to read the same."""
    taken = set(source.values())
    where: dict[str, list[int]] = {}
    for i, text in enumerate(before):
        if i not in taken:
            where.setdefault(text, []).append(i)
    j = 0
    while j < len(after):
        if j in source or not _ENTRY_START.match(after[j]):
            j += 1
            continue
        best, length = None, 0
        for i in where.get(after[j], []):
            run = 0
            while (j + run < len(after) and i + run < len(before) and j + run not in source
                   and i + run not in taken and after[j + run] == before[i + run]):
                run += 1
            if run > length:
                best, length = i, run
        if best is None:
            j += 1
            continue
        for k in range(length):
            source[j + k] = best + k
            taken.add(best + k)
        j += length
