#!/usr/bin/python3
"""PyTorch counterparts of the workloads of `./lab bench`.

Not part of mlp-lab's runtime: `./lab bench` starts this script with Debian's /usr/bin/python3
(python3-torch) and talks to it over stdin/stdout, one JSON object per line each way, so that one
process serves every round and the rounds alternate with DL4J's. Each request names a workload and
carries the recipe (widths, activations, init, loss, optimizer, batch, seeds) as mlp-lab resolved
it from its own spec files; the answer is the wall time of the timed work alone, measured here, so
that Python's start-up and the pipe are not counted.

Run by hand: echo '{"workload": "about"}' | /usr/bin/python3 bench/torch_bench.py
"""
import json
import math
import os
import platform
import sys
import time

import torch
from torch import nn

torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))

ACTIVATIONS = {
    "sigmoid": nn.Sigmoid,
    "relu": nn.ReLU,
    "tanh": nn.Tanh,
    "identity": nn.Identity,
}


def network(recipe):
    """Linear layers of recipe["widths"], the hidden activation between them, the output one last."""
    widths = recipe["widths"]
    layers = []
    for i in range(len(widths) - 1):
        layers.append(nn.Linear(widths[i], widths[i + 1]))
        last = i == len(widths) - 2
        layers.append(ACTIVATIONS[recipe["output" if last else "activation"]]())
    net = nn.Sequential(*layers)
    initialize(net, recipe["init"])
    return net


def initialize(net, init):
    """The distributions of mlp-lab's `init:` (torch-default is nn.Linear's own draw)."""
    kind = init["kind"]
    for layer in net:
        if not isinstance(layer, nn.Linear):
            continue
        if kind == "torch-default":
            continue
        with torch.no_grad():
            if kind == "normal":
                layer.weight.normal_(init["a"], init["b"])
                layer.bias.zero_()
            elif kind == "uniform":
                layer.weight.uniform_(init["a"], init["b"])
                layer.bias.uniform_(init["a"], init["b"])
            elif kind == "xavier":
                nn.init.xavier_uniform_(layer.weight)
                layer.bias.zero_()
            else:
                raise ValueError("init " + kind)


def loss_function(name):
    if name == "bce":
        return nn.BCELoss()
    if name == "sse":
        # Squared error summed over the outputs, averaged over the batch (mlp-lab's `sse`).
        return lambda out, y: ((out - y) ** 2).sum(dim=1).mean()
    if name == "mse":
        return nn.MSELoss()
    raise ValueError("loss " + name)


def optimizer(net, spec):
    name = spec["name"]
    if name == "sgd":
        return torch.optim.SGD(net.parameters(), lr=spec["lr"])
    if name == "adam":
        return torch.optim.Adam(net.parameters(), lr=spec["lr"],
                                betas=(spec["beta1"], spec["beta2"]), eps=spec["epsilon"])
    raise ValueError("optimizer " + name)


def step(net, opt, loss_fn, x, y):
    """One update, and the loss read back as a number: mlp-lab's trainer checks every step's
    loss for NaN, so the counterpart pays for reading it too."""
    opt.zero_grad()
    loss = loss_fn(net(x), y)
    loss.backward()
    opt.step()
    value = loss.item()
    if not math.isfinite(value):
        raise FloatingPointError("loss " + str(value))


XOR_X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = torch.tensor([[0.0], [1.0], [1.0], [0.0]])


def xor_steps(recipe):
    """Full-batch steps on the four XOR points."""
    torch.manual_seed(recipe["seed"])
    net = network(recipe)
    opt = optimizer(net, recipe["optimizer"])
    loss_fn = loss_function(recipe["loss"])
    t0 = time.perf_counter()
    for _ in range(recipe["steps"]):
        step(net, opt, loss_fn, XOR_X, XOR_Y)
    return time.perf_counter() - t0


def evaluate(net, loss_fn, x, y):
    """Loss and accuracy on the whole set, as the trainer records them."""
    with torch.no_grad():
        out = net(x)
        loss = loss_fn(out, y).item()
        accuracy = ((out > 0.5) == (y > 0.5)).float().mean().item()
    return loss, accuracy


def sweep_jobs(request):
    """The jobs one after the other on this one thread, each recorded every record_every
    epochs (and at epoch 0 and the last) as mlp-lab's trainer does."""
    t0 = time.perf_counter()
    for job in request["jobs"]:
        torch.manual_seed(job["seed"])
        net = network(job)
        opt = optimizer(net, job["optimizer"])
        loss_fn = loss_function(job["loss"])
        evaluate(net, loss_fn, XOR_X, XOR_Y)
        epochs = job["epochs"]
        for epoch in range(1, epochs + 1):
            step(net, opt, loss_fn, XOR_X, XOR_Y)
            if epoch % job["record_every"] == 0 or epoch == epochs:
                evaluate(net, loss_fn, XOR_X, XOR_Y)
    return time.perf_counter() - t0


MNIST = {}


def mnist_data(cache, images):
    """The first `images` training images, scaled to [-1, 1] as mlp-lab does, one-hot labels."""
    key = (cache, images)
    if key not in MNIST:
        with open(os.path.join(cache, "train-images-idx3-ubyte"), "rb") as f:
            raw = f.read()
        with open(os.path.join(cache, "train-labels-idx1-ubyte"), "rb") as f:
            labels = f.read()
        pixels = torch.frombuffer(bytearray(raw[16:16 + images * 784]), dtype=torch.uint8)
        x = (pixels.float().reshape(images, 784) / 255.0 - 0.5) * 2.0
        y = torch.zeros(images, 10)
        y[torch.arange(images), torch.tensor(list(labels[8:8 + images]))] = 1.0
        MNIST[key] = (x, y)
    return MNIST[key]


def mnist_epoch(recipe):
    """One epoch of minibatches in a fresh random order, gathered by index from the data."""
    x, y = mnist_data(recipe["cache"], recipe["images"])
    torch.manual_seed(recipe["seed"])
    net = network(recipe)
    opt = optimizer(net, recipe["optimizer"])
    loss_fn = loss_function(recipe["loss"])
    batch = recipe["batch"]
    t0 = time.perf_counter()
    order = torch.randperm(x.shape[0])
    for start in range(0, x.shape[0], batch):
        idx = order[start:start + batch]
        step(net, opt, loss_fn, x[idx], y[idx])
    return time.perf_counter() - t0


def blas_library():
    """The BLAS this process mapped (Debian's torch calls libblas.so.3, an alternatives link)."""
    torch.ones(64, 64) @ torch.ones(64, 64)
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "blas" in line and "/" in line}
        return sorted(os.path.realpath(p) for p in paths)
    except OSError:
        return []


def about():
    return {
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "interop_threads": torch.get_num_interop_threads(),
        "blas": blas_library(),
    }


WORKLOADS = {
    "xor_step": xor_steps,
    "mnist_epoch": mnist_epoch,
    "sweep_slice": sweep_jobs,
}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            if request["workload"] == "about":
                answer = about()
            else:
                answer = {"seconds": WORKLOADS[request["workload"]](request)}
        except Exception as e:  # the bench reports it in one line and goes on without PyTorch
            answer = {"error": type(e).__name__ + ": " + str(e)}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
