#!/usr/bin/python3
"""The PyTorch baseline that `pretext-cli bench train --method mae` compares against: one MAE training step
(He et al. 2022, the official repository's models_mae.py written out without timm) with the engine's sizes,
timed end to end: data, augmentation, masking, forward, loss, backward, Adam step. fp32.

The same model and loss as engine/methods/mae.cpp:
  encoder  ViT-Tiny: Conv2d patch embedding (patch 4 on 28x28 -> 49 patches), learned positions, class token,
           12 pre-norm blocks (dim 192, 3 heads, MLP 768, GELU, LayerNorm eps 1e-6), final LayerNorm; it sees the
           class token and the visible patches only (12 of 49 at mask ratio 0.75);
  masking  a random shuffle per sample (argsort of uniform noise), the first len_keep patches kept;
  decoder  Linear 192->128, a shared mask token at every hidden position, fixed 2-D sin-cos positions, 2 pre-norm
           blocks of width 128 with 4 heads, LayerNorm, Linear 128->16 pixels per patch;
  loss     MSE over the hidden patches only, against per-patch normalised pixels (norm_pix_loss);
  training Adam without weight decay; the learning rate warms up linearly, then decays on a cosine, set every
           step as the engine's trainer does (the warm-up and timed steps are the whole run).
Augmentation: RandomResizedCrop(28, scale=(0.35, 1)), RandomHorizontalFlip, ToTensor, Normalize, per image in a
DataLoader with num_workers=0, as the SimCLR baseline (tools/reference_simclr_bench.py) does.

Data: Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist); random uint8 28x28 images when it is
missing (the step costs the same).

Prints machine-readable lines:
    reference_steps_per_s X
    reference_images_per_s X
    reference_peak_rss_mb X
    reference_loss_first X      (loss of the first timed step)
    reference_loss_last X
    reference_data fashion-mnist|random
or "reference_unavailable: why" (exit status 3) when torch or torchvision cannot be imported.
"""
import argparse
import gzip
import math
import os
import resource
import sys
import time

FMNIST = '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz'


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--steps', type=int, default=20, help='timed steps (default 20)')
    p.add_argument('--warmup', type=int, default=3, help='untimed steps first (default 3)')
    p.add_argument('--threads', type=int, default=os.cpu_count(), help='torch.set_num_threads (default: all cores)')
    p.add_argument('--batch', type=int, default=128, help='batch size (default 128)')
    p.add_argument('--mask-ratio', type=float, default=0.75)
    p.add_argument('--patch', type=int, default=4)
    p.add_argument('--dim', type=int, default=192, help='encoder width (ViT-Tiny: 192)')
    p.add_argument('--depth', type=int, default=12, help='encoder blocks (ViT-Tiny: 12)')
    p.add_argument('--heads', type=int, default=3, help='encoder attention heads (ViT-Tiny: 3)')
    p.add_argument('--decoder-dim', type=int, default=128)
    p.add_argument('--decoder-depth', type=int, default=2)
    p.add_argument('--norm-pix-loss', type=int, default=1, choices=(0, 1))
    p.add_argument('--crop-scale-min', type=float, default=0.35)
    p.add_argument('--lr', type=float, default=5e-4)
    p.add_argument('--lr-warmup-steps', type=int, default=100, help='linear learning-rate warm-up (default 100)')
    p.add_argument('--schedule', choices=('constant', 'cosine'), default='cosine', help='after the warm-up')
    p.add_argument('--seed', type=int, default=0)
    a = p.parse_args()

    try:
        import numpy as np
        import torch
        import torch.nn as nn
        import torchvision.transforms as transforms
        from PIL import Image
    except ImportError as e:  # pretext-cli reports this as the reason the baseline is missing
        print(f'reference_unavailable: {e} (install python3-torch and python3-torchvision)', flush=True)
        return 3

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)

    if os.path.exists(FMNIST):
        X = np.frombuffer(gzip.open(FMNIST).read(), np.uint8, offset=16).reshape(-1, 28, 28)
        data = 'fashion-mnist'
    else:
        X = np.random.randint(0, 256, (60000, 28, 28), dtype=np.uint8)
        data = 'random'
    mean, std = float(X.mean() / 255.0), float(X.std() / 255.0)  # the dataset's own statistics, as ours uses

    class DS(torch.utils.data.Dataset):
        def __init__(s, X):
            s.X = X
            s.t = transforms.Compose([
                transforms.RandomResizedCrop(28, scale=(a.crop_scale_min, 1.0)), transforms.RandomHorizontalFlip(),
                transforms.ToTensor(), transforms.Normalize([mean], [std])])

        def __len__(s):
            return len(s.X)

        def __getitem__(s, i):
            return s.t(Image.fromarray(s.X[i]))

    class Attention(nn.Module):
        def __init__(self, dim, heads):
            super().__init__()
            self.heads = heads
            self.qkv = nn.Linear(dim, dim * 3)
            self.proj = nn.Linear(dim, dim)

        def forward(self, x):
            B, N, C = x.shape
            qkv = self.qkv(x).reshape(B, N, 3, self.heads, C // self.heads).permute(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            attn = (q @ k.transpose(-2, -1) / math.sqrt(C // self.heads)).softmax(dim=-1)
            return self.proj((attn @ v).transpose(1, 2).reshape(B, N, C))

    class Block(nn.Module):  # pre-norm, as timm's Block that MAE uses
        def __init__(self, dim, heads):
            super().__init__()
            self.norm1 = nn.LayerNorm(dim, eps=1e-6)
            self.attn = Attention(dim, heads)
            self.norm2 = nn.LayerNorm(dim, eps=1e-6)
            self.mlp = nn.Sequential(nn.Linear(dim, dim * 4), nn.GELU(), nn.Linear(dim * 4, dim))

        def forward(self, x):
            x = x + self.attn(self.norm1(x))
            return x + self.mlp(self.norm2(x))

    def sincos_positions(grid, dim):  # [1, grid*grid, dim], as engine/methods/mae.cpp's sincosPositions
        quarter = dim // 4
        omega = 1.0 / 10000.0 ** (torch.arange(quarter, dtype=torch.float) / max(quarter, 1))
        pos = torch.arange(grid, dtype=torch.float)
        rows, cols = pos.repeat_interleave(grid), pos.repeat(grid)

        def encode(p):
            angles = p[:, None] * omega[None, :]
            return torch.cat([angles.sin(), angles.cos()], 1)

        out = torch.zeros(grid * grid, dim)
        out[:, :4 * quarter] = torch.cat([encode(rows), encode(cols)], 1)
        return out[None]

    class MAE(nn.Module):
        def __init__(self, size=28, patch=4, chans=1, dim=192, depth=12, heads=3, dec_dim=128, dec_depth=2,
                     dec_heads=4):
            super().__init__()
            self.patch = patch
            n = (size // patch) ** 2
            self.patch_embed = nn.Conv2d(chans, dim, patch, stride=patch)
            self.cls_token = nn.Parameter(torch.zeros(1, 1, dim).normal_(0, 0.02))
            self.pos_embed = nn.Parameter(torch.randn(1, n + 1, dim) * 0.02)
            self.blocks = nn.Sequential(*[Block(dim, heads) for _ in range(depth)])
            self.norm = nn.LayerNorm(dim, eps=1e-6)
            self.decoder_embed = nn.Linear(dim, dec_dim)
            self.mask_token = nn.Parameter(torch.zeros(1, 1, dec_dim).normal_(0, 0.02))
            self.register_buffer('decoder_pos_embed', sincos_positions(size // patch, dec_dim))
            self.decoder_blocks = nn.Sequential(*[Block(dec_dim, dec_heads) for _ in range(dec_depth)])
            self.decoder_norm = nn.LayerNorm(dec_dim, eps=1e-6)
            self.decoder_pred = nn.Linear(dec_dim, patch * patch * chans)

        def patchify(self, imgs):  # [B, C, H, W] -> [B, N, p*p*C], as engine/augment/geometric.cpp
            B, C, H, W = imgs.shape
            p, h, w = self.patch, H // self.patch, W // self.patch
            return imgs.reshape(B, C, h, p, w, p).permute(0, 2, 4, 3, 5, 1).reshape(B, h * w, p * p * C)

        def random_masking(self, x, mask_ratio):  # models_mae.py: per-sample shuffle by argsort of noise
            B, L, D = x.shape
            len_keep = L - int(math.floor(L * mask_ratio + 0.5))  # the engine hides llround(ratio x patches)
            noise = torch.rand(B, L)
            ids_shuffle = torch.argsort(noise, dim=1)
            ids_restore = torch.argsort(ids_shuffle, dim=1)
            ids_keep = ids_shuffle[:, :len_keep]
            x_masked = torch.gather(x, 1, ids_keep.unsqueeze(-1).expand(-1, -1, D))
            mask = torch.ones(B, L)
            mask[:, :len_keep] = 0
            return x_masked, torch.gather(mask, 1, ids_restore), ids_restore

        def forward_encoder(self, imgs, mask_ratio):
            x = self.patch_embed(imgs).flatten(2).transpose(1, 2) + self.pos_embed[:, 1:]
            x, mask, ids_restore = self.random_masking(x, mask_ratio)
            cls = (self.cls_token + self.pos_embed[:, :1]).expand(x.shape[0], -1, -1)
            return self.norm(self.blocks(torch.cat([cls, x], 1))), mask, ids_restore

        def forward_decoder(self, x, ids_restore):
            x = self.decoder_embed(x)
            B, n = ids_restore.shape
            mask_tokens = self.mask_token.expand(B, n + 1 - x.shape[1], -1)
            x_ = torch.cat([x[:, 1:], mask_tokens], 1)
            x_ = torch.gather(x_, 1, ids_restore.unsqueeze(-1).expand(-1, -1, x.shape[2])) + self.decoder_pos_embed
            x = self.decoder_norm(self.decoder_blocks(torch.cat([x[:, :1], x_], 1)))
            return self.decoder_pred(x[:, 1:])

        def forward_loss(self, imgs, pred, mask, norm_pix):  # engine/methods/losses.cpp maeLoss
            target = self.patchify(imgs)
            if norm_pix:
                mean, var = target.mean(-1, keepdim=True), target.var(-1, keepdim=True)
                target = (target - mean) / (var + 1e-6) ** 0.5
            loss = ((pred - target) ** 2).mean(-1)
            return (loss * mask).sum() / mask.sum()

        def forward(self, imgs, mask_ratio, norm_pix):
            latent, mask, ids_restore = self.forward_encoder(imgs, mask_ratio)
            pred = self.forward_decoder(latent, ids_restore)
            return self.forward_loss(imgs, pred, mask, norm_pix)

    def learning_rate(step, total):  # engine/train/optim.cpp scheduledLearningRate; MAE sets it every step too
        if step < a.lr_warmup_steps:
            return a.lr * (step + 1) / a.lr_warmup_steps
        if a.schedule != 'cosine' or total <= a.lr_warmup_steps:
            return a.lr
        progress = min(1.0, (step - a.lr_warmup_steps) / (total - a.lr_warmup_steps))
        return a.lr * 0.5 * (1.0 + math.cos(math.pi * progress))

    model = MAE(patch=a.patch, dim=a.dim, depth=a.depth, heads=a.heads, dec_dim=a.decoder_dim,
                dec_depth=a.decoder_depth)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, weight_decay=0.0)
    dl = torch.utils.data.DataLoader(DS(X), batch_size=a.batch, shuffle=True, drop_last=True, num_workers=0)
    it = iter(dl)
    losses = []
    for i in range(a.warmup + a.steps):
        if i == a.warmup:
            t0 = time.perf_counter()
        try:
            x = next(it)
        except StopIteration:
            it = iter(dl)
            x = next(it)
        for g in opt.param_groups:
            g['lr'] = learning_rate(i, a.warmup + a.steps)
        loss = model(x, a.mask_ratio, bool(a.norm_pix_loss))
        opt.zero_grad()
        loss.backward()
        opt.step()
        if i >= a.warmup:
            losses.append(loss.item())
    dt = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f'reference_steps_per_s {a.steps / dt:.3f}')
    print(f'reference_images_per_s {a.steps * a.batch / dt:.1f}')
    print(f'reference_peak_rss_mb {rss:.0f}')
    print(f'reference_loss_first {losses[0]:.4f}')
    print(f'reference_loss_last {losses[-1]:.4f}')
    print(f'reference_data {data}', flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
