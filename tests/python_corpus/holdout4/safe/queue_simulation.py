"""Monte Carlo estimate of checkout queue wait times for staffing plans."""
import argparse
import random
import statistics


def simulate_day(arrival_rate: float, service_rate: float, tills: int, minutes: int, rng: random.Random) -> list[float]:
    waits = []
    till_free_at = [0.0] * tills
    t = 0.0
    while True:
        t += rng.expovariate(arrival_rate)
        if t > minutes:
            break
        idx = min(range(tills), key=lambda i: till_free_at[i])
        start = max(t, till_free_at[idx])
        waits.append(start - t)
        till_free_at[idx] = start + rng.expovariate(service_rate)
    return waits


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tills", type=int, default=4)
    parser.add_argument("--arrivals-per-min", type=float, default=2.5)
    parser.add_argument("--service-per-min", type=float, default=0.8)
    parser.add_argument("--days", type=int, default=500)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    rng = random.Random(args.seed)  # reproducible runs; not used for anything secret
    p95s = []
    for _ in range(args.days):
        waits = simulate_day(args.arrivals_per_min, args.service_per_min, args.tills, 600, rng)
        p95s.append(statistics.quantiles(waits, n=20)[-1] if len(waits) > 20 else 0.0)
    print(f"tills={args.tills} median p95 wait={statistics.median(p95s):.2f} min")


if __name__ == "__main__":
    main()
