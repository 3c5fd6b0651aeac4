// Find: nodes by name substring, op type and regular expression.

#include "core/graph/graph_index.h"
#include "core/session/node_search.h"
#include "tests/common/test_support.h"

#include <QtTest>

using namespace silica;

class TestNodeSearch : public QObject
{
    Q_OBJECT

private:
    Model m_model = test::smallCnn();

    QStringList find(NodeMatch match, const char *text, bool caseSensitive = false)
    {
        const Expected<std::vector<NodeId>> found =
            findNodes(*m_model.graph, NodeQuery{match, text, caseSensitive});
        if (!found)
            return {QStringLiteral("error: ") + QString::fromStdString(found.error().message())};
        QStringList names;
        for (NodeId id : *found)
            names << QString::fromStdString(m_model.graph->index().node(id)->name);
        return names;
    }

private Q_SLOTS:
    void findsNodes_data()
    {
        QTest::addColumn<int>("match");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("caseSensitive");
        QTest::addColumn<QStringList>("expected");
        const int name = int(NodeMatch::NameContains), op = int(NodeMatch::OpType),
                  regex = int(NodeMatch::Regex);
        QTest::newRow("name substring") << name << QStringLiteral("features/") << false
                                        << QStringList{QStringLiteral("/features/conv/Conv"),
                                                       QStringLiteral("/features/relu/Relu"),
                                                       QStringLiteral("/features/Identity")};
        QTest::newRow("name ignores case") << name << QStringLiteral("GEMM") << false
                                           << QStringList{QStringLiteral("/head/fc/Gemm")};
        QTest::newRow("name with case") << name << QStringLiteral("GEMM") << true << QStringList{};
        QTest::newRow("op type exact") << op << QStringLiteral("relu") << false
                                       << QStringList{QStringLiteral("/features/relu/Relu")};
        QTest::newRow("op type is not a prefix")
            << op << QStringLiteral("Rel") << false << QStringList{};
        QTest::newRow("regex") << regex << QStringLiteral("^/head/.*(Gemm|Flatten)$") << false
                               << QStringList{QStringLiteral("/head/Flatten"),
                                              QStringLiteral("/head/fc/Gemm")};
        QTest::newRow("empty text") << name << QString() << false << QStringList{};
    }

    void findsNodes()
    {
        QFETCH(int, match);
        QFETCH(QString, text);
        QFETCH(bool, caseSensitive);
        QFETCH(QStringList, expected);
        QCOMPARE(find(NodeMatch(match), text.toUtf8().constData(), caseSensitive), expected);
    }

    void rejectsInvalidRegex()
    {
        const Expected<std::vector<NodeId>> found =
            findNodes(*m_model.graph, NodeQuery{NodeMatch::Regex, "conv(", false});
        QVERIFY(!found);
        QCOMPARE(found.error().code(), ErrorCode::InvalidArgument);
        const QString message = QString::fromStdString(found.error().message());
        QVERIFY2(message.contains(QStringLiteral("missing closing parenthesis")),
                 qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("at character 6")), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestNodeSearch)
#include "tst_node_search.moc"
