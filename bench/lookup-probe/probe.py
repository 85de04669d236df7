"""Lookup probe: can a small byte-level model learn to tell whether a number is at hand?

Synthetic check lines for one step of an addition chain (no lab code needed):
  lookup      "Check: 110 given, 105 new."   (the mark needs a number matched anywhere above; near misses)
  lookup-far  the same with new numbers drawn anywhere in 2..120 (a coarse match would do)
  scan        "Check: 105: 104 no, 110 no; new. 110: 104 no, 110 yes."  (each decision compares two adjacent numbers)

  python3 probe.py data MODE N SEED > FILE.jsonl     prompt/completion pairs for `mathcritique train`
  python3 probe.py score MODE GENERATED.jsonl        score `mathcritique generate --prompt-file` output
Commands and results: bench/README.md, "Lab models".
"""
import json
import random
import re
import sys
from collections import Counter

NEAR = [-3, -2, -1, 1, 2, 3, 10, -10, 9, 11, -9, -11]


def example(rng, mode):
    nsteps = 1 if mode == "scan" else rng.randint(1, 5)
    given = []
    # scan: 2–5 numbers at hand (a fresh draw at each test, as in the measured run)
    while len(given) < nsteps + 1 + (rng.randint(0, 3) if mode == "scan" else 0):
        x = rng.randint(2, 120)
        if x not in given:
            given.append(x)
    rng.shuffle(given)
    lines, results, cur = [], [], given[0]
    k = rng.randint(1, nsteps)  # the step whose check line is written
    for s in range(k):
        a, b = cur, given[s + 1]
        if s == 0 and rng.random() < 0.5:
            a, b = b, a
        kinds = ["earlier" if a in results else "given", "given"]
        ops = [a, b]
        if s == k - 1 and rng.random() < 0.5:
            i = rng.randrange(2)
            bad = set(given) | set(results)
            if mode == "lookup":
                while True:
                    c = ops[i] + rng.choice(NEAR)
                    if c > 1 and c not in bad:
                        break
            else:
                while True:
                    c = rng.randint(2, 120) if mode == "lookup-far" else ops[i] + rng.choice(NEAR)
                    if c > 1 and c not in bad:
                        break
            ops[i], kinds[i] = c, "new"
        r = ops[0] + ops[1]
        lines.append(f"She has {ops[0]} + {ops[1]} = {r} apples.")
        results.append(r)
        cur = r
    prompt = "Numbers: " + ", ".join(map(str, given)) + "\nSolution:\n" + "\n".join(lines)
    if mode != "scan":
        return {"prompt": prompt, "completion": f"Check: {ops[0]} {kinds[0]}, {ops[1]} {kinds[1]}."}
    parts = []
    for o in ops:
        seq = []
        for g in given:
            seq.append(f"{g} {'yes' if g == o else 'no'}")
            if g == o:
                break
        parts.append(f"{o}: " + ", ".join(seq) + ("." if o in given else "; new."))
    return {"prompt": prompt, "completion": "Check: " + " ".join(parts)}


def score(mode, path):
    rows = [json.loads(line) for line in open(path) if line.strip()]
    if mode != "scan":
        counts, miscopied = Counter(), 0
        for row in rows:
            expected = re.findall(r"(\d+) (given|earlier|new)", row["completion"])
            written = re.findall(r"(\d+) (given|earlier|new)", row["completions"][0])
            for i, (number, mark) in enumerate(expected):
                if i >= len(written) or written[i][0] != number:
                    miscopied += 1
                else:
                    counts[(mark, written[i][1])] += 1
        print(f"operands miscopied: {miscopied}")
        for mark in ["given", "earlier", "new"]:
            row = {m: counts[(mark, m)] for m in ["given", "earlier", "new"]}
            total = sum(row.values())
            print(f"{mark}: written as {row}, right {row[mark] / max(total, 1):.1%}")
        return
    pairs, verdicts = Counter(), Counter()
    for row in rows:
        expected = re.findall(r"(\d+) (yes|no)", row["completion"])
        written = re.findall(r"(\d+) (yes|no)", row["completions"][0])
        for i, (number, mark) in enumerate(expected):
            pairs[(mark, written[i][1]) if i < len(written) and written[i][0] == number else "miscopied"] += 1
        expected = re.findall(r"(\d+): [^.;]*(; new\.|\.)", row["completion"])
        written = re.findall(r"(\d+): [^.;]*(; new\.|\.)", row["completions"][0])
        for i, (number, end) in enumerate(expected):
            ok = i < len(written) and written[i][0] == number
            verdicts[("new" if "new" in end else "found", ("new" if "new" in written[i][1] else "found")) if ok else "miscopied"] += 1
    print("comparisons (expected, written):", dict(pairs))
    print("operands (expected, written):", dict(verdicts))


if __name__ == "__main__":
    if sys.argv[1] == "data":
        rng = random.Random(int(sys.argv[4]))
        for _ in range(int(sys.argv[3])):
            print(json.dumps(example(rng, sys.argv[2])))
    else:
        score(sys.argv[2], sys.argv[3])
