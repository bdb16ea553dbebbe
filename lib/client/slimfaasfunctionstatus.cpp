// SPDX-License-Identifier: MIT
#include "slimfaasfunctionstatus.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdebug.h>
#include <QtCore/qjsonobject.h>

std::optional<SlimFaasFunctionStatus> SlimFaasFunctionStatus::fromJson(const QJsonObject &object,
                                                                       QString *error)
{
    auto fail = [error](const char *field, const char *type) {
        if (error) {
            *error = QCoreApplication::translate("SlimFaasFunctionStatus",
                                                 "the field \"%1\" is missing or is not %2")
                             .arg(QLatin1String(field),
                                  QCoreApplication::translate("SlimFaasFunctionStatus", type));
        }
        return std::nullopt;
    };
    static const char *const aString = QT_TRANSLATE_NOOP("SlimFaasFunctionStatus", "a string");
    static const char *const aNumber = QT_TRANSLATE_NOOP("SlimFaasFunctionStatus", "a number");

    const QJsonValue name = object.value(QLatin1String("Name"));
    const QJsonValue ready = object.value(QLatin1String("NumberReady"));
    const QJsonValue requested = object.value(QLatin1String("NumberRequested"));
    const QJsonValue podType = object.value(QLatin1String("PodType"));
    const QJsonValue visibility = object.value(QLatin1String("Visibility"));
    if (!name.isString() || name.toString().isEmpty())
        return fail("Name", aString);
    if (!ready.isDouble())
        return fail("NumberReady", aNumber);
    if (!requested.isDouble())
        return fail("NumberRequested", aNumber);
    if (!podType.isString())
        return fail("PodType", aString);
    if (!visibility.isString())
        return fail("Visibility", aString);

    SlimFaasFunctionStatus status;
    status.setName(name.toString());
    status.setNumberReady(ready.toInt());
    status.setNumberRequested(requested.toInt());
    status.setPodType(podType.toString());
    status.setVisibility(visibility.toString());
    return status;
}

QDebug operator<<(QDebug debug, const SlimFaasFunctionStatus &status)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "SlimFaasFunctionStatus(" << status.name() << ", ready "
                    << status.numberReady() << '/' << status.numberRequested() << ", "
                    << status.podType() << ", " << status.visibility() << ')';
    return debug;
}
