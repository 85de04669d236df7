"""Paired first-error localisation of two critics on the same solutions, from two `critic-eval` judgements.jsonl.

    python3 bench/experiments/compare_critics.py A/judgements.jsonl B/judgements.jsonl [C/judgements.jsonl]

Both runs must use the same actor, problems and seed (critic-eval samples the same solutions). Each distinct wrong
solution (problem id + text) counts once. Prints B − A overall (mean, 95% paired bootstrap interval: 4000 resamples,
seed 1) with problems better/worse, and by level. With a third run, also what a per-step majority of the three would
localise: the critiques stop at their first flagged step, so a critic's verdicts after it are unknown; printed only
where that does not change the outcome (lower = upper bound).
"""
import collections, json, random, sys


def load(path):
    runs = {}
    for line in open(path, encoding="utf-8"):
        j = json.loads(line)
        runs.setdefault((j["id"], j["solution"]), j)
    return runs


def localised(j):
    return j.get("predicted_first_wrong_step") == j["true_first_wrong_step"]


def paired(a, b, keys):
    diff = [localised(b[k]) - localised(a[k]) for k in keys]
    rng, n = random.Random(1), len(diff)
    means = sorted(sum(diff[rng.randrange(n)] for _ in range(n)) / n for _ in range(4000))
    return sum(diff) / n, means[100], means[3899], sum(d > 0 for d in diff), sum(d < 0 for d in diff)


def majority(runs, keys):
    low = high = 0
    for k in keys:
        true = runs[0][k]["true_first_wrong_step"]
        firsts = [r[k].get("predicted_first_wrong_step") for r in runs]

        def votes(step):  # (surely wrong, unknown) among the critics at this step
            return sum(p == step for p in firsts), sum(p is not None and p < step for p in firsts)

        wrong, unknown = votes(true)
        sure, possible = wrong >= 2, wrong + unknown >= 2
        for step in range(1, true):
            wrong, unknown = votes(step)
            sure &= wrong + unknown < 2
            possible &= wrong < 2
        low, high = low + sure, high + possible
    return low / len(keys), high / len(keys)


runs = [load(p) for p in sys.argv[1:]]
a, b = runs[0], runs[1]
keys = sorted(k for k in set.intersection(*(set(r) for r in runs)) if not a[k]["solution_correct"])
mean, lo, hi, better, worse = paired(a, b, keys)
print(f"{len(keys)} wrong solutions: A {100 * sum(localised(a[k]) for k in keys) / len(keys):.1f}%, "
      f"B {100 * sum(localised(b[k]) for k in keys) / len(keys):.1f}%, B - A {100 * mean:+.1f} [{100 * lo:+.1f}, {100 * hi:+.1f}], "
      f"{better} better, {worse} worse")
by_level = collections.defaultdict(list)
for k in keys:
    by_level[a[k]["level"]].append(k)
for level, ks in sorted(by_level.items()):
    da = 100 * sum(localised(a[k]) for k in ks) / len(ks)
    db = 100 * sum(localised(b[k]) for k in ks) / len(ks)
    print(f"  level {level}: {len(ks)} wrong, A {da:.1f}%, B {db:.1f}%, B - A {db - da:+.1f}")
if len(runs) == 3:
    low, high = majority(runs, keys)
    print(f"per-step majority of the three: {100 * low:.1f}%" if low == high else f"per-step majority: between {100 * low:.1f}% and {100 * high:.1f}%")
