// SPDX-License-Identifier: MIT
#include "slimfaasfunctionconfig.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdatastream.h>
#include <QtCore/qdebug.h>

namespace SlimFaas {

QString visibilityName(Visibility visibility)
{
    return visibility == Visibility::Private ? QStringLiteral("Private") : QStringLiteral("Public");
}

std::optional<Visibility> visibilityFromName(const QString &name)
{
    if (name.compare(QLatin1String("Public"), Qt::CaseInsensitive) == 0)
        return Visibility::Public;
    if (name.compare(QLatin1String("Private"), Qt::CaseInsensitive) == 0)
        return Visibility::Private;
    return std::nullopt;
}

QString trustName(Trust trust)
{
    return trust == Trust::Untrusted ? QStringLiteral("Untrusted") : QStringLiteral("Trusted");
}

std::optional<Trust> trustFromName(const QString &name)
{
    if (name.compare(QLatin1String("Trusted"), Qt::CaseInsensitive) == 0)
        return Trust::Trusted;
    if (name.compare(QLatin1String("Untrusted"), Qt::CaseInsensitive) == 0)
        return Trust::Untrusted;
    return std::nullopt;
}

} // namespace SlimFaas

class SlimFaasFunctionConfigData : public QSharedData
{
public:
    QString functionName;
    QStringList dependsOn;
    QList<SlimFaasSubscribeEvent> subscribeEvents;
    SlimFaas::Visibility defaultVisibility = SlimFaas::Visibility::Public;
    QList<SlimFaasPathVisibility> pathsStartWithVisibility;
    QString configuration;
    bool replicasStartAsSoonAsOneFunctionRetrieveARequest = false;
    int numberParallelRequest = SlimFaasFunctionConfig::DefaultNumberParallelRequest;
    int numberParallelRequestPerPod = SlimFaasFunctionConfig::DefaultNumberParallelRequestPerPod;
    SlimFaas::Trust defaultTrust = SlimFaas::Trust::Trusted;
};

SlimFaasFunctionConfig::SlimFaasFunctionConfig() : d(new SlimFaasFunctionConfigData) { }

SlimFaasFunctionConfig::SlimFaasFunctionConfig(const QString &functionName)
    : d(new SlimFaasFunctionConfigData)
{
    d->functionName = functionName;
}

SlimFaasFunctionConfig::SlimFaasFunctionConfig(const SlimFaasFunctionConfig &other) = default;
SlimFaasFunctionConfig &SlimFaasFunctionConfig::operator=(const SlimFaasFunctionConfig &other)
        = default;
SlimFaasFunctionConfig::~SlimFaasFunctionConfig() = default;

QString SlimFaasFunctionConfig::functionName() const
{
    return d->functionName;
}
void SlimFaasFunctionConfig::setFunctionName(const QString &name)
{
    d->functionName = name;
}

bool SlimFaasFunctionConfig::isValid() const
{
    return validationError().isEmpty();
}

QString SlimFaasFunctionConfig::validationError() const
{
    if (d->functionName.trimmed().isEmpty())
        return QCoreApplication::translate("SlimFaasFunctionConfig", "The function has no name.");
    for (const SlimFaasSubscribeEvent &event : std::as_const(d->subscribeEvents)) {
        if (event.name.trimmed().isEmpty())
            return QCoreApplication::translate("SlimFaasFunctionConfig",
                                               "Function %1 subscribes to an event without a "
                                               "name.")
                    .arg(d->functionName);
    }
    return {};
}

QStringList SlimFaasFunctionConfig::dependsOn() const
{
    return d->dependsOn;
}
void SlimFaasFunctionConfig::setDependsOn(const QStringList &functions)
{
    d->dependsOn = functions;
}

QList<SlimFaasSubscribeEvent> SlimFaasFunctionConfig::subscribeEvents() const
{
    return d->subscribeEvents;
}

void SlimFaasFunctionConfig::setSubscribeEvents(const QList<SlimFaasSubscribeEvent> &events)
{
    d->subscribeEvents = events;
}

void SlimFaasFunctionConfig::setSubscribeEvents(const QStringList &eventNames)
{
    d->subscribeEvents.clear();
    for (const QString &name : eventNames)
        d->subscribeEvents.append({ name, std::nullopt });
}

void SlimFaasFunctionConfig::addSubscribeEvent(const QString &name,
                                               std::optional<SlimFaas::Visibility> visibility)
{
    d->subscribeEvents.append({ name, visibility });
}

SlimFaas::Visibility SlimFaasFunctionConfig::defaultVisibility() const
{
    return d->defaultVisibility;
}

void SlimFaasFunctionConfig::setDefaultVisibility(SlimFaas::Visibility visibility)
{
    d->defaultVisibility = visibility;
}

QList<SlimFaasPathVisibility> SlimFaasFunctionConfig::pathsStartWithVisibility() const
{
    return d->pathsStartWithVisibility;
}

void SlimFaasFunctionConfig::setPathsStartWithVisibility(const QList<SlimFaasPathVisibility> &rules)
{
    d->pathsStartWithVisibility = rules;
}

void SlimFaasFunctionConfig::addPathStartWithVisibility(const QString &path,
                                                        SlimFaas::Visibility visibility)
{
    d->pathsStartWithVisibility.append({ path, visibility });
}

QString SlimFaasFunctionConfig::configuration() const
{
    return d->configuration;
}
void SlimFaasFunctionConfig::setConfiguration(const QString &json)
{
    d->configuration = json;
}

bool SlimFaasFunctionConfig::replicasStartAsSoonAsOneFunctionRetrieveARequest() const
{
    return d->replicasStartAsSoonAsOneFunctionRetrieveARequest;
}

void SlimFaasFunctionConfig::setReplicasStartAsSoonAsOneFunctionRetrieveARequest(bool enabled)
{
    d->replicasStartAsSoonAsOneFunctionRetrieveARequest = enabled;
}

int SlimFaasFunctionConfig::numberParallelRequest() const
{
    return d->numberParallelRequest;
}
void SlimFaasFunctionConfig::setNumberParallelRequest(int count)
{
    d->numberParallelRequest = count;
}

int SlimFaasFunctionConfig::numberParallelRequestPerPod() const
{
    return d->numberParallelRequestPerPod;
}

void SlimFaasFunctionConfig::setNumberParallelRequestPerPod(int count)
{
    d->numberParallelRequestPerPod = count;
}

SlimFaas::Trust SlimFaasFunctionConfig::defaultTrust() const
{
    return d->defaultTrust;
}
void SlimFaasFunctionConfig::setDefaultTrust(SlimFaas::Trust trust)
{
    d->defaultTrust = trust;
}

bool operator==(const SlimFaasFunctionConfig &a, const SlimFaasFunctionConfig &b)
{
    if (a.d == b.d)
        return true;
    return a.d->functionName == b.d->functionName && a.d->dependsOn == b.d->dependsOn
            && a.d->subscribeEvents == b.d->subscribeEvents
            && a.d->defaultVisibility == b.d->defaultVisibility
            && a.d->pathsStartWithVisibility == b.d->pathsStartWithVisibility
            && a.d->configuration == b.d->configuration
            && a.d->replicasStartAsSoonAsOneFunctionRetrieveARequest
            == b.d->replicasStartAsSoonAsOneFunctionRetrieveARequest
            && a.d->numberParallelRequest == b.d->numberParallelRequest
            && a.d->numberParallelRequestPerPod == b.d->numberParallelRequestPerPod
            && a.d->defaultTrust == b.d->defaultTrust;
}

QDebug operator<<(QDebug debug, const SlimFaasSubscribeEvent &event)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "SlimFaasSubscribeEvent(" << event.name;
    if (event.visibility)
        debug << ", " << SlimFaas::visibilityName(*event.visibility);
    debug << ')';
    return debug;
}

QDebug operator<<(QDebug debug, const SlimFaasPathVisibility &rule)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "SlimFaasPathVisibility(" << rule.path << ", "
                    << SlimFaas::visibilityName(rule.visibility) << ')';
    return debug;
}

QDebug operator<<(QDebug debug, const SlimFaasFunctionConfig &config)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "SlimFaasFunctionConfig(" << config.functionName()
                    << ", dependsOn=" << config.dependsOn()
                    << ", subscribeEvents=" << config.subscribeEvents() << ", defaultVisibility="
                    << SlimFaas::visibilityName(config.defaultVisibility())
                    << ", pathsStartWithVisibility=" << config.pathsStartWithVisibility()
                    << ", configuration=" << config.configuration()
                    << ", replicasStartAsSoonAsOneFunctionRetrieveARequest="
                    << config.replicasStartAsSoonAsOneFunctionRetrieveARequest()
                    << ", numberParallelRequest=" << config.numberParallelRequest()
                    << ", numberParallelRequestPerPod=" << config.numberParallelRequestPerPod()
                    << ", defaultTrust=" << SlimFaas::trustName(config.defaultTrust()) << ')';
    return debug;
}

QDataStream &operator<<(QDataStream &stream, const SlimFaasSubscribeEvent &event)
{
    return stream << event.name << event.visibility.has_value()
                  << qint32(event.visibilityOrDefault());
}

QDataStream &operator>>(QDataStream &stream, SlimFaasSubscribeEvent &event)
{
    bool hasVisibility = false;
    qint32 visibility = 0;
    stream >> event.name >> hasVisibility >> visibility;
    event.visibility
            = hasVisibility ? std::optional(SlimFaas::Visibility(visibility)) : std::nullopt;
    return stream;
}

QDataStream &operator<<(QDataStream &stream, const SlimFaasPathVisibility &rule)
{
    return stream << rule.path << qint32(rule.visibility);
}

QDataStream &operator>>(QDataStream &stream, SlimFaasPathVisibility &rule)
{
    qint32 visibility = 0;
    stream >> rule.path >> visibility;
    rule.visibility = SlimFaas::Visibility(visibility);
    return stream;
}

// A version first, so that a later field can be added without misreading older streams.
static constexpr quint8 FunctionConfigStreamVersion = 1;

QDataStream &operator<<(QDataStream &stream, const SlimFaasFunctionConfig &config)
{
    return stream << FunctionConfigStreamVersion << config.functionName() << config.dependsOn()
                  << config.subscribeEvents() << qint32(config.defaultVisibility())
                  << config.pathsStartWithVisibility() << config.configuration()
                  << config.replicasStartAsSoonAsOneFunctionRetrieveARequest()
                  << qint32(config.numberParallelRequest())
                  << qint32(config.numberParallelRequestPerPod()) << qint32(config.defaultTrust());
}

QDataStream &operator>>(QDataStream &stream, SlimFaasFunctionConfig &config)
{
    quint8 version = 0;
    QString functionName, configuration;
    QStringList dependsOn;
    QList<SlimFaasSubscribeEvent> subscribeEvents;
    QList<SlimFaasPathVisibility> paths;
    qint32 defaultVisibility = 0, parallel = 0, parallelPerPod = 0, defaultTrust = 0;
    bool replicasStart = false;
    stream >> version;
    if (version != FunctionConfigStreamVersion) {
        stream.setStatus(QDataStream::ReadCorruptData);
        return stream;
    }
    stream >> functionName >> dependsOn >> subscribeEvents >> defaultVisibility >> paths
            >> configuration >> replicasStart >> parallel >> parallelPerPod >> defaultTrust;
    if (stream.status() != QDataStream::Ok)
        return stream;
    config = SlimFaasFunctionConfig(functionName);
    config.setDependsOn(dependsOn);
    config.setSubscribeEvents(subscribeEvents);
    config.setDefaultVisibility(SlimFaas::Visibility(defaultVisibility));
    config.setPathsStartWithVisibility(paths);
    config.setConfiguration(configuration);
    config.setReplicasStartAsSoonAsOneFunctionRetrieveARequest(replicasStart);
    config.setNumberParallelRequest(parallel);
    config.setNumberParallelRequestPerPod(parallelPerPod);
    config.setDefaultTrust(SlimFaas::Trust(defaultTrust));
    return stream;
}
