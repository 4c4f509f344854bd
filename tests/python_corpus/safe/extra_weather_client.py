import os
import sys

import requests

BASE_URL = "https://api.weather.example.com"


def forecast(city):
    resp = requests.get(
        f"{BASE_URL}/v1/forecast",
        params={"q": city, "key": os.environ["WEATHER_KEY"]},
        timeout=10,
    )
    resp.raise_for_status()
    return resp.json()


if __name__ == "__main__":
    city = input("City: ") if len(sys.argv) < 2 else sys.argv[1]
    print(forecast(city))
