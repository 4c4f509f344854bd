# cwe: CWE-78
import subprocess
from fastapi import FastAPI

app = FastAPI()


@app.post("/thumbnail")
def thumbnail(video_path: str, timestamp: str = "00:00:01"):
    out = video_path.rsplit(".", 1)[0] + ".jpg"
    subprocess.run(f"ffmpeg -y -ss {timestamp} -i {video_path} -frames:v 1 {out}", shell=True, check=True)
    return {"thumbnail": out}
