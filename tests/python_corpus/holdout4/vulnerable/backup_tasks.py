# cwe: CWE-78
import logging
import os
from datetime import datetime

from celery import shared_task

from .models import Workspace

logger = logging.getLogger(__name__)
BACKUP_ROOT = "/mnt/backups"


def archive_command(workspace, label):
    stamp = datetime.utcnow().strftime("%Y%m%d%H%M%S")
    target = os.path.join(BACKUP_ROOT, f"{workspace.slug}-{label}-{stamp}.tar.gz")
    return f"tar -czf {target} -C /srv/workspaces {workspace.slug}", target


@shared_task(bind=True, max_retries=3)
def backup_workspace(self, workspace_id, label="manual"):
    """Triggered from the 'Create backup' dialog; label is typed by the user."""
    workspace = Workspace.objects.get(pk=workspace_id)
    cmd, target = archive_command(workspace, label)
    logger.info("running backup for %s", workspace.slug)
    status = os.system(cmd)
    if status != 0:
        raise self.retry(countdown=60)
    workspace.last_backup_path = target
    workspace.save(update_fields=["last_backup_path"])
    return target
