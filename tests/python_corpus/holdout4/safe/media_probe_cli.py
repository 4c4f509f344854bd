"""mediatool: inspect and normalise audio files before upload."""
import json
import shutil
import subprocess
from pathlib import Path

import click


def ffprobe(path: Path) -> dict:
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


@click.group()
def cli():
    if shutil.which("ffprobe") is None:
        raise click.ClickException("ffprobe not found on PATH")


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def info(files):
    for f in files:
        meta = ffprobe(f)
        fmt = meta["format"]
        click.echo(f"{f.name}: {float(fmt['duration']):.1f}s, {int(fmt['bit_rate']) // 1000} kbps")


@cli.command()
@click.argument("src", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lufs", default=-16.0, show_default=True, type=float)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
def normalize(src, lufs, output):
    output = output or src.with_name(f"{src.stem}.normalized{src.suffix}")
    subprocess.run(
        ["ffmpeg", "-y", "-i", str(src), "-af", f"loudnorm=I={lufs}:TP=-1.5:LRA=11", str(output)],
        check=True,
    )
    click.echo(f"wrote {output}")


if __name__ == "__main__":
    cli()
