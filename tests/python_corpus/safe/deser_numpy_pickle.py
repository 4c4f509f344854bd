import numpy as np


def load_features(path):
    data = np.load(path)
    return data["features"], data["labels"]
