// SPDX-License-Identifier: MIT
#include "slimfaasprotocol.h"
#include "slimfaasbase64_p.h"
#include "slimfaasframe_p.h"
#include "slimfaasjsonreader_p.h"
#include "slimfaaslazypart_p.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qendian.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qstringbuilder.h>
#include <QtCore/quuid.h>
#include <QtCore/qvarlengtharray.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>

namespace SlimFaasProtocol {

namespace {

// Messages users read: translatable (translations/).
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(SlimFaasProtocol)
};

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// Field readers: a missing key yields the fallback, a key of the wrong JSON type is an error.
bool readString(const QJsonObject &object, QLatin1String key, QString *out, QString *error,
                bool required = false)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull()) {
        if (required)
            return fail(error, Text::tr("missing field \"%1\"").arg(key));
        return true;
    }
    if (!value.isString())
        return fail(error, Text::tr("field \"%1\" must be a string").arg(key));
    *out = value.toString();
    return true;
}

bool readBool(const QJsonObject &object, QLatin1String key, bool *out, QString *error)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isBool())
        return fail(error, Text::tr("field \"%1\" must be a boolean").arg(key));
    *out = value.toBool();
    return true;
}

bool readInt(const QJsonObject &object, QLatin1String key, int *out, QString *error,
             bool required = false)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull()) {
        if (required)
            return fail(error, Text::tr("missing field \"%1\"").arg(key));
        return true;
    }
    const double number = value.toDouble();
    // The range first: converting a double outside it to an integer is undefined.
    if (!value.isDouble() || !(number >= INT_MIN && number <= INT_MAX)
        || number != double(int(number)))
        return fail(error, Text::tr("field \"%1\" must be an integer").arg(key));
    *out = int(number);
    return true;
}

bool readStringList(const QJsonObject &object, QLatin1String key, QStringList *out, QString *error)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isArray())
        return fail(error, Text::tr("field \"%1\" must be an array of strings").arg(key));
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array) {
        if (!item.isString())
            return fail(error, Text::tr("field \"%1\" must be an array of strings").arg(key));
        list.append(item.toString());
    }
    *out = list;
    return true;
}

bool readBody(const QJsonObject &object, QByteArray *body, bool *hasBody, QString *error)
{
    const QJsonValue value = object.value(QLatin1String("body"));
    *hasBody = false;
    body->clear();
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isString())
        return fail(error, Text::tr("field \"body\" must be a base64 string or null"));
    const auto decoded = QByteArray::fromBase64Encoding(value.toString().toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return fail(error, Text::tr("field \"body\" is not valid base64"));
    *body = *decoded;
    *hasBody = true;
    return true;
}

bool readHeaders(const QJsonObject &object, SlimFaasHeaders *out, QString *error)
{
    const QJsonValue value = object.value(QLatin1String("headers"));
    if (value.isUndefined() || value.isNull())
        return true;
    const auto headers = headersFromJson(value, error);
    if (!headers)
        return false;
    *out = *headers;
    return true;
}

std::optional<QJsonObject> requireObject(const QJsonValue &payload, QString *error)
{
    if (!payload.isObject()) {
        fail(error, Text::tr("payload must be a JSON object"));
        return std::nullopt;
    }
    return payload.toObject();
}

QJsonValue bodyToJson(const QByteArray &body, bool hasBody)
{
    if (!hasBody)
        return QJsonValue::Null;
    return QString::fromLatin1(body.toBase64());
}

bool readVisibility(const QJsonObject &object, QLatin1String key,
                    std::optional<SlimFaas::Visibility> *out, QString *error)
{
    QString name;
    if (!readString(object, key, &name, error))
        return false;
    if (name.isEmpty())
        return true;
    *out = SlimFaas::visibilityFromName(name);
    if (!*out)
        return fail(error, Text::tr("field \"%1\" must be \"Public\" or \"Private\"").arg(key));
    return true;
}

std::optional<QJsonObject> parseJsonObject(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        fail(error,
             Text::tr("invalid JSON at offset %1: %2")
                     .arg(parseError.offset)
                     .arg(parseError.errorString()));
        return std::nullopt;
    }
    if (!document.isObject()) {
        fail(error, Text::tr("JSON document must be an object"));
        return std::nullopt;
    }
    return document.object();
}

// The HTTP part that AsyncRequest and PublishEvent payloads share.
template<typename Message>
bool readHttpFields(const QJsonObject &object, Message *message, QString *error)
{
    QString method = QStringLiteral("POST"), path, query;
    SlimFaasHeaders headers;
    QByteArray body;
    bool hasBody = false;
    if (!readString(object, QLatin1String("method"), &method, error)
        || !readString(object, QLatin1String("path"), &path, error)
        || !readString(object, QLatin1String("query"), &query, error)
        || !readHeaders(object, &headers, error) || !readBody(object, &body, &hasBody, error))
        return false;
    message->setMethod(method);
    message->setPath(path);
    message->setQuery(query);
    message->setHeaders(headers);
    if (hasBody)
        message->setBody(body);
    return true;
}

template<typename Message> void writeHttpFields(QJsonObject *object, const Message &message)
{
    object->insert(QLatin1String("method"), message.method());
    object->insert(QLatin1String("path"), message.path());
    object->insert(QLatin1String("query"), message.query());
    object->insert(QLatin1String("headers"), headersToJson(message.headers()));
    object->insert(QLatin1String("body"), bodyToJson(message.body(), message.hasBody()));
}

} // namespace

// JSON written directly, byte for byte what QJsonDocument::toJson(Compact) writes for the
// same QJsonObject (the same escapes, members in QJsonObject's order: sorted by name), for
// the messages sent once per request, where building the QJsonObject costs the most.
namespace {

// Six bytes at most for a UTF-16 unit (\u00XX, \uXXXX), and the quotes.
constexpr qsizetype jsonStringBound(qsizetype units)
{
    return units * 6 + 2;
}

#if defined(__SSE2__)
// Whether the eight UTF-16 units at src are printable ASCII that needs no escape; if so
// they are written to dst as they are (names, values and paths mostly are all of that).
bool copyPlainAscii8(const char16_t *src, char *dst)
{
    const __m128i units = _mm_loadu_si128(reinterpret_cast<const __m128i *>(src));
    // Signed compares: a unit from 0x8000 up is negative, so below 0x20 too.
    const __m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi16(units, _mm_set1_epi16(0x20)),
                                                  _mm_cmpgt_epi16(units, _mm_set1_epi16(0x7f))),
                                     _mm_or_si128(_mm_cmpeq_epi16(units, _mm_set1_epi16('"')),
                                                  _mm_cmpeq_epi16(units, _mm_set1_epi16('\\'))));
    if (_mm_movemask_epi8(bad))
        return false;
    _mm_storel_epi64(reinterpret_cast<__m128i *>(dst), _mm_packus_epi16(units, units));
    return true;
}
#endif

// The JSON string of text at dst, which has room for jsonStringBound(text.size()) bytes;
// returns its end.
char *writeJsonString(char *dst, QStringView text)
{
    static constexpr char hex[] = "0123456789abcdef";
    *dst++ = '"';
    const char16_t *src = text.utf16();
    const char16_t *const end = src + text.size();
#if defined(__SSE2__)
    while (end - src >= 8 && copyPlainAscii8(src, dst)) {
        src += 8;
        dst += 8;
    }
#endif
    while (src != end) {
        const char16_t u = *src++;
        if (u >= 0x20 && u < 0x80 && u != u'"' && u != u'\\') {
            *dst++ = char(u);
        } else if (u < 0x80) {
            *dst++ = '\\';
            switch (u) {
            case u'"':
            case u'\\':
                *dst++ = char(u);
                break;
            case u'\b':
                *dst++ = 'b';
                break;
            case u'\f':
                *dst++ = 'f';
                break;
            case u'\n':
                *dst++ = 'n';
                break;
            case u'\r':
                *dst++ = 'r';
                break;
            case u'\t':
                *dst++ = 't';
                break;
            default:
                *dst++ = 'u';
                *dst++ = '0';
                *dst++ = '0';
                *dst++ = hex[u >> 4];
                *dst++ = hex[u & 0xf];
            }
        } else if (u < 0x800) {
            *dst++ = char(0xc0 | (u >> 6));
            *dst++ = char(0x80 | (u & 0x3f));
        } else if (!QChar::isSurrogate(u)) {
            *dst++ = char(0xe0 | (u >> 12));
            *dst++ = char(0x80 | ((u >> 6) & 0x3f));
            *dst++ = char(0x80 | (u & 0x3f));
        } else if (QChar::isHighSurrogate(u) && src != end && QChar::isLowSurrogate(*src)) {
            const char32_t c = QChar::surrogateToUcs4(u, *src++);
            *dst++ = char(0xf0 | (c >> 18));
            *dst++ = char(0x80 | ((c >> 12) & 0x3f));
            *dst++ = char(0x80 | ((c >> 6) & 0x3f));
            *dst++ = char(0x80 | (c & 0x3f));
        } else {
            // A lone surrogate has no UTF-8: QJsonDocument escapes it.
            *dst++ = '\\';
            *dst++ = 'u';
            *dst++ = hex[u >> 12];
            *dst++ = hex[(u >> 8) & 0xf];
            *dst++ = hex[(u >> 4) & 0xf];
            *dst++ = hex[u & 0xf];
        }
    }
    *dst++ = '"';
    return dst;
}

char *writeLiteral(char *dst, QByteArrayView literal)
{
    std::memcpy(dst, literal.data(), size_t(literal.size()));
    return dst + literal.size();
}

// The bytes writeJsonHeaders() may write at most.
qsizetype jsonHeadersBound(const SlimFaasHeaders &headers)
{
    qsizetype bound = 2; // {}
    for (auto it = headers.cbegin(); it != headers.cend(); ++it) {
        bound += jsonStringBound(it.key().size()) + 4; // ,:[]
        for (const QString &value : it.value())
            bound += jsonStringBound(value.size()) + 1;
    }
    return bound;
}

// headersToJson(headers) as text, {"Name":["v1","v2"]}, at dst, which has room for
// jsonHeadersBound(headers) bytes: names sorted the way QJsonObject sorts them (QString's
// order; SlimFaasHeaders holds each name once). Returns its end.
char *writeJsonHeaders(char *dst, const SlimFaasHeaders &headers)
{
    QVarLengthArray<SlimFaasHeaders::const_iterator, 16> entries;
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        entries.append(it);
    std::sort(entries.begin(), entries.end(),
              [](const auto &a, const auto &b) { return a.key() < b.key(); });
    *dst++ = '{';
    for (qsizetype i = 0; i < entries.size(); ++i) {
        if (i > 0)
            *dst++ = ',';
        dst = writeJsonString(dst, entries.at(i).key());
        *dst++ = ':';
        *dst++ = '[';
        const QStringList &values = entries.at(i).value();
        for (qsizetype v = 0; v < values.size(); ++v) {
            if (v > 0)
                *dst++ = ',';
            dst = writeJsonString(dst, values.at(v));
        }
        *dst++ = ']';
    }
    *dst++ = '}';
    return dst;
}

void writeJsonHeaders(QByteArray *out, const SlimFaasHeaders &headers)
{
    const qsizetype start = out->size();
    out->resize(start + jsonHeadersBound(headers));
    char *end = writeJsonHeaders(out->data() + start, headers);
    out->truncate(end - out->constData());
}

} // namespace

void appendJsonString(QByteArray *out, QStringView text)
{
    const qsizetype start = out->size();
    out->resize(start + jsonStringBound(text.size()));
    char *end = writeJsonString(out->data() + start, text);
    out->truncate(end - out->constData());
}

namespace {

// bodyToJson() as text: the body in base64, or null.
void writeJsonBody(QByteArray *out, const QByteArray &body, bool hasBody)
{
    if (hasBody) {
        out->append('"');
        SlimFaasBase64::appendEncoded(body, out);
        out->append('"');
    } else {
        out->append("null", 4);
    }
}

} // namespace

QString messageTypeName(MessageType type)
{
    switch (type) {
    case MessageType::Register:
        return QStringLiteral("Register");
    case MessageType::RegisterResponse:
        return QStringLiteral("RegisterResponse");
    case MessageType::AsyncRequest:
        return QStringLiteral("AsyncRequest");
    case MessageType::AsyncCallback:
        return QStringLiteral("AsyncCallback");
    case MessageType::PublishEvent:
        return QStringLiteral("PublishEvent");
    case MessageType::Ping:
        return QStringLiteral("Ping");
    case MessageType::Pong:
        return QStringLiteral("Pong");
    case MessageType::SyncRequestStart:
        return QStringLiteral("SyncRequestStart");
    case MessageType::SyncRequestChunk:
        return QStringLiteral("SyncRequestChunk");
    case MessageType::SyncRequestEnd:
        return QStringLiteral("SyncRequestEnd");
    case MessageType::SyncResponseStart:
        return QStringLiteral("SyncResponseStart");
    case MessageType::SyncResponseChunk:
        return QStringLiteral("SyncResponseChunk");
    case MessageType::SyncResponseEnd:
        return QStringLiteral("SyncResponseEnd");
    case MessageType::SyncCancel:
        return QStringLiteral("SyncCancel");
    }
    return QStringLiteral("Unknown(%1)").arg(int(type));
}

bool isEnvelopeType(int type)
{
    return type >= int(MessageType::Register) && type <= int(MessageType::Pong);
}

bool isFrameType(int type)
{
    switch (type) {
    case int(MessageType::SyncRequestStart):
    case int(MessageType::SyncRequestChunk):
    case int(MessageType::SyncRequestEnd):
    case int(MessageType::SyncResponseStart):
    case int(MessageType::SyncResponseChunk):
    case int(MessageType::SyncResponseEnd):
    case int(MessageType::SyncCancel):
        return true;
    default:
        return false;
    }
}

QString newCorrelationId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// ---------------------------------------------------------------- envelope

QByteArray encodeEnvelope(MessageType type, const QString &correlationId, const QJsonValue &payload)
{
    QJsonObject envelope;
    envelope.insert(QLatin1String("type"), int(type));
    envelope.insert(QLatin1String("correlationId"), correlationId);
    envelope.insert(QLatin1String("payload"), payload.isObject() ? payload : QJsonValue::Null);
    return QJsonDocument(envelope).toJson(QJsonDocument::Compact);
}

std::optional<Envelope> decodeEnvelope(const QByteArray &json, QString *error)
{
    const auto object = parseJsonObject(json, error);
    if (!object)
        return std::nullopt;
    Envelope envelope;
    if (!readInt(*object, QLatin1String("type"), &envelope.type, error, true))
        return std::nullopt;
    if (!readString(*object, QLatin1String("correlationId"), &envelope.correlationId, error))
        return std::nullopt;
    const QJsonValue payload = object->value(QLatin1String("payload"));
    if (!payload.isUndefined() && !payload.isNull() && !payload.isObject()) {
        fail(error, Text::tr("field \"payload\" must be an object or null"));
        return std::nullopt;
    }
    envelope.payload = payload.isObject() ? payload : QJsonValue(QJsonValue::Null);
    return envelope;
}

// ---------------------------------------------------------------- headers

QJsonObject headersToJson(const SlimFaasHeaders &headers)
{
    QJsonObject object;
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        object.insert(it.key(), QJsonArray::fromStringList(it.value()));
    return object;
}

std::optional<SlimFaasHeaders> headersFromJson(const QJsonValue &value, QString *error)
{
    if (!value.isObject()) {
        fail(error, Text::tr("field \"headers\" must be an object"));
        return std::nullopt;
    }
    SlimFaasHeaders headers;
    const QJsonObject object = value.toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        QStringList values;
        if (it.value().isString()) {
            values.append(it.value().toString());
        } else if (it.value().isArray()) {
            const QJsonArray array = it.value().toArray();
            for (const QJsonValue &item : array) {
                if (!item.isString()) {
                    fail(error, Text::tr("header \"%1\" must hold strings").arg(it.key()));
                    return std::nullopt;
                }
                values.append(item.toString());
            }
        } else if (!it.value().isNull()) {
            fail(error, Text::tr("header \"%1\" must be a list of strings").arg(it.key()));
            return std::nullopt;
        }
        headers.insert(it.key(), values);
    }
    return headers;
}

// ---------------------------------------------------------------- register

QJsonObject functionConfigurationToJson(const SlimFaasFunctionConfig &config)
{
    QJsonArray subscribeEvents;
    for (const SlimFaasSubscribeEvent &event : config.subscribeEvents()) {
        QJsonObject entry{ { QLatin1String("name"), event.name } };
        if (event.visibility)
            entry.insert(QLatin1String("visibility"), SlimFaas::visibilityName(*event.visibility));
        subscribeEvents.append(entry);
    }
    QJsonArray paths;
    for (const SlimFaasPathVisibility &rule : config.pathsStartWithVisibility()) {
        paths.append(QJsonObject{
                { QLatin1String("path"), rule.path },
                { QLatin1String("visibility"), SlimFaas::visibilityName(rule.visibility) } });
    }
    return QJsonObject{
        { QLatin1String("dependsOn"), QJsonArray::fromStringList(config.dependsOn()) },
        { QLatin1String("subscribeEvents"), subscribeEvents },
        { QLatin1String("defaultVisibility"),
          SlimFaas::visibilityName(config.defaultVisibility()) },
        { QLatin1String("pathsStartWithVisibility"), paths },
        { QLatin1String("configuration"), config.configuration() },
        { QLatin1String("replicasStartAsSoonAsOneFunctionRetrieveARequest"),
          config.replicasStartAsSoonAsOneFunctionRetrieveARequest() },
        { QLatin1String("numberParallelRequest"), config.numberParallelRequest() },
        { QLatin1String("numberParallelRequestPerPod"), config.numberParallelRequestPerPod() },
        { QLatin1String("defaultTrust"), SlimFaas::trustName(config.defaultTrust()) },
    };
}

QJsonObject registerPayload(const SlimFaasFunctionConfig &config)
{
    return QJsonObject{ { QLatin1String("functionName"), config.functionName() },
                        { QLatin1String("configuration"), functionConfigurationToJson(config) } };
}

std::optional<SlimFaasFunctionConfig> parseRegisterPayload(const QJsonValue &payload,
                                                           QString *error)
{
    const auto object = requireObject(payload, error);
    if (!object)
        return std::nullopt;
    SlimFaasFunctionConfig config;
    QString name;
    if (!readString(*object, QLatin1String("functionName"), &name, error))
        return std::nullopt;
    config.setFunctionName(name);

    const QJsonValue configValue = object->value(QLatin1String("configuration"));
    if (configValue.isUndefined() || configValue.isNull())
        return config; // every field keeps its default, as on the server
    if (!configValue.isObject()) {
        fail(error, Text::tr("field \"configuration\" must be an object"));
        return std::nullopt;
    }
    const QJsonObject c = configValue.toObject();

    QStringList dependsOn;
    if (!readStringList(c, QLatin1String("dependsOn"), &dependsOn, error))
        return std::nullopt;
    config.setDependsOn(dependsOn);

    const QJsonValue events = c.value(QLatin1String("subscribeEvents"));
    if (!events.isUndefined() && !events.isNull()) {
        if (!events.isArray()) {
            fail(error, Text::tr("field \"subscribeEvents\" must be an array"));
            return std::nullopt;
        }
        QList<SlimFaasSubscribeEvent> list;
        for (const QJsonValue &item : events.toArray()) {
            if (!item.isObject()) {
                fail(error, Text::tr("each entry of \"subscribeEvents\" must be an object"));
                return std::nullopt;
            }
            SlimFaasSubscribeEvent event;
            if (!readString(item.toObject(), QLatin1String("name"), &event.name, error)
                || !readVisibility(item.toObject(), QLatin1String("visibility"), &event.visibility,
                                   error))
                return std::nullopt;
            list.append(event);
        }
        config.setSubscribeEvents(list);
    }

    std::optional<SlimFaas::Visibility> defaultVisibility;
    if (!readVisibility(c, QLatin1String("defaultVisibility"), &defaultVisibility, error))
        return std::nullopt;
    if (defaultVisibility)
        config.setDefaultVisibility(*defaultVisibility);

    const QJsonValue paths = c.value(QLatin1String("pathsStartWithVisibility"));
    if (!paths.isUndefined() && !paths.isNull()) {
        if (!paths.isArray()) {
            fail(error, Text::tr("field \"pathsStartWithVisibility\" must be an array"));
            return std::nullopt;
        }
        QList<SlimFaasPathVisibility> list;
        for (const QJsonValue &item : paths.toArray()) {
            if (!item.isObject()) {
                fail(error,
                     Text::tr("each entry of \"pathsStartWithVisibility\" must be an object"));
                return std::nullopt;
            }
            SlimFaasPathVisibility rule;
            std::optional<SlimFaas::Visibility> visibility;
            if (!readString(item.toObject(), QLatin1String("path"), &rule.path, error)
                || !readVisibility(item.toObject(), QLatin1String("visibility"), &visibility,
                                   error))
                return std::nullopt;
            rule.visibility = visibility.value_or(SlimFaas::Visibility::Public);
            list.append(rule);
        }
        config.setPathsStartWithVisibility(list);
    }

    QString configuration;
    if (!readString(c, QLatin1String("configuration"), &configuration, error))
        return std::nullopt;
    config.setConfiguration(configuration);

    bool replicasStart = false;
    if (!readBool(c, QLatin1String("replicasStartAsSoonAsOneFunctionRetrieveARequest"),
                  &replicasStart, error))
        return std::nullopt;
    config.setReplicasStartAsSoonAsOneFunctionRetrieveARequest(replicasStart);

    int parallel = SlimFaasFunctionConfig::DefaultNumberParallelRequest;
    int parallelPerPod = SlimFaasFunctionConfig::DefaultNumberParallelRequestPerPod;
    if (!readInt(c, QLatin1String("numberParallelRequest"), &parallel, error)
        || !readInt(c, QLatin1String("numberParallelRequestPerPod"), &parallelPerPod, error))
        return std::nullopt;
    config.setNumberParallelRequest(parallel);
    config.setNumberParallelRequestPerPod(parallelPerPod);

    QString trust;
    if (!readString(c, QLatin1String("defaultTrust"), &trust, error))
        return std::nullopt;
    if (!trust.isEmpty()) {
        const auto parsed = SlimFaas::trustFromName(trust);
        if (!parsed) {
            fail(error, Text::tr("field \"defaultTrust\" must be \"Trusted\" or \"Untrusted\""));
            return std::nullopt;
        }
        config.setDefaultTrust(*parsed);
    }
    return config;
}

QJsonObject registerResponsePayload(const RegisterResponse &response)
{
    return QJsonObject{
        { QLatin1String("success"), response.success },
        { QLatin1String("error"),
          response.error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(response.error) },
        { QLatin1String("connectionId"), response.connectionId },
    };
}

std::optional<RegisterResponse> parseRegisterResponse(const QJsonValue &payload, QString *error)
{
    const auto object = requireObject(payload, error);
    if (!object)
        return std::nullopt;
    RegisterResponse response;
    if (!object->value(QLatin1String("success")).isBool()) {
        fail(error, Text::tr("field \"success\" must be a boolean"));
        return std::nullopt;
    }
    response.success = object->value(QLatin1String("success")).toBool();
    if (!readString(*object, QLatin1String("error"), &response.error, error)
        || !readString(*object, QLatin1String("connectionId"), &response.connectionId, error))
        return std::nullopt;
    return response;
}

// ---------------------------------------------------------------- async

QJsonObject asyncRequestPayload(const SlimFaasAsyncRequest &request)
{
    QJsonObject payload{ { QLatin1String("elementId"), request.elementId() },
                         { QLatin1String("isLastTry"), request.isLastTry() },
                         { QLatin1String("tryNumber"), request.tryNumber() } };
    writeHttpFields(&payload, request);
    return payload;
}

QByteArray encodeAsyncRequest(const QString &correlationId, const SlimFaasAsyncRequest &request)
{
    // The members in QJsonObject's order, as QJsonDocument would write them.
    QByteArray json;
    json.reserve(192 + request.body().size() * 4 / 3);
    json.append("{\"correlationId\":");
    appendJsonString(&json, correlationId);
    json.append(",\"payload\":{\"body\":");
    writeJsonBody(&json, request.body(), request.hasBody());
    json.append(",\"elementId\":");
    appendJsonString(&json, request.elementId());
    json.append(",\"headers\":");
    writeJsonHeaders(&json, request.headers());
    json.append(",\"isLastTry\":").append(request.isLastTry() ? "true" : "false");
    json.append(",\"method\":");
    appendJsonString(&json, request.method());
    json.append(",\"path\":");
    appendJsonString(&json, request.path());
    json.append(",\"query\":");
    appendJsonString(&json, request.query());
    json.append(",\"tryNumber\":").append(QByteArray::number(request.tryNumber()));
    json.append("},\"type\":").append(QByteArray::number(int(MessageType::AsyncRequest)));
    json.append('}');
    return json;
}

std::optional<SlimFaasAsyncRequest> parseAsyncRequest(const QJsonValue &payload, QString *error)
{
    const auto object = requireObject(payload, error);
    if (!object)
        return std::nullopt;
    SlimFaasAsyncRequest request;
    QString elementId;
    bool isLastTry = false;
    int tryNumber = 1;
    if (!readString(*object, QLatin1String("elementId"), &elementId, error, true)
        || !readHttpFields(*object, &request, error)
        || !readBool(*object, QLatin1String("isLastTry"), &isLastTry, error)
        || !readInt(*object, QLatin1String("tryNumber"), &tryNumber, error))
        return std::nullopt;
    if (elementId.isEmpty()) {
        fail(error, Text::tr("field \"elementId\" must not be empty"));
        return std::nullopt;
    }
    request.setElementId(elementId);
    request.setLastTry(isLastTry);
    request.setTryNumber(tryNumber);
    return request;
}

QJsonObject asyncCallbackPayload(const AsyncCallback &callback)
{
    return QJsonObject{ { QLatin1String("elementId"), callback.elementId },
                        { QLatin1String("statusCode"), callback.statusCode } };
}

std::optional<AsyncCallback> parseAsyncCallback(const QJsonValue &payload, QString *error)
{
    const auto object = requireObject(payload, error);
    if (!object)
        return std::nullopt;
    AsyncCallback callback;
    if (!readString(*object, QLatin1String("elementId"), &callback.elementId, error, true)
        || !readInt(*object, QLatin1String("statusCode"), &callback.statusCode, error, true))
        return std::nullopt;
    return callback;
}

// ---------------------------------------------------------------- events

QJsonObject publishEventPayload(const SlimFaasPublishEvent &event)
{
    QJsonObject payload{ { QLatin1String("eventName"), event.eventName() } };
    writeHttpFields(&payload, event);
    return payload;
}

std::optional<SlimFaasPublishEvent> parsePublishEvent(const QJsonValue &payload, QString *error)
{
    const auto object = requireObject(payload, error);
    if (!object)
        return std::nullopt;
    SlimFaasPublishEvent event;
    QString eventName;
    if (!readString(*object, QLatin1String("eventName"), &eventName, error, true)
        || !readHttpFields(*object, &event, error))
        return std::nullopt;
    event.setEventName(eventName);
    return event;
}

// ---------------------------------------------------------------- the traffic fast path

namespace {

// Strings nearly every request carries, kept once: a pending request then holds a reference
// instead of a copy (QStringLiteral data is static, so sharing it costs nothing).
using KnownStrings = std::array<QString, 7>;
const KnownStrings &knownMethods()
{
    static const KnownStrings methods{ QStringLiteral("GET"),    QStringLiteral("POST"),
                                       QStringLiteral("PUT"),    QStringLiteral("DELETE"),
                                       QStringLiteral("PATCH"),  QStringLiteral("HEAD"),
                                       QStringLiteral("OPTIONS") };
    return methods;
}
const KnownStrings &knownHeaderNames()
{
    static const KnownStrings names{
        QStringLiteral("Content-Type"),   QStringLiteral("Content-Length"),
        QStringLiteral("Accept"),         QStringLiteral("User-Agent"),
        QStringLiteral("Host"),           QStringLiteral("Accept-Encoding"),
        QStringLiteral("X-Forwarded-For")
    };
    return names;
}
QString shared(QStringView text, const KnownStrings &known)
{
    for (const QString &candidate : known) {
        if (sameText(candidate, text))
            return candidate;
    }
    return text.toString();
}

// The member SlimFaas writes at place `member` of a message, as SlimFaasJsonReader::nextKey()
// takes it; empty past the last.
template<size_t N> QStringView likelyMember(const QStringView (&order)[N], size_t member)
{
    return member < N ? order[member] : QStringView();
}

// A header name: one of the common ones, or the one last seen with the same length and
// last letter (per thread, as the decoder is reentrant), so that a function's own headers
// (X-Request-Id...) are shared too rather than copied into every request.
QString headerName(QStringView name)
{
    for (const QString &candidate : knownHeaderNames()) {
        if (sameText(candidate, name))
            return candidate;
    }
    if (name.isEmpty())
        return name.toString();
    thread_local std::array<QString, 16> recent;
    const size_t spread = size_t(name.size()) * 31 + name.back().unicode();
    QString &slot = recent[spread % recent.size()];
    if (!sameText(slot, name))
        slot = name.toString();
    return slot;
}

// Callers send the same few header values again and again (Content-Type, Accept, ...): a
// request shares a one-value list with the last request that had the same header, instead
// of holding its own copy. That is two allocations fewer per header, about 140 bytes for
// as long as the request is pending. One slot per header name (hashed), per thread since
// the decoder is reentrant; only short values, so that the cache never holds much.
QStringList oneValue(const QString &name, QStringView value)
{
    struct Slot
    {
        QString name;
        QStringList values;
    };
    static constexpr qsizetype MaximumLength = 128;
    if (value.size() > MaximumLength)
        return { value.toString() };
    thread_local std::array<Slot, 16> cache;
    // Any cheap spread will do (qHash() would cost more than the sharing saves): a
    // collision only loses the sharing.
    const size_t spread = size_t(name.size()) * 31 + (name.isEmpty() ? 0 : name.back().unicode());
    Slot &slot = cache[spread % cache.size()];
    if (!slot.values.isEmpty() && sameText(slot.name, name)
        && sameText(slot.values.constFirst(), value))
        return slot.values;
    const QStringList values{ value.toString() };
    slot = { name, values };
    return values;
}

// A function sees the same few paths and event names again and again: a message shares
// the string with the last message that had the same one (the caller's slot, per thread
// since the decoder is reentrant) instead of allocating a copy of its own.
QString sameAsLast(QStringView text, QString *last)
{
    if (text.isEmpty())
        return text.toString();
    if (!sameText(text, *last))
        *last = text.toString();
    return *last;
}

// The same rules as headersFromJson(): a list of strings, a bare string, or null. Without
// `out`, only checks them: an event's headers are built when first asked for.
bool fastReadHeaders(SlimFaasJsonReader &reader, SlimFaasHeaders *out)
{
    if (reader.isNull())
        return true;
    if (!reader.beginObject())
        return false;
    SlimFaasHeaders headers;
    QStringView name;
    bool first = true, end = false;
    // A function's callers send the same headers message after message: the names of the
    // last message's (per thread) are expected in turn, and shared when they come.
    thread_local std::array<QString, 8> lastNames;
    for (size_t index = 0;
         reader.nextKey(&first, &name, &end,
                        index < lastNames.size() ? QStringView(lastNames[index]) : QStringView());
         ++index) {
        if (end) {
            if (out)
                *out = headers;
            return true;
        }
        QString sharedName;
        if (out && index < lastNames.size() && sameText(name, lastNames[index])) {
            sharedName = lastNames[index];
        } else if (out) {
            sharedName = headerName(name);
            if (index < lastNames.size())
                lastNames[index] = sharedName;
        }
        QStringList values;
        QStringView value; // valid until the next read: it may show `unescaped`
        QString unescaped;
        if (reader.beginArray()) {
            // Each value is copied once the next one shows up; a lone value is shared.
            bool firstValue = true, valuesEnd = false, held = false;
            while (reader.nextElement(&firstValue, &valuesEnd) && !valuesEnd) {
                if (held && out)
                    values.append(value.toString());
                if (!reader.readStringView(&value, &unescaped))
                    return false;
                held = true;
            }
            if (!valuesEnd)
                return false;
            if (held && out && values.isEmpty())
                values = oneValue(sharedName, value);
            else if (held && out)
                values.append(value.toString());
        } else if (reader.readStringView(&value, &unescaped)) {
            if (out)
                values = oneValue(sharedName, value);
        } else if (!reader.isNull()) {
            return false;
        }
        if (out) {
            // A name twice (in any spelling): the general decoder's order of keys decides
            // which values stand, so that both decoders agree.
            const qsizetype before = headers.size();
            headers.insert(sharedName, values);
            if (headers.size() == before)
                return false;
        }
    }
    return false;
}

// Callers often send the very same headers message after message: when a request's headers
// read the same as the last request's (per thread), character for character, it shares the
// headers built then instead of reading them again (any difference, a later value or a
// space, reads them anew). The last message's text is held for that, shared, not copied,
// and only while it is small.
bool fastReadRepeatedHeaders(SlimFaasJsonReader &reader, const QString &source,
                             SlimFaasHeaders *out)
{
    static constexpr qsizetype MaximumSource = 64 * 1024;
    struct Last
    {
        QString source;
        qsizetype begin = 0;
        qsizetype size = 0; // 0: nothing held
        SlimFaasHeaders headers;
    };
    thread_local Last last;
    const QStringView rest = reader.rest();
    if (last.size > 0 && rest.size() >= last.size
        && sameText(rest.first(last.size),
                    QStringView(last.source).sliced(last.begin, last.size))) {
        *out = last.headers;
        reader.skip(last.size);
        return true;
    }
    if (!fastReadHeaders(reader, out))
        return false;
    if (source.size() > MaximumSource) {
        last = {};
        return true;
    }
    last.source = source;
    last.begin = rest.data() - source.constData();
    last.size = reader.rest().data() - rest.data();
    last.headers = *out;
    return true;
}

// A body's base64 as it lies in the message, checked in one pass: digits, the escapes that
// stand for one, the padding, the closing quote. False for anything else (null too), which
// fastReadBody() then reads the general way.
bool scanBase64String(SlimFaasJsonReader &reader, QStringView *base64)
{
    const QStringView rest = reader.rest();
    if (!rest.startsWith(u'"'))
        return false;
    const char16_t *const begin = rest.utf16() + 1;
    const char16_t *const end = rest.utf16() + rest.size();
    const char16_t *c = begin;
    qsizetype digits = 0;
    for (;;) {
        const char16_t *const run = SlimFaasBase64::skipDigits(c, end);
        digits += run - c;
        c = run;
        const qsizetype escape = SlimFaasBase64::escapedDigitLength(c, end);
        if (escape == 0)
            break;
        c += escape;
        ++digits;
    }
    qsizetype padding = 0;
    while (padding < 2 && c != end && *c == u'=') {
        ++c;
        ++padding;
    }
    if (c == end || *c != u'"' || (padding > 0 && (digits + padding) % 4 != 0))
        return false;
    *base64 = QStringView(begin, c);
    reader.skip(c + 1 - rest.utf16());
    return true;
}

// An async request stays in memory while it is pending, so its body is decoded now: its
// base64 text, inside the whole message, would take more room. An event's is handed over
// still encoded (SlimFaasLazyBody), with the message's text, and decoded if asked for.
template<typename Message>
bool fastReadBody(SlimFaasJsonReader &reader, const QString &source, Message *message)
{
    QStringView base64;
    if constexpr (std::is_same_v<Message, SlimFaasPublishEvent>) {
        if (scanBase64String(reader, &base64)) {
            setEncodedBody(*message, source, base64);
            return true;
        }
    } else {
        const QStringView rest = reader.rest();
        QByteArray body;
        const char16_t *closing = rest.startsWith(u'"') ? SlimFaasBase64::readJsonString(
                                          rest.utf16() + 1, rest.utf16() + rest.size(), &body)
                                                        : nullptr;
        if (closing) {
            message->setBody(body);
            reader.skip(closing + 1 - rest.utf16());
            return true;
        }
    }
    // Null, other escapes, invalid base64: the general string reader, then the decoder,
    // which refuses what QByteArray::fromBase64() would.
    if (reader.isNull()) {
        message->setHasBody(false); // a body given twice: the last one counts, null too
        return true;
    }
    QString unescaped;
    QByteArray body;
    if (!reader.readStringView(&base64, &unescaped) || !SlimFaasBase64::decode(base64, &body))
        return false;
    message->setBody(body);
    return true;
}

// A string member that may also be null (keeps its default then), like readString().
bool fastReadString(SlimFaasJsonReader &reader, QString *out)
{
    return reader.isNull() || reader.readString(out);
}

// The members AsyncRequest and PublishEvent share; false for a member it does not know.
template<typename Message>
bool fastReadHttpField(SlimFaasJsonReader &reader, const QString &source, QStringView key,
                       Message *message, bool *ok)
{
    QString text;
    if (keyIs(key, u"method")) {
        QStringView method = u"POST";
        *ok = reader.isNull() || reader.readStringView(&method, &text);
        message->setMethod(shared(method, knownMethods()));
    } else if (keyIs(key, u"path")) {
        thread_local QString lastPath;
        QStringView path;
        *ok = reader.isNull() || reader.readStringView(&path, &text);
        message->setPath(sameAsLast(path, &lastPath));
    } else if (keyIs(key, u"query")) {
        thread_local QString lastQuery;
        QStringView query;
        *ok = reader.isNull() || reader.readStringView(&query, &text);
        message->setQuery(sameAsLast(query, &lastQuery));
    } else if (keyIs(key, u"headers")) {
        if constexpr (std::is_same_v<Message, SlimFaasPublishEvent>) {
            // An event's are built when first asked for (SlimFaasLazyPart); an async
            // request's now, as the text would take more room while it is pending.
            const QChar *const begin = reader.rest().data();
            *ok = fastReadHeaders(reader, nullptr);
            if (*ok)
                setEncodedHeaders(*message, source, QStringView(begin, reader.rest().data()));
        } else {
            SlimFaasHeaders headers;
            *ok = fastReadRepeatedHeaders(reader, source, &headers);
            message->setHeaders(headers);
        }
    } else if (keyIs(key, u"body")) {
        *ok = fastReadBody(reader, source, message);
    } else {
        return false;
    }
    return true;
}

// Where the parts of an async request that change from one message to the next lie in
// its text: the correlation id, the element id and the body, each a string value from its
// opening quote to past its closing one; an empty range when the value was not a string.
struct RequestMarks
{
    struct Range
    {
        qsizetype begin = 0;
        qsizetype end = 0;
    };
    Range correlationId, elementId, body;
};

// The range of the value read from `begin` to `end` in `source`, when it is a string.
RequestMarks::Range stringRange(const QString &source, qsizetype begin, qsizetype end)
{
    if (end - begin < 2 || source.at(begin) != u'"' || source.at(end - 1) != u'"')
        return {};
    return { begin, end };
}

// `correlationId` is the envelope's, when it came first: SlimFaas sends the element id
// there too, and the request then shares that string instead of holding a copy. `marks`,
// when given, gets where the element id and the body lie (`reader` reads from the start of
// `source` then).
bool fastReadAsyncRequest(SlimFaasJsonReader &reader, const QString &source,
                          const QString &correlationId, SlimFaasAsyncRequest *request,
                          RequestMarks *marks)
{
    if (!reader.beginObject())
        return false;
    QString elementId;
    QStringView key;
    bool first = true, end = false, ok = true;
    static constexpr QStringView order[] = { u"elementId", u"method", u"path",      u"query",
                                             u"headers",   u"body",   u"isLastTry", u"tryNumber" };
    for (size_t member = 0; ok && reader.nextKey(&first, &key, &end, likelyMember(order, member));
         ++member) {
        if (end) {
            if (elementId.isEmpty())
                return false; // missing or empty: an error the slow path words
            request->setElementId(elementId);
            return true;
        }
        const qsizetype valueBegin = reader.rest().data() - source.constData();
        if (fastReadHttpField(reader, source, key, request, &ok)) {
            if (marks && keyIs(key, u"body"))
                marks->body = stringRange(source, valueBegin, reader.position());
            continue;
        }
        if (keyIs(key, u"elementId")) {
            QStringView id;
            QString unescaped;
            ok = reader.readStringView(&id, &unescaped);
            elementId = id == correlationId ? correlationId : id.toString();
            if (marks)
                marks->elementId = stringRange(source, valueBegin, reader.position());
        } else if (keyIs(key, u"isLastTry")) {
            bool lastTry = false;
            ok = reader.isNull() || reader.readBool(&lastTry);
            request->setLastTry(lastTry);
        } else if (keyIs(key, u"tryNumber")) {
            int tryNumber = 1;
            ok = reader.isNull() || reader.readInt(&tryNumber);
            request->setTryNumber(tryNumber);
        } else {
            ok = reader.skipValue(); // unknown fields are ignored (docs/protocol.md §2)
        }
    }
    return false;
}

bool fastReadPublishEvent(SlimFaasJsonReader &reader, const QString &source,
                          SlimFaasPublishEvent *event)
{
    if (!reader.beginObject())
        return false;
    QString eventName;
    bool named = false;
    QStringView key;
    bool first = true, end = false, ok = true;
    static constexpr QStringView order[]
            = { u"eventName", u"method", u"path", u"query", u"headers", u"body" };
    for (size_t member = 0; ok && reader.nextKey(&first, &key, &end, likelyMember(order, member));
         ++member) {
        if (end) {
            if (!named)
                return false;
            event->setEventName(eventName);
            return true;
        }
        if (fastReadHttpField(reader, source, key, event, &ok))
            continue;
        if (keyIs(key, u"eventName")) {
            thread_local QString lastEventName;
            QStringView name;
            QString unescaped;
            ok = reader.readStringView(&name, &unescaped);
            eventName = sameAsLast(name, &lastEventName);
            named = true;
        } else {
            ok = reader.skipValue();
        }
    }
    return false;
}

// `reader` reads within `source`, the message's text, which an event's body keeps.
bool fastReadPayload(SlimFaasJsonReader &reader, const QString &source, int type,
                     TrafficMessage *message, RequestMarks *marks)
{
    message->type = MessageType(type);
    if (type == int(MessageType::AsyncRequest))
        return fastReadAsyncRequest(reader, source, message->correlationId,
                                    &message->asyncRequest.emplace(), marks);
    if (type == int(MessageType::PublishEvent))
        return fastReadPublishEvent(reader, source, &message->publishEvent.emplace());
    return false;
}

// SlimFaas sends a function the same request again and again but for its ids and its
// body: the last async request read (per thread, as the decoder is reentrant) is kept with
// where those parts lay, and a message that matches it character for character around
// them is read as that request with its own ids and body, without going through its
// members again. Anything else (another path, header, try number, a space, an escape in an
// id) reads the usual way, and becomes the one kept. Only small messages are kept.
struct RequestTemplate
{
    static constexpr qsizetype MaximumText = 64 * 1024;
    QString text; // empty: nothing kept
    RequestMarks marks;
    SlimFaasAsyncRequest request; // what `text` decoded to
};
RequestTemplate &lastRequest()
{
    thread_local RequestTemplate last;
    return last;
}

void keepAsTemplate(const QString &text, const RequestMarks &marks,
                    const SlimFaasAsyncRequest &request)
{
    RequestTemplate &last = lastRequest();
    // The parts in the order SlimFaas writes them, the ids strings: the rest of the text is
    // then what lies between them. A body that is not a string (null, none) is part of that
    // rest.
    const bool usable = text.size() <= RequestTemplate::MaximumText && marks.correlationId.end > 0
            && marks.elementId.end > 0 && marks.correlationId.end <= marks.elementId.begin
            && (marks.body.end == 0 || marks.elementId.end <= marks.body.begin);
    if (!usable) {
        last = {};
        return;
    }
    last.text = text;
    last.marks = marks;
    last.request = request;
}

std::optional<TrafficMessage> readLikeLastRequest(const QString &text)
{
    const RequestTemplate &last = lastRequest();
    if (last.text.isEmpty())
        return std::nullopt;
    const char16_t *const was = QStringView(last.text).utf16();
    const char16_t *at = QStringView(text).utf16();
    const char16_t *const end = at + text.size();
    // The template's characters from `from` to `to`, next in `text`.
    const auto same = [&](qsizetype from, qsizetype to) {
        const qsizetype size = to - from;
        if (end - at < size || std::memcmp(at, was + from, size_t(size) * sizeof(char16_t)) != 0)
            return false;
        at += size;
        return true;
    };
    // A string without escapes, as the reader takes it, right where the template has one.
    const auto plain = [&](QStringView *value) {
        if (at == end || *at != u'"')
            return false;
        const char16_t *const stop = SlimFaasJsonReader::findQuoteOrBackslash(at + 1, end);
        if (stop == end || *stop != u'"')
            return false;
        *value = QStringView(at + 1, stop);
        at = stop + 1;
        return true;
    };
    const RequestMarks &marks = last.marks;
    QStringView correlationId, elementId;
    if (!same(0, marks.correlationId.begin) || !plain(&correlationId)
        || !same(marks.correlationId.end, marks.elementId.begin) || !plain(&elementId)
        || elementId.isEmpty())
        return std::nullopt;
    const bool hasBody = marks.body.end > 0;
    QByteArray body;
    if (hasBody) {
        if (!same(marks.elementId.end, marks.body.begin))
            return std::nullopt;
        const char16_t *const closing = at != end && *at == u'"'
                ? SlimFaasBase64::readJsonString(at + 1, end, &body)
                : nullptr;
        if (!closing)
            return std::nullopt;
        at = closing + 1;
    }
    const qsizetype tail = hasBody ? marks.body.end : marks.elementId.end;
    if (end - at != last.text.size() - tail || !same(tail, last.text.size()))
        return std::nullopt;
    TrafficMessage message;
    message.type = MessageType::AsyncRequest;
    message.correlationId = correlationId.toString();
    SlimFaasAsyncRequest &request = message.asyncRequest.emplace(last.request);
    request.setElementId(sameText(elementId, correlationId) ? message.correlationId
                                                            : elementId.toString());
    if (hasBody)
        request.setBody(body);
    return message;
}

} // namespace

std::optional<TrafficMessage> decodeTrafficMessage(const QString &text)
{
    if (auto message = readLikeLastRequest(text))
        return message;
    // SlimFaas writes the type before the payload, which is then read in the same pass;
    // in any other order (QJsonDocument writes it last) the payload is skipped, then read
    // once the type is known.
    SlimFaasJsonReader reader(text);
    if (!reader.beginObject())
        return std::nullopt;
    TrafficMessage message;
    RequestMarks marks;
    int type = -1;
    qsizetype payloadStart = -1;
    bool typeSeen = false, payloadSeen = false, payloadRead = false;
    QStringView key;
    bool first = true, end = false;
    static constexpr QStringView order[] = { u"type", u"correlationId", u"payload" };
    for (size_t member = 0; reader.nextKey(&first, &key, &end, likelyMember(order, member)) && !end;
         ++member) {
        bool ok;
        if (keyIs(key, u"type") && !typeSeen) {
            typeSeen = true;
            ok = reader.readInt(&type);
        } else if (keyIs(key, u"correlationId")) {
            // A member given twice counts with its last value, as in QJsonDocument, null
            // included.
            message.correlationId.clear();
            const qsizetype valueBegin = reader.rest().data() - text.constData();
            ok = fastReadString(reader, &message.correlationId);
            marks.correlationId = stringRange(text, valueBegin, reader.position());
        } else if (keyIs(key, u"payload") && !payloadSeen) {
            payloadSeen = true;
            payloadStart = reader.position();
            payloadRead = typeSeen && fastReadPayload(reader, text, type, &message, &marks);
            ok = payloadRead || (!typeSeen && reader.skipValue());
        } else if (keyIs(key, u"type") || keyIs(key, u"payload")) {
            ok = false; // twice: which one counts is QJsonDocument's business
        } else {
            ok = reader.skipValue();
        }
        if (!ok)
            return std::nullopt;
    }
    if (!end || !reader.atEnd() || !payloadSeen)
        return std::nullopt;
    if (!payloadRead) {
        SlimFaasJsonReader payload(QStringView(text).mid(payloadStart)); // a view into `text`
        if (!fastReadPayload(payload, text, type, &message, nullptr))
            return std::nullopt;
        marks = {}; // the payload came before the type: not the order SlimFaas writes
    }
    if (message.asyncRequest)
        keepAsTemplate(text, marks, *message.asyncRequest);
    return message;
}

namespace {
// Printable ASCII without '"' or '\\': written as it is inside a JSON string. Checked for
// every callback's element id, eight characters a step with SSE2 (every x86-64 CPU has it).
bool needsNoEscape(const QString &text)
{
    const char16_t *c = QStringView(text).utf16();
    const char16_t *const end = c + text.size();
#if defined(__SSE2__)
    const __m128i lowest = _mm_set1_epi16(0x20);
    const __m128i highest = _mm_set1_epi16(0x7e);
    const __m128i quote = _mm_set1_epi16(short(u'"'));
    const __m128i backslash = _mm_set1_epi16(short(u'\\'));
    for (; end - c >= 8; c += 8) {
        const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i *>(c));
        // Unsigned saturating subtractions: nonzero where a character is under 0x20 or
        // over 0x7e.
        const __m128i outside
                = _mm_or_si128(_mm_subs_epu16(lowest, chunk), _mm_subs_epu16(chunk, highest));
        const __m128i special
                = _mm_or_si128(_mm_cmpeq_epi16(chunk, quote), _mm_cmpeq_epi16(chunk, backslash));
        const __m128i plain
                = _mm_andnot_si128(special, _mm_cmpeq_epi16(outside, _mm_setzero_si128()));
        if (_mm_movemask_epi8(plain) != 0xffff)
            return false;
    }
#endif
    return std::all_of(c, end,
                       [](char16_t u) { return u >= 0x20 && u < 0x7f && u != u'"' && u != u'\\'; });
}

// Appends `text`, a literal, at `out`; returns where it ends.
template<qsizetype N> char16_t *put(char16_t *out, const char16_t (&text)[N])
{
    return std::copy_n(text, N - 1, out);
}
} // namespace

QByteArray encodeAsyncCallback(const AsyncCallback &callback)
{
    return encodeAsyncCallbackText(callback).toUtf8();
}

QString encodeAsyncCallbackText(const AsyncCallback &callback)
{
    // Element ids are GUIDs and statuses three digits (100-599, checked before): anything
    // else takes the general encoder.
    const int status = callback.statusCode;
    if (status < 100 || status > 999 || !needsNoEscape(callback.elementId)) {
        return QString::fromUtf8(encodeEnvelope(MessageType::AsyncCallback, callback.elementId,
                                                asyncCallbackPayload(callback)));
    }
    // The keys in QJsonDocument's (sorted) order, so both encoders give the same bytes.
    // Sized up front, and UTF-16 literals copied as they are (no Latin-1 conversion); the
    // status written digit by digit, as QString::number() would cost more than the rest of
    // the message.
    static constexpr char16_t head[] = u"{\"correlationId\":\"";
    static constexpr char16_t middle[] = u"\",\"payload\":{\"elementId\":\"";
    static constexpr char16_t statusKey[] = u"\",\"statusCode\":";
    static constexpr char16_t tail[] = u"},\"type\":3}";
    const QString &id = callback.elementId;
    const qsizetype size = std::size(head) + std::size(middle) + std::size(statusKey)
            + std::size(tail) - 4 + 2 * id.size() + 3;
    // A caller sends the text and lets it go: written into one buffer per thread and handed
    // out shared, the next callback's text then takes no allocation. One still held
    // elsewhere is left alone (writing into it detaches it first); a long one is not kept.
    static constexpr qsizetype MaximumKept = 512;
    thread_local QString kept;
    QString fresh;
    QString &text = size <= MaximumKept ? kept : fresh;
    text.resize(size);
    char16_t *out = reinterpret_cast<char16_t *>(text.data());
    out = put(out, head);
    out = std::copy_n(QStringView(id).utf16(), id.size(), out);
    out = put(out, middle);
    out = std::copy_n(QStringView(id).utf16(), id.size(), out);
    out = put(out, statusKey);
    *out++ = char16_t(u'0' + status / 100);
    *out++ = char16_t(u'0' + status / 10 % 10);
    *out++ = char16_t(u'0' + status % 10);
    put(out, tail);
    return text;
}

// ---------------------------------------------------------------- binary frames

QByteArray encodeFrame(MessageType type, const QString &correlationId, const QByteArray &payload,
                       quint8 flags)
{
    return encodeFrameFrom(type, correlationId, payload, flags);
}

QByteArray encodeFrameFrom(MessageType type, const QString &correlationId, QByteArrayView payload,
                           quint8 flags)
{
    QByteArray frame(FrameHeaderSize + payload.size(), Qt::Uninitialized);
    writeFrame(frame.data(), type, correlationId, payload, flags);
    return frame;
}

char *writeFrame(char *out, MessageType type, const QString &correlationId, QByteArrayView payload,
                 quint8 flags)
{
    out[0] = char(type);
    // The server pads with spaces and cuts at 36 characters; so do we. Characters past
    // Latin-1 become '?', as QString::toLatin1() makes them.
    const qsizetype idLength = qMin<qsizetype>(correlationId.size(), FrameCorrelationIdSize);
    for (qsizetype i = 0; i < idLength; ++i) {
        const char16_t c = correlationId.at(i).unicode();
        out[1 + i] = c > 0xff ? '?' : char(c);
    }
    std::memset(out + 1 + idLength, ' ', size_t(FrameCorrelationIdSize - idLength));
    out[1 + FrameCorrelationIdSize] = char(flags);
    qToBigEndian<quint32>(quint32(payload.size()), out + 2 + FrameCorrelationIdSize);
    if (!payload.isEmpty())
        std::memcpy(out + FrameHeaderSize, payload.data(), size_t(payload.size()));
    return out + FrameHeaderSize + payload.size();
}

std::optional<FrameInMessage> decodeFrameInMessage(const QByteArray &message, QString *error,
                                                   bool *lengthMismatch)
{
    if (lengthMismatch)
        *lengthMismatch = false;
    if (message.size() < FrameHeaderSize) {
        fail(error,
             Text::tr("binary frame of %1 bytes is shorter than the %2-byte header")
                     .arg(message.size())
                     .arg(FrameHeaderSize));
        return std::nullopt;
    }
    FrameInMessage view;
    Frame &frame = view.frame;
    frame.type = MessageType(quint8(message.at(0)));
    // QString::fromLatin1(...).trimmed() without the copies: the same characters are
    // trimmed (QChar::isSpace() of each Latin-1 byte, the padding spaces among them).
    const char *id = message.constData() + 1;
    qsizetype idStart = 0, idEnd = FrameCorrelationIdSize;
    while (idStart < idEnd && QChar(QLatin1Char(id[idStart])).isSpace())
        ++idStart;
    while (idEnd > idStart && QChar(QLatin1Char(id[idEnd - 1])).isSpace())
        --idEnd;
    frame.correlationId = QString::fromLatin1(id + idStart, idEnd - idStart);
    frame.flags = quint8(message.at(37));
    const quint32 declared = qFromBigEndian<quint32>(message.constData() + 38);
    const qsizetype available = message.size() - FrameHeaderSize;
    const qsizetype length = qMin<qsizetype>(declared, available);
    if (lengthMismatch)
        *lengthMismatch = qsizetype(declared) != available;
    view.payloadBegin = FrameHeaderSize;
    view.payloadSize = length;
    return view;
}

std::optional<Frame> decodeFrame(const QByteArray &message, QString *error, bool *lengthMismatch)
{
    auto view = decodeFrameInMessage(message, error, lengthMismatch);
    if (!view)
        return std::nullopt;
    view->frame.payload = message.mid(view->payloadBegin, view->payloadSize);
    return std::move(view->frame);
}

QByteArray encodeSyncRequestHead(const SyncRequestHead &head)
{
    // {"headers":…,"method":…,"path":…,"query":…}, as QJsonDocument would write it, in one
    // allocation sized for the worst case and cut to what was written.
    static constexpr QByteArrayView headersKey = "{\"headers\":";
    static constexpr QByteArrayView methodKey = ",\"method\":";
    static constexpr QByteArrayView pathKey = ",\"path\":";
    static constexpr QByteArrayView queryKey = ",\"query\":";
    QByteArray json(headersKey.size() + jsonHeadersBound(head.headers) + methodKey.size()
                            + jsonStringBound(head.method.size()) + pathKey.size()
                            + jsonStringBound(head.path.size()) + queryKey.size()
                            + jsonStringBound(head.query.size()) + 1,
                    Qt::Uninitialized);
    char *out = json.data();
    out = writeLiteral(out, headersKey);
    out = writeJsonHeaders(out, head.headers);
    out = writeLiteral(out, methodKey);
    out = writeJsonString(out, head.method);
    out = writeLiteral(out, pathKey);
    out = writeJsonString(out, head.path);
    out = writeLiteral(out, queryKey);
    out = writeJsonString(out, head.query);
    *out++ = '}';
    json.truncate(out - json.constData());
    return json;
}

namespace {
// SyncRequestStart's head in one pass over its text, as the traffic messages are read;
// nullopt for anything unusual (a member twice, a value of another type, bad JSON), which
// the general decoder then reads, or words the error of.
std::optional<SyncRequestHead> fastReadSyncRequestHead(const QByteArray &json)
{
    const QString text = QString::fromUtf8(json);
    SlimFaasJsonReader reader(text);
    if (!reader.beginObject())
        return std::nullopt;
    SyncRequestHead head;
    bool seen[4] = {};
    QStringView key;
    bool first = true, end = false;
    while (reader.nextKey(&first, &key, &end)) {
        if (end)
            return reader.atEnd() ? std::optional(head) : std::nullopt;
        const int member = keyIs(key, u"method") ? 0
                : keyIs(key, u"path")            ? 1
                : keyIs(key, u"query")           ? 2
                : keyIs(key, u"headers")         ? 3
                                                 : -1;
        if (member >= 0 && std::exchange(seen[member], true))
            return std::nullopt;
        bool ok;
        switch (member) {
        case 0:
            ok = fastReadString(reader, &head.method);
            break;
        case 1:
            ok = fastReadString(reader, &head.path);
            break;
        case 2:
            ok = fastReadString(reader, &head.query);
            break;
        case 3:
            ok = fastReadHeaders(reader, &head.headers);
            break;
        default:
            ok = reader.skipValue();
            break;
        }
        if (!ok)
            return std::nullopt;
    }
    return std::nullopt;
}
} // namespace

std::optional<SyncRequestHead> decodeSyncRequestHead(const QByteArray &json, QString *error)
{
    if (auto head = fastReadSyncRequestHead(json))
        return head;
    const auto object = parseJsonObject(json, error);
    if (!object)
        return std::nullopt;
    SyncRequestHead head;
    if (!readString(*object, QLatin1String("method"), &head.method, error)
        || !readString(*object, QLatin1String("path"), &head.path, error)
        || !readString(*object, QLatin1String("query"), &head.query, error)
        || !readHeaders(*object, &head.headers, error))
        return std::nullopt;
    return head;
}

QByteArray encodeSyncResponseHead(const SyncResponseHead &head)
{
    // {"headers":…,"statusCode":…}, as QJsonDocument would write it.
    QByteArray json;
    json.reserve(64);
    json.append("{\"headers\":");
    writeJsonHeaders(&json, head.headers);
    json.append(",\"statusCode\":");
    json.append(QByteArray::number(head.statusCode));
    json.append('}');
    return json;
}

std::optional<SyncResponseHead> decodeSyncResponseHead(const QByteArray &json, QString *error)
{
    const auto object = parseJsonObject(json, error);
    if (!object)
        return std::nullopt;
    SyncResponseHead head;
    if (!readInt(*object, QLatin1String("statusCode"), &head.statusCode, error)
        || !readHeaders(*object, &head.headers, error))
        return std::nullopt;
    return head;
}

// ---------------------------------------------------------------- an event's parts

SlimFaasHeaders decodeCheckedHeaders(QStringView json)
{
    SlimFaasJsonReader reader(json);
    SlimFaasHeaders headers;
    if (fastReadHeaders(reader, &headers))
        return headers;
    // Checked on arrival, so only a name given twice (in two spellings) comes here.
    return headersFromJson(QJsonDocument::fromJson(json.toUtf8()).object()).value_or(headers);
}

} // namespace SlimFaasProtocol
