# cwe: CWE-94
"""Run a user-provided transformation over each CSV row."""
import csv
import sys


def apply_rule(rule_source, rows):
    namespace = {}
    exec(rule_source, namespace)
    transform = namespace["transform"]
    return [transform(row) for row in rows]


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        rows = list(csv.DictReader(f))
    rule = input("Enter transformation code: ")
    print(apply_rule(rule, rows))
