<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
    <name>silica::GraphView</name>
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
