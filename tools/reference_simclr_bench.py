#!/usr/bin/python3
"""The PyTorch baseline that `pretext-cli bench train` compares against: the reference text's SimCLR training
step on Fashion-MNIST (its small ConvNet, projection head, NT-Xent, Adam 3e-4, torchvision per-image
augmentation in a DataLoader with num_workers=0), timed end to end (data, augmentation, forward, backward,
step). Needs Debian's python3-torch, python3-torchvision and dataset-fashion-mnist.

Usage: reference_simclr_bench.py STEPS WARMUP THREADS BATCH
Prints one line: "reference pairs_per_s=X peak_rss_mb=Y steps=N"."""
import gzip, resource, sys, time
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
import torchvision.transforms as transforms
from PIL import Image

steps, warmup, threads, batch = (int(a) for a in sys.argv[1:5])
torch.set_num_threads(threads); torch.manual_seed(0); np.random.seed(0)
D = '/usr/share/datasets/fashion-mnist/'
X = np.frombuffer(gzip.open(D + 'train-images-idx3-ubyte.gz').read(), np.uint8, offset=16).reshape(-1, 28, 28)

class Aug:  # SimCLRAugmentation of the reference text, for 28x28 grayscale
    def __init__(self):
        self.t = transforms.Compose([
            transforms.RandomResizedCrop(28, scale=(0.2, 1.0)), transforms.RandomHorizontalFlip(),
            transforms.RandomApply([transforms.ColorJitter(0.4, 0.4)], p=0.8),
            transforms.GaussianBlur(kernel_size=3), transforms.ToTensor(), transforms.Normalize([0.286], [0.353])])
    def __call__(self, x): return self.t(x), self.t(x)

class DS(torch.utils.data.Dataset):
    def __init__(s, X): s.X, s.t = X, Aug()
    def __len__(s): return len(s.X)
    def __getitem__(s, i): return s.t(Image.fromarray(s.X[i]))

backbone = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                         nn.Flatten())
projector = nn.Sequential(nn.Linear(128, 256), nn.BatchNorm1d(256), nn.ReLU(inplace=True), nn.Linear(256, 128))
params = list(backbone.parameters()) + list(projector.parameters())
opt = torch.optim.Adam(params, lr=3e-4, weight_decay=1e-6)

def nt_xent(z1, z2, t=0.5):
    B = z1.size(0); z = torch.cat([F.normalize(z1, dim=1), F.normalize(z2, dim=1)])
    sim = torch.mm(z, z.t()) / t
    mask = ~torch.eye(2 * B, dtype=torch.bool); sim = sim.masked_select(mask).view(2 * B, -1)
    labels = torch.cat([torch.arange(B, 2 * B), torch.arange(0, B)])
    labels = labels - (labels > torch.arange(2 * B)).long()
    return F.cross_entropy(sim, labels)

dl = torch.utils.data.DataLoader(DS(X), batch_size=batch, shuffle=True, drop_last=True, num_workers=0)
it = iter(dl)
for i in range(warmup + steps):
    if i == warmup: t0 = time.perf_counter()
    x1, x2 = next(it)
    loss = nt_xent(projector(backbone(x1)), projector(backbone(x2)))
    opt.zero_grad(); loss.backward(); opt.step()
dt = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f'reference pairs_per_s={steps * batch / dt:.1f} peak_rss_mb={rss:.0f} steps={steps}', flush=True)
