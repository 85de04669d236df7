"""What a critic's check lines got wrong, from one `critic-eval` judgements.jsonl.

    python3 bench/experiments/critic_judgements.py RUN/judgements.jsonl

Each distinct solution (problem id + text) counts once. Prints:
1. the sums the critic redid (`a op b makes v`, `a op b = v`), by whether the step stated the right result: the value
   written right, equal to the stated result (copied), or other; for `--check-style ScanDigits` lines also the
   digits written from the right (right, the stated result's digits reversed, other);
2. the wrong solutions whose first wrong step it did not name, by cause at the true first wrong step: flagged an
   earlier step; an answer line; a wrong operand passed (the step's arithmetic is right, quotients included: by the
   comparison that let it through — a near miss judged the same, the operand itself written as an earlier result it
   is not, or a number truly at hand); a
   quotient that is not whole (`30 / 8 = 5`: no training example has one); a wrong sum whose value was written right
   but still judged `same`; another wrong sum.
"""
import collections, json, re, sys

OPS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b if b else None}
STEP = re.compile(r"(\d+) ([-+*/]) (\d+) = (\d+)")
REDO = re.compile(r"(\d+) ([-+*/]) (\d+)(?: from right (\d+))? (?:makes|=) (-?\d+(?:\.\d+)?)")


def solutions(path):
    seen = {}
    for line in open(path, encoding="utf-8"):
        j = json.loads(line)
        seen.setdefault((j["id"], j["solution"]), j)
    return seen.values()


def blocks(j):
    """(step sentence, check line) pairs of a judged solution, in step order."""
    steps, judged = j["solution"].split("\n"), j["critique"].split("\n\n")
    return [(s, b.split("Check:")[-1] if "Check:" in b else "") for s, b in zip(steps, judged)]


def redone(step, check):
    """(a, op, b, stated, true, written value, digits from the right or None) when the check redoes the step's sum."""
    m, r = STEP.search(step), REDO.search(check)
    if not m or not r or (r[1], r[2], r[3]) != (m[1], m[2], m[3]):
        return None
    a, op, b, stated = int(m[1]), m[2], int(m[3]), int(m[4])
    return a, op, b, stated, OPS[op](a, b), float(r[5]), r[4]


def operand_pass(check, results):
    """How a scan let a wrong operand through: which "c vs x yes" ended it."""
    for x, c, source in SCAN_YES.findall(check):
        if c != x:
            return "a near miss judged the same number"
        if source == "earlier" and int(x) not in results:
            return "the operand written as an earlier result it is not"
    return "found among the numbers at hand (a plan error, or a given misread)"


SCAN_YES = re.compile(r"(\d+): (?:[^;]*?, )?(\d+) vs \1 yes (given|earlier)")
sums, digits, causes, passes = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
for j in solutions(sys.argv[1]):
    for step, check in blocks(j):
        if (x := redone(step, check)) is None:
            continue
        a, op, b, stated, true, value, from_right = x
        kind = "stated right" if true == stated else "stated wrong"
        sums[kind, "right" if value == true else "stated" if value == stated else "other"] += 1
        if from_right is not None:
            back = int(from_right[::-1])
            digits[kind, "right" if back == true else "stated reversed" if back == stated else "other"] += 1
    t, p = j.get("true_first_wrong_step"), j.get("predicted_first_wrong_step")
    if j["solution_correct"] or p == t:
        continue
    if p is not None and p < t:
        causes["an earlier step flagged"] += 1
        continue
    step, check = blocks(j)[t - 1] if t - 1 < len(blocks(j)) else ("", "")
    m = STEP.search(step)
    if not m:
        causes["an answer line"] += 1
    elif OPS[m[2]](int(m[1]), int(m[3])) == int(m[4]):
        causes["a wrong operand passed"] += 1
        results = {int(r[4]) for s, _ in blocks(j)[: t - 1] if (r := STEP.search(s))}
        passes[operand_pass(check, results)] += 1
    elif m[2] == "/" and int(m[3]) != 0 and int(m[1]) % int(m[3]) != 0:
        causes["a quotient that is not whole"] += 1
    elif (x := redone(step, check)) and x[5] == x[4]:
        causes["a wrong sum, its value written right, judged same"] += 1
    else:
        causes["another wrong sum"] += 1

print("redone sums (judged steps):")
for kind in ("stated right", "stated wrong"):
    total = sum(v for (k, _), v in sums.items() if k == kind)
    print(f"  {kind}: {total}; value " + ", ".join(f"{w} {sums[kind, w]}" for w in ("right", "stated", "other")))
    if digits:
        total = sum(v for (k, _), v in digits.items() if k == kind)
        print(f"    from right: {total}; " + ", ".join(f"{w} {digits[kind, w]}" for w in ("right", "stated reversed", "other")))
print(f"wrong solutions not localised: {sum(causes.values())}")
for cause, n in causes.most_common():
    print(f"  {cause}: {n}")
    if cause == "a wrong operand passed":
        for how, k in passes.most_common():
            print(f"    {how}: {k}")
