"""The PyTorch twin of FlowLab's reference training step, driven by scripts/bench/peer.ts.

Used only by `npm run bench:peer`, with Debian's /usr/bin/python3 and python3-torch; never a
dependency of the course. It rebuilds the identical RealNVP (8 affine couplings with alternating
masks, conditioner MLP D -> 64 -> 64 -> 2D with ReLU, s = tanh(raw)) from the weights that
FlowLab exported, trains it on the same rows in the same batch order with Adam (same lr and
epsilon), and times each step: batch gather, forward, backward, Adam update, loss read-back.

    z = b*x + (1-b)*(x*exp(s) + t),  s = (1-b)*tanh(raw),  log|det| = sum_j s_j
    NLL = mean_i( 0.5*|z_i|^2 + (D/2) log(2 pi) - sum_k log|det J_k| )

Usage: python3 peer_torch.py DIR THREADS, where DIR holds config.json, data.f32 (N x D rows),
batches.i32 (steps x batch row indices) and weights.f32 (every variable, flattened, in the
flow's trainableVariables() order: per coupling W_0..W_L ([fanIn, fanOut]) then b_0..b_L).
Protocol on stdin/stdout, one line each: "run K" -> {"ms": [...], "loss": [...]}; "quit".
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch


class Coupling(torch.nn.Module):
    """One affine coupling, written as FlowLab's reference solution writes it."""

    def __init__(self, mask, sizes):
        super().__init__()
        self.register_buffer("mask", torch.tensor(mask, dtype=torch.float32))
        self.register_buffer("inv", 1 - self.mask)
        self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))

    def forward(self, x):
        h = x * self.mask
        for i, layer in enumerate(self.layers):
            h = layer(h)
            if i + 1 < len(self.layers):
                h = torch.relu(h)
        raw, t = h.chunk(2, dim=1)
        s = torch.tanh(raw) * self.inv
        transformed = x * torch.exp(s) + t * self.inv
        return x * self.mask + transformed * self.inv, s.sum(1)


def load_weights(couplings, flat):
    """Copies FlowLab's flat weights ([fanIn, fanOut] matrices, then biases) into nn.Linear."""
    at = 0
    for c in couplings:
        ws = [l.weight for l in c.layers]
        bs = [l.bias for l in c.layers]
        with torch.no_grad():
            for w in ws:  # nn.Linear stores [fanOut, fanIn]: the transpose
                n = w.numel()
                w.copy_(torch.from_numpy(flat[at:at + n].reshape(w.shape[1], w.shape[0]).T.copy()))
                at += n
            for b in bs:
                n = b.numel()
                b.copy_(torch.from_numpy(flat[at:at + n].copy()))
                at += n
    if at != flat.size:
        raise SystemExit(f"peer_torch: weights.f32 has {flat.size} numbers; the model needs {at}.")


def main():
    folder = sys.argv[1]
    cfg = json.load(open(os.path.join(folder, "config.json")))
    torch.set_num_threads(int(sys.argv[2]))
    dim = cfg["dim"]
    data = torch.from_numpy(np.fromfile(os.path.join(folder, "data.f32"), dtype=np.float32).reshape(-1, dim))
    batches = torch.from_numpy(np.fromfile(os.path.join(folder, "batches.i32"), dtype=np.int32).astype(np.int64)).reshape(-1, cfg["batch"])
    sizes = [dim, *cfg["hidden"], 2 * dim]
    couplings = torch.nn.ModuleList(Coupling(m, sizes) for m in cfg["masks"])
    load_weights(couplings, np.fromfile(os.path.join(folder, "weights.f32"), dtype=np.float32))
    opt = torch.optim.Adam(couplings.parameters(), lr=cfg["lr"], eps=cfg["eps"])
    log_norm = 0.5 * dim * math.log(2 * math.pi)

    def step(i):
        x = data[batches[i]]
        log_det = torch.zeros(x.shape[0])
        for c in couplings:
            x, ld = c(x)
            log_det = log_det + ld
        loss = -(-0.5 * (x * x).sum(1) - log_norm + log_det).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss.item()

    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    cursor = 0
    for line in sys.stdin:
        cmd = line.split()
        if not cmd or cmd[0] == "quit":
            break
        ms, losses = [], []
        for _ in range(int(cmd[1])):
            t0 = time.perf_counter()
            losses.append(step(cursor))
            ms.append((time.perf_counter() - t0) * 1000)
            cursor += 1
        print(json.dumps({"ms": ms, "loss": losses}), flush=True)


if __name__ == "__main__":
    main()
