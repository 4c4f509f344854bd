import yaml
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from pipelines.models import Pipeline, Step

ALLOWED_KINDS = {"extract", "transform", "load", "notify"}


@login_required
@require_POST
def import_pipeline(request):
    """Accepts a pipeline definition exported from another workspace (.yml upload)."""
    upload = request.FILES.get("definition")
    if upload is None or upload.size > 256 * 1024:
        return JsonResponse({"error": "definition file required (max 256KB)"}, status=400)

    try:
        definition = yaml.safe_load(upload.read())
    except yaml.YAMLError:
        return JsonResponse({"error": "definition is not valid YAML"}, status=400)
    if not isinstance(definition, dict) or not isinstance(definition.get("steps"), list):
        return JsonResponse({"error": "invalid pipeline definition"}, status=400)
    if any(step.get("kind") not in ALLOWED_KINDS for step in definition["steps"]):
        return JsonResponse({"error": "unknown step kind"}, status=400)

    pipeline = Pipeline.objects.create(
        workspace=request.user.workspace,
        name=str(definition.get("name", upload.name))[:120],
        schedule=definition.get("schedule"),
    )
    for position, step in enumerate(definition["steps"]):
        Step.objects.create(
            pipeline=pipeline,
            position=position,
            kind=step["kind"],
            config=step.get("config", {}),
        )
    return JsonResponse({"id": pipeline.pk, "steps": len(definition["steps"])}, status=201)
