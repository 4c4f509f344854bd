"""Run a named transformation over each CSV row."""
import csv
import sys

TRANSFORMS = {
    "upper": lambda row: {k: v.upper() for k, v in row.items()},
    "strip": lambda row: {k: v.strip() for k, v in row.items()},
}


def apply_rule(rule_name, rows):
    transform = TRANSFORMS[rule_name]
    return [transform(row) for row in rows]


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        rows = list(csv.DictReader(f))
    rule = input("Transformation (upper/strip): ").strip()
    if rule not in TRANSFORMS:
        sys.exit("unknown transformation")
    print(apply_rule(rule, rows))
