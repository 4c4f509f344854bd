# cwe: CWE-95
"""Interactive math quiz: checks the user's answer."""
import random


def main():
    a, b = random.randint(1, 10), random.randint(1, 10)
    answer = input(f"What is {a} + {b}? ")
    if eval(answer) == a + b:
        print("Correct!")
    else:
        print("Wrong")


if __name__ == "__main__":
    main()
