<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MapJob</name>
    <message>
        <source>the map could not be computed (unknown error)</source>
        <translation>无法计算分布图（未知错误）</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>允许的取值</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>&amp;Copy &quot;%1&quot;</source>
        <translation>复制“%1”(&amp;C)</translation>
    </message>
    <message>
        <source>Export as PNG…</source>
        <translation>导出为 PNG…</translation>
    </message>
    <message>
        <source>Export as SVG…</source>
        <translation>导出为 SVG…</translation>
    </message>
    <message>
        <source>Export as PDF…</source>
        <translation>导出为 PDF…</translation>
    </message>
    <message>
        <source>Export data as CSV…</source>
        <translation>将数据导出为 CSV…</translation>
    </message>
    <message>
        <source>What am I looking at?</source>
        <translation>这是什么？</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>%1 images (*.%2)</source>
        <translation>%1 图像 (*.%2)</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>导出 %1</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write %1. Check that the folder exists and is writable.</source>
        <translation>无法写入 %1。请检查该文件夹是否存在且可写。</translation>
    </message>
</context>
<context>
    <name>engine</name>
    <message>
        <source>T-shirt/top</source>
        <translation>T恤/上衣</translation>
    </message>
    <message>
        <source>Trouser</source>
        <translation>裤子</translation>
    </message>
    <message>
        <source>Pullover</source>
        <translation>套头衫</translation>
    </message>
    <message>
        <source>Dress</source>
        <translation>连衣裙</translation>
    </message>
    <message>
        <source>Coat</source>
        <translation>外套</translation>
    </message>
    <message>
        <source>Sandal</source>
        <translation>凉鞋</translation>
    </message>
    <message>
        <source>Shirt</source>
        <translation>衬衫</translation>
    </message>
    <message>
        <source>Sneaker</source>
        <translation>运动鞋</translation>
    </message>
    <message>
        <source>Bag</source>
        <translation>包</translation>
    </message>
    <message>
        <source>Ankle boot</source>
        <translation>短靴</translation>
    </message>
    <message>
        <source>airplane</source>
        <translation>飞机</translation>
    </message>
    <message>
        <source>automobile</source>
        <translation>汽车</translation>
    </message>
    <message>
        <source>bird</source>
        <translation>鸟</translation>
    </message>
    <message>
        <source>car</source>
        <translation>汽车</translation>
    </message>
    <message>
        <source>cat</source>
        <translation>猫</translation>
    </message>
    <message>
        <source>deer</source>
        <translation>鹿</translation>
    </message>
    <message>
        <source>dog</source>
        <translation>狗</translation>
    </message>
    <message>
        <source>frog</source>
        <translation>青蛙</translation>
    </message>
    <message>
        <source>horse</source>
        <translation>马</translation>
    </message>
    <message>
        <source>monkey</source>
        <translation>猴子</translation>
    </message>
    <message>
        <source>ship</source>
        <translation>船</translation>
    </message>
    <message>
        <source>truck</source>
        <translation>卡车</translation>
    </message>
    <message>
        <source>circle</source>
        <translation>圆形</translation>
    </message>
    <message>
        <source>square</source>
        <translation>正方形</translation>
    </message>
    <message>
        <source>triangle</source>
        <translation>三角形</translation>
    </message>
    <message>
        <source>cross</source>
        <translation>十字</translation>
    </message>
    <message>
        <source>ring</source>
        <translation>圆环</translation>
    </message>
    <message>
        <source>horizontal bar</source>
        <translation>横条</translation>
    </message>
    <message>
        <source>vertical bar</source>
        <translation>竖条</translation>
    </message>
    <message>
        <source>diamond</source>
        <translation>菱形</translation>
    </message>
    <message>
        <source>star</source>
        <translation>星形</translation>
    </message>
    <message>
        <source>ellipse</source>
        <translation>椭圆</translation>
    </message>
    <message>
        <source>Adam (the reference text&apos;s), SGD with momentum, or LARS (layer-wise trust ratio, for big batches).</source>
        <translation>Adam（参考教材所用）、带动量的 SGD，或 LARS（逐层信任比率，适用于大批量）。</translation>
    </message>
    <message>
        <source>All four turns per image</source>
        <translation>每张图像使用全部四种旋转</translation>
    </message>
    <message>
        <source>Apply the augmentations below (crops, flips, …) before each turn, so that the task cannot be solved from where the pixels sit in the frame. Off: the plain images.</source>
        <translation>在每次旋转之前应用下方的数据增强（裁剪、翻转…），使网络无法仅凭像素在画面中的位置来完成任务。关闭：使用原始图像。</translation>
    </message>
    <message>
        <source>Apply the augmentations below (crops, flips, …) to each image before it is cut into tiles, so that the same object is seen at several scales and positions. Off: the plain images.</source>
        <translation>在把每张图像切成图块之前，先对其应用下方的数据增强（裁剪、翻转…），使同一物体在多种尺度和位置上被看到。关闭：使用原始图像。</translation>
    </message>
    <message>
        <source>Augment before cutting</source>
        <translation>切块前先做增强</translation>
    </message>
    <message>
        <source>Augment before turning</source>
        <translation>旋转前先做增强</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>BEiT (visual tokens, ConvNet)</source>
        <translation>BEiT（视觉词元，ConvNet）</translation>
    </message>
    <message>
        <source>BYOL</source>
        <translation>BYOL</translation>
    </message>
    <message>
        <source>BYOL (Grill et al. 2020) trains an online network (encoder, projector and a small predictor) to predict, from one augmented view, what a target network gives for the other view. The target is an exponential moving average of the online encoder and projector, so it changes slowly and is never trained directly. With no negatives, the network could cheat by mapping every image to the same point: that is collapse, and the predictor together with the slow target is what prevents it. Watch the Collapse tab: the spread of the embeddings should stay well above zero (near 1/sqrt(d) when they fill the sphere); turn the predictor off to see it fall to zero while the loss looks perfect.</source>
        <translation>BYOL（Grill 等，2020）训练一个在线网络（编码器、投影头和一个小型预测头），让它根据一个增强视图去预测目标网络对另一个视图的输出。目标网络是在线编码器和投影头的指数移动平均，因此变化缓慢，且从不直接训练。由于没有负样本，网络可以“作弊”，把每张图像都映射到同一个点：这就是坍缩，而预测头与缓慢变化的目标网络一起防止了坍缩。请观察“坍缩监测”标签页：嵌入的离散程度应明显高于零（嵌入铺满整个球面时接近 1/sqrt(d)）；关闭预测头，就会看到它降到零，而损失看起来却近乎完美。</translation>
    </message>
    <message>
        <source>Backbone</source>
        <translation>骨干网络</translation>
    </message>
    <message>
        <source>Barlow Twins</source>
        <translation>Barlow Twins</translation>
    </message>
    <message>
        <source>Barlow Twins (Zbontar et al. 2021) standardises the projections of two views over the batch and computes their cross-correlation matrix C. The loss pulls the diagonal of C to 1, so each embedding dimension agrees across the views, and the off-diagonal entries to 0 (weighted by λ), so the dimensions carry different information. That redundancy reduction alone prevents collapse: no negatives, no momentum encoder. Watch the Correlation tab: a noisy matrix turns into a bright diagonal on a dark background.</source>
        <translation>Barlow Twins（Zbontar 等，2021）在批次上对两个视图的投影做标准化，并计算它们的互相关矩阵 C。损失把 C 的对角元素拉向 1，使每个嵌入维度在两个视图之间保持一致；把非对角元素拉向 0（以 λ 加权），使各维度携带不同的信息。仅靠这种冗余消减就能防止坍缩：既不需要负样本，也不需要动量编码器。请观察“互相关矩阵”标签页：杂乱的矩阵会逐渐变成暗背景上的一条亮对角线。</translation>
    </message>
    <message>
        <source>Base learning rate (the schedule scales it).</source>
        <translation>基础学习率（由调度对其进行缩放）。</translation>
    </message>
    <message>
        <source>Base momentum of the teacher&apos;s moving average, raised to 1 over the run on a cosine schedule. The paper&apos;s 0.996 suits long runs; a few hundred steps need a faster teacher.</source>
        <translation>教师网络移动平均的基础动量，在整个运行中按余弦调度升至 1。论文中的 0.996 适合长时间训练；只有几百步的运行需要更新更快的教师网络。</translation>
    </message>
    <message>
        <source>Base τ of the target&apos;s moving average, raised to 1 over the run on a cosine schedule. The paper&apos;s 0.996 suits long runs; a run of a few hundred steps needs a faster target (0.9: +1.3 kNN points over 0.99 in 600 steps on Fashion-MNIST).</source>
        <translation>目标网络移动平均的基础 τ，在整个运行中按余弦调度升至 1。论文中的 0.996 适合长时间训练；只有几百步的运行需要更新更快的目标网络（在 Fashion-MNIST 上训练 600 步，0.9 比 0.99 的 kNN 准确率高 1.3 个百分点）。</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>BatchNorm after the head&apos;s hidden layers (the paper&apos;s use_bn_in_head, off for ViTs there). It spreads the embeddings of a batch from the first step, so a short run leaves the near-uniform start sooner.</source>
        <translation>在投影头的隐藏层之后使用 BatchNorm（即论文中的 use_bn_in_head，论文对 ViT 关闭此项）。它从第一步起就把一个批次的嵌入分散开，使短运行更早脱离近乎均匀的初始状态。</translation>
    </message>
    <message>
        <source>BatchNorm in the head</source>
        <translation>投影头中使用 BatchNorm</translation>
    </message>
    <message>
        <source>Blur the view with a Gaussian of random width: the network cannot rely on fine texture.</source>
        <translation>用宽度随机的高斯核模糊视图：使网络无法依赖细微纹理。</translation>
    </message>
    <message>
        <source>Bottleneck size</source>
        <translation>瓶颈维度</translation>
    </message>
    <message>
        <source>Brightness</source>
        <translation>亮度</translation>
    </message>
    <message>
        <source>Brightness factor drawn from [1 - b, 1 + b] (0 = unchanged).</source>
        <translation>亮度因子从 [1 - b, 1 + b] 中随机抽取（0 = 不变）。</translation>
    </message>
    <message>
        <source>CPU threads (0 = all cores).</source>
        <translation>CPU 线程数（0 = 全部核心）。</translation>
    </message>
    <message>
        <source>Centre momentum</source>
        <translation>中心化动量</translation>
    </message>
    <message>
        <source>Centring</source>
        <translation>中心化</translation>
    </message>
    <message>
        <source>Checkpoint every</source>
        <translation>检查点间隔</translation>
    </message>
    <message>
        <source>Colorization</source>
        <translation>着色</translation>
    </message>
    <message>
        <source>Colorization (Zhang et al. 2016): the network sees only the brightness of a picture and predicts its colours. To paint a banana yellow and the sky blue it has to recognise what is in the picture. Brightness and colour are split as in JPEG (YCbCr): the brightness Y goes in, the two colour channels come out, and the picture is rebuilt from the true brightness, so the loss measures colour only. Needs colour images (shapes, CIFAR, STL-10, a folder of photos): a gray dataset has no colour to predict. Watch the Colorization tab: early guesses are washed out, because averaging the possible colours (what a squared-error loss rewards) gives gray; Zhang et al. classify colours into bins for that reason.</source>
        <translation>着色（Zhang 等，2016）：网络只看到图片的亮度，并预测它的颜色。要把香蕉涂成黄色、把天空涂成蓝色，网络必须认出图片里是什么。亮度与颜色的拆分方式与 JPEG（YCbCr）相同：输入亮度 Y，输出两个色度通道，再用真实亮度重建图片，因此损失只衡量颜色。需要彩色图像（形状、CIFAR、STL-10 或一个照片文件夹）：灰度数据集没有颜色可供预测。请观察“着色”标签页：早期的预测颜色偏淡，因为对各种可能的颜色取平均（这正是平方误差损失所鼓励的）会得到灰色；正因如此，Zhang 等人把颜色划分到若干区间来做分类。</translation>
    </message>
    <message>
        <source>Colour jitter</source>
        <translation>颜色抖动</translation>
    </message>
    <message>
        <source>Contrast</source>
        <translation>对比度</translation>
    </message>
    <message>
        <source>Contrast factor drawn from [1 - c, 1 + c] (0 = unchanged).</source>
        <translation>对比度因子从 [1 - c, 1 + c] 中随机抽取（0 = 不变）。</translation>
    </message>
    <message>
        <source>Crop (random resized crop)</source>
        <translation>裁剪（随机缩放裁剪）</translation>
    </message>
    <message>
        <source>Cut a random box out of the image and resize it to the output size: the views then show different parts of the object, the strongest single augmentation for SimCLR.</source>
        <translation>从图像中随机裁出一个矩形区域并缩放到输出尺寸：这样各视图展示的是物体的不同部分。这是对 SimCLR 最有效的单项数据增强。</translation>
    </message>
    <message>
        <source>DINO</source>
        <translation>DINO</translation>
    </message>
    <message>
        <source>DINO (Caron et al. 2021) is self-distillation without labels. A student network scores each view against a set of learned prototypes; a teacher, the exponential moving average of the student, does the same for the global views, and the student is trained to give the teacher&apos;s distribution for every other view of the image. Collapse comes in two kinds: one prototype winning for every image, or every prototype equally likely. Sharpening (a low teacher temperature) pushes toward the first, centring (subtracting the running mean of the teacher&apos;s scores) toward the second; balanced, the teacher stays confident but varied. Watch the Collapse tab: the teacher&apos;s entropy should stay between 0 and log(out_dim); turn centring off to see it fall toward 0.</source>
        <translation>DINO（Caron 等，2021）是无需标签的自蒸馏。学生网络针对一组可学习的原型为每个视图打分；教师网络（学生网络的指数移动平均）对全局视图做同样的事，学生网络则被训练为对图像的每个其他视图都给出与教师网络相同的分布。坍缩有两种：对每张图像都是同一个原型胜出，或者所有原型的概率都相等。锐化（较低的教师温度）把模型推向前者，中心化（减去教师打分的滑动平均）把模型推向后者；两者平衡时，教师网络既自信又多样。请观察“坍缩监测”标签页：教师网络的熵应保持在 0 与 log(out_dim) 之间；关闭中心化，就会看到它降向 0。</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Decoder depth</source>
        <translation>解码器深度</translation>
    </message>
    <message>
        <source>Decoder width</source>
        <translation>解码器宽度</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Drop the colour: forces the network to recognise shapes, not just colour histograms.</source>
        <translation>去掉颜色：迫使网络识别形状，而不只是依赖颜色直方图。</translation>
    </message>
    <message>
        <source>Each view is both a query and a key (MoCo v3): twice the learning signal for 1.6 times the work. Off: one direction, as MoCo v2.</source>
        <translation>每个视图既作查询（query）也作键（key）（MoCo v3）：以 1.6 倍的计算量换来两倍的学习信号。关闭：只用单向，与 MoCo v2 相同。</translation>
    </message>
    <message>
        <source>Encode tiles separately</source>
        <translation>各图块分别编码</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Epochs (fractions allowed) over which the teacher temperature warms up; 0 = none.</source>
        <translation>教师温度预热所用的轮数（可为小数）；0 = 不预热。</translation>
    </message>
    <message>
        <source>Epochs of the offline linear probe on frozen features.</source>
        <translation>离线线性探测在冻结特征上训练的轮数。</translation>
    </message>
    <message>
        <source>Evaluate each epoch</source>
        <translation>每轮评估</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Execution</source>
        <translation>执行</translation>
    </message>
    <message>
        <source>Exercise 1: SimCLR, then a linear probe</source>
        <translation>练习 1：先训练 SimCLR，再做线性探测</translation>
    </message>
    <message>
        <source>Exercise 2: which augmentations matter</source>
        <translation>练习 2：哪些数据增强最重要</translation>
    </message>
    <message>
        <source>Exercise 3: the temperature of the contrastive loss</source>
        <translation>练习 3：对比损失的温度系数</translation>
    </message>
    <message>
        <source>Exercise 4: BYOL against SimCLR in one setting</source>
        <translation>练习 4：同一设置下 BYOL 与 SimCLR 的对比</translation>
    </message>
    <message>
        <source>Exercise 5: random-init, supervised and self-supervised pre-training on few labels</source>
        <translation>练习 5：少量标签下的随机初始化、有监督预训练与自监督预训练</translation>
    </message>
    <message>
        <source>Extra small crops (5-40% of the image) per image, seen by the student only (multi-crop); each costs a forward and backward pass at a quarter of the pixels.</source>
        <translation>每张图像额外生成的小尺寸裁剪（占图像的 5-40%），仅供学生网络使用（多裁剪，multi-crop）；每个小裁剪都要额外做一次前向和反向传播，像素量为原来的四分之一。</translation>
    </message>
    <message>
        <source>Flip (horizontal)</source>
        <translation>翻转（水平）</translation>
    </message>
    <message>
        <source>Gaussian blur</source>
        <translation>高斯模糊</translation>
    </message>
    <message>
        <source>Grayscale</source>
        <translation>灰度化</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Head hidden size</source>
        <translation>分类头隐藏层大小</translation>
    </message>
    <message>
        <source>How does the temperature τ of the contrastive loss change what SimCLR learns?</source>
        <translation>对比损失的温度系数 τ 如何改变 SimCLR 学到的内容？</translation>
    </message>
    <message>
        <source>How many patches of the training set (drawn with the run&apos;s seed) k-means clusters into the vocabulary; all of them when the set has fewer.</source>
        <translation>用 k-means 聚类成词表的训练集图块数量（按本次运行的随机种子抽取）；训练集的图块不足这个数时全部使用。</translation>
    </message>
    <message>
        <source>How much better than the same network untrained does SimCLR&apos;s encoder classify, with only a linear classifier on top?</source>
        <translation>只在顶部加一个线性分类器时，SimCLR 的编码器比未经训练的同一网络分类效果好多少？</translation>
    </message>
    <message>
        <source>Hue</source>
        <translation>色调</translation>
    </message>
    <message>
        <source>Hue shift drawn from [-h, h] of the colour circle (0 to 0.5; no effect on gray images).</source>
        <translation>色调偏移从色环的 [-h, h] 中随机抽取（0 到 0.5；对灰度图像无效）。</translation>
    </message>
    <message>
        <source>Images per batch; each gives the method&apos;s views (two for SimCLR: 2N views, 2N-2 negatives).</source>
        <translation>每批的图像数；每张图像生成该方法所需的视图（SimCLR 为两个：共 2N 个视图，每个有 2N-2 个负样本）。</translation>
    </message>
    <message>
        <source>In one setting (backbone, epochs, batch, seed, augmentations), does BYOL, without negative pairs, learn as well as SimCLR?</source>
        <translation>在同一设置（骨干网络、轮数、批大小、随机种子、数据增强）下，不使用负样本对的 BYOL 能否学得和 SimCLR 一样好？</translation>
    </message>
    <message>
        <source>Invert every pixel brighter than the threshold (used by BYOL for its second view).</source>
        <translation>将亮度高于阈值的每个像素反转（BYOL 的第二个视图使用此增强）。</translation>
    </message>
    <message>
        <source>Jigsaw puzzles</source>
        <translation>拼图</translation>
    </message>
    <message>
        <source>Jigsaw puzzles (Noroozi &amp; Favaro 2016) cut every image into a grid of tiles and shuffle them with one of a fixed set of permutations, chosen far apart in Hamming distance; the network classifies which permutation it sees. Solving it needs the parts of objects and where they belong. Watch the Jigsaw tab: the numbered tiles, the network&apos;s guess and its reassembly.</source>
        <translation>拼图任务（Noroozi &amp; Favaro，2016）把每张图像切成网格状的图块，并用一个固定排列集合中的某个排列将其打乱，这些排列在汉明距离上彼此相距很远；网络要分类出它看到的是哪一种排列。要解出拼图，网络需要认识物体的各个部分以及它们应在的位置。请观察“拼图”标签页：带编号的图块、网络的猜测以及它的复原结果。</translation>
    </message>
    <message>
        <source>K: the number of visual tokens (k-means clusters of patches); chance accuracy is 1/K.</source>
        <translation>K：视觉词元的数量（图块的 k-means 聚类数）；随机猜测的准确率为 1/K。</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>Kernel side in pixels: an odd number from 1 to 31.</source>
        <translation>卷积核边长（像素）：1 到 31 之间的奇数。</translation>
    </message>
    <message>
        <source>Key momentum m</source>
        <translation>键动量 m</translation>
    </message>
    <message>
        <source>L2 penalty added to the gradients of the weights.</source>
        <translation>加到权重梯度上的 L2 惩罚项。</translation>
    </message>
    <message>
        <source>Largest area</source>
        <translation>最大面积</translation>
    </message>
    <message>
        <source>Largest blur width σ, in pixels.</source>
        <translation>最大模糊宽度 σ（像素）。</translation>
    </message>
    <message>
        <source>Largest crop, as a fraction of the image area.</source>
        <translation>最大裁剪面积，占图像面积的比例。</translation>
    </message>
    <message>
        <source>Largest σ</source>
        <translation>最大 σ</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Learning-rate schedule after the warm-up: constant, or cosine decay to 0.</source>
        <translation>预热之后的学习率调度：恒定，或余弦衰减到 0。</translation>
    </message>
    <message>
        <source>Limit the steps of each epoch (0 = a full pass over the training set).</source>
        <translation>限制每轮的步数（0 = 完整遍历一次训练集）。</translation>
    </message>
    <message>
        <source>Local crops</source>
        <translation>局部裁剪</translation>
    </message>
    <message>
        <source>MAE (masked autoencoder)</source>
        <translation>MAE（掩码自编码器）</translation>
    </message>
    <message>
        <source>Mask ratio</source>
        <translation>掩码率</translation>
    </message>
    <message>
        <source>Mask shape</source>
        <translation>掩码形状</translation>
    </message>
    <message>
        <source>Masked autoencoders (He et al. 2022) cut each image into patches and hide a random 75 % of them. The ViT encoder sees only the visible patches; a small decoder gets their encodings plus a shared mask token at every hidden position and predicts the hidden pixels. The loss counts the hidden patches only. To fill a hole the encoder must know what objects look like. Watch the Masked patches tab: the reconstructions sharpen as it learns. Probes read the mean of the encoder&apos;s patch tokens of the whole image.</source>
        <translation>掩码自编码器（He 等，2022）把每张图像切成图块，并随机遮挡其中 75 % 的图块。ViT 编码器只看到可见图块；一个小型解码器接收这些图块的编码，并在每个被遮挡位置放入一个共享的掩码词元，然后预测被遮挡的像素。损失只计算被遮挡的图块。要填补空洞，编码器必须知道物体长什么样。请观察“掩码图块”标签页：随着学习的进行，重建结果会越来越清晰。探测读取的是编码器在整张图像上输出的图块词元的均值。</translation>
    </message>
    <message>
        <source>Masked image modeling on a convolutional network, as SimMIM (Xie et al. 2022) does it: the hidden patches are replaced by a learned mask value before the encoder, a one-layer head predicts every pixel from the encoder&apos;s feature map, and the loss counts the hidden patches only. This is the reference text&apos;s SimpleMIM with its mistakes fixed: its code never hides anything from the encoder. Watch the Masked patches tab.</source>
        <translation>在卷积网络上做掩码图像建模，做法与 SimMIM（Xie 等，2022）相同：被遮挡的图块在进入编码器之前被替换为可学习的掩码值，一个单层预测头根据编码器的特征图预测每个像素，损失只计算被遮挡的图块。这是参考教材中的 SimpleMIM 修正错误后的版本：教材的代码实际上从未对编码器遮挡任何内容。请观察“掩码图块”标签页。</translation>
    </message>
    <message>
        <source>Masked image modeling with a vocabulary, after BEiT (Bao et al. 2022): before training, k-means groups thousands of patches of the training set into K visual tokens, so that every patch becomes a word. Then rectangles of patches are hidden behind a learned mask value and the ConvNet guesses the word of every hidden patch: a classification over K tokens instead of a regression on pixels (BEiT uses a pretrained dVAE&apos;s codebook; k-means is one you can inspect). Watch the Visual tokens tab: what the vocabulary can say, and which hidden words the network gets right. The token accuracy rises above chance (1/K).</source>
        <translation>带词表的掩码图像建模，仿照 BEiT（Bao 等，2022）：训练前，用 k-means 把训练集中的数千个图块聚成 K 个视觉词元，使每个图块都对应一个“词”。然后把若干矩形区域内的图块用可学习的掩码值遮住，由 ConvNet 猜出每个被遮挡图块的词：这是在 K 个词元上做分类，而不是对像素做回归（BEiT 使用预训练 dVAE 的码本；k-means 得到的则是一个你可以检视的码本）。请观察“视觉词元”标签页：词表能表达什么，以及网络猜对了哪些被遮挡的词。词元准确率会升到随机水平（1/K）之上。</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Mirror the view left-right: a picture of a shoe is still a shoe.</source>
        <translation>将视图左右镜像：鞋子的图片仍然是鞋子。</translation>
    </message>
    <message>
        <source>MoCo v2</source>
        <translation>MoCo v2</translation>
    </message>
    <message>
        <source>MoCo v2 (He et al. 2020; Chen et al. 2020) encodes one view of every image with the trained query encoder and the other with a key encoder that slowly follows it (an exponential moving average, momentum m). InfoNCE at temperature τ pulls each query towards its own key and away from a queue of K keys kept from earlier batches, so there are many negatives whatever the batch size. Watch the Queue tab: the queue fills within seconds, and as training goes on the positive logits move to the right, away from the cloud of negative logits. Raising m keeps old keys consistent; lowering it makes the queue go stale.</source>
        <translation>MoCo v2（He 等，2020；Chen 等，2020）用被训练的查询编码器编码每张图像的一个视图，用缓慢跟随它的键编码器（指数移动平均，动量为 m）编码另一个视图。温度系数为 τ 的 InfoNCE 把每个查询拉向它自己的键，并推离由先前批次保留下来的 K 个键组成的队列，因此无论批大小如何，都有大量负样本。请观察“负样本队列”标签页：队列几秒内就会填满；随着训练进行，正样本的 logit 向右移动，远离负样本 logit 构成的点云。增大 m 能让旧键保持一致；减小 m 会让队列变得陈旧。</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Momentum of the centre&apos;s running mean of teacher outputs (0.9 in the paper).</source>
        <translation>中心（教师输出的滑动平均）的动量（论文中为 0.9）。</translation>
    </message>
    <message>
        <source>Momentum of the key encoder&apos;s moving average: key ← m·key + (1−m)·query after every step. The paper&apos;s 0.999 suits long runs; 0.99 lets short runs move.</source>
        <translation>键编码器移动平均的动量：每一步之后执行 key ← m·key + (1−m)·query。论文中的 0.999 适合长时间训练；0.99 能让短运行的键编码器跟得上。</translation>
    </message>
    <message>
        <source>Most Lloyd iterations of k-means; it stops earlier once no patch changes its token.</source>
        <translation>k-means 的最大 Lloyd 迭代次数；一旦没有图块改变所属词元就提前停止。</translation>
    </message>
    <message>
        <source>Narrowest crop, as width / height (3/4 in torchvision).</source>
        <translation>最窄裁剪，以宽 / 高表示（torchvision 中为 3/4）。</translation>
    </message>
    <message>
        <source>Narrowest shape</source>
        <translation>最窄形状</translation>
    </message>
    <message>
        <source>Negative keys kept from earlier batches (at least one batch). At batch 256, 4096 keys are 16 steps: the queue fills within seconds.</source>
        <translation>从先前批次保留下来的负样本键数量（至少一个批次）。批大小为 256 时，4096 个键相当于 16 步：队列几秒内就会填满。</translation>
    </message>
    <message>
        <source>Neighbours of the weighted kNN classifier.</source>
        <translation>加权 kNN 分类器的近邻数。</translation>
    </message>
    <message>
        <source>No gradient through the target projection. Without it the embeddings collapse at once (section 4.1, Figure 2).</source>
        <translation>不让梯度流经目标投影。没有它，嵌入会立即坍缩（论文第 4.1 节，图 2）。</translation>
    </message>
    <message>
        <source>Normalise (dataset mean / std)</source>
        <translation>归一化（数据集均值 / 标准差）</translation>
    </message>
    <message>
        <source>Normalised pixel targets</source>
        <translation>归一化像素目标</translation>
    </message>
    <message>
        <source>Not self-supervised: the encoder and a linear classifier learn the dataset&apos;s classes from its labels, on crops and flips of the images. This is what ImageNet pre-training is in the reference text&apos;s fifth exercise, and the yardstick of every method here: a self-supervised encoder learns without a single label and is judged by how close its linear probe comes to this one.</source>
        <translation>非自监督：编码器和一个线性分类器利用数据集的标签，在图像的裁剪和翻转版本上学习数据集的类别。这就是参考教材第五个练习中的 ImageNet 预训练，也是这里所有方法的衡量标尺：自监督编码器在不使用任何标签的情况下学习，并以其线性探测结果与这一基线的接近程度来评判。</translation>
    </message>
    <message>
        <source>Number of prototypes the head scores (K). The paper uses 65536 for ImageNet; a small dataset and batch need far fewer.</source>
        <translation>投影头打分所用的原型数量（K）。论文在 ImageNet 上使用 65536；小数据集和小批量所需的原型要少得多。</translation>
    </message>
    <message>
        <source>Offline linear probe and kNN at every epoch end, and the random-init baseline at the start.</source>
        <translation>每轮结束时进行离线线性探测和 kNN 评估，并在开始时评估随机初始化基线。</translation>
    </message>
    <message>
        <source>On: each image appears in all four rotations in the same batch (the paper; four forward passes per image). Off: one random turn per image (the reference text&apos;s RotationTransform), so a step covers four times as many images.</source>
        <translation>开启：每张图像的全部四种旋转出现在同一批次中（论文的做法；每张图像需四次前向传播）。关闭：每张图像随机旋转一次（参考教材中的 RotationTransform），因此每一步覆盖的图像数是前者的四倍。</translation>
    </message>
    <message>
        <source>On: every tile, cropped at random inside its cell, goes through the encoder on its own and the head reads the tiles&apos; features in shuffled order (Noroozi &amp; Favaro&apos;s context-free network). Off: the whole shuffled image goes through the encoder, which then learns to spot tile borders more than objects.</source>
        <translation>开启：每个图块在各自格子内随机裁剪，单独送入编码器，预测头按打乱后的顺序读取各图块的特征（Noroozi &amp; Favaro 的上下文无关网络）。关闭：整张打乱后的图像一起送入编码器，编码器会更多地学会识别图块边界而不是物体。</translation>
    </message>
    <message>
        <source>Online probe</source>
        <translation>在线探测</translation>
    </message>
    <message>
        <source>Optimisation</source>
        <translation>优化</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Output size</source>
        <translation>输出维度</translation>
    </message>
    <message>
        <source>Output size of the projection MLP, where the loss is computed.</source>
        <translation>投影 MLP 的输出维度，损失在这里计算。</translation>
    </message>
    <message>
        <source>Passes over the training set.</source>
        <translation>遍历训练集的轮数。</translation>
    </message>
    <message>
        <source>Patch size</source>
        <translation>图块大小</translation>
    </message>
    <message>
        <source>Patches for the vocabulary</source>
        <translation>用于构建词表的图块数</translation>
    </message>
    <message>
        <source>Per-channel means to subtract (1 or 3 values); empty = the dataset&apos;s own.</source>
        <translation>各通道要减去的均值（1 个或 3 个值）；留空 = 使用数据集自身的均值。</translation>
    </message>
    <message>
        <source>Per-channel standard deviations to divide by (1 or 3 values, each above 0); empty = the dataset&apos;s own.</source>
        <translation>各通道要除以的标准差（1 个或 3 个值，均大于 0）；留空 = 使用数据集自身的标准差。</translation>
    </message>
    <message>
        <source>Permutations</source>
        <translation>排列数</translation>
    </message>
    <message>
        <source>Pixels above this brightness (0 to 1) are inverted.</source>
        <translation>亮度高于此值（0 到 1）的像素会被反转。</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Predict each hidden patch&apos;s pixels after subtracting the patch&apos;s mean and dividing by its standard deviation (MAE&apos;s better-representation variant). The panel shows the prediction rescaled with the true patch&apos;s mean and deviation.</source>
        <translation>对每个被遮挡图块，先减去该图块的均值、再除以其标准差，然后预测归一化后的像素（MAE 中表征效果更好的变体）。面板显示的预测结果已用真实图块的均值和标准差还原。</translation>
    </message>
    <message>
        <source>Predictor</source>
        <translation>预测头</translation>
    </message>
    <message>
        <source>Predictor hidden size</source>
        <translation>预测头隐藏层宽度</translation>
    </message>
    <message>
        <source>Preview samples</source>
        <translation>预览样本数</translation>
    </message>
    <message>
        <source>Previews per second</source>
        <translation>每秒预览次数</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Probability that a view gets this augmentation (0 = never, 1 = always).</source>
        <translation>一个视图应用此数据增强的概率（0 = 从不，1 = 总是）。</translation>
    </message>
    <message>
        <source>Probe and kNN bank from the first N training images (0 = all).</source>
        <translation>线性探测和 kNN 样本库取前 N 张训练图像（0 = 全部）。</translation>
    </message>
    <message>
        <source>Probe epochs</source>
        <translation>线性探测轮数</translation>
    </message>
    <message>
        <source>Probe training images</source>
        <translation>线性探测训练图像数</translation>
    </message>
    <message>
        <source>Projection hidden size</source>
        <translation>投影头隐藏层宽度</translation>
    </message>
    <message>
        <source>Projection size</source>
        <translation>投影维度</translation>
    </message>
    <message>
        <source>Prototypes</source>
        <translation>原型数</translation>
    </message>
    <message>
        <source>Queue size K</source>
        <translation>队列大小 K</translation>
    </message>
    <message>
        <source>Randomly change brightness, contrast, saturation and hue: without it SimCLR can match views by their colour histogram alone (Chen et al. 2020, section 3).</source>
        <translation>随机改变亮度、对比度、饱和度和色调：没有它，SimCLR 仅凭颜色直方图就能匹配视图（Chen 等，2020，第 3 节）。</translation>
    </message>
    <message>
        <source>Redundancy weight λ</source>
        <translation>冗余项权重 λ</translation>
    </message>
    <message>
        <source>Rotation prediction</source>
        <translation>旋转预测</translation>
    </message>
    <message>
        <source>Rotation prediction (Gidaris et al. 2018) turns every image by 0, 90, 180 or 270 degrees and trains the encoder with a 4-way classifier to tell which. To know which way is up the network must recognise what the object is, so its features become useful for classification. Watch the Rotation tab: the network&apos;s guesses turn green as it learns.</source>
        <translation>旋转预测（Gidaris 等，2018）把每张图像旋转 0、90、180 或 270 度，并用一个四分类器训练编码器判断旋转了多少。要知道哪边朝上，网络必须认出物体是什么，因此学到的特征对分类很有用。请观察“旋转”标签页：随着网络学习，它的猜测会逐渐变绿。</translation>
    </message>
    <message>
        <source>SGD and LARS momentum.</source>
        <translation>SGD 和 LARS 的动量。</translation>
    </message>
    <message>
        <source>Samples shown in the live views and the similarity matrix.</source>
        <translation>实时视图和相似度矩阵中显示的样本数。</translation>
    </message>
    <message>
        <source>Saturation</source>
        <translation>饱和度</translation>
    </message>
    <message>
        <source>Saturation factor drawn from [1 - s, 1 + s] (0 = unchanged; no effect on gray images).</source>
        <translation>饱和度系数从 [1 - s, 1 + s] 中随机抽取（0 = 不变；对灰度图像无效）。</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>调度</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Seed for weights, data order and augmentations: the same seed gives the same run.</source>
        <translation>权重初始化、数据顺序和数据增强的随机种子：相同的种子得到相同的运行结果。</translation>
    </message>
    <message>
        <source>Share of the patches hidden from the encoder (exactly round(ratio x patches) per image); BEiT hides 40 %.</source>
        <translation>对编码器遮挡的图块比例（每张图像恰好遮挡 round(ratio x patches) 个）；BEiT 遮挡 40 %。</translation>
    </message>
    <message>
        <source>Share of the patches hidden from the encoder (exactly round(ratio x patches) per image); MAE hides 75 %.</source>
        <translation>对编码器遮挡的图块比例（每张图像恰好遮挡 round(ratio x patches) 个）；MAE 遮挡 75 %。</translation>
    </message>
    <message>
        <source>Share of the patches hidden from the encoder (exactly round(ratio x patches) per image); SimMIM hides 60 % of larger patches.</source>
        <translation>对编码器遮挡的图块比例（每张图像恰好遮挡 round(ratio x patches) 个）；SimMIM 用较大的图块并遮挡 60 %。</translation>
    </message>
    <message>
        <source>Sharpening of the teacher&apos;s distribution after the warm-up (the paper uses 0.04 to 0.07).</source>
        <translation>预热结束后教师网络分布的锐化程度（论文取 0.04 到 0.07）。</translation>
    </message>
    <message>
        <source>Side in pixels of the views the network sees: 0 = the dataset&apos;s own size, else 8 to 512. Crops are resized to it.</source>
        <translation>网络看到的视图边长（像素）：0 = 数据集原尺寸，否则为 8 到 512。裁剪结果会缩放到此尺寸。</translation>
    </message>
    <message>
        <source>Side of a square patch in pixels; a multiple of 4 (the ConvNet&apos;s feature-map stride) that divides the image size (28 for Fashion-MNIST: 4 or 28).</source>
        <translation>正方形图块的边长（像素）；须为 4 的倍数（ConvNet 特征图的步长），且能整除图像尺寸（Fashion-MNIST 为 28：可取 4 或 28）。</translation>
    </message>
    <message>
        <source>Side of a square patch in pixels; it must divide the image size (28 for Fashion-MNIST: 2, 4, 7 or 14).</source>
        <translation>正方形图块的边长（像素）；须能整除图像尺寸（Fashion-MNIST 为 28：可取 2、4、7 或 14）。</translation>
    </message>
    <message>
        <source>SimCLR</source>
        <translation>SimCLR</translation>
    </message>
    <message>
        <source>SimCLR (Chen et al. 2020) makes two random augmentations of every image, encodes both and projects them with a small MLP. The NT-Xent loss treats the other view of the same image as the positive and the 2N-2 other views of the batch as negatives, at temperature τ. Watch the similarity matrix: the two positive diagonals light up as the encoder learns what the augmentations leave unchanged.</source>
        <translation>SimCLR（Chen 等，2020）对每张图像做两次随机数据增强，分别编码，再用一个小型 MLP 投影。NT-Xent 损失以同一图像的另一个视图为正样本，以批次中其余 2N-2 个视图为负样本，温度系数为 τ。请观察相似度矩阵：随着编码器学会哪些信息在数据增强下保持不变，两条正样本对角线会逐渐亮起来。</translation>
    </message>
    <message>
        <source>SimSiam</source>
        <translation>SimSiam</translation>
    </message>
    <message>
        <source>SimSiam (Chen &amp; He 2021) passes two views through the same encoder and projector; a small predictor MLP maps the projection of one view onto the projection of the other, and the loss is their negative cosine similarity, symmetrised. There are no negatives: only the stop-gradient on the target branch and the predictor keep the network from mapping every image to the same point. Watch the Collapse tab: the embedding spread should stay near 1/√d. Turn stop-gradient or the predictor off and it drops towards 0 within the first minute while the loss sinks to −1: the collapse the paper shows.</source>
        <translation>SimSiam（Chen &amp; He，2021）让两个视图经过同一个编码器和投影头；一个小型预测头 MLP 把一个视图的投影映射到另一个视图的投影上，损失是二者的负余弦相似度，并做对称化处理。这里没有负样本：只有目标分支上的停止梯度和预测头阻止网络把所有图像映射到同一个点。请观察“坍缩监测”标签页：嵌入的离散度应保持在 1/√d 附近。关闭停止梯度或预测头后，它会在第一分钟内降向 0，同时损失降到 −1：这正是论文中展示的坍缩。</translation>
    </message>
    <message>
        <source>SimpleMIM (masked modeling, ConvNet)</source>
        <translation>SimpleMIM（掩码建模，ConvNet）</translation>
    </message>
    <message>
        <source>Size of the L2-normalised embedding before the prototype layer (256 in the paper).</source>
        <translation>原型层之前经 L2 归一化的嵌入维度（论文中为 256）。</translation>
    </message>
    <message>
        <source>Size of the permutation set, the classes to tell apart (Noroozi &amp; Favaro use 100 to 1000).</source>
        <translation>排列集合的大小，即要区分的类别数（Noroozi &amp; Favaro 使用 100 到 1000）。</translation>
    </message>
    <message>
        <source>Smallest area</source>
        <translation>最小面积</translation>
    </message>
    <message>
        <source>Smallest blur width σ, in pixels.</source>
        <translation>最小模糊宽度 σ（像素）。</translation>
    </message>
    <message>
        <source>Smallest crop, as a fraction of the image area (SimCLR: 0.08; 0.2 for small images).</source>
        <translation>最小裁剪面积，以占图像面积的比例表示（SimCLR：0.08；小图像用 0.2）。</translation>
    </message>
    <message>
        <source>Smallest σ</source>
        <translation>最小 σ</translation>
    </message>
    <message>
        <source>Softmax temperature of the contrastive loss: lower is sharper, it weighs hard negatives more. Editable live from the toolbar.</source>
        <translation>对比损失中 softmax 的温度系数：越低分布越尖锐，困难负样本的权重越大。可在工具栏中实时修改。</translation>
    </message>
    <message>
        <source>Solarize</source>
        <translation>曝光反转（solarize）</translation>
    </message>
    <message>
        <source>Standard deviation</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>Standardise frozen features before the offline probe (off: raw features, as the reference text).</source>
        <translation>离线线性探测前对冻结特征做标准化（关闭：使用原始特征，与参考文献一致）。</translation>
    </message>
    <message>
        <source>Standardise probe features</source>
        <translation>标准化探测特征</translation>
    </message>
    <message>
        <source>Steps between checkpoints (one is also written at every epoch end and on stop).</source>
        <translation>两次保存检查点之间的步数（每轮结束和停止时也会各写一次）。</translation>
    </message>
    <message>
        <source>Steps of linear learning-rate warm-up from 0.</source>
        <translation>学习率从 0 线性预热的步数。</translation>
    </message>
    <message>
        <source>Steps per epoch</source>
        <translation>每轮步数</translation>
    </message>
    <message>
        <source>Stop-gradient</source>
        <translation>停止梯度</translation>
    </message>
    <message>
        <source>Student temperature</source>
        <translation>学生网络温度</translation>
    </message>
    <message>
        <source>Subtract the per-channel mean and divide by the standard deviation before the network sees the views (the preview shows them un-normalised).</source>
        <translation>在网络看到视图之前，减去各通道均值并除以标准差（预览显示的是未归一化的视图）。</translation>
    </message>
    <message>
        <source>Subtract the running mean of the teacher&apos;s scores before sharpening. Off, one prototype takes over and the representation collapses.</source>
        <translation>锐化前减去教师网络输出分数的滑动平均值。关闭后，某一个原型会占据主导，表征随之坍缩。</translation>
    </message>
    <message>
        <source>Supervised (labels)</source>
        <translation>有监督（使用标签）</translation>
    </message>
    <message>
        <source>Symmetric loss</source>
        <translation>对称损失</translation>
    </message>
    <message>
        <source>Target momentum τ</source>
        <translation>目标网络动量 τ</translation>
    </message>
    <message>
        <source>Teacher momentum</source>
        <translation>教师网络动量</translation>
    </message>
    <message>
        <source>Teacher temperature</source>
        <translation>教师网络温度</translation>
    </message>
    <message>
        <source>Teacher temperature at the start, moved linearly to the teacher temperature over the warm-up epochs.</source>
        <translation>教师网络的初始温度，在预热轮数内线性过渡到教师网络温度。</translation>
    </message>
    <message>
        <source>Temperature of the kNN vote weights exp(cos/T).</source>
        <translation>kNN 投票权重 exp(cos/T) 中的温度。</translation>
    </message>
    <message>
        <source>Temperature of the student&apos;s softmax (0.1 in the paper).</source>
        <translation>学生网络 softmax 的温度（论文中为 0.1）。</translation>
    </message>
    <message>
        <source>Temperature warm-up epochs</source>
        <translation>温度预热轮数</translation>
    </message>
    <message>
        <source>Temperature τ</source>
        <translation>温度系数 τ</translation>
    </message>
    <message>
        <source>Test images</source>
        <translation>测试图像数</translation>
    </message>
    <message>
        <source>The encoder: the small ConvNet (CPU class demos), ResNet-18 with the CIFAR stem, or ViT-Tiny.</source>
        <translation>编码器：小型 ConvNet（用于课堂 CPU 演示）、带 CIFAR 输入层的 ResNet-18，或 ViT-Tiny。</translation>
    </message>
    <message>
        <source>The online network&apos;s extra MLP. Off, the network collapses to a constant output.</source>
        <translation>在线网络额外的 MLP。关闭后，网络会坍缩为常数输出。</translation>
    </message>
    <message>
        <source>The prediction MLP h between the branches. Without it the network collapses (Table 1).</source>
        <translation>两个分支之间的预测 MLP h。没有它，网络会坍缩（表 1）。</translation>
    </message>
    <message>
        <source>The self-supervised method: simclr (SimCLR), moco (MoCo v2), byol (BYOL), dino (DINO), simsiam (SimSiam), barlow (Barlow Twins), rotation (Rotation prediction), jigsaw (Jigsaw puzzles), colorization (Colorization), mae (MAE (masked autoencoder)), simplemim (SimpleMIM (masked modeling, ConvNet)), beit (BEiT (visual tokens, ConvNet)), supervised (Supervised (labels)).</source>
        <translation>自监督方法：simclr（SimCLR）、moco（MoCo v2）、byol（BYOL）、dino（DINO）、simsiam（SimSiam）、barlow（Barlow Twins）、rotation（旋转预测）、jigsaw（拼图）、colorization（着色）、mae（MAE（掩码自编码器））、simplemim（SimpleMIM（掩码建模，ConvNet））、beit（BEiT（视觉词元，ConvNet））、supervised（有监督（使用标签））。</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程数</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <source>Tile crop</source>
        <translation>图块裁剪</translation>
    </message>
    <message>
        <source>Tile enlargement</source>
        <translation>图块放大倍数</translation>
    </message>
    <message>
        <source>Tile jitter</source>
        <translation>图块抖动</translation>
    </message>
    <message>
        <source>Tile mode: each tile is enlarged this many times (bilinear) before the encoder, so that the encoder trains nearer the scale at which it is evaluated on whole images. Costs the square of it in compute.</source>
        <translation>图块模式：每个图块在送入编码器前先放大这么多倍（双线性插值），使编码器的训练尺度更接近在整张图像上评估时的尺度。计算量按其平方增加。</translation>
    </message>
    <message>
        <source>Tile mode: every tile gets its own contrast (x [1-j, 1+j]) and brightness (+[-j, j] standard deviations), so that tiles cannot be matched by their grey level alone. 0 turns it off.</source>
        <translation>图块模式：每个图块有各自的对比度（乘以 [1-j, 1+j]）和亮度（加上 [-j, j] 个标准差），使图块无法仅凭灰度水平来匹配。0 表示关闭。</translation>
    </message>
    <message>
        <source>Tile mode: side of the random crop taken inside each tile&apos;s cell, as a fraction of the cell. Below 1 a random gap separates neighbouring tiles, so that their edges cannot be matched.</source>
        <translation>图块模式：在每个图块格子内随机裁剪的边长，以占格子边长的比例表示。小于 1 时，相邻图块之间会有随机间隙，使它们的边缘无法直接拼接匹配。</translation>
    </message>
    <message>
        <source>Tiles per side: 3 gives 3x3 = 9 tiles.</source>
        <translation>每边的图块数：3 表示 3x3 = 9 个图块。</translation>
    </message>
    <message>
        <source>Train a linear classifier on detached features alongside, every step (its accuracy is live).</source>
        <translation>在训练的每一步，同时在分离梯度（detach）的特征上训练一个线性分类器（其准确率实时显示）。</translation>
    </message>
    <message>
        <source>Training images</source>
        <translation>训练图像数</translation>
    </message>
    <message>
        <source>Transformer blocks of the decoder (MAE: 8 at width 512 for ImageNet; light for small images).</source>
        <translation>解码器的 Transformer 块数（MAE 在 ImageNet 上用 8 个，宽度 512；小图像用轻量配置即可）。</translation>
    </message>
    <message>
        <source>Upper bound on live previews sent to the window (0 = none).</source>
        <translation>发送到窗口的实时预览数量上限（0 = 不发送）。</translation>
    </message>
    <message>
        <source>Use only the first N test images (0 = all).</source>
        <translation>只使用前 N 张测试图像（0 = 全部）。</translation>
    </message>
    <message>
        <source>Use only the first N training images (0 = all).</source>
        <translation>只使用前 N 张训练图像（0 = 全部）。</translation>
    </message>
    <message>
        <source>Vocabulary size</source>
        <translation>词表大小</translation>
    </message>
    <message>
        <source>Warm-up steps</source>
        <translation>预热步数</translation>
    </message>
    <message>
        <source>Warm-up teacher temperature</source>
        <translation>预热期教师网络温度</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>Weight λ of the off-diagonal (redundancy reduction) term. The paper&apos;s 0.005 (tuned for 8192 dimensions) also suits small projectors; about 1/projection_dim is a common choice.</source>
        <translation>非对角（冗余消减）项的权重 λ。论文中的 0.005（针对 8192 维调优）同样适用于小型投影头；常见的取法约为 1/projection_dim。</translation>
    </message>
    <message>
        <source>Which augmentation does SimCLR need most? Each run removes one; the drop in linear-probe accuracy against the run with all of them measures what it contributed.</source>
        <translation>SimCLR 最需要哪种数据增强？每次运行去掉一种；与使用全部数据增强的运行相比，线性探测准确率的下降量衡量了该增强的贡献。</translation>
    </message>
    <message>
        <source>Widest crop, as width / height (4/3 in torchvision).</source>
        <translation>最宽裁剪的宽高比（宽 / 高，torchvision 中为 4/3）。</translation>
    </message>
    <message>
        <source>Widest shape</source>
        <translation>最宽形状</translation>
    </message>
    <message>
        <source>Width of the decoder&apos;s tokens; a multiple of 4 (its 4 attention heads).</source>
        <translation>解码器词元的宽度；须为 4 的倍数（它有 4 个注意力头）。</translation>
    </message>
    <message>
        <source>Width of the hidden layer of the predictor MLP.</source>
        <translation>预测头 MLP 隐藏层的宽度。</translation>
    </message>
    <message>
        <source>Width of the hidden layer of the projection MLP.</source>
        <translation>投影头 MLP 隐藏层的宽度。</translation>
    </message>
    <message>
        <source>Width of the hidden layer of the rotation classifier (0 = one linear layer, as the paper). A hidden layer takes the orientation-specific work off the encoder&apos;s last layer.</source>
        <translation>旋转分类器隐藏层的宽度（0 = 单个线性层，与论文一致）。隐藏层可以承担与方向相关的工作，减轻编码器最后一层的负担。</translation>
    </message>
    <message>
        <source>Width of the predictor&apos;s bottleneck layer (the paper: a quarter of the projection size). A narrow one (128 for 512 dimensions) learns much more slowly in short runs.</source>
        <translation>预测头瓶颈层的宽度（论文中为投影维度的四分之一）。较窄的瓶颈（512 维时取 128）在短时间运行中学得慢得多。</translation>
    </message>
    <message>
        <source>With few labels, how much does pre-training help, and does pre-training without labels come close to pre-training with them?</source>
        <translation>标签很少时，预训练能带来多大帮助？不使用标签的预训练能否接近使用标签的预训练？</translation>
    </message>
    <message>
        <source>a student matches a moving-average teacher&apos;s centred, sharpened distribution over prototypes</source>
        <translation>学生网络去匹配滑动平均教师网络在原型上经中心化、锐化后的分布</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>all cores</source>
        <translation>全部核心</translation>
    </message>
    <message>
        <source>auto: bf16 mixed precision on CUDA and on CPUs with native bf16, fp32 elsewhere.</source>
        <translation>auto：在 CUDA 和原生支持 bf16 的 CPU 上使用 bf16 混合精度，其他情况使用 fp32。</translation>
    </message>
    <message>
        <source>both methods with the same backbone, epochs, batch and seed</source>
        <translation>两种方法使用相同的骨干网络、轮数、批大小和随机种子</translation>
    </message>
    <message>
        <source>contrast each query with its momentum-encoded key and a queue of K keys from earlier batches</source>
        <translation>将每个查询与其动量编码器得到的键、以及来自先前批次的 K 个键组成的队列进行对比</translation>
    </message>
    <message>
        <source>contrastive</source>
        <translation>对比学习</translation>
    </message>
    <message>
        <source>cpu, cuda or cuda:N.</source>
        <translation>cpu、cuda 或 cuda:N。</translation>
    </message>
    <message>
        <source>cut each image into a grid of tiles, shuffle them, and classify which permutation was used</source>
        <translation>把每张图像切成网格图块并打乱，然后分类判断使用了哪种排列</translation>
    </message>
    <message>
        <source>dataset size</source>
        <translation>数据集原尺寸</translation>
    </message>
    <message>
        <source>each encoder probed and fine-tuned with 1 % and 10 % of the labels</source>
        <translation>每个编码器分别用 1 % 和 10 % 的标签做线性探测和微调</translation>
    </message>
    <message>
        <source>fashion-mnist        Fashion-MNIST: gzipped IDX files in /usr/share/datasets/fashion-mnist
fashion-mnist:DIR    Fashion-MNIST IDX files (plain or .gz) in DIR
mnist:DIR            MNIST IDX files (plain or .gz) in DIR
cifar10:DIR          CIFAR-10 binary version: data_batch_1..5.bin, test_batch.bin in DIR
cifar100:DIR         CIFAR-100 binary version: train.bin, test.bin in DIR (fine labels)
stl10:DIR            STL-10 binary: train_X.bin, train_y.bin, test_X.bin, test_y.bin in DIR
folder:DIR           one sub-folder of images per class in DIR (builds with OpenCV only)
shapes               procedural colour shapes, 10 classes, 2000 train + 400 test images
shapes:N             procedural colour shapes, N train + N/5 test images</source>
        <translation>fashion-mnist        Fashion-MNIST：/usr/share/datasets/fashion-mnist 中 gzip 压缩的 IDX 文件
fashion-mnist:DIR    DIR 中的 Fashion-MNIST IDX 文件（未压缩或 .gz）
mnist:DIR            DIR 中的 MNIST IDX 文件（未压缩或 .gz）
cifar10:DIR          DIR 中的 CIFAR-10 二进制版本：data_batch_1..5.bin、test_batch.bin
cifar100:DIR         DIR 中的 CIFAR-100 二进制版本：train.bin、test.bin（细粒度标签）
stl10:DIR            DIR 中的 STL-10 二进制文件：train_X.bin、train_y.bin、test_X.bin、test_y.bin
folder:DIR           DIR 中每个类别一个图像子文件夹（仅限带 OpenCV 的构建）
shapes               程序生成的彩色形状，10 个类别，2000 张训练 + 400 张测试图像
shapes:N             程序生成的彩色形状，N 张训练 + N/5 张测试图像</translation>
    </message>
    <message>
        <source>fashion-mnist, mnist:DIR, cifar10:DIR, cifar100:DIR, stl10:DIR, folder:DIR, shapes[:N]</source>
        <translation>fashion-mnist、mnist:DIR、cifar10:DIR、cifar100:DIR、stl10:DIR、folder:DIR、shapes[:N]</translation>
    </message>
    <message>
        <source>full pass</source>
        <translation>完整遍历</translation>
    </message>
    <message>
        <source>hide most patches of each image and reconstruct their pixels from the visible ones (ViT)</source>
        <translation>遮挡每张图像的大部分图块，并根据可见图块重建被遮挡图块的像素（ViT）</translation>
    </message>
    <message>
        <source>hide patches and predict each hidden patch&apos;s visual token (a k-means word) rather than its pixels</source>
        <translation>遮挡图块，预测每个被遮挡图块的视觉词元（一个 k-means 词），而不是其像素</translation>
    </message>
    <message>
        <source>hide patches behind a learned mask value and predict their pixels from a ConvNet&apos;s feature map</source>
        <translation>用一个可学习的掩码值遮挡图块，并根据 ConvNet 的特征图预测其像素</translation>
    </message>
    <message>
        <source>k-means iterations</source>
        <translation>k-means 迭代次数</translation>
    </message>
    <message>
        <source>kNN neighbours</source>
        <translation>kNN 近邻数</translation>
    </message>
    <message>
        <source>kNN temperature</source>
        <translation>kNN 温度</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>线性层</translation>
    </message>
    <message>
        <source>make the cross-correlation of two views&apos; embeddings the identity: invariant and decorrelated</source>
        <translation>使两个视图嵌入的互相关矩阵等于单位矩阵：既保持不变性，又去除相关性</translation>
    </message>
    <message>
        <source>masked modeling</source>
        <translation>掩码建模</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>predict a slowly moving average network&apos;s projection of the other view; no negatives</source>
        <translation>预测一个缓慢滑动平均网络对另一个视图的投影；不使用负样本</translation>
    </message>
    <message>
        <source>predict by how many quarter turns each image was rotated (4-way classification)</source>
        <translation>预测每张图像被旋转了几个 90 度（四分类）</translation>
    </message>
    <message>
        <source>predict one view&apos;s projection from the other&apos;s through a small MLP, with a stop-gradient</source>
        <translation>通过一个小型 MLP 从一个视图的投影预测另一个视图的投影，并使用停止梯度</translation>
    </message>
    <message>
        <source>pretext task</source>
        <translation>代理任务</translation>
    </message>
    <message>
        <source>random: patches chosen independently (MAE, SimMIM). block: rectangles of patches (BEiT&apos;s block-wise masking), which hide whole parts of an object.</source>
        <translation>random：独立随机选取图块（MAE、SimMIM）。block：按矩形区域成块遮挡图块（BEiT 的分块掩码），可遮住物体的整个部分。</translation>
    </message>
    <message>
        <source>see a gray picture and paint its colours back (colour datasets only)</source>
        <translation>看一张灰度图，把它的颜色重新画回去（仅限彩色数据集）</translation>
    </message>
    <message>
        <source>self-distillation</source>
        <translation>自蒸馏</translation>
    </message>
    <message>
        <source>supervised baseline</source>
        <translation>有监督基线</translation>
    </message>
    <message>
        <source>the baseline: the same encoder trained on the labels with cross-entropy</source>
        <translation>基线：同一个编码器用标签和交叉熵损失训练</translation>
    </message>
    <message>
        <source>the same SimCLR run at each temperature of a list (default 0.05, 0.1, 0.2, 0.5, 1)</source>
        <translation>同一个 SimCLR 运行在列表中的每个温度系数下各跑一次（默认 0.05、0.1、0.2、0.5、1）</translation>
    </message>
    <message>
        <source>the same SimCLR run once with every augmentation and once per augmentation removed</source>
        <translation>同一个 SimCLR 运行：先使用全部数据增强跑一次，再每次去掉一种数据增强各跑一次</translation>
    </message>
    <message>
        <source>train SimCLR and probe its encoder against the same network untrained</source>
        <translation>训练 SimCLR，并将其编码器与未经训练的同一网络做线性探测对比</translation>
    </message>
    <message>
        <source>two augmented views per image; NT-Xent pulls each pair together against the 2N-2 other views</source>
        <translation>每张图像生成两个增强视图；NT-Xent 将每对视图拉近，并与其余 2N-2 个视图相对比</translation>
    </message>
    <message>
        <source>measuring the random-init baseline</source>
        <translation>正在测量随机初始化基线</translation>
    </message>
    <message>
        <source>evaluating: linear probe and kNN</source>
        <translation>正在评估：线性探测与 kNN</translation>
    </message>
    <message>
        <source>all on</source>
        <translation>全部开启</translation>
    </message>
    <message>
        <source>crop removed</source>
        <translation>去掉裁剪</translation>
    </message>
    <message>
        <source>flip removed</source>
        <translation>去掉翻转</translation>
    </message>
    <message>
        <source>jitter removed</source>
        <translation>去掉颜色抖动</translation>
    </message>
    <message>
        <source>grayscale removed</source>
        <translation>去掉灰度化</translation>
    </message>
    <message>
        <source>blur removed</source>
        <translation>去掉模糊</translation>
    </message>
    <message>
        <source>solarize removed</source>
        <translation>去掉曝光反转</translation>
    </message>
    <message>
        <source>supervised (every label)</source>
        <translation>有监督（使用全部标签）</translation>
    </message>
    <message>
        <source>%1 points</source>
        <translation>%1 个百分点</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1、%2</translation>
    </message>
    <message>
        <source>crop</source>
        <translation>裁剪</translation>
    </message>
    <message>
        <source>flip</source>
        <translation>翻转</translation>
    </message>
    <message>
        <source>jitter</source>
        <translation>颜色抖动</translation>
    </message>
    <message>
        <source>grayscale</source>
        <translation>灰度化</translation>
    </message>
    <message>
        <source>blur</source>
        <translation>模糊</translation>
    </message>
    <message>
        <source>solarize</source>
        <translation>曝光反转</translation>
    </message>
    <message>
        <source>No run has finished yet.</source>
        <translation>还没有运行完成。</translation>
    </message>
    <message>
        <source>Runs this short move by about one point with another seed: read differences smaller than that as no difference.</source>
        <translation>这么短的运行换一个随机种子，结果大约会变动一个百分点：比这更小的差异应视为没有差异。</translation>
    </message>
    <message>
        <source>The trained encoder reaches %1 with a linear probe, against %2 for the same network as its seed initialised it (%3); the kNN classifier, which learns nothing itself, goes from %4 to %5. </source>
        <translation>训练后的编码器在线性探测下达到 %1，而同一网络在随机初始化（由其随机种子初始化）时为 %2（%3）；kNN 分类器本身不学习任何东西，其准确率从随机初始化时的 %4 变为 %5。</translation>
    </message>
    <message>
        <source>The trained encoder reaches %1 with a linear probe, against %2 for the same network as its seed initialised it (%3). </source>
        <translation>训练后的编码器在线性探测下达到 %1，而同一网络在随机初始化（由其随机种子初始化）时为 %2（%3）。</translation>
    </message>
    <message>
        <source>The trained encoder reaches %1 with a linear probe; the kNN classifier, which learns nothing itself, goes from %2 to %3. </source>
        <translation>训练后的编码器在线性探测下达到 %1；kNN 分类器本身不学习任何东西，其准确率从随机初始化时的 %2 变为 %3。</translation>
    </message>
    <message>
        <source>The trained encoder reaches %1 with a linear probe. </source>
        <translation>训练后的编码器在线性探测下达到 %1。</translation>
    </message>
    <message>
        <source>The gain is what the method learned without a single label.</source>
        <translation>提升的部分，就是该方法在不使用任何标签的情况下学到的东西。</translation>
    </message>
    <message>
        <source>The run with every augmentation has not finished yet: it is what each removal is compared with.</source>
        <translation>启用全部数据增强的运行尚未完成：去掉每种数据增强后的结果都要与它比较。</translation>
    </message>
    <message>
        <source>With every augmentation the linear probe reaches %1. </source>
        <translation>启用全部数据增强时，线性探测准确率达到 %1。</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>No removal cost more than a point (%1): in runs this short none of these augmentations made a difference the probe can tell from noise. Longer runs (--epochs) separate them. </source>
        <translation>去掉任何一种数据增强，准确率的下降都不超过一个百分点（%1）：在这么短的运行中，这些数据增强带来的差异都无法被线性探测从噪声中区分出来。更长的运行（--epochs）能把它们区分开。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Removing %1 costs the most: %2 (%3); then %4. </source>
        <translation>去掉%1的代价最大：%2（%3）；其次是%4。</translation>
    </message>
    <message>
        <source>Removing %1 costs the most: %2 (%3). </source>
        <translation>去掉%1的代价最大：%2（%3）。</translation>
    </message>
    <message>
        <source>An augmentation matters when, without it, the two views of an image share something easier to match than what the image shows: without crops both views keep the same framing, without colour changes the same colours. </source>
        <translation>一种数据增强之所以重要，是因为没有它时，同一图像的两个视图会共享某种比图像内容更容易匹配的东西：没有裁剪，两个视图的取景相同；没有颜色变化，两个视图的颜色相同。</translation>
    </message>
    <message>
        <source>Grayscale was not removed: on gray images it changes nothing (run the colour augmentations on shapes: --dataset shapes). </source>
        <translation>没有去掉灰度化：它对灰度图像不起任何作用（要考察颜色类数据增强，请在 shapes 数据集上运行：--dataset shapes）。</translation>
    </message>
    <message>
        <source>Only τ = %1 has finished (%2 linear probe): the sweep compares once more runs are done. </source>
        <translation>只有 τ = %1 已完成（线性探测 %2）：等更多运行完成后，才能在不同温度之间比较。</translation>
    </message>
    <message>
        <source>%1 temperatures are within a point of the best here, τ = %2 (%3 linear probe, %4 kNN): between them the probe cannot tell. </source>
        <translation>这里有 %1 个温度系数的结果与最佳的 τ = %2（线性探测 %3，kNN %4）相差不到一个百分点：线性探测无法在它们之间分出高下。</translation>
    </message>
    <message>
        <source>The best temperature here is τ = %1 (%2 linear probe, %3 kNN). </source>
        <translation>这里最佳的温度系数是 τ = %1（线性探测 %2，kNN %3）。</translation>
    </message>
    <message>
        <source>τ = %1 gives %2 and τ = %3 gives %4. </source>
        <translation>线性探测准确率在 τ = %1 时为 %2，在 τ = %3 时为 %4。</translation>
    </message>
    <message>
        <source>kNN, which reads the neighbourhoods of the embedding directly, ranges from %1 at τ = %2 to %3 at τ = %4, best at τ = %5 (%6). </source>
        <translation>kNN 直接读取嵌入的近邻关系，其准确率从 τ = %2 时的 %1 变化到 τ = %4 时的 %3，在 τ = %5 时最佳（%6）。</translation>
    </message>
    <message>
        <source>What to look for: a low τ sharpens the softmax over the negatives, so the loss concentrates on the few hardest ones (often images of the same class, pushed apart) and training can become unstable; a high τ weighs every negative alike and the embeddings spread less over the sphere. </source>
        <translation>要观察的是：较低的 τ 使负样本上的 softmax 更尖锐，损失集中在少数最难的负样本上（往往是同一类别的图像，却被推开），训练可能变得不稳定；较高的 τ 对每个负样本一视同仁，嵌入在球面上分布得不那么开。</translation>
    </message>
    <message>
        <source>At %1 training diverged (non-finite loss). </source>
        <translation>%1 时训练发散（损失不是有限值）。</translation>
    </message>
    <message>
        <source>In the same setting SimCLR reaches %1 (kNN %2) and BYOL %3 (kNN %4), %5 for BYOL, in %6 and %7 (min:s). </source>
        <translation>在相同设置下，SimCLR 达到 %1（kNN %2），BYOL 达到 %3（kNN %4），BYOL 相对 SimCLR 为 %5；用时分别为 %6 和 %7（分:秒）。</translation>
    </message>
    <message>
        <source>BYOL needs no negative pairs: a predictor on the online network and a slowly moving target network keep it from collapsing to a constant. </source>
        <translation>BYOL 不需要负样本对：在线网络上的预测头和缓慢更新的目标网络使它不会坍缩为常数。</translation>
    </message>
    <message>
        <source>Its target changes slowly by design, so in short runs like these it tends to trail SimCLR; in the papers&apos; long runs it overtakes it. </source>
        <translation>它的目标网络按设计变化缓慢，因此在这样的短运行中往往落后于 SimCLR；在论文的长时间训练中，它会反超 SimCLR。</translation>
    </message>
    <message>
        <source>Here it is ahead already: negatives are not needed to learn. </source>
        <translation>这里它已经领先：学习并不需要负样本。</translation>
    </message>
    <message>
        <source>Here the two are within a point of each other. </source>
        <translation>这里两者相差不到一个百分点。</translation>
    </message>
    <message>
        <source>One of the two runs has not finished yet. </source>
        <translation>两次运行中还有一次尚未完成。</translation>
    </message>
    <message>
        <source>With %1 of the labels (%2 images), a linear probe on the self-supervised encoder reaches %3 against %4 on the random-init one (%5) and %6 on the supervised one; fine-tuning the whole encoder gives %7, %8 and %9. </source>
        <translation>使用 %1 的标签（%2 张图像）时，自监督编码器上的线性探测达到 %3，随机初始化的编码器上为 %4（%5），有监督编码器上为 %6；微调整个编码器则分别得到 %7、%8 和 %9。</translation>
    </message>
    <message>
        <source>With %1 of the labels (%2 images), a linear probe on the self-supervised encoder reaches %3 against %4 on the random-init one (%5); fine-tuning the whole encoder gives %6, %7. </source>
        <translation>使用 %1 的标签（%2 张图像）时，自监督编码器上的线性探测达到 %3，随机初始化的编码器上为 %4（%5）；微调整个编码器则分别得到 %6 和 %7。</translation>
    </message>
    <message>
        <source>Here fine-tuning the self-supervised encoder scores below its linear probe: a short fine-tuning of the whole encoder with a new classifier on few images can spoil what it learned before it adapts it (a lower encoder learning rate or more passes change that). </source>
        <translation>这里自监督编码器微调后的结果低于其线性探测：用很少的图像、配一个新的分类器对整个编码器做短时间微调，可能在适应之前就破坏了它已学到的东西（降低编码器的学习率或增加训练轮数可以改变这一点）。</translation>
    </message>
    <message>
        <source>The supervised encoder learned from every label of the training set, as an ImageNet-pre-trained network did in the reference text: it is the upper reference, not a fair competitor. The self-supervised one saw the same images without labels; the fewer labels there are, the more its pre-training is worth against starting from random weights. </source>
        <translation>有监督编码器使用训练集的全部标签进行学习，就像参考教材中在 ImageNet 上预训练的网络一样：它是上限参照，而不是公平的竞争者。自监督编码器看到的是同样的图像，但没有标签；标签越少，它的预训练相对于从随机权重开始就越有价值。</translation>
    </message>
    <message>
        <source>a null</source>
        <translation>null 值</translation>
    </message>
    <message>
        <source>a boolean</source>
        <translation>布尔值</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>数组</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>one of: %1</source>
        <translation>可选值：%1</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>e.g. %1</source>
        <translation>例如 %1</translation>
    </message>
    <message>
        <source>more than %1, at most %2</source>
        <translation>大于 %1，至多 %2</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 到 %2</translation>
    </message>
    <message>
        <source>field %1: expected true or false, found %2</source>
        <translation>字段 %1：应为 true 或 false，实际为%2</translation>
    </message>
    <message>
        <source>field %1: expected a string, found %2</source>
        <translation>字段 %1：应为字符串，实际为%2</translation>
    </message>
    <message>
        <source>%1 = &quot;%2&quot; is not accepted; expected %3</source>
        <translation>%1 = &quot;%2&quot; 不可用；应为%3</translation>
    </message>
    <message>
        <source>field %1: expected a number, found %2</source>
        <translation>字段 %1：应为数字，实际为%2</translation>
    </message>
    <message>
        <source>field %1: expected an integer, found %2</source>
        <translation>字段 %1：应为整数，实际为 %2</translation>
    </message>
    <message>
        <source>%1 = %2 is out of range; expected %3</source>
        <translation>%1 = %2 超出范围；应为 %3</translation>
    </message>
    <message>
        <source>dataset is empty; expected a spec such as fashion-mnist or shapes:2000</source>
        <translation>数据集为空；应填写数据集说明，例如 fashion-mnist 或 shapes:2000</translation>
    </message>
    <message>
        <source>device = &quot;%1&quot; is not accepted; expected cpu, cuda or cuda:N</source>
        <translation>device = &quot;%1&quot; 不可用；应为 cpu、cuda 或 cuda:N</translation>
    </message>
    <message>
        <source>%1 is not a setting of method %2</source>
        <translation>%1 不是方法 %2 的设置项</translation>
    </message>
    <message>
        <source>backbone = &quot;%1&quot; does not fit method %2; expected one of: %3</source>
        <translation>backbone = &quot;%1&quot; 不适用于方法 %2；可选：%3</translation>
    </message>
</context>
<context>
    <name>pretext::ui::AugmentPreviewPanel</name>
    <message>
        <source>Live preview: what the network will see</source>
        <translation>实时预览：网络将看到的图像</translation>
    </message>
    <message>
        <source>Loading the preview…</source>
        <translation>正在加载预览…</translation>
    </message>
    <message>
        <source>&amp;New samples</source>
        <translation>换一批样本(&amp;N)</translation>
    </message>
    <message>
        <source>Show other images with other random augmentations (the run itself is not affected)</source>
        <translation>显示另一批图像及另一组随机数据增强（不影响运行本身）</translation>
    </message>
    <message>
        <source>Checking the dataset…</source>
        <translation>正在检查数据集…</translation>
    </message>
    <message>
        <source>No dataset loaded: see the message under the form.</source>
        <translation>未加载数据集：请查看表单下方的提示。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 classes (%3) · %4×%5 %6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 个类别（%3）· %4×%5 %6</translation>
    </message>
    <message>
        <source>gray</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>colour</source>
        <translation>彩色</translation>
    </message>
    <message>
        <source>No preview: the dataset could not be loaded.</source>
        <translation>无法预览：数据集加载失败。</translation>
    </message>
    <message>
        <source>Preview paused until the augmentation settings are valid.</source>
        <translation>预览已暂停，待数据增强设置有效后恢复。</translation>
    </message>
    <message>
        <source>%1 of the first %2 training images, draw %3. Hover a pair to see what was done to it.</source>
        <translation>前 %2 张训练图像中的 %1 张，第 %3 次抽样。将鼠标悬停在一对图像上，可查看对它做了哪些变换。</translation>
    </message>
    <message>
        <source>Rendered in %1 ms by the engine&apos;s augmentation pipeline</source>
        <translation>由引擎的数据增强流水线渲染，耗时 %1 ms</translation>
    </message>
    <message>
        <source>No preview: see the message under the form.</source>
        <translation>无法预览：请查看表单下方的提示。</translation>
    </message>
</context>
<context>
    <name>pretext::ui::CompareMaps</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Embedding maps side by side.&lt;/b&gt; Each selected run&apos;s trained encoder maps the same first test images of its dataset, one marker per image, coloured by class. &lt;b&gt;Neighbour purity&lt;/b&gt; (in each map&apos;s title) is the share of each marker&apos;s %1 nearest markers that have its class: about one in the number of classes for a random jumble, 1 when every class is an island of its own — the runs&apos; ability to separate the classes in one number.&lt;/p&gt;&lt;p&gt;&lt;b&gt;t-SNE&lt;/b&gt; keeps neighbours together (distances between far islands mean little); &lt;b&gt;PCA&lt;/b&gt; shows the two directions of largest variance. The maps are computed one run at a time.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;嵌入分布图并排对比。&lt;/b&gt;每个所选运行训练好的编码器都会映射其数据集中相同的前若干张测试图像，每张图像一个标记，按类别着色。&lt;b&gt;近邻纯度&lt;/b&gt;（显示在每张分布图的标题中）是每个标记的 %1 个最近标记中与它同类别的比例：随机混杂时约为 1/类别数，每个类别各自成簇时为 1——用一个数字概括各运行区分类别的能力。&lt;/p&gt;&lt;p&gt;&lt;b&gt;t-SNE&lt;/b&gt; 让近邻保持在一起（相距很远的簇之间的距离意义不大）；&lt;b&gt;PCA&lt;/b&gt; 显示方差最大的两个方向。分布图逐个运行依次计算。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Map &amp;kind:</source>
        <translation>分布图类型(&amp;K)：</translation>
    </message>
    <message>
        <source>t-SNE</source>
        <translation>t-SNE</translation>
    </message>
    <message>
        <source>PCA</source>
        <translation>PCA</translation>
    </message>
    <message>
        <source>t-SNE keeps neighbours together (about a second per run); PCA shows the two directions of largest variance (instant)</source>
        <translation>t-SNE 让近邻保持在一起（每个运行约一秒）；PCA 显示方差最大的两个方向（即时）</translation>
    </message>
    <message>
        <source>perplexity </source>
        <translation>困惑度 </translation>
    </message>
    <message>
        <source>How many neighbours each image&apos;s t-SNE position takes into account (5–50), the same for every run; a run with few test images gets the largest that fits them</source>
        <translation>每张图像的 t-SNE 位置考虑多少个近邻（5–50），所有运行相同；测试图像较少的运行取其能容纳的最大值</translation>
    </message>
    <message>
        <source>Every map shows test images spread over its run&apos;s test split: the maps of runs on one dataset show the same images, so they differ only in what the encoders learned</source>
        <translation>每张分布图的测试图像都均匀取自其运行的测试集：同一数据集上各运行的分布图展示的是相同的图像，因此差别只在于编码器学到了什么</translation>
    </message>
    <message>
        <source>Neighbour purity: the share of each marker&apos;s %1 nearest markers on the map that have its class; about one in the number of classes for a random jumble, 1 when every class is its own island.</source>
        <translation>近邻纯度：每个标记在分布图上的 %1 个最近标记中与它同类别的比例；随机混杂时约为 1/类别数，每个类别各自成簇时为 1。</translation>
    </message>
    <message>
        <source>t-SNE, perplexity %1</source>
        <translation>t-SNE，困惑度 %1</translation>
    </message>
    <message>
        <source>the checkpoint gave no features to map</source>
        <translation>检查点未提供可映射的特征</translation>
    </message>
    <message>
        <source>No map: %1</source>
        <translation>无分布图：%1</translation>
    </message>
    <message>
        <source>Reading the run&apos;s checkpoint…</source>
        <translation>正在读取运行的检查点…</translation>
    </message>
    <message>
        <source>Computing the %1…</source>
        <translation>正在计算 %1…</translation>
    </message>
    <message>
        <source>The map is computed when this tab is shown.</source>
        <translation>切换到此标签页时才计算分布图。</translation>
    </message>
    <message>
        <source>Waiting: the maps are computed one run at a time.</source>
        <translation>等待中：分布图逐个运行依次计算。</translation>
    </message>
    <message>
        <source> (axes: %1 % and %2 % of the variance)</source>
        <translation>（坐标轴：分别解释 %1 % 和 %2 % 的方差）</translation>
    </message>
    <message>
        <source>%1 · purity %2 · %3</source>
        <translation>%1 · 纯度 %2 · %3</translation>
    </message>
    <message>
        <source>%1
%2 of %3 test images; neighbour purity %4 (k = %5)</source>
        <translation>%1
%3 张测试图像的 %2；近邻纯度 %4（k = %5）</translation>
    </message>
    <message>
        <source>Different datasets: each map shows test images of its own run&apos;s dataset.</source>
        <translation>数据集不同：每张分布图展示的是其运行所用数据集的测试图像。</translation>
    </message>
    <message>
        <source>up to %1</source>
        <translation>至多 %1</translation>
    </message>
    <message>
        <source>Same test images: every map shows the same %1 test images.</source>
        <translation>测试图像相同：每张分布图展示的都是相同的 %1 张测试图像。</translation>
    </message>
    <message>
        <source>Same test images: every map shows the same %1 test images of %2.</source>
        <translation>测试图像相同：每张分布图展示的都是 %2 中相同的 %1 张测试图像。</translation>
    </message>
    <message>
        <source>No runs to map.</source>
        <translation>没有可生成分布图的运行。</translation>
    </message>
    <message>
        <source>The maps are computed when this tab is shown.</source>
        <translation>切换到此标签页时才计算分布图。</translation>
    </message>
    <message>
        <source>Reading run %1 of %2 (%3)…</source>
        <translation>正在读取运行 %1/%2（%3）…</translation>
    </message>
    <message>
        <source>%1 %2 of %3 (%4)… %5 / %6</source>
        <translation>%1：运行 %2/%3（%4）… %5 / %6</translation>
    </message>
    <message>
        <source>%1 %2 of %3 (%4)…</source>
        <translation>%1：运行 %2/%3（%4）…</translation>
    </message>
    <message>
        <source>%1: 1 map in %2 s</source>
        <translation>%1：1 张分布图，用时 %2 s</translation>
    </message>
    <message>
        <source>%1: %2 maps in %3 s</source>
        <translation>%1：%2 张分布图，用时 %3 s</translation>
    </message>
    <message>
        <source>neighbour purity %1 (k = %2; chance ≈ %3)</source>
        <translation>近邻纯度 %1（k = %2；随机水平 ≈ %3）</translation>
    </message>
    <message>
        <source>best separated: %1, %2</source>
        <translation>分离最好的：%1，%2</translation>
    </message>
    <message>
        <source>1 run could not be mapped</source>
        <translation>1 个运行无法生成分布图</translation>
    </message>
    <message>
        <source>%1 runs could not be mapped</source>
        <translation>%1 个运行无法生成分布图</translation>
    </message>
    <message>
        <source>The runs use different datasets (%1): their maps show different images, so compare how well the classes separate, not where they lie.</source>
        <translation>各运行使用不同的数据集（%1）：它们的分布图展示的是不同的图像，因此应比较各类别分离得好不好，而不是它们位于何处。</translation>
    </message>
</context>
<context>
    <name>pretext::ui::DatasetField</name>
    <message>
        <source>&lt;p&gt;Which images to train on, as a spec:&lt;/p&gt;&lt;pre&gt;%1&lt;/pre&gt;&lt;p&gt;Pick a form from the list, type one, or use Browse… to pick a folder.&lt;/p&gt;</source>
        <translation>&lt;p&gt;用于训练的图像，以规格字符串指定：&lt;/p&gt;&lt;pre&gt;%1&lt;/pre&gt;&lt;p&gt;可从列表中选择一种格式、直接输入，或用“浏览…”选择文件夹。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Pick a data folder; its kind is recognised from the files inside (or taken from the kind chosen next to this button)</source>
        <translation>选择数据文件夹；其类型根据其中的文件自动识别（或采用此按钮旁所选的类型）</translation>
    </message>
    <message>
        <source>detect kind</source>
        <translation>自动识别类型</translation>
    </message>
    <message>
        <source>What Browse… makes of the chosen folder: detect it from the files inside, or use this kind</source>
        <translation>“浏览…”如何处理所选文件夹：根据其中的文件自动识别，或使用此处指定的类型</translation>
    </message>
    <message>
        <source>Dataset folder kind</source>
        <translation>数据集文件夹类型</translation>
    </message>
    <message>
        <source>Choose a dataset folder</source>
        <translation>选择数据集文件夹</translation>
    </message>
</context>
<context>
    <name>pretext::ui::ExperimentDialog</name>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not a number; write numbers with a &apos;.&apos; and separate them with commas, e.g. %3</source>
        <translation>%1：“%2”不是数字；小数点请用“.”，各数之间用英文逗号分隔，例如 %3</translation>
    </message>
    <message>
        <source>Run an experiment</source>
        <translation>运行实验</translation>
    </message>
    <message>
        <source>&amp;Preset</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Dataset</source>
        <translation>数据集(&amp;D)</translation>
    </message>
    <message>
        <source>The images every run trains on; the colour augmentations need colour images (shapes).</source>
        <translation>每个运行训练所用的图像；颜色类数据增强需要彩色图像（shapes）。</translation>
    </message>
    <message>
        <source>&amp;Method</source>
        <translation>方法(&amp;M)</translation>
    </message>
    <message>
        <source>The self-supervised method the experiment trains (the temperature sweep needs a contrastive one).</source>
        <translation>实验要训练的自监督方法（温度系数扫描需要对比学习方法）。</translation>
    </message>
    <message>
        <source>&amp;Temperatures</source>
        <translation>温度系数(&amp;T)</translation>
    </message>
    <message>
        <source>The values of τ, separated by commas, one run each; empty: %1</source>
        <translation>τ 的取值，用英文逗号分隔，每个值对应一个运行；留空则为：%1</translation>
    </message>
    <message>
        <source>&amp;Label fractions</source>
        <translation>标签比例(&amp;L)</translation>
    </message>
    <message>
        <source>Shares of labelled training images each encoder is probed and fine-tuned with, separated by commas (0.01 or 1 %); empty: %1</source>
        <translation>对每个编码器做线性探测和微调时所用的有标签训练图像比例，用英文逗号分隔（0.01 或 1 %）；留空则为：%1</translation>
    </message>
    <message>
        <source>preset&apos;s</source>
        <translation>按预设</translation>
    </message>
    <message>
        <source>&amp;Epochs</source>
        <translation>轮数(&amp;E)</translation>
    </message>
    <message>
        <source>Passes over the training images of every run; &quot;%1&quot;: each run&apos;s as the preset plans it</source>
        <translation>每个运行遍历训练图像的次数；“%1”：每个运行采用预设计划的轮数</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Training &amp;images</source>
        <translation>训练图像数(&amp;I)</translation>
    </message>
    <message>
        <source>Train on the first N images only (&quot;all&quot;: every one); fewer make a shorter lesson and a weaker encoder</source>
        <translation>只用前 N 张图像训练（“全部”：使用所有图像）；图像越少，课时越短，编码器也越弱</translation>
    </message>
    <message>
        <source>full pass</source>
        <translation>完整遍历</translation>
    </message>
    <message>
        <source>Steps per epoc&amp;h</source>
        <translation>每轮步数(&amp;H)</translation>
    </message>
    <message>
        <source>Batches per epoch (&quot;full pass&quot;: as many as the training images fill)</source>
        <translation>每轮的批次数（“完整遍历”：训练图像能填满多少批就用多少批）</translation>
    </message>
    <message>
        <source>&amp;Random seed</source>
        <translation>随机种子(&amp;R)</translation>
    </message>
    <message>
        <source>The seed of every run: the runs differ in the setting studied only</source>
        <translation>每个运行使用的随机种子：各运行之间只在所研究的设置上有差别</translation>
    </message>
    <message>
        <source>all cores</source>
        <translation>全部核心</translation>
    </message>
    <message>
        <source>CP&amp;U threads</source>
        <translation>CPU 线程数(&amp;U)</translation>
    </message>
    <message>
        <source>CPU threads each run uses</source>
        <translation>每个运行使用的 CPU 线程数</translation>
    </message>
    <message>
        <source>De&amp;vice</source>
        <translation>设备(&amp;V)</translation>
    </message>
    <message>
        <source>cpu, cuda or cuda:N</source>
        <translation>cpu、cuda 或 cuda:N</translation>
    </message>
    <message>
        <source>Bro&amp;wse…</source>
        <translation>浏览(&amp;W)…</translation>
    </message>
    <message>
        <source>Pick the experiment folder: an empty folder is used as it is, in any other a new sub-folder is made for the experiment.</source>
        <translation>选择实验文件夹：空文件夹将直接使用，其他文件夹中则会为实验新建一个子文件夹。</translation>
    </message>
    <message>
        <source>Choose the experiment folder</source>
        <translation>选择实验文件夹</translation>
    </message>
    <message>
        <source>&amp;Folder</source>
        <translation>文件夹(&amp;F)</translation>
    </message>
    <message>
        <source>Where experiment.json, the runs&apos; folders and the summary are written; it follows the preset until you edit it.</source>
        <translation>experiment.json、各运行的文件夹和汇总写入的位置；在你手动修改之前，它会随预设变化。</translation>
    </message>
    <message>
        <source>Ru&amp;ns</source>
        <translation>运行(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>Run the experiment&apos;s runs one after the other (Enter)</source>
        <translation>依次执行实验中的各个运行（Enter）</translation>
    </message>
    <message>
        <source>Close without starting (Esc)</source>
        <translation>关闭而不开始（Esc）</translation>
    </message>
    <message>
        <source>Temperatures</source>
        <translation>温度系数</translation>
    </message>
    <message>
        <source>Label fractions</source>
        <translation>标签比例</translation>
    </message>
    <message>
        <source>Folder: choose where the experiment is written</source>
        <translation>文件夹：请选择实验的写入位置</translation>
    </message>
    <message>
        <source>Folder: %1 is a file, not a folder</source>
        <translation>文件夹：%1 是文件，不是文件夹</translation>
    </message>
    <message>
        <source>Folder: %1 already holds an experiment; continue it with &quot;Continue an experiment…&quot;, or choose a new folder</source>
        <translation>文件夹：%1 中已有一个实验；可用“继续实验…”接着运行它，或选择新的文件夹</translation>
    </message>
    <message>
        <source>Folder: %1 holds a training run; choose a new folder</source>
        <translation>文件夹：%1 中有一次训练运行；请选择新的文件夹</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Images / epoch</source>
        <translation>每轮图像数</translation>
    </message>
    <message>
        <source>Setting that varies</source>
        <translation>变化的设置</translation>
    </message>
    <message>
        <source>No runs: see the problem above.</source>
        <translation>没有运行：见上方的问题。</translation>
    </message>
    <message>
        <source>1 run: %1 epochs</source>
        <translation>1 个运行：共 %1 轮</translation>
    </message>
    <message>
        <source>%1 runs, one after the other: %2 epochs</source>
        <translation>%1 个运行，依次进行：共 %2 轮</translation>
    </message>
    <message>
        <source>, %1 training images in all</source>
        <translation>，共 %1 张训练图像</translation>
    </message>
    <message>
        <source>; then each encoder, and the untrained one, is probed and fine-tuned with %1 of the labels</source>
        <translation>；之后对每个编码器以及未训练的编码器，分别用 %1 的标签做线性探测和微调</translation>
    </message>
    <message>
        <source> and </source>
        <translation>、</translation>
    </message>
    <message>
        <source>. Each run is evaluated (linear probe and kNN) after every epoch.</source>
        <translation>。每个运行在每轮结束后都会评估（线性探测和 kNN）。</translation>
    </message>
    <message>
        <source>Continue an experiment: choose its folder</source>
        <translation>继续实验：选择其文件夹</translation>
    </message>
    <message>
        <source>Cannot continue this experiment</source>
        <translation>无法继续此实验</translation>
    </message>
    <message>
        <source>%1 cannot be continued as an experiment.</source>
        <translation>%1 无法作为实验继续。</translation>
    </message>
    <message>
        <source>%1

Choose the folder that holds experiment.json: the one given to Start, or to pretext-cli experiment --out.</source>
        <translation>%1

请选择包含 experiment.json 的文件夹：即当初“开始”时所用的文件夹，或传给 pretext-cli experiment --out 的文件夹。</translation>
    </message>
</context>
<context>
    <name>pretext::ui::ExperimentSummary</name>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>The run is done.</source>
        <translation>运行已完成。</translation>
    </message>
    <message>
        <source>All %1 runs done.</source>
        <translation>全部 %1 个运行已完成。</translation>
    </message>
    <message>
        <source>The chart appears here when the first run has finished.</source>
        <translation>第一个运行完成后，图表会显示在这里。</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>实验</translation>
    </message>
    <message>
        <source>%v of %m runs</source>
        <translation>%v / %m 个运行</translation>
    </message>
    <message>
        <source>&amp;Open folder</source>
        <translation>打开文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>Show the experiment folder (summary.md, summary.csv, summary.svg and one folder per run) in the file manager</source>
        <translation>在文件管理器中显示实验文件夹（summary.md、summary.csv、summary.svg 以及每个运行各一个文件夹）</translation>
    </message>
    <message>
        <source>&amp;Copy table</source>
        <translation>复制表格(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the table: Markdown as text (slides, notes), CSV for spreadsheets</source>
        <translation>复制表格：文本为 Markdown 格式（用于幻灯片、笔记），另附 CSV 格式供电子表格使用</translation>
    </message>
    <message>
        <source>No experiment</source>
        <translation>无实验</translation>
    </message>
    <message>
        <source>Experiment: %1</source>
        <translation>实验：%1</translation>
    </message>
    <message>
        <source>No runs to show.</source>
        <translation>没有可显示的运行。</translation>
    </message>
    <message>
        <source>%1 of %2 runs done.</source>
        <translation>已完成 %1 / %2 个运行。</translation>
    </message>
    <message>
        <source>took %1 (min:s)</source>
        <translation>用时 %1（分:秒）</translation>
    </message>
    <message>
        <source>Run %1 of %2: %3</source>
        <translation>运行 %1/%2：%3</translation>
    </message>
    <message>
        <source> (done earlier, kept)</source>
        <translation>（之前已完成，保留）</translation>
    </message>
    <message>
        <source>about %1 left (min:s)</source>
        <translation>约剩 %1（分:秒）</translation>
    </message>
    <message>
        <source>time left: known after the first steps</source>
        <translation>剩余时间：前几步之后可知</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Linear probe (%)</source>
        <translation>线性探测（%）</translation>
    </message>
    <message>
        <source>kNN (%)</source>
        <translation>kNN（%）</translation>
    </message>
    <message>
        <source>Random-init probe (%)</source>
        <translation>随机初始化线性探测（%）</translation>
    </message>
    <message>
        <source>Wall time (s)</source>
        <translation>实际用时（s）</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签比例</translation>
    </message>
    <message>
        <source>Labelled images</source>
        <translation>有标签图像数</translation>
    </message>
    <message>
        <source>Fine-tuned (%)</source>
        <translation>微调（%）</translation>
    </message>
    <message>
        <source>random init</source>
        <translation>随机初始化</translation>
    </message>
</context>
<context>
    <name>pretext::ui::InspectPanel</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;What has the network learned?&lt;/b&gt; Three views of the encoder&apos;s features of the same test images: a &lt;b&gt;map&lt;/b&gt; where images the network finds similar lie close together, the &lt;b&gt;neighbours&lt;/b&gt; of chosen images, and the &lt;b&gt;probe details&lt;/b&gt;: which classes a linear classifier on those features confuses. &lt;b&gt;Random init&lt;/b&gt; shows the same for the untrained network, so the class sees what training changed.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;网络学到了什么？&lt;/b&gt;从三个角度观察编码器对同一批测试图像提取的特征：&lt;b&gt;分布图&lt;/b&gt;，网络认为相似的图像彼此靠近；所选图像的&lt;b&gt;近邻&lt;/b&gt;；以及&lt;b&gt;探测详情&lt;/b&gt;：基于这些特征的线性分类器会混淆哪些类别。&lt;b&gt;随机初始化&lt;/b&gt;对未训练的网络展示同样的内容，让全班看到训练改变了什么。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Where the network puts each test image.&lt;/b&gt; Every marker is one test image, placed by its features squeezed from hundreds of numbers into two. Colour and shape show the true class, which the network never saw during training: markers of one colour gathered in their own island mean the features tell that class apart.&lt;/p&gt;&lt;p&gt;&lt;b&gt;PCA&lt;/b&gt; shows the two directions in which the features vary most (fast, faithful to large distances). &lt;b&gt;t-SNE&lt;/b&gt; keeps each image near its nearest neighbours (a few seconds; the &lt;i&gt;perplexity&lt;/i&gt; is about how many neighbours count), so distances between far islands mean little. &lt;b&gt;Neighbour purity&lt;/b&gt; measures the map: the share of each marker&apos;s 10 nearest markers that have its class (about one in the number of classes for a random jumble, 1 when every class is its own island).&lt;/p&gt;&lt;p&gt;Hover a marker to see its image; click it for its nearest neighbours in feature space (lines on the map, images beside it); Shift or Ctrl+click adds to the selection, dragging draws a lasso around a group; Esc clears. &lt;b&gt;Random init&lt;/b&gt; swaps in the untrained network&apos;s map; after each evaluation the map moves to the new features.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;网络把每张测试图像放在哪里。&lt;/b&gt;每个标记代表一张测试图像，其位置由它的特征从数百维压缩到两维得到。颜色和形状表示真实类别，而网络在训练中从未见过类别：同色标记聚成各自的一簇，说明这些特征能把该类别区分开。&lt;/p&gt;&lt;p&gt;&lt;b&gt;PCA&lt;/b&gt; 显示特征变化最大的两个方向（速度快，能如实反映大尺度距离）。&lt;b&gt;t-SNE&lt;/b&gt; 让每张图像靠近它的最近邻（需要几秒；&lt;i&gt;困惑度&lt;/i&gt;大致表示考虑多少个近邻），因此相距很远的簇之间的距离意义不大。&lt;b&gt;近邻纯度&lt;/b&gt;用来衡量分布图：每个标记的 10 个最近标记中与它同类别的比例（随机混杂时约为 1/类别数，每个类别各自成簇时为 1）。&lt;/p&gt;&lt;p&gt;鼠标悬停在标记上可查看其图像；单击可查看它在特征空间中的最近邻（分布图上的连线及旁边的图像）；按住 Shift 或 Ctrl 单击可加入选择，拖动可用套索圈选一组标记；按 Esc 清除选择。&lt;b&gt;随机初始化&lt;/b&gt;会换成未训练网络的分布图；每次评估后，分布图会移动到新特征对应的位置。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Who are my nearest neighbours?&lt;/b&gt; Each row starts with a test image (framed) followed by the test images whose features are most similar to it (cosine similarity under each), most similar first. A neighbour of another class is marked with a dashed frame and ✗. This is exactly what a kNN classifier votes with: the more neighbours share the query&apos;s class, the better the features.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Pick random&lt;/b&gt; draws other test images; clicking a marker on the map puts that image on top. Compare with &lt;b&gt;Random init&lt;/b&gt;: the untrained network&apos;s neighbours mostly share brightness and position, not the class.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;谁是我的最近邻？&lt;/b&gt;每行以一张测试图像（带边框）开头，后面是特征与它最相似的测试图像（下方标有余弦相似度），按相似度从高到低排列。类别不同的近邻用虚线框和 ✗ 标出。这正是 kNN 分类器投票的依据：与查询图像同类别的近邻越多，特征越好。&lt;/p&gt;&lt;p&gt;&lt;b&gt;随机抽取&lt;/b&gt;会换一批测试图像；单击分布图上的标记会把该图像放到最上面。与&lt;b&gt;随机初始化&lt;/b&gt;比较：未训练网络找到的近邻大多只是亮度和位置相近，而不是类别相同。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;What does the linear probe get wrong?&lt;/b&gt; The &lt;b&gt;confusion matrix&lt;/b&gt; has one row per true class and one column per class the probe answered; the number in a cell counts test images, the colour is the share of the row. A bright diagonal is good; a bright cell off it is a pair of classes the features mix up (often look-alikes, such as shirts and T-shirts).&lt;/p&gt;&lt;p&gt;The &lt;b&gt;bars&lt;/b&gt; give the accuracy on each class, the dashed line the accuracy on all. Under them are the images the probe got wrong most confidently: true class → the probe&apos;s answer, with its confidence.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;线性探测错在哪里？&lt;/b&gt;&lt;b&gt;混淆矩阵&lt;/b&gt;每行对应一个真实类别，每列对应探测给出的一个类别；单元格中的数字是测试图像的数量，颜色表示占该行的比例。对角线明亮说明效果好；对角线以外的明亮单元格，是特征混淆的一对类别（常常是外观相似的类别，如衬衫和 T 恤）。&lt;/p&gt;&lt;p&gt;&lt;b&gt;柱状图&lt;/b&gt;给出每个类别的准确率，虚线为全部类别的准确率。下方是探测以最高置信度判错的图像：真实类别 → 探测的答案，并附其置信度。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>t-SNE</source>
        <translation>t-SNE</translation>
    </message>
    <message>
        <source>PCA</source>
        <translation>PCA</translation>
    </message>
    <message>
        <source>t-SNE keeps neighbours together (a few seconds); PCA shows the two directions of largest variance (instant)</source>
        <translation>t-SNE 让近邻保持在一起（需几秒）；PCA 显示方差最大的两个方向（即时）</translation>
    </message>
    <message>
        <source>perplexity </source>
        <translation>困惑度 </translation>
    </message>
    <message>
        <source>How many neighbours each image&apos;s t-SNE position takes into account (5–50): small values show local detail, large ones the overall layout</source>
        <translation>每张图像的 t-SNE 位置考虑多少个近邻（5–50）：值小显示局部细节，值大显示整体布局</translation>
    </message>
    <message>
        <source>&amp;Recompute</source>
        <translation>重新计算(&amp;R)</translation>
    </message>
    <message>
        <source>A fresh t-SNE from another random start: structure that stays is real</source>
        <translation>从另一个随机起点重新计算 t-SNE：始终保持的结构才是真实的</translation>
    </message>
    <message>
        <source>Map:</source>
        <translation>分布图：</translation>
    </message>
    <message>
        <source>Click a marker to see its image and its nearest neighbours here, or drag a lasso around a group of markers to see their images.</source>
        <translation>单击标记可在此处查看其图像及最近邻，或拖出套索圈选一组标记以查看它们的图像。</translation>
    </message>
    <message>
        <source>&amp;Pick random</source>
        <translation>随机抽取(&amp;P)</translation>
    </message>
    <message>
        <source>Show the neighbours of %1 other test images, drawn at random</source>
        <translation>显示随机抽取的另外 %1 张测试图像的近邻</translation>
    </message>
    <message>
        <source>k = </source>
        <translation>k = </translation>
    </message>
    <message>
        <source>Neighbours shown per image</source>
        <translation>每张图像显示的近邻数</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>分布图</translation>
    </message>
    <message>
        <source>Neighbours</source>
        <translation>近邻</translation>
    </message>
    <message>
        <source>Probe details</source>
        <translation>探测详情</translation>
    </message>
    <message>
        <source>Random &amp;init</source>
        <translation>随机初始化(&amp;I)</translation>
    </message>
    <message>
        <source>Show the untrained network (the same run&apos;s random initial weights) instead of the trained one: its map, neighbours and probe</source>
        <translation>显示未训练的网络（同一运行的随机初始权重）而非训练后的网络：其分布图、近邻和探测结果</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Export the view shown as a picture or its data as CSV</source>
        <translation>将当前视图导出为图片，或将其数据导出为 CSV</translation>
    </message>
    <message>
        <source>Neighbour purity: the share of each marker&apos;s %1 nearest markers on the map that have its class; about one in the number of classes for a random jumble, 1 when every class is its own island.</source>
        <translation>近邻纯度：每个标记在分布图上的 %1 个最近标记中与它同类别的比例；随机混杂时约为 1/类别数，每个类别各自成簇时为 1。</translation>
    </message>
    <message>
        <source>t-SNE, perplexity %1</source>
        <translation>t-SNE，困惑度 %1</translation>
    </message>
    <message>
        <source> (axes: %1 % and %2 % of the variance)</source>
        <translation>（坐标轴：分别解释 %1 % 和 %2 % 的方差）</translation>
    </message>
    <message>
        <source>random init (untrained network)</source>
        <translation>随机初始化（未训练网络）</translation>
    </message>
    <message>
        <source>step %1 (epoch %2)</source>
        <translation>第 %1 步（第 %2 轮）</translation>
    </message>
    <message>
        <source>%1 test images</source>
        <translation>%1 张测试图像</translation>
    </message>
    <message>
        <source>Computing the map…</source>
        <translation>正在计算分布图…</translation>
    </message>
    <message>
        <source>No map yet: it appears after the first evaluation of a run.</source>
        <translation>尚无分布图：运行完成首次评估后显示。</translation>
    </message>
    <message>
        <source>random init</source>
        <translation>随机初始化</translation>
    </message>
    <message>
        <source>trained</source>
        <translation>已训练</translation>
    </message>
    <message>
        <source>%1 of %2 images (%3) took %4 s</source>
        <translation>%2 张图像的 %1（%3）用时 %4 s</translation>
    </message>
    <message>
        <source>neighbour purity %1 (k = %2; chance ≈ %3)</source>
        <translation>近邻纯度 %1（k = %2；随机水平 ≈ %3）</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>computing %1 (%2)… %3 / %4</source>
        <translation>正在计算 %1（%2）… %3 / %4</translation>
    </message>
    <message>
        <source>computing %1 (%2)…</source>
        <translation>正在计算 %1（%2）…</translation>
    </message>
    <message>
        <source>the map is computed when the panel is shown</source>
        <translation>面板显示时才计算分布图</translation>
    </message>
    <message>
        <source>map failed: %1</source>
        <translation>分布图计算失败：%1</translation>
    </message>
    <message>
        <source>No features to map.</source>
        <translation>没有可映射的特征。</translation>
    </message>
    <message>
        <source>The map, neighbours and probe details appear after the first evaluation of a run.</source>
        <translation>分布图、近邻和探测详情在运行完成首次评估后显示。</translation>
    </message>
    <message>
        <source>No neighbours: %1</source>
        <translation>无近邻：%1</translation>
    </message>
    <message>
        <source>%1 · %2 of %3 neighbours share their query&apos;s class</source>
        <translation>%1 · %3 个近邻中有 %2 个与其查询图像同类别</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>test #%1</source>
        <translation>测试 #%1</translation>
    </message>
    <message>
        <source>row %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <source>%1, %2: cosine similarity %3 to the selected image%4</source>
        <translation>%1，%2：与所选图像的余弦相似度为 %3%4</translation>
    </message>
    <message>
        <source> (✗ another class)</source>
        <translation>（✗ 其他类别）</translation>
    </message>
    <message>
        <source>%1 (%2, framed) and its %3 nearest neighbours in feature space: %4 share its class. The lines on the map show where they landed.</source>
        <translation>%1（%2，带边框）及其在特征空间中的 %3 个最近邻：其中 %4 个与它同类别。分布图上的连线显示它们落在何处。</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 张 %2</translation>
    </message>
    <message>
        <source>%1 images selected: %2.</source>
        <translation>已选择 %1 张图像：%2。</translation>
    </message>
</context>
<context>
    <name>pretext::ui::Language</name>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
</context>
<context>
    <name>pretext::ui::MainWindow</name>
    <message>
        <source>Experiment: run %1 of %2 (%3)</source>
        <translation>实验：第 %1 / %2 次运行（%3）</translation>
    </message>
    <message>
        <source> · all runs done in about %1</source>
        <translation> · 全部运行约 %1 后完成</translation>
    </message>
    <message>
        <source>Ready: %1 on %2. Press Start (F5) or choose New run… (Ctrl+N).</source>
        <translation>就绪：%1，数据集 %2。按“开始”（F5）或选择“新建运行…”（Ctrl+N）。</translation>
    </message>
    <message>
        <source>Augmented pairs</source>
        <translation>增强样本对</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>Jigsaw</source>
        <translation>拼图</translation>
    </message>
    <message>
        <source>Colorization</source>
        <translation>着色</translation>
    </message>
    <message>
        <source>Masked patches</source>
        <translation>掩码图块</translation>
    </message>
    <message>
        <source>Visual tokens</source>
        <translation>视觉词元</translation>
    </message>
    <message>
        <source>Similarity matrix</source>
        <translation>相似度矩阵</translation>
    </message>
    <message>
        <source>Cross-correlation</source>
        <translation>互相关矩阵</translation>
    </message>
    <message>
        <source>Queue of negatives</source>
        <translation>负样本队列</translation>
    </message>
    <message>
        <source>Collapse monitor</source>
        <translation>坍缩监测</translation>
    </message>
    <message>
        <source>Augmented views</source>
        <translation>增强视图</translation>
    </message>
    <message>
        <source>Inspect representation</source>
        <translation>检视表征</translation>
    </message>
    <message>
        <source>Reading the representation</source>
        <translation>正在读取表征</translation>
    </message>
    <message>
        <source>Inspection panel: the trained and the random-init encoder of %1</source>
        <translation>检视面板：%1 中训练后的编码器与随机初始化的编码器</translation>
    </message>
    <message>
        <source>Inspection: %1</source>
        <translation>检视：%1</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Probe accuracy</source>
        <translation>线性探测准确率</translation>
    </message>
    <message>
        <source>&amp;New run…</source>
        <translation>新建运行(&amp;N)…</translation>
    </message>
    <message>
        <source>Configure a new run</source>
        <translation>配置一次新的训练运行</translation>
    </message>
    <message>
        <source>&amp;Open run…</source>
        <translation>打开运行(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a run folder</source>
        <translation>打开运行文件夹</translation>
    </message>
    <message>
        <source>&amp;Inspect representation</source>
        <translation>检视表征(&amp;I)</translation>
    </message>
    <message>
        <source>The embedding map, nearest neighbours and probe details of the encoder</source>
        <translation>编码器的嵌入分布图、最近邻与线性探测详情</translation>
    </message>
    <message>
        <source>E&amp;xperiment…</source>
        <translation>实验(&amp;X)…</translation>
    </message>
    <message>
        <source>One of the reference text&apos;s exercises as a series of runs with a summary table</source>
        <translation>将参考教材中的一道练习作为一组运行来完成，并给出汇总表</translation>
    </message>
    <message>
        <source>&amp;Continue experiment…</source>
        <translation>继续实验(&amp;C)…</translation>
    </message>
    <message>
        <source>Continue a stopped experiment: finished runs are kept</source>
        <translation>继续已停止的实验：已完成的运行会保留</translation>
    </message>
    <message>
        <source>Run &amp;library…</source>
        <translation>运行库(&amp;L)…</translation>
    </message>
    <message>
        <source>Every run under a folder: sort, filter, open one, compare several</source>
        <translation>列出某文件夹下的所有运行：排序、筛选、打开其中一个或比较多个</translation>
    </message>
    <message>
        <source>&amp;Save config as…</source>
        <translation>配置另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the current run configuration as JSON</source>
        <translation>将当前运行配置保存为 JSON</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit (a running run is stopped with a checkpoint)</source>
        <translation>退出（正在进行的运行会停止并保存检查点）</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Pause or resume training</source>
        <translation>暂停或继续训练</translation>
    </message>
    <message>
        <source>S&amp;tep</source>
        <translation>单步(&amp;T)</translation>
    </message>
    <message>
        <source>Run exactly one training step</source>
        <translation>只执行一个训练步</translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <translation>停止(&amp;O)</translation>
    </message>
    <message>
        <source>Stop and write a checkpoint</source>
        <translation>停止并写入检查点</translation>
    </message>
    <message>
        <source>&amp;Resume run</source>
        <translation>继续训练(&amp;R)</translation>
    </message>
    <message>
        <source>Continue the opened run from its checkpoint</source>
        <translation>从检查点继续已打开的运行</translation>
    </message>
    <message>
        <source>&amp;Presentation mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>Larger fonts for a projector</source>
        <translation>放大字体，便于投影</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>Put every panel back in its place</source>
        <translation>将所有面板恢复到默认位置</translation>
    </message>
    <message>
        <source>Slow &amp;motion</source>
        <translation>慢动作(&amp;M)</translation>
    </message>
    <message>
        <source>Teaching mode: one step every few seconds, every panel updated, to narrate a step</source>
        <translation>教学模式：每隔几秒执行一步并更新所有面板，便于逐步讲解</translation>
    </message>
    <message>
        <source>&amp;Export panel</source>
        <translation>导出面板(&amp;E)</translation>
    </message>
    <message>
        <source>Export a panel as PNG, SVG or PDF, or its data as CSV</source>
        <translation>将面板导出为 PNG、SVG 或 PDF，或将其数据导出为 CSV</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Every shortcut of the window</source>
        <translation>本窗口的全部快捷键</translation>
    </message>
    <message>
        <source>Similarity at step &amp;0</source>
        <translation>第 0 步的相似度(&amp;0)</translation>
    </message>
    <message>
        <source>Show the similarity matrix of the untrained network (step 0) instead of the live one: before and after</source>
        <translation>显示未训练网络（第 0 步）的相似度矩阵，而非实时矩阵：对比训练前后</translation>
    </message>
    <message>
        <source>New &amp;augmentations</source>
        <translation>新的数据增强(&amp;A)</translation>
    </message>
    <message>
        <source>Draw new random augmentations of the same preview images, shown at once, also while paused; the step-0 matrix is recomputed for the new views</source>
        <translation>对同一批预览图像重新抽取随机数据增强并立即显示（暂停时也可用）；第 0 步的矩阵会针对新视图重新计算</translation>
    </message>
    <message>
        <source>Next &amp;view tab</source>
        <translation>下一个视图标签页(&amp;V)</translation>
    </message>
    <message>
        <source>Switch to the next tab of the views panel</source>
        <translation>切换到视图面板的下一个标签页</translation>
    </message>
    <message>
        <source>Edit &amp;lr</source>
        <translation>编辑 &amp;lr</translation>
    </message>
    <message>
        <source>Type a new learning rate; Enter applies it and hands the keys back</source>
        <translation>输入新的学习率；按 Enter 应用并交还键盘焦点</translation>
    </message>
    <message>
        <source>Edit &amp;τ</source>
        <translation>编辑 &amp;τ</translation>
    </message>
    <message>
        <source>Type a new temperature τ; Enter applies it and hands the keys back</source>
        <translation>输入新的温度系数 τ；按 Enter 应用并交还键盘焦点</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Every control of the window works from the keyboard. Alt plus the underlined letter opens a menu; Shift+F10 or the Menu key opens the context menu of a plot under the mouse; Tab moves between the boxes of a dialog.</source>
        <translation>窗口中的每个控件都可以用键盘操作。按住 Alt 再按带下划线的字母可打开菜单；Shift+F10 或菜单键可打开鼠标所指图表的上下文菜单；Tab 在对话框的各输入框之间切换。</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation>系统语言（%1）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Recent &amp;runs</source>
        <translation>最近的运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Augmented pairs</source>
        <translation>增强样本对(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Similarity matrix</source>
        <translation>相似度矩阵(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Loss</source>
        <translation>损失(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Probe accuracy</source>
        <translation>线性探测准确率(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Pretext Workbench</source>
        <translation>关于 Pretext Workbench(&amp;A)</translation>
    </message>
    <message>
        <source>About Pretext Workbench</source>
        <translation>关于 Pretext Workbench</translation>
    </message>
    <message>
        <source>&lt;b&gt;Pretext Workbench&lt;/b&gt;&lt;br&gt;Self-supervised representation learning, live.&lt;br&gt;%1</source>
        <translation>&lt;b&gt;Pretext Workbench&lt;/b&gt;&lt;br&gt;实时演示自监督表征学习。&lt;br&gt;%1</translation>
    </message>
    <message>
        <source>Run controls</source>
        <translation>运行控制</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Slow motion: seconds between two steps</source>
        <translation>慢动作：两步之间的秒数</translation>
    </message>
    <message>
        <source>  lr </source>
        <translation>  lr </translation>
    </message>
    <message>
        <source>Base learning rate (warm-up and cosine schedules scale it; the probe panel plots the rate in effect). Editing it during a run applies it at the next step, records it in the metrics and marks it on the plots. Alt+L to type, Enter to apply.</source>
        <translation>基础学习率（预热和余弦调度会对它进行缩放；“线性探测准确率”面板绘制的是实际生效的学习率）。运行中修改后，会在下一步生效，记录到指标中，并在图表上标出。按 Alt+L 输入，按 Enter 应用。</translation>
    </message>
    <message>
        <source>  τ </source>
        <translation>  τ </translation>
    </message>
    <message>
        <source>Temperature τ of the contrastive loss: lower sharpens the softmax over similarities. Applied at the next step during a run and marked on the plots. Alt+T to type, Enter to apply.</source>
        <translation>对比损失的温度系数 τ：越低，相似度上的 softmax 越尖锐。运行中修改会在下一步生效，并在图表上标出。按 Alt+T 输入，按 Enter 应用。</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>继续(&amp;U)</translation>
    </message>
    <message>
        <source>Paused: Space resumes, N runs one step, M steps in slow motion.</source>
        <translation>已暂停：按 Space 继续，按 N 执行一步，按 M 以慢动作逐步运行。</translation>
    </message>
    <message>
        <source>Closing: finishing the current step or evaluation and writing a checkpoint…</source>
        <translation>正在关闭：完成当前步或评估，并写入检查点…</translation>
    </message>
    <message>
        <source>Stopping: writing a checkpoint…</source>
        <translation>正在停止：写入检查点…</translation>
    </message>
    <message>
        <source>Slow motion off, paused: Space resumes, N runs one step.</source>
        <translation>慢动作已关闭，已暂停：按 Space 继续，按 N 执行一步。</translation>
    </message>
    <message numerus="yes">
        <source>Slow motion: one step every %n second(s), every panel updated. M stops it.</source>
        <translation>
            <numerusform>慢动作：每 %n 秒一步，所有面板都会更新。按 M 停止。</numerusform>
        </translation>
    </message>
    <message>
        <source>Draw a new mask on the same preview images, shown at once, also while paused</source>
        <translation>对同一批预览图像重新抽取掩码并立即显示（暂停时也可用）</translation>
    </message>
    <message>
        <source>New &amp;masks</source>
        <translation>新的掩码(&amp;M)</translation>
    </message>
    <message>
        <source>Reading the representation of %1 for the inspection panel…</source>
        <translation>正在读取表征（%1），供检视面板使用…</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Open run folder</source>
        <translation>打开运行文件夹</translation>
    </message>
    <message>
        <source>lr → %1</source>
        <translation>lr → %1</translation>
    </message>
    <message>
        <source>τ → %1</source>
        <translation>τ → %1</translation>
    </message>
    <message>
        <source>step %1 · loss %2 · %3</source>
        <translation>第 %1 步 · 损失 %2 · %3</translation>
    </message>
    <message>
        <source>Opened %1: a finished run (its report is report.html).</source>
        <translation>已打开 %1：已完成的运行（报告为 report.html）。</translation>
    </message>
    <message>
        <source>Opened %1. Resume (Ctrl+R) continues it.</source>
        <translation>已打开 %1。按“继续训练”（Ctrl+R）可接着训练。</translation>
    </message>
    <message>
        <source>Opened %1 (no checkpoint to resume from).</source>
        <translation>已打开 %1（没有可用于继续训练的检查点）。</translation>
    </message>
    <message>
        <source>Pretext Workbench — %1</source>
        <translation>Pretext Workbench — %1</translation>
    </message>
    <message>
        <source>Cannot open run</source>
        <translation>无法打开运行</translation>
    </message>
    <message>
        <source>%1 cannot be opened:
%2</source>
        <translation>无法打开 %1：
%2</translation>
    </message>
    <message>
        <source>Experiment — %1</source>
        <translation>实验 — %1</translation>
    </message>
    <message>
        <source>Starting the experiment: %1 runs in %2</source>
        <translation>正在开始实验：共 %1 次运行，保存在 %2</translation>
    </message>
    <message>
        <source>Run library</source>
        <translation>运行库</translation>
    </message>
    <message>
        <source>Stop the current run before opening another.</source>
        <translation>请先停止当前运行，再打开另一个。</translation>
    </message>
    <message>
        <source>Save run configuration</source>
        <translation>保存运行配置</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>Training %1 on %2 · %3</source>
        <translation>正在用 %2 训练 %1 · %3</translation>
    </message>
    <message>
        <source>lr %1 → %2</source>
        <translation>lr %1 → %2</translation>
    </message>
    <message>
        <source>τ %1 → %2</source>
        <translation>τ %1 → %2</translation>
    </message>
    <message>
        <source>epoch %1/%2 · step %3/%4 · %5 pairs/s · ETA %6 · %7 ×%8 · %9</source>
        <translation>第 %1/%2 轮 · 第 %3/%4 步 · %5 对/s · 剩余约 %6 · %7 ×%8 · %9</translation>
    </message>
    <message>
        <source>Training %1 · %2</source>
        <translation>正在训练 %1 · %2</translation>
    </message>
    <message>
        <source>Random-init baseline: linear probe %1%, kNN %2%</source>
        <translation>随机初始化基线：线性探测 %1%，kNN %2%</translation>
    </message>
    <message>
        <source>Epoch %1: linear probe %2%, kNN %3%</source>
        <translation>第 %1 轮：线性探测 %2%，kNN %3%</translation>
    </message>
    <message>
        <source>Experiment finished: its summary is open (summary.md in %1)</source>
        <translation>实验已完成：已打开其汇总（%1 中的 summary.md）</translation>
    </message>
    <message>
        <source>Experiment stopped; the runs done are kept. File → Continue experiment… goes on.</source>
        <translation>实验已停止；已完成的运行会保留。选择“文件 → 继续实验…”可接着进行。</translation>
    </message>
    <message>
        <source>epoch %1/%2 · step %3/%4 · %5</source>
        <translation>第 %1/%2 轮 · 第 %3/%4 步 · %5</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Finished. The run folder holds report.html: %1</source>
        <translation>已完成。运行文件夹中有 report.html：%1</translation>
    </message>
    <message>
        <source>Stopped with a checkpoint: Resume (Ctrl+R) continues. %1</source>
        <translation>已停止并保存检查点：按“继续训练”（Ctrl+R）可接着训练。%1</translation>
    </message>
    <message>
        <source>Run failed: %1</source>
        <translation>运行失败：%1</translation>
    </message>
    <message>
        <source>Run failed</source>
        <translation>运行失败</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>closing…</source>
        <translation>正在关闭…</translation>
    </message>
</context>
<context>
    <name>pretext::ui::NewRunDialog</name>
    <message>
        <source>New training run</source>
        <translation>新建训练运行</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Augmentations</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>Optimisation</source>
        <translation>优化</translation>
    </message>
    <message>
        <source>Evaluation &amp;&amp; run</source>
        <translation>评估与运行</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>Start training with these settings (Enter)</source>
        <translation>用这些设置开始训练（Enter）</translation>
    </message>
    <message>
        <source>Close without starting (Esc)</source>
        <translation>关闭而不开始训练（Esc）</translation>
    </message>
    <message>
        <source>Sa&amp;ve…</source>
        <translation>保存(&amp;V)…</translation>
    </message>
    <message>
        <source>Save these settings as a JSON run configuration (also usable with pretext-cli train --config)</source>
        <translation>将这些设置保存为 JSON 运行配置（也可用于 pretext-cli train --config）</translation>
    </message>
    <message>
        <source>Save run configuration</source>
        <translation>保存运行配置</translation>
    </message>
    <message>
        <source>Run configuration (*.json);;All files (*)</source>
        <translation>运行配置 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&amp;Load…</source>
        <translation>加载(&amp;L)…</translation>
    </message>
    <message>
        <source>Load a JSON run configuration, e.g. a run folder&apos;s config.json</source>
        <translation>加载 JSON 运行配置，例如某个运行文件夹中的 config.json</translation>
    </message>
    <message>
        <source>Load run configuration</source>
        <translation>加载运行配置</translation>
    </message>
    <message>
        <source>&amp;Restore defaults</source>
        <translation>恢复默认值(&amp;R)</translation>
    </message>
    <message>
        <source>Put every field back to the default of the chosen method</source>
        <translation>将所有字段恢复为所选方法的默认值</translation>
    </message>
    <message>
        <source>Bro&amp;wse…</source>
        <translation>浏览(&amp;W)…</translation>
    </message>
    <message>
        <source>e.g. fashion-mnist, shapes:2000, cifar10:/data/cifar-10-batches-bin</source>
        <translation>例如 fashion-mnist、shapes:2000、cifar10:/data/cifar-10-batches-bin</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Method settings</source>
        <translation>方法设置</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Run folder</source>
        <translation>运行文件夹</translation>
    </message>
    <message>
        <source>Folder the run writes config.json, metrics.jsonl, checkpoints and snapshots to. It follows the method and dataset until you edit it.</source>
        <translation>运行写入 config.json、metrics.jsonl、检查点和快照的文件夹。在你手动编辑之前，它会随所选方法和数据集自动变化。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Pick the run folder: an empty folder is used as it is, in any other a new sub-folder is made for the run.</source>
        <translation>选择运行文件夹：空文件夹会直接使用；若文件夹非空，则在其中为本次运行新建一个子文件夹。</translation>
    </message>
    <message>
        <source>Choose the run folder</source>
        <translation>选择运行文件夹</translation>
    </message>
    <message>
        <source>%1 (needs colour images)</source>
        <translation>%1（需要彩色图像）</translation>
    </message>
    <message>
        <source>%1 settings</source>
        <translation>%1 设置</translation>
    </message>
    <message>
        <source>%1 has no settings of its own.</source>
        <translation>%1 没有专属设置。</translation>
    </message>
    <message>
        <source>This build has no method %1.</source>
        <translation>当前构建不包含方法 %1。</translation>
    </message>
    <message>
        <source>batch_size = %1 is larger than the training set (%2 images, %3); lower batch_size or use more training images</source>
        <translation>batch_size = %1 大于训练集（%2 张图像，%3）；请减小 batch_size 或使用更多训练图像</translation>
    </message>
    <message>
        <source>device = &quot;%1&quot; is not available: this build or machine has no CUDA; use cpu</source>
        <translation>device = &quot;%1&quot; 不可用：当前构建或机器不支持 CUDA；请使用 cpu</translation>
    </message>
    <message>
        <source>the run folder is empty; choose where the run is written</source>
        <translation>运行文件夹为空；请选择运行的写入位置</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder</source>
        <translation>%1 是文件，不是文件夹</translation>
    </message>
    <message>
        <source>%1 already holds a run (config.json); choose a new folder</source>
        <translation>%1 中已有一次运行（config.json）；请选择新的文件夹</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more, under their fields</source>
        <translation>
            <numerusform>… 另有 %n 个问题，见各自字段下方</numerusform>
        </translation>
    </message>
    <message>
        <source>Ready: press Enter or Start to begin training.</source>
        <translation>就绪：按 Enter 或“开始”即可开始训练。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>pretext::ui::NumberEdit</name>
    <message>
        <source>%1 is empty; expected %2</source>
        <translation>%1 为空；应为 %2</translation>
    </message>
    <message>
        <source>%1 = &quot;%2&quot; is not a number; expected %3</source>
        <translation>%1 = &quot;%2&quot; 不是数字；应为 %3</translation>
    </message>
</context>
<context>
    <name>pretext::ui::RunCompare</name>
    <message>
        <source>&amp;Smoothed loss</source>
        <translation>平滑损失(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Online probe</source>
        <translation>在线探测(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Linear probe</source>
        <translation>线性探测(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;kNN</source>
        <translation>&amp;kNN</translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation>比较运行</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Runs side by side.&lt;/b&gt; The loss and the accuracies of every selected run on one axis: by step, or by wall time to compare what a setting costs. Each run keeps one colour; its name gives the method and the settings in which the runs differ.&lt;/p&gt;&lt;p&gt;Accuracy: solid lines with dots are the offline linear probe, dotted lines with squares the kNN classifier, both measured after each epoch; the thin line is the online probe; dashed (linear probe) and dash-dotted (kNN) lines are the random-init encoder measured the same way, the baseline a run has to beat.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;并排比较运行。&lt;/b&gt;所有所选运行的损失和准确率画在同一坐标轴上：按步数，或按实际用时（用来比较某个设置的代价）。每个运行保持一种颜色；其名称给出方法以及各运行之间不同的设置。&lt;/p&gt;&lt;p&gt;准确率：带圆点的实线是离线线性探测，带方块的点线是 kNN 分类器，两者都在每轮结束后测量；细线是在线探测；虚线（线性探测）和点划线（kNN）是以同样方式测量的随机初始化编码器，即运行必须超越的基线。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;X axis:</source>
        <translation>X 轴(&amp;X)：</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>实际用时</translation>
    </message>
    <message>
        <source>Step: what each run learned per update. Wall time: what it learned per second of training</source>
        <translation>步数：每个运行每次更新学到多少。实际用时：每秒训练学到多少</translation>
    </message>
    <message>
        <source>Moving average of the loss (as the loss panel&apos;s smoothing 0.9)</source>
        <translation>损失的滑动平均（与损失面板的平滑系数 0.9 相同）</translation>
    </message>
    <message>
        <source>The linear classifier trained alongside, per batch: noisy, measured on training images</source>
        <translation>与训练同步训练的线性分类器，逐批测量：噪声较大，且在训练图像上测得</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>准确率（%）</translation>
    </message>
    <message>
        <source>Accuracy: ● solid = linear probe, ■ dotted = kNN (after each epoch); thin = online probe; the random-init encoder, same protocol: dashed = linear probe, dash-dotted = kNN.</source>
        <translation>准确率：● 实线 = 线性探测，■ 点线 = kNN（每轮结束后）；细线 = 在线探测；随机初始化编码器（相同协议）：虚线 = 线性探测，点划线 = kNN。</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Linear probe</source>
        <translation>线性探测</translation>
    </message>
    <message>
        <source>kNN</source>
        <translation>kNN</translation>
    </message>
    <message>
        <source>Random-init probe</source>
        <translation>随机初始化线性探测</translation>
    </message>
    <message>
        <source>Random-init kNN</source>
        <translation>随机初始化 kNN</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>&amp;Curves</source>
        <translation>曲线(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Final metrics</source>
        <translation>最终指标(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Maps</source>
        <translation>分布图(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>The current tab as PNG, SVG or PDF, or its data as CSV</source>
        <translation>将当前标签页导出为 PNG、SVG 或 PDF，或将其数据导出为 CSV</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Compare runs: %1</source>
        <translation>比较运行：%1</translation>
    </message>
    <message>
        <source>: random-init linear probe</source>
        <translation>：随机初始化线性探测</translation>
    </message>
    <message>
        <source>: random-init kNN</source>
        <translation>：随机初始化 kNN</translation>
    </message>
    <message>
        <source>wall time of training (s)</source>
        <translation>训练实际用时（s）</translation>
    </message>
    <message>
        <source>wall time of training</source>
        <translation>训练实际用时</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
</context>
<context>
    <name>pretext::ui::RunLibrary</name>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Compare</source>
        <translation>比较(&amp;C)</translation>
    </message>
    <message>
        <source>Run library</source>
        <translation>运行库</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Every run under a folder.&lt;/b&gt; Sort by any column, type in the filter to find a method, dataset, backbone, folder or state. Enter or a double-click opens a run in the window; select several and press Compare to overlay their curves.&lt;/p&gt;&lt;p&gt;A folder that cannot be read is listed as &lt;i&gt;damaged&lt;/i&gt; with the reason in its tooltip.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;某个文件夹下的所有运行。&lt;/b&gt;可按任意列排序；在筛选框中输入文字可查找方法、数据集、骨干网络、文件夹或状态。按 Enter 或双击可在主窗口中打开运行；选中多个后点“比较”可叠加它们的曲线。&lt;/p&gt;&lt;p&gt;无法读取的文件夹会列为&lt;i&gt;已损坏&lt;/i&gt;，原因见其提示。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Fol&amp;der:</source>
        <translation>文件夹(&amp;D)：</translation>
    </message>
    <message>
        <source>The folder whose runs are listed; Enter reads it</source>
        <translation>要列出其中运行的文件夹；按 Enter 读取</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Choose the folder to list</source>
        <translation>选择要列出的文件夹</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read the folder again: new runs, changed states (%1)</source>
        <translation>重新读取文件夹：新增的运行、变化的状态（%1）</translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation>筛选(&amp;F)：</translation>
    </message>
    <message>
        <source>method, dataset, backbone, folder or state</source>
        <translation>方法、数据集、骨干网络、文件夹或状态</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Open the current run in the window (Enter)</source>
        <translation>在主窗口中打开当前运行（Enter）</translation>
    </message>
    <message>
        <source>Overlay the curves and final metrics of the selected runs (select two or more)</source>
        <translation>叠加显示所选运行的曲线和最终指标（请选择两个或更多）</translation>
    </message>
    <message>
        <source>Folder of runs</source>
        <translation>运行所在的文件夹</translation>
    </message>
    <message>
        <source>%1 is not a folder.</source>
        <translation>%1 不是文件夹。</translation>
    </message>
    <message>
        <source>No runs under %1 yet: New run… (Ctrl+N) starts one.</source>
        <translation>%1 下还没有运行：用“新建运行…”（Ctrl+N）开始一个。</translation>
    </message>
    <message>
        <source>No run under %1 matches “%2”.</source>
        <translation>%1 下没有与“%2”匹配的运行。</translation>
    </message>
    <message>
        <source>1 run</source>
        <translation>1 个运行</translation>
    </message>
    <message>
        <source>%1 runs</source>
        <translation>%1 个运行</translation>
    </message>
    <message>
        <source>%1 shown of %2</source>
        <translation>显示 %1 / %2</translation>
    </message>
    <message>
        <source>, %1 damaged</source>
        <translation>，%1 个已损坏</translation>
    </message>
</context>
<context>
    <name>pretext::ui::RunLibraryModel</name>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Backbone</source>
        <translation>骨干网络</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Linear probe</source>
        <translation>线性探测</translation>
    </message>
    <message>
        <source>kNN</source>
        <translation>kNN</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>实际用时</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Cannot be read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
    <message>
        <source>Diverged: %1</source>
        <translation>已发散：%1</translation>
    </message>
    <message>
        <source>Random-init encoder, same protocol: %1</source>
        <translation>随机初始化编码器（相同协议）：%1</translation>
    </message>
    <message>
        <source>Reckoned from the logged pairs per second: this run is older than the elapsed-time record</source>
        <translation>根据日志中的每秒样本对数推算：此运行早于用时记录功能</translation>
    </message>
</context>
<context>
    <name>pretext::ui::SettingsSection</name>
    <message>
        <source>More settings</source>
        <translation>更多设置</translation>
    </message>
    <message>
        <source>Settings that rarely need changing</source>
        <translation>很少需要修改的设置</translation>
    </message>
</context>
<context>
    <name>pretext::ui::TrainingController</name>
    <message>
        <source>a run is already in progress; stop it first</source>
        <translation>已有运行正在进行；请先停止它</translation>
    </message>
    <message>
        <source>loading data and building the model</source>
        <translation>正在加载数据并构建模型</translation>
    </message>
</context>
<context>
    <name>pretext::widgets::AugmentationView</name>
    <message>
        <source>1 = view 1 · 2 = view 2</source>
        <translation>1 = 视图 1 · 2 = 视图 2</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Two views of every image.&lt;/b&gt; SimCLR takes each picture twice and changes it at random: a crop, a mirror flip, colour jitter, grayscale, blur. The network is trained to give both views almost the same embedding and different images different ones.&lt;/p&gt;&lt;p&gt;Hover a pair to see the original picture with the two crop boxes: &lt;span style=&apos;color:%1&apos;&gt;solid blue = view 1&lt;/span&gt;, &lt;span style=&apos;color:%2&apos;&gt;dashed orange = view 2&lt;/span&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;每张图像的两个视图。&lt;/b&gt;SimCLR 把每张图片取两次，并对它做随机变换：裁剪、镜像翻转、颜色抖动、灰度化、模糊。训练的目标是让同一张图像的两个视图得到几乎相同的嵌入，而不同图像的嵌入彼此不同。&lt;/p&gt;&lt;p&gt;将鼠标悬停在一对图像上，可查看原图及两个裁剪框：&lt;span style=&apos;color:%1&apos;&gt;蓝色实线 = 视图 1&lt;/span&gt;，&lt;span style=&apos;color:%2&apos;&gt;橙色虚线 = 视图 2&lt;/span&gt;。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Each pair: view 1 (solid blue) | view 2 (dashed orange), two random augmentations of one image (crop = share of the picture kept, jitter = colour jitter). Hover a pair for the original with both crop boxes.</source>
        <translation>每一对：视图 1（蓝色实线）| 视图 2（橙色虚线），即对同一张图像的两次随机数据增强（裁剪 = 保留的图片比例，抖动 = 颜色抖动）。将鼠标悬停在一对图像上，可查看带两个裁剪框的原图。</translation>
    </message>
    <message>
        <source>crop %1%</source>
        <translation>裁剪 %1%</translation>
    </message>
    <message>
        <source>flip</source>
        <translation>翻转</translation>
    </message>
    <message>
        <source>jitter</source>
        <translation>抖动</translation>
    </message>
    <message>
        <source>gray</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>blur</source>
        <translation>模糊</translation>
    </message>
    <message>
        <source>solar</source>
        <translation>曝光反转</translation>
    </message>
    <message>
        <source>original #%1</source>
        <translation>原图 #%1</translation>
    </message>
    <message>
        <source>  crop: %1 × %2 px at (%3, %4)</source>
        <translation>  裁剪：%1 × %2 px，位于 (%3, %4)</translation>
    </message>
    <message>
        <source> of the %1 × %2 original</source>
        <translation>（原图 %1 × %2）</translation>
    </message>
    <message>
        <source>  flip: yes, mirrored left–right</source>
        <translation>  翻转：是，左右镜像</translation>
    </message>
    <message>
        <source>  flip: no</source>
        <translation>  翻转：否</translation>
    </message>
    <message>
        <source>  colour jitter: brightness %1, contrast %2, saturation %3, hue %4%5</source>
        <translation>  颜色抖动：亮度 %1，对比度 %2，饱和度 %3，色调 %4%5</translation>
    </message>
    <message>
        <source>  colour jitter: none</source>
        <translation>  颜色抖动：无</translation>
    </message>
    <message>
        <source>  grayscale: %1 · blur: %2 · solarize: %3</source>
        <translation>  灰度化：%1 · 模糊：%2 · 曝光反转：%3</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Sample #%1: two random augmentations of one image</source>
        <translation>样本 #%1：同一张图像的两次随机数据增强</translation>
    </message>
    <message>
        <source>View 1 (solid blue):</source>
        <translation>视图 1（蓝色实线）：</translation>
    </message>
    <message>
        <source>  (no augmentation record)</source>
        <translation>  （无数据增强记录）</translation>
    </message>
    <message>
        <source>View 2 (dashed orange):</source>
        <translation>视图 2（橙色虚线）：</translation>
    </message>
</context>
<context>
    <name>pretext::widgets::CollapseMonitor</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Is the network cheating by collapsing?&lt;/b&gt; BYOL, SimSiam and DINO learn without negatives: nothing in their loss forbids mapping every image to the same point, which makes the two views agree perfectly and teaches nothing. Their tricks (a predictor, a slowly moving target network, centring and sharpening) are there to prevent it; these plots show whether they do.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Embedding std&lt;/b&gt;: how much the normalised embeddings of a batch differ, per dimension. Spread evenly over the sphere they would reach the dashed 1/√d; &lt;b&gt;collapse drives it to 0&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Effective rank&lt;/b&gt;: how many directions the embeddings really use. &lt;b&gt;Collapse drives it to 1&lt;/b&gt;: every image on one line. It cannot exceed the batch size or the dimension d.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Teacher entropy&lt;/b&gt; (DINO): how undecided the teacher&apos;s output is. Near the dashed log K it spreads over all K outputs and says nothing; near 0 it always picks the same one. Both are collapse. The dotted &lt;b&gt;centre norm&lt;/b&gt; is the running mean that DINO subtracts to keep one output from winning.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Target momentum&lt;/b&gt;: how slowly the target network follows the online one (1 = frozen).&lt;/p&gt;&lt;p&gt;The bars are each dimension&apos;s std at the latest preview: dead dimensions show as gaps.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;网络是否在靠坍缩“作弊”？&lt;/b&gt;BYOL、SimSiam 和 DINO 不使用负样本进行学习：它们的损失中没有任何约束禁止把每张图像都映射到同一个点——那样两个视图会完全一致，却什么也学不到。它们的技巧（预测头、缓慢移动的目标网络、中心化与锐化）正是为了防止这种情况；这些图显示这些技巧是否奏效。&lt;/p&gt;&lt;p&gt;&lt;b&gt;嵌入标准差&lt;/b&gt;：一个批次中归一化后的嵌入在每个维度上的差异有多大。若均匀分布在球面上，它会达到虚线所示的 1/√d；&lt;b&gt;坍缩会使它降到 0&lt;/b&gt;。&lt;/p&gt;&lt;p&gt;&lt;b&gt;有效秩&lt;/b&gt;：嵌入实际用到了多少个方向。&lt;b&gt;坍缩会使它降到 1&lt;/b&gt;：所有图像都落在一条直线上。它不会超过批大小或维度 d。&lt;/p&gt;&lt;p&gt;&lt;b&gt;教师熵&lt;/b&gt;（DINO）：教师网络的输出有多“犹豫不决”。接近虚线 log K 时，输出均匀分散在全部 K 个输出上，不携带任何信息；接近 0 时，总是选中同一个输出。两者都是坍缩。点线表示的&lt;b&gt;中心范数&lt;/b&gt;是 DINO 所减去的滑动平均值的范数，用来防止某一个输出独占优势。&lt;/p&gt;&lt;p&gt;&lt;b&gt;目标动量&lt;/b&gt;：目标网络跟随在线网络的缓慢程度（1 = 冻结）。&lt;/p&gt;&lt;p&gt;柱状图是最近一次预览时每个维度的标准差：失效的维度显示为空缺。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Signs of collapse appear with the first preview of a BYOL, SimSiam or DINO run: the embeddings&apos; spread against the dashed 1/√d, their effective rank and, for DINO, the teacher&apos;s entropy.</source>
        <translation>坍缩迹象会在 BYOL、SimSiam 或 DINO 运行的第一次预览时出现：嵌入的离散程度（与虚线 1/√d 对比）、有效秩，以及 DINO 的教师熵。</translation>
    </message>
    <message>
        <source>embedding std</source>
        <translation>嵌入标准差</translation>
    </message>
    <message>
        <source>effective rank</source>
        <translation>有效秩</translation>
    </message>
    <message>
        <source>teacher entropy</source>
        <translation>教师熵</translation>
    </message>
    <message>
        <source>centre norm</source>
        <translation>中心范数</translation>
    </message>
    <message>
        <source>target momentum</source>
        <translation>目标动量</translation>
    </message>
    <message>
        <source>rank 1 = collapsed</source>
        <translation>秩 1 = 坍缩</translation>
    </message>
    <message>
        <source>collapsed</source>
        <translation>坍缩</translation>
    </message>
    <message>
        <source>std per dimension</source>
        <translation>各维度标准差</translation>
    </message>
    <message>
        <source>dimension</source>
        <translation>维度</translation>
    </message>
    <message>
        <source>step %1: std %2</source>
        <translation>第 %1 步：标准差 %2</translation>
    </message>
    <message>
        <source> (1/√d %1)</source>
        <translation>（1/√d = %1）</translation>
    </message>
    <message>
        <source> · effective rank %1 of d = %2</source>
        <translation> · 有效秩 %1（d = %2）</translation>
    </message>
    <message>
        <source> · teacher entropy %1</source>
        <translation> · 教师熵 %1</translation>
    </message>
    <message>
        <source> of %1</source>
        <translation>（最大 %1）</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>embedding std %1 (uniform on the sphere 1/√d = %2)</source>
        <translation>嵌入标准差 %1（球面上均匀分布时 1/√d = %2）</translation>
    </message>
    <message>
        <source>effective rank %1 of d = %2</source>
        <translation>有效秩 %1（d = %2）</translation>
    </message>
    <message>
        <source>teacher entropy %1 nats</source>
        <translation>教师熵 %1 nats</translation>
    </message>
    <message>
        <source> (uniform: log K = %1)</source>
        <translation>（均匀分布：log K = %1）</translation>
    </message>
    <message>
        <source>centre norm %1</source>
        <translation>中心范数 %1</translation>
    </message>
    <message>
        <source>target momentum %1</source>
        <translation>目标动量 %1</translation>
    </message>
    <message>
        <source> &amp;nbsp;&lt;b style=&apos;color:%1&apos;&gt;looks collapsed&lt;/b&gt;</source>
        <translation> &amp;nbsp;&lt;b style=&apos;color:%1&apos;&gt;疑似坍缩&lt;/b&gt;</translation>
    </message>
    <message>
        <source>(+1 plot in a taller panel)</source>
        <translation>（加高面板可再显示 1 幅图）</translation>
    </message>
    <message>
        <source>(+%1 plots in a taller panel)</source>
        <translation>（加高面板可再显示 %1 幅图）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>uniform on the sphere 1/√d = %1</source>
        <translation>球面上均匀分布：1/√d = %1</translation>
    </message>
    <message>
        <source>uniform 1/√d = %1</source>
        <translation>均匀分布 1/√d = %1</translation>
    </message>
    <message>
        <source>1/√d</source>
        <translation>1/√d</translation>
    </message>
    <message>
        <source>effective rank (d = %1)</source>
        <translation>有效秩（d = %1）</translation>
    </message>
    <message>
        <source>uniform over K outputs: log K = %1</source>
        <translation>K 个输出均匀分布：log K = %1</translation>
    </message>
    <message>
        <source>log K = %1</source>
        <translation>log K = %1</translation>
    </message>
    <message>
        <source>log K</source>
        <translation>log K</translation>
    </message>
    <message>
        <source>teacher entropy · centre norm (dotted, right)</source>
        <translation>教师熵 · 中心范数（点线，右轴）</translation>
    </message>
    <message>
        <source>teacher entropy · centre norm</source>
        <translation>教师熵 · 中心范数</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>std of each dimension, step %1 (dashed: 1/√d)</source>
        <translation>第 %1 步各维度的标准差（虚线：1/√d）</translation>
    </message>
    <message>
        <source>std per dimension, step %1</source>
        <translation>各维度标准差，第 %1 步</translation>
    </message>
    <message>
        <source>dimension %1: std %2</source>
        <translation>维度 %1：标准差 %2</translation>
    </message>
    <message>
        <source>
1/√d = %1</source>
        <translation>
1/√d = %1</translation>
    </message>
</context>
<context>
    <name>pretext::widgets::ColorizationView</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Paint it back.&lt;/b&gt; The network gets only the brightness of each picture (left) and has to guess its colours (middle); the real picture is on the right. To colour the sky blue and the grass green it has to recognise what it is looking at.&lt;/p&gt;&lt;p&gt;The middle picture keeps the true brightness, so only the colours can be wrong. The caption gives the colour error (mean squared difference of the two colour channels, 0 = exact; lower is better) and how vivid the guess is compared with the real colours. Early guesses are washed out: when unsure, the average of the possible colours is what a squared-error loss rewards, and that average is close to gray.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;把颜色画回来。&lt;/b&gt;网络只得到每张图片的亮度（左），必须猜出它的颜色（中）；真实图片在右边。要把天空涂成蓝色、草地涂成绿色，它必须认出自己看到的是什么。&lt;/p&gt;&lt;p&gt;中间的图片保留了真实亮度，所以只有颜色可能出错。说明文字给出颜色误差（两个颜色通道的均方差，0 = 完全一致，越低越好），以及猜测的颜色与真实颜色相比有多鲜艳。早期的猜测颜色很淡：在不确定时，平方误差损失鼓励输出各种可能颜色的平均值，而这个平均值接近灰色。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>#%1 · colour error %2</source>
        <translation>#%1 · 颜色误差 %2</translation>
    </message>
    <message>
        <source>no colour to find</source>
        <translation>原图无颜色可还原</translation>
    </message>
    <message>
        <source>%1% as vivid as the real</source>
        <translation>鲜艳度为真实的 %1%</translation>
    </message>
    <message>
        <source>What the network sees (brightness only) · its colours · the real colours.</source>
        <translation>网络看到的（仅亮度） · 它的上色 · 真实颜色。</translation>
    </message>
    <message>
        <source> Colour error %1 on average; guessing gray everywhere would score %2 (lower is better).</source>
        <translation> 平均颜色误差 %1；处处猜灰色的得分为 %2（越低越好）。</translation>
    </message>
    <message>
        <source>Sample #%1</source>
        <translation>样本 #%1</translation>
    </message>
    <message>
        <source>colour error: %1 (mean squared difference of the two colour channels, values 0–1)</source>
        <translation>颜色误差：%1（两个颜色通道的均方差，取值 0–1）</translation>
    </message>
    <message>
        <source>guessing gray everywhere: %1</source>
        <translation>处处猜灰色：%1</translation>
    </message>
    <message>
        <source>the guess is %1% as vivid as the real colours (100% = as vivid, 0% = gray)</source>
        <translation>猜测的鲜艳度为真实颜色的 %1%（100% = 同样鲜艳，0% = 灰色）</translation>
    </message>
    <message>
        <source>From the left: the brightness the network is given, its colours on that brightness, the real picture.</source>
        <translation>从左到右：网络得到的亮度、它在该亮度上的上色、真实图片。</translation>
    </message>
</context>
<context>
    <name>pretext::widgets::DockTitleBar</name>
    <message>
        <source>What am I looking at?</source>
        <translation>这是什么？</translation>
    </message>
    <message>
        <source>Explain this panel</source>
        <translation>讲解此面板</translation>
    </message>
    <message>
        <source>Float or dock this panel</source>
        <translation>使此面板浮动或停靠</translation>
    </message>
    <message>
        <source>Hide this panel (View menu brings it back)</source>
        <translation>隐藏此面板（可从“视图”菜单恢复）</translation>
    </message>
</context>
<context>
    <name>pretext::widgets::EmbeddingMap</name>
    <message>
        <source>No map yet: it appears after the first evaluation of a run.</source>
        <translation>暂无分布图：运行完成第一次评估后显示。</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>%1 (class %2)</source>
        <translation>%1（类别 %2）</translation>
    </message>
    <message>
        <source>test image #%1</source>
        <translation>测试图像 #%1</translation>
    </message>
    <message>
        <source>point %1</source>
        <translation>点 %1</translation>
    </message>
</context>
<context>
    <name>pretext::widgets::ImageGridView</name>
    <message>
        <source>No images to show.</source>
        <translation>没有可显示的图像。</translation>
    </message>
</context>
<context>
    <name>pretext::widgets::JigsawView</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Solve the puzzle.&lt;/b&gt; Each image is cut into tiles and shuffled in one of a fixed set of ways. The network sees only the shuffled tiles and must say which shuffle it was; to do so it has to know what parts of objects look like and where they go.&lt;/p&gt;&lt;p&gt;The number on each tile is the place it belongs (1 = top left, reading order). The third picture puts the tiles back using the network&apos;s guess: when the guess is right it looks like the original.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;拼好拼图。&lt;/b&gt;每张图像被切成若干图块，并按固定集合中的某一种方式打乱。网络只能看到打乱后的图块，必须说出是哪一种打乱方式；为此，它必须知道物体的各个部分长什么样、应该放在哪里。&lt;/p&gt;&lt;p&gt;每个图块上的数字是它应处的位置（1 = 左上角，按阅读顺序）。第三幅图按网络的猜测把图块放回原位：猜对时它看起来和原图一样。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Shuffled tiles (number = where the tile belongs) | put back with the network&apos;s guess.</source>
        <translation>打乱的图块（数字 = 图块应处的位置） | 按网络的猜测复原。</translation>
    </message>
    <message>
        <source>Original | shuffled tiles (number = where the tile belongs) | put back with the network&apos;s guess.</source>
        <translation>原图 | 打乱的图块（数字 = 图块应处的位置） | 按网络的猜测复原。</translation>
    </message>
    <message>
        <source> The network picks one of %1 shuffles</source>
        <translation> 网络要从 %1 种打乱方式中选出一种</translation>
    </message>
    <message>
        <source>: %1 of %2 right (guessing blindly: %3%).</source>
        <translation>：猜对 %1 / %2（盲猜：%3%）。</translation>
    </message>
    <message>
        <source>shuffle #%1: %2</source>
        <translation>打乱方式 #%1：%2</translation>
    </message>
    <message>
        <source>shuffle #%1</source>
        <translation>打乱方式 #%1</translation>
    </message>
    <message>
        <source>no guess yet</source>
        <translation>尚未猜测</translation>
    </message>
    <message>
        <source>guess #%1 ✓</source>
        <translation>猜测 #%1 ✓</translation>
    </message>
    <message>
        <source>guess #%1 ✗</source>
        <translation>猜测 #%1 ✗</translation>
    </message>
    <message>
        <source>Sample #%1: cut into %2 × %2 tiles</source>
        <translation>样本 #%1：切成 %2 × %2 个图块</translation>
    </message>
    <message>
        <source>shuffled with permutation #%1 of %2: the tile places show tiles %3</source>
        <translation>按排列 #%1（共 %2 种）打乱：各位置上依次是图块 %3</translation>
    </message>
    <message>
        <source>permutation #%1 is not in the permutation set</source>
        <translation>排列 #%1 不在排列集合中</translation>
    </message>
    <message>
        <source>the network has not guessed yet</source>
        <translation>网络尚未猜测</translation>
    </message>
    <message>
        <source>the network guessed #%1: right, the tiles go back in place</source>
        <translation>网络猜的是 #%1：正确，图块回到了原位</translation>
    </message>
    <message>
        <source>the network guessed #%1 (%2): wrong, so the put-back picture is still scrambled</source>
        <translation>网络猜的是 #%1（%2）：错误，所以复原后的图片仍是乱的</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>pretext::widgets::LossPlot</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;The loss: how wrong the network still is at its practice task.&lt;/b&gt; For SimCLR that task is picking each image&apos;s partner view out of the whole batch. Training pushes this number down.&lt;/p&gt;&lt;p&gt;The thin light line is every step&apos;s loss; it jumps around because each batch holds different images. The thick line is a moving average that shows the trend; the &lt;i&gt;Smoothing&lt;/i&gt; slider sets how much it averages.&lt;/p&gt;&lt;p&gt;Scroll to zoom, drag to pan, double-click or press &lt;i&gt;Reset view&lt;/i&gt; to follow the run again.&lt;/p&gt;&lt;p&gt;A dashed vertical line with a label marks a live edit of the learning rate or τ: a jump right after it comes from the edit (a lower τ changes the scale of the loss), not from learning.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;损失：网络在代理任务上还差多少。&lt;/b&gt;对 SimCLR 来说，这个任务是从整个批次中找出每张图像的配对视图。训练会让这个数值不断下降。&lt;/p&gt;&lt;p&gt;细的浅色线是每一步的损失；由于每个批次包含不同的图像，它会上下跳动。粗线是移动平均，显示整体趋势；&lt;i&gt;平滑&lt;/i&gt;滑块决定平均的程度。&lt;/p&gt;&lt;p&gt;滚动滚轮可缩放，拖动可平移，双击或按&lt;i&gt;重置视图&lt;/i&gt;可重新跟随运行。&lt;/p&gt;&lt;p&gt;带标签的垂直虚线标出对学习率或 τ 的实时修改：紧随其后的跳变来自这次修改（降低 τ 会改变损失的尺度），而不是来自学习。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>every step</source>
        <translation>每一步</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>平滑后</translation>
    </message>
    <message>
        <source>How much the thick line averages: 0 = not at all, 0.99 = very smooth</source>
        <translation>粗线的平均程度：0 = 不平均，0.99 = 非常平滑</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>Logarithmic loss axis: makes late, small improvements visible</source>
        <translation>损失轴使用对数刻度：让后期的微小改进也清晰可见</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <source>Keep the whole run in view as new steps arrive (off after you zoom or pan)</source>
        <translation>新的步到来时始终显示整个运行（缩放或平移后自动关闭）</translation>
    </message>
    <message>
        <source>Reset view</source>
        <translation>重置视图</translation>
    </message>
    <message>
        <source>Show the whole run and follow new steps again</source>
        <translation>显示整个运行，并重新跟随新的步</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>step %1: loss %2 (smoothed %3)</source>
        <translation>第 %1 步：损失 %2（平滑后 %3）</translation>
    </message>
    <message>
        <source>step %1
loss %2
smoothed %3</source>
        <translation>第 %1 步
损失 %2
平滑后 %3</translation>
    </message>
</context>
<context>
    <name>pretext::widgets::MaskView</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Fill in the blanks.&lt;/b&gt; Most of each image is hidden (the grey squares) and the network has to paint back what was there from the few patches it can still see. To do that it must learn what clothes, digits or objects look like.&lt;/p&gt;&lt;p&gt;From the left: the original; what the network gets; its reconstruction; the error of every patch, dark where the reconstruction is right and bright where it is wrong (faded: a patch the network could see). Early in training the hidden parts are blurry averages; later they take the right shapes. The caption gives the error on the hidden patches (mean squared error, pixel values 0–1; lower is better). Point at a patch for its own error.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;填空。&lt;/b&gt;每张图像的大部分被遮住（灰色方块），网络必须根据仍能看到的少数图块，把被遮住的内容画回来。为此，它必须学会衣服、数字或物体长什么样。&lt;/p&gt;&lt;p&gt;从左到右：原图；网络得到的输入；它的重建结果；每个图块的误差——重建正确处暗、错误处亮（淡化显示的是网络能看到的图块）。训练早期，被遮挡的部分是模糊的平均；之后会逐渐呈现正确的形状。说明文字给出被遮挡图块上的误差（均方误差，像素值 0–1，越低越好）。将鼠标指向某个图块可查看它自己的误差。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>#%1 · %2 hidden</source>
        <translation>#%1 · 遮挡 %2</translation>
    </message>
    <message>
        <source> · error %1</source>
        <translation> · 误差 %1</translation>
    </message>
    <message>
        <source>Original · what the network sees (grey = hidden) · its reconstruction · error per patch (dark = right, bright = wrong).</source>
        <translation>原图 · 网络看到的（灰色 = 被遮挡） · 它的重建 · 每个图块的误差（暗 = 正确，亮 = 错误）。</translation>
    </message>
    <message>
        <source> %1 of every image hidden, in %2 × %2 px patches.</source>
        <translation> 每张图像遮挡 %1，图块大小 %2 × %2 px。</translation>
    </message>
    <message>
        <source>error per patch:</source>
        <translation>每个图块的误差：</translation>
    </message>
    <message>
        <source>(MSE, pixel values 0–1)</source>
        <translation>（MSE，像素值 0–1）</translation>
    </message>
    <message>
        <source>a patch the network saw</source>
        <translation>网络看到的图块</translation>
    </message>
    <message>
        <source>patch (%1, %2), %3</source>
        <translation>图块 (%1, %2)，%3</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>被遮挡</translation>
    </message>
    <message>
        <source>visible</source>
        <translation>可见</translation>
    </message>
    <message>
        <source>: MSE %1</source>
        <translation>：MSE %1</translation>
    </message>
    <message>
        <source>sample #%1, row %2, column %3 (from 0)</source>
        <translation>样本 #%1，第 %2 行，第 %3 列（从 0 开始）</translation>
    </message>
    <message>
        <source>The network never saw this patch and had to paint it back.</source>
        <translation>网络从未看到这个图块，必须把它画回来。</translation>
    </message>
    <message>
        <source>The network saw this patch; it is copied into the reconstruction.</source>
        <translation>网络看到了这个图块；它被直接复制到重建结果中。</translation>
    </message>
    <message>
        <source>error: mean squared difference from the original, pixel values 0–1 (scale 0 … %1)</source>
        <translation>误差：与原图的均方差，像素值 0–1（色标 0 … %1）</translation>
    </message>
    <message>
        <source>Sample #%1</source>
        <translation>样本 #%1</translation>
    </message>
    <message>
        <source>%1 of %2 patches (%3) hidden from the network, %4 × %4 px each</source>
        <translation>%2 个图块中有 %1 个（%3）对网络隐藏，每个 %4 × %4 px</translation>
    </message>
    <message>
        <source>reconstruction error on hidden patches: MSE %1 (pixel values 0–1)</source>
        <translation>被遮挡图块上的重建误差：MSE %1（像素值 0–1）</translation>
    </message>
    <message>
        <source>on visible patches: MSE %1</source>
        <translation>可见图块上：MSE %1</translation>
    </message>
    <message>
        <source>worst hidden patch: (%1, %2), MSE %3</source>
        <translation>误差最大的被遮挡图块：(%1, %2)，MSE %3</translation>
    </message>
    <message>
        <source>Point at a patch for its own error.</source>
        <translation>将鼠标指向某个图块可查看它自己的误差。</translation>
    </message>
</context>
<context>
    <name>pretext::widgets::NeighbourGrid</name>
    <message>
        <source>No neighbours yet: they appear after the first evaluation of a run.</source>
        <translation>暂无近邻：运行完成第一次评估后显示。</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>image %1</source>
        <translation>图像 %1</translation>
    </message>
    <message>
        <source>test #%1</source>
        <translation>测试 #%1</translation>
    </message>
    <message>
        <source>%1 of %2 share its class (%3)</source>
        <translation>%2 个近邻中有 %1 个与它同类（%3）</translation>
    </message>
    <message>
        <source>Query: %1, %2
%3</source>
        <translation>查询：%1，%2
%3</translation>
    </message>
    <message>
        <source>Neighbour %1 of %2: %3, %4
cosine similarity to the query: %5</source>
        <translation>近邻 %1/%2：%3，%4
与查询图像的余弦相似度：%5</translation>
    </message>
    <message>
        <source>
✗ another class: the query is %1. A kNN classifier would count this vote against it.</source>
        <translation>
✗ 类别不同：查询图像属于 %1。kNN 分类器会把这一票算作反对票。</translation>
    </message>
    <message>
        <source>Query: %1, %2</source>
        <translation>查询：%1，%2</translation>
    </message>
    <message>
        <source>%1. %2%3 (%4), %5</source>
        <translation>%1. %2%3（%4），%5</translation>
    </message>
    <message>
        <source>Each row: a test image (framed) and the test images nearest to it in feature space, most similar first (cosine similarity under each). ✗ marks a neighbour of another class.</source>
        <translation>每一行：一张测试图像（带框）以及特征空间中与它最近的测试图像，按相似度从高到低排列（下方标注余弦相似度）。✗ 表示该近邻属于其他类别。</translation>
    </message>
    <message>
        <source>query</source>
        <translation>查询</translation>
    </message>
</context>
<context>
    <name>pretext::widgets::ProbeDetails</name>
    <message>
        <source>share of the true class</source>
        <translation>占真实类别的比例</translation>
    </message>
    <message>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>准确率 (%)</translation>
    </message>
    <message>
        <source>No mistakes to show yet.</source>
        <translation>暂无可显示的错误。</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>no test images</source>
        <translation>无测试图像</translation>
    </message>
    <message>
        <source>True class %1, predicted %1: right.
%2 of the %3 test images of %1 (%4).</source>
        <translation>真实类别 %1，预测为 %1：正确。
%1 的 %3 张测试图像中有 %2 张（%4）。</translation>
    </message>
    <message>
        <source>True class %1, predicted %2: wrong.
%3 of the %4 test images of %1 (%5) were taken for %2.</source>
        <translation>真实类别 %1，预测为 %2：错误。
%1 的 %4 张测试图像中有 %3 张（%5）被误认为 %2。</translation>
    </message>
    <message>
        <source>No probe details yet: they appear after the first evaluation of a run.</source>
        <translation>暂无线性探测详情：运行完成第一次评估后显示。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Random init&lt;/b&gt; (the untrained encoder)</source>
        <translation>&lt;b&gt;随机初始化&lt;/b&gt;（未训练的编码器）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Step %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;第 %1 步&lt;/b&gt;</translation>
    </message>
    <message>
        <source>%1: the linear probe</source>
        <translation>%1：线性探测</translation>
    </message>
    <message>
        <source> gets &lt;b&gt;%1&lt;/b&gt; of %2 test images right (chance: %3).</source>
        <translation>在 %2 张测试图像上的准确率为 &lt;b&gt;%1&lt;/b&gt;（随机猜测：%3）。</translation>
    </message>
    <message>
        <source>all %1</source>
        <translation>总体 %1</translation>
    </message>
    <message>
        <source>%1
→ %2</source>
        <translation>%1
→ %2</translation>
    </message>
    <message>
        <source>Test image #%1 is a %2; the probe said %3 with %4 confidence.</source>
        <translation>测试图像 #%1 实际是 %2；线性探测以 %4 的置信度判为 %3。</translation>
    </message>
    <message>
        <source>The probe&apos;s most confident mistakes: true class → the probe&apos;s class, with the probe&apos;s confidence.</source>
        <translation>线性探测最有把握的错误：真实类别 → 探测给出的类别，并附探测的置信度。</translation>
    </message>
    <message>
        <source>true %1, predicted %2: %3</source>
        <translation>真实 %1，预测 %2：%3</translation>
    </message>
</context>
<context>
    <name>pretext::widgets::ProbePlot</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Has the network learned something useful?&lt;/b&gt; A linear probe is a single linear layer trained on top of the frozen network to recognise the real classes. If the features are good, even this simple classifier does well.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Markers&lt;/b&gt;, measured on clean test images at the end of each epoch: the linear probe (circles) and the kNN classifier (diamonds). Each kind starts, at step 0, with the very same test on the untrained, randomly initialised network, and its dashed line in the same colour carries that value on: a marker above its own dashed line means the training taught the network something that this test can see. The step-0 markers are measured on a copy of the untrained network kept aside, at the end of the first epoch, so that training starts at once: they appear together with the first epoch&apos;s markers. Even a random network scores well above chance, because raw pixels already say a lot about the class.&lt;/p&gt;&lt;p&gt;The &lt;b&gt;solid line&lt;/b&gt; is the online probe: a classifier trained from scratch during the run, on the augmented views of each batch. It starts at chance (the dotted line, one in the number of classes) and climbs as the probe and the features improve together. It is a different test, so it is never compared with the dashed random-init lines; it reads lower than the clean-image markers.&lt;/p&gt;&lt;p&gt;The faint line (right axis) is the learning rate; labelled vertical lines mark live edits of lr or τ.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;网络学到有用的东西了吗？&lt;/b&gt;线性探测是在冻结的网络之上训练的单个线性层，用来识别真实类别。如果特征足够好，即使这个简单的分类器也能表现出色。&lt;/p&gt;&lt;p&gt;&lt;b&gt;标记点&lt;/b&gt;在每轮结束时于干净的测试图像上测得：线性探测（圆形）和 kNN 分类器（菱形）。每一种都从第 0 步开始——在未训练、随机初始化的网络上做完全相同的测试——并用同色虚线延续该值：标记点高于它自己的虚线，说明训练教会了网络一些这项测试能看出来的东西。第 0 步的标记点是在第一轮结束时，在预先另存的一份未训练网络副本上测得的，这样训练可以立即开始：它们会和第一轮的标记点同时出现。即使是随机网络，得分也远高于随机猜测，因为原始像素本身就已包含大量类别信息。&lt;/p&gt;&lt;p&gt;&lt;b&gt;实线&lt;/b&gt;是在线探测：在运行过程中，用每个批次的数据增强视图从零开始训练的分类器。它从随机猜测水平（点线，即类别数分之一）起步，随着探测器和特征共同改进而上升。这是另一种测试，因此从不与随机初始化的虚线比较；它的读数会低于干净图像上的标记点。&lt;/p&gt;&lt;p&gt;浅色线（右轴）是学习率；带标签的竖线标出对 lr 或 τ 的实时修改。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>准确率（%）</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>learning rate (right)</source>
        <translation>学习率（右轴）</translation>
    </message>
    <message>
        <source>online probe (augmented views)</source>
        <translation>在线探测（增强视图）</translation>
    </message>
    <message>
        <source>linear probe (clean images)</source>
        <translation>线性探测（干净图像）</translation>
    </message>
    <message>
        <source>kNN (clean images)</source>
        <translation>kNN（干净图像）</translation>
    </message>
    <message>
        <source>chance</source>
        <translation>随机猜测</translation>
    </message>
    <message>
        <source>random init, linear probe</source>
        <translation>随机初始化，线性探测</translation>
    </message>
    <message>
        <source>random init, kNN</source>
        <translation>随机初始化，kNN</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source> (×10%1)</source>
        <translation>（×10%1）</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>lr</translation>
    </message>
    <message>
        <source>random-init network (step 0)</source>
        <translation>随机初始化网络（第 0 步）</translation>
    </message>
    <message>
        <source>epoch %1 (step %2)</source>
        <translation>第 %1 轮（第 %2 步）</translation>
    </message>
    <message>
        <source>linear probe: %1</source>
        <translation>线性探测：%1</translation>
    </message>
    <message>
        <source> (random init %1)</source>
        <translation>（随机初始化 %1）</translation>
    </message>
    <message>
        <source>kNN: %1</source>
        <translation>kNN：%1</translation>
    </message>
    <message>
        <source>step %1%2online probe: %3</source>
        <translation>第 %1 步%2在线探测：%3</translation>
    </message>
    <message>
        <source> (chance %1)</source>
        <translation>（随机猜测 %1）</translation>
    </message>
</context>
<context>
    <name>pretext::widgets::QueueView</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;MoCo&apos;s memory of negatives.&lt;/b&gt; Instead of comparing each image only with the rest of its batch, MoCo keeps a queue of thousands of keys (embeddings of earlier images, made by a slowly moving copy of the network). Every step the newest batch is added and the oldest is dropped.&lt;/p&gt;&lt;p&gt;The bar shows how full the queue is; while it fills, the loss sees fewer negatives. The age of the oldest key says how many steps ago it was made: old keys come from an older network, which is why that copy must move slowly.&lt;/p&gt;&lt;p&gt;The histogram shows the scores q·k/τ of the preview images against the queue&apos;s keys (&lt;span style=&apos;color:%1&apos;&gt;negatives&lt;/span&gt;) and each image&apos;s score against the other view of itself (&lt;span style=&apos;color:%2&apos;&gt;positive, one line per image&lt;/span&gt;). The loss pushes every line to the right, clear of the hill of negatives.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;MoCo 的负样本记忆。&lt;/b&gt;MoCo 不只把每张图像与同一批次中的其他图像比较，而是维护一个包含数千个键（key）的队列——这些键是较早图像的嵌入，由网络的一个缓慢移动的副本生成。每一步，最新的批次入队，最旧的批次出队。&lt;/p&gt;&lt;p&gt;进度条显示队列的填充程度；在填满之前，损失能看到的负样本较少。最旧键的“年龄”表示它是多少步之前生成的：旧的键来自较旧的网络，这正是那个副本必须缓慢移动的原因。&lt;/p&gt;&lt;p&gt;直方图显示预览图像与队列中各个键的得分 q·k/τ（&lt;span style=&apos;color:%1&apos;&gt;负样本&lt;/span&gt;），以及每张图像与其自身另一个视图的得分（&lt;span style=&apos;color:%2&apos;&gt;正样本，每张图像一条线&lt;/span&gt;）。损失会把每条线推向右侧，远离负样本形成的“山丘”。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>MoCo&apos;s queue appears with the first preview of a MoCo run: how full it is, how old its oldest key is, and where each image&apos;s positive score sits among the queue&apos;s negatives.</source>
        <translation>MoCo 的队列会在 MoCo 运行的第一次预览时出现：它的填充程度、最旧键的年龄，以及每张图像的正样本得分在队列负样本中的位置。</translation>
    </message>
    <message>
        <source>Keys in the queue / its capacity K</source>
        <translation>队列中的键数 / 容量 K</translation>
    </message>
    <message>
        <source>Steps since the oldest key in the queue was made by the momentum encoder</source>
        <translation>队列中最旧的键由动量编码器生成至今经过的步数</translation>
    </message>
    <message>
        <source>score q·k / τ</source>
        <translation>得分 q·k / τ</translation>
    </message>
    <message>
        <source>count</source>
        <translation>计数</translation>
    </message>
    <message>
        <source>negatives q·k−/τ</source>
        <translation>负样本 q·k−/τ</translation>
    </message>
    <message>
        <source>positive q·k+/τ</source>
        <translation>正样本 q·k+/τ</translation>
    </message>
    <message>
        <source>%1 / %2 keys</source>
        <translation>%1 / %2 个键</translation>
    </message>
    <message>
        <source>oldest key %1 steps old</source>
        <translation>最旧的键已有 %1 步</translation>
    </message>
    <message>
        <source>queue still empty: it fills one batch per step</source>
        <translation>队列仍为空：每步填入一个批次</translation>
    </message>
    <message>
        <source> · τ %1</source>
        <translation> · τ %1</translation>
    </message>
    <message>
        <source>positives mean %1</source>
        <translation>正样本均值 %1</translation>
    </message>
    <message>
        <source>negatives mean %1</source>
        <translation>负样本均值 %1</translation>
    </message>
    <message>
        <source>a positive beats %1% of the negatives</source>
        <translation>正样本平均高于 %1% 的负样本</translation>
    </message>
    <message>
        <source>preview image %1: positive score %2</source>
        <translation>预览图像 %1：正样本得分 %2</translation>
    </message>
    <message>
        <source>
above %1% of the queue&apos;s negatives</source>
        <translation>
高于队列中 %1% 的负样本</translation>
    </message>
    <message>
        <source>%1 negatives with a score from %2 to %3</source>
        <translation>%1 个负样本，得分范围 %2 到 %3</translation>
    </message>
</context>
<context>
    <name>pretext::widgets::RotationView</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Which way is up?&lt;/b&gt; Every image is turned by 0°, 90°, 180° or 270° and the network has to say by how much. To get it right it has to recognise shapes and objects, so it learns useful features without any labels.&lt;/p&gt;&lt;p&gt;A &lt;span style=&apos;color:%1&apos;&gt;solid blue frame ✓&lt;/span&gt; is a right guess, a &lt;span style=&apos;color:%2&apos;&gt;dashed orange frame ✗&lt;/span&gt; a wrong one. Guessing blindly is right 25% of the time.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;哪边朝上？&lt;/b&gt;每张图像被旋转 0°、90°、180° 或 270°，网络要判断转了多少。要答对，它必须认出形状和物体，因此无需任何标签就能学到有用的特征。&lt;/p&gt;&lt;p&gt;&lt;span style=&apos;color:%1&apos;&gt;蓝色实线框 ✓&lt;/span&gt; 表示猜对，&lt;span style=&apos;color:%2&apos;&gt;橙色虚线框 ✗&lt;/span&gt; 表示猜错。盲猜的正确率为 25%。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Each image is turned by 0°, 90°, 180° or 270°; the network guesses the angle.</source>
        <translation>每张图像被旋转 0°、90°、180° 或 270°；网络猜测旋转角度。</translation>
    </message>
    <message>
        <source> %1 of %2 right (%3%; guessing blindly: 25%).</source>
        <translation>已猜测的 %2 张中猜对 %1 张（%3%；盲猜：25%）。</translation>
    </message>
    <message>
        <source>turned %1</source>
        <translation>旋转 %1</translation>
    </message>
    <message>
        <source>no guess yet</source>
        <translation>尚未猜测</translation>
    </message>
    <message>
        <source>guess %1 ✓</source>
        <translation>猜 %1 ✓</translation>
    </message>
    <message>
        <source>guess %1 ✗</source>
        <translation>猜 %1 ✗</translation>
    </message>
    <message>
        <source>Sample #%1</source>
        <translation>样本 #%1</translation>
    </message>
    <message>
        <source>turned by %1 anticlockwise (class k = %2)</source>
        <translation>逆时针旋转 %1（类别 k = %2）</translation>
    </message>
    <message>
        <source>the network has not guessed yet</source>
        <translation>网络尚未猜测</translation>
    </message>
    <message>
        <source>the network guessed %1 (k = %2): %3</source>
        <translation>网络猜测 %1（k = %2）：%3</translation>
    </message>
    <message>
        <source>right</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>wrong</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>pretext::widgets::SampleGridView</name>
    <message>
        <source>No preview yet: start a run to see what the network is given.</source>
        <translation>暂无预览：开始运行后即可看到网络接收的输入。</translation>
    </message>
    <message>
        <source>%1 of %2 shown; enlarge the panel to see all.</source>
        <translation>已显示 %2 个中的 %1 个；放大面板可查看全部。</translation>
    </message>
    <message>
        <source>Enlarge this panel to see the samples.</source>
        <translation>放大此面板以查看样本。</translation>
    </message>
</context>
<context>
    <name>pretext::widgets::SimilarityHeatmap</name>
    <message>
        <source>Step &amp;0</source>
        <translation>第 0 步(&amp;0)</translation>
    </message>
    <message>
        <source>Show the matrix of the untrained network (step 0, the same images and views) instead of the live one, to compare before and after (Alt+0)</source>
        <translation>显示未训练网络的矩阵（第 0 步，相同的图像和视图）以替代实时矩阵，便于比较训练前后（Alt+0）</translation>
    </message>
    <message>
        <source>Mean cosine of the positive pairs minus the mean cosine of the negatives, at every preview of the same fixed images: it grows as the network learns to tell the pictures apart while keeping two views of one picture together.</source>
        <translation>正样本对的平均余弦减去负样本的平均余弦，每次预览时都在同一组固定图像上计算：随着网络学会区分不同的图片、同时让同一图片的两个视图保持接近，它会逐渐增大。</translation>
    </message>
    <message>
        <source>pos − neg</source>
        <translation>正 − 负</translation>
    </message>
    <message>
        <source>column: compared with</source>
        <translation>列：比较对象</translation>
    </message>
    <message>
        <source>row: image</source>
        <translation>行：图像</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Do the two views agree, feature by feature?&lt;/b&gt; Barlow Twins embeds both augmented views of every image and correlates each feature of view 1 (rows) with each feature of view 2 (columns) over the batch. Red means the two features rise and fall together, blue that one rises when the other falls, white that they are unrelated.&lt;/p&gt;&lt;p&gt;The loss wants the &lt;b&gt;diagonal red&lt;/b&gt; (C&lt;sub&gt;ii&lt;/sub&gt; → 1: a feature says the same about both views, so it ignores the augmentation) and &lt;b&gt;everything else white&lt;/b&gt; (C&lt;sub&gt;ij&lt;/sub&gt; → 0: different features carry different information, which stops them all collapsing into one). As training works the matrix turns into a red line on white.&lt;/p&gt;&lt;p&gt;Hover a cell for its value.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;两个视图在每个特征上是否一致？&lt;/b&gt;Barlow Twins 对每张图像的两个增强视图都计算嵌入，并在整个批次上计算视图 1 的每个特征（行）与视图 2 的每个特征（列）之间的相关性。红色表示两个特征同升同降，蓝色表示一个上升时另一个下降，白色表示二者无关。&lt;/p&gt;&lt;p&gt;损失希望&lt;b&gt;对角线为红色&lt;/b&gt;（C&lt;sub&gt;ii&lt;/sub&gt; → 1：一个特征对两个视图给出相同的结果，因此它忽略了数据增强），&lt;b&gt;其余全部为白色&lt;/b&gt;（C&lt;sub&gt;ij&lt;/sub&gt; → 0：不同的特征携带不同的信息，这可以防止它们全部坍缩成一个）。训练奏效时，矩阵会变成白底上的一条红线。&lt;/p&gt;&lt;p&gt;将鼠标悬停在单元格上可查看其数值。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>No correlation matrix yet: it appears with the first preview of a Barlow Twins run, features of view 1 against features of view 2.</source>
        <translation>尚无互相关矩阵：它会在 Barlow Twins 运行的第一次预览时出现，显示视图 1 的特征与视图 2 的特征之间的相关性。</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Who looks like whom?&lt;/b&gt; Every row and every column is one augmented image: first all the view 1s, then all the view 2s. A cell&apos;s colour is the cosine similarity of the two embeddings: yellow means the network thinks they show the same thing, purple that they are unrelated.&lt;/p&gt;&lt;p&gt;The &lt;span style=&apos;color:%1&apos;&gt;boxed cells&lt;/span&gt; are positive pairs, two views of the same picture. As SimCLR learns they light up as two bright diagonal stripes while everything else darkens. The grey diagonal is each image compared with itself; the loss leaves it out.&lt;/p&gt;&lt;p&gt;Hover a cell for its softmax probability at temperature τ: the share of its row that the loss gives to that column. A lower τ makes the softmax sharper.&lt;/p&gt;&lt;p&gt;Every preview shows the &lt;b&gt;same images with the same augmentations&lt;/b&gt;, so only the network changes. &lt;i&gt;Step 0&lt;/i&gt; swaps in the matrix of the untrained network for comparison; the small curve underneath is the mean positive cosine minus the mean negative cosine at each preview: it climbs as the positives light up and the rest darkens. Even at step 0 the positives are brighter than the rest, because two crops of one picture look alike to any network.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;谁和谁相像？&lt;/b&gt;每一行、每一列都是一张增强后的图像：先是所有的视图 1，然后是所有的视图 2。单元格的颜色是两个嵌入的余弦相似度：黄色表示网络认为它们展示的是同一事物，紫色表示二者无关。&lt;/p&gt;&lt;p&gt;&lt;span style=&apos;color:%1&apos;&gt;加框的单元格&lt;/span&gt;是正样本对，即同一张图片的两个视图。随着 SimCLR 的学习，它们会亮成两条明亮的对角条纹，而其余部分逐渐变暗。灰色对角线是每张图像与自身的比较；损失不计入它。&lt;/p&gt;&lt;p&gt;将鼠标悬停在单元格上，可查看它在温度系数 τ 下的 softmax 概率：损失分配给该列的、占该行的份额。τ 越低，softmax 越尖锐。&lt;/p&gt;&lt;p&gt;每次预览显示的都是&lt;b&gt;相同的图像和相同的数据增强&lt;/b&gt;，因此只有网络在变化。&lt;i&gt;第 0 步&lt;/i&gt;会换成未训练网络的矩阵以供比较；下方的小曲线是每次预览时正样本平均余弦减去负样本平均余弦：随着正样本变亮、其余部分变暗，它会上升。即使在第 0 步，正样本也比其余部分亮，因为对任何网络来说，同一张图片的两个裁剪看起来都很相似。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>No similarity matrix yet: it appears with the first preview of a contrastive run (SimCLR, MoCo).</source>
        <translation>尚无相似度矩阵：它会在对比学习运行（SimCLR、MoCo）的第一次预览时出现。</translation>
    </message>
    <message>
        <source>correlation C</source>
        <translation>相关系数 C</translation>
    </message>
    <message>
        <source>cosine similarity</source>
        <translation>余弦相似度</translation>
    </message>
    <message>
        <source>feature j of view 2</source>
        <translation>视图 2 的特征 j</translation>
    </message>
    <message>
        <source>feature i of view 1</source>
        <translation>视图 1 的特征 i</translation>
    </message>
    <message>
        <source>view 1 #%1</source>
        <translation>视图 1 #%1</translation>
    </message>
    <message>
        <source>view 2 #%1</source>
        <translation>视图 2 #%1</translation>
    </message>
    <message>
        <source>Expected a square D × D correlation matrix, got %1 × %2.</source>
        <translation>应为 D × D 的方形互相关矩阵，实际为 %1 × %2。</translation>
    </message>
    <message>
        <source>Expected a square 2N × 2N similarity matrix, got %1 × %2.</source>
        <translation>应为 2N × 2N 的方形相似度矩阵，实际为 %1 × %2。</translation>
    </message>
    <message>
        <source>diagonal → 1 (mean %1), off-diagonal → 0 (mean |C| %2)</source>
        <translation>对角线 → 1（均值 %1），非对角线 → 0（|C| 均值 %2）</translation>
    </message>
    <message>
        <source>positives %1 · negatives %2</source>
        <translation>正样本 %1 · 负样本 %2</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:%1&apos;&gt;&amp;#9634;&lt;/span&gt;&amp;nbsp;positive&amp;nbsp;pair</source>
        <translation>&lt;span style=&apos;color:%1&apos;&gt;&amp;#9634;&lt;/span&gt;&amp;nbsp;正样本对</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:%1&apos;&gt;&amp;#9632;&lt;/span&gt;&amp;nbsp;self&amp;nbsp;(left&amp;nbsp;out)</source>
        <translation>&lt;span style=&apos;color:%1&apos;&gt;&amp;#9632;&lt;/span&gt;&amp;nbsp;自身（不计入）</translation>
    </message>
    <message>
        <source>&lt;b&gt;step 0: the untrained network&lt;/b&gt; (press Step 0 again for live)</source>
        <translation>&lt;b&gt;第 0 步：未训练的网络&lt;/b&gt;（再按一次“第 0 步”返回实时视图）</translation>
    </message>
    <message>
        <source>&lt;b&gt;step %1: the first matrix shown&lt;/b&gt; (press Step 0 again for live)</source>
        <translation>&lt;b&gt;第 %1 步：显示的第一个矩阵&lt;/b&gt;（再按一次“第 0 步”返回实时视图）</translation>
    </message>
    <message>
        <source>τ %1</source>
        <translation>τ %1</translation>
    </message>
    <message>
        <source>NT‑Xent %1</source>
        <translation>NT‑Xent %1</translation>
    </message>
    <message>
        <source>C(%1, %2) = %3: feature %1 of view 1 vs feature %2 of view 2</source>
        <translation>C(%1, %2) = %3：视图 1 的特征 %1 与视图 2 的特征 %2</translation>
    </message>
    <message>
        <source>diagonal: the loss pulls this towards 1, so the feature ignores the augmentation</source>
        <translation>对角线：损失把它拉向 1，使该特征忽略数据增强</translation>
    </message>
    <message>
        <source>off-diagonal: the loss pushes this towards 0, so the two features stay different</source>
        <translation>非对角线：损失把它推向 0，使两个特征保持不同</translation>
    </message>
    <message>
        <source>%1 vs itself</source>
        <translation>%1 与自身</translation>
    </message>
    <message>
        <source>cosine similarity: %1</source>
        <translation>余弦相似度：%1</translation>
    </message>
    <message>
        <source>left out of the softmax: an image is always similar to itself</source>
        <translation>不计入 softmax：图像与自身总是相似的</translation>
    </message>
    <message>
        <source>%1 vs %2%3</source>
        <translation>%1 与 %2%3</translation>
    </message>
    <message>
        <source> (positive pair)</source>
        <translation>（正样本对）</translation>
    </message>
    <message>
        <source> (negative)</source>
        <translation>（负样本）</translation>
    </message>
    <message>
        <source>softmax probability at τ = %1: %2 (of row %3, %4 other columns)</source>
        <translation>τ = %1 时的 softmax 概率：%2（在 %3 所在行中，共 %4 个其他列）</translation>
    </message>
    <message>
        <source>the loss pushes this probability up</source>
        <translation>损失会推高这个概率</translation>
    </message>
    <message>
        <source>the loss pushes this down</source>
        <translation>损失会压低它</translation>
    </message>
    <message>
        <source>view 1</source>
        <translation>视图 1</translation>
    </message>
    <message>
        <source>view 2</source>
        <translation>视图 2</translation>
    </message>
</context>
<context>
    <name>pretext::widgets::TokenView</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Guess the hidden word.&lt;/b&gt; Before training, every small square (patch) of the training images was sorted into one of K groups of look-alike patches: the visual vocabulary. Each group is a &lt;i&gt;token&lt;/i&gt;, drawn as the average of its patches.&lt;/p&gt;&lt;p&gt;From the left: the original; the same image written in tokens (each patch replaced by its token&apos;s picture: what the vocabulary can say); the network&apos;s guesses for the hidden patches. The network never saw those patches and must name their token from the rest of the image. A &lt;span style=&apos;color:%1&apos;&gt;solid blue outline&lt;/span&gt; is a right guess, a &lt;span style=&apos;color:%2&apos;&gt;dashed orange outline&lt;/span&gt; a wrong one. Guessing blindly is right once in K. Point at a patch for its token numbers.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;猜出被遮住的词。&lt;/b&gt;训练开始前，训练图像中的每个小方块（图块，patch）都被归入 K 组相似图块中的一组：这就是视觉词表。每一组是一个&lt;i&gt;词元&lt;/i&gt;（token），以组内图块的平均来绘制。&lt;/p&gt;&lt;p&gt;从左到右：原图；用词元“写成”的同一张图像（每个图块替换为其词元的图片：即词表所能表达的内容）；网络对被遮挡图块的猜测。网络从未看到这些图块，必须根据图像的其余部分说出它们的词元。&lt;span style=&apos;color:%1&apos;&gt;蓝色实线框&lt;/span&gt;表示猜对，&lt;span style=&apos;color:%2&apos;&gt;橙色虚线框&lt;/span&gt;表示猜错。盲猜的正确率是 K 分之一。将鼠标指向某个图块可查看它的词元编号。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>#%1 · no guesses yet</source>
        <translation>#%1 · 尚无猜测</translation>
    </message>
    <message>
        <source>#%1 · %2/%3 masked tokens right</source>
        <translation>#%1 · 被遮挡词元猜对 %2/%3</translation>
    </message>
    <message>
        <source>Original · each patch as its visual token · the network&apos;s guess for every hidden patch (blue solid = right token, orange dashed = wrong).</source>
        <translation>原图 · 每个图块对应的视觉词元 · 网络对每个被遮挡图块的猜测（蓝色实线 = 词元正确，橙色虚线 = 错误）。</translation>
    </message>
    <message>
        <source> %1 of %2 hidden tokens right (%3; guessing blindly among %4 tokens: %5).</source>
        <translation> 被遮挡词元猜对 %1 / %2（%3；在 %4 个词元中盲猜：%5）。</translation>
    </message>
    <message>
        <source>token %1</source>
        <translation>词元 %1</translation>
    </message>
    <message>
        <source>token unknown</source>
        <translation>词元未知</translation>
    </message>
    <message>
        <source>patch (%1, %2), visible: %3</source>
        <translation>图块 (%1, %2)，可见：%3</translation>
    </message>
    <message>
        <source>The network saw this patch; it is drawn with its true token.</source>
        <translation>网络看到了这个图块；它以真实词元绘制。</translation>
    </message>
    <message>
        <source>patch (%1, %2), hidden: true %3, no guess yet</source>
        <translation>图块 (%1, %2)，被遮挡：真实为%3，尚未猜测</translation>
    </message>
    <message>
        <source>patch (%1, %2), hidden: true %3, predicted token %4 %5</source>
        <translation>图块 (%1, %2)，被遮挡：真实为%3，预测为词元 %4 %5</translation>
    </message>
    <message>
        <source>✓ right</source>
        <translation>✓ 正确</translation>
    </message>
    <message>
        <source>✗ wrong</source>
        <translation>✗ 错误</translation>
    </message>
    <message>
        <source>The network never saw this patch and had to name its token from the rest of the image.</source>
        <translation>网络从未看到这个图块，必须根据图像的其余部分说出它的词元。</translation>
    </message>
    <message>
        <source>sample #%1, row %2, column %3 (from 0); tokens are numbered 0 … %4</source>
        <translation>样本 #%1，第 %2 行，第 %3 列（从 0 开始）；词元编号为 0 … %4</translation>
    </message>
    <message>
        <source>Sample #%1</source>
        <translation>样本 #%1</translation>
    </message>
    <message>
        <source>%1 of %2 patches hidden from the network, %3 × %3 px each</source>
        <translation>%2 个图块中有 %1 个对网络隐藏，每个 %3 × %3 px</translation>
    </message>
    <message>
        <source>%1 of %2 hidden tokens named right (chance: 1 in %3)</source>
        <translation>%2 个被遮挡词元中猜对 %1 个（随机猜中的概率：1/%3）</translation>
    </message>
    <message>
        <source>Point at a patch for its true and predicted token.</source>
        <translation>将鼠标指向某个图块可查看它的真实词元和预测词元。</translation>
    </message>
</context>
</TS>
