#!/usr/bin/python3
"""The PyTorch counterpart of `./lab run mnist-ch11`, for the whole-run workload of `./lab bench`.

Not part of mlp-lab's runtime. It does the work of the run, as a PyTorch user would write it: read
the four IDX files of the MNIST cache (magic numbers and counts checked), split the 60,000 training
images by a seeded permutation into validation (the first `valid_size`) and training images,
scale pixels to [-1, 1], train the recipe mlp-lab resolved from experiments/mnist-ch11.yaml
(784-50-10 sigmoid, N(0, 0.1) weights and zero biases, squared error summed over the one-hot
outputs and averaged over the batch, SGD lr 0.1, batch 100, 50 epochs, each step's loss read back
and checked), measure loss and accuracy on the training and validation images before training and
after every epoch, score the test images at the end, and write metrics.csv and summary.json.

`./lab bench` times the whole process from start to exit (Python's start-up and `import torch`
included, as the JVM's start is for DL4J), with OMP_NUM_THREADS=1 and OPENBLAS_NUM_THREADS=1.
The request (JSON on stdin): recipe keys as torch_bench.py reads them, plus epochs, batch,
valid_size, train_limit, cache (the folder of the IDX files) and out (a folder to write).
"""
import json
import os
import struct
import sys
import time

T_START = time.perf_counter()

import torch  # noqa: E402 (after the clock starts: the import is part of the run)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_bench import loss_function, network, optimizer, step  # noqa: E402

torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))


def idx(path, magic, count):
    """The payload of an IDX file after its header, checked against its magic number and count."""
    with open(path, "rb") as f:
        raw = f.read()
    found_magic, found_count = struct.unpack(">II", raw[:8])
    if found_magic != magic or found_count != count:
        raise ValueError(f"{path}: magic {found_magic}, count {found_count}")
    return raw[16:] if magic == 2051 else raw[8:]


def images(raw, n):
    pixels = torch.frombuffer(bytearray(raw), dtype=torch.uint8)[:n * 784]
    return (pixels.float().reshape(n, 784) / 255.0 - 0.5) * 2.0


def one_hot(raw, n):
    labels = torch.tensor(list(raw[:n]), dtype=torch.long)
    y = torch.zeros(n, 10)
    y[torch.arange(n), labels] = 1.0
    return y


def evaluate(net, loss_fn, x, y):
    """Loss and accuracy (argmax) on a whole set, in one forward pass."""
    with torch.no_grad():
        out = net(x)
        loss = loss_fn(out, y).item()
        accuracy = (out.argmax(dim=1) == y.argmax(dim=1)).float().mean().item()
    return loss, accuracy


def main():
    r = json.loads(sys.stdin.read())
    cache = r["cache"]
    train_x = images(idx(os.path.join(cache, "train-images-idx3-ubyte"), 2051, 60000), 60000)
    train_y = one_hot(idx(os.path.join(cache, "train-labels-idx1-ubyte"), 2049, 60000), 60000)
    test_x = images(idx(os.path.join(cache, "t10k-images-idx3-ubyte"), 2051, 10000), 10000)
    test_y = one_hot(idx(os.path.join(cache, "t10k-labels-idx1-ubyte"), 2049, 10000), 10000)
    torch.manual_seed(r["seed"])
    perm = torch.randperm(60000)
    valid = perm[:r["valid_size"]]
    train = perm[r["valid_size"]:]
    if r["train_limit"] > 0:
        train = train[:r["train_limit"]]
    x, y = train_x[train], train_y[train]
    vx, vy = train_x[valid], train_y[valid]
    t_loaded = time.perf_counter()

    net = network(r)
    opt = optimizer(net.parameters(), r["optimizer"])
    loss_fn = loss_function(r["loss"])
    rows = [[0, *evaluate(net, loss_fn, x, y), *evaluate(net, loss_fn, vx, vy)]]
    batch = r["batch"]
    train_seconds = 0.0
    for epoch in range(1, r["epochs"] + 1):
        t0 = time.perf_counter()
        order = torch.randperm(x.shape[0])
        for start in range(0, x.shape[0], batch):
            i = order[start:start + batch]
            step(net, opt, loss_fn, x[i], y[i])
        train_seconds += time.perf_counter() - t0
        rows.append([epoch, *evaluate(net, loss_fn, x, y), *evaluate(net, loss_fn, vx, vy)])
    test_loss, test_accuracy = evaluate(net, loss_fn, test_x, test_y)

    out = r["out"]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "metrics.csv"), "w") as f:
        f.write("epoch,train_loss,train_accuracy,valid_loss,valid_accuracy\n")
        for row in rows:
            f.write(",".join(str(v) for v in row) + "\n")
    summary = {
        "test_loss": test_loss,
        "test_accuracy": test_accuracy,
        "load_seconds": t_loaded - T_START,
        "train_seconds": train_seconds,
        "seconds_in_script": time.perf_counter() - T_START,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
    }
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
