import os
from datetime import date

import requests
from flask import Blueprint, jsonify, request

weather_bp = Blueprint("weather", __name__)
API_BASE = "https://api.open-meteo.com/v1/forecast"
session = requests.Session()


def daily_forecast(lat: float, lon: float, days: int) -> dict:
    resp = session.get(
        API_BASE,
        params={
            "latitude": lat,
            "longitude": lon,
            "daily": "temperature_2m_max,temperature_2m_min,precipitation_sum",
            "forecast_days": days,
            "timezone": "auto",
        },
        timeout=(3, 10),
    )
    resp.raise_for_status()
    return resp.json()["daily"]


@weather_bp.get("/api/weather")
def weather():
    try:
        lat = float(request.args["lat"])
        lon = float(request.args["lon"])
    except (KeyError, ValueError):
        return jsonify(error="lat and lon are required numbers"), 400
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return jsonify(error="coordinates out of range"), 400
    days = max(1, min(request.args.get("days", 7, type=int), 16))
    try:
        daily = daily_forecast(lat, lon, days)
    except requests.RequestException:
        return jsonify(error="weather service unavailable"), 502
    return jsonify(generated=date.today().isoformat(), daily=daily)
