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
        <source>Ops on device</source>
        <translation>设备上的算子</translation>
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
</TS>
