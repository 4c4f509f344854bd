# cwe: CWE-22
import os
import zipfile


def unpack_bundle(archive_path, target_dir):
    with zipfile.ZipFile(archive_path) as zf:
        for member in zf.namelist():
            dest = os.path.join(target_dir, member)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with open(dest, "wb") as out:
                out.write(zf.read(member))
