// SPDX-License-Identifier: MIT
#ifndef SLIMFAASFUNCTIONSTATUS_H
#define SLIMFAASFUNCTIONSTATUS_H

#include "slimfaasqtclient_export.h"

#include <QtCore/qmetatype.h>
#include <QtCore/qobjectdefs.h>
#include <QtCore/qstring.h>

#include <optional>

QT_BEGIN_NAMESPACE
class QDebug;
class QJsonObject;
QT_END_NAMESPACE

// What SlimFaas tells a caller about one function (GET /status-function/<name>, and each
// entry of GET /status-functions; docs/protocol.md §9). Exactly the server's five fields: anything
// else in the answer is ignored, so the class reads any SlimFaas version alike.
//
// A plain value: copy it freely, from any thread.
class SLIMFAASQT_CLIENT_EXPORT SlimFaasFunctionStatus
{
    Q_GADGET
    Q_PROPERTY(QString name READ name)
    Q_PROPERTY(int numberReady READ numberReady)
    Q_PROPERTY(int numberRequested READ numberRequested)
    Q_PROPERTY(QString podType READ podType)
    Q_PROPERTY(QString visibility READ visibility)

public:
    SlimFaasFunctionStatus() = default;

    // Reads one status object as SlimFaas writes it ({"NumberReady":1,...}). Returns nothing,
    // and the reason in *error, when a field is missing or has the wrong type.
    static std::optional<SlimFaasFunctionStatus> fromJson(const QJsonObject &object,
                                                          QString *error = nullptr);

    bool isNull() const { return m_name.isEmpty(); } // true for a default-constructed status

    // The function's name, as SlimFaas spells it.
    QString name() const { return m_name; }
    void setName(const QString &name) { m_name = name; }

    // Replicas ready to take requests; for a WebSocket function, its registered connections.
    int numberReady() const { return m_numberReady; }
    void setNumberReady(int count) { m_numberReady = count; }

    // Replicas SlimFaas wants running.
    int numberRequested() const { return m_numberRequested; }
    void setNumberRequested(int count) { m_numberRequested = count; }

    // "WebSocket" for a virtual function; Deployment, StatefulSet... for Kubernetes ones.
    QString podType() const { return m_podType; }
    void setPodType(const QString &podType) { m_podType = podType; }

    // "Public" or "Private".
    QString visibility() const { return m_visibility; }
    void setVisibility(const QString &visibility) { m_visibility = visibility; }

    friend bool operator==(const SlimFaasFunctionStatus &a, const SlimFaasFunctionStatus &b)
    {
        return a.m_name == b.m_name && a.m_numberReady == b.m_numberReady
                && a.m_numberRequested == b.m_numberRequested && a.m_podType == b.m_podType
                && a.m_visibility == b.m_visibility;
    }
    friend bool operator!=(const SlimFaasFunctionStatus &a, const SlimFaasFunctionStatus &b)
    {
        return !(a == b);
    }

private:
    QString m_name;
    int m_numberReady = 0;
    int m_numberRequested = 0;
    QString m_podType;
    QString m_visibility;
};

SLIMFAASQT_CLIENT_EXPORT QDebug operator<<(QDebug debug, const SlimFaasFunctionStatus &status);

Q_DECLARE_METATYPE(SlimFaasFunctionStatus)

#endif // SLIMFAASFUNCTIONSTATUS_H
