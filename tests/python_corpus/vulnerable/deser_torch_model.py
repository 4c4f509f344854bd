# cwe: CWE-502
import sys

import torch


def load_checkpoint(path, device="cpu"):
    checkpoint = torch.load(path, map_location=device)
    model = checkpoint["model"]
    model.eval()
    return model


if __name__ == "__main__":
    m = load_checkpoint(sys.argv[1])
    print(m)
