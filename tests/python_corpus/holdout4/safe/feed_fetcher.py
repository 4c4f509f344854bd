import ipaddress
import socket
from urllib.parse import urlparse

import aiohttp
import feedparser
from aiohttp import web
from aiohttp.abc import AbstractResolver

routes = web.RouteTableDef()


def is_public_http_url(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        return False
    try:
        infos = socket.getaddrinfo(parsed.hostname, parsed.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        return False
    for info in infos:
        addr = ipaddress.ip_address(info[4][0])
        if not addr.is_global:
            return False
    return True


class PublicOnlyResolver(AbstractResolver):
    """Re-checks addresses at connect time so DNS rebinding can't reach internal hosts."""

    def __init__(self):
        self._inner = aiohttp.ThreadedResolver()

    async def resolve(self, host, port=0, family=socket.AF_INET):
        results = await self._inner.resolve(host, port, family)
        safe = [r for r in results if ipaddress.ip_address(r["host"]).is_global]
        if not safe:
            raise OSError(f"{host} resolves to a non-public address")
        return safe

    async def close(self):
        await self._inner.close()


@routes.post("/api/feeds/preview")
async def preview_feed(request: web.Request) -> web.Response:
    data = await request.json()
    feed_url = str(data.get("url", "")).strip()
    if not is_public_http_url(feed_url):
        return web.json_response({"error": "url must be a public http(s) address"}, status=400)
    try:
        async with request.app["http"].get(
            feed_url, timeout=aiohttp.ClientTimeout(total=10), allow_redirects=False
        ) as resp:
            resp.raise_for_status()
            body = await resp.text()
    except (aiohttp.ClientError, OSError):
        return web.json_response({"error": "fetch failed"}, status=502)
    parsed = feedparser.parse(body)
    entries = [{"title": e.get("title"), "link": e.get("link")} for e in parsed.entries[:20]]
    return web.json_response({"title": parsed.feed.get("title"), "entries": entries})


async def on_startup(app):
    app["http"] = aiohttp.ClientSession(connector=aiohttp.TCPConnector(resolver=PublicOnlyResolver()))


async def on_cleanup(app):
    await app["http"].close()


app = web.Application()
app.add_routes(routes)
app.on_startup.append(on_startup)
app.on_cleanup.append(on_cleanup)
