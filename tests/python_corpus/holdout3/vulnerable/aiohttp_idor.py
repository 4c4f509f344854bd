# cwe: CWE-639
from aiohttp import web

from .auth import current_user_id
from .db import pool

routes = web.RouteTableDef()


@routes.get("/api/files/{file_id}")
async def get_file(request: web.Request) -> web.Response:
    user_id = await current_user_id(request)
    if user_id is None:
        raise web.HTTPUnauthorized()
    file_id = int(request.match_info["file_id"])
    row = await pool.fetchrow("SELECT name, size FROM files WHERE id = $1", file_id)
    if row is None:
        raise web.HTTPNotFound()
    return web.json_response(dict(row))
