#include "ui/inspectionloader.h"
#include "engine/core/describe.h"

#include "engine/core/errors.h"
#include "engine/train/trainer.h"

#include <QMetaObject>
#include <QPointer>

namespace pretext::ui {

InspectionLoader::InspectionLoader(QObject *parent) : QObject(parent)
{
    registerMetaTypes();
}

InspectionLoader::~InspectionLoader()
{
    ++*m_generation;
    // Waited for, then deleted: the queued call that would delete each one dies with this object.
    for (QThread *t : std::as_const(m_threads)) {
        t->wait();
        delete t;
    }
}

void InspectionLoader::cancelAndWait()
{
    cancel();
    for (QThread *t : std::as_const(m_threads)) t->wait();
}

void InspectionLoader::load(const QString &runDir, int images, bool trainedOnly)
{
    const int generation = ++*m_generation;
    const auto counter = m_generation;
    const std::string dir = runDir.toStdString();
    QPointer<InspectionLoader> self(this);
    // Results are delivered on the GUI thread and only while they are still wanted (the same generation).
    const auto deliver = [self, counter, generation](auto &&emitter) {
        QMetaObject::invokeMethod(self, [self, counter, generation, emitter] {
            if (self && counter->load() == generation) emitter(self.data());
        }, Qt::QueuedConnection);
    };
    // A superseded load runs to its end in the background (its results are dropped): nothing waits on the GUI thread.
    QThread *thread = QThread::create([=] {
        const auto wanted = [&] { return counter->load() == generation; };
        try {
            auto trainer = engine::Trainer::open(dir, engine::Trainer::OpenMode::Inspect);
            if (!wanted()) return;
            auto trained = trainer->features(images, false);
            deliver([trained](InspectionLoader *l) { Q_EMIT l->featuresReady(trained); });
            if (trainedOnly || !wanted()) return;
            auto untrained = trainer->features(images, true);
            deliver([untrained](InspectionLoader *l) { Q_EMIT l->featuresReady(untrained); });
            if (!wanted()) return;
            auto probe = trainer->probeReport(false);
            deliver([probe](InspectionLoader *l) { Q_EMIT l->probeReady(probe); });
            if (!wanted()) return;
            auto untrainedProbe = trainer->probeReport(true);
            deliver([untrainedProbe](InspectionLoader *l) { Q_EMIT l->probeReady(untrainedProbe); });
        } catch (const std::exception &e) {
            const QString why = QString::fromStdString(engine::describeException(e));
            deliver([why](InspectionLoader *l) { Q_EMIT l->failed(why); });
        }
    });
    m_threads.append(thread);
    connect(thread, &QThread::finished, this, [this, thread, counter, generation] {
        m_threads.removeOne(thread);
        thread->deleteLater();
        if (counter->load() == generation) Q_EMIT done();
    });
    thread->start(QThread::LowPriority);
}

} // namespace pretext::ui
