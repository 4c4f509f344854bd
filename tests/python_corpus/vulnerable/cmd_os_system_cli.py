# cwe: CWE-78
"""Convert every image in a folder to PNG using ImageMagick."""
import argparse
import os


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--quality", default="90")
    args = parser.parse_args()
    for name in os.listdir(args.folder):
        if name.lower().endswith((".jpg", ".jpeg")):
            src = os.path.join(args.folder, name)
            os.system("convert " + src + " -quality " + args.quality + " " + src.rsplit(".", 1)[0] + ".png")


if __name__ == "__main__":
    main()
