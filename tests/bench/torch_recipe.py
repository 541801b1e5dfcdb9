#!/usr/bin/python3
"""The paper's training recipe in PyTorch, one thread: the reference for superpose's speed.

Elhage et al., "Toy Models of Superposition" (Anthropic, 2022), published notebook, one
instance: x' = ReLU(W^T W x + b) with W (m x n, stored here as n x m like the notebook)
Xavier-normal (std sqrt(2/(n+m))), b = 0; each feature 0 with probability 1 - density, else
uniform [0, 1); importance decay^i; loss = mean over batch and features of I (x - x')^2;
AdamW(lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01); batch 1024.

(The notebook calls xavier_normal_ on its 3-D (instances, n, m) tensor, which PyTorch scales by
fan_in = n*m, fan_out = instances*m; here, as in superpose, the 2-D (n, m) init of one model.)
--notebook runs the same maths in the notebook's code shape (same draws, same weights).

Run with Debian's /usr/bin/python3 (python3-torch). Prints samples/s measured after a short
warm-up (the warm-up steps are trained but not timed); with --json prints one JSON object:
{"samples_per_second", "seconds", "steps", "loss", "W": n arrays of m numbers, "b": n numbers}.
"""
import argparse
import json
import math
import sys
import time

import torch


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--features", type=int, default=5, help="n, number of features")
    p.add_argument("--hidden", type=int, default=2, help="m, hidden dimensions")
    p.add_argument("--density", type=float, default=0.02,
                   help="probability that a feature is active (1 - S); superpose's default")
    p.add_argument("--decay", type=float, default=0.9,
                   help="importance of feature i is decay^i; superpose's default")
    p.add_argument("--steps", type=int, default=10000, help="training steps (warm-up included)")
    p.add_argument("--batch", type=int, default=1024)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup", type=int, default=None,
                   help="untimed steps at the start (default min(200, steps/10))")
    p.add_argument("--notebook", action="store_true",
                   help="the notebook's code shape (instance axis, einsum, torch.where, lr set"
                        " every step, loss read every 100 steps): same maths, slower")
    p.add_argument("--json", action="store_true", help="print a JSON object")
    a = p.parse_args()
    n, m = a.features, a.hidden
    if n < 1 or m < 1 or a.steps < 1 or a.batch < 1 or not 0.0 <= a.density <= 1.0:
        p.error("need features, hidden, steps, batch >= 1 and density in [0, 1]")
    warmup = min(200, a.steps // 10) if a.warmup is None else a.warmup
    warmup = max(0, min(warmup, a.steps - 1))

    torch.set_num_threads(1)
    torch.manual_seed(a.seed)

    W = torch.nn.Parameter(torch.empty((n, m)))
    torch.nn.init.xavier_normal_(W)  # fan_in = m, fan_out = n: std = sqrt(2 / (n + m))
    b = torch.nn.Parameter(torch.zeros(n))
    importance = a.decay ** torch.arange(n, dtype=torch.float32)
    opt = torch.optim.AdamW([W, b], lr=a.lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)

    def step():
        x = torch.rand((a.batch, n))
        x = x * (torch.rand((a.batch, n)) <= a.density)
        h = x @ W                                  # (batch, m) = W x
        out = torch.relu(h @ W.T + b)              # ReLU(W^T W x + b)
        loss = (importance * (x - out) ** 2).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    if a.notebook:
        # One instance with the notebook's shapes: W (1, n, m), b (1, n), data (batch, 1, n).
        # The init is the one above (std sqrt(2/(n+m))), viewed with the instance axis.
        W3 = torch.nn.Parameter(W.detach().clone()[None])
        b3 = torch.nn.Parameter(torch.zeros((1, n)))
        importance3 = importance[None, :]
        probability = torch.tensor(a.density)
        zero = torch.zeros(())
        opt = torch.optim.AdamW([W3, b3], lr=a.lr)  # notebook: defaults, identical values
        count = [0]
        W, b = W3, b3

        def step():
            for group in opt.param_groups:
                group["lr"] = a.lr                  # constant schedule, set every step
            opt.zero_grad(set_to_none=True)
            feat = torch.rand((a.batch, 1, n))
            x = torch.where(torch.rand((a.batch, 1, n)) <= probability, feat, zero)
            h = torch.einsum("...if,ifh->...ih", x, W3)
            out = torch.relu(torch.einsum("...ih,ifh->...if", h, W3) + b3)
            loss = (importance3 * (x.abs() - out) ** 2).mean(dim=(0, 2)).sum()
            loss.backward()
            opt.step()
            if count[0] % 100 == 0:
                loss.item()                         # the notebook's progress print
            count[0] += 1
            return loss

    for _ in range(warmup):
        step()
    timed = a.steps - warmup
    t0 = time.perf_counter()
    for _ in range(timed):
        loss = step()
    seconds = time.perf_counter() - t0
    sps = timed * a.batch / seconds if seconds > 0 else math.inf

    if a.json:
        print(json.dumps({
            "samples_per_second": sps,
            "seconds": seconds,
            "steps": a.steps,
            "timed_steps": timed,
            "features": n, "hidden": m, "density": a.density, "decay": a.decay,
            "batch": a.batch, "seed": a.seed, "threads": torch.get_num_threads(),
            "torch": torch.__version__,
            "loss": loss.item(),
            "notebook": a.notebook,
            "W": W.detach().reshape(n, m).tolist(),
            "b": b.detach().reshape(n).tolist(),
        }))
    else:
        print(f"pytorch {torch.__version__}{' (notebook code)' if a.notebook else ''}, 1 thread, (n, m, density) = ({n}, {m}, {a.density}),"
              f" batch {a.batch}: {sps:.4g} samples/s ({timed} timed steps in {seconds:.3f} s,"
              f" {warmup} warm-up), final loss {loss.item():.6g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
