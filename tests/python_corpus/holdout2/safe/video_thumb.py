import re
import subprocess
from pathlib import Path
from fastapi import FastAPI, HTTPException

app = FastAPI()
MEDIA = Path("/srv/media").resolve()
TS = re.compile(r"^\d{2}:\d{2}:\d{2}$")


@app.post("/thumbnail")
def thumbnail(video_path: str, timestamp: str = "00:00:01"):
    src = (MEDIA / video_path).resolve()
    if not src.is_relative_to(MEDIA) or not TS.match(timestamp):
        raise HTTPException(status_code=400)
    out = src.with_suffix(".jpg")
    subprocess.run(["ffmpeg", "-y", "-ss", timestamp, "-i", str(src), "-frames:v", "1", str(out)], check=True)
    return {"thumbnail": out.name}
