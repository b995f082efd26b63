// Running a program the way a script does (pretext-cli, python3): exit code and both outputs, with a time limit.
// Shared by the tests of the command-line contract.
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace pretext::tests {

struct Result {
    int code = -1; // -1: did not start, timed out or crashed
    QString out, err;
};

inline Result runProcess(const QString &program, const QStringList &args, int timeoutMs = 180000)
{
    QProcess p;
    p.start(program, args);
    Result r;
    if (!p.waitForStarted()) {
        r.err = QStringLiteral("could not start ") + program;
        return r;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// The pretext-cli of this build tree.
inline Result runCli(const QStringList &args, int timeoutMs = 180000)
{
    return runProcess(QStringLiteral(PRETEXT_BIN_DIR "/pretext-cli"), args, timeoutMs);
}

// For a failure message: what the program said.
inline QString describe(const Result &r)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3").arg(r.code).arg(r.out, r.err);
}

} // namespace pretext::tests
