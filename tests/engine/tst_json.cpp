// The in-house JSON reader/writer: configs and metrics depend on it reading back what it wrote and on its
// errors pointing at the line and column that is wrong.
#include "engine/io/json.h"

#include <QtTest>

using namespace pretext::engine;

class TestJson : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        json::Value v;
        v["name"] = "simclr";
        v["lr"] = 0.0003;
        v["epochs"] = 3;
        v["flags"] = json::Value(json::Value::Array{true, false, nullptr});
        v["text"] = "quote \" and \\ and \n newline";
        for (int indent : {-1, 2}) {
            auto back = json::parse(json::dump(v, indent));
            QCOMPARE(back["name"].asString(), std::string("simclr"));
            QCOMPARE(back["lr"].asNumber(), 0.0003);
            QCOMPARE(back["epochs"].asNumber(), 3.0);
            QCOMPARE(back["flags"].asArray().size(), size_t(3));
            QVERIFY(back["flags"].asArray()[2].isNull());
            QCOMPARE(back["text"].asString(), v["text"].asString());
        }
        // Keys keep their insertion order.
        QCOMPARE(json::dump(v).substr(0, 8), std::string("{\"name\":"));
    }

    void numbersRoundTripExactly()
    {
        for (double d : {0.1, 1.0 / 3.0, 1e-7, 123456.789, -2.5e30}) {
            auto back = json::parse(json::dump(json::Value(d)));
            QCOMPARE(back.asNumber(), d);
        }
    }

    void errors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("trailing comma") << "{\"a\": 1,}" << "t.json:1:9: expected a quoted key";
        QTest::newRow("second line") << "{\n  \"a\" 1}" << "t.json:2:7: expected ':' after key \"a\"";
        QTest::newRow("unterminated") << "\"abc" << "t.json:1:5: unterminated string";
        QTest::newRow("garbage after") << "[1] x" << "t.json:1:5: unexpected text after the JSON value";
        QTest::newRow("duplicate key") << "{\"a\":1,\"a\":2}" << "t.json:1:12: duplicate key \"a\"";
        QTest::newRow("bad literal") << "[tru]" << "t.json:1:2: expected 'true'";
    }
    void errors()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        try {
            json::parse(text.toStdString(), "t.json");
            QFAIL("parse accepted malformed JSON");
        } catch (const std::runtime_error &e) {
            QCOMPARE(QString::fromStdString(e.what()), message);
        }
    }

    void typeErrorsNameTheTypes()
    {
        auto v = json::parse("{\"a\": \"x\"}");
        try {
            v["a"].asNumber();
            QFAIL("asNumber accepted a string");
        } catch (const std::runtime_error &e) {
            QCOMPARE(QString(e.what()), QString("expected a number, found a string"));
        }
    }
};

QTEST_GUILESS_MAIN(TestJson)
#include "tst_json.moc"
