# cwe: CWE-502
import numpy as np


def load_features(path):
    data = np.load(path, allow_pickle=True)
    return data["features"], data["labels"]
