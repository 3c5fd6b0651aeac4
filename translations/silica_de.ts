<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>GraphDrawing</name>
    <message numerus="yes">
        <source>%n nodes</source>
        <translation>
            <numerusform>%n Knoten</numerusform>
            <numerusform>%n Knoten</numerusform>
        </translation>
    </message>
    <message>
        <source>Double-click to expand</source>
        <translation>Doppelklicken zum Aufklappen</translation>
    </message>
</context>
<context>
    <name>LegendDrawing</name>
    <message>
        <source>No values</source>
        <translation>Keine Werte</translation>
    </message>
    <message>
        <source>higher is worse</source>
        <translation>höher ist schlechter</translation>
    </message>
    <message>
        <source>lower is worse</source>
        <translation>niedriger ist schlechter</translation>
    </message>
    <message>
        <source>%1, log scale</source>
        <translation>%1, logarithmische Skala</translation>
    </message>
    <message>
        <source>No value</source>
        <translation>Kein Wert</translation>
    </message>
</context>
<context>
    <name>NodeToolTip</name>
    <message>
        <source>unknown type</source>
        <translation>unbekannter Typ</translation>
    </message>
    <message>
        <source>%1 (weight)</source>
        <translation>%1 (Gewicht)</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… und %1 weitere</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Eingänge</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>Ausgänge</translation>
    </message>
    <message>
        <source>no value</source>
        <translation>kein Wert</translation>
    </message>
</context>
<context>
    <name>OpCategory</name>
    <message>
        <source>Convolution / matrix multiply</source>
        <translation>Faltung / Matrixmultiplikation</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>Aktivierung</translation>
    </message>
    <message>
        <source>Normalization</source>
        <translation>Normalisierung</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>Pooling</translation>
    </message>
    <message>
        <source>Data movement</source>
        <translation>Datenbewegung</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <source>Control flow</source>
        <translation>Kontrollfluss</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Sonstige</translation>
    </message>
    <message>
        <source>Graph input</source>
        <translation>Graph-Eingang</translation>
    </message>
    <message>
        <source>Graph output</source>
        <translation>Graph-Ausgang</translation>
    </message>
    <message>
        <source>Op category</source>
        <translation>Op-Kategorie</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>no error</source>
        <translation>kein Fehler</translation>
    </message>
    <message>
        <source>FP16</source>
        <translation>FP16</translation>
    </message>
    <message>
        <source>%1 %2, %3</source>
        <translation>%1 %2, %3</translation>
    </message>
    <message>
        <source>per-channel</source>
        <translation>pro Kanal</translation>
    </message>
    <message>
        <source>per-tensor</source>
        <translation>pro Tensor</translation>
    </message>
    <message numerus="yes">
        <source>, %n kept in float</source>
        <translation>
            <numerusform>, %n in Gleitkomma behalten</numerusform>
            <numerusform>, %n in Gleitkomma behalten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n at 16 bits</source>
        <translation>
            <numerusform>, %n mit 16 Bit</numerusform>
            <numerusform>, %n mit 16 Bit</numerusform>
        </translation>
    </message>
    <message>
        <source>, signed activations</source>
        <translation>, vorzeichenbehaftete Aktivierungen</translation>
    </message>
</context>
<context>
    <name>RemovePassthroughNodes</name>
    <message>
        <source>Nothing to remove: no Identity, inference Dropout or dead nodes.</source>
        <translation>Nichts zu entfernen: keine Identity-, Inferenz-Dropout- oder toten Knoten.</translation>
    </message>
    <message>
        <source>Remove %1 Identity, %2 Dropout and %3 dead nodes</source>
        <translation>%1 Identity-, %2 Dropout- und %3 tote Knoten entfernen</translation>
    </message>
    <message>
        <source>Removed %1 Identity, %2 Dropout and %3 dead nodes, %4 unused initializers</source>
        <translation>%1 Identity-, %2 Dropout- und %3 tote Knoten sowie %4 unbenutzte Initialisierer entfernt</translation>
    </message>
</context>
<context>
    <name>SceneExport</name>
    <message>
        <source>Cannot export to %1: the file name must end in .png or .svg.</source>
        <translation>Export nach %1 nicht möglich: Der Dateiname muss auf .png oder .svg enden.</translation>
    </message>
    <message>
        <source>There is no graph to export.</source>
        <translation>Es gibt keinen Graphen zum Exportieren.</translation>
    </message>
    <message>
        <source>Graph exported from Silica</source>
        <translation>Aus Silica exportierter Graph</translation>
    </message>
    <message>
        <source>Cannot create the SVG picture for %1.</source>
        <translation>Das SVG-Bild für %1 kann nicht erstellt werden.</translation>
    </message>
    <message>
        <source>Not enough memory for a %1 × %2 picture; export SVG instead.</source>
        <translation>Nicht genug Speicher für ein Bild von %1 × %2; exportieren Sie stattdessen SVG.</translation>
    </message>
    <message>
        <source>Cannot encode the PNG picture: %1</source>
        <translation>Das PNG-Bild kann nicht kodiert werden: %1</translation>
    </message>
    <message>
        <source>Cannot export the view: %1</source>
        <translation>Die Ansicht kann nicht exportiert werden: %1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Silica: deploy ONNX neural networks to edge accelerators.</source>
        <translation>Silica: ONNX-Modelle neuronaler Netze auf Edge-Beschleuniger bringen.</translation>
    </message>
    <message>
        <source>The ONNX model to open (default: the sample).</source>
        <translation>Das zu öffnende ONNX-Modell (Standard: das Beispielmodell).</translation>
    </message>
</context>
<context>
    <name>silica::BottleneckModel</name>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Op</source>
        <translation>Op</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
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
        <translation>Öffnen Sie ein Modell, um seine Engpässe zu sehen.</translation>
    </message>
    <message>
        <source>%1, worst first (ties by MACs): %2 nodes.</source>
        <translation>%1, schlechteste zuerst (bei Gleichstand nach MACs): %2 Knoten.</translation>
    </message>
    <message>
        <source>%1, by MACs, largest first: %2 nodes.</source>
        <translation>%1, nach MACs, größte zuerst: %2 Knoten.</translation>
    </message>
    <message>
        <source>F8 / Shift+F8 walk the list.</source>
        <translation>F8 / Umschalt+F8 gehen die Liste durch.</translation>
    </message>
</context>
<context>
    <name>silica::CalibrationDialog</name>
    <message>
        <source>Per-channel weights</source>
        <translation>Gewichte pro Kanal</translation>
    </message>
    <message>
        <source>Symmetric activations</source>
        <translation>Symmetrische Aktivierungen</translation>
    </message>
    <message>
        <source>Quantize</source>
        <translation>Quantisieren</translation>
    </message>
    <message>
        <source>Calibration data</source>
        <translation>Kalibrierungsdaten</translation>
    </message>
    <message>
        <source>a folder of images, .npy / .pb tensors or WAV files; empty: random data</source>
        <translation>ein Ordner mit Bildern, .npy-/.pb-Tensoren oder WAV-Dateien; leer: Zufallsdaten</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>Ordner…</translation>
    </message>
    <message>
        <source>Files…</source>
        <translation>Dateien…</translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation>Q&amp;uelle:</translation>
    </message>
    <message>
        <source>Shorter side, then centre crop</source>
        <translation>Kürzere Seite, dann mittig zuschneiden</translation>
    </message>
    <message>
        <source>Stretch</source>
        <translation>Strecken</translation>
    </message>
    <message>
        <source>&amp;Resize:</source>
        <translation>&amp;Größenanpassung:</translation>
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
        <translation>&amp;Layout:</translation>
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
        <translation>Kanal&amp;reihenfolge:</translation>
    </message>
    <message>
        <source>Applied to 8-bit pixel values first (1/255 maps them to [0, 1])</source>
        <translation>Wird zuerst auf die 8-Bit-Pixelwerte angewendet (1/255 bildet sie auf [0, 1] ab)</translation>
    </message>
    <message>
        <source>S&amp;cale:</source>
        <translation>S&amp;kalierung:</translation>
    </message>
    <message>
        <source>&amp;Mean (R, G, B):</source>
        <translation>&amp;Mittelwert (R, G, B):</translation>
    </message>
    <message>
        <source>S&amp;td (R, G, B):</source>
        <translation>S&amp;td.-Abw. (R, G, B):</translation>
    </message>
    <message>
        <source>Sizes of the inputs&apos; symbolic dimensions, NAME=N separated by commas</source>
        <translation>Größen der symbolischen Dimensionen der Eingänge, als NAME=N durch Kommas getrennt</translation>
    </message>
    <message>
        <source>&amp;Dimensions:</source>
        <translation>&amp;Dimensionen:</translation>
    </message>
    <message>
        <source>Sa&amp;mples (at most):</source>
        <translation>Sti&amp;chproben (höchstens):</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <source>INT8 (8-bit activations, int8 weights)</source>
        <translation>INT8 (8-Bit-Aktivierungen, int8-Gewichte)</translation>
    </message>
    <message>
        <source>INT16 activations, int8 weights (opset 21)</source>
        <translation>INT16-Aktivierungen, int8-Gewichte (Opset 21)</translation>
    </message>
    <message>
        <source>FP16 (weights and compute)</source>
        <translation>FP16 (Gewichte und Berechnung)</translation>
    </message>
    <message>
        <source>&amp;Precision:</source>
        <translation>&amp;Präzision:</translation>
    </message>
    <message>
        <source>Min-max</source>
        <translation>Min-Max</translation>
    </message>
    <message>
        <source>Percentile</source>
        <translation>Perzentil</translation>
    </message>
    <message>
        <source>Entropy (KL divergence)</source>
        <translation>Entropie (KL-Divergenz)</translation>
    </message>
    <message>
        <source>MSE-optimal</source>
        <translation>MSE-optimal</translation>
    </message>
    <message>
        <source>Calibration &amp;method:</source>
        <translation>Kalibrier&amp;verfahren:</translation>
    </message>
    <message>
        <source>P&amp;ercentile kept:</source>
        <translation>Beibehaltenes P&amp;erzentil:</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Per-node error (injected and inherited) is measured over this many calibration samples; each costs about four inferences</source>
        <translation>Der Fehler je Knoten (eingebracht und geerbt) wird über so viele Kalibrierungsstichproben gemessen; jede kostet etwa vier Inferenzen</translation>
    </message>
    <message>
        <source>Error over (samples):</source>
        <translation>Fehler über (Stichproben):</translation>
    </message>
    <message>
        <source>&amp;Quantize</source>
        <translation>&amp;Quantisieren</translation>
    </message>
    <message>
        <source>Calibration Folder</source>
        <translation>Kalibrierungsordner</translation>
    </message>
    <message>
        <source>Calibration Files</source>
        <translation>Kalibrierungsdateien</translation>
    </message>
    <message>
        <source>Calibration data (*.png *.jpg *.jpeg *.bmp *.npy *.pb *.wav);;All files (*)</source>
        <translation>Kalibrierungsdaten (*.png *.jpg *.jpeg *.bmp *.npy *.pb *.wav);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>No data given: random inputs will be used. Ranges and error figures from random data say little about real inputs.</source>
        <translation>Keine Daten angegeben: Es werden zufällige Eingaben verwendet. Bereiche und Fehlerwerte aus Zufallsdaten sagen wenig über echte Eingaben aus.</translation>
    </message>
    <message>
        <source>Mean takes three numbers separated by commas (R, G, B), or one for all.</source>
        <translation>Der Mittelwert erwartet drei durch Kommas getrennte Zahlen (R, G, B) oder eine für alle.</translation>
    </message>
    <message>
        <source>Std takes three non-zero numbers separated by commas (R, G, B), or one for all.</source>
        <translation>Die Std.-Abw. erwartet drei von null verschiedene, durch Kommas getrennte Zahlen (R, G, B) oder eine für alle.</translation>
    </message>
    <message>
        <source>Dimensions take NAME=N pairs (N ≥ 1) separated by commas.</source>
        <translation>Dimensionen erwarten durch Kommas getrennte Paare NAME=N (N ≥ 1).</translation>
    </message>
    <message>
        <source>%1 does not exist. Choose a folder or files of calibration data.</source>
        <translation>%1 existiert nicht. Wählen Sie einen Ordner oder Dateien mit Kalibrierungsdaten.</translation>
    </message>
    <message>
        <source>Si&amp;gned activations (int8 / int16)</source>
        <translation>Vorzeichenbehaftete Aktivierun&amp;gen (int8 / int16)</translation>
    </message>
    <message>
        <source>Quantize activations to int8 (int16) instead of uint8 (uint16). TensorRT takes only signed activations with zero point 0: choose this with symmetric activations.</source>
        <translation>Aktivierungen nach int8 (int16) statt uint8 (uint16) quantisieren. TensorRT nimmt nur vorzeichenbehaftete Aktivierungen mit Nullpunkt 0: zusammen mit symmetrischen Aktivierungen wählen.</translation>
    </message>
</context>
<context>
    <name>silica::CanvasTools</name>
    <message>
        <source>Loaded overlay %1</source>
        <translation>Overlay %1 geladen</translation>
    </message>
    <message>
        <source>Loaded overlay %1 with %2 warnings; see the log.</source>
        <translation>Overlay %1 mit %2 Warnungen geladen; siehe Protokoll.</translation>
    </message>
    <message>
        <source>Cannot Load Overlay</source>
        <translation>Overlay kann nicht geladen werden</translation>
    </message>
    <message>
        <source>&amp;Export View…</source>
        <translation>Ansicht &amp;exportieren…</translation>
    </message>
    <message>
        <source>Save the whole graph as a PNG or SVG picture</source>
        <translation>Den ganzen Graphen als PNG- oder SVG-Bild speichern</translation>
    </message>
    <message>
        <source>&amp;Load Overlay…</source>
        <translation>Overlay &amp;laden…</translation>
    </message>
    <message>
        <source>Colour the graph by per-node values from a JSON file (see README, Overlay files)</source>
        <translation>Den Graphen nach Werten je Knoten aus einer JSON-Datei einfärben (siehe README, Overlay files)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <source>&amp;Next Bottleneck</source>
        <translation>&amp;Nächster Engpass</translation>
    </message>
    <message>
        <source>&amp;Previous Bottleneck</source>
        <translation>&amp;Vorheriger Engpass</translation>
    </message>
    <message>
        <source>Le&amp;gend</source>
        <translation>&amp;Legende</translation>
    </message>
    <message>
        <source>&amp;Minimap</source>
        <translation>&amp;Übersichtskarte</translation>
    </message>
    <message>
        <source>Bottlenecks</source>
        <translation>Engpässe</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>&amp;Overlay</source>
        <translation>&amp;Overlay</translation>
    </message>
    <message>
        <source>&amp;Bottlenecks</source>
        <translation>&amp;Engpässe</translation>
    </message>
    <message>
        <source>Fin&amp;d Panel</source>
        <translation>Such&amp;bereich</translation>
    </message>
    <message>
        <source>No Model Open</source>
        <translation>Kein Modell geöffnet</translation>
    </message>
    <message>
        <source>Load Overlay</source>
        <translation>Overlay laden</translation>
    </message>
    <message>
        <source>Overlay files (*.json);;All files (*)</source>
        <translation>Overlay-Dateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG-Bild (*.svg)</translation>
    </message>
    <message>
        <source>Export View</source>
        <translation>Ansicht exportieren</translation>
    </message>
    <message>
        <source>Cannot Export View</source>
        <translation>Ansicht kann nicht exportiert werden</translation>
    </message>
    <message>
        <source>Exported %1 (%2 × %3)</source>
        <translation>%1 exportiert (%2 × %3)</translation>
    </message>
    <message>
        <source>Exported %1 at %2 % of full size (%3 × %4 pixels, the most a PNG may have), too small for node labels; export SVG for full detail.</source>
        <translation>%1 mit %2 % der vollen Größe exportiert (%3 × %4 Pixel, das Maximum für ein PNG), zu klein für Knotenbeschriftungen; exportieren Sie SVG für alle Details.</translation>
    </message>
    <message>
        <source>Exported %1 at %2 % of full size (%3 × %4 pixels, the most a PNG may have); export SVG for full detail.</source>
        <translation>%1 mit %2 % der vollen Größe exportiert (%3 × %4 Pixel, das Maximum für ein PNG); exportieren Sie SVG für alle Details.</translation>
    </message>
    <message>
        <source>The overlay has no values to walk.</source>
        <translation>Das Overlay hat keine Werte zum Durchgehen.</translation>
    </message>
    <message>
        <source>Bottleneck %1 of %2: %3 (%4)</source>
        <translation>Engpass %1 von %2: %3 (%4)</translation>
    </message>
</context>
<context>
    <name>silica::DeviceTools</name>
    <message>
        <source>No device</source>
        <translation>Kein Gerät</translation>
    </message>
    <message>
        <source>Target device: where each node runs, latency and energy (estimates from the device profile; the host CPU is measured)</source>
        <translation>Zielgerät: wo jeder Knoten läuft, Latenz und Energie (Schätzungen aus dem Geräteprofil; die Host-CPU wird gemessen)</translation>
    </message>
    <message>
        <source>Precision the model is analysed at on this device</source>
        <translation>Präzision, mit der das Modell auf diesem Gerät analysiert wird</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source> Device: </source>
        <translation> Gerät: </translation>
    </message>
    <message>
        <source>Compare All</source>
        <translation>Alle vergleichen</translation>
    </message>
    <message>
        <source>Analyse the model on every installed device and compare them</source>
        <translation>Das Modell auf jedem installierten Gerät analysieren und die Geräte vergleichen</translation>
    </message>
    <message>
        <source>Device Profile</source>
        <translation>Geräteprofil</translation>
    </message>
    <message>
        <source>No model.</source>
        <translation>Kein Modell.</translation>
    </message>
    <message>
        <source>Choose a device in the toolbar to see where the model runs and how fast.</source>
        <translation>Wählen Sie in der Werkzeugleiste ein Gerät, um zu sehen, wo und wie schnell das Modell läuft.</translation>
    </message>
    <message>
        <source>Analysing on %1…</source>
        <translation>Analysiere auf %1…</translation>
    </message>
    <message>
        <source>Device analysis failed</source>
        <translation>Geräteanalyse fehlgeschlagen</translation>
    </message>
    <message>
        <source>Analysing on %1</source>
        <translation>Analysiere auf %1</translation>
    </message>
    <message numerus="yes">
        <source>Comparing %n device(s)</source>
        <translation>
            <numerusform>Vergleiche %n Gerät</numerusform>
            <numerusform>Vergleiche %n Geräte</numerusform>
        </translation>
    </message>
    <message>
        <source>Sizes of the model&apos;s symbolic dimensions, as NAME=N separated by commas: static-shape devices need them fixed (unnamed ones are 1)</source>
        <translation>Größen der symbolischen Dimensionen des Modells, als NAME=N durch Kommas getrennt: Geräte mit statischen Formen brauchen feste Werte (unbenannte sind 1)</translation>
    </message>
    <message>
        <source>The sizes field does not read as NAME=N, …: fix it to analyse.</source>
        <translation>Das Größenfeld hat nicht die Form NAME=N, …: Korrigieren Sie es, um zu analysieren.</translation>
    </message>
</context>
<context>
    <name>silica::DocumentOverlays</name>
    <message>
        <source>Loading overlay %1</source>
        <translation>Lade Overlay %1</translation>
    </message>
</context>
<context>
    <name>silica::FindPanel</name>
    <message>
        <source>Match case</source>
        <translation>Groß-/Kleinschreibung</translation>
    </message>
    <message>
        <source>Name contains</source>
        <translation>Name enthält</translation>
    </message>
    <message>
        <source>Op type</source>
        <translation>Op-Typ</translation>
    </message>
    <message>
        <source>Regular expression</source>
        <translation>Regulärer Ausdruck</translation>
    </message>
    <message>
        <source>What the text is matched against</source>
        <translation>Womit der Text verglichen wird</translation>
    </message>
    <message>
        <source>Part of a node name, e.g. layer3</source>
        <translation>Teil eines Knotennamens, z. B. layer3</translation>
    </message>
    <message>
        <source>An op type, e.g. Conv</source>
        <translation>Ein Op-Typ, z. B. Conv</translation>
    </message>
    <message>
        <source>A regular expression over node names, e.g. ^/layer[12]/.*Conv$</source>
        <translation>Ein regulärer Ausdruck über Knotennamen, z. B. ^/layer[12]/.*Conv$</translation>
    </message>
</context>
<context>
    <name>silica::GraphMinimap</name>
    <message>
        <source>Overview: click or drag to move the view</source>
        <translation>Übersicht: klicken oder ziehen, um die Ansicht zu verschieben</translation>
    </message>
</context>
<context>
    <name>silica::GraphView</name>
    <message>
        <source>Worst: %1 (%2)</source>
        <translation>Schlechtester Wert: %1 (%2)</translation>
    </message>
    <message>
        <source>Open an ONNX model with File → Open or drop it here</source>
        <translation>Öffnen Sie ein ONNX-Modell mit Datei → Öffnen oder ziehen Sie es hierher</translation>
    </message>
</context>
<context>
    <name>silica::HeadlessReport</name>
    <message>
        <source>silica: no model given and the sample model kws_swish.onnx was not found
</source>
        <translation>silica: kein Modell angegeben und das Beispielmodell kws_swish.onnx wurde nicht gefunden
</translation>
    </message>
    <message>
        <source>usage: silica [MODEL]

Opens MODEL (default: the bundled sample) in the desktop app. Without a display, prints MODEL&apos;s inspection report instead.
</source>
        <translation>Aufruf: silica [MODELL]

Öffnet MODELL (Vorgabe: das mitgelieferte Beispiel) in der Desktop-Anwendung. Ohne Bildschirm wird stattdessen der Inspektionsbericht des Modells ausgegeben.
</translation>
    </message>
</context>
<context>
    <name>silica::InspectorWidget</name>
    <message>
        <source>Select a node in the graph to see its properties.</source>
        <translation>Wählen Sie einen Knoten im Graphen aus, um seine Eigenschaften zu sehen.</translation>
    </message>
</context>
<context>
    <name>silica::LogPanel</name>
    <message>
        <source>Clear Log</source>
        <translation>Protokoll leeren</translation>
    </message>
</context>
<context>
    <name>silica::MainWindow</name>
    <message>
        <source>Opening %1 cancelled</source>
        <translation>Öffnen von %1 abgebrochen</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Speichern &amp;unter…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Remove Identity/Dropout and Dead Nodes</source>
        <translation>Identity/Dropout und tote Knoten &amp;entfernen</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <source>E&amp;xpand All Groups</source>
        <translation>Alle Gruppen &amp;aufklappen</translation>
    </message>
    <message>
        <source>&amp;Collapse Groups</source>
        <translation>Gruppen &amp;zuklappen</translation>
    </message>
    <message>
        <source>Collapse the Selected Node&apos;s &amp;Group</source>
        <translation>&amp;Gruppe des ausgewählten Knotens zuklappen</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspektor</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Inspector</source>
        <translation>&amp;Inspektor</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>&amp;Protokoll</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Silica</source>
        <translation>Ü&amp;ber Silica</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Open Model</source>
        <translation>Modell öffnen</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx);;All files (*)</source>
        <translation>ONNX-Modelle (*.onnx);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&amp;%1 %2</source>
        <translation>&amp;%1 %2</translation>
    </message>
    <message>
        <source>No Recent Files</source>
        <translation>Keine zuletzt geöffneten Dateien</translation>
    </message>
    <message>
        <source>&amp;Clear Recent Files</source>
        <translation>Liste &amp;leeren</translation>
    </message>
    <message>
        <source>File Not Found</source>
        <translation>Datei nicht gefunden</translation>
    </message>
    <message>
        <source>%1 no longer exists. It was removed from the recent files.</source>
        <translation>%1 existiert nicht mehr. Die Datei wurde aus der Liste der zuletzt geöffneten Dateien entfernt.</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>Opened with %1 warnings; see the log.</source>
        <translation>Mit %1 Warnungen geöffnet; siehe Protokoll.</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <source>Cannot Open Model</source>
        <translation>Modell kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1 nodes · %2 params · %3 MACs · opset %4</source>
        <translation>%1 Knoten · %2 Parameter · %3 MACs · Opset %4</translation>
    </message>
    <message>
        <source>Remove Identity/Dropout and Dead Nodes</source>
        <translation>Identity/Dropout und tote Knoten entfernen</translation>
    </message>
    <message>
        <source>Save Model As</source>
        <translation>Modell speichern unter</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx)</source>
        <translation>ONNX-Modelle (*.onnx)</translation>
    </message>
    <message>
        <source>Saving %1</source>
        <translation>Speichere %1</translation>
    </message>
    <message>
        <source>Cannot Save Model</source>
        <translation>Modell kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>%1[*] — Silica</source>
        <translation>%1[*] — Silica</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The new language will be used the next time Silica starts.</source>
        <translation>Die neue Sprache wird beim nächsten Start von Silica verwendet.</translation>
    </message>
    <message>
        <source>About Silica</source>
        <translation>Über Silica</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Silica %1&lt;/h3&gt;&lt;p&gt;A workbench for deploying ONNX neural networks to edge accelerators: look at a model, optimize it and export it for the device.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Silica %1&lt;/h3&gt;&lt;p&gt;Eine Werkbank, um neuronale Netze im ONNX-Format auf Edge-Beschleuniger zu bringen: Modelle ansehen, optimieren und für das Zielgerät exportieren.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Unsaved Edits</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>The model has edits that are not saved. Discard them?

To keep them, cancel and use File → Save As.</source>
        <translation>Das Modell hat Änderungen, die nicht gespeichert sind. Verwerfen?

Um sie zu behalten, brechen Sie ab und verwenden Sie Datei → Speichern unter.</translation>
    </message>
</context>
<context>
    <name>silica::ModelLoader</name>
    <message>
        <source>Reading file</source>
        <translation>Datei wird gelesen</translation>
    </message>
    <message>
        <source>Parsing protobuf</source>
        <translation>Protobuf wird eingelesen</translation>
    </message>
    <message>
        <source>Building graph</source>
        <translation>Graph wird aufgebaut</translation>
    </message>
    <message>
        <source>Validating graph</source>
        <translation>Graph wird geprüft</translation>
    </message>
    <message>
        <source>Inferring shapes</source>
        <translation>Formen werden abgeleitet</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>Geladen</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>Öffne %1</translation>
    </message>
</context>
<context>
    <name>silica::NodeInspectorModel</name>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(unbenannt)</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>Domäne</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>Attribute</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Eingänge</translation>
    </message>
    <message>
        <source>(omitted)</source>
        <translation>(ausgelassen)</translation>
    </message>
    <message>
        <source>Optional input %1</source>
        <translation>Optionaler Eingang %1</translation>
    </message>
    <message>
        <source>%1 (weight)</source>
        <translation>%1 (Gewicht)</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>Ausgänge</translation>
    </message>
    <message>
        <source>Optional output %1</source>
        <translation>Optionaler Ausgang %1</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>estimate</source>
        <translation>Schätzung</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Bytes</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Parameter bytes</source>
        <translation>Parameter-Bytes</translation>
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
        <translation>Aktivierungen ein</translation>
    </message>
    <message>
        <source>Activations out</source>
        <translation>Aktivierungen aus</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistik</translation>
    </message>
    <message>
        <source>not computed for tensors this large</source>
        <translation>für so große Tensoren nicht berechnet</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>nicht verfügbar</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>Min</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Max</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>Std</source>
        <translation>Std.-Abw.</translation>
    </message>
    <message>
        <source>Standard deviation</source>
        <translation>Standardabweichung</translation>
    </message>
    <message>
        <source>Zeros</source>
        <translation>Nullen</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 of %2 elements are zero</source>
        <translation>%1 von %2 Elementen sind null</translation>
    </message>
    <message>
        <source>NaN / Inf</source>
        <translation>NaN / Inf</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>Eigenschaft</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Input %1: %2</source>
        <translation>Eingang %1: %2</translation>
    </message>
    <message>
        <source>Output %1: %2</source>
        <translation>Ausgang %1: %2</translation>
    </message>
</context>
<context>
    <name>silica::NodeSearchModel</name>
    <message>
        <source>Invalid regular expression: %1</source>
        <translation>Ungültiger regulärer Ausdruck: %1</translation>
    </message>
    <message>
        <source>No node matches</source>
        <translation>Kein Knoten passt</translation>
    </message>
    <message>
        <source>Matches: %1</source>
        <translation>Treffer: %1</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Op</source>
        <translation>Op</translation>
    </message>
</context>
<context>
    <name>silica::OverlayLegend</name>
    <message>
        <source>The overlay the graph is coloured by</source>
        <translation>Das Overlay, nach dem der Graph eingefärbt ist</translation>
    </message>
    <message>
        <source>Colour by</source>
        <translation>Färben nach</translation>
    </message>
</context>
<context>
    <name>silica::ProfilePanel</name>
    <message>
        <source>Compare All Devices</source>
        <translation>Alle Geräte vergleichen</translation>
    </message>
    <message>
        <source>Rate:</source>
        <translation>Rate:</translation>
    </message>
    <message>
        <source> inferences/s</source>
        <translation> Inferenzen/s</translation>
    </message>
    <message>
        <source>Inference rate for the average power figure</source>
        <translation>Inferenzrate für die Angabe der mittleren Leistung</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitleiste</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Roofline</source>
        <translation>Roofline</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>Latenz (ms)</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Energy (mJ)</source>
        <translation>Energie (mJ)</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>Segmente</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleich</translation>
    </message>
    <message>
        <source>Choose a device in the toolbar to see where the model runs and how fast.</source>
        <translation>Wählen Sie in der Werkzeugleiste ein Gerät, um zu sehen, wo und wie schnell das Modell läuft.</translation>
    </message>
    <message>
        <source>No analysis.</source>
        <translation>Keine Analyse.</translation>
    </message>
    <message>
        <source>%1 at %2: %3 ms per inference (%4)</source>
        <translation>%1 mit %2: %3 ms pro Inferenz (%4)</translation>
    </message>
    <message>
        <source>measured</source>
        <translation>gemessen</translation>
    </message>
    <message>
        <source>estimate</source>
        <translation>Schätzung</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>%1 ms (%2)</source>
        <translation>%1 ms (%2)</translation>
    </message>
    <message>
        <source>On the device</source>
        <translation>Auf dem Gerät</translation>
    </message>
    <message>
        <source>%1 ms; on the CPU %2 ms; transfers %3 ms; overheads %4 ms</source>
        <translation>%1 ms; auf der CPU %2 ms; Übertragungen %3 ms; Overhead %4 ms</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>%1% of the working nodes on the device, in %2 segment(s); %3 on the CPU, %4 stranded</source>
        <translation>%1 % der rechnenden Knoten auf dem Gerät, in %2 Segment(en); %3 auf der CPU, %4 gestrandet</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>%1 cached on chip, %2 streamed every inference</source>
        <translation>%1 auf dem Chip zwischengespeichert, %2 bei jeder Inferenz nachgeladen</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>Energie</translation>
    </message>
    <message>
        <source>%1 mJ per inference</source>
        <translation>%1 mJ pro Inferenz</translation>
    </message>
    <message>
        <source>Average power</source>
        <translation>Mittlere Leistung</translation>
    </message>
    <message>
        <source>%1 W at %2 inferences/s (busy %3%)%4</source>
        <translation>%1 W bei %2 Inferenzen/s (zu %3 % ausgelastet)%4</translation>
    </message>
    <message>
        <source>: saturated, one inference takes longer than the period</source>
        <translation>: gesättigt, eine Inferenz dauert länger als die Periode</translation>
    </message>
    <message>
        <source>runs on</source>
        <translation>läuft auf</translation>
    </message>
    <message>
        <source>nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>time (ms)</source>
        <translation>Zeit (ms)</translation>
    </message>
    <message>
        <source>tensors coming in</source>
        <translation>eingehende Tensoren</translation>
    </message>
    <message>
        <source>out: </source>
        <translation>Ausgang: </translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>transfers</source>
        <translation>Übertragungen</translation>
    </message>
    <message>
        <source>Device figures</source>
        <translation>Gerätekennzahlen</translation>
    </message>
    <message>
        <source>Compiler</source>
        <translation>Compiler</translation>
    </message>
    <message>
        <source>time (ms); hatched: transfers and overheads</source>
        <translation>Zeit (ms); schraffiert: Übertragungen und Overhead</translation>
    </message>
    <message>
        <source>latency (ms); green on the device, red CPU fallback, amber stranded</source>
        <translation>Latenz (ms); grün auf dem Gerät, rot CPU-Fallback, bernsteinfarben gestrandet</translation>
    </message>
    <message>
        <source>roofline (peak %1 ops/s, %2 B/s)</source>
        <translation>Roofline (Spitze %1 Ops/s, %2 B/s)</translation>
    </message>
    <message>
        <source>nodes on the device</source>
        <translation>Knoten auf dem Gerät</translation>
    </message>
    <message>
        <source>nodes on the CPU</source>
        <translation>Knoten auf der CPU</translation>
    </message>
    <message>
        <source>operations per byte</source>
        <translation>Operationen pro Byte</translation>
    </message>
    <message>
        <source>attained operations per second</source>
        <translation>erreichte Operationen pro Sekunde</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Präzision</translation>
    </message>
    <message>
        <source>Average W at the rate</source>
        <translation>Mittlere Leistung (W) bei der Rate</translation>
    </message>
    <message>
        <source>Ops on device (%)</source>
        <translation>Ops auf dem Gerät (%)</translation>
    </message>
    <message>
        <source>Saturated: one inference takes longer than the period</source>
        <translation>Gesättigt: Eine Inferenz dauert länger als die Periode</translation>
    </message>
</context>
<context>
    <name>silica::ProgressSurface</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: cancelling…</source>
        <translation>%1: wird abgebrochen…</translation>
    </message>
    <message>
        <source>%1 (+%2 more)</source>
        <translation>%1 (+%2 weitere)</translation>
    </message>
</context>
<context>
    <name>silica::QuantPanel</name>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Op</source>
        <translation>Op</translation>
    </message>
    <message>
        <source>Injected</source>
        <translation>Eingebracht</translation>
    </message>
    <message>
        <source>Inherited</source>
        <translation>Geerbt</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgang</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>Kosinus</translation>
    </message>
    <message>
        <source>Max-abs</source>
        <translation>Max. abs. Fehler</translation>
    </message>
    <message>
        <source>Gain in float</source>
        <translation>Gewinn in Gleitkomma</translation>
    </message>
    <message>
        <source>Quantized alone</source>
        <translation>Allein quantisiert</translation>
    </message>
    <message>
        <source>Quantize…</source>
        <translation>Quantisieren…</translation>
    </message>
    <message>
        <source>Run Sensitivity</source>
        <translation>Sensitivität analysieren</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <source>Save Quantized Model…</source>
        <translation>Quantisiertes Modell speichern…</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>Tiefe</translation>
    </message>
    <message>
        <source>Histogram</source>
        <translation>Histogramm</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <source>Keep the worst</source>
        <translation>Die schlechtesten</translation>
    </message>
    <message>
        <source> node(s) in float</source>
        <translation> Knoten in Gleitkomma behalten</translation>
    </message>
    <message>
        <source>Sensitivity</source>
        <translation>Sensitivität</translation>
    </message>
    <message>
        <source>Choose calibration data and settings, quantize and measure the error (Ctrl+Shift+Q)</source>
        <translation>Kalibrierungsdaten und Einstellungen wählen, quantisieren und den Fehler messen (Strg+Umschalt+Q)</translation>
    </message>
    <message>
        <source>Quantize each node alone, and leave each node alone in float, and rank what it does to the model&apos;s output</source>
        <translation>Jeden Knoten einzeln quantisieren und jeden Knoten einzeln in Gleitkomma belassen und danach ordnen, wie sich das auf den Modellausgang auswirkt</translation>
    </message>
    <message>
        <source>Output error (and estimated latency on the chosen device) with the worst nodes kept in float, before applying</source>
        <translation>Ausgangsfehler (und geschätzte Latenz auf dem gewählten Gerät), wenn die schlechtesten Knoten in Gleitkomma bleiben, vor dem Anwenden</translation>
    </message>
    <message>
        <source>Quantize the model (Quantize → Quantize…) to see where quantization error comes from.</source>
        <translation>Quantisieren Sie das Modell (Quantisieren → Quantisieren…), um zu sehen, woher der Quantisierungsfehler kommt.</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message numerus="yes">
        <source>Calibrated on %1; error measured over %n sample(s) against the float model.</source>
        <translation>
            <numerusform>Kalibriert auf %1; Fehler über %n Stichprobe gegenüber dem Gleitkommamodell gemessen.</numerusform>
            <numerusform>Kalibriert auf %1; Fehler über %n Stichproben gegenüber dem Gleitkommamodell gemessen.</numerusform>
        </translation>
    </message>
    <message>
        <source>SQNR</source>
        <translation>SQNR</translation>
    </message>
    <message>
        <source>Top-1 agreement</source>
        <translation>Top-1-Übereinstimmung</translation>
    </message>
    <message>
        <source>Nodes that inject the most error</source>
        <translation>Knoten, die den meisten Fehler einbringen</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>output SQNR (all error up to the node)</source>
        <translation>Ausgangs-SQNR (gesamter Fehler bis zum Knoten)</translation>
    </message>
    <message>
        <source>injected by the node alone</source>
        <translation>vom Knoten allein eingebracht</translation>
    </message>
    <message>
        <source>depth (nodes from the input); click a point to select its node</source>
        <translation>Tiefe (Knoten ab dem Eingang); einen Punkt anklicken, um seinen Knoten auszuwählen</translation>
    </message>
    <message>
        <source>SQNR (dB), higher is better; dashed: model output</source>
        <translation>SQNR (dB), höher ist besser; gestrichelt: Modellausgang</translation>
    </message>
    <message numerus="yes">
        <source>Fully quantized: output SQNR %1 over %n sample(s).</source>
        <translation>
            <numerusform>Vollständig quantisiert: Ausgangs-SQNR %1 über %n Stichprobe.</numerusform>
            <numerusform>Vollständig quantisiert: Ausgangs-SQNR %1 über %n Stichproben.</numerusform>
        </translation>
    </message>
    <message>
        <source>&apos;%1&apos; float values over the calibration data; dashed: the clipping range [%2, %3] (%4)</source>
        <translation>Gleitkommawerte von „%1“ über die Kalibrierungsdaten; gestrichelt: der Clipping-Bereich [%2, %3] (%4)</translation>
    </message>
    <message>
        <source>count (log)</source>
        <translation>Anzahl (log)</translation>
    </message>
    <message>
        <source>No calibration histogram for &apos;%1&apos;</source>
        <translation>Kein Kalibrierungshistogramm für „%1“</translation>
    </message>
    <message>
        <source>Select a node to see its values</source>
        <translation>Wählen Sie einen Knoten aus, um seine Werte zu sehen</translation>
    </message>
    <message>
        <source>max</source>
        <translation>max</translation>
    </message>
    <message>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <source>output channel of &apos;%1&apos; (%2 channels); one scale per channel keeps small channels precise</source>
        <translation>Ausgangskanal von „%1“ (%2 Kanäle); ein Skalierungsfaktor pro Kanal hält kleine Kanäle genau</translation>
    </message>
    <message>
        <source>weight range (whole tensor spans %1)</source>
        <translation>Gewichtsbereich (der ganze Tensor umfasst %1)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has no weight to show</source>
        <translation>„%1“ hat kein Gewicht zum Anzeigen</translation>
    </message>
    <message>
        <source>Select a Conv or Gemm to see its per-channel weight ranges</source>
        <translation>Wählen Sie ein Conv oder Gemm aus, um seine Gewichtsbereiche pro Kanal zu sehen</translation>
    </message>
    <message>
        <source>Keep &apos;%1&apos; in Float</source>
        <translation>„%1“ in Gleitkomma behalten</translation>
    </message>
    <message>
        <source>Quantize &apos;%1&apos; with 16-bit Activations</source>
        <translation>„%1“ mit 16-Bit-Aktivierungen quantisieren</translation>
    </message>
    <message>
        <source>Back to the Default Precision</source>
        <translation>Zurück zur Standardpräzision</translation>
    </message>
</context>
<context>
    <name>silica::QuantTools</name>
    <message>
        <source>&amp;Quantize…</source>
        <translation>&amp;Quantisieren…</translation>
    </message>
    <message>
        <source>Run &amp;Sensitivity</source>
        <translation>&amp;Sensitivität analysieren</translation>
    </message>
    <message>
        <source>Save &amp;Quantized Model…</source>
        <translation>Quantisiertes &amp;Modell speichern…</translation>
    </message>
    <message>
        <source>Calibrate, quantize to INT8 / INT16 / FP16 and measure the error each node adds</source>
        <translation>Kalibrieren, nach INT8 / INT16 / FP16 quantisieren und den Fehler messen, den jeder Knoten hinzufügt</translation>
    </message>
    <message>
        <source>Save Quantized Model</source>
        <translation>Quantisiertes Modell speichern</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx)</source>
        <translation>ONNX-Modelle (*.onnx)</translation>
    </message>
    <message>
        <source>Cannot Save the Quantized Model</source>
        <translation>Quantisiertes Modell kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <source>&amp;Quantize</source>
        <translation>&amp;Quantisieren</translation>
    </message>
    <message>
        <source>Quantization &amp;Panel</source>
        <translation>Quantisierungs&amp;panel</translation>
    </message>
    <message>
        <source>Quantize the model (Quantize → Quantize…, Ctrl+Shift+Q) to see where quantization error comes from.</source>
        <translation>Quantisieren Sie das Modell (Quantisieren → Quantisieren…, Strg+Umschalt+Q), um zu sehen, woher der Quantisierungsfehler kommt.</translation>
    </message>
    <message>
        <source>The model changed since it was quantized: quantize again to update the figures.</source>
        <translation>Das Modell hat sich seit dem Quantisieren geändert: Quantisieren Sie erneut, um die Werte zu aktualisieren.</translation>
    </message>
    <message>
        <source>Quantizing (%1)…</source>
        <translation>Quantisiere (%1)…</translation>
    </message>
    <message>
        <source>Quantization Failed</source>
        <translation>Quantisierung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Quantizing (%1)</source>
        <translation>Quantisiere (%1)</translation>
    </message>
    <message>
        <source>Sensitivity Analysis Failed</source>
        <translation>Sensitivitätsanalyse fehlgeschlagen</translation>
    </message>
    <message>
        <source>Sensitivity per node</source>
        <translation>Sensitivität je Knoten</translation>
    </message>
    <message>
        <source>Cannot preview: %1</source>
        <translation>Vorschau nicht möglich: %1</translation>
    </message>
    <message>
        <source>Keeping %1 in float: output SQNR %2 (fully quantized %3).</source>
        <translation>Mit %1 in Gleitkomma: Ausgangs-SQNR %2 (vollständig quantisiert %3).</translation>
    </message>
    <message>
        <source>Estimated latency on %1: %2 ms (now %3 ms).</source>
        <translation>Geschätzte Latenz auf %1: %2 ms (jetzt %3 ms).</translation>
    </message>
    <message>
        <source>Choose a device in the toolbar to see the estimated latency too.</source>
        <translation>Wählen Sie in der Werkzeugleiste ein Gerät, um auch die geschätzte Latenz zu sehen.</translation>
    </message>
    <message numerus="yes">
        <source>Previewing %n node(s) kept in float</source>
        <translation>
            <numerusform>Vorschau mit %n Knoten in Gleitkomma</numerusform>
            <numerusform>Vorschau mit %n Knoten in Gleitkomma</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing is quantized yet.</source>
        <translation>Noch ist nichts quantisiert.</translation>
    </message>
</context>
</TS>
