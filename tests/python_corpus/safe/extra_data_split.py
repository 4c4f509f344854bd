"""Split a labelled dataset into train/validation/test CSV files."""
import argparse
import csv
import random


def split(rows, seed=42, ratios=(0.8, 0.1, 0.1)):
    rng = random.Random(seed)
    rows = rows[:]
    rng.shuffle(rows)
    n = len(rows)
    a = int(n * ratios[0])
    b = a + int(n * ratios[1])
    return rows[:a], rows[a:b], rows[b:]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    args = parser.parse_args()
    with open(args.input, newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows, "empty dataset"
    for name, part in zip(("train", "val", "test"), split(rows)):
        with open(f"{name}.csv", "w", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=rows[0].keys())
            writer.writeheader()
            writer.writerows(part)
    sample = random.sample(rows, min(5, len(rows)))
    print(sample)


if __name__ == "__main__":
    main()
