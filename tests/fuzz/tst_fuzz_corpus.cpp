// Replays the loader fuzzer's saved corpus (tests/fuzz/corpus) under the normal build, so
// every input that once found a bug stays fixed.

#include <QDir>
#include <QFile>
#include <QtTest>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

class TestFuzzCorpus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replaysCorpus_data()
    {
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(SILICA_SOURCE_DIR "/tests/fuzz/corpus"));
        const QStringList files = dir.entryList(QDir::Files, QDir::Name);
        QVERIFY2(files.size() >= 10, "the fuzz corpus is missing");
        for (const QString &f : files)
            QTest::newRow(f.toUtf8().constData()) << dir.filePath(f);
    }
    void replaysCorpus()
    {
        QFETCH(QString, path);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QCOMPARE(LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.constData()),
                                        static_cast<size_t>(bytes.size())),
                 0);
    }
};

QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "tst_fuzz_corpus.moc"
