"""Where critique->refine gains and loses, from an `eval` run's records.jsonl (its critic chains).

    python3 bench/experiments/refine_chains.py RUN/records.jsonl [ROUNDS]

For each problem: the actor's greedy solution, then the critic chain's state after ROUNDS rounds (default: all), a
round's refinement replacing the solution. Prints, over the problems: wrong greedy solutions, how many the critic
rejected in round 1 and how many the chain ends right (fixed); right greedy solutions the critic rejected in round 1
(false alarms) and how many of those end wrong (broken); problems better and worse than greedy.
"""
import json, sys


def main(path, rounds=None):
    counts = dict(wrong=0, rejected_wrong=0, fixed=0, right=0, false_alarms=0, broken=0, better=0, worse=0)
    for line in open(path, encoding="utf-8"):
        record = json.loads(line)
        greedy = record["greedy"]["correct"]
        chain = record["chains"]["critic"][:rounds]
        final = greedy
        for step in chain:
            if step.get("refined") is not None:
                final = step["refined"]["correct"]
        rejected = bool(chain) and chain[0]["says_wrong"]
        if greedy:
            counts["right"] += 1
            counts["false_alarms"] += rejected
            counts["broken"] += rejected and not final
            counts["worse"] += not final
        else:
            counts["wrong"] += 1
            counts["rejected_wrong"] += rejected
            counts["fixed"] += final
            counts["better"] += final
    print(path, " ".join(f"{k}={v}" for k, v in counts.items()))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None)
