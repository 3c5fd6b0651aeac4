// The ONNX backend conformance data (Debian libonnx-testdata) through the runtime: every test
// of every op we implement must pass, except the checked-in known failures, each with a reason.
//
// SILICA_CONFORMANCE_FILTER=<regex> runs only matching tests and prints every outcome.

#include "conformance_runner.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include <map>
#include <set>

using namespace silica::testing;

namespace {

const QString kDataDir = QStringLiteral("/usr/share/libonnx-testdata/data");

// test name → reason, from conformance_known_failures.txt ("name  reason" per line, '#' comments).
std::map<QString, QString> knownFailures()
{
    std::map<QString, QString> out;
    QFile file(QStringLiteral(SILICA_SOURCE_DIR "/tests/runtime/conformance_known_failures.txt"));
    if (!file.open(QIODevice::ReadOnly))
        return out;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype space = line.indexOf(QLatin1Char(' '));
        out[line.left(space)] = space < 0 ? QString() : line.mid(space).trimmed();
    }
    return out;
}

} // namespace

class TestConformance : public QObject
{
    Q_OBJECT
private slots:
    void suite_data();
    void suite();
};

void TestConformance::suite_data()
{
    QTest::addColumn<QString>("folder");
    QTest::newRow("node") << QStringLiteral("node");
    QTest::newRow("pytorch-converted") << QStringLiteral("pytorch-converted");
    QTest::newRow("pytorch-operator") << QStringLiteral("pytorch-operator");
    QTest::newRow("simple") << QStringLiteral("simple");
}

void TestConformance::suite()
{
    QFETCH(QString, folder);
    const QDir dir(kDataDir + QLatin1Char('/') + folder);
    if (!dir.exists())
        QSKIP("libonnx-testdata is not installed (apt-get install libonnx-testdata)");
    const QString filterText = qEnvironmentVariable("SILICA_CONFORMANCE_FILTER");
    const QRegularExpression filter(filterText);
    const bool verbose = !filterText.isEmpty();
    const std::map<QString, QString> known = knownFailures();

    int passed = 0, failed = 0, skipped = 0, outOfScope = 0;
    std::map<std::string, int> missingOps; // op → tests skipped for it
    QStringList unexpected, nowPassing;
    for (const QString &name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        if (!filter.match(name).hasMatch())
            continue;
        const ConformanceResult r = runConformanceTest(dir.filePath(name).toStdString());
        const bool isKnown = known.count(name) > 0;
        switch (r.outcome) {
        case ConformanceResult::Outcome::Passed:
            ++passed;
            if (isKnown)
                nowPassing << name;
            break;
        case ConformanceResult::Outcome::Failed:
            ++failed;
            if (!isKnown)
                unexpected << name + QStringLiteral(": ") + QString::fromStdString(r.message);
            break;
        case ConformanceResult::Outcome::Skipped:
            ++skipped;
            if (r.outOfScope)
                ++outOfScope;
            for (const std::string &op : r.ops)
                ++missingOps[op];
            break;
        }
        if (verbose)
            qInfo().noquote() << name
                              << (r.outcome == ConformanceResult::Outcome::Passed   ? "passed"
                                  : r.outcome == ConformanceResult::Outcome::Failed ? "FAILED"
                                                                                     : "skipped")
                              << QString::fromStdString(r.message);
    }
    qInfo().noquote() << folder << QStringLiteral(": %1 passed, %2 failed, %3 skipped (%4 out of scope: training, sequence, optional, string)")
                                      .arg(passed).arg(failed).arg(skipped).arg(outOfScope);
    QStringList missing;
    for (const auto &[op, count] : missingOps)
        missing << QStringLiteral("%1 (%2)").arg(QString::fromStdString(op)).arg(count);
    if (!missing.isEmpty())
        qInfo().noquote() << "  skipped, no kernel yet:" << missing.join(QStringLiteral(", "));
    for (const QString &u : unexpected)
        qWarning().noquote() << "  unexpected failure:" << u;
    for (const QString &p : nowPassing)
        qWarning().noquote() << "  listed as a known failure but passes (remove it):" << p;
    QVERIFY2(unexpected.isEmpty(), qPrintable(QStringLiteral("%1 unexpected failures").arg(unexpected.size())));
    QVERIFY2(nowPassing.isEmpty(), "known-failure list is stale");
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("ops without a kernel: ") + missing.join(QStringLiteral(", "))));
}

QTEST_GUILESS_MAIN(TestConformance)
#include "tst_conformance.moc"
