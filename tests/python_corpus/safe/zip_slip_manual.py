import os
import zipfile


def unpack_bundle(archive_path, target_dir):
    root = os.path.realpath(target_dir)
    with zipfile.ZipFile(archive_path) as zf:
        for member in zf.namelist():
            dest = os.path.realpath(os.path.join(root, member))
            if os.path.commonpath([root, dest]) != root:
                raise ValueError(f"unsafe path in archive: {member}")
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with open(dest, "wb") as out:
                out.write(zf.read(member))
