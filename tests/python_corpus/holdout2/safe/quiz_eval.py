"""Interactive math quiz: checks the user's answer."""
import random


def main():
    a, b = random.randint(1, 10), random.randint(1, 10)
    answer = input(f"What is {a} + {b}? ")
    try:
        correct = int(answer) == a + b
    except ValueError:
        correct = False
    print("Correct!" if correct else "Wrong")


if __name__ == "__main__":
    main()
