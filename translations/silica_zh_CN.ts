<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>GraphDrawing</name>
    <message numerus="yes">
        <source>%n nodes</source>
        <translation>
            <numerusform>%n 个节点</numerusform>
        </translation>
    </message>
    <message>
        <source>Double-click to expand</source>
        <translation>双击展开</translation>
    </message>
</context>
<context>
    <name>LegendDrawing</name>
    <message>
        <source>No values</source>
        <translation>没有数值</translation>
    </message>
    <message>
        <source>higher is worse</source>
        <translation>越高越差</translation>
    </message>
    <message>
        <source>lower is worse</source>
        <translation>越低越差</translation>
    </message>
    <message>
        <source>%1, log scale</source>
        <translation>%1，对数刻度</translation>
    </message>
    <message>
        <source>No value</source>
        <translation>无数值</translation>
    </message>
</context>
<context>
    <name>NodeToolTip</name>
    <message>
        <source>unknown type</source>
        <translation>未知类型</translation>
    </message>
    <message>
        <source>%1 (weight)</source>
        <translation>%1（权重）</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… 另有 %1 个</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>no value</source>
        <translation>无数值</translation>
    </message>
</context>
<context>
    <name>OpCategory</name>
    <message>
        <source>Convolution / matrix multiply</source>
        <translation>卷积 / 矩阵乘法</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活</translation>
    </message>
    <message>
        <source>Normalization</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>池化</translation>
    </message>
    <message>
        <source>Data movement</source>
        <translation>数据搬运</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Control flow</source>
        <translation>控制流</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Graph input</source>
        <translation>图输入</translation>
    </message>
    <message>
        <source>Graph output</source>
        <translation>图输出</translation>
    </message>
    <message>
        <source>Op category</source>
        <translation>算子类别</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>no error</source>
        <translation>无误差</translation>
    </message>
    <message>
        <source>FP16</source>
        <translation>FP16</translation>
    </message>
    <message>
        <source>%1 %2, %3</source>
        <translation>%1 %2，%3</translation>
    </message>
    <message>
        <source>per-channel</source>
        <translation>逐通道</translation>
    </message>
    <message>
        <source>per-tensor</source>
        <translation>逐张量</translation>
    </message>
    <message numerus="yes">
        <source>, %n kept in float</source>
        <translation>
            <numerusform>，%n 个保留为浮点</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n at 16 bits</source>
        <translation>
            <numerusform>，%n 个为 16 位</numerusform>
        </translation>
    </message>
    <message>
        <source>, signed activations</source>
        <translation>，有符号激活</translation>
    </message>
</context>
<context>
    <name>RemovePassthroughNodes</name>
    <message>
        <source>Nothing to remove: no Identity, inference Dropout or dead nodes.</source>
        <translation>没有可删除的内容：没有 Identity、推理 Dropout 或无用节点。</translation>
    </message>
    <message>
        <source>Remove %1 Identity, %2 Dropout and %3 dead nodes</source>
        <translation>删除 %1 个 Identity、%2 个 Dropout 和 %3 个无用节点</translation>
    </message>
    <message>
        <source>Removed %1 Identity, %2 Dropout and %3 dead nodes, %4 unused initializers</source>
        <translation>已删除 %1 个 Identity、%2 个 Dropout、%3 个无用节点和 %4 个未使用的初始化器</translation>
    </message>
</context>
<context>
    <name>SceneExport</name>
    <message>
        <source>Cannot export to %1: the file name must end in .png or .svg.</source>
        <translation>无法导出到 %1：文件名必须以 .png 或 .svg 结尾。</translation>
    </message>
    <message>
        <source>There is no graph to export.</source>
        <translation>没有可导出的图。</translation>
    </message>
    <message>
        <source>Graph exported from Silica</source>
        <translation>从 Silica 导出的图</translation>
    </message>
    <message>
        <source>Cannot create the SVG picture for %1.</source>
        <translation>无法为 %1 创建 SVG 图片。</translation>
    </message>
    <message>
        <source>Not enough memory for a %1 × %2 picture; export SVG instead.</source>
        <translation>内存不足，无法生成 %1 × %2 的图片；请改为导出 SVG。</translation>
    </message>
    <message>
        <source>Cannot encode the PNG picture: %1</source>
        <translation>无法编码 PNG 图片：%1</translation>
    </message>
    <message>
        <source>Cannot export the view: %1</source>
        <translation>无法导出视图：%1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Silica: deploy ONNX neural networks to edge accelerators.</source>
        <translation>Silica：将 ONNX 神经网络部署到边缘加速器。</translation>
    </message>
    <message>
        <source>The ONNX model to open (default: the sample).</source>
        <translation>要打开的 ONNX 模型（默认：示例模型）。</translation>
    </message>
</context>
<context>
    <name>silica::BottleneckModel</name>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Op</source>
        <translation>算子</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>MACs</translation>
    </message>
</context>
<context>
    <name>silica::BottleneckPanel</name>
    <message>
        <source>Open a model to see its bottlenecks.</source>
        <translation>打开模型以查看其瓶颈。</translation>
    </message>
    <message>
        <source>%1, worst first (ties by MACs): %2 nodes.</source>
        <translation>%1，最差的在前（相同时按 MACs 排序）：%2 个节点。</translation>
    </message>
    <message>
        <source>%1, by MACs, largest first: %2 nodes.</source>
        <translation>%1，按 MACs 从大到小排序：%2 个节点。</translation>
    </message>
    <message>
        <source>F8 / Shift+F8 walk the list.</source>
        <translation>按 F8 / Shift+F8 逐项浏览列表。</translation>
    </message>
</context>
<context>
    <name>silica::CalibrationDialog</name>
    <message>
        <source>Per-channel weights</source>
        <translation>逐通道量化权重</translation>
    </message>
    <message>
        <source>Symmetric activations</source>
        <translation>对称量化激活</translation>
    </message>
    <message>
        <source>Quantize</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Calibration data</source>
        <translation>校准数据</translation>
    </message>
    <message>
        <source>a folder of images, .npy / .pb tensors or WAV files; empty: random data</source>
        <translation>包含图片、.npy / .pb 张量或 WAV 文件的文件夹；留空：随机数据</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <source>Files…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation>来源(&amp;S)：</translation>
    </message>
    <message>
        <source>Shorter side, then centre crop</source>
        <translation>按短边缩放，再居中裁剪</translation>
    </message>
    <message>
        <source>Stretch</source>
        <translation>拉伸</translation>
    </message>
    <message>
        <source>&amp;Resize:</source>
        <translation>调整大小(&amp;R)：</translation>
    </message>
    <message>
        <source>NCHW</source>
        <translation>NCHW</translation>
    </message>
    <message>
        <source>NHWC</source>
        <translation>NHWC</translation>
    </message>
    <message>
        <source>&amp;Layout:</source>
        <translation>布局(&amp;L)：</translation>
    </message>
    <message>
        <source>RGB</source>
        <translation>RGB</translation>
    </message>
    <message>
        <source>BGR</source>
        <translation>BGR</translation>
    </message>
    <message>
        <source>Channel &amp;order:</source>
        <translation>通道顺序(&amp;O)：</translation>
    </message>
    <message>
        <source>Applied to 8-bit pixel values first (1/255 maps them to [0, 1])</source>
        <translation>首先作用于 8 位像素值（1/255 将其映射到 [0, 1]）</translation>
    </message>
    <message>
        <source>S&amp;cale:</source>
        <translation>缩放系数(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Mean (R, G, B):</source>
        <translation>平均值 (R, G, B)(&amp;M)：</translation>
    </message>
    <message>
        <source>S&amp;td (R, G, B):</source>
        <translation>标准差 (R, G, B)(&amp;T)：</translation>
    </message>
    <message>
        <source>Sizes of the inputs&apos; symbolic dimensions, NAME=N separated by commas</source>
        <translation>输入的符号维度大小，格式为 NAME=N，以逗号分隔</translation>
    </message>
    <message>
        <source>&amp;Dimensions:</source>
        <translation>维度(&amp;D)：</translation>
    </message>
    <message>
        <source>Sa&amp;mples (at most):</source>
        <translation>最多样本数(&amp;M)：</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>INT8 (8-bit activations, int8 weights)</source>
        <translation>INT8（8 位激活，int8 权重）</translation>
    </message>
    <message>
        <source>INT16 activations, int8 weights (opset 21)</source>
        <translation>INT16 激活，int8 权重（opset 21）</translation>
    </message>
    <message>
        <source>FP16 (weights and compute)</source>
        <translation>FP16（权重和计算）</translation>
    </message>
    <message>
        <source>&amp;Precision:</source>
        <translation>精度(&amp;P)：</translation>
    </message>
    <message>
        <source>Min-max</source>
        <translation>最小-最大值</translation>
    </message>
    <message>
        <source>Percentile</source>
        <translation>百分位数</translation>
    </message>
    <message>
        <source>Entropy (KL divergence)</source>
        <translation>熵（KL 散度）</translation>
    </message>
    <message>
        <source>MSE-optimal</source>
        <translation>MSE 最优</translation>
    </message>
    <message>
        <source>Calibration &amp;method:</source>
        <translation>校准方法(&amp;M)：</translation>
    </message>
    <message>
        <source>P&amp;ercentile kept:</source>
        <translation>保留的百分位数(&amp;E)：</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Per-node error (injected and inherited) is measured over this many calibration samples; each costs about four inferences</source>
        <translation>每个节点的误差（引入的和继承的）在这么多个校准样本上测量；每个样本约需四次推理</translation>
    </message>
    <message>
        <source>Error over (samples):</source>
        <translation>测量误差的样本数：</translation>
    </message>
    <message>
        <source>&amp;Quantize</source>
        <translation>量化(&amp;Q)</translation>
    </message>
    <message>
        <source>Calibration Folder</source>
        <translation>校准数据文件夹</translation>
    </message>
    <message>
        <source>Calibration Files</source>
        <translation>校准数据文件</translation>
    </message>
    <message>
        <source>Calibration data (*.png *.jpg *.jpeg *.bmp *.npy *.pb *.wav);;All files (*)</source>
        <translation>校准数据 (*.png *.jpg *.jpeg *.bmp *.npy *.pb *.wav);;所有文件 (*)</translation>
    </message>
    <message>
        <source>No data given: random inputs will be used. Ranges and error figures from random data say little about real inputs.</source>
        <translation>未提供数据：将使用随机输入。基于随机数据得到的范围和误差数值很难反映真实输入的情况。</translation>
    </message>
    <message>
        <source>Mean takes three numbers separated by commas (R, G, B), or one for all.</source>
        <translation>平均值需要三个以逗号分隔的数 (R, G, B)，或一个适用于所有通道的数。</translation>
    </message>
    <message>
        <source>Std takes three non-zero numbers separated by commas (R, G, B), or one for all.</source>
        <translation>标准差需要三个以逗号分隔的非零数 (R, G, B)，或一个适用于所有通道的非零数。</translation>
    </message>
    <message>
        <source>Dimensions take NAME=N pairs (N ≥ 1) separated by commas.</source>
        <translation>维度需要以逗号分隔的 NAME=N 对（N ≥ 1）。</translation>
    </message>
    <message>
        <source>%1 does not exist. Choose a folder or files of calibration data.</source>
        <translation>%1 不存在。请选择校准数据所在的文件夹或文件。</translation>
    </message>
    <message>
        <source>Si&amp;gned activations (int8 / int16)</source>
        <translation>有符号激活 (int8 / int16)(&amp;G)</translation>
    </message>
    <message>
        <source>Quantize activations to int8 (int16) instead of uint8 (uint16). TensorRT takes only signed activations with zero point 0: choose this with symmetric activations.</source>
        <translation>将激活量化为 int8（int16）而不是 uint8（uint16）。TensorRT 只接受零点为 0 的有符号激活：请与对称量化激活一起选择。</translation>
    </message>
</context>
<context>
    <name>silica::CanvasTools</name>
    <message>
        <source>Loaded overlay %1</source>
        <translation>已加载叠加层 %1</translation>
    </message>
    <message>
        <source>Loaded overlay %1 with %2 warnings; see the log.</source>
        <translation>已加载叠加层 %1，有 %2 条警告；请查看日志。</translation>
    </message>
    <message>
        <source>Cannot Load Overlay</source>
        <translation>无法加载叠加层</translation>
    </message>
    <message>
        <source>&amp;Export View…</source>
        <translation>导出视图(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the whole graph as a PNG or SVG picture</source>
        <translation>将整个图保存为 PNG 或 SVG 图片</translation>
    </message>
    <message>
        <source>&amp;Load Overlay…</source>
        <translation>加载叠加层(&amp;L)…</translation>
    </message>
    <message>
        <source>Colour the graph by per-node values from a JSON file (see README, Overlay files)</source>
        <translation>按 JSON 文件中每个节点的数值为图着色（见 README 中的 Overlay files）</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Next Bottleneck</source>
        <translation>下一个瓶颈(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous Bottleneck</source>
        <translation>上一个瓶颈(&amp;P)</translation>
    </message>
    <message>
        <source>Le&amp;gend</source>
        <translation>图例(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Minimap</source>
        <translation>缩略图(&amp;M)</translation>
    </message>
    <message>
        <source>Bottlenecks</source>
        <translation>瓶颈</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>&amp;Overlay</source>
        <translation>叠加层(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Bottlenecks</source>
        <translation>瓶颈(&amp;B)</translation>
    </message>
    <message>
        <source>Fin&amp;d Panel</source>
        <translation>查找面板(&amp;D)</translation>
    </message>
    <message>
        <source>No Model Open</source>
        <translation>未打开模型</translation>
    </message>
    <message>
        <source>Load Overlay</source>
        <translation>加载叠加层</translation>
    </message>
    <message>
        <source>Overlay files (*.json);;All files (*)</source>
        <translation>叠加层文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG 图片 (*.svg)</translation>
    </message>
    <message>
        <source>Export View</source>
        <translation>导出视图</translation>
    </message>
    <message>
        <source>Cannot Export View</source>
        <translation>无法导出视图</translation>
    </message>
    <message>
        <source>Exported %1 (%2 × %3)</source>
        <translation>已导出 %1（%2 × %3）</translation>
    </message>
    <message>
        <source>Exported %1 at %2 % of full size (%3 × %4 pixels, the most a PNG may have), too small for node labels; export SVG for full detail.</source>
        <translation>已按完整尺寸的 %2 % 导出 %1（%3 × %4 像素，PNG 的上限），尺寸太小，无法显示节点标签；如需完整细节，请导出 SVG。</translation>
    </message>
    <message>
        <source>Exported %1 at %2 % of full size (%3 × %4 pixels, the most a PNG may have); export SVG for full detail.</source>
        <translation>已按完整尺寸的 %2 % 导出 %1（%3 × %4 像素，PNG 的上限）；如需完整细节，请导出 SVG。</translation>
    </message>
    <message>
        <source>The overlay has no values to walk.</source>
        <translation>该叠加层没有可浏览的数值。</translation>
    </message>
    <message>
        <source>Bottleneck %1 of %2: %3 (%4)</source>
        <translation>瓶颈 %1 / %2：%3（%4）</translation>
    </message>
</context>
<context>
    <name>silica::DeviceTools</name>
    <message>
        <source>No device</source>
        <translation>无设备</translation>
    </message>
    <message>
        <source>Target device: where each node runs, latency and energy (estimates from the device profile; the host CPU is measured)</source>
        <translation>目标设备：每个节点在哪里运行、延迟和能耗（根据设备配置文件估算；主机 CPU 为实测）</translation>
    </message>
    <message>
        <source>Precision the model is analysed at on this device</source>
        <translation>在此设备上分析模型所用的精度</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source> Device: </source>
        <translation> 设备： </translation>
    </message>
    <message>
        <source>Compare All</source>
        <translation>全部比较</translation>
    </message>
    <message>
        <source>Analyse the model on every installed device and compare them</source>
        <translation>在每个已安装的设备上分析模型并进行比较</translation>
    </message>
    <message>
        <source>Device Profile</source>
        <translation>设备性能分析</translation>
    </message>
    <message>
        <source>No model.</source>
        <translation>未打开模型。</translation>
    </message>
    <message>
        <source>Choose a device in the toolbar to see where the model runs and how fast.</source>
        <translation>在工具栏中选择一个设备，以查看模型在哪里运行以及运行速度。</translation>
    </message>
    <message>
        <source>Analysing on %1…</source>
        <translation>正在 %1 上分析…</translation>
    </message>
    <message>
        <source>Device analysis failed</source>
        <translation>设备分析失败</translation>
    </message>
    <message>
        <source>Analysing on %1</source>
        <translation>正在 %1 上分析</translation>
    </message>
    <message numerus="yes">
        <source>Comparing %n device(s)</source>
        <translation>
            <numerusform>正在比较 %n 个设备</numerusform>
        </translation>
    </message>
    <message>
        <source>Sizes of the model&apos;s symbolic dimensions, as NAME=N separated by commas: static-shape devices need them fixed (unnamed ones are 1)</source>
        <translation>模型符号维度的大小，格式为 NAME=N，以逗号分隔：静态形状的设备需要固定这些大小（未命名的维度为 1）</translation>
    </message>
    <message>
        <source>The sizes field does not read as NAME=N, …: fix it to analyse.</source>
        <translation>大小字段不符合 NAME=N, … 的格式：请修正后再分析。</translation>
    </message>
</context>
<context>
    <name>silica::DocumentOverlays</name>
    <message>
        <source>Loading overlay %1</source>
        <translation>正在加载叠加层 %1</translation>
    </message>
</context>
<context>
    <name>silica::FindPanel</name>
    <message>
        <source>Match case</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <source>Name contains</source>
        <translation>名称包含</translation>
    </message>
    <message>
        <source>Op type</source>
        <translation>算子类型</translation>
    </message>
    <message>
        <source>Regular expression</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <source>What the text is matched against</source>
        <translation>文本与什么进行匹配</translation>
    </message>
    <message>
        <source>Part of a node name, e.g. layer3</source>
        <translation>节点名称的一部分，例如 layer3</translation>
    </message>
    <message>
        <source>An op type, e.g. Conv</source>
        <translation>算子类型，例如 Conv</translation>
    </message>
    <message>
        <source>A regular expression over node names, e.g. ^/layer[12]/.*Conv$</source>
        <translation>匹配节点名称的正则表达式，例如 ^/layer[12]/.*Conv$</translation>
    </message>
</context>
<context>
    <name>silica::GraphMinimap</name>
    <message>
        <source>Overview: click or drag to move the view</source>
        <translation>概览：单击或拖动以移动视图</translation>
    </message>
</context>
<context>
    <name>silica::GraphView</name>
    <message>
        <source>Worst: %1 (%2)</source>
        <translation>最差：%1（%2）</translation>
    </message>
    <message>
        <source>Open an ONNX model with File → Open or drop it here</source>
        <translation>通过“文件 → 打开”打开 ONNX 模型，或将其拖放到此处</translation>
    </message>
</context>
<context>
    <name>silica::HeadlessReport</name>
    <message>
        <source>silica: no model given and the sample model kws_swish.onnx was not found
</source>
        <translation>silica：未指定模型，且找不到示例模型 kws_swish.onnx
</translation>
    </message>
    <message>
        <source>usage: silica [MODEL]

Opens MODEL (default: the bundled sample) in the desktop app. Without a display, prints MODEL&apos;s inspection report instead.
</source>
        <translation>用法：silica [模型]

在桌面应用中打开模型（默认：附带的示例模型）。没有显示器时，改为输出该模型的检查报告。
</translation>
    </message>
</context>
<context>
    <name>silica::InspectorWidget</name>
    <message>
        <source>Select a node in the graph to see its properties.</source>
        <translation>在图中选择一个节点以查看其属性。</translation>
    </message>
</context>
<context>
    <name>silica::LogPanel</name>
    <message>
        <source>Clear Log</source>
        <translation>清空日志</translation>
    </message>
</context>
<context>
    <name>silica::MainWindow</name>
    <message>
        <source>Opening %1 cancelled</source>
        <translation>已取消打开 %1</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Remove Identity/Dropout and Dead Nodes</source>
        <translation>删除 Identity/Dropout 和无用节点(&amp;R)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>E&amp;xpand All Groups</source>
        <translation>展开所有分组(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Collapse Groups</source>
        <translation>折叠分组(&amp;C)</translation>
    </message>
    <message>
        <source>Collapse the Selected Node&apos;s &amp;Group</source>
        <translation>折叠所选节点所在的分组(&amp;G)</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Inspector</source>
        <translation>检查器(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>日志(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Silica</source>
        <translation>关于 Silica(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Open Model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx);;All files (*)</source>
        <translation>ONNX 模型 (*.onnx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&amp;%1 %2</source>
        <translation>&amp;%1 %2</translation>
    </message>
    <message>
        <source>No Recent Files</source>
        <translation>没有最近打开的文件</translation>
    </message>
    <message>
        <source>&amp;Clear Recent Files</source>
        <translation>清除最近打开的文件(&amp;C)</translation>
    </message>
    <message>
        <source>File Not Found</source>
        <translation>找不到文件</translation>
    </message>
    <message>
        <source>%1 no longer exists. It was removed from the recent files.</source>
        <translation>%1 已不存在，已将其从最近打开的文件中移除。</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>Opened with %1 warnings; see the log.</source>
        <translation>已打开，有 %1 条警告；请查看日志。</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Cannot Open Model</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <source>%1 nodes · %2 params · %3 MACs · opset %4</source>
        <translation>%1 个节点 · %2 参数 · %3 MACs · opset %4</translation>
    </message>
    <message>
        <source>Remove Identity/Dropout and Dead Nodes</source>
        <translation>删除 Identity/Dropout 和无用节点</translation>
    </message>
    <message>
        <source>Save Model As</source>
        <translation>模型另存为</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <source>Saving %1</source>
        <translation>正在保存 %1</translation>
    </message>
    <message>
        <source>Cannot Save Model</source>
        <translation>无法保存模型</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>%1[*] — Silica</source>
        <translation>%1[*] — Silica</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The new language will be used the next time Silica starts.</source>
        <translation>新语言将在下次启动 Silica 时生效。</translation>
    </message>
    <message>
        <source>About Silica</source>
        <translation>关于 Silica</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Silica %1&lt;/h3&gt;&lt;p&gt;A workbench for deploying ONNX neural networks to edge accelerators: look at a model, optimize it and export it for the device.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Silica %1&lt;/h3&gt;&lt;p&gt;用于将 ONNX 神经网络部署到边缘加速器的工作台：查看模型、优化模型并为目标设备导出。&lt;/p&gt;&lt;p&gt;基于 Qt %2 构建。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Unsaved Edits</source>
        <translation>未保存的编辑</translation>
    </message>
    <message>
        <source>The model has edits that are not saved. Discard them?

To keep them, cancel and use File → Save As.</source>
        <translation>模型有尚未保存的编辑。要放弃这些编辑吗？

如需保留，请取消并使用“文件 → 另存为”。</translation>
    </message>
</context>
<context>
    <name>silica::ModelLoader</name>
    <message>
        <source>Reading file</source>
        <translation>正在读取文件</translation>
    </message>
    <message>
        <source>Parsing protobuf</source>
        <translation>正在解析 protobuf</translation>
    </message>
    <message>
        <source>Building graph</source>
        <translation>正在构建图</translation>
    </message>
    <message>
        <source>Validating graph</source>
        <translation>正在验证图</translation>
    </message>
    <message>
        <source>Inferring shapes</source>
        <translation>正在推断形状</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>已加载</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>正在打开 %1</translation>
    </message>
</context>
<context>
    <name>silica::NodeInspectorModel</name>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>算子</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>域</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>(omitted)</source>
        <translation>（省略）</translation>
    </message>
    <message>
        <source>Optional input %1</source>
        <translation>可选输入 %1</translation>
    </message>
    <message>
        <source>%1 (weight)</source>
        <translation>%1（权重）</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Optional output %1</source>
        <translation>可选输出 %1</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>开销</translation>
    </message>
    <message>
        <source>estimate</source>
        <translation>估计值</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Parameter bytes</source>
        <translation>参数字节</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>MACs</translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>Activations in</source>
        <translation>输入激活</translation>
    </message>
    <message>
        <source>Activations out</source>
        <translation>输出激活</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>not computed for tensors this large</source>
        <translation>张量过大，未计算</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>最小值</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>平均值</translation>
    </message>
    <message>
        <source>Std</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>Standard deviation</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>Zeros</source>
        <translation>零值</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 of %2 elements are zero</source>
        <translation>%2 个元素中有 %1 个为零</translation>
    </message>
    <message>
        <source>NaN / Inf</source>
        <translation>NaN / Inf</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Input %1: %2</source>
        <translation>输入 %1：%2</translation>
    </message>
    <message>
        <source>Output %1: %2</source>
        <translation>输出 %1：%2</translation>
    </message>
</context>
<context>
    <name>silica::NodeSearchModel</name>
    <message>
        <source>Invalid regular expression: %1</source>
        <translation>无效的正则表达式：%1</translation>
    </message>
    <message>
        <source>No node matches</source>
        <translation>没有匹配的节点</translation>
    </message>
    <message>
        <source>Matches: %1</source>
        <translation>匹配：%1</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Op</source>
        <translation>算子</translation>
    </message>
</context>
<context>
    <name>silica::OverlayLegend</name>
    <message>
        <source>The overlay the graph is coloured by</source>
        <translation>图的着色所依据的叠加层</translation>
    </message>
    <message>
        <source>Colour by</source>
        <translation>着色依据</translation>
    </message>
</context>
<context>
    <name>silica::ProfilePanel</name>
    <message>
        <source>Compare All Devices</source>
        <translation>比较所有设备</translation>
    </message>
    <message>
        <source>Rate:</source>
        <translation>速率：</translation>
    </message>
    <message>
        <source> inferences/s</source>
        <translation> 次推理/秒</translation>
    </message>
    <message>
        <source>Inference rate for the average power figure</source>
        <translation>用于计算平均功耗的推理速率</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Roofline</source>
        <translation>Roofline</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>延迟 (ms)</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Energy (mJ)</source>
        <translation>能耗 (mJ)</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>分段</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Choose a device in the toolbar to see where the model runs and how fast.</source>
        <translation>在工具栏中选择一个设备，以查看模型在哪里运行以及运行速度。</translation>
    </message>
    <message>
        <source>No analysis.</source>
        <translation>没有分析结果。</translation>
    </message>
    <message>
        <source>%1 at %2: %3 ms per inference (%4)</source>
        <translation>%1（%2）：每次推理 %3 ms（%4）</translation>
    </message>
    <message>
        <source>measured</source>
        <translation>实测值</translation>
    </message>
    <message>
        <source>estimate</source>
        <translation>估计值</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>%1 ms (%2)</source>
        <translation>%1 ms（%2）</translation>
    </message>
    <message>
        <source>On the device</source>
        <translation>设备上</translation>
    </message>
    <message>
        <source>%1 ms; on the CPU %2 ms; transfers %3 ms; overheads %4 ms</source>
        <translation>%1 ms；CPU 上 %2 ms；传输 %3 ms；额外开销 %4 ms</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>%1% of the working nodes on the device, in %2 segment(s); %3 on the CPU, %4 stranded</source>
        <translation>%1% 的计算节点在设备上，分为 %2 个分段；%3 个在 CPU 上，%4 个滞留</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>%1 cached on chip, %2 streamed every inference</source>
        <translation>片上缓存 %1，每次推理流式传输 %2</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>能耗</translation>
    </message>
    <message>
        <source>%1 mJ per inference</source>
        <translation>每次推理 %1 mJ</translation>
    </message>
    <message>
        <source>Average power</source>
        <translation>平均功耗</translation>
    </message>
    <message>
        <source>%1 W at %2 inferences/s (busy %3%)%4</source>
        <translation>%1 W（%2 次推理/秒，忙碌 %3%）%4</translation>
    </message>
    <message>
        <source>: saturated, one inference takes longer than the period</source>
        <translation>：已饱和，单次推理耗时超过周期</translation>
    </message>
    <message>
        <source>runs on</source>
        <translation>运行于</translation>
    </message>
    <message>
        <source>nodes</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>time (ms)</source>
        <translation>时间 (ms)</translation>
    </message>
    <message>
        <source>tensors coming in</source>
        <translation>传入的张量</translation>
    </message>
    <message>
        <source>out: </source>
        <translation>输出： </translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>transfers</source>
        <translation>传输</translation>
    </message>
    <message>
        <source>Device figures</source>
        <translation>设备参数</translation>
    </message>
    <message>
        <source>Compiler</source>
        <translation>编译器</translation>
    </message>
    <message>
        <source>time (ms); hatched: transfers and overheads</source>
        <translation>时间 (ms)；阴影线：传输和额外开销</translation>
    </message>
    <message>
        <source>latency (ms); green on the device, red CPU fallback, amber stranded</source>
        <translation>延迟 (ms)；绿色：设备上，红色：CPU 回退，琥珀色：滞留</translation>
    </message>
    <message>
        <source>roofline (peak %1 ops/s, %2 B/s)</source>
        <translation>Roofline（峰值 %1 ops/s，%2 B/s）</translation>
    </message>
    <message>
        <source>nodes on the device</source>
        <translation>设备上的节点</translation>
    </message>
    <message>
        <source>nodes on the CPU</source>
        <translation>CPU 上的节点</translation>
    </message>
    <message>
        <source>operations per byte</source>
        <translation>每字节操作数</translation>
    </message>
    <message>
        <source>attained operations per second</source>
        <translation>实际达到的每秒操作数</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Average W at the rate</source>
        <translation>该速率下的平均功耗 (W)</translation>
    </message>
    <message>
        <source>Ops on device (%)</source>
        <translation>设备上的算子 (%)</translation>
    </message>
    <message>
        <source>Saturated: one inference takes longer than the period</source>
        <translation>已饱和：单次推理耗时超过周期</translation>
    </message>
</context>
<context>
    <name>silica::ProgressSurface</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1: cancelling…</source>
        <translation>%1：正在取消…</translation>
    </message>
    <message>
        <source>%1 (+%2 more)</source>
        <translation>%1（另有 %2 个）</translation>
    </message>
</context>
<context>
    <name>silica::QuantPanel</name>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Op</source>
        <translation>算子</translation>
    </message>
    <message>
        <source>Injected</source>
        <translation>引入</translation>
    </message>
    <message>
        <source>Inherited</source>
        <translation>继承</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>Max-abs</source>
        <translation>最大绝对误差</translation>
    </message>
    <message>
        <source>Gain in float</source>
        <translation>保留浮点的增益</translation>
    </message>
    <message>
        <source>Quantized alone</source>
        <translation>单独量化</translation>
    </message>
    <message>
        <source>Quantize…</source>
        <translation>量化…</translation>
    </message>
    <message>
        <source>Run Sensitivity</source>
        <translation>运行敏感度分析</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Save Quantized Model…</source>
        <translation>保存量化模型…</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>Histogram</source>
        <translation>直方图</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Keep the worst</source>
        <translation>保留最差的</translation>
    </message>
    <message>
        <source> node(s) in float</source>
        <translation> 个节点为浮点</translation>
    </message>
    <message>
        <source>Sensitivity</source>
        <translation>敏感度</translation>
    </message>
    <message>
        <source>Choose calibration data and settings, quantize and measure the error (Ctrl+Shift+Q)</source>
        <translation>选择校准数据和设置，进行量化并测量误差（Ctrl+Shift+Q）</translation>
    </message>
    <message>
        <source>Quantize each node alone, and leave each node alone in float, and rank what it does to the model&apos;s output</source>
        <translation>逐一单独量化每个节点，并逐一单独将每个节点保留为浮点，按其对模型输出的影响排序</translation>
    </message>
    <message>
        <source>Output error (and estimated latency on the chosen device) with the worst nodes kept in float, before applying</source>
        <translation>在应用之前，预览将最差的节点保留为浮点时的输出误差（以及在所选设备上的估计延迟）</translation>
    </message>
    <message>
        <source>Quantize the model (Quantize → Quantize…) to see where quantization error comes from.</source>
        <translation>通过“量化 → 量化…”量化模型，以查看量化误差来自何处。</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1，基于 %2</translation>
    </message>
    <message numerus="yes">
        <source>Calibrated on %1; error measured over %n sample(s) against the float model.</source>
        <translation>
            <numerusform>基于 %1 校准；在 %n 个样本上对照浮点模型测量误差。</numerusform>
        </translation>
    </message>
    <message>
        <source>SQNR</source>
        <translation>SQNR</translation>
    </message>
    <message>
        <source>Top-1 agreement</source>
        <translation>Top-1 一致率</translation>
    </message>
    <message>
        <source>Nodes that inject the most error</source>
        <translation>引入误差最多的节点</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>output SQNR (all error up to the node)</source>
        <translation>输出 SQNR（截至该节点的全部误差）</translation>
    </message>
    <message>
        <source>injected by the node alone</source>
        <translation>仅由该节点引入</translation>
    </message>
    <message>
        <source>depth (nodes from the input); click a point to select its node</source>
        <translation>深度（距输入的节点数）；单击数据点以选择其节点</translation>
    </message>
    <message>
        <source>SQNR (dB), higher is better; dashed: model output</source>
        <translation>SQNR (dB)，越高越好；虚线：模型输出</translation>
    </message>
    <message numerus="yes">
        <source>Fully quantized: output SQNR %1 over %n sample(s).</source>
        <translation>
            <numerusform>完全量化：%n 个样本上的输出 SQNR 为 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>&apos;%1&apos; float values over the calibration data; dashed: the clipping range [%2, %3] (%4)</source>
        <translation>“%1”在校准数据上的浮点值；虚线：截断范围 [%2, %3]（%4）</translation>
    </message>
    <message>
        <source>count (log)</source>
        <translation>计数（对数）</translation>
    </message>
    <message>
        <source>No calibration histogram for &apos;%1&apos;</source>
        <translation>“%1”没有校准直方图</translation>
    </message>
    <message>
        <source>Select a node to see its values</source>
        <translation>选择一个节点以查看其数值</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>min</source>
        <translation>最小值</translation>
    </message>
    <message>
        <source>output channel of &apos;%1&apos; (%2 channels); one scale per channel keeps small channels precise</source>
        <translation>“%1”的输出通道（%2 个通道）；每个通道使用一个缩放因子，可使数值较小的通道保持精度</translation>
    </message>
    <message>
        <source>weight range (whole tensor spans %1)</source>
        <translation>权重范围（整个张量的跨度为 %1）</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has no weight to show</source>
        <translation>“%1”没有可显示的权重</translation>
    </message>
    <message>
        <source>Select a Conv or Gemm to see its per-channel weight ranges</source>
        <translation>选择一个 Conv 或 Gemm 以查看其逐通道权重范围</translation>
    </message>
    <message>
        <source>Keep &apos;%1&apos; in Float</source>
        <translation>将“%1”保留为浮点</translation>
    </message>
    <message>
        <source>Quantize &apos;%1&apos; with 16-bit Activations</source>
        <translation>以 16 位激活量化“%1”</translation>
    </message>
    <message>
        <source>Back to the Default Precision</source>
        <translation>恢复默认精度</translation>
    </message>
</context>
<context>
    <name>silica::QuantTools</name>
    <message>
        <source>&amp;Quantize…</source>
        <translation>量化(&amp;Q)…</translation>
    </message>
    <message>
        <source>Run &amp;Sensitivity</source>
        <translation>运行敏感度分析(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;Quantized Model…</source>
        <translation>保存量化模型(&amp;Q)…</translation>
    </message>
    <message>
        <source>Calibrate, quantize to INT8 / INT16 / FP16 and measure the error each node adds</source>
        <translation>校准、量化为 INT8 / INT16 / FP16，并测量每个节点增加的误差</translation>
    </message>
    <message>
        <source>Save Quantized Model</source>
        <translation>保存量化模型</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <source>Cannot Save the Quantized Model</source>
        <translation>无法保存量化模型</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>&amp;Quantize</source>
        <translation>量化(&amp;Q)</translation>
    </message>
    <message>
        <source>Quantization &amp;Panel</source>
        <translation>量化面板(&amp;P)</translation>
    </message>
    <message>
        <source>Quantize the model (Quantize → Quantize…, Ctrl+Shift+Q) to see where quantization error comes from.</source>
        <translation>通过“量化 → 量化…”（Ctrl+Shift+Q）量化模型，以查看量化误差来自何处。</translation>
    </message>
    <message>
        <source>The model changed since it was quantized: quantize again to update the figures.</source>
        <translation>模型在量化之后已更改：请重新量化以更新数据。</translation>
    </message>
    <message>
        <source>Quantizing (%1)…</source>
        <translation>正在量化（%1）…</translation>
    </message>
    <message>
        <source>Quantization Failed</source>
        <translation>量化失败</translation>
    </message>
    <message>
        <source>Quantizing (%1)</source>
        <translation>正在量化（%1）</translation>
    </message>
    <message>
        <source>Sensitivity Analysis Failed</source>
        <translation>敏感度分析失败</translation>
    </message>
    <message>
        <source>Sensitivity per node</source>
        <translation>逐节点敏感度分析</translation>
    </message>
    <message>
        <source>Cannot preview: %1</source>
        <translation>无法预览：%1</translation>
    </message>
    <message>
        <source>Keeping %1 in float: output SQNR %2 (fully quantized %3).</source>
        <translation>将 %1 保留为浮点：输出 SQNR %2（完全量化时为 %3）。</translation>
    </message>
    <message>
        <source>Estimated latency on %1: %2 ms (now %3 ms).</source>
        <translation>在 %1 上的估计延迟：%2 ms（当前 %3 ms）。</translation>
    </message>
    <message>
        <source>Choose a device in the toolbar to see the estimated latency too.</source>
        <translation>在工具栏中选择一个设备，以同时查看估计延迟。</translation>
    </message>
    <message numerus="yes">
        <source>Previewing %n node(s) kept in float</source>
        <translation>
            <numerusform>正在预览将 %n 个节点保留为浮点</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing is quantized yet.</source>
        <translation>尚未量化任何内容。</translation>
    </message>
</context>
</TS>
