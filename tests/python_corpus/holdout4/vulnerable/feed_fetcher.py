# cwe: CWE-918
import aiohttp
import feedparser
from aiohttp import web

routes = web.RouteTableDef()


async def fetch_feed(session: aiohttp.ClientSession, feed_url: str) -> dict:
    async with session.get(feed_url, timeout=aiohttp.ClientTimeout(total=10)) as resp:
        resp.raise_for_status()
        body = await resp.text()
    parsed = feedparser.parse(body)
    return {
        "title": parsed.feed.get("title"),
        "entries": [
            {"title": e.get("title"), "link": e.get("link"), "published": e.get("published")}
            for e in parsed.entries[:20]
        ],
    }


@routes.post("/api/feeds/preview")
async def preview_feed(request: web.Request) -> web.Response:
    data = await request.json()
    feed_url = data.get("url", "").strip()
    if not feed_url.startswith(("http://", "https://")):
        return web.json_response({"error": "url must be http(s)"}, status=400)
    try:
        result = await fetch_feed(request.app["http"], feed_url)
    except aiohttp.ClientError as exc:
        return web.json_response({"error": "fetch failed"}, status=502)
    return web.json_response(result)


async def on_startup(app):
    app["http"] = aiohttp.ClientSession()


async def on_cleanup(app):
    await app["http"].close()


app = web.Application()
app.add_routes(routes)
app.on_startup.append(on_startup)
app.on_cleanup.append(on_cleanup)
