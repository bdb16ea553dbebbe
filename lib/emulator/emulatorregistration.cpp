// SPDX-License-Identifier: MIT
// How SlimFaas reads what a function sends it as text: the envelope and the Register payload
// (docs/protocol.md §2, §3), which it deserialises more loosely than the client writes them.

#include "emulatorsyncresponsecheck_p.h"
#include "slimfaasemulator_p.h"

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>

#include <cmath>

namespace {

// A visibility or trust string as SlimFaas reads it: the one name it tests for, ignoring
// case; anything else is the other value. false when the field is not a string at all
// (SlimFaas's deserialiser then fails the whole payload).
bool normalise(QJsonObject *object, QLatin1String key, const QString &whenMatched,
               const QString &otherwise, const QString &fallback, QString *written)
{
    const QJsonValue value = object->value(key);
    if (value.isUndefined() || value.isNull()) {
        *written = fallback;
        return true;
    }
    if (!value.isString())
        return false;
    *written = value.toString();
    object->insert(
            key, written->compare(whenMatched, Qt::CaseInsensitive) == 0 ? whenMatched : otherwise);
    return true;
}

// value with the numbers at the given paths (see numbersWrittenAsDecimals()) as doubles that
// readServerInt() refuses and jsonText() shows as written.
QJsonValue markDecimals(const QJsonValue &value, const QString &path, const QSet<QString> &decimals)
{
    auto at = [&path](const QString &key) {
        return path.isEmpty() ? key : path + QLatin1Char('/') + key;
    };
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = markDecimals(it.value(), at(it.key()), decimals);
        return object;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array.replace(i, markDecimals(array.at(i), at(QString::number(i)), decimals));
        return array;
    }
    if (value.isDouble() && decimals.contains(path)) {
        // Qt would keep a whole double as an integer: nudged off it, it stays a double.
        const double number = value.toDouble();
        if (number == std::trunc(number))
            return QJsonValue(std::nextafter(number, number < 0 ? -HUGE_VAL : HUGE_VAL));
    }
    return value;
}

// Why SlimFaas's deserialiser throws on a configuration, or an empty string when it reads it.
// Its numbers are ints and its boolean a bool, none nullable: null, 10.0, "10" or 1 for a
// boolean are refused.
QString unreadableConfiguration(const QJsonObject &c)
{
    for (const char *key : { "numberParallelRequest", "numberParallelRequestPerPod" }) {
        const QJsonValue value = c.value(QLatin1String(key));
        int ignored = 0;
        if (!value.isUndefined() && !readServerInt(value, false, &ignored))
            return SlimFaasEmulator::tr("\"%1\" is %2, not an integer")
                    .arg(QLatin1String(key), jsonText(value));
    }
    const QJsonValue replicas
            = c.value(QLatin1String("replicasStartAsSoonAsOneFunctionRetrieveARequest"));
    if (!replicas.isUndefined() && !replicas.isBool())
        return SlimFaasEmulator::tr("\"replicasStartAsSoonAsOneFunctionRetrieveARequest\" is %1, "
                                    "not a boolean")
                .arg(jsonText(replicas));
    return {};
}

} // namespace

// SlimFaas's envelope has defaults for every field: a message without "type" is a Register
// (0), without "correlationId" has an empty one, and "payload" may be any JSON value.
std::optional<SlimFaasProtocol::Envelope>
SlimFaasEmulatorPrivate::readEnvelope(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = SlimFaasEmulator::tr("invalid JSON at offset %1: %2")
                         .arg(parseError.offset)
                         .arg(parseError.errorString());
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = SlimFaasEmulator::tr("the message is not a JSON object");
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    SlimFaasProtocol::Envelope envelope;
    envelope.type = int(SlimFaasProtocol::MessageType::Register);
    const QJsonValue type = object.value(QLatin1String("type"));
    if (!type.isUndefined()) {
        if (!type.isDouble() || type.toDouble() != double(type.toInt())) {
            *error = SlimFaasEmulator::tr("field \"type\" must be an integer");
            return std::nullopt;
        }
        envelope.type = type.toInt();
    }
    const QJsonValue correlationId = object.value(QLatin1String("correlationId"));
    if (!correlationId.isUndefined() && !correlationId.isNull() && !correlationId.isString()) {
        *error = SlimFaasEmulator::tr("field \"correlationId\" must be a string");
        return std::nullopt;
    }
    envelope.correlationId = correlationId.toString();
    const QJsonValue payload = object.value(QLatin1String("payload"));
    envelope.payload = payload.isUndefined() ? QJsonValue(QJsonValue::Null) : payload;
    // Qt reads 10.0 as the integer 10, SlimFaas refuses it for an int: the numbers written
    // with a fraction or an exponent become doubles again, which readServerInt() refuses.
    QSet<QString> decimals;
    for (const QString &path : numbersWrittenAsDecimals(json)) {
        if (path.startsWith(QLatin1String("payload/")))
            decimals.insert(path.mid(8));
    }
    if (!decimals.isEmpty())
        envelope.payload = markDecimals(envelope.payload, QString(), decimals);
    return envelope;
}

// {"correlationId":"<id>","payload":{"elementId":"<id>","statusCode":<status>},"type":3},
// the ids printable ASCII without '"' or '\\' and the status an integer of one to three
// digits: what encodeAsyncCallbackText() writes for every callback of a GUID and a status of
// 100 to 999. readEnvelope() then readCallback() read the same callback from it (nothing to
// unescape, no decimal number, no other member), at many times the cost.
std::optional<SlimFaasProtocol::AsyncCallback>
SlimFaasEmulatorPrivate::readCanonicalCallback(const QByteArray &json, QString *correlationId)
{
    EmulatorTemplateReader reader(json);
    SlimFaasProtocol::AsyncCallback callback;
    if (!reader.literal("{\"correlationId\":\"") || !reader.string(correlationId)
        || !reader.literal(",\"payload\":{\"elementId\":\"") || !reader.string(&callback.elementId)
        || !reader.literal(",\"statusCode\":") || !reader.smallInteger(&callback.statusCode)
        || !reader.literal("},\"type\":3}") || !reader.atEnd())
        return std::nullopt;
    return callback;
}

// The configuration as SlimFaas reads it: "Private" and "Untrusted" recognised ignoring case,
// any other string meaning Public or Trusted; a subscription's blank visibility inherits the
// default. The strings as written are kept for the configuration equality. nullopt when
// SlimFaas could not read the payload at all (not an object, a field of the wrong type),
// with what it could not read in *unreadable. What SlimFaas reads and later fails on (a
// null list, a null string it compares) is taken with its default and said in breaks.
std::optional<EmulatorRegistration>
SlimFaasEmulatorPrivate::readRegistration(const QJsonValue &payload, QString *unreadable)
{
    auto refuse = [unreadable](const QString &why) {
        if (unreadable)
            *unreadable = why;
        return std::nullopt;
    };
    if (!payload.isObject())
        return refuse(SlimFaasEmulator::tr("the payload is not a JSON object"));
    QJsonObject object = payload.toObject();
    const QString privateName = QStringLiteral("Private"), publicName = QStringLiteral("Public");
    EmulatorRegistration registration;
    const QJsonValue configValue = object.value(QLatin1String("configuration"));
    if (configValue.isObject()) {
        QJsonObject c = configValue.toObject();
        if (const QString why = unreadableConfiguration(c); !why.isEmpty())
            return refuse(why);
        // Read as they are, then fatal: every lookup of WebSocket functions goes through
        // WebSocketFunctionRepository.GetVirtualDeployments(), which dereferences them.
        for (const char *key : { "dependsOn", "subscribeEvents", "pathsStartWithVisibility",
                                 "defaultVisibility", "defaultTrust" }) {
            if (c.value(QLatin1String(key)).isNull()) {
                registration.breaks.append(
                        SlimFaasEmulator::tr("\"%1\" is null").arg(QLatin1String(key)));
                c.remove(QLatin1String(key));
            }
        }
        for (const char *key : { "subscribeEvents", "pathsStartWithVisibility", "dependsOn" }) {
            const QJsonValue list = c.value(QLatin1String(key));
            if (!list.isArray())
                continue;
            QJsonArray entries = list.toArray();
            for (qsizetype i = entries.size() - 1; i >= 0; --i) {
                if (!entries.at(i).isNull())
                    continue;
                entries.removeAt(i);
                if (qstrcmp(key, "dependsOn") != 0) // a null name is only never used
                    registration.breaks.append(SlimFaasEmulator::tr("\"%1\" has a null entry")
                                                       .arg(QLatin1String(key)));
            }
            c.insert(QLatin1String(key), entries);
        }
        const QJsonValue paths = c.value(QLatin1String("pathsStartWithVisibility"));
        for (const QJsonValue &rule : paths.toArray()) {
            const QJsonObject entry = rule.toObject();
            if (entry.value(QLatin1String("visibility")).isNull()
                && entry.contains(QLatin1String("visibility")))
                registration.breaks.append(SlimFaasEmulator::tr(
                        "a \"pathsStartWithVisibility\" rule has a null visibility"));
            if (entry.value(QLatin1String("path")).isNull()
                && entry.contains(QLatin1String("path")))
                registration.brokenPaths = true;
        }
        if (c.value(QLatin1String("configuration")).isNull())
            c.remove(QLatin1String("configuration")); // compared, never read: harmless
        QString visibility, trust;
        if (!normalise(&c, QLatin1String("defaultVisibility"), privateName, publicName, publicName,
                       &visibility)
            || !normalise(&c, QLatin1String("defaultTrust"), QStringLiteral("Untrusted"),
                          QStringLiteral("Trusted"), QStringLiteral("Trusted"), &trust))
            return refuse(SlimFaasEmulator::tr("\"defaultVisibility\" or \"defaultTrust\" is not "
                                               "a string"));
        registration.written = { QLatin1String("defaultVisibility:") + visibility,
                                 QLatin1String("defaultTrust:") + trust };
        QStringList rules;
        auto readList = [&](QLatin1String key, QLatin1String nameKey, bool inherit) {
            const QJsonValue list = c.value(key);
            if (!list.isArray())
                return true; // absent, null, or wrong: parseRegisterPayload judges it
            QJsonArray entries = list.toArray();
            for (qsizetype i = 0; i < entries.size(); ++i) {
                if (!entries.at(i).isObject())
                    continue;
                QJsonObject entry = entries.at(i).toObject();
                const QJsonValue v = entry.value(QLatin1String("visibility"));
                QString written;
                if (inherit
                    && (v.isUndefined() || v.isNull()
                        || (v.isString() && v.toString().trimmed().isEmpty()))) {
                    entry.remove(QLatin1String("visibility"));
                } else if (!normalise(&entry, QLatin1String("visibility"), privateName, publicName,
                                      publicName, &written)) {
                    return false;
                }
                rules.append(key + QLatin1Char(':') + entry.value(nameKey).toString()
                             + QLatin1Char('\n') + written);
                entries.replace(i, entry);
            }
            c.insert(key, entries);
            return true;
        };
        if (!readList(QLatin1String("subscribeEvents"), QLatin1String("name"), true)
            || !readList(QLatin1String("pathsStartWithVisibility"), QLatin1String("path"), false))
            return refuse(SlimFaasEmulator::tr("a visibility that is not a string"));
        rules.sort();
        registration.written += rules;
        object.insert(QLatin1String("configuration"), c);
    } else {
        registration.written = { QLatin1String("defaultVisibility:") + publicName,
                                 QLatin1String("defaultTrust:Trusted") };
    }
    QString error;
    const auto config = SlimFaasProtocol::parseRegisterPayload(object, &error);
    if (!config)
        return refuse(error);
    registration.config = *config;
    return registration;
}

// SlimFaas's AsyncCallbackPayload: { string elementId = ""; int statusCode = 200 }, read
// strictly (WebSocketEndpoints.cs HandleAsyncCallback drops what it cannot deserialise).
std::optional<SlimFaasProtocol::AsyncCallback>
SlimFaasEmulatorPrivate::readCallback(const QJsonValue &payload, QString *unreadable)
{
    if (payload.isNull()) {
        *unreadable = SlimFaasEmulator::tr("the payload is null");
        return std::nullopt;
    }
    if (!payload.isObject()) {
        *unreadable = SlimFaasEmulator::tr("the payload is not a JSON object");
        return std::nullopt;
    }
    const QJsonObject object = payload.toObject();
    SlimFaasProtocol::AsyncCallback callback{ QString(), 200 };
    const QJsonValue elementId = object.value(QLatin1String("elementId"));
    if (!elementId.isUndefined() && !elementId.isNull() && !elementId.isString()) {
        *unreadable = SlimFaasEmulator::tr("\"elementId\" is %1, not a string")
                              .arg(jsonText(elementId));
        return std::nullopt;
    }
    callback.elementId = elementId.toString();
    const QJsonValue status = object.value(QLatin1String("statusCode"));
    if (!status.isUndefined() && !readServerInt(status, false, &callback.statusCode)) {
        *unreadable = SlimFaasEmulator::tr("\"statusCode\" is %1, not an integer")
                              .arg(jsonText(status));
        return std::nullopt;
    }
    return callback;
}
