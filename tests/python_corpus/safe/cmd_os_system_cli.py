"""Convert every image in a folder to PNG using ImageMagick."""
import argparse
import os
import subprocess


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--quality", type=int, default=90)
    args = parser.parse_args()
    for name in os.listdir(args.folder):
        if name.lower().endswith((".jpg", ".jpeg")):
            src = os.path.join(args.folder, name)
            dst = src.rsplit(".", 1)[0] + ".png"
            subprocess.run(["convert", src, "-quality", str(args.quality), dst], check=True)


if __name__ == "__main__":
    main()
