// The JSON reader/writer (nlohmann/json underneath): configs and metrics depend on it reading back what it wrote,
// on its errors pointing at the line and column that is wrong, and on integers staying exact.
#include "engine/io/json.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace pretext::engine;

class TestJson : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Inputs the fuzzer (fuzz/fuzz_config.cpp) found crashing the parser, kept as regressions: each is refused with a
    // positioned message or parsed, never read past its end (checked for real under the fuzz and asan presets).
    void fuzzRegressions()
    {
        const QDir dir(QStringLiteral(PRETEXT_TEST_DATA "/fuzz-regressions"));
        const QStringList files = dir.entryList({QStringLiteral("config-*.bin")}, QDir::Files);
        QVERIFY(!files.isEmpty());
        for (const QString &name : files) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            try {
                json::parse(std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())), "regression");
            } catch (const std::runtime_error &e) {
                QVERIFY2(QString(e.what()).startsWith("regression:"), e.what());
            }
        }
    }

    // Found by fuzz_config (tests/data/fuzz-regressions/config-2.bin): a literal with more digits than a double
    // holds. Its double dumps as 1.111111111111111e+17, which reads back as the exact integer 111111111111111100
    // (the same double); from then on the text stays the same. What must hold: the value never changes.
    void numbersBeyondDoublePrecisionKeepTheirValue_data()
    {
        QTest::addColumn<QString>("literal");
        QTest::newRow("fraction past 2^53") << "1111111111111111111115e-4";
        QTest::newRow("integer past 2^53") << "111111111111111111";
        QTest::newRow("integer past 2^63") << "18446744073709551615";
        QTest::newRow("tiny") << "4.9406564584124654e-324";
        QTest::newRow("negative, exponent") << "-1.7976931348623157e308";
    }

    void numbersBeyondDoublePrecisionKeepTheirValue()
    {
        QFETCH(QString, literal);
        const json::Value v = json::parse("{\"x\":" + literal.toStdString() + "}");
        const json::Value once = json::parse(json::dump(v));
        QCOMPARE(once.find("x")->asNumber(), v.find("x")->asNumber());
        const std::string text = json::dump(once);
        const json::Value twice = json::parse(text);
        QCOMPARE(twice.find("x")->asNumber(), v.find("x")->asNumber());
        QCOMPARE(json::dump(twice), text);
        QCOMPARE(json::dump(json::parse(json::dump(twice, 2))), text);
    }

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
        QTest::newRow("missing comma in object") << "{\"a\": 1\n \"b\": 2}"
                                                 << "t.json:2:2: expected ',' or '}' after an object member";
        QTest::newRow("missing comma in array") << "[1, 22 3]" << "t.json:1:8: expected ',' or ']' after an array element";
        QTest::newRow("empty") << "" << "t.json:1:1: unexpected end of input, expected a value";
        QTest::newRow("end inside array") << "[1,\n" << "t.json:2:1: unexpected end of input, expected a value";
        QTest::newRow("end after key") << "{\"a\"" << "t.json:1:5: unexpected end of input, expected ':' after key \"a\"";
        QTest::newRow("unquoted key") << "{a: 1}" << "t.json:1:2: unexpected character 'a', expected a quoted key";
        QTest::newRow("stray bracket") << "[1,]" << "t.json:1:4: unexpected ']', expected a value";
        QTest::newRow("bad escape") << "[\"a\\qb\"]" << "t.json:1:5: unknown escape '\\q'";
        QTest::newRow("raw newline in string") << "[\"a\nb\"]" << "t.json:1:4: control character U+000A inside a string";
        QTest::newRow("bare minus") << "[-]" << "t.json:1:3: expected digits in number";
        QTest::newRow("number overflow") << "[1, 1e999]" << "t.json:1:5: number out of range";
        QTest::newRow("number underflow") << "[1e-999]" << "t.json:1:2: number out of range";
        QTest::newRow("after a byte-order mark") << "\xEF\xBB\xBF{\"a\": x}"
                                                 << "t.json:1:7: unexpected character 'x', expected a value";
        QTest::newRow("second value") << "{} {}" << "t.json:1:4: unexpected text after the JSON value";
        QTest::newRow("too deep") << QString(300, '[') << "t.json:1:257: nesting deeper than 256 levels";
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

    // A NUL byte ends nlohmann's input; it must not hide what follows.
    void nulAfterTheValue()
    {
        try {
            json::parse(std::string("[1]\0[2]", 7), "t.json");
            QFAIL("parse accepted text after a NUL byte");
        } catch (const std::runtime_error &e) {
            QCOMPARE(QString(e.what()), QString("t.json:1:4: unexpected text after the JSON value"));
        }
    }

    // Strings must be UTF-8 (a Latin-1 byte is refused where it is).
    void invalidUtf8()
    {
        try {
            json::parse(std::string("[\"caf\xe9\"]"), "t.json");
            QFAIL("parse accepted a Latin-1 string");
        } catch (const std::runtime_error &e) {
            QCOMPARE(QString(e.what()), QString("t.json:1:6: invalid UTF-8 in a string"));
        }
    }

    // A file saved by an editor that writes a UTF-8 byte-order mark (EF BB BF) reads like one without it.
    void byteOrderMarkAccepted()
    {
        const std::string text = "\xEF\xBB\xBF{\"epochs\": 3}";
        QCOMPARE(json::parse(text)["epochs"].asInt64(), int64_t(3));
        QTemporaryDir dir;
        const std::string path = dir.filePath("bom.json").toStdString();
        std::ofstream(path, std::ios::binary) << text;
        QCOMPARE(json::parseFile(path)["epochs"].asInt64(), int64_t(3));
    }

    void parseFileErrorsNameTheFile()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("bad.json").toStdString();
        std::ofstream(path, std::ios::binary) << "{\n  \"a\": [1, 2,]\n}";
        try {
            json::parseFile(path);
            QFAIL("parseFile accepted malformed JSON");
        } catch (const std::runtime_error &e) {
            QCOMPARE(QString(e.what()), QString::fromStdString(path + ":2:14: unexpected ']', expected a value"));
        }
        try {
            json::parseFile(path + ".missing");
            QFAIL("parseFile opened a missing file");
        } catch (const std::runtime_error &e) {
            QVERIFY(QString(e.what()).startsWith(QString::fromStdString(path + ".missing: cannot open file")));
        }
    }

    // Integers are kept exactly, beyond 2^53 too; the text of other numbers is kept for messages.
    void integersStayExact_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("integer");
        QTest::addColumn<qint64>("value");
        QTest::addColumn<QString>("numberText");
        QTest::addColumn<QString>("written"); // what dump writes
        QTest::newRow("past 2^53") << "9007199254740993" << true << qint64(9007199254740993LL) << "" << "9007199254740993";
        QTest::newRow("int64 max") << "9223372036854775807" << true << std::numeric_limits<qint64>::max() << ""
                                   << "9223372036854775807";
        QTest::newRow("int64 min") << "-9223372036854775808" << true << std::numeric_limits<qint64>::min() << ""
                                   << "-9223372036854775808";
        QTest::newRow("exponent") << "1e10" << true << qint64(10000000000LL) << "1e10" << "10000000000";
        QTest::newRow("exact past 2^53 with exponent") << "9007199254740993e0" << true << qint64(9007199254740993LL)
                                                       << "9007199254740993e0" << "9007199254740993";
        QTest::newRow("point zero") << "2.0" << true << qint64(2) << "2.0" << "2";
        QTest::newRow("fraction") << "2.50" << false << qint64(0) << "2.50" << "2.5";
        QTest::newRow("past uint64") << "18446744073709551616" << false << qint64(0) << "18446744073709551616"
                                     << "1.8446744073709552e+19";
        QTest::newRow("past int64") << "9223372036854775808" << false << qint64(0) << "9223372036854775808"
                                    << "9.223372036854776e+18";
    }
    void integersStayExact()
    {
        QFETCH(QString, text);
        QFETCH(bool, integer);
        QFETCH(qint64, value);
        QFETCH(QString, numberText);
        QFETCH(QString, written);
        const json::Value v = json::parse(text.toStdString());
        QVERIFY(v.isNumber());
        QCOMPARE(v.isInteger(), integer);
        if (integer) QCOMPARE(v.asInt64(), int64_t(value));
        QCOMPARE(QString::fromStdString(v.numberText()), numberText);
        QCOMPARE(QString::fromStdString(json::dump(v)), written);
        QCOMPARE(json::parse(json::dump(v)).asNumber(), v.asNumber());
        if (integer) QCOMPARE(json::parse(json::dump(v)).asInt64(), int64_t(value));
    }

    void integersMadeInCode()
    {
        QVERIFY(json::Value(3).isInteger());
        QVERIFY(json::Value(3.0).isInteger());
        QVERIFY(!json::Value(2.5).isInteger());
        QVERIFY(!json::Value(1e30).isInteger());
        QCOMPARE(json::Value(uint64_t(9007199254740993ULL)).asInt64(), int64_t(9007199254740993LL));
        QCOMPARE(json::dump(json::Value(int64_t(9007199254740993LL))), std::string("9007199254740993"));
        QVERIFY(json::Value(int64_t(5)).numberText().empty());
        try {
            json::parse("2.5").asInt64();
            QFAIL("asInt64 accepted 2.5");
        } catch (const std::runtime_error &e) {
            QCOMPARE(QString(e.what()), QString("expected an integer, found 2.5"));
        }
        try {
            json::parse("\"7\"").asInt64();
            QFAIL("asInt64 accepted a string");
        } catch (const std::runtime_error &e) {
            QCOMPARE(QString(e.what()), QString("expected an integer, found a string"));
        }
    }

    // The writer's layout is the one configs and goldens have: scalar arrays on one line, keys in insertion order.
    void prettyLayout()
    {
        json::Value v;
        v["shape"] = json::Value(json::Value::Array{4, 8});
        v["cases"] = json::Value(json::Value::Array{json::Value::object()});
        v["cases"].asArray()[0]["lr"] = 1e-5;
        QCOMPARE(json::dump(v, 2), std::string("{\n  \"shape\": [4, 8],\n  \"cases\": [\n    {\n      \"lr\": 1e-05\n    }\n  ]\n}"));
        QCOMPARE(json::dump(v), std::string("{\"shape\":[4,8],\"cases\":[{\"lr\":1e-05}]}"));
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
