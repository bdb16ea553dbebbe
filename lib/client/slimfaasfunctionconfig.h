// SPDX-License-Identifier: MIT
#ifndef SLIMFAASFUNCTIONCONFIG_H
#define SLIMFAASFUNCTIONCONFIG_H

#include "slimfaasqtclient_export.h"

#include <QtCore/qlist.h>
#include <QtCore/qmetatype.h>
#include <QtCore/qobjectdefs.h>
#include <QtCore/qshareddata.h>
#include <QtCore/qstring.h>
#include <QtCore/qstringlist.h>

#include <optional>

QT_BEGIN_NAMESPACE
class QDataStream;
class QDebug;
QT_END_NAMESPACE

// The values SlimFaas's visibility and trust settings take.
namespace SlimFaas {
Q_NAMESPACE_EXPORT(SLIMFAASQT_CLIENT_EXPORT)

// SlimFaas/DefaultVisibility and per-event / per-path overrides.
enum class Visibility { Public, Private };
Q_ENUM_NS(Visibility)

// SlimFaas/DefaultTrust.
enum class Trust { Trusted, Untrusted };
Q_ENUM_NS(Trust)

// The names SlimFaas writes ("Public", "Untrusted"), and the value of a name (nothing for
// one SlimFaas does not know; visibilityFromName(), trustName(), trustFromName()).
SLIMFAASQT_CLIENT_EXPORT QString visibilityName(Visibility visibility);
SLIMFAASQT_CLIENT_EXPORT std::optional<Visibility> visibilityFromName(const QString &name);
SLIMFAASQT_CLIENT_EXPORT QString trustName(Trust trust);
SLIMFAASQT_CLIENT_EXPORT std::optional<Trust> trustFromName(const QString &name);
} // namespace SlimFaas

// One entry of SlimFaas/SubscribeEvents. Without a visibility the event inherits the
// function's default visibility, and the key is left out of the Register message.
struct SLIMFAASQT_CLIENT_EXPORT SlimFaasSubscribeEvent
{
    Q_GADGET
    Q_PROPERTY(QString name MEMBER name)
    // The optional visibility, for QML and QMetaType users: hasVisibility() false means
    // "inherits the function's default".
    Q_PROPERTY(bool hasVisibility READ hasVisibility)
    Q_PROPERTY(SlimFaas::Visibility visibility READ visibilityOrDefault)

public:
    // Whether the entry names its own visibility.
    bool hasVisibility() const { return visibility.has_value(); }
    // Its visibility, Public when it has none (the function's default then applies).
    SlimFaas::Visibility visibilityOrDefault() const
    {
        return visibility.value_or(SlimFaas::Visibility::Public);
    }

    QString name;                                   // the event's name, compared exactly
    std::optional<SlimFaas::Visibility> visibility; // none: the function's default

    friend bool operator==(const SlimFaasSubscribeEvent &a, const SlimFaasSubscribeEvent &b)
    {
        return a.name == b.name && a.visibility == b.visibility;
    }
    friend bool operator!=(const SlimFaasSubscribeEvent &a, const SlimFaasSubscribeEvent &b)
    {
        return !(a == b);
    }
};

// One entry of SlimFaas/PathsStartWithVisibility.
struct SLIMFAASQT_CLIENT_EXPORT SlimFaasPathVisibility
{
    Q_GADGET
    Q_PROPERTY(QString path MEMBER path)
    Q_PROPERTY(SlimFaas::Visibility visibility MEMBER visibility)

public:
    QString path;
    SlimFaas::Visibility visibility = SlimFaas::Visibility::Public;

    friend bool operator==(const SlimFaasPathVisibility &a, const SlimFaasPathVisibility &b)
    {
        return a.path == b.path && a.visibility == b.visibility;
    }
    friend bool operator!=(const SlimFaasPathVisibility &a, const SlimFaasPathVisibility &b)
    {
        return !(a == b);
    }
};

class SlimFaasFunctionConfigData;

// Everything a virtual function declares when it registers: the nine SlimFaas annotations
// of a Kubernetes function, with the defaults of the official clients.
// Threads: a value class, implicitly shared and reentrant like QString: copies may be used
// in different threads at once; one object must not be written from two threads.
class SLIMFAASQT_CLIENT_EXPORT SlimFaasFunctionConfig
{
    Q_GADGET
    Q_PROPERTY(QString functionName READ functionName WRITE setFunctionName)
    Q_PROPERTY(QStringList dependsOn READ dependsOn WRITE setDependsOn)
    Q_PROPERTY(QList<SlimFaasSubscribeEvent> subscribeEvents READ subscribeEvents WRITE
                       setSubscribeEvents)
    Q_PROPERTY(SlimFaas::Visibility defaultVisibility READ defaultVisibility WRITE
                       setDefaultVisibility)
    Q_PROPERTY(QList<SlimFaasPathVisibility> pathsStartWithVisibility READ pathsStartWithVisibility
                       WRITE setPathsStartWithVisibility)
    Q_PROPERTY(QString configuration READ configuration WRITE setConfiguration)
    Q_PROPERTY(bool replicasStartAsSoonAsOneFunctionRetrieveARequest READ
                       replicasStartAsSoonAsOneFunctionRetrieveARequest WRITE
                               setReplicasStartAsSoonAsOneFunctionRetrieveARequest)
    Q_PROPERTY(int numberParallelRequest READ numberParallelRequest WRITE setNumberParallelRequest)
    Q_PROPERTY(int numberParallelRequestPerPod READ numberParallelRequestPerPod WRITE
                       setNumberParallelRequestPerPod)
    Q_PROPERTY(SlimFaas::Trust defaultTrust READ defaultTrust WRITE setDefaultTrust)

public:
    // The defaults of numberParallelRequest() and numberParallelRequestPerPod(), as
    // SlimFaas's.
    static constexpr int DefaultNumberParallelRequest = 10;
    static constexpr int DefaultNumberParallelRequestPerPod = 10;

    SlimFaasFunctionConfig();
    // A configuration with SlimFaas's defaults for the function functionName.
    explicit SlimFaasFunctionConfig(const QString &functionName);
    SlimFaasFunctionConfig(const SlimFaasFunctionConfig &other);
    SlimFaasFunctionConfig &operator=(const SlimFaasFunctionConfig &other);
    ~SlimFaasFunctionConfig();

    // The name the function registers under (the function in /function/<name>/...).
    QString functionName() const;
    void setFunctionName(const QString &name);

    // SlimFaas/DependsOn
    QStringList dependsOn() const;
    void setDependsOn(const QStringList &functions);

    // SlimFaas/SubscribeEvents
    QList<SlimFaasSubscribeEvent> subscribeEvents() const;
    void setSubscribeEvents(const QList<SlimFaasSubscribeEvent> &events);
    // Convenience for the common case: every event inherits the default visibility.
    void setSubscribeEvents(const QStringList &eventNames);
    void addSubscribeEvent(const QString &name,
                           std::optional<SlimFaas::Visibility> visibility = std::nullopt);

    // SlimFaas/DefaultVisibility (default Public)
    SlimFaas::Visibility defaultVisibility() const;
    void setDefaultVisibility(SlimFaas::Visibility visibility);

    // SlimFaas/PathsStartWithVisibility; addPathStartWithVisibility() appends one rule.
    QList<SlimFaasPathVisibility> pathsStartWithVisibility() const;
    void setPathsStartWithVisibility(const QList<SlimFaasPathVisibility> &rules);
    void addPathStartWithVisibility(const QString &path, SlimFaas::Visibility visibility);

    // SlimFaas/Configuration: a JSON document, sent as a string (docs/protocol.md §8).
    QString configuration() const;
    void setConfiguration(const QString &json);

    // SlimFaas/ReplicasStartAsSoonAsOneFunctionRetrieveARequest (default false)
    bool replicasStartAsSoonAsOneFunctionRetrieveARequest() const;
    void setReplicasStartAsSoonAsOneFunctionRetrieveARequest(bool enabled);

    // SlimFaas/NumberParallelRequest (default 10)
    int numberParallelRequest() const;
    void setNumberParallelRequest(int count);

    // SlimFaas/NumberParallelRequestPerPod (default 10)
    int numberParallelRequestPerPod() const;
    void setNumberParallelRequestPerPod(int count);

    // SlimFaas/DefaultTrust (default Trusted)
    SlimFaas::Trust defaultTrust() const;
    void setDefaultTrust(SlimFaas::Trust trust);

    // Whether SlimFaas can register this configuration: a function name, and a name for
    // every subscribed event. SlimFaasClient::open() refuses one that is not
    // (InvalidConfiguration), rather than register an empty name.
    bool isValid() const;
    // Why isValid() is false, readable by a user; empty when it is valid.
    QString validationError() const;

    // Field-by-field, order-sensitive equality. The server's looser rule (lists compared as
    // sets) is a server decision and lives in the emulator.
    friend SLIMFAASQT_CLIENT_EXPORT bool operator==(const SlimFaasFunctionConfig &a,
                                                    const SlimFaasFunctionConfig &b);
    friend bool operator!=(const SlimFaasFunctionConfig &a, const SlimFaasFunctionConfig &b)
    {
        return !(a == b);
    }

private:
    QSharedDataPointer<SlimFaasFunctionConfigData> d;
};

SLIMFAASQT_CLIENT_EXPORT QDebug operator<<(QDebug debug, const SlimFaasSubscribeEvent &event);
SLIMFAASQT_CLIENT_EXPORT QDebug operator<<(QDebug debug, const SlimFaasPathVisibility &rule);
SLIMFAASQT_CLIENT_EXPORT QDataStream &operator<<(QDataStream &stream,
                                                 const SlimFaasSubscribeEvent &event);
SLIMFAASQT_CLIENT_EXPORT QDataStream &operator>>(QDataStream &stream,
                                                 SlimFaasSubscribeEvent &event);
SLIMFAASQT_CLIENT_EXPORT QDataStream &operator<<(QDataStream &stream,
                                                 const SlimFaasPathVisibility &rule);
SLIMFAASQT_CLIENT_EXPORT QDataStream &operator>>(QDataStream &stream, SlimFaasPathVisibility &rule);
SLIMFAASQT_CLIENT_EXPORT QDebug operator<<(QDebug debug, const SlimFaasFunctionConfig &config);
SLIMFAASQT_CLIENT_EXPORT QDataStream &operator<<(QDataStream &stream,
                                                 const SlimFaasFunctionConfig &value);
SLIMFAASQT_CLIENT_EXPORT QDataStream &operator>>(QDataStream &stream,
                                                 SlimFaasFunctionConfig &value);

Q_DECLARE_METATYPE(SlimFaasFunctionConfig)

#endif // SLIMFAASFUNCTIONCONFIG_H
