#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QXmlStreamReader>

// Every string the user sees is translated: each shipped .ts file has a finished translation
// for every message, with the same placeholders as the source.
class TestTranslations : public QObject
{
    Q_OBJECT

private:
    static QSet<QString> placeholders(const QString &text)
    {
        static const QRegularExpression re(QStringLiteral("%\\d"));
        QSet<QString> found;
        for (const QRegularExpressionMatch &m : re.globalMatch(text))
            found.insert(m.captured());
        return found;
    }

private slots:
    void everyMessageIsTranslated_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("de") << QStringLiteral("silica_de.ts");
        QTest::newRow("zh_CN") << QStringLiteral("silica_zh_CN.ts");
    }

    void everyMessageIsTranslated()
    {
        QFETCH(QString, file);
        QFile f(QStringLiteral(SILICA_SOURCE_DIR) + QStringLiteral("/translations/") + file);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        QXmlStreamReader xml(&f);
        int messages = 0;
        QString context, source;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement())
                continue;
            if (xml.name() == QLatin1String("name")) {
                context = xml.readElementText();
            } else if (xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (xml.name() == QLatin1String("translation")) {
                const QString type = xml.attributes().value(QLatin1String("type")).toString();
                // Plural messages hold one <numerusform> per form.
                const QString translation =
                    xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
                const QString where = context + QStringLiteral(": ") + source;
                QVERIFY2(type.isEmpty(), qPrintable(type + QStringLiteral(" — ") + where));
                QVERIFY2(!translation.isEmpty(), qPrintable(where));
                QCOMPARE(placeholders(translation), placeholders(source));
                ++messages;
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(messages > 50);
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
