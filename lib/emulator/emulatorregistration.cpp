// SPDX-License-Identifier: MIT
// How SlimFaas reads what a function sends it as text: the envelope and the Register payload
// (docs/protocol.md §2, §3), which it deserialises more loosely than the client writes them.

#include "slimfaasemulator_p.h"

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>

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
    return envelope;
}

// The configuration as SlimFaas reads it: "Private" and "Untrusted" recognised ignoring case,
// any other string meaning Public or Trusted; a subscription's blank visibility inherits the
// default. The strings as written are kept for the configuration equality. nullopt when
// SlimFaas could not read the payload at all (not an object, a field of the wrong type).
std::optional<EmulatorRegistration>
SlimFaasEmulatorPrivate::readRegistration(const QJsonValue &payload)
{
    if (!payload.isObject())
        return std::nullopt;
    QJsonObject object = payload.toObject();
    const QString privateName = QStringLiteral("Private"), publicName = QStringLiteral("Public");
    EmulatorRegistration registration;
    const QJsonValue configValue = object.value(QLatin1String("configuration"));
    if (configValue.isObject()) {
        QJsonObject c = configValue.toObject();
        QString visibility, trust;
        if (!normalise(&c, QLatin1String("defaultVisibility"), privateName, publicName, publicName,
                       &visibility)
            || !normalise(&c, QLatin1String("defaultTrust"), QStringLiteral("Untrusted"),
                          QStringLiteral("Trusted"), QStringLiteral("Trusted"), &trust))
            return std::nullopt;
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
            return std::nullopt;
        rules.sort();
        registration.written += rules;
        object.insert(QLatin1String("configuration"), c);
    } else {
        registration.written = { QLatin1String("defaultVisibility:") + publicName,
                                 QLatin1String("defaultTrust:Trusted") };
    }
    const auto config = SlimFaasProtocol::parseRegisterPayload(object);
    if (!config)
        return std::nullopt;
    registration.config = *config;
    return registration;
}
