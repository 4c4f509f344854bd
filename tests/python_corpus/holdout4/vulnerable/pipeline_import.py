# cwe: CWE-502
import yaml
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from pipelines.models import Pipeline, Step


@login_required
@require_POST
def import_pipeline(request):
    """Accepts a pipeline definition exported from another workspace (.yml upload)."""
    upload = request.FILES.get("definition")
    if upload is None or upload.size > 256 * 1024:
        return JsonResponse({"error": "definition file required (max 256KB)"}, status=400)

    definition = yaml.load(upload.read(), Loader=yaml.Loader)
    if not isinstance(definition, dict) or "steps" not in definition:
        return JsonResponse({"error": "invalid pipeline definition"}, status=400)

    pipeline = Pipeline.objects.create(
        workspace=request.user.workspace,
        name=definition.get("name", upload.name),
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
