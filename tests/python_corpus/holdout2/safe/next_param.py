from starlette.applications import Starlette
from starlette.responses import RedirectResponse
from starlette.routing import Route


async def after_login(request):
    target = request.query_params.get("return_to", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    return RedirectResponse(target)


app = Starlette(routes=[Route("/after-login", after_login)])
