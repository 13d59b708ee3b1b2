<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccuracyView</name>
    <message>
        <source>Accuracy curves</source>
        <translation>准确率曲线</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>迭代周期</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
</context>
<context>
    <name>AnalysisPanel</name>
    <message>
        <source>starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>AnalysisWorker</name>
    <message>
        <source>model {index}/{count} ({value}) · epoch {epoch}/{epochs}</source>
        <translation>模型 {index}/{count}（{value}）· 迭代周期 {epoch}/{epochs}</translation>
    </message>
    <message>
        <source>fold {fold}/{k} · epoch {epoch}/{epochs}</source>
        <translation>第 {fold}/{k} 折 · 迭代周期 {epoch}/{epochs}</translation>
    </message>
    <message>
        <source>fold {fold}/{k} done</source>
        <translation>第 {fold}/{k} 折完成</translation>
    </message>
</context>
<context>
    <name>AugmentPreviewDialog</name>
    <message>
        <source>Preview augmentation</source>
        <translation>预览数据增强</translation>
    </message>
    <message>
        <source>Left: a training image. Right: {n} random versions of it ({kinds}), as training sees them; every epoch draws new ones. Validation and test images are never changed.</source>
        <translation>左：一张训练图像。右：它的 {n} 个随机增强版本（{kinds}），即训练时看到的样子；每个迭代周期都会重新抽取。验证和测试图像始终不变。</translation>
    </message>
    <message>
        <source>Original and augmented images</source>
        <translation>原图与增强后的图像</translation>
    </message>
    <message>
        <source>New random versions</source>
        <translation>重新随机生成</translation>
    </message>
    <message>
        <source>Draw new random shifts, rotations and flips</source>
        <translation>重新抽取随机的平移、旋转和翻转</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
</context>
<context>
    <name>BoundaryView</name>
    <message>
        <source>Decision boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <source>P(class 1)</source>
        <translation>P(类别 1)</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>class {k}</source>
        <translation>类别 {k}</translation>
    </message>
    <message>
        <source>Show points</source>
        <translation>显示数据点</translation>
    </message>
    <message>
        <source>Show data points</source>
        <translation>显示数据点</translation>
    </message>
    <message>
        <source>Hide the points to see the model&apos;s shading underneath</source>
        <translation>隐藏数据点，查看下面模型的着色</translation>
    </message>
    <message>
        <source>Dropout on (train mode)</source>
        <translation>开启暂退法（训练模式）</translation>
    </message>
    <message>
        <source>Draw with dropout on</source>
        <translation>开启暂退法时绘制</translation>
    </message>
    <message>
        <source>Draw the model as it trains, with neurons randomly dropped (model.train()); off, it is drawn as it predicts, with every neuron (model.eval())</source>
        <translation>按训练时的样子绘制模型，随机丢弃神经元（model.train()）；关闭时按预测时的样子绘制，使用全部神经元（model.eval()）</translation>
    </message>
    <message>
        <source>This model has no dropout layer</source>
        <translation>此模型没有暂退法层</translation>
    </message>
    <message>
        <source>Click adds:</source>
        <translation>点击添加：</translation>
    </message>
    <message>
        <source>Class a click adds</source>
        <translation>点击时添加的类别</translation>
    </message>
    <message>
        <source>Click to teach, while training: a click on the plane adds a training point of this class, a right click one of the other class; Shift+click removes the nearest training point. The validation points never change.</source>
        <translation>训练时用鼠标添加训练点：在平面上单击添加一个该类别的训练点，右键单击添加另一类别的训练点；Shift+单击删除最近的训练点。验证点始终不变。</translation>
    </message>
    <message>
        <source>class {0}</source>
        <translation>类别 {0}</translation>
    </message>
</context>
<context>
    <name>ComparePanel</name>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>val loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>val accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>val macro F1</source>
        <translation>验证宏平均 F1</translation>
    </message>
    <message>
        <source>val MSE</source>
        <translation>验证 MSE</translation>
    </message>
    <message>
        <source>val R²</source>
        <translation>验证 R²</translation>
    </message>
    <message>
        <source>parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>test loss</source>
        <translation>测试损失</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>test macro F1</source>
        <translation>测试宏平均 F1</translation>
    </message>
    <message>
        <source>test MSE</source>
        <translation>测试 MSE</translation>
    </message>
    <message>
        <source>test R²</source>
        <translation>测试 R²</translation>
    </message>
    <message>
        <source>baseline (majority class)</source>
        <translation>基线（多数类）</translation>
    </message>
    <message>
        <source>baseline (training mean)</source>
        <translation>基线（训练集均值）</translation>
    </message>
    <message>
        <source>Models to compare (the data and split are the current ones):</source>
        <translation>要比较的模型（数据和划分沿用当前的）：</translation>
    </message>
    <message>
        <source>Models to compare</source>
        <translation>要比较的模型</translation>
    </message>
    <message>
        <source>current: the model and settings being edited; linear … cnn: that model family with the current settings; the others: a built-in experiment&apos;s model and training settings</source>
        <translation>当前设置：正在编辑的模型和设置；模型类别（linear … cnn）：该类模型，沿用当前设置；其余：内置实验的模型和训练设置</translation>
    </message>
    <message>
        <source>current settings</source>
        <translation>当前设置</translation>
    </message>
    <message>
        <source>Add experiment file…</source>
        <translation>添加实验文件…</translation>
    </message>
    <message>
        <source>Compare the model and training settings of a saved experiment</source>
        <translation>比较一个已保存实验的模型和训练设置</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Compare the models</source>
        <translation>比较这些模型</translation>
    </message>
    <message>
        <source>Train every ticked model on the same data and split, beside a baseline</source>
        <translation>在同一份数据和同一种划分上训练每个勾选的模型，并与基线并列</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel the comparison</source>
        <translation>取消比较</translation>
    </message>
    <message>
        <source>Stop after the current epoch; finished models stay in the table</source>
        <translation>在当前迭代周期结束后停止；已完成的模型留在表中</translation>
    </message>
    <message>
        <source>Comparison progress</source>
        <translation>比较进度</translation>
    </message>
    <message>
        <source>Open run</source>
        <translation>打开运行</translation>
    </message>
    <message>
        <source>Open the selected model&apos;s run: its settings and trained model</source>
        <translation>打开所选模型的运行：它的设置和训练好的模型</translation>
    </message>
    <message>
        <source>Score on test set…</source>
        <translation>在测试集上评分…</translation>
    </message>
    <message>
        <source>Score every model on the test split, once, after choosing</source>
        <translation>在选定之后，用测试集给每个模型评分，只评一次</translation>
    </message>
    <message>
        <source>Compared models</source>
        <translation>比较的模型</translation>
    </message>
    <message>
        <source>Add experiment file</source>
        <translation>添加实验文件</translation>
    </message>
    <message>
        <source>Experiments (*.toml);;All files (*)</source>
        <translation>实验 (*.toml);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Score on the test set</source>
        <translation>在测试集上评分</translation>
    </message>
    <message>
        <source>Not compared: {message}</source>
        <translation>未比较：{message}</translation>
    </message>
    <message>
        <source>Compare: {message}</source>
        <translation>模型比较：{message}</translation>
    </message>
    <message>
        <source>Lowest validation loss: {model}.</source>
        <translation>验证损失最低：{model}。</translation>
    </message>
    <message>
        <source>Cancelled. </source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Test split scored: it must not steer the choice of a model.</source>
        <translation>已在测试集上评分：不能再用它来选择模型。</translation>
    </message>
    <message>
        <source>Not all models were recorded: {problem}</source>
        <translation>并非所有模型都已记录：{problem}</translation>
    </message>
    <message>
        <source>diverged: try a smaller learning rate</source>
        <translation>发散了：试试更小的学习率</translation>
    </message>
    <message>
        <source>{model} (diverged)</source>
        <translation>{model}（发散）</translation>
    </message>
    <message>
        <source>accuracy {value:.0%}</source>
        <translation>准确率 {value:.0%}</translation>
    </message>
    <message>
        <source>R² {value:.2f}</source>
        <translation>R² {value:.2f}</translation>
    </message>
</context>
<context>
    <name>CompareWorker</name>
    <message>
        <source>model {index}/{count} ({name}) · epoch {epoch}/{epochs}</source>
        <translation>模型 {index}/{count}（{name}）· 迭代周期 {epoch}/{epochs}</translation>
    </message>
</context>
<context>
    <name>ComparisonView</name>
    <message>
        <source>Comparison of runs</source>
        <translation>运行对比</translation>
    </message>
    <message>
        <source>Compared runs: validation loss (solid), training (dashed); ★ best epoch, ○ final (saved model)</source>
        <translation>对比的运行：验证损失（实线），训练损失（虚线）；★ 最佳迭代周期，○ 最终（保存的模型）</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>迭代周期</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy: validation (solid), training (dashed)</source>
        <translation>准确率：验证（实线），训练（虚线）</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
</context>
<context>
    <name>ConfigEditor</name>
    <message>
        <source>Learning rate set to {value}</source>
        <translation>学习率已设为 {value}</translation>
    </message>
    <message>
        <source>augmentation changes images; this dataset has none</source>
        <translation>数据增强只作用于图像；这个数据集没有图像</translation>
    </message>
</context>
<context>
    <name>ConfigForm</name>
    <message>
        <source>Optimiser</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>Regularisation</source>
        <translation>正则化</translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>提前终止</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>{first} or {last}</source>
        <translation>{first} 或 {last}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>full batch</source>
        <translation>全批量</translation>
    </message>
    <message>
        <source>Use every training sample in each step (full-batch gradient descent)</source>
        <translation>每一步使用全部训练样本（全批量梯度下降）</translation>
    </message>
    <message>
        <source>e.g. 16, 16</source>
        <translation>例如 16, 16</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>only used when {setting} is {values}</source>
        <translation>仅当“{setting}”为 {values} 时使用</translation>
    </message>
    <message>
        <source>Disabled: {reason}.</source>
        <translation>已禁用：{reason}。</translation>
    </message>
</context>
<context>
    <name>ConfusionView</name>
    <message>
        <source>Confusion matrix: train the model to fill it</source>
        <translation>混淆矩阵：训练模型后填充</translation>
    </message>
    <message>
        <source>Rows: true class · columns: predicted class · click a cell to see its samples.
Shade: share of the row (blue on the diagonal = right, orange off it = confused).</source>
        <translation>行：真实类别 · 列：预测类别 · 点击单元格查看其中的样本。
颜色深浅：占该行的比例（对角线上的蓝色 = 正确，对角线外的橙色 = 混淆）。</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Confusion matrix table: rows are true classes, columns predicted classes</source>
        <translation>混淆矩阵表：行为真实类别，列为预测类别</translation>
    </message>
    <message>
        <source>class {k}</source>
        <translation>类别 {k}</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>share of each true class predicted right</source>
        <translation>每个真实类别中被正确预测的比例</translation>
    </message>
    <message>
        <source>predicted: {name}</source>
        <translation>预测：{name}</translation>
    </message>
    <message>
        <source>true: {name}</source>
        <translation>真实：{name}</translation>
    </message>
    <message>
        <source> ({share} of {name})</source>
        <translation>（占 {name} 的 {share}）</translation>
    </message>
    <message>
        <source>true {true}, predicted {predicted}: {count}</source>
        <translation>真实 {true}，预测 {predicted}：{count}</translation>
    </message>
    <message>
        <source>{name}: {correct} of {total} predicted right</source>
        <translation>{name}：{total} 个中预测正确 {correct} 个</translation>
    </message>
    <message>
        <source>no {name} samples</source>
        <translation>没有 {name} 的样本</translation>
    </message>
    <message>
        <source>Confusion matrix: no samples</source>
        <translation>混淆矩阵：没有样本</translation>
    </message>
    <message>
        <source>Confusion matrix: accuracy {accuracy} ({correct} of {total})</source>
        <translation>混淆矩阵：准确率 {accuracy}（{total} 个中 {correct} 个）</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>must be &gt; {limit}</source>
        <translation>必须 &gt; {limit}</translation>
    </message>
    <message>
        <source>must be &gt;= {limit}</source>
        <translation>必须 &gt;= {limit}</translation>
    </message>
    <message>
        <source>must be &lt; {limit}</source>
        <translation>必须 &lt; {limit}</translation>
    </message>
    <message>
        <source>must be &lt;= {limit}</source>
        <translation>必须 &lt;= {limit}</translation>
    </message>
    <message>
        <source>unknown setting</source>
        <translation>未知的设置</translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation>必须是整数</translation>
    </message>
    <message>
        <source>must be a number</source>
        <translation>必须是数字</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>必须是 true 或 false</translation>
    </message>
    <message>
        <source>must be text</source>
        <translation>必须是文本</translation>
    </message>
    <message>
        <source>must be a list</source>
        <translation>必须是列表</translation>
    </message>
    <message>
        <source>must be a table</source>
        <translation>必须是表</translation>
    </message>
    <message>
        <source>must have at most {count} items</source>
        <translation>最多只能有 {count} 项</translation>
    </message>
    <message>
        <source>must be at most {count} characters</source>
        <translation>最多只能有 {count} 个字符</translation>
    </message>
    <message>
        <source>must be a finite number</source>
        <translation>必须是有限的数</translation>
    </message>
    <message>
        <source>must be one of {choices}</source>
        <translation>必须是以下之一：{choices}</translation>
    </message>
    <message>
        <source>must be a whole number &gt;= 1 or &apos;full&apos;</source>
        <translation>必须是 &gt;= 1 的整数或 &apos;full&apos;</translation>
    </message>
    <message>
        <source>Field required</source>
        <translation>必须填写此项</translation>
    </message>
    <message>
        <source>... and {count} more problems</source>
        <translation>……另有 {count} 个问题</translation>
    </message>
    <message>
        <source>click on the plane to paint at least two points</source>
        <translation>请在平面上点击，至少画两个点</translation>
    </message>
    <message>
        <source>point {number} must be {shape}</source>
        <translation>第 {number} 个点必须是 {shape}</translation>
    </message>
    <message>
        <source>its class must be a whole number from 0 to {last}</source>
        <translation>它的类别必须是 0 到 {last} 之间的整数</translation>
    </message>
    <message>
        <source>choose a CSV file for the &apos;csv&apos; dataset</source>
        <translation>请为 &apos;csv&apos; 数据集选择一个 CSV 文件</translation>
    </message>
    <message>
        <source>unknown dataset {name}</source>
        <translation>未知的数据集 {name}</translation>
    </message>
    <message>
        <source>{count} samples leave only {left} for training</source>
        <translation>{count} 个样本只剩 {left} 个用于训练</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>cannot be read ({reason})</source>
        <translation>无法读取（{reason}）</translation>
    </message>
    <message>
        <source>not valid TOML ({reason})</source>
        <translation>不是有效的 TOML（{reason}）</translation>
    </message>
    <message>
        <source>not a text file (expected UTF-8 TOML)</source>
        <translation>不是文本文件（应为 UTF-8 编码的 TOML）</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>文件是空的</translation>
    </message>
    <message>
        <source>the file has a header but no data rows</source>
        <translation>文件只有表头，没有数据行</translation>
    </message>
    <message>
        <source>{count} rows leave too few for training</source>
        <translation>{count} 行数据留给训练的太少</translation>
    </message>
    <message>
        <source>line {line}: not UTF-8 text; save the file as UTF-8 CSV</source>
        <translation>第 {line} 行：不是 UTF-8 文本；请将文件另存为 UTF-8 编码的 CSV</translation>
    </message>
    <message>
        <source>line {line}: no header row; the first line must name the columns</source>
        <translation>第 {line} 行：没有表头；第一行必须给出各列的名称</translation>
    </message>
    <message>
        <source>line {line}: only one column found; separate columns with commas, semicolons or tabs</source>
        <translation>第 {line} 行：只找到一列；请用逗号、分号或制表符分隔各列</translation>
    </message>
    <message>
        <source>line {line}: column {index} has no name</source>
        <translation>第 {line} 行：第 {index} 列没有名称</translation>
    </message>
    <message>
        <source>line {line}: column {name} appears twice</source>
        <translation>第 {line} 行：列 {name} 出现了两次</translation>
    </message>
    <message>
        <source>line {line}: {cells} cells, expected {expected} (the header has {columns} columns)</source>
        <translation>第 {line} 行：有 {cells} 个单元格，应为 {expected} 个（表头有 {columns} 列）</translation>
    </message>
    <message>
        <source>line {line}, column {column}: missing value</source>
        <translation>第 {line} 行，列 {column}：缺少数值</translation>
    </message>
    <message>
        <source>line {line}, column {column}: {cell} is not a number</source>
        <translation>第 {line} 行，列 {column}：{cell} 不是数字</translation>
    </message>
    <message>
        <source>line {line}, column {column}: {cell} is too large; numbers are kept as float32, whose largest is {largest}</source>
        <translation>第 {line} 行，{column} 列：{cell} 太大；数值以 float32 保存，最大只能是 {largest}</translation>
    </message>
    <message>
        <source>line {line}: a cell longer than 256 MB; is a quote (&quot;) left open?</source>
        <translation>第 {line} 行：有一个单元格超过 256 MB；是不是有引号（&quot;）没有闭合？</translation>
    </message>
    <message>
        <source>line {line}: the file ends inside a quoted cell; is a quote (&quot;) left open?</source>
        <translation>第 {line} 行：文件在带引号的单元格中结束；是不是有引号（&quot;）没有闭合？</translation>
    </message>
    <message>
        <source>line {line}: not readable as CSV ({reason})</source>
        <translation>第 {line} 行：无法按 CSV 读取（{reason}）</translation>
    </message>
    <message>
        <source>is a folder, not a CSV file</source>
        <translation>是一个文件夹，不是 CSV 文件</translation>
    </message>
    <message>
        <source>reading was cancelled</source>
        <translation>读取已取消</translation>
    </message>
    <message>
        <source>row {row} of the training set, column {name}: {value} is not a finite number (float32 holds numbers up to {largest}); check the data before training</source>
        <translation>训练集第 {row} 行，{name} 列：{value} 不是有限的数（float32 最大只能是 {largest}）；请在训练前检查数据</translation>
    </message>
    <message>
        <source>row {row} of the validation set, column {name}: {value} is not a finite number (float32 holds numbers up to {largest}); check the data before training</source>
        <translation>验证集第 {row} 行，{name} 列：{value} 不是有限的数（float32 最大只能是 {largest}）；请在训练前检查数据</translation>
    </message>
    <message>
        <source>row {row} of the test set, column {name}: {value} is not a finite number (float32 holds numbers up to {largest}); check the data before training</source>
        <translation>测试集第 {row} 行，{name} 列：{value} 不是有限的数（float32 最大只能是 {largest}）；请在训练前检查数据</translation>
    </message>
    <message>
        <source>point {number} must hold finite numbers of at most {largest} (float32)</source>
        <translation>第 {number} 个点必须是绝对值不超过 {largest}（float32）的有限数</translation>
    </message>
    <message>
        <source>not valid TOML (nested too deeply)</source>
        <translation>不是有效的 TOML（嵌套太深）</translation>
    </message>
    <message>
        <source>nested too deeply to be an experiment</source>
        <translation>嵌套太深，不是一个实验文件</translation>
    </message>
    <message>
        <source>a damaged replay ({reason})</source>
        <translation>回放文件已损坏（{reason}）</translation>
    </message>
    <message>
        <source>no column {name} in {file}; columns: {columns}</source>
        <translation>{file} 中没有列 {name}；现有的列：{columns}</translation>
    </message>
    <message>
        <source>no column {name} in {file}</source>
        <translation>{file} 中没有列 {name}</translation>
    </message>
    <message>
        <source>{name} is the target; it cannot be a feature</source>
        <translation>{name} 是目标列，不能作为特征</translation>
    </message>
    <message>
        <source>column {name} has only one class ({value}); a classifier needs at least two</source>
        <translation>列 {name} 只有一个类别（{value}）；分类器至少需要两个类别</translation>
    </message>
    <message>
        <source>{name} could not be downloaded; check the network connection ({reason})</source>
        <translation>{name} 无法下载；请检查网络连接（{reason}）</translation>
    </message>
    <message>
        <source>{name} is not on this machine (looked in {folder}); run &apos;nnstudio data fetch {key}&apos; while online, or set data.data_dir</source>
        <translation>本机上没有 {name}（已查找 {folder}）；请在联网时运行 &apos;nnstudio data fetch {key}&apos;，或设置 data.data_dir</translation>
    </message>
    <message>
        <source>{name} could not be downloaded or read ({reason})</source>
        <translation>{name} 无法下载或读取（{reason}）</translation>
    </message>
    <message>
        <source>the network would have at least {count} parameters, more than MAX_PARAMETERS ({limit}); use fewer or narrower layers</source>
        <translation>这个网络至少会有 {count} 个参数，超过了上限 MAX_PARAMETERS（{limit}）；请减少层数或减小宽度</translation>
    </message>
    <message>
        <source>the network it describes has {count} parameters, more than MAX_PARAMETERS ({limit})</source>
        <translation>它描述的网络有 {count} 个参数，超过了上限 MAX_PARAMETERS（{limit}）</translation>
    </message>
    <message>
        <source>input shape {shape} and {count} outputs make no model</source>
        <translation>输入形状 {shape} 和 {count} 个输出无法构成模型</translation>
    </message>
    <message>
        <source>polynomial regression needs tabular input, not images</source>
        <translation>多项式回归需要表格数据输入，不能用图像</translation>
    </message>
    <message>
        <source>logistic regression separates two classes; use softmax regression for more</source>
        <translation>逻辑回归只区分两个类别；类别更多时请使用 softmax 回归</translation>
    </message>
    <message>
        <source>logistic regression separates two classes; this data is regression</source>
        <translation>逻辑回归用于区分两个类别；而这份数据是回归问题</translation>
    </message>
    <message>
        <source>softmax regression is for classes; this data is regression</source>
        <translation>softmax 回归用于分类；而这份数据是回归问题</translation>
    </message>
    <message>
        <source>a CNN needs image data (channels × height × width)</source>
        <translation>卷积神经网络需要图像数据（通道 × 高 × 宽）</translation>
    </message>
    <message>
        <source>needs image input (channels × height × width) but gets {shape}; put convolution and pooling before any Flatten or Linear</source>
        <translation>需要图像输入（通道 × 高 × 宽），但得到的是 {shape}；请把卷积层和池化层放在 Flatten 或 Linear 层之前</translation>
    </message>
    <message>
        <source>a kernel of {size} does not fit the {shape} it gets; use a smaller kernel or fewer pooling layers</source>
        <translation>大小为 {size} 的卷积核放不进它得到的 {shape}；请使用更小的卷积核或更少的池化层</translation>
    </message>
    <message>
        <source>The diagram draws small dense networks on a few inputs; an image has hundreds of pixels. See the weights view instead.</source>
        <translation>网络图只绘制输入很少的小型全连接网络；一张图像有几百个像素。请改看权重视图。</translation>
    </message>
    <message>
        <source>Convolutional networks are not drawn as a diagram; see the weights view.</source>
        <translation>卷积神经网络不绘制成网络图；请看权重视图。</translation>
    </message>
    <message>
        <source>The diagram cannot draw a {name} layer.</source>
        <translation>网络图无法绘制 {name} 层。</translation>
    </message>
    <message>
        <source>This network has {count} weight layers; the diagram draws at most {limit}.</source>
        <translation>这个网络有 {count} 个权重层；网络图最多绘制 {limit} 个。</translation>
    </message>
    <message>
        <source>A layer of {count} neurons is too many to draw one by one; the diagram draws networks of at most {limit} neurons per layer.</source>
        <translation>一层有 {count} 个神经元，太多了，无法逐个绘制；网络图只绘制每层最多 {limit} 个神经元的网络。</translation>
    </message>
    <message>
        <source>give at least two values to compare</source>
        <translation>请至少给出两个值来比较</translation>
    </message>
    <message>
        <source>give at least two values, such as 1, 2, 3, 5; got {text}</source>
        <translation>请至少给出两个值，例如 1, 2, 3, 5；实际为 {text}</translation>
    </message>
    <message>
        <source>{item} is not a whole number</source>
        <translation>{item} 不是整数</translation>
    </message>
    <message>
        <source>{knob} must be between {low} and {high}</source>
        <translation>取值必须在 {low} 到 {high} 之间</translation>
    </message>
    <message>
        <source>each value only once, got {values} repeated</source>
        <translation>每个值只能出现一次，{values} 重复了</translation>
    </message>
    <message>
        <source>the degree knob needs polynomial regression (model.preset &apos;polynomial&apos;), this model is {preset}</source>
        <translation>扫描多项式次数需要多项式回归模型（模型预设须为 &apos;polynomial&apos;），当前的模型预设是 {preset}</translation>
    </message>
    <message>
        <source>the {knob} knob changes an MLP&apos;s hidden layers (model.preset &apos;mlp&apos;), this model is {preset}</source>
        <translation>扫描这项设置要改变多层感知机的隐藏层（模型预设须为 &apos;mlp&apos;），当前的模型预设是 {preset}</translation>
    </message>
    <message>
        <source>a training set of {size} samples is more than the {n} there are (raise data.n_samples)</source>
        <translation>{size} 个样本的训练集多于现有的 {n} 个样本（请增大 data.n_samples）</translation>
    </message>
    <message>
        <source>classification: the target {name} holds text ({count} classes)</source>
        <translation>分类：目标列 {name} 是文本（{count} 个类别）</translation>
    </message>
    <message>
        <source>regression: the target {name} holds numbers that are not whole</source>
        <translation>回归：目标列 {name} 中有非整数的数值</translation>
    </message>
    <message>
        <source>classification: the target {name} holds {count} different whole numbers (at most {most} make classes)</source>
        <translation>分类：目标列 {name} 只有 {count} 个不同的整数（不超过 {most} 个时当作类别）</translation>
    </message>
    <message>
        <source>regression: the target {name} holds {count} different whole numbers (more than {most})</source>
        <translation>回归：目标列 {name} 有 {count} 个不同的整数（多于 {most} 个）</translation>
    </message>
    <message>
        <source>regression: data.task says so</source>
        <translation>回归：由 data.task 指定</translation>
    </message>
    <message>
        <source>classification: data.task says so</source>
        <translation>分类：由 data.task 指定</translation>
    </message>
    <message>
        <source>a sweep compares validation errors; it must be &gt; 0</source>
        <translation>扫描要比较验证误差，所以验证集比例必须 &gt; 0</translation>
    </message>
    <message>
        <source>{k} folds need at least {need} samples, there are {n}</source>
        <translation>{k} 折至少需要 {need} 个样本，现有 {n} 个</translation>
    </message>
    <message>
        <source>{k} folds of {n} samples leave too few for training</source>
        <translation>把 {n} 个样本分成 {k} 折后，留给训练的样本太少</translation>
    </message>
    <message>
        <source>{name} cannot train on {data}</source>
        <translation>{name} 不能在 {data} 上训练</translation>
    </message>
    <message>
        <source>{name} is not an experiment file, a preset or a model family; families: {families}; presets: {presets} (or &apos;current&apos; for the config&apos;s own model)</source>
        <translation>{name} 既不是实验文件，也不是内置实验或模型类别；模型类别：{families}；内置实验：{presets}（或用 &apos;current&apos; 表示配置本身的模型）</translation>
    </message>
    <message>
        <source>name at least one model, such as logistic,mlp</source>
        <translation>请至少指定一个模型，例如（logistic,mlp）</translation>
    </message>
    <message>
        <source>at most {count} models at a time</source>
        <translation>一次最多比较 {count} 个模型</translation>
    </message>
    <message>
        <source>{name} is named twice</source>
        <translation>{name} 被指定了两次</translation>
    </message>
    <message>
        <source>models are compared on the validation split; it must be &gt; 0</source>
        <translation>模型是在验证集上比较的，所以验证集比例必须 &gt; 0</translation>
    </message>
    <message>
        <source>the test set was already scored for this comparison; using it again to choose a model would make it a second validation set</source>
        <translation>这次比较已经在测试集上评过分了；再用它来选择模型，会让它变成第二个验证集</translation>
    </message>
    <message>
        <source>no column {name}; columns: {columns}</source>
        <translation>没有 {name} 这一列；可用的列：{columns}</translation>
    </message>
    <message>
        <source>{key} holds numbers; {text} is not one</source>
        <translation>{key} 这一列是数值；{text} 不是数值</translation>
    </message>
    <message>
        <source>{key} holds text: compare it with = or !=</source>
        <translation>{key} 这一列是文字：只能用 = 或 != 比较</translation>
    </message>
    <message>
        <source>{condition} needs a value, such as {example}</source>
        <translation>{condition} 后面缺少一个值，例如 {example}</translation>
    </message>
    <message>
        <source>not an nnstudio session file, or a damaged one (it cannot be unpacked)</source>
        <translation>不是 nnstudio 课堂会话文件，或者文件已损坏（无法解包）</translation>
    </message>
    <message>
        <source>not an nnstudio session file (it has no session.toml)</source>
        <translation>不是 nnstudio 课堂会话文件（其中没有 session.toml）</translation>
    </message>
    <message>
        <source>not an nnstudio session file</source>
        <translation>不是 nnstudio 课堂会话文件</translation>
    </message>
    <message>
        <source>{file} was written by a newer nnstudio ({format}); update nnstudio to open it</source>
        <translation>{file} 是由更新版本的 nnstudio 写入的（{format}）；请更新 nnstudio 后再打开</translation>
    </message>
    <message>
        <source>is a folder, not a session file</source>
        <translation>是一个文件夹，不是课堂会话文件</translation>
    </message>
    <message>
        <source>damaged ({what})</source>
        <translation>文件已损坏（{what}）</translation>
    </message>
    <message>
        <source>its settings are not valid here: {error}</source>
        <translation>其中的设置在这里无效：{error}</translation>
    </message>
    <message>
        <source>refused; it contains code or objects other than weights (only nnstudio checkpoints can be opened)</source>
        <translation>已拒绝：其中包含权重以外的代码或对象（只能打开 nnstudio 的检查点）</translation>
    </message>
    <message>
        <source>not a readable checkpoint (corrupt file)</source>
        <translation>不是可读取的检查点（文件已损坏）</translation>
    </message>
    <message>
        <source>not a readable checkpoint ({kind})</source>
        <translation>不是可读取的检查点（{kind}）</translation>
    </message>
    <message>
        <source>not an nnstudio checkpoint</source>
        <translation>不是 nnstudio 的检查点</translation>
    </message>
    <message>
        <source>no CUDA GPU on this machine</source>
        <translation>本机没有 CUDA GPU</translation>
    </message>
    <message>
        <source>MPS (Apple GPU) is not available here</source>
        <translation>这里没有可用的 MPS（Apple GPU）</translation>
    </message>
    <message>
        <source>completed {count} epochs</source>
        <translation>已完成 {count} 个迭代周期</translation>
    </message>
    <message>
        <source>stopped by the user</source>
        <translation>已被用户停止</translation>
    </message>
    <message>
        <source>solved exactly by least squares</source>
        <translation>已用最小二乘法精确求解</translation>
    </message>
    <message>
        <source>least squares solves regression; this data is classification; choose a gradient optimiser such as adam</source>
        <translation>最小二乘法只能求解回归问题，而这份数据是分类问题；请选择基于梯度的优化器，例如 adam</translation>
    </message>
    <message>
        <source>least squares solves linear and polynomial regression (one linear layer); choose a gradient optimiser such as adam</source>
        <translation>最小二乘法只能求解线性回归和多项式回归（只有一个线性层）；请选择基于梯度的优化器，例如 adam</translation>
    </message>
    <message>
        <source>loss diverged at epoch {epoch} step {step}; try a smaller learning rate</source>
        <translation>损失在第 {epoch} 个迭代周期第 {step} 步发散；请尝试更小的学习率</translation>
    </message>
    <message>
        <source>early stopping: validation loss did not improve for {count} epochs (best at epoch {epoch})</source>
        <translation>提前终止：验证损失连续 {count} 个迭代周期没有改善（最佳为第 {epoch} 个迭代周期）</translation>
    </message>
    <message>
        <source>early stopping: training loss did not improve for {count} epochs (best at epoch {epoch})</source>
        <translation>提前终止：训练损失连续 {count} 个迭代周期没有改善（最佳为第 {epoch} 个迭代周期）</translation>
    </message>
    <message>
        <source>not converged: the training loss still fell {percent} % over the last {count} epochs; train more epochs or use a larger learning rate</source>
        <translation>尚未收敛：最后 {count} 个迭代周期里训练损失仍下降了 {percent} %；请训练更多迭代周期，或使用更大的学习率</translation>
    </message>
    <message>
        <source>not converged: the training loss still fell {percent} % over the last epoch; train more epochs or use a larger learning rate</source>
        <translation>尚未收敛：最后一个迭代周期里训练损失仍下降了 {percent} %；请训练更多迭代周期，或使用更大的学习率</translation>
    </message>
    <message>
        <source>the learning rate {lr} is far too large for {optimizer} on inputs of this scale (about {limit} is the most that stays stable); the loss will probably blow up or stay high</source>
        <translation>对这种尺度的输入，学习率 {lr} 对 {optimizer} 来说太大了（大约 {limit} 以内才稳定）；损失很可能会爆炸或一直居高不下</translation>
    </message>
    <message>
        <source>a batch of {batch} is more than twice the {count} training samples; every step uses all of them, so each epoch is a single step and training will be slow</source>
        <translation>批量大小 {batch} 超过了训练集 {count} 个样本的两倍；每一步都会用上全部样本，每个迭代周期只有一步，训练会很慢</translation>
    </message>
    <message>
        <source>there is no validation set; early stopping will watch the training loss, which keeps falling while the model overfits</source>
        <translation>没有验证集；提前终止只能看训练损失，而模型过拟合时训练损失仍在下降</translation>
    </message>
    <message>
        <source>with {count} sigmoid layers the gradient shrinks at every layer on its way back (the sigmoid&apos;s slope is at most 0.25); the layers near the input will barely learn</source>
        <translation>有 {count} 个 sigmoid 层时，梯度在反向传播中每经过一层都会缩小（sigmoid 的斜率最大只有 0.25）；靠近输入的层几乎学不到东西</translation>
    </message>
    <message>
        <source>the run is only {total} gradient steps ({epochs} epochs of {count} training samples); it will probably end far from where its loss would settle</source>
        <translation>这次训练只有 {total} 步梯度下降（{count} 个训练样本上的 {epochs} 个迭代周期）；结束时损失很可能还远没有稳定下来</translation>
    </message>
    <message>
        <source>no column {name}; the model reads {columns}</source>
        <translation>没有列 {name}；模型读取的列是 {columns}</translation>
    </message>
    <message>
        <source>this model classifies images; it cannot read rows of a CSV file</source>
        <translation>这个模型对图像分类，无法读取 CSV 文件中的数据行</translation>
    </message>
    <message>
        <source>loss diverged at epoch {epoch}; try a smaller learning rate</source>
        <translation>损失在第 {epoch} 个迭代周期发散；请尝试更小的学习率</translation>
    </message>
    <message>
        <source>stop training before following a run folder</source>
        <translation>请先停止训练，再跟踪运行文件夹</translation>
    </message>
    <message>
        <source>no such folder</source>
        <translation>没有这个文件夹</translation>
    </message>
    <message>
        <source>not a folder</source>
        <translation>不是文件夹</translation>
    </message>
    <message>
        <source>not a run folder (it has no {file})</source>
        <translation>不是运行文件夹（其中没有 {file}）</translation>
    </message>
    <message>
        <source>not valid JSON</source>
        <translation>不是有效的 JSON</translation>
    </message>
    <message>
        <source>not a run summary</source>
        <translation>不是运行摘要</translation>
    </message>
    <message>
        <source>line {line}: not UTF-8 text</source>
        <translation>第 {line} 行：不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>line {line}: not a metrics.csv header (no epoch column)</source>
        <translation>第 {line} 行：不是 metrics.csv 的表头（没有 epoch 列）</translation>
    </message>
    <message>
        <source>line {line}: the epoch must be a whole number from 1</source>
        <translation>第 {line} 行：迭代周期必须是从 1 开始的整数</translation>
    </message>
    <message>
        <source>there is no test set (data.test_fraction is 0)</source>
        <translation>没有测试集（data.test_fraction 为 0）</translation>
    </message>
    <message>
        <source>the test set was already evaluated for this model; using it again to choose settings would make it a second validation set</source>
        <translation>这个模型已经在测试集上评估过了；再用它来选择设置，会让它变成第二个验证集</translation>
    </message>
    <message>
        <source>no such run in the history (see &apos;nnstudio runs list&apos;)</source>
        <translation>历史记录中没有这次运行（参见 &apos;nnstudio runs list&apos;）</translation>
    </message>
    <message>
        <source>cannot be written ({reason})</source>
        <translation>无法写入（{reason}）</translation>
    </message>
    <message>
        <source>the device ran out of memory; try a smaller batch size or model</source>
        <translation>设备内存不足；请尝试更小的批量大小或模型</translation>
    </message>
    <message>
        <source>training failed: {error}</source>
        <translation>训练失败：{error}</translation>
    </message>
    <message>
        <source>the training process stopped unexpectedly (exit code {code}), perhaps out of memory; a new one has been started: press Train to begin again</source>
        <translation>训练进程意外退出（退出码 {code}），可能是内存不足；已启动新的训练进程：按“训练”重新开始</translation>
    </message>
    <message>
        <source>the training process could not start (exit code {code}); see the terminal for the reason, then restart nnstudio</source>
        <translation>训练进程无法启动（退出码 {code}）；请查看终端中的原因，然后重新启动 nnstudio</translation>
    </message>
    <message>
        <source>no space left on the disk</source>
        <translation>磁盘空间已满</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>没有权限</translation>
    </message>
    <message>
        <source>operation not permitted</source>
        <translation>不允许此操作</translation>
    </message>
    <message>
        <source>the disk is read-only</source>
        <translation>磁盘是只读的</translation>
    </message>
    <message>
        <source>no such file or folder</source>
        <translation>没有这个文件或文件夹</translation>
    </message>
    <message>
        <source>it is a folder</source>
        <translation>这是一个文件夹</translation>
    </message>
    <message>
        <source>a part of the path is not a folder</source>
        <translation>路径中有一部分不是文件夹</translation>
    </message>
    <message>
        <source>the file name is too long</source>
        <translation>文件名太长</translation>
    </message>
    <message>
        <source>the disk quota is used up</source>
        <translation>磁盘配额已用完</translation>
    </message>
    <message>
        <source>the disk could not be read or written (input/output error)</source>
        <translation>磁盘无法读写（输入/输出错误）</translation>
    </message>
    <message>
        <source>too many open files</source>
        <translation>打开的文件太多</translation>
    </message>
    <message>
        <source>it is a folder; choose a file name</source>
        <translation>这是一个文件夹；请选择一个文件名</translation>
    </message>
    <message>
        <source>it is {kind}, not a regular file; choose a file name</source>
        <translation>这是 {kind}，不是普通文件；请选择一个文件名</translation>
    </message>
    <message>
        <source>{folder} is a file, not a folder</source>
        <translation>{folder} 是一个文件，不是文件夹</translation>
    </message>
    <message>
        <source>a device</source>
        <translation>设备文件</translation>
    </message>
    <message>
        <source>a pipe</source>
        <translation>管道</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>套接字</translation>
    </message>
    <message>
        <source>{message}, got {value}</source>
        <translation>{message}，实际为 {value}</translation>
    </message>
    <message>
        <source>class {k}</source>
        <translation>类别 {k}</translation>
    </message>
</context>
<context>
    <name>CsvImportDialog</name>
    <message>
        <source>Import {name}</source>
        <translation>导入 {name}</translation>
    </message>
    <message>
        <source>File preview</source>
        <translation>文件预览</translation>
    </message>
    <message>
        <source>Target column</source>
        <translation>目标列</translation>
    </message>
    <message>
        <source>The column the model learns to predict</source>
        <translation>模型要学习预测的列</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>automatic (text or up to 20 whole numbers → classes, other numbers → regression)</source>
        <translation>自动（文本或不超过 20 个不同的整数 → 分类，其他数值 → 回归）</translation>
    </message>
    <message>
        <source>regression</source>
        <translation>回归</translation>
    </message>
    <message>
        <source>classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Feature columns</source>
        <translation>特征列</translation>
    </message>
    <message>
        <source>Inputs of the model; pick two to see a decision boundary</source>
        <translation>模型的输入；选两列即可看到决策边界</translation>
    </message>
    <message>
        <source>Standardise features (mean 0, std 1 from the training split)</source>
        <translation>标准化特征（按训练集计算，均值 0，标准差 1）</translation>
    </message>
    <message>
        <source>Reading the file</source>
        <translation>正在读取文件</translation>
    </message>
    <message>
        <source>Stop reading</source>
        <translation>停止读取</translation>
    </message>
    <message>
        <source>Stop checking the whole file (it is read again when training starts)</source>
        <translation>停止检查整个文件（开始训练时会重新读取）</translation>
    </message>
    <message>
        <source>choose at least one feature column</source>
        <translation>请至少选择一个特征列</translation>
    </message>
    <message>
        <source>Not checked to the end: problems in the file show when training starts.</source>
        <translation>文件未检查完：文件中的问题会在开始训练时显示。</translation>
    </message>
    <message>
        <source>{count} classes: {names}</source>
        <translation>{count} 个类别：{names}</translation>
    </message>
    <message>
        <source>shows the decision boundary</source>
        <translation>显示决策边界</translation>
    </message>
    <message>
        <source>shows the fit curve</source>
        <translation>显示拟合曲线</translation>
    </message>
    <message>
        <source>curves only (pick one or two features to see the data drawn)</source>
        <translation>只有曲线（选一两个特征才能看到数据被画出来）</translation>
    </message>
    <message>
        <source>{rows} rows · {features} features · {kind} · train {train}, validation {val}, test {test}</source>
        <translation>{rows} 行 · {features} 个特征 · {kind} · 训练 {train}，验证 {val}，测试 {test}</translation>
    </message>
    <message>
        <source>Import a CSV file</source>
        <translation>导入 CSV 文件</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>CsvPrediction</name>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>A prediction is already running.</source>
        <translation>已有一个预测正在进行。</translation>
    </message>
    <message>
        <source>There is no model to predict with yet.</source>
        <translation>还没有可以用来预测的模型。</translation>
    </message>
    <message>
        <source>Pause or stop training before predicting.</source>
        <translation>请先暂停或停止训练，再进行预测。</translation>
    </message>
    <message>
        <source>Predict on a CSV: the rows</source>
        <translation>用 CSV 预测：选择数据行</translation>
    </message>
    <message>
        <source>Save the predictions</source>
        <translation>保存预测结果</translation>
    </message>
    <message>
        <source>Predicting {name}…</source>
        <translation>正在预测 {name}…</translation>
    </message>
    <message>
        <source>Could not predict: {error}</source>
        <translation>无法预测：{error}</translation>
    </message>
    <message>
        <source>Wrote {count} predictions to {path}</source>
        <translation>已把 {count} 条预测写入 {path}</translation>
    </message>
</context>
<context>
    <name>DatasetPanel</name>
    <message>
        <source>Regression (1D)</source>
        <translation>回归（一维）</translation>
    </message>
    <message>
        <source>Classification (2D)</source>
        <translation>分类（二维）</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Tabular (CSV)</source>
        <translation>表格（CSV）</translation>
    </message>
    <message>
        <source>Your own</source>
        <translation>自己的数据</translation>
    </message>
    <message>
        <source>Datasets</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Datasets by task; synthetic sets are generated from the seed</source>
        <translation>按任务分组的数据集；合成数据由随机种子生成</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <source>Import CSV</source>
        <translation>导入 CSV</translation>
    </message>
    <message>
        <source>Train on your own table: pick a CSV file and its target column</source>
        <translation>用自己的表格训练：选择一个 CSV 文件及其目标列</translation>
    </message>
    <message>
        <source>Split sizes</source>
        <translation>划分大小</translation>
    </message>
    <message>
        <source>Dataset preview</source>
        <translation>数据集预览</translation>
    </message>
    <message>
        <source>First rows of the CSV file</source>
        <translation>CSV 文件的前几行</translation>
    </message>
    <message>
        <source>The first rows of the file, as read</source>
        <translation>读取到的文件前几行</translation>
    </message>
    <message>
        <source>Sample images with their classes</source>
        <translation>样本图像及其类别</translation>
    </message>
    <message>
        <source>Training images, two of each class</source>
        <translation>训练图像，每个类别两张</translation>
    </message>
    <message>
        <source>Class balance</source>
        <translation>类别分布</translation>
    </message>
    <message>
        <source>Preview augmentation…</source>
        <translation>预览数据增强…</translation>
    </message>
    <message>
        <source>Preview augmentation</source>
        <translation>预览数据增强</translation>
    </message>
    <message>
        <source>Training images next to randomly shifted / rotated / flipped versions of them (choose the augmentation under Hyperparameters)</source>
        <translation>训练图像与其随机平移 / 旋转 / 翻转后的版本并排显示（在“超参数”中选择数据增强方式）</translation>
    </message>
    <message>
        <source>CSV file…</source>
        <translation>CSV 文件…</translation>
    </message>
    <message>
        <source>Save painted points</source>
        <translation>保存绘制的点</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Could not save {path}: {reason}</source>
        <translation>无法保存 {path}：{reason}</translation>
    </message>
    <message>
        <source>Saved {count} points to {name}</source>
        <translation>已将 {count} 个点保存到 {name}</translation>
    </message>
    <message>
        <source>Press Enter to import a CSV file</source>
        <translation>按 Enter 键导入 CSV 文件</translation>
    </message>
    <message>
        <source>Press Enter to download {name}</source>
        <translation>按 Enter 键下载 {name}</translation>
    </message>
    <message>
        <source>Augmentation is off (Hyperparameters → Regularisation → Augment); this is what it would do.</source>
        <translation>数据增强未开启（超参数 → 正则化 → 数据增强）；开启后的效果如下。</translation>
    </message>
    <message>
        <source>this dataset has a fixed number of classes</source>
        <translation>这个数据集的类别数是固定的</translation>
    </message>
    <message>
        <source>{train} training points (circles) and {validation} validation points (triangles)</source>
        <translation>{train} 个训练点（圆形）和 {validation} 个验证点（三角形）</translation>
    </message>
    <message>
        <source>{count} points painted</source>
        <translation>已绘制 {count} 个点</translation>
    </message>
    <message>
        <source>only for generated datasets</source>
        <translation>仅适用于生成的数据集</translation>
    </message>
    <message>
        <source>only for image datasets</source>
        <translation>仅适用于图像数据集</translation>
    </message>
    <message>
        <source>painted points are all used for training and validation</source>
        <translation>绘制的点全部用于训练和验证</translation>
    </message>
    <message>
        <source>image sets keep their official test images</source>
        <translation>图像数据集使用其官方测试图像</translation>
    </message>
    <message>
        <source>train {train} · validation {val} · test {test}</source>
        <translation>训练 {train} · 验证 {val} · 测试 {test}</translation>
    </message>
    <message>
        <source>class {k}</source>
        <translation>类别 {k}</translation>
    </message>
    <message>
        <source> (target)</source>
        <translation>（目标）</translation>
    </message>
    <message>
        <source>{count} each</source>
        <translation>每类 {count} 个</translation>
    </message>
    <message>
        <source>{low} to {high} each</source>
        <translation>每类 {low} 到 {high} 个</translation>
    </message>
    <message>
        <source>Class balance (training): {n} classes, {each}</source>
        <translation>类别分布（训练集）：{n} 个类别，{each}</translation>
    </message>
</context>
<context>
    <name>DistributionsView</name>
    <message>
        <source>Weights and gradients over time</source>
        <translation>权重和梯度随时间的变化</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Layer shown</source>
        <translation>显示的层</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>gradients (last step of each epoch)</source>
        <translation>梯度（每个迭代周期的最后一步）</translation>
    </message>
    <message>
        <source>Weights or gradients</source>
        <translation>权重还是梯度</translation>
    </message>
    <message>
        <source>share of the layer (%)</source>
        <translation>占该层的比例（%）</translation>
    </message>
    <message>
        <source>Gradients over time (the median in orange)</source>
        <translation>梯度随时间的变化（橙线为中位数）</translation>
    </message>
    <message>
        <source>Weights over time (the median in orange)</source>
        <translation>权重随时间的变化（橙线为中位数）</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>迭代周期</translation>
    </message>
    <message>
        <source>gradient ∂cost/∂w</source>
        <translation>梯度 ∂cost/∂w</translation>
    </message>
    <message>
        <source>weight value</source>
        <translation>权重值</translation>
    </message>
</context>
<context>
    <name>Docks</name>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Hyperparameters</source>
        <translation>超参数</translation>
    </message>
    <message>
        <source>Weights and gradients</source>
        <translation>权重与梯度</translation>
    </message>
    <message>
        <source>Weights over time</source>
        <translation>权重随时间的变化</translation>
    </message>
    <message>
        <source>Loss landscape</source>
        <translation>损失曲面</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Inside the model</source>
        <translation>模型内部</translation>
    </message>
    <message>
        <source>Capacity sweep</source>
        <translation>容量扫描</translation>
    </message>
    <message>
        <source>K-fold</source>
        <translation>K 折</translation>
    </message>
    <message>
        <source>Compare models</source>
        <translation>模型比较</translation>
    </message>
</context>
<context>
    <name>DownloadDialog</name>
    <message>
        <source>Downloading {title}</source>
        <translation>正在下载 {title}</translation>
    </message>
    <message>
        <source>Download progress</source>
        <translation>下载进度</translation>
    </message>
    <message>
        <source>{title} is not on this machine yet: downloading it with torchvision…</source>
        <translation>本机上还没有 {title}：正在用 torchvision 下载…</translation>
    </message>
    <message>
        <source>Download status</source>
        <translation>下载状态</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel the download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <source>Stop the download; nothing half-downloaded is kept</source>
        <translation>停止下载；不会保留下载了一半的文件</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>File {number} of {n}: {file}, {size}</source>
        <translation>第 {number} 个文件，共 {n} 个：{file}，{size}</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>DrawCanvas</name>
    <message>
        <source>Drawing canvas</source>
        <translation>画布</translation>
    </message>
    <message>
        <source>Draw with the mouse (left button); Ctrl+Z undoes the last stroke</source>
        <translation>用鼠标左键绘画；Ctrl+Z 撤销最后一笔</translation>
    </message>
</context>
<context>
    <name>DrawSample</name>
    <message>
        <source>there is no model yet</source>
        <translation>还没有模型</translation>
    </message>
    <message>
        <source>it needs a classifier of 28×28 grey images (MNIST, Fashion-MNIST, KMNIST); this model takes {shape} inputs</source>
        <translation>需要一个 28×28 灰度图像（MNIST、Fashion-MNIST、KMNIST）的分类器；当前模型的输入是 {shape}</translation>
    </message>
    <message>
        <source>Draw a sample</source>
        <translation>画一个样本</translation>
    </message>
    <message>
        <source>Draw a sample…</source>
        <translation>画一个样本…</translation>
    </message>
    <message>
        <source>Draw a digit or a garment and see what the trained model says</source>
        <translation>画一个数字或一件衣物，看看训练好的模型怎么判断</translation>
    </message>
    <message>
        <source>Draw a sample is not available: {0}</source>
        <translation>无法使用“画一个样本”：{0}</translation>
    </message>
</context>
<context>
    <name>DrawSamplePanel</name>
    <message>
        <source>What the model sees</source>
        <translation>模型看到的图像</translation>
    </message>
    <message>
        <source>The drawing as the model sees it: 28×28 pixels, framed as the training images were</source>
        <translation>模型眼中的这幅画：28×28 像素，按训练图像的方式取景</translation>
    </message>
    <message>
        <source>The model sees (28×28)</source>
        <translation>模型看到的（28×28）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Start a new drawing</source>
        <translation>重新开始画</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Take back the last stroke (Ctrl+Z)</source>
        <translation>撤销最后一笔（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Look inside the model</source>
        <translation>查看模型内部</translation>
    </message>
    <message>
        <source>See what every layer of the model computes for this drawing (the Inside the model view)</source>
        <translation>查看模型每一层对这幅画的计算结果（“模型内部”视图）</translation>
    </message>
    <message>
        <source>What the model thinks</source>
        <translation>模型的判断</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Drawing canvas</source>
        <translation>画布</translation>
    </message>
    <message>
        <source>Draw with the mouse (left button); Ctrl+Z undoes the last stroke</source>
        <translation>按住鼠标左键绘画；Ctrl+Z 撤销上一笔</translation>
    </message>
    <message>
        <source>Draw in the black square: the model&apos;s guess appears here.</source>
        <translation>在黑色方框中作画：模型的判断会显示在这里。</translation>
    </message>
    <message>
        <source>No model to ask yet.</source>
        <translation>还没有可以询问的模型。</translation>
    </message>
    <message>
        <source>The model says: {0} ({1:.0%})</source>
        <translation>模型认为：{0}（{1:.0%}）</translation>
    </message>
</context>
<context>
    <name>FeaturePicker</name>
    <message>
        <source>Input features</source>
        <translation>输入特征</translation>
    </message>
    <message>
        <source>Input feature {name}</source>
        <translation>输入特征 {name}</translation>
    </message>
    <message>
        <source>What the network reads: computed from each point (x1, x2). With x1² and x2², even a model without hidden layers can draw a circle.</source>
        <translation>网络读取的内容：由每个点 (x1, x2) 计算得到。有了 x1² 和 x2²，即使没有隐藏层的模型也能画出圆形边界。</translation>
    </message>
    <message>
        <source>Input features are computed from 2D points (x1, x2); this dataset has other inputs.</source>
        <translation>输入特征由二维点 (x1, x2) 计算得到；这个数据集的输入不同。</translation>
    </message>
</context>
<context>
    <name>FileMenu</name>
    <message>
        <source>Experiments (*.toml);;All files (*)</source>
        <translation>实验 (*.toml);;所有文件 (*)</translation>
    </message>
    <message>
        <source>nnstudio models (*.pt);;All files (*)</source>
        <translation>nnstudio 模型 (*.pt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Decision boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <source>Regression fit</source>
        <translation>回归拟合</translation>
    </message>
    <message>
        <source>Weight histograms</source>
        <translation>权重直方图</translation>
    </message>
    <message>
        <source>Gradient sizes</source>
        <translation>梯度大小</translation>
    </message>
    <message>
        <source>Loss landscape</source>
        <translation>损失曲面</translation>
    </message>
    <message>
        <source>Cost against w</source>
        <translation>代价随 w 的变化</translation>
    </message>
    <message>
        <source>Lesson comparison</source>
        <translation>对照比较</translation>
    </message>
    <message>
        <source>Compared runs</source>
        <translation>运行对比</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>SVG vector images (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open experiment…</source>
        <translation>打开实验(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save experiment as…</source>
        <translation>实验另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Load model…</source>
        <translation>加载模型(&amp;L)…</translation>
    </message>
    <message>
        <source>Save &amp;model as…</source>
        <translation>模型另存为(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Follow a run folder…</source>
        <translation>跟踪运行文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Export as PyTorch &amp;script…</source>
        <translation>导出为 PyTorch 脚本(&amp;S)…</translation>
    </message>
    <message>
        <source>Export as Jupyter &amp;notebook…</source>
        <translation>导出为 Jupyter 笔记本(&amp;N)…</translation>
    </message>
    <message>
        <source>Export &amp;metrics as CSV…</source>
        <translation>导出指标为 CSV(&amp;M)…</translation>
    </message>
    <message>
        <source>Export &amp;plot</source>
        <translation>导出图表(&amp;P)</translation>
    </message>
    <message>
        <source>Save a plot as a PNG picture or an SVG drawing</source>
        <translation>把图表保存为 PNG 图片或 SVG 矢量图</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Open experiment</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <source>Could not open the experiment: {error}</source>
        <translation>无法打开实验：{error}</translation>
    </message>
    <message>
        <source>Opened {path}</source>
        <translation>已打开 {path}</translation>
    </message>
    <message>
        <source>Fix the settings first: {error}</source>
        <translation>请先修正设置：{error}</translation>
    </message>
    <message>
        <source>Save experiment</source>
        <translation>保存实验</translation>
    </message>
    <message>
        <source>Could not save {path}: {reason}</source>
        <translation>无法保存 {path}：{reason}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Pause or stop training before saving the model.</source>
        <translation>请先暂停或停止训练，再保存模型。</translation>
    </message>
    <message>
        <source>There is no model to save yet.</source>
        <translation>还没有可以保存的模型。</translation>
    </message>
    <message>
        <source>Save model</source>
        <translation>保存模型</translation>
    </message>
    <message>
        <source>Saved the model to {path}</source>
        <translation>模型已保存到 {path}</translation>
    </message>
    <message>
        <source>Stop training before loading a model.</source>
        <translation>请先停止训练，再加载模型。</translation>
    </message>
    <message>
        <source>A model is already being loaded.</source>
        <translation>已有一个模型正在加载。</translation>
    </message>
    <message>
        <source>Load model</source>
        <translation>加载模型</translation>
    </message>
    <message>
        <source>Loading {path}…</source>
        <translation>正在加载 {path}…</translation>
    </message>
    <message>
        <source>Could not load the model: {error}</source>
        <translation>无法加载模型：{error}</translation>
    </message>
    <message>
        <source>Wrote {path}: open it in Jupyter</source>
        <translation>已写入 {path}：用 Jupyter 打开它</translation>
    </message>
    <message>
        <source>Loaded {path} (trained {count} epochs)</source>
        <translation>已加载 {path}（已训练 {count} 个迭代周期）</translation>
    </message>
    <message>
        <source>Follow a run folder</source>
        <translation>跟踪运行文件夹</translation>
    </message>
    <message>
        <source>Export as PyTorch script</source>
        <translation>导出为 PyTorch 脚本</translation>
    </message>
    <message>
        <source>Python files (*.py)</source>
        <translation>Python 文件 (*.py)</translation>
    </message>
    <message>
        <source>Could not export the script: {error}</source>
        <translation>无法导出脚本：{error}</translation>
    </message>
    <message>
        <source>Wrote {path}: run it with python {name}</source>
        <translation>已写入 {path}：用 python {name} 运行它</translation>
    </message>
    <message>
        <source>Export as Jupyter notebook</source>
        <translation>导出为 Jupyter 笔记本</translation>
    </message>
    <message>
        <source>Jupyter notebooks (*.ipynb)</source>
        <translation>Jupyter 笔记本 (*.ipynb)</translation>
    </message>
    <message>
        <source>Could not export the notebook: {error}</source>
        <translation>无法导出笔记本：{error}</translation>
    </message>
    <message>
        <source>There are no metrics yet: train first.</source>
        <translation>还没有指标：请先训练。</translation>
    </message>
    <message>
        <source>Export metrics</source>
        <translation>导出指标</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Show the plot first, then export it.</source>
        <translation>请先显示该图表，再导出。</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Could not export the plot: {0}.</source>
        <translation>无法导出图表：{0}。</translation>
    </message>
    <message>
        <source>Could not save {0}: {1}</source>
        <translation>无法保存 {0}：{1}</translation>
    </message>
    <message>
        <source>Saved the plot to {0}</source>
        <translation>图表已保存到 {0}</translation>
    </message>
    <message>
        <source>&amp;Predict on a CSV…</source>
        <translation>用 CSV 预测(&amp;P)…</translation>
    </message>
</context>
<context>
    <name>FinalEvaluation</name>
    <message>
        <source>The test set is for the very end: evaluate it once, after every choice of model and settings is made. Looking at it to choose settings turns it into a second validation set, and its score stops telling you how the model does on new data.

Evaluate it now?</source>
        <translation>测试集留到最后使用：在模型和各项设置都确定之后，只评估一次。如果根据它来选择设置，它就变成了第二个验证集，其得分也就不再能说明模型在新数据上的表现。

现在评估吗？</translation>
    </message>
    <message>
        <source>Stop training before evaluating the test set.</source>
        <translation>请先停止训练，再评估测试集。</translation>
    </message>
    <message>
        <source>Evaluate on the test set</source>
        <translation>在测试集上评估</translation>
    </message>
    <message>
        <source>Test set ({size} samples) after epoch {epoch}: loss {loss}</source>
        <translation>测试集（{size} 个样本），第 {epoch} 个迭代周期之后：损失 {loss}</translation>
    </message>
    <message>
        <source>, accuracy {accuracy}</source>
        <translation>，准确率 {accuracy}</translation>
    </message>
    <message>
        <source>. This is the final score: do not tune settings on it.</source>
        <translation>。这是最终得分：不要据此调整设置。</translation>
    </message>
</context>
<context>
    <name>FolderFollower</name>
    <message>
        <source>Waiting for a run to start in {folder}</source>
        <translation>正在等待 {folder} 中的运行开始</translation>
    </message>
    <message>
        <source>The followed run in {folder} ended: {reason}.</source>
        <translation>{folder} 中跟踪的运行已结束：{reason}。</translation>
    </message>
    <message>
        <source>File ▸ Load model… opens its model ({path}).</source>
        <translation>用“文件 ▸ 加载模型…”打开它的模型（{path}）。</translation>
    </message>
    <message>
        <source>Following the run in {folder}: its epochs appear as they end. Train or Reset returns to your own experiment.</source>
        <translation>正在跟踪 {folder} 中的运行：每个迭代周期一结束就显示在这里。按“训练”或“重置”回到你自己的实验。</translation>
    </message>
</context>
<context>
    <name>HighContrastOption</name>
    <message>
        <source>High contrast</source>
        <translation>高对比度</translation>
    </message>
    <message>
        <source>Black on white (white on black in a dark theme) with strong edges: for a projector or low vision</source>
        <translation>白底黑字（深色主题下为黑底白字），边框清晰：适合投影仪或视力不佳的用户</translation>
    </message>
</context>
<context>
    <name>KFoldPanel</name>
    <message>
        <source>Number of folds K</source>
        <translation>折数 K</translation>
    </message>
    <message>
        <source>K: the data is cut into K parts; each is the validation set once</source>
        <translation>K：把数据切成 K 份，每一份轮流当一次验证集</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Curve shown</source>
        <translation>显示的曲线</translation>
    </message>
    <message>
        <source>Which validation measure the curves show</source>
        <translation>曲线显示哪一项验证指标</translation>
    </message>
    <message>
        <source>Run K-fold</source>
        <translation>运行 K 折</translation>
    </message>
    <message>
        <source>Run K-fold cross-validation</source>
        <translation>运行 K 折交叉验证</translation>
    </message>
    <message>
        <source>Train K models with the current settings, one per fold (the test set is not used)</source>
        <translation>用当前设置训练 K 个模型，每折一个（不使用测试集）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop K-fold</source>
        <translation>停止 K 折</translation>
    </message>
    <message>
        <source>Stop after the current epoch</source>
        <translation>在当前迭代周期结束后停止</translation>
    </message>
    <message>
        <source>K-fold progress</source>
        <translation>K 折进度</translation>
    </message>
    <message>
        <source>Averaged score</source>
        <translation>平均得分</translation>
    </message>
    <message>
        <source>Folds (K)</source>
        <translation>折数（K）</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>K-fold not run: {message}</source>
        <translation>K 折未运行：{message}</translation>
    </message>
    <message>
        <source>K-fold: {message}</source>
        <translation>K 折：{message}</translation>
    </message>
    <message>
        <source>Mean validation loss over {n} folds:
{mean:.3f} ± {spread:.3f}</source>
        <translation>{n} 折的平均验证损失：
{mean:.3f} ± {spread:.3f}</translation>
    </message>
    <message>
        <source>
Mean validation accuracy:
{mean:.1%} ± {spread:.1%}</source>
        <translation>
平均验证准确率：
{mean:.1%} ± {spread:.1%}</translation>
    </message>
    <message>
        <source>
(stopped after {n} of {k} folds)</source>
        <translation>
（{k} 折中完成 {n} 折后停止）</translation>
    </message>
</context>
<context>
    <name>KFoldView</name>
    <message>
        <source>K-fold validation curves</source>
        <translation>K 折验证曲线</translation>
    </message>
    <message>
        <source>Validation curve of each fold</source>
        <translation>每一折的验证曲线</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>迭代周期</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>fold {number}</source>
        <translation>第 {number} 折</translation>
    </message>
    <message>
        <source>mean of the folds</source>
        <translation>各折平均</translation>
    </message>
    <message>
        <source>mean ± 1 standard deviation</source>
        <translation>平均值 ± 1 个标准差</translation>
    </message>
</context>
<context>
    <name>KeyboardAccess</name>
    <message>
        <source>Panel tabs: {panels}</source>
        <translation>面板标签页：{panels}</translation>
    </message>
</context>
<context>
    <name>LandscapeView</name>
    <message>
        <source>Loss landscape</source>
        <translation>损失曲面</translation>
    </message>
    <message>
        <source>Loss over (w, b) and the optimiser&apos;s path</source>
        <translation>(w, b) 平面上的损失与优化器的路径</translation>
    </message>
    <message>
        <source>w (weight)</source>
        <translation>w（权重）</translation>
    </message>
    <message>
        <source>b (bias)</source>
        <translation>b（偏置）</translation>
    </message>
    <message>
        <source>path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>start</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>now</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>least squares</source>
        <translation>最小二乘解</translation>
    </message>
    <message>
        <source>Cost curve</source>
        <translation>代价曲线</translation>
    </message>
    <message>
        <source>Cost against w (b at its best)</source>
        <translation>代价随 w 的变化（b 取最优）</translation>
    </message>
    <message>
        <source>cost (MSE)</source>
        <translation>代价（MSE）</translation>
    </message>
    <message>
        <source>u (direction d₁)</source>
        <translation>u（方向 d₁）</translation>
    </message>
    <message>
        <source>v (direction d₂)</source>
        <translation>v（方向 d₂）</translation>
    </message>
    <message>
        <source>Loss along direction d₁ (v = 0)</source>
        <translation>沿方向 d₁ 的损失（v = 0）</translation>
    </message>
    <message>
        <source>lowest on this plane</source>
        <translation>此平面上的最低点</translation>
    </message>
    <message>
        <source>Loss on a plane of random directions</source>
        <translation>随机方向平面上的损失</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>Lan&amp;guage</source>
        <translation>语言(&amp;G)</translation>
    </message>
    <message>
        <source>The language of the interface</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Follow the system ({language})</source>
        <translation>跟随系统（{language}）</translation>
    </message>
</context>
<context>
    <name>LayersView</name>
    <message>
        <source>Convolution {n}</source>
        <translation>卷积层 {n}</translation>
    </message>
    <message>
        <source>Pooling {n}</source>
        <translation>池化层 {n}</translation>
    </message>
    <message>
        <source>Dense {n}</source>
        <translation>全连接层 {n}</translation>
    </message>
    <message>
        <source>Output (class probabilities)</source>
        <translation>输出（各类别概率）</translation>
    </message>
    <message>
        <source> (first {shown} of {total})</source>
        <translation>（{total} 个中的前 {shown} 个）</translation>
    </message>
    <message>
        <source>largest value {value:.3g}</source>
        <translation>最大值 {value:.3g}</translation>
    </message>
    <message>
        <source>Inside the model</source>
        <translation>模型内部</translation>
    </message>
    <message>
        <source>Inside the model is shown for image data sets: choose one (e.g. Fashion-MNIST) in the Dataset panel.</source>
        <translation>模型内部只对图像数据集显示：请在“数据集”面板中选择一个（例如 Fashion-MNIST）。</translation>
    </message>
    <message>
        <source>Next sample</source>
        <translation>下一个样本</translation>
    </message>
    <message>
        <source>Saliency of:</source>
        <translation>显著图对应：</translation>
    </message>
    <message>
        <source>Show saliency</source>
        <translation>显示显著图</translation>
    </message>
    <message>
        <source>Red: the pixels whose change would change the chosen class&apos;s score most (the gradient of the score)</source>
        <translation>红色：改变后最能改变所选类别得分的像素（得分对输入的梯度）</translation>
    </message>
    <message>
        <source>Input and saliency</source>
        <translation>输入与显著图</translation>
    </message>
    <message>
        <source>Each layer&apos;s output</source>
        <translation>各层的输出</translation>
    </message>
    <message>
        <source>Look inside the model at another random validation image (or double-click an image in the sample browser, or draw one in Draw a sample)</source>
        <translation>换一张随机的验证集图像，查看模型内部（也可以在样本浏览器中双击一张图像，或在“画一个样本”中画一张）</translation>
    </message>
    <message>
        <source>Click a map, or press Enter on it, to enlarge it</source>
        <translation>点击一张特征图（或在其上按回车键）可放大</translation>
    </message>
    <message>
        <source>the predicted class</source>
        <translation>预测的类别</translation>
    </message>
    <message>
        <source>Your drawing: predicted {predicted} ({confidence:.0%})</source>
        <translation>你的画：预测 {predicted}（{confidence:.0%}）</translation>
    </message>
    <message>
        <source>Image {index}: true {true}, predicted {predicted} ({confidence:.0%})</source>
        <translation>图像 {index}：真实 {true}，预测 {predicted}（{confidence:.0%}）</translation>
    </message>
    <message>
        <source>First convolution&apos;s filters</source>
        <translation>第一个卷积层的卷积核</translation>
    </message>
    <message>
        <source>First layer&apos;s weights, per neuron</source>
        <translation>第一层的权重（每个神经元一张）</translation>
    </message>
    <message>
        <source>{layer}, map {k}</source>
        <translation>{layer}，特征图 {k}</translation>
    </message>
    <message>
        <source>Your drawing and saliency</source>
        <translation>你的画与显著图</translation>
    </message>
    <message>
        <source>Saliency of {name}</source>
        <translation>{name} 的显著图</translation>
    </message>
</context>
<context>
    <name>LearningRateView</name>
    <message>
        <source>Learning-rate curve</source>
        <translation>学习率曲线</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>迭代周期</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Lesson language</source>
        <translation>课程语言</translation>
    </message>
    <message>
        <source>The language of the lesson&apos;s explanation</source>
        <translation>课程讲解使用的语言</translation>
    </message>
    <message>
        <source>Lesson explanation</source>
        <translation>课程讲解</translation>
    </message>
    <message>
        <source>Lesson variant</source>
        <translation>本课的对照</translation>
    </message>
    <message>
        <source>Run lesson</source>
        <translation>运行本课</translation>
    </message>
    <message>
        <source>Train with the settings shown</source>
        <translation>用当前显示的设置训练</translation>
    </message>
    <message>
        <source>Run all variants and compare</source>
        <translation>运行全部对照并比较</translation>
    </message>
    <message>
        <source>Train each variant in turn and overlay their loss curves</source>
        <translation>依次训练每个对照，并叠加它们的损失曲线</translation>
    </message>
</context>
<context>
    <name>LessonsMenu</name>
    <message>
        <source>Lessons could not be loaded: {error}</source>
        <translation>无法加载课程：{error}</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;E)</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>比较</translation>
    </message>
</context>
<context>
    <name>LiveViews</name>
    <message>
        <source>The point is used when training resumes</source>
        <translation>继续训练时会使用这个点</translation>
    </message>
    <message>
        <source>Click on the plane to paint points; pick the class in the Dataset panel.</source>
        <translation>在平面上点击来画点；在“数据集”面板中选择类别。</translation>
    </message>
    <message>
        <source>Image data: see the curves on the right.</source>
        <translation>图像数据：请看右侧的曲线。</translation>
    </message>
    <message>
        <source>This data has {count} features. The fit curve needs 1 and the decision boundary 2: choose them in the CSV import to see the data drawn.</source>
        <translation>这份数据有 {count} 个特征。拟合曲线需要 1 个特征，决策边界需要 2 个：在 CSV 导入中选择特征，即可画出数据。</translation>
    </message>
</context>
<context>
    <name>LossView</name>
    <message>
        <source>Exponential moving average of the epoch curves, as in the course notes:
C′ᵢ = β·Cᵢ + (1 − β)·C′ᵢ₋₁, starting from C′₀ = C₀.
β is the weight of the newest value: β = 1 (the slider&apos;s left end) shows the raw values;
drag right for a smaller β: a smoother curve that follows changes later.
While smoothing, the raw curves stay faintly behind.</source>
        <translation>对各迭代周期的曲线做指数移动平均，写法与课程笔记相同：
C′ᵢ = β·Cᵢ + (1 − β)·C′ᵢ₋₁，从 C′₀ = C₀ 开始。
β 是最新值的权重：β = 1（滑块最左端）显示原始值；
向右拖动 β 变小：曲线更平滑，但跟上变化也更慢。
平滑时，原始曲线仍淡淡地显示在后面。</translation>
    </message>
    <message>
        <source>epoch {value:.0f}</source>
        <translation>迭代周期 {value:.0f}</translation>
    </message>
    <message>
        <source>Loss curves</source>
        <translation>损失曲线</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>迭代周期</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>Log scale for loss</source>
        <translation>损失使用对数坐标</translation>
    </message>
    <message>
        <source>Logarithmic loss axis: small losses late in training stay visible</source>
        <translation>损失轴取对数：训练后期很小的损失也看得清</translation>
    </message>
    <message>
        <source>Loss smoothing</source>
        <translation>损失平滑</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>best: epoch {epoch}</source>
        <translation>最佳迭代周期 {epoch}</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>train (per step)</source>
        <translation>训练（每步）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Restore default layout</source>
        <translation>恢复默认布局</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Dismiss this message</source>
        <translation>关闭这条消息</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>关闭消息</translation>
    </message>
</context>
<context>
    <name>ModelBuilder</name>
    <message>
        <source>Linear regression</source>
        <translation>线性回归</translation>
    </message>
    <message>
        <source>Polynomial regression</source>
        <translation>多项式回归</translation>
    </message>
    <message>
        <source>Logistic regression</source>
        <translation>逻辑回归</translation>
    </message>
    <message>
        <source>Softmax regression</source>
        <translation>softmax 回归</translation>
    </message>
    <message>
        <source>MLP (hidden layers)</source>
        <translation>多层感知机（隐藏层）</translation>
    </message>
    <message>
        <source>Small CNN (images)</source>
        <translation>小型卷积神经网络（图像）</translation>
    </message>
    <message>
        <source>Custom layer list</source>
        <translation>自定义层列表</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>暂退法</translation>
    </message>
    <message>
        <source>BatchNorm</source>
        <translation>批归一化</translation>
    </message>
    <message>
        <source>Flatten</source>
        <translation>展平</translation>
    </message>
    <message>
        <source>Conv2d</source>
        <translation>二维卷积</translation>
    </message>
    <message>
        <source>MaxPool2d</source>
        <translation>二维最大池化</translation>
    </message>
    <message>
        <source>mean squared error</source>
        <translation>均方误差</translation>
    </message>
    <message>
        <source>sigmoid + binary cross-entropy</source>
        <translation>sigmoid + 二元交叉熵</translation>
    </message>
    <message>
        <source>softmax + cross-entropy</source>
        <translation>softmax + 交叉熵</translation>
    </message>
    <message>
        <source>Linear · {width} neurons</source>
        <translation>线性 · {width} 个神经元</translation>
    </message>
    <message>
        <source>Activation · {name}</source>
        <translation>激活函数 · {name}</translation>
    </message>
    <message>
        <source>Dropout · p = {p}</source>
        <translation>暂退法 · p = {p}</translation>
    </message>
    <message>
        <source>Conv2d · {channels} channels, {k}×{k}</source>
        <translation>二维卷积 · {channels} 个通道，{k}×{k}</translation>
    </message>
    <message>
        <source>MaxPool2d · {k}×{k}</source>
        <translation>二维最大池化 · {k}×{k}</translation>
    </message>
    <message>
        <source>Model preset</source>
        <translation>模型预设</translation>
    </message>
    <message>
        <source>The model family; &apos;Custom&apos; lets you edit the layer list</source>
        <translation>模型类型；选择“自定义层列表”可以编辑各层</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <source>Hidden layers; the output layer is added for the task</source>
        <translation>隐藏层；输出层会根据任务自动添加</translation>
    </message>
    <message>
        <source>Parameter count</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Model problem</source>
        <translation>模型问题</translation>
    </message>
    <message>
        <source>Add layer</source>
        <translation>添加层</translation>
    </message>
    <message>
        <source>Add a layer at the end</source>
        <translation>在末尾添加一层</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove the selected layer</source>
        <translation>删除选中的层</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move the selected layer up</source>
        <translation>把选中的层上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Move the selected layer down</source>
        <translation>把选中的层下移</translation>
    </message>
    <message>
        <source>Hidden layers (editing one switches to a custom list):</source>
        <translation>隐藏层（编辑任意一层会切换为自定义列表）：</translation>
    </message>
    <message>
        <source>Automatic (MLP; linear for a numeric table)</source>
        <translation>自动（多层感知机；数值表格用线性回归）</translation>
    </message>
    <message>
        <source>Parameters: –</source>
        <translation>参数：–</translation>
    </message>
    <message>
        <source>output layer: {n} neurons</source>
        <translation>输出层：{n} 个神经元</translation>
    </message>
    <message>
        <source>output layer: 1 neuron</source>
        <translation>输出层：1 个神经元</translation>
    </message>
    <message>
        <source>Automatic: linear regression, least squares&apos; model, for a table with a numeric target (choose MLP for a network)</source>
        <translation>自动：目标为数值的表格使用线性回归（最小二乘法的模型）；想用神经网络请选择多层感知机</translation>
    </message>
    <message>
        <source>Input: {inputs} · {output} ({loss}, added for the task)</source>
        <translation>输入：{inputs} · {output}（{loss}，按任务自动添加）</translation>
    </message>
    <message>
        <source>Parameters: {count}</source>
        <translation>参数：{count}</translation>
    </message>
</context>
<context>
    <name>NetworkView</name>
    <message>
        <source>Network diagram</source>
        <translation>网络结构图</translation>
    </message>
    <message>
        <source>Each square is a neuron&apos;s output over the plane (orange above 0, blue below); each line a weight (orange positive, blue negative, thicker for larger)</source>
        <translation>每个方块是一个神经元在平面上的输出（橙色大于 0，蓝色小于 0）；每条线是一个权重（橙色为正，蓝色为负，越粗绝对值越大）</translation>
    </message>
    <message>
        <source>Why the network is not drawn</source>
        <translation>为什么没有画出网络</translation>
    </message>
    <message>
        <source>Train or reset a model to see its network.</source>
        <translation>训练或重置模型后即可看到它的网络。</translation>
    </message>
    <message>
        <source>Network diagram legend</source>
        <translation>网络结构图图例</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:{pos}&quot;&gt;■&lt;/span&gt; positive weight or output &amp;nbsp; &lt;span style=&quot;color:{neg}&quot;&gt;■&lt;/span&gt; negative &amp;nbsp; · &amp;nbsp; thicker line: larger weight &amp;nbsp; · &amp;nbsp; hover a node or line for its value</source>
        <translation>&lt;span style=&quot;color:{pos}&quot;&gt;■&lt;/span&gt; 正的权重或输出 &amp;nbsp; &lt;span style=&quot;color:{neg}&quot;&gt;■&lt;/span&gt; 负的 &amp;nbsp; · &amp;nbsp; 线越粗：权重越大 &amp;nbsp; · &amp;nbsp; 鼠标悬停在节点或线上可查看数值</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Hidden {n}</source>
        <translation>隐藏层 {n}</translation>
    </message>
    <message>
        <source>{layer}: {neurons}</source>
        <translation>{layer}：{neurons}</translation>
    </message>
    <message>
        <source>{n} neurons</source>
        <translation>{n} 个神经元</translation>
    </message>
    <message>
        <source>1 neuron</source>
        <translation>1 个神经元</translation>
    </message>
    <message>
        <source>Network: inputs {inputs}; {hidden}; {outputs} outputs; weights from {low} to {high}.</source>
        <translation>网络：输入 {inputs}；{hidden}；{outputs} 个输出；权重从 {low} 到 {high}。</translation>
    </message>
    <message>
        <source>no hidden layer</source>
        <translation>没有隐藏层</translation>
    </message>
    <message>
        <source>weight {w:.3g}</source>
        <translation>权重 {w:.3g}</translation>
    </message>
    <message>
        <source>input {name}</source>
        <translation>输入 {name}</translation>
    </message>
    <message>
        <source>output {k}</source>
        <translation>输出 {k}</translation>
    </message>
    <message>
        <source>layer {layer}, neuron {k}</source>
        <translation>第 {layer} 层，神经元 {k}</translation>
    </message>
    <message>
        <source>{where} · bias {bias:.3g}</source>
        <translation>{where} · 偏置 {bias:.3g}</translation>
    </message>
</context>
<context>
    <name>PaintPanel</name>
    <message>
        <source>Class to paint</source>
        <translation>要绘制的类别</translation>
    </message>
    <message>
        <source>Left-click on the plane adds a point of this class</source>
        <translation>在平面上左键单击，添加一个此类别的点</translation>
    </message>
    <message>
        <source>class {k}</source>
        <translation>类别 {k}</translation>
    </message>
    <message>
        <source>Paint</source>
        <translation>绘制</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>擦除</translation>
    </message>
    <message>
        <source>Clicks remove the nearest point instead of adding one</source>
        <translation>单击时删除最近的点，而不是添加点</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Remove every painted point</source>
        <translation>删除所有绘制的点</translation>
    </message>
    <message>
        <source>Save as CSV…</source>
        <translation>另存为 CSV…</translation>
    </message>
    <message>
        <source>Keep the painted points as a CSV file</source>
        <translation>把绘制的点保存为 CSV 文件</translation>
    </message>
</context>
<context>
    <name>PlotDescription</name>
    <message>
        <source>not a number</source>
        <translation>非数值</translation>
    </message>
    <message>
        <source>{title}: nothing drawn yet.</source>
        <translation>{title}：还没有绘制任何内容。</translation>
    </message>
    <message>
        <source>Loss: no epochs yet.</source>
        <translation>损失：还没有迭代周期。</translation>
    </message>
    <message>
        <source>Loss: train {train}, validation {validation} at epoch {epoch}</source>
        <translation>损失：第 {epoch} 个迭代周期训练 {train}，验证 {validation}</translation>
    </message>
    <message>
        <source>Loss: train {train} at epoch {epoch}</source>
        <translation>损失：第 {epoch} 个迭代周期训练 {train}</translation>
    </message>
    <message>
        <source>; best epoch {epoch}</source>
        <translation>；最佳为第 {epoch} 个迭代周期</translation>
    </message>
    <message>
        <source>Accuracy: no epochs yet.</source>
        <translation>准确率：还没有迭代周期。</translation>
    </message>
    <message>
        <source>Accuracy: train {train}, validation {validation} at epoch {epoch}.</source>
        <translation>准确率：第 {epoch} 个迭代周期训练 {train}，验证 {validation}。</translation>
    </message>
    <message>
        <source>Accuracy: train {train} at epoch {epoch}.</source>
        <translation>准确率：第 {epoch} 个迭代周期训练 {train}。</translation>
    </message>
    <message>
        <source>Learning rate: no epochs yet.</source>
        <translation>学习率：还没有迭代周期。</translation>
    </message>
    <message>
        <source>Learning rate {rate} at epoch {epoch}</source>
        <translation>第 {epoch} 个迭代周期的学习率为 {rate}</translation>
    </message>
    <message>
        <source>; it started at {rate}</source>
        <translation>；初始值为 {rate}</translation>
    </message>
    <message>
        <source>{train} training points (filled) and {validation} validation points (hollow)</source>
        <translation>{train} 个训练点（实心）和 {validation} 个验证点（空心）</translation>
    </message>
    <message>
        <source>Decision boundary: not drawn yet; {points}.</source>
        <translation>决策边界：尚未绘制；{points}。</translation>
    </message>
    <message>
        <source>class {k} {share}</source>
        <translation>类别 {k} 占 {share}</translation>
    </message>
    <message>
        <source>Decision regions over x1 from {x_low} to {x_high} and x2 from {y_low} to {y_high}: {regions} of the area; {points}.</source>
        <translation>决策区域（x1 从 {x_low} 到 {x_high}，x2 从 {y_low} 到 {y_high}）：{regions}；{points}。</translation>
    </message>
    <message>
        <source>{train} training and {validation} validation points</source>
        <translation>{train} 个训练点和 {validation} 个验证点</translation>
    </message>
    <message>
        <source>Regression fit: {points}; no model curve yet.</source>
        <translation>回归拟合：{points}；还没有模型曲线。</translation>
    </message>
    <message>
        <source>Regression fit: {points}; the model&apos;s curve: {values}.</source>
        <translation>回归拟合：{points}；模型曲线：{values}。</translation>
    </message>
    <message>
        <source>Confusion matrix: no samples.</source>
        <translation>混淆矩阵：没有样本。</translation>
    </message>
    <message>
        <source>Confusion matrix of {total} samples: {accuracy} right</source>
        <translation>{total} 个样本的混淆矩阵：{accuracy} 预测正确</translation>
    </message>
    <message>
        <source>; most often confused: {true} taken for {predicted} ({count} times)</source>
        <translation>；最常混淆：把 {true} 当成 {predicted}（{count} 次）</translation>
    </message>
    <message>
        <source>{name} {value} at {axis} {position}</source>
        <translation>{name} 在 {axis} {position} 时为 {value}</translation>
    </message>
    <message>
        <source>{knob} {value}: train {train}, validation {validation}</source>
        <translation>{knob} {value}：训练 {train}，验证 {validation}</translation>
    </message>
    <message>
        <source>; best validation at {knob} {value}</source>
        <translation>；验证结果最好的是 {knob} {value}</translation>
    </message>
    <message>
        <source>{title}: the path has {count} points, now at ({x}, {y})</source>
        <translation>{title}：路径共有 {count} 个点，当前位于 ({x}, {y})</translation>
    </message>
    <message>
        <source>; {name} at ({x}, {y})</source>
        <translation>；{name} 位于 ({x}, {y})</translation>
    </message>
    <message>
        <source>{title}: lowest {value} at {axis} = {position}.</source>
        <translation>{title}：最低值 {value}，位于 {axis} = {position}。</translation>
    </message>
    <message>
        <source>{title}, {layer}: at epoch {epoch} the median is {median}, half of the values from {low} to {high}.</source>
        <translation>{title}，{layer}：第 {epoch} 个迭代周期时中位数为 {median}，一半的值在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>Column headers of {table}</source>
        <translation>{table} 的列标题</translation>
    </message>
    <message>
        <source>Row headers of {table}</source>
        <translation>{table} 的行标题</translation>
    </message>
    <message>
        <source>Select the whole table</source>
        <translation>选择整个表格</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>{title}: {parts}.</source>
        <translation>{title}：{parts}。</translation>
    </message>
</context>
<context>
    <name>Presentation</name>
    <message>
        <source>Presentation</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>Full screen with only the lesson&apos;s views and large text, for a projector (F11; F11 or Esc leaves and restores the layout)</source>
        <translation>全屏只显示本课的视图并放大文字，适合投影（F11；按 F11 或 Esc 退出并恢复布局）</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Larger text, lines and markers (Ctrl+=)</source>
        <translation>放大文字、线条和标记（Ctrl+=）</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Smaller text, lines and markers (Ctrl+-)</source>
        <translation>缩小文字、线条和标记（Ctrl+-）</translation>
    </message>
    <message>
        <source>Actual size</source>
        <translation>实际大小</translation>
    </message>
    <message>
        <source>Text, lines and markers at their usual size (Ctrl+0)</source>
        <translation>文字、线条和标记恢复正常大小（Ctrl+0）</translation>
    </message>
    <message>
        <source> — in presentation mode Esc leaves presentation</source>
        <translation> — 演示模式下按 Esc 退出演示</translation>
    </message>
    <message>
        <source>Presentation controls</source>
        <translation>演示控制</translation>
    </message>
    <message>
        <source>Training progress</source>
        <translation>训练进度</translation>
    </message>
    <message>
        <source>Leave (Esc)</source>
        <translation>退出（Esc）</translation>
    </message>
    <message>
        <source>Back to the usual window (Esc or F11)</source>
        <translation>回到普通窗口（Esc 或 F11）</translation>
    </message>
    <message>
        <source>Leave presentation</source>
        <translation>退出演示</translation>
    </message>
    <message>
        <source>Key setting</source>
        <translation>关键设置</translation>
    </message>
    <message>
        <source>Stop training to change this setting</source>
        <translation>停止训练后才能修改这项设置</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>RegressionView</name>
    <message>
        <source>Regression fit</source>
        <translation>回归拟合</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
</context>
<context>
    <name>ReplayBar</name>
    <message>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>Play the replay</source>
        <translation>播放回放</translation>
    </message>
    <message>
        <source>Replay the run from the chosen epoch at the chosen speed</source>
        <translation>从选定的迭代周期开始，以选定的速度回放这次运行</translation>
    </message>
    <message>
        <source>Replay timeline</source>
        <translation>回放时间轴</translation>
    </message>
    <message>
        <source>Replay speed</source>
        <translation>回放速度</translation>
    </message>
    <message>
        <source>How fast the replay plays (1× = 10 recorded epochs a second)</source>
        <translation>回放的快慢（1× = 每秒 10 个记录的迭代周期）</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Back to live</source>
        <translation>回到实时</translation>
    </message>
    <message>
        <source>Leave the replay and show the model as it is now</source>
        <translation>退出回放，显示模型当前的样子</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export the replay</source>
        <translation>导出回放</translation>
    </message>
    <message>
        <source>Save the replay as an animation, or this frame as a picture</source>
        <translation>把回放保存为动画，或把这一帧保存为图片</translation>
    </message>
    <message>
        <source>No replay yet: train the model and its boundary or fit is recorded epoch by epoch</source>
        <translation>还没有回放：训练模型后，它的边界或拟合曲线会逐个迭代周期记录下来</translation>
    </message>
    <message>
        <source>Drag to see the model at an earlier epoch; the curves show a cursor there</source>
        <translation>拖动可查看模型在更早迭代周期的样子；曲线上会显示对应的光标</translation>
    </message>
    <message>
        <source>no frames</source>
        <translation>没有帧</translation>
    </message>
    <message>
        <source>epoch {0} / {1}</source>
        <translation>迭代周期 {0} / {1}</translation>
    </message>
    <message>
        <source>⏸ Pause</source>
        <translation>⏸ 暂停</translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation>▶ 播放</translation>
    </message>
</context>
<context>
    <name>ReplayController</name>
    <message>
        <source>Replay shows the decision boundary or the fit curve, and this data has neither</source>
        <translation>回放显示决策边界或拟合曲线，而这份数据两者都没有</translation>
    </message>
    <message>
        <source>This run was recorded without replay snapshots</source>
        <translation>这次运行没有记录回放快照</translation>
    </message>
    <message>
        <source>The replay of this run could not be read: {0}</source>
        <translation>无法读取这次运行的回放：{0}</translation>
    </message>
</context>
<context>
    <name>ReplayExport</name>
    <message>
        <source>Replay as animated &amp;GIF…</source>
        <translation>回放导出为 GIF 动画(&amp;G)…</translation>
    </message>
    <message>
        <source>Every recorded epoch as one frame of a looping GIF, for slides</source>
        <translation>每个记录的迭代周期作为循环 GIF 的一帧，适合放进幻灯片</translation>
    </message>
    <message>
        <source>Replay as &amp;MP4 video…</source>
        <translation>回放导出为 MP4 视频(&amp;M)…</translation>
    </message>
    <message>
        <source>Every recorded epoch as one frame of an MP4 video</source>
        <translation>每个记录的迭代周期作为 MP4 视频的一帧</translation>
    </message>
    <message>
        <source>MP4 export needs the optional video extra: {0}</source>
        <translation>导出 MP4 需要安装可选的 video 扩展：{0}</translation>
    </message>
    <message>
        <source>This frame as &amp;PNG…</source>
        <translation>当前帧导出为 PNG(&amp;P)…</translation>
    </message>
    <message>
        <source>The boundary or fit and the loss chart at the epoch shown</source>
        <translation>当前迭代周期的边界或拟合曲线以及损失图</translation>
    </message>
    <message>
        <source>Cannot write {0}: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
        <source>There is no replay frame to save yet.</source>
        <translation>还没有可以保存的回放帧。</translation>
    </message>
    <message>
        <source>Save replay frame</source>
        <translation>保存回放帧</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>the image could not be encoded</source>
        <translation>无法编码该图像</translation>
    </message>
    <message>
        <source>Could not save {0}: {1}</source>
        <translation>无法保存 {0}：{1}</translation>
    </message>
    <message>
        <source>Saved epoch {0} to {1}</source>
        <translation>第 {0} 个迭代周期已保存到 {1}</translation>
    </message>
    <message>
        <source>An export is already running.</source>
        <translation>已有一个导出正在进行。</translation>
    </message>
    <message>
        <source>There is no replay to export yet: train the model first.</source>
        <translation>还没有可以导出的回放：请先训练模型。</translation>
    </message>
    <message>
        <source>Export replay as GIF</source>
        <translation>回放导出为 GIF</translation>
    </message>
    <message>
        <source>Export replay as MP4</source>
        <translation>回放导出为 MP4</translation>
    </message>
    <message>
        <source>GIF animations (*.gif)</source>
        <translation>GIF 动画 (*.gif)</translation>
    </message>
    <message>
        <source>MP4 videos (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message>
        <source>Writing {0}…</source>
        <translation>正在写入 {0}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Saved the replay to {0}</source>
        <translation>回放已保存到 {0}</translation>
    </message>
    <message>
        <source>Could not export the replay: {0}</source>
        <translation>无法导出回放：{0}</translation>
    </message>
    <message>
        <source>Replay export cancelled</source>
        <translation>回放导出已取消</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>隐藏层数</translation>
    </message>
    <message>
        <source>widths</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <source>L2</source>
        <translation>L2</translation>
    </message>
    <message>
        <source>dropout</source>
        <translation>暂退概率</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>迭代周期数</translation>
    </message>
    <message>
        <source>max epochs</source>
        <translation>设定的迭代周期数</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>final train loss</source>
        <translation>最终训练损失</translation>
    </message>
    <message>
        <source>final val loss</source>
        <translation>最终验证损失</translation>
    </message>
    <message>
        <source>best val loss</source>
        <translation>最佳验证损失</translation>
    </message>
    <message>
        <source>Filter: words of the name or notes, lr&lt;0.05, batch=16..64, optimizer=adam, final_val_acc&gt;=0.9…</source>
        <translation>筛选：名称或备注中的词，lr&lt;0.05、batch=16..64、optimizer=adam、final_val_acc&gt;=0.9…</translation>
    </message>
    <message>
        <source>Words the name, notes or data must contain, and conditions on columns (their names as in nnstudio runs list: lr, batch, l2, dropout, max_epochs, final_val_loss, best_val_acc…); every part must hold</source>
        <translation>名称、备注或数据必须包含的词，以及对各列的条件（各列在筛选中的名字见列标题的提示，与命令行相同）；每一项都必须满足</translation>
    </message>
    <message>
        <source>final val acc</source>
        <translation>最终验证准确率</translation>
    </message>
    <message>
        <source>best val acc</source>
        <translation>最佳验证准确率</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>best epoch</source>
        <translation>最佳迭代周期</translation>
    </message>
    <message>
        <source>A setting of the run (filter: {key}&lt;0.1, {key}=0.01..0.1, {key}=adam)</source>
        <translation>这次运行的一项设置（筛选：{key}&lt;0.1、{key}=0.01..0.1、{key}=adam）</translation>
    </message>
    <message>
        <source>Of the saved model (after early stopping with restore: the restored epoch)</source>
        <translation>保存的模型的值（提前终止并恢复权重时：恢复到的那个迭代周期）</translation>
    </message>
    <message>
        <source>Of the epoch with the lowest validation loss</source>
        <translation>验证损失最低的那个迭代周期的值</translation>
    </message>
    <message>
        <source>Filter with {key}</source>
        <translation>用 {key} 筛选</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>early_stopped</source>
        <translation>已提前终止</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>Filter runs</source>
        <translation>筛选运行记录</translation>
    </message>
    <message>
        <source>Recorded runs</source>
        <translation>已记录的运行</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Read the run history again</source>
        <translation>重新读取运行历史</translation>
    </message>
    <message>
        <source>Restore the run&apos;s settings, and its trained model when it was kept</source>
        <translation>恢复这次运行的设置；如果保存了训练好的模型，也一并恢复</translation>
    </message>
    <message>
        <source>Delete the selected runs from the history</source>
        <translation>从历史中删除选中的运行</translation>
    </message>
    <message>
        <source>Run history: {error}</source>
        <translation>运行历史：{error}</translation>
    </message>
    <message>
        <source>running / killed</source>
        <translation>运行中 / 已中断</translation>
    </message>
</context>
<context>
    <name>SampleBrowser</name>
    <message>
        <source>train the model first</source>
        <translation>请先训练模型</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>所有类别</translation>
    </message>
    <message>
        <source>Sample images</source>
        <translation>样本图像</translation>
    </message>
    <message>
        <source>Show samples of class</source>
        <translation>显示该类别的样本</translation>
    </message>
    <message>
        <source>Misclassified only</source>
        <translation>只看分错的</translation>
    </message>
    <message>
        <source>Show misclassified samples only</source>
        <translation>只显示分类错误的样本</translation>
    </message>
    <message>
        <source>samples that match the filter, of all samples</source>
        <translation>符合筛选条件的样本数 / 全部样本数</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <source>Clear the confusion-matrix filter</source>
        <translation>清除混淆矩阵筛选</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 上一页</translation>
    </message>
    <message>
        <source>Previous page of samples</source>
        <translation>上一页样本</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一页 ▶</translation>
    </message>
    <message>
        <source>Next page of samples</source>
        <translation>下一页样本</translation>
    </message>
    <message>
        <source>No samples match this filter.</source>
        <translation>没有符合筛选条件的样本。</translation>
    </message>
    <message>
        <source>show only the samples the model gets wrong</source>
        <translation>只显示模型分错的样本</translation>
    </message>
    <message>
        <source>true {name}</source>
        <translation>真实为 {name}</translation>
    </message>
    <message>
        <source>predicted {name}</source>
        <translation>预测为 {name}</translation>
    </message>
    <message>
        <source>Showing: {filters}</source>
        <translation>正在显示：{filters}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{shown} of {total}</source>
        <translation>{shown} / {total}</translation>
    </message>
    <message>
        <source>page {page} of {pages}</source>
        <translation>第 {page} 页，共 {pages} 页</translation>
    </message>
    <message>
        <source>class {k}</source>
        <translation>类别 {k}</translation>
    </message>
</context>
<context>
    <name>SampleTile</name>
    <message>
        <source>true: {name}</source>
        <translation>真实：{name}</translation>
    </message>
    <message>
        <source>{mark} pred: {name}{percent}</source>
        <translation>{mark} 预测：{name}{percent}</translation>
    </message>
    <message>
        <source>right</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>wrong</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>{true}, predicted {predicted}{percent}, {verdict}</source>
        <translation>{true}，预测为 {predicted}{percent}，{verdict}</translation>
    </message>
    <message>
        <source>true: {true}
predicted: {predicted}{percent} ({verdict})</source>
        <translation>真实：{true}
预测：{predicted}{percent}（{verdict}）</translation>
    </message>
</context>
<context>
    <name>ScreenLayout</name>
    <message>
        <source>Panels</source>
        <translation>面板</translation>
    </message>
    <message>
        <source>Show or hide the side panels: hidden, the picture and the curves get the whole window</source>
        <translation>显示或隐藏侧边面板：隐藏后，图像和曲线占满整个窗口</translation>
    </message>
</context>
<context>
    <name>SessionFiles</name>
    <message>
        <source>Open se&amp;ssion…</source>
        <translation>打开课堂会话(&amp;S)…</translation>
    </message>
    <message>
        <source>Open a classroom session: its settings, runs, models, lesson and layout</source>
        <translation>打开课堂会话：其中的设置、运行、模型、课程和窗口布局</translation>
    </message>
    <message>
        <source>Save sess&amp;ion…</source>
        <translation>保存课堂会话(&amp;I)…</translation>
    </message>
    <message>
        <source>Save the settings, the runs the Runs panel lists (with their epochs and models), the lesson and the layout in one file</source>
        <translation>把设置、运行记录面板中列出的运行（连同各迭代周期的记录和模型）、课程和窗口布局保存到一个文件</translation>
    </message>
    <message>
        <source>nnstudio sessions (*{suffix});;All files (*)</source>
        <translation>nnstudio 课堂会话 (*{suffix});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Stop training before saving the session.</source>
        <translation>请先停止训练，再保存课堂会话。</translation>
    </message>
    <message>
        <source>Fix the settings first: {error}</source>
        <translation>请先修正设置：{error}</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>保存课堂会话</translation>
    </message>
    <message>
        <source>Could not save the session: {error}</source>
        <translation>无法保存课堂会话：{error}</translation>
    </message>
    <message>
        <source>Saved the session with {count} runs to {path}</source>
        <translation>已把包含 {count} 次运行的课堂会话保存到 {path}</translation>
    </message>
    <message>
        <source>Stop training before opening a session.</source>
        <translation>请先停止训练，再打开课堂会话。</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>打开课堂会话</translation>
    </message>
    <message>
        <source>Could not open the session: {error}</source>
        <translation>无法打开课堂会话：{error}</translation>
    </message>
    <message>
        <source>Opened the session {path}: {count} runs ({added} new in the history)</source>
        <translation>已打开课堂会话 {path}：{count} 次运行（其中 {added} 次是运行历史中新增的）</translation>
    </message>
</context>
<context>
    <name>SpeedControl</name>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Epochs per second: from slow motion (1 a second) to as fast as the device goes</source>
        <translation>每秒训练的迭代周期数：从慢动作（每秒 1 个）到设备所能达到的最快速度</translation>
    </message>
    <message>
        <source>Training speed</source>
        <translation>训练速度</translation>
    </message>
    <message>
        <source>full speed</source>
        <translation>全速</translation>
    </message>
    <message>
        <source>{count} epochs/s</source>
        <translation>{count} 迭代周期/秒</translation>
    </message>
</context>
<context>
    <name>SweepPanel</name>
    <message>
        <source>Setting to sweep</source>
        <translation>要扫描的设置</translation>
    </message>
    <message>
        <source>The setting that changes from one model to the next</source>
        <translation>每个模型之间变化的那项设置</translation>
    </message>
    <message>
        <source>Values to try</source>
        <translation>要尝试的取值</translation>
    </message>
    <message>
        <source>Whole numbers separated by commas: one model is trained for each</source>
        <translation>用逗号分隔的整数：每个取值训练一个模型</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>error rate (1 − accuracy)</source>
        <translation>错误率（1 − 准确率）</translation>
    </message>
    <message>
        <source>Error measure</source>
        <translation>误差指标</translation>
    </message>
    <message>
        <source>What the chart shows as error (error rate for classification)</source>
        <translation>图中作为误差显示的指标（分类问题为错误率）</translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation>运行扫描</translation>
    </message>
    <message>
        <source>Run the sweep</source>
        <translation>运行扫描</translation>
    </message>
    <message>
        <source>Train one model per value with the current data and settings</source>
        <translation>用当前的数据和设置，为每个取值训练一个模型</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the sweep</source>
        <translation>停止扫描</translation>
    </message>
    <message>
        <source>Stop after the current epoch; finished models stay on the chart</source>
        <translation>在当前迭代周期结束后停止；已完成的模型保留在图中</translation>
    </message>
    <message>
        <source>Sweep progress</source>
        <translation>扫描进度</translation>
    </message>
    <message>
        <source>Sweep result</source>
        <translation>扫描结果</translation>
    </message>
    <message>
        <source>Knob</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>误差</translation>
    </message>
    <message>
        <source>Click a point to see its model</source>
        <translation>点击一个点查看对应的模型</translation>
    </message>
    <message>
        <source>Sweep not run: {message}</source>
        <translation>扫描未运行：{message}</translation>
    </message>
    <message>
        <source>Capacity sweep: {message}</source>
        <translation>容量扫描：{message}</translation>
    </message>
    <message>
        <source>Best validation error at {knob} = {value} ({params:,} parameters).</source>
        <translation>{knob} = {value} 时验证误差最小（{params:,} 个参数）。</translation>
    </message>
    <message>
        <source>Stopped. </source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Polynomial degree</source>
        <translation>多项式次数</translation>
    </message>
    <message>
        <source>polynomial degree</source>
        <translation>多项式次数</translation>
    </message>
    <message>
        <source>Hidden width</source>
        <translation>隐藏层宽度</translation>
    </message>
    <message>
        <source>neurons per hidden layer</source>
        <translation>每个隐藏层的神经元数</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>隐藏层数</translation>
    </message>
    <message>
        <source>number of hidden layers</source>
        <translation>隐藏层数量</translation>
    </message>
    <message>
        <source>Training-set size</source>
        <translation>训练集大小</translation>
    </message>
    <message>
        <source>training samples</source>
        <translation>训练样本数</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>迭代周期数</translation>
    </message>
    <message>
        <source>epochs trained</source>
        <translation>训练的迭代周期数</translation>
    </message>
    <message>
        <source>loss (MSE)</source>
        <translation>损失（MSE）</translation>
    </message>
    <message>
        <source>{knob} = {value}: train {train:.3g}, validation {val:.3g}</source>
        <translation>{knob} = {value}：训练 {train:.3g}，验证 {val:.3g}</translation>
    </message>
    <message>
        <source> (accuracy {accuracy:.0%})</source>
        <translation>（准确率 {accuracy:.0%}）</translation>
    </message>
    <message>
        <source>{knob} = {value} (no picture for this data)</source>
        <translation>{knob} = {value}（这份数据无法绘图）</translation>
    </message>
</context>
<context>
    <name>SweepView</name>
    <message>
        <source>Capacity sweep: error against the knob</source>
        <translation>容量扫描：误差随设置的变化</translation>
    </message>
    <message>
        <source>Final error against capacity</source>
        <translation>最终误差与容量</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>training error</source>
        <translation>训练误差</translation>
    </message>
    <message>
        <source>validation error</source>
        <translation>验证误差</translation>
    </message>
    <message>
        <source>best validation</source>
        <translation>最佳验证</translation>
    </message>
    <message>
        <source>shown model</source>
        <translation>显示的模型</translation>
    </message>
    <message>
        <source>best: {value:g}</source>
        <translation>最佳：{value:g}</translation>
    </message>
    <message>
        <source>The chosen model&apos;s fit</source>
        <translation>所选模型的拟合</translation>
    </message>
    <message>
        <source>Click a point to see its model</source>
        <translation>点击一个点查看它的模型</translation>
    </message>
</context>
<context>
    <name>TextSizeMenu</name>
    <message>
        <source>Text size</source>
        <translation>文字大小</translation>
    </message>
    <message>
        <source>The size of all text, the plots&apos; too</source>
        <translation>所有文字的大小，图中的文字也一样</translation>
    </message>
    <message>
        <source>The desktop&apos;s ({points} pt)</source>
        <translation>跟随桌面（{points} 磅）</translation>
    </message>
    <message>
        <source>{points} pt</source>
        <translation>{points} 磅</translation>
    </message>
</context>
<context>
    <name>TrainingAdvice</name>
    <message>
        <source>&amp;Advise before training</source>
        <translation>训练前给出建议(&amp;A)</translation>
    </message>
    <message>
        <source>When a run starts, warn about settings that will probably make it fail, with a fix</source>
        <translation>开始训练时，提醒很可能导致训练失败的设置，并给出修正</translation>
    </message>
    <message>
        <source>Fix: {change}</source>
        <translation>修正：{change}</translation>
    </message>
    <message>
        <source>{setting}: {advice}</source>
        <translation>{setting}：{advice}</translation>
    </message>
    <message>
        <source>every sigmoid activation -&gt; ReLU</source>
        <translation>所有 sigmoid 激活 → ReLU</translation>
    </message>
    <message>
        <source>Applied {change}; press Train to train with it.</source>
        <translation>已应用 {change}；按“训练”用它来训练。</translation>
    </message>
</context>
<context>
    <name>TrainingControls</name>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Stepping one epoch</source>
        <translation>正在单步训练一个迭代周期</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Start or continue training</source>
        <translation>开始或继续训练</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause or resume training</source>
        <translation>暂停或继续训练</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Train exactly one epoch</source>
        <translation>只训练一个迭代周期</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop training (the model is kept)</source>
        <translation>停止训练（保留模型）</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>New random weights, empty history</source>
        <translation>重新随机初始化权重，清空历史</translation>
    </message>
    <message>
        <source>Space, P and S go to the focused control when it uses them (a check box, a button, a list, a text field); F5, F6 and Esc work wherever the focus is.</source>
        <translation>焦点所在的控件要用空格键、P、S 时（复选框、按钮、列表、文本框），这些键归它；F5、F6 和 Esc 在任何地方都有效。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Training progress</source>
        <translation>训练进度</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>Evaluate on &amp;test set…</source>
        <translation>在测试集上评估(&amp;T)…</translation>
    </message>
    <message>
        <source>Score the model on held-out test data, once, at the very end</source>
        <translation>在留出的测试数据上给模型打分：只在最后做一次</translation>
    </message>
    <message>
        <source>{count} parameters</source>
        <translation>{count} 个参数</translation>
    </message>
    <message>
        <source>Device: {device}</source>
        <translation>设备：{device}</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>epoch {epoch}/{total}</source>
        <translation>迭代周期 {epoch}/{total}</translation>
    </message>
    <message>
        <source>step {step}/{steps}</source>
        <translation>步 {step}/{steps}</translation>
    </message>
    <message>
        <source>{rate} samples/s</source>
        <translation>{rate} 样本/秒</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>剩余 {time}</translation>
    </message>
    <message>
        <source>Training diverged: {reason}. The loss became infinite or NaN.</source>
        <translation>训练发散：{reason}。损失变成了无穷大或 NaN。</translation>
    </message>
    <message>
        <source>; weights restored to epoch {epoch}</source>
        <translation>；权重已恢复到第 {epoch} 个迭代周期</translation>
    </message>
    <message>
        <source>{reason} · not recorded: {problem}</source>
        <translation>{reason} · 未记录：{problem}</translation>
    </message>
</context>
<context>
    <name>WeightsView</name>
    <message>
        <source>Weights and gradients</source>
        <translation>权重与梯度</translation>
    </message>
    <message>
        <source>Weights per layer</source>
        <translation>各层权重</translation>
    </message>
    <message>
        <source>weight value</source>
        <translation>权重值</translation>
    </message>
    <message>
        <source>count</source>
        <translation>个数</translation>
    </message>
    <message>
        <source>Gradient size per layer</source>
        <translation>各层梯度大小</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>迭代周期</translation>
    </message>
    <message>
        <source>mean |∂cost/∂w|</source>
        <translation>平均 |∂cost/∂w|</translation>
    </message>
    <message>
        <source>{title}: nothing drawn yet.</source>
        <translation>{title}：还没有绘制任何内容。</translation>
    </message>
    <message>
        <source>layer {number}</source>
        <translation>第 {number} 层</translation>
    </message>
</context>
<context>
    <name>schema</name>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>Cubic</source>
        <translation>三次函数</translation>
    </message>
    <message>
        <source>Sine</source>
        <translation>正弦</translation>
    </message>
    <message>
        <source>Circles</source>
        <translation>同心圆</translation>
    </message>
    <message>
        <source>XOR</source>
        <translation>异或（XOR）</translation>
    </message>
    <message>
        <source>Spiral</source>
        <translation>螺旋</translation>
    </message>
    <message>
        <source>Blobs</source>
        <translation>团簇</translation>
    </message>
    <message>
        <source>Fashion-MNIST</source>
        <translation>Fashion-MNIST</translation>
    </message>
    <message>
        <source>CIFAR-10</source>
        <translation>CIFAR-10</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>CSV 文件</translation>
    </message>
    <message>
        <source>Dataset to train on (synthetic sets are generated from the seed).</source>
        <translation>用于训练的数据集（合成数据由随机种子生成）。</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Number of samples to generate.</source>
        <translation>要生成的样本数量。</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Amount of noise added to the samples.</source>
        <translation>加到样本上的噪声大小。</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Random seed for generating and splitting.</source>
        <translation>生成和划分数据用的随机种子。</translation>
    </message>
    <message>
        <source>Subset</source>
        <translation>子集</translation>
    </message>
    <message>
        <source>Use only this many training images (0 = all).</source>
        <translation>只使用这么多张训练图像（0 = 全部）。</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Folder holding image datasets (empty = the app&apos;s cache).</source>
        <translation>存放图像数据集的文件夹（留空 = 应用的缓存）。</translation>
    </message>
    <message>
        <source>CSV file to train on (dataset &apos;csv&apos;).</source>
        <translation>用于训练的 CSV 文件（数据集为“CSV 文件”时使用）。</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标列</translation>
    </message>
    <message>
        <source>CSV column to predict (empty = the last column).</source>
        <translation>要预测的 CSV 列（留空 = 最后一列）。</translation>
    </message>
    <message>
        <source>Feature columns</source>
        <translation>特征列</translation>
    </message>
    <message>
        <source>CSV columns used as inputs (empty = every column but the target).</source>
        <translation>作为输入的 CSV 列（留空 = 除目标列外的所有列）。</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Regression</source>
        <translation>回归</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>CSV task: auto makes classes of text and of at most 20 different whole numbers, and regression of other numbers.</source>
        <translation>CSV 任务：自动模式把文本和不超过 20 个不同取值的整数当作类别，其他数值做回归。</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>点</translation>
    </message>
    <message>
        <source>Painted points: [x1, x2, class] (or [x, y] with task &apos;regression&apos;).</source>
        <translation>手绘的点：[x1, x2, 类别]（任务为“回归”时为 [x, y]）。</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>特征</translation>
    </message>
    <message>
        <source>Inputs computed from x1, x2 of 2D sets: x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2).</source>
        <translation>由二维数据的 x1、x2 计算的输入：x1、x2、x1^2、x2^2、x1*x2、sin(x1)、sin(x2)。</translation>
    </message>
    <message>
        <source>Standardize</source>
        <translation>标准化</translation>
    </message>
    <message>
        <source>Scale CSV features to mean 0 and std 1 (training split statistics).</source>
        <translation>把 CSV 特征缩放为均值 0、标准差 1（按训练集统计）。</translation>
    </message>
    <message>
        <source>Validation fraction</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>Share of samples held out for validation.</source>
        <translation>留作验证的样本比例。</translation>
    </message>
    <message>
        <source>Test fraction</source>
        <translation>测试集比例</translation>
    </message>
    <message>
        <source>Share of samples kept for the final test (used once).</source>
        <translation>留作最终测试的样本比例（只用一次）。</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Number of neurons.</source>
        <translation>神经元数量。</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Sigmoid</source>
        <translation>sigmoid</translation>
    </message>
    <message>
        <source>Tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>Leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <source>GELU</source>
        <translation>GELU</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>恒等</translation>
    </message>
    <message>
        <source>Non-linearity applied element-wise.</source>
        <translation>逐元素应用的非线性函数。</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>暂退法</translation>
    </message>
    <message>
        <source>Drop probability</source>
        <translation>暂退概率</translation>
    </message>
    <message>
        <source>Probability of dropping each unit.</source>
        <translation>每个单元被暂退（输出 0）的概率。</translation>
    </message>
    <message>
        <source>Batchnorm</source>
        <translation>批归一化</translation>
    </message>
    <message>
        <source>Flatten</source>
        <translation>展平</translation>
    </message>
    <message>
        <source>Conv2d</source>
        <translation>二维卷积</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>通道数</translation>
    </message>
    <message>
        <source>Number of output channels.</source>
        <translation>输出通道数。</translation>
    </message>
    <message>
        <source>Kernel size</source>
        <translation>卷积核大小</translation>
    </message>
    <message>
        <source>Side of the square kernel.</source>
        <translation>正方形卷积核的边长。</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>步幅</translation>
    </message>
    <message>
        <source>Step between kernel positions.</source>
        <translation>卷积核每次移动的步长。</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>Zeros added around the input.</source>
        <translation>在输入四周补的零。</translation>
    </message>
    <message>
        <source>Maxpool2d</source>
        <translation>二维最大池化</translation>
    </message>
    <message>
        <source>Side of the pooling window.</source>
        <translation>池化窗口的边长。</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Polynomial</source>
        <translation>多项式</translation>
    </message>
    <message>
        <source>Logistic</source>
        <translation>逻辑回归</translation>
    </message>
    <message>
        <source>Softmax</source>
        <translation>softmax 回归</translation>
    </message>
    <message>
        <source>MLP</source>
        <translation>多层感知机（MLP）</translation>
    </message>
    <message>
        <source>CNN</source>
        <translation>卷积神经网络（CNN）</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Model family; &apos;auto&apos; picks an MLP, &apos;custom&apos; uses the layer list.</source>
        <translation>模型类型；“自动”选用多层感知机，“自定义层列表”使用下面的层列表。</translation>
    </message>
    <message>
        <source>Degree</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Polynomial degree (polynomial regression).</source>
        <translation>多项式的次数（多项式回归）。</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <source>Widths of the hidden layers (MLP).</source>
        <translation>各隐藏层的宽度（多层感知机）。</translation>
    </message>
    <message>
        <source>Activation of the hidden layers.</source>
        <translation>隐藏层的激活函数。</translation>
    </message>
    <message>
        <source>Dropout after each hidden layer (probability of dropping).</source>
        <translation>每个隐藏层之后的暂退概率（0 = 不使用暂退法）。</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Explicit hidden layers (preset &apos;custom&apos;); the output layer is added for you.</source>
        <translation>逐层给出的隐藏层（模型预设为“自定义”时使用）；输出层会自动添加。</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>SGD + momentum</source>
        <translation>SGD + 动量</translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation>Nesterov 动量</translation>
    </message>
    <message>
        <source>Adagrad</source>
        <translation>Adagrad（自适应梯度）</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <source>RMSprop</source>
        <translation>RMSprop</translation>
    </message>
    <message>
        <source>Least squares (exact)</source>
        <translation>最小二乘（精确）</translation>
    </message>
    <message>
        <source>Optimisation algorithm; least squares (exact) solves linear and polynomial regression in one step.</source>
        <translation>优化算法；最小二乘（精确）一步求出线性回归和多项式回归的解。</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Learning rate (step size).</source>
        <translation>学习率（步长）。</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Momentum (SGD + momentum, Nesterov, RMSprop).</source>
        <translation>动量（SGD + 动量、Nesterov、RMSprop）。</translation>
    </message>
    <message>
        <source>Beta 1 (Adam)</source>
        <translation>Beta 1（Adam）</translation>
    </message>
    <message>
        <source>Adam&apos;s decay rate of the mean gradient.</source>
        <translation>Adam 中梯度均值的衰减率。</translation>
    </message>
    <message>
        <source>Beta 2 (Adam)</source>
        <translation>Beta 2（Adam）</translation>
    </message>
    <message>
        <source>Adam&apos;s decay rate of the squared gradient.</source>
        <translation>Adam 中梯度平方的衰减率。</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <source>Full</source>
        <translation>全批量</translation>
    </message>
    <message>
        <source>Samples per step: 1 is plain SGD, &apos;full&apos; is full-batch gradient descent.</source>
        <translation>每一步使用的样本数：1 为随机梯度下降，“全批量”为全批量梯度下降。</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>迭代周期数</translation>
    </message>
    <message>
        <source>Passes over the training data.</source>
        <translation>遍历训练数据的次数。</translation>
    </message>
    <message>
        <source>Weight decay (L2)</source>
        <translation>权重衰减（L2）</translation>
    </message>
    <message>
        <source>L2 penalty (weight decay).</source>
        <translation>L2 惩罚（权重衰减）。</translation>
    </message>
    <message>
        <source>L1 penalty</source>
        <translation>L1 惩罚</translation>
    </message>
    <message>
        <source>L1 penalty on the weights (sparsity).</source>
        <translation>对权重的 L1 惩罚（稀疏性）。</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>阶梯式</translation>
    </message>
    <message>
        <source>Plateau</source>
        <translation>平台期衰减</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>余弦退火</translation>
    </message>
    <message>
        <source>Learning-rate schedule.</source>
        <translation>学习率调度方式。</translation>
    </message>
    <message>
        <source>Step every (epochs)</source>
        <translation>衰减间隔（迭代周期）</translation>
    </message>
    <message>
        <source>Epochs between steps (step schedule).</source>
        <translation>两次衰减之间的迭代周期数（阶梯式调度）。</translation>
    </message>
    <message>
        <source>Step factor (gamma)</source>
        <translation>衰减系数（gamma）</translation>
    </message>
    <message>
        <source>Factor applied to the learning rate at each step.</source>
        <translation>每次衰减时学习率乘上的系数。</translation>
    </message>
    <message>
        <source>Plateau patience</source>
        <translation>平台期耐心值</translation>
    </message>
    <message>
        <source>Epochs without improvement before the LR is cut.</source>
        <translation>验证损失连续多少个迭代周期没有改善就降低学习率。</translation>
    </message>
    <message>
        <source>Plateau factor</source>
        <translation>平台期衰减系数</translation>
    </message>
    <message>
        <source>Factor applied to the LR on a plateau.</source>
        <translation>进入平台期时学习率乘上的系数。</translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>提前终止</translation>
    </message>
    <message>
        <source>Stop when validation loss stops improving.</source>
        <translation>验证损失不再改善时停止训练。</translation>
    </message>
    <message>
        <source>Patience</source>
        <translation>耐心值</translation>
    </message>
    <message>
        <source>Epochs without improvement before stopping early.</source>
        <translation>验证损失连续多少个迭代周期没有改善就提前终止。</translation>
    </message>
    <message>
        <source>Minimum improvement</source>
        <translation>最小改善量</translation>
    </message>
    <message>
        <source>Smallest decrease of the loss that counts as improvement.</source>
        <translation>损失至少下降多少才算改善。</translation>
    </message>
    <message>
        <source>Restore best weights</source>
        <translation>恢复最佳权重</translation>
    </message>
    <message>
        <source>On early stopping, restore the weights of the best epoch.</source>
        <translation>提前终止时恢复到最佳迭代周期的权重。</translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>Clip the gradient norm to this value (0 = off).</source>
        <translation>把梯度范数裁剪到这个值（0 = 不裁剪）。</translation>
    </message>
    <message>
        <source>Augment</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>Flip</source>
        <translation>翻转</translation>
    </message>
    <message>
        <source>Image sets only: randomly shift, rotate or flip each training image (validation and test images stay as they are).</source>
        <translation>仅用于图像数据：随机平移、旋转或翻转每张训练图像（验证和测试图像保持不变）。</translation>
    </message>
    <message>
        <source>Random seed for weights and shuffling.</source>
        <translation>初始化权重和打乱数据用的随机种子。</translation>
    </message>
    <message>
        <source>Validate every (steps)</source>
        <translation>每隔多少步验证一次</translation>
    </message>
    <message>
        <source>In long epochs (at least 1000 training samples and more steps than this: image sets), also validate every this many steps, on 256 validation samples, so the curves move within an epoch (0 = only at the end of each epoch).</source>
        <translation>在较长的迭代周期里（训练样本至少 1000 个、步数多于这个值，例如图像数据），每隔这么多步再用 256 个验证样本验证一次，让曲线在一个迭代周期之内也能动起来（0 = 只在每个迭代周期结束时验证）。</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Where to train: auto, cpu, cuda, cuda:N or mps.</source>
        <translation>在哪里训练：auto、cpu、cuda、cuda:N 或 mps。</translation>
    </message>
    <message>
        <source>A name for this experiment.</source>
        <translation>这个实验的名称。</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>What this experiment shows.</source>
        <translation>这个实验展示了什么。</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>y = 2x + 0.5 with noise: fit a line.</source>
        <translation>y = 2x + 0.5 加噪声：拟合一条直线。</translation>
    </message>
    <message>
        <source>y = 2x³ − x + 0.2 with noise.</source>
        <translation>y = 2x³ − x + 0.2 加噪声。</translation>
    </message>
    <message>
        <source>y = sin(πx) with noise: under- and over-fitting.</source>
        <translation>y = sin(πx) 加噪声：欠拟合与过拟合。</translation>
    </message>
    <message>
        <source>Two moons</source>
        <translation>双月</translation>
    </message>
    <message>
        <source>Number of classes (Spiral, Blobs).</source>
        <translation>类别数量（螺旋、团簇）。</translation>
    </message>
    <message>
        <source>Two interleaving half circles.</source>
        <translation>两个交错的半圆。</translation>
    </message>
    <message>
        <source>A disc inside a ring.</source>
        <translation>圆环中间有一个圆盘。</translation>
    </message>
    <message>
        <source>Opposite quadrants share a class.</source>
        <translation>相对的象限属于同一类。</translation>
    </message>
    <message>
        <source>Two gaussians</source>
        <translation>两个高斯分布</translation>
    </message>
    <message>
        <source>Two round clouds.</source>
        <translation>两团圆形的点云。</translation>
    </message>
    <message>
        <source>Interleaved spiral arms.</source>
        <translation>相互交织的螺旋臂。</translation>
    </message>
    <message>
        <source>k gaussian blobs (k classes).</source>
        <translation>k 个高斯团簇（k 个类别）。</translation>
    </message>
    <message>
        <source>MNIST digits</source>
        <translation>MNIST 手写数字</translation>
    </message>
    <message>
        <source>70,000 handwritten digits, 28×28 grey.</source>
        <translation>70,000 个手写数字，28×28 灰度图。</translation>
    </message>
    <message>
        <source>70,000 clothing images in 10 classes, 28×28 grey.</source>
        <translation>70,000 张服饰图像，10 个类别，28×28 灰度图。</translation>
    </message>
    <message>
        <source>Kuzushiji-MNIST</source>
        <translation>Kuzushiji-MNIST（日文草书）</translation>
    </message>
    <message>
        <source>70,000 cursive Japanese characters, 28×28 grey.</source>
        <translation>70,000 个日文草书字符，28×28 灰度图。</translation>
    </message>
    <message>
        <source>60,000 small colour photos in 10 classes, 32×32.</source>
        <translation>60,000 张彩色小照片，10 个类别，32×32。</translation>
    </message>
    <message>
        <source>Your own table: numeric features, one target.</source>
        <translation>自己的表格：数值特征，一个目标列。</translation>
    </message>
    <message>
        <source>Paint your own</source>
        <translation>自己画点</translation>
    </message>
    <message>
        <source>Click on the plane to add points.</source>
        <translation>在平面上点击添加点。</translation>
    </message>
</context>
</TS>
