// SPDX-License-Identifier: MIT
// slimfaas-json-bench: reads an AsyncRequest as SlimFaas sends it, the way the client does
// (SlimFaasProtocol::decodeTrafficMessage, straight from the QString QWebSocket delivers),
// and with simdjson 3 (On Demand), which needs UTF-8: the text is first converted back
// (QStringEncoder into a reused buffer, the cheapest way Qt offers), then parsed, and the
// fields are turned into the same SlimFaasAsyncRequest, the body decoded by
// QByteArray::fromBase64Encoding() from simdjson's unescaped string.
//
//   slimfaas-json-bench [--rounds 5] [--milliseconds 300] [--iterations N] [--json]
//
// Each way runs for --milliseconds per round, best of --rounds; --iterations N runs exactly
// N 256 B messages per way instead, and as many bytes of the larger ones (for valgrind
// --tool=callgrind, whose counts do not depend on the machine's load).

#include <SlimFaasAsyncRequest>
#include <SlimFaasProtocol>

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qrandom.h>
#include <QtCore/qstringconverter.h>

#include <simdjson.h>

#include <cstdio>
#include <functional>
#include <vector>

namespace {

// As bench/client's load server writes it, and SlimFaas too: the base64 of varied bytes
// with every '+' written \u002B (System.Text.Json's default), two headers.
QString asyncRequestMessage(int bodySize)
{
    QByteArray bytes(bodySize, Qt::Uninitialized);
    QRandomGenerator random{ quint32(bodySize) };
    for (char &byte : bytes)
        byte = char(random.bounded(256));
    const QString body
            = QString::fromLatin1(bytes.toBase64()).replace(u'+', QStringLiteral("\\u002B"));
    const QString id = QStringLiteral("0b9d6f8e-1c2a-4f3b-9d7e-000000000042");
    return QStringLiteral("{\"type\":2,\"correlationId\":\"") + id
            + QStringLiteral("\",\"payload\":{\"elementId\":\"") + id
            + QStringLiteral("\",\"method\":\"POST\",\"path\":\"bench/item\",\"query\":\"?a=1\","
                             "\"headers\":{\"Content-Type\":[\"application/octet-stream\"],"
                             "\"X-Request-Id\":[\"bench\"]},\"body\":\"")
            + body + QStringLiteral("\",\"isLastTry\":false,\"tryNumber\":1}}");
}

QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// The simdjson way, field for field what the client's reader keeps. False for anything it
// does not expect (the client would then take its general decoder; never here).
class SimdjsonReader
{
public:
    // With `decodeBody` false, the body is left as simdjson unescaped it and only its
    // length kept: what simdjson costs before any base64 decoder, whichever it is.
    explicit SimdjsonReader(bool decodeBody) : decodeBody(decodeBody) { }

    bool read(const QString &message, SlimFaasAsyncRequest *request)
    {
        // QWebSocket hands over UTF-16; simdjson reads UTF-8 with SIMDJSON_PADDING bytes
        // of room after it.
        const qsizetype room = encoder.requiredSpace(message.size()) + simdjson::SIMDJSON_PADDING;
        if (buffer.size() < size_t(room))
            buffer.resize(size_t(room));
        char *const end = encoder.appendToBuffer(buffer.data(), message);
        const size_t length = size_t(end - buffer.data());
        simdjson::ondemand::document document;
        if (parser.iterate(buffer.data(), length, buffer.size()).get(document))
            return false;
        simdjson::ondemand::object envelope;
        if (document.get_object().get(envelope))
            return false;
        int64_t type = -1;
        for (auto field : envelope) {
            std::string_view key;
            if (field.unescaped_key().get(key))
                return false;
            if (key == "type") {
                if (field.value().get_int64().get(type))
                    return false;
            } else if (key == "correlationId") {
                std::string_view id;
                if (field.value().get_string().get(id))
                    return false;
            } else if (key == "payload") {
                if (type != 2 || !readPayload(field.value(), request))
                    return false;
            }
        }
        return type == 2;
    }

private:
    bool readPayload(simdjson::ondemand::value value, SlimFaasAsyncRequest *request)
    {
        simdjson::ondemand::object payload;
        if (value.get_object().get(payload))
            return false;
        for (auto field : payload) {
            std::string_view key, text;
            if (field.unescaped_key().get(key))
                return false;
            if (key == "elementId" || key == "method" || key == "path" || key == "query") {
                if (field.value().get_string().get(text))
                    return false;
                const QString string = toQString(text);
                if (key == "elementId")
                    request->setElementId(string);
                else if (key == "method")
                    request->setMethod(string);
                else if (key == "path")
                    request->setPath(string);
                else
                    request->setQuery(string);
            } else if (key == "headers") {
                simdjson::ondemand::object object;
                if (field.value().get_object().get(object))
                    return false;
                SlimFaasHeaders headers;
                for (auto header : object) {
                    std::string_view name;
                    simdjson::ondemand::array values;
                    if (header.unescaped_key().get(name) || header.value().get_array().get(values))
                        return false;
                    QStringList list;
                    for (auto item : values) {
                        if (item.get_string().get(text))
                            return false;
                        list.append(toQString(text));
                    }
                    headers.insert(toQString(name), list);
                }
                request->setHeaders(headers);
            } else if (key == "body") {
                if (field.value().get_string().get(text))
                    return false;
                if (!decodeBody) {
                    request->setBody(QByteArray(qsizetype(text.size()) * 3 / 4, Qt::Uninitialized));
                    continue;
                }
                const auto decoded = QByteArray::fromBase64Encoding(
                        QByteArray::fromRawData(text.data(), qsizetype(text.size())),
                        QByteArray::AbortOnBase64DecodingErrors);
                if (!decoded)
                    return false;
                request->setBody(decoded.decoded);
            } else if (key == "isLastTry") {
                bool lastTry = false;
                if (field.value().get_bool().get(lastTry))
                    return false;
                request->setLastTry(lastTry);
            } else if (key == "tryNumber") {
                int64_t tryNumber = 0;
                if (field.value().get_int64().get(tryNumber))
                    return false;
                request->setTryNumber(int(tryNumber));
            }
        }
        return true;
    }

    const bool decodeBody;
    QStringEncoder encoder{ QStringEncoder::Utf8 };
    std::vector<char> buffer;
    simdjson::ondemand::parser parser;
};

// One way of reading: returns false if a message was not read as expected.
using Reader = std::function<bool(const QString &, SlimFaasAsyncRequest *)>;

// Messages per second: best of `rounds` windows, or exactly `iterations` messages.
double measure(const Reader &read, const QString &message, const QByteArray &expectedBody,
               int rounds, int milliseconds, qint64 iterations, bool *ok)
{
    // Checked once, outside the measured loop.
    SlimFaasAsyncRequest first;
    if (!read(message, &first) || (!expectedBody.isNull() && first.body() != expectedBody)) {
        *ok = false;
        return 0;
    }
    double best = 0;
    for (int round = 0; round < (iterations > 0 ? 1 : rounds); ++round) {
        QElapsedTimer clock;
        clock.start();
        qint64 done = 0;
        while (iterations > 0 ? done < iterations : clock.elapsed() < milliseconds) {
            for (int i = 0; i < 64; ++i) {
                SlimFaasAsyncRequest request;
                if (!read(message, &request)) {
                    *ok = false;
                    return 0;
                }
            }
            done += 64;
        }
        best = qMax(best, double(done) * 1e9 / double(clock.nsecsElapsed()));
    }
    return best;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Reads SlimFaas AsyncRequest messages with the client's reader and "
                           "with simdjson (UTF-16 to UTF-8 conversion included), and prints "
                           "messages per second and the ratio."));
    parser.addHelpOption();
    const QCommandLineOption roundsOption(QStringLiteral("rounds"),
                                          QStringLiteral("Rounds per measurement, best kept."),
                                          QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption millisecondsOption(QStringLiteral("milliseconds"),
                                                QStringLiteral("Length of one round."),
                                                QStringLiteral("ms"), QStringLiteral("300"));
    const QCommandLineOption iterationsOption(
            QStringLiteral("iterations"),
            QStringLiteral("Read exactly this many 256 B messages per way, and as many bytes "
                           "of the larger ones (for callgrind)."),
            QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("Print the figures as JSON."));
    parser.addOptions({ roundsOption, millisecondsOption, iterationsOption, jsonOption });
    parser.process(app);
    const int rounds = qMax(1, parser.value(roundsOption).toInt());
    const int milliseconds = qMax(10, parser.value(millisecondsOption).toInt());
    const qint64 iterations = parser.value(iterationsOption).toLongLong();

    const Reader client = [](const QString &message, SlimFaasAsyncRequest *request) {
        auto traffic = SlimFaasProtocol::decodeTrafficMessage(message);
        if (!traffic || !traffic->asyncRequest)
            return false;
        *request = *traffic->asyncRequest;
        return true;
    };
    SimdjsonReader simdjsonReader(true), simdjsonParser(false);
    const Reader simdjson = [&](const QString &message, SlimFaasAsyncRequest *request) {
        return simdjsonReader.read(message, request);
    };
    const Reader simdjsonParseOnly = [&](const QString &message, SlimFaasAsyncRequest *request) {
        return simdjsonParser.read(message, request);
    };

    QJsonArray rows;
    if (!parser.isSet(jsonOption))
        std::printf("%-14s %14s %14s %6s %22s %6s\n", "AsyncRequest", "client reader", "simdjson",
                    "ratio", "simdjson, body undecoded", "ratio");
    for (const int size : { 256, 16 * 1024, 1024 * 1024 }) {
        const QString message = asyncRequestMessage(size);
        bool ok = true;
        const auto reference = SlimFaasProtocol::decodeTrafficMessage(message);
        const QByteArray expected = reference->asyncRequest->body();
        const qint64 count = iterations > 0 ? qMax<qint64>(64, iterations * 256 / size) : 0;
        const double ours = measure(client, message, expected, rounds, milliseconds, count, &ok);
        const double theirs
                = measure(simdjson, message, expected, rounds, milliseconds, count, &ok);
        // The undecoded body is not compared.
        bool parsed = true;
        const double parseOnly = measure(simdjsonParseOnly, message, QByteArray(), rounds,
                                         milliseconds, count, &parsed);
        ok = ok && parsed;
        if (!ok) {
            std::fprintf(stderr, "a message of %d bytes was not read as expected\n", size);
            return 1;
        }
        const QString name = size >= 1024 * 1024 ? QStringLiteral("%1 MiB").arg(size >> 20)
                : size >= 1024                   ? QStringLiteral("%1 KiB").arg(size >> 10)
                                                 : QStringLiteral("%1 B").arg(size);
        if (parser.isSet(jsonOption)) {
            rows.append(
                    QJsonObject{ { QStringLiteral("body"), size },
                                 { QStringLiteral("clientPerSecond"), ours },
                                 { QStringLiteral("simdjsonPerSecond"), theirs },
                                 { QStringLiteral("simdjsonBodyUndecodedPerSecond"), parseOnly } });
        } else {
            std::printf("%-14s %12.0f/s %12.0f/s %6.2f %20.0f/s %6.2f\n", qPrintable(name), ours,
                        theirs, theirs / ours, parseOnly, parseOnly / ours);
        }
    }
    if (parser.isSet(jsonOption))
        std::printf("%s\n", QJsonDocument(rows).toJson(QJsonDocument::Compact).constData());
    return 0;
}
