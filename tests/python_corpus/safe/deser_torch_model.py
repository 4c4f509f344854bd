import sys

import torch

from model import Net


def load_checkpoint(path, device="cpu"):
    state = torch.load(path, map_location=device, weights_only=True)
    model = Net()
    model.load_state_dict(state)
    model.eval()
    return model


if __name__ == "__main__":
    m = load_checkpoint(sys.argv[1])
    print(m)
