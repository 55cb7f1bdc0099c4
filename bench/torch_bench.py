#!/usr/bin/python3
"""PyTorch counterparts of the in-process workloads of `./lab bench`.

Not part of mlp-lab's runtime. `./lab bench` starts this script with Debian's /usr/bin/python3
(python3-torch) once per repeat, alone on the machine (the JVMs of the DL4J engines are not
running meanwhile), with OMP_NUM_THREADS=1 and OPENBLAS_NUM_THREADS=1. It reads one JSON request
from stdin: the workloads, each with its recipe (widths, activations, init, loss, optimizer,
batch, seeds) as mlp-lab resolved it from its own spec files, and how many warm-up and timed
rounds to run. It prints one JSON line: the seconds of every round, warm-up rounds apart, measured
here around the timed work alone (Python's start-up and the pipe are not counted), and `about`.

Run by hand: /usr/bin/python3 bench/torch_bench.py < request.json
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

BATCHED_ACTIVATIONS = {
    "sigmoid": torch.sigmoid,
    "relu": torch.relu,
    "tanh": torch.tanh,
    "identity": lambda t: t,
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
    for layer in net:
        if isinstance(layer, nn.Linear):
            initialize(layer.weight, layer.bias, recipe["init"], fan_in=layer.in_features)
    return net


def initialize(weight, bias, init, fan_in):
    """The distributions of mlp-lab's `init:`, drawn in place (weight and bias of any shape)."""
    kind = init["kind"]
    with torch.no_grad():
        if kind == "torch-default":
            # nn.Linear's own draw: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases.
            bound = 1.0 / math.sqrt(fan_in)
            weight.uniform_(-bound, bound)
            bias.uniform_(-bound, bound)
        elif kind == "normal":
            weight.normal_(init["a"], init["b"])
            bias.zero_()
        elif kind == "uniform":
            weight.uniform_(init["a"], init["b"])
            bias.uniform_(init["a"], init["b"])
        elif kind == "xavier":
            fan_out = weight.shape[-1] if weight.dim() == 3 else weight.shape[0]
            bound = math.sqrt(6.0 / (fan_in + fan_out))
            weight.uniform_(-bound, bound)
            bias.zero_()
        else:
            raise ValueError("init " + kind)


def loss_function(name):
    """Mean over the batch of each sample's loss (mlp-lab's losses, see the README)."""
    if name == "bce":
        return nn.BCELoss()
    if name == "sse":
        # Squared error summed over the outputs, averaged over the batch (mlp-lab's `sse`).
        return lambda out, y: ((out - y) ** 2).sum(dim=1).mean()
    if name == "mse":
        return nn.MSELoss()
    raise ValueError("loss " + name)


def optimizer(params, spec):
    name = spec["name"]
    if name == "sgd":
        return torch.optim.SGD(params, lr=spec["lr"])
    if name == "adam":
        return torch.optim.Adam(params, lr=spec["lr"],
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


def xor_step(recipe):
    """A fresh network, `steps` full-batch steps on the four XOR points."""
    torch.manual_seed(recipe["seed"])
    net = network(recipe)
    opt = optimizer(net.parameters(), recipe["optimizer"])
    loss_fn = loss_function(recipe["loss"])
    t0 = time.perf_counter()
    for _ in range(recipe["steps"]):
        step(net, opt, loss_fn, XOR_X, XOR_Y)
    return time.perf_counter() - t0


class Ensemble:
    """K networks of one recipe trained as one batched model: layer l holds weights [K, nIn, nOut]
    and biases [K, 1, nOut], and x W + b is one torch.baddbmm for all K. The loss is the sum of
    the members' mean losses, so each member's gradient is its own; SGD and Adam update element
    by element, so each member is trained as it would be alone. (torch.func.vmap does not exist
    in torch 1.13; batched matmul is what it would compile to here.)"""

    def __init__(self, recipe, members):
        self.recipe = recipe
        widths = recipe["widths"]
        self.weights, self.biases = [], []
        for i in range(len(widths) - 1):
            w = torch.empty(members, widths[i], widths[i + 1])
            b = torch.empty(members, 1, widths[i + 1])
            initialize(w, b, recipe["init"], fan_in=widths[i])
            self.weights.append(w.requires_grad_())
            self.biases.append(b.requires_grad_())

    def parameters(self):
        return self.weights + self.biases

    def __call__(self, x):
        h = x
        last = len(self.weights) - 1
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            act = self.recipe["output" if i == last else "activation"]
            h = BATCHED_ACTIVATIONS[act](torch.baddbmm(b, h, w))
        return h


def member_losses(name, out, y):
    """Each member's loss over its batch: [K]."""
    if name == "bce":
        return nn.functional.binary_cross_entropy(out, y, reduction="none").mean(dim=(1, 2))
    if name == "sse":
        return ((out - y) ** 2).sum(dim=2).mean(dim=1)
    if name == "mse":
        return ((out - y) ** 2).mean(dim=(1, 2))
    raise ValueError("loss " + name)


def sweep_point(point):
    """One grid point's seeds as one batched model, recorded every record_every epochs (and at
    epoch 0 and the last) on the four points, as mlp-lab's trainer records each job."""
    members = len(point["seeds"])
    torch.manual_seed(point["seeds"][0])
    model = Ensemble(point, members)
    opt = optimizer(model.parameters(), point["optimizer"])
    x = XOR_X.expand(members, 4, 2)
    y = XOR_Y.expand(members, 4, 1)
    records = []

    def record():
        with torch.no_grad():
            out = model(x)
            losses = member_losses(point["loss"], out, y)
            accuracy = ((out > 0.5) == (y > 0.5)).float().mean(dim=(1, 2))
            records.append((losses.tolist(), accuracy.tolist()))

    record()
    epochs = point["epochs"]
    for epoch in range(1, epochs + 1):
        opt.zero_grad()
        loss = member_losses(point["loss"], model(x), y).sum()
        loss.backward()
        opt.step()
        value = loss.item()
        if not math.isfinite(value):
            raise FloatingPointError("loss " + str(value))
        if epoch % point["record_every"] == 0 or epoch == epochs:
            record()
    return records


def sweep_slice(request):
    """The sweep's grid points one after the other, each point's seeds batched."""
    t0 = time.perf_counter()
    for point in request["points"]:
        sweep_point(point)
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
    """A fresh network, one epoch of minibatches in a fresh random order, gathered by index."""
    x, y = mnist_data(recipe["cache"], recipe["images"])
    torch.manual_seed(recipe["seed"])
    net = network(recipe)
    opt = optimizer(net.parameters(), recipe["optimizer"])
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


def sgemm_peak_gflops(n, repeats):
    """The best of `repeats` float products of two n x n matrices (OpenBLAS's sgemm on this one
    thread), in GFLOP/s: the probe every DL4J worker also measures, so that a process the machine
    slowed shows beside the others."""
    a = torch.rand(n, n)
    b = torch.rand(n, n)
    torch.mm(a, b)  # first use, not timed
    best = math.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        torch.mm(a, b)
        best = min(best, time.perf_counter() - t0)
    return 2.0 * n * n * n / best / 1e9


def about():
    return {
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "interop_threads": torch.get_num_interop_threads(),
        "blas": blas_library(),
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
        "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "batched_sweep": "torch.baddbmm (torch.func.vmap: "
                         + ("available" if hasattr(torch, "func") else "not in this torch") + ")",
    }


WORKLOADS = {
    "xor_step": xor_step,
    "mnist_epoch": mnist_epoch,
    "sweep_slice": sweep_slice,
}


def main():
    request = json.loads(sys.stdin.read())
    answer = {"about": about(), "workloads": {}}
    n, repeats = request.get("peak_n", 1024), request.get("peak_repeats", 5)
    probes = []
    try:
        for w in request["workloads"]:
            run = WORKLOADS[w["id"]]
            warm = [run(w) for _ in range(w["warm_up_rounds"])]
            timed = [run(w) for _ in range(w["rounds"])]
            answer["workloads"][w["id"]] = {"warm_up_seconds": warm, "round_seconds": timed}
            # after each workload, as the DL4J workers measure it
            probes.append(sgemm_peak_gflops(n, repeats))
        answer["about"]["sgemm_probes_gflops"] = probes
        answer["about"]["sgemm_peak_gflops"] = max(probes)
    except Exception as e:  # the bench reports it in one line and goes on without PyTorch
        answer = {"error": type(e).__name__ + ": " + str(e)}
    print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
