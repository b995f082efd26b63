// report.html as a reader opens it, later and elsewhere: one file that holds the run's identity, the command that
// trains it again, the curves, the final metrics, the newest snapshot of each kind and the config, and that fetches
// nothing (no snapshots/ beside it, no network).
#include "tests/support.h"

#include "engine/io/json.h"
#include "engine/io/report.h"
#include "engine/io/runfolder.h"
#include "engine/io/svgchart.h"
#include "engine/train/runconfig.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtTest>

using namespace pretext::engine;

namespace {

QByteArray readBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The five entities the report writes.
QString unescape(QString s)
{
    s.replace(QLatin1String("&lt;"), QLatin1String("<"));
    s.replace(QLatin1String("&gt;"), QLatin1String(">"));
    s.replace(QLatin1String("&quot;"), QLatin1String("\""));
    s.replace(QLatin1String("&apos;"), QLatin1String("'"));
    s.replace(QLatin1String("&amp;"), QLatin1String("&"));
    return s;
}

struct Embedded {
    QString kind;
    qint64 step = -1;
    QByteArray png; // decoded
};

// The pictures of the report with their captions; a payload that is not valid base64 fails the test.
QList<Embedded> embeddedImages(const QString &html)
{
    static const QRegularExpression figure(QStringLiteral(
        "<figure><img alt='[^']*' src='data:image/png;base64,([^']*)'><figcaption><b>([^<]+)</b> at step (\\d+)"));
    QList<Embedded> out;
    for (auto it = figure.globalMatch(html); it.hasNext();) {
        const auto m = it.next();
        const auto decoded
            = QByteArray::fromBase64Encoding(m.captured(1).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) return {};
        out.append({ unescape(m.captured(2)), m.captured(3).toLongLong(), *decoded });
    }
    return out;
}

// What a reader's browser would have to fetch: src and href values that are not data: URIs or in-page anchors.
QStringList externalReferences(const QString &html)
{
    static const QRegularExpression attr(
        QStringLiteral("(?:src|href)\\s*=\\s*['\"]([^'\"]*)"), QRegularExpression::CaseInsensitiveOption);
    QStringList out;
    for (auto it = attr.globalMatch(html); it.hasNext();) {
        const QString v = it.next().captured(1);
        if (!v.startsWith(QLatin1String("data:")) && !v.startsWith(QLatin1Char('#'))) out << v;
    }
    return out;
}

} // namespace

class TestReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void tinyRunWritesOneSelfContainedFile()
    {
        QTemporaryDir tmp;
        // A folder name that needs escaping in HTML and quoting in a shell.
        const QString dir = tmp.path() + QStringLiteral("/run <a&b> 'x'");
        RunConfig config = pretext::tests::tinyRunConfig();
        config.lr = 0.0003;
        config.seed = 4242;
        {
            Trainer trainer(config, dir.toStdString());
            QCOMPARE(trainer.run(), TrainOutcome::Finished);
        }
        const QByteArray bytes = readBytes(dir + "/report.html");
        QVERIFY(!bytes.isEmpty());
        const QString html = QString::fromUtf8(bytes);

        // Self-contained: no snapshot files beside it, nothing on the network, no scripts.
        QVERIFY(!html.contains(QLatin1String("src='snapshots/")));
        QVERIFY(!html.contains(QLatin1String("snapshots/")));
        QVERIFY(!html.contains(QLatin1String("http://"), Qt::CaseInsensitive));
        QVERIFY(!html.contains(QLatin1String("https://"), Qt::CaseInsensitive));
        QVERIFY(!html.contains(QLatin1String("<script"), Qt::CaseInsensitive));
        QCOMPARE(externalReferences(html), QStringList());
        // Escaped: the folder's name shows as text, never as markup.
        QVERIFY(!html.contains(QLatin1String("<a&b>")));
        QVERIFY(html.contains(QLatin1String("run &lt;a&amp;b&gt; &apos;x&apos;")));

        // Identity, state from state.json (written before the report), versions from config.json.
        const QString absDir = QDir(dir).canonicalPath();
        QVERIFY(unescape(html).contains("<code>" + absDir + "</code>"));
        QVERIFY(html.contains(QLatin1String("<b>finished</b>")));
        QVERIFY(html.contains(QLatin1String("simclr (SimCLR")));
        QVERIFY(html.contains(QLatin1String("shapes:80")));
        QVERIFY(html.contains(QLatin1String("Training time")));
        QVERIFY(html.contains(QLatin1String("4242")));
        const auto cfg = json::parseFile((dir + "/config.json").toStdString());
        QVERIFY(
            html.contains(QString::fromStdString("libtorch " + cfg.find("versions")->find("libtorch")->asString())));

        // The command that trains it again: from a saved config.json, and from the folder (shell-quoted).
        QVERIFY(html.contains(QLatin1String("pretext-cli train --config config.json --out NEW_DIR")));
        QString quoted = absDir + "/config.json";
        quoted.replace(QLatin1String("'"), QLatin1String("'\\''"));
        QVERIFY2(
            unescape(html).contains("pretext-cli train --config '" + quoted + "' --out NEW_DIR"), qPrintable(quoted));

        // The config, in full: the page's copy and the download link are config.json byte for byte.
        const QByteArray configBytes = readBytes(dir + "/config.json");
        static const QRegularExpression pre(QStringLiteral("<pre id='config-json'>([^<]*)</pre>"));
        const auto shown = pre.match(html);
        QVERIFY(shown.hasMatch());
        QCOMPARE(unescape(shown.captured(1)).toUtf8(), configBytes);
        static const QRegularExpression link(
            QStringLiteral("<a download='config.json' href='data:application/json;base64,([^']*)'>"));
        const auto saved = link.match(html);
        QVERIFY(saved.hasMatch());
        QCOMPARE(QByteArray::fromBase64(saved.captured(1).toLatin1()), configBytes);
        const QJsonObject parsed = QJsonDocument::fromJson(unescape(shown.captured(1)).toUtf8()).object();
        QCOMPARE(parsed.value(QLatin1String("lr")).toDouble(), 0.0003);
        QCOMPARE(parsed.value(QLatin1String("seed")).toDouble(), 4242.0);
        QVERIFY(html.contains(QLatin1String("&quot;lr&quot;: 0.0003")));

        // Curves as inline SVG: the loss per step and the accuracies per epoch, with titles and axis labels.
        QVERIFY(html.count(QLatin1String("<svg")) >= 2);
        QVERIFY(html.contains(QLatin1String(">Training loss</text>")));
        QVERIFY(html.contains(QLatin1String(">Test accuracy after each epoch</text>")));
        for (const char *label : { ">step</text>", ">loss</text>", ">epoch</text>", ">accuracy (%)</text>",
                 ">linear probe, random init</text>", ">kNN</text>" })
            QVERIFY2(html.contains(QLatin1String(label)), label);
        QVERIFY(html.count(QLatin1String("<polyline")) >= 2);

        // Final metrics: the last evaluation and the random-init baseline, as metrics.jsonl has them.
        double lastProbe = -1, randomProbe = -1, lastLoss = NAN;
        for (const auto &line : readMetrics((dir + "/metrics.jsonl").toStdString())) {
            if (const auto *l = line.find("loss")) lastLoss = l->asNumber();
            if (const auto *p = line.find("probe_acc"))
                (line.contains("random_init") ? randomProbe : lastProbe) = p->asNumber();
        }
        QVERIFY(lastProbe >= 0 && randomProbe >= 0 && std::isfinite(lastLoss));
        const auto pct = [](double v) { return QString::fromStdString(svg::number(100 * v, 1)) + " %"; };
        QVERIFY(html.contains("Linear probe, last</th><td>" + pct(lastProbe) + " (epoch 2)"));
        QVERIFY(html.contains("Random-init baseline</th><td>linear probe " + pct(randomProbe)));
        QVERIFY(html.contains("Final loss</th><td>" + QString::fromStdString(svg::number(lastLoss, 4)) + " at step 6"));

        // The newest snapshot of each kind, embedded, decodable, byte for byte the trainer's PNG; older ones left out.
        QVERIFY(QFile::exists(dir + "/snapshots/step-000003-similarity.png"));
        const auto images = embeddedImages(html);
        QCOMPARE(images.size(), 3);
        QCOMPARE(html.count(QLatin1String("data:image/png;base64,")), 3);
        QStringList kinds;
        for (const auto &img : images) {
            kinds << img.kind;
            QCOMPARE(img.step, qint64(6));
            QImage decoded;
            QVERIFY(decoded.loadFromData(img.png, "PNG"));
            QVERIFY(decoded.width() > 32);
            QCOMPARE(img.png, readBytes(dir + "/snapshots/step-000006-" + img.kind + ".png"));
        }
        QCOMPARE(kinds, QStringList({ "view1", "view2", "similarity" }));
        QVERIFY(readBytes(dir + "/snapshots/step-000003-similarity.png") != images[2].png);
    }

    void newestSnapshotOfEachKind()
    {
        // A folder written by hand: steps past six digits, a kind the report does not know, files that are no
        // snapshots; and a long run whose loss curve is drawn from bucket means.
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        const RunConfig config = pretext::tests::tinyRunConfig();
        writeFileAtomically(joinPath(dir, runfolder::kConfig), json::dump(toJson(config), 2) + "\n");
        std::string metrics;
        for (int step = 1; step <= 2500; ++step)
            metrics += "{\"step\":" + std::to_string(step) + ",\"epoch\":1,\"loss\":" + std::to_string(5000 - step)
                + ",\"lr\":0.5" + (step == 10 ? std::string(",\"lr_edit\":0.25") : std::string()) + "}\n";
        metrics += "{\"step\":0,\"epoch\":0,\"probe_acc\":0.25,\"knn_acc\":0.2,\"random_init\":true}\n";
        metrics += "{\"step\":2500,\"epoch\":1,\"probe_acc\":0.5,\"knn_acc\":0.4}\n";
        writeFileAtomically(joinPath(dir, runfolder::kMetrics), metrics);
        writeFileAtomically(joinPath(dir, runfolder::kState),
            "{\"state\": \"stopped\", \"step\": 2500, \"total_steps\": 5000, \"elapsed_s\": 75}\n");
        const std::string shots = joinPath(dir, runfolder::kSnapshots);
        makeDirs(shots);
        const auto png = [&](const std::string &name, int width) {
            const std::vector<uint8_t> pixels(static_cast<size_t>(width) * 2, 128);
            writePng(joinPath(shots, name), width, 2, 1, pixels.data());
        };
        png("step-000003-view1.png", 3);
        png("step-000012-view1.png", 12);
        png("step-999999-similarity.png", 5);
        png("step-1000000-similarity.png", 7);
        png("step-000012-odd-kind.png", 2);
        png("step-abc-view1.png", 9);
        png("notes.png", 9);
        writeFileAtomically(joinPath(shots, "latest.json"), "{}");

        writeReport(dir);
        const QString html = QString::fromUtf8(readBytes(tmp.path() + "/report.html"));
        const auto images = embeddedImages(html);
        QCOMPARE(images.size(), 3);
        const std::vector<std::tuple<QString, qint64, int>> expected
            = { { "view1", 12, 12 }, { "similarity", 1000000, 7 }, { "odd-kind", 12, 2 } };
        for (size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(images[int(i)].kind, std::get<0>(expected[i]));
            QCOMPARE(images[int(i)].step, std::get<1>(expected[i]));
            QCOMPARE(QImage::fromData(images[int(i)].png, "PNG").width(), std::get<2>(expected[i]));
        }
        QVERIFY(html.contains(QLatin1String("<b>stopped</b>")));
        QVERIFY(html.contains(QLatin1String("1 min 15 s")));
        QVERIFY(html.contains(QLatin1String(">loss, mean of 3 steps</text>")));
        QVERIFY(html.contains(QLatin1String("Linear probe, best</th><td>50.0 % (epoch 1)")));
        QVERIFY(html.contains(QLatin1String("<td>10</td><td>lr</td><td>0.25</td>")));
        QCOMPARE(externalReferences(html), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestReport)
#include "tst_report.moc"
