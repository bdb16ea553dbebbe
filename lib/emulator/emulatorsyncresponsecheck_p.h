// SPDX-License-Identifier: MIT
#ifndef EMULATORSYNCRESPONSECHECK_P_H
#define EMULATORSYNCRESPONSECHECK_P_H

//
//  W A R N I N G
//  -------------
// Not part of the public API: a function's SyncResponseStart as SlimFaas reads it, and
// what it must satisfy before it becomes an HTTP response head written to a caller.
//

#include <slimfaasheaders.h>

#include <QtCore/qbytearray.h>
#include <QtCore/qjsonvalue.h>
#include <QtCore/qset.h>
#include <QtCore/qstring.h>

#include <optional>

// Where json writes a number with a fraction or an exponent, as paths of member names and
// array indexes joined by '/' ("payload/configuration/numberParallelRequest"). Qt's parser
// reads 200.0 as the integer 200, System.Text.Json refuses it for an int: the emulator must
// see how each number was written. Empty for text that is not JSON.
QSet<QString> numbersWrittenAsDecimals(const QByteArray &json);

// An int field as System.Text.Json reads it: a JSON number written as an integer (decimal:
// it was written with a fraction or an exponent, 200.0 or 2e2) within the range of a 32-bit
// int. Null, strings and booleans are refused too. False when SlimFaas's deserialiser would
// throw.
bool readServerInt(const QJsonValue &value, bool decimal, int *out);
// value as a warning shows it: 200.0, "200", null, true, an array...
QString jsonText(const QJsonValue &value, bool decimal = false);

// Reads a text written from one of SlimFaasClient's templates: fixed parts, strings of
// printable ASCII without '"' or '\\' (nothing to unescape), integers of one to three
// digits without a leading zero (nothing a JSON parser reads otherwise). Any other text
// fails, and the caller reads it with a JSON parser.
class EmulatorTemplateReader
{
public:
    explicit EmulatorTemplateReader(const QByteArray &text)
        : m_at(text.constData()), m_end(text.constData() + text.size())
    { }
    bool literal(QByteArrayView text);
    bool string(QString *value); // its characters and its closing quote
    bool smallInteger(int *value);
    bool atEnd() const { return m_at == m_end; }

private:
    const char *m_at;
    const char *m_end;
};

// A SyncResponseStart payload as SlimFaas deserialises it: System.Text.Json into
// { int statusCode = 200; Dictionary<string, string[]> headers = {} } (WebSocketMessage.cs,
// SyncResponseStartPayload), strictly: an integer written 200.0, a string where a list is
// expected, or any other wrong type makes the deserialiser throw.
struct EmulatorSyncResponseStart
{
    enum class Reading {
        Read,      // statusCode and headers as SlimFaas holds them
        Ignored,   // the payload is JSON null: the deserialiser gives null, nothing happens
        Malformed, // the deserialiser throws: SlimFaas sends SyncCancel and answers 503
    };
    Reading reading = Reading::Read;
    QString problem; // Malformed: what could not be read, naming the field
    int statusCode = 200;
    // "headers": null is read (a null dictionary); SlimFaas then throws while copying the
    // headers to the caller's response, after it has stopped waiting for the stream.
    bool headersNull = false;
    // A name whose value is null or an empty list is absent: setting a response header to no
    // value removes it. Null entries of a list are dropped.
    SlimFaasHeaders headers;
};

EmulatorSyncResponseStart readSyncResponseStart(const QByteArray &payload);

// What Kestrel refuses when SlimFaas copies the function's headers to the caller's response
// (it throws InvalidOperationException): an empty name or one that is not an HTTP token, a
// value with a character outside printable ASCII and tab (non-ASCII, CR, LF, NUL, DEL...),
// a Content-Length that is not one non-negative integer. Empty when Kestrel takes them all.
QString kestrelRefusesResponseHeaders(const SlimFaasHeaders &headers);

// The function's Content-Length (SlimFaas keeps it: Kestrel then frames the body by it), or
// nullopt when it sent none. Only meaningful once kestrelRefusesResponseHeaders() is empty.
std::optional<qint64> declaredContentLength(const SlimFaasHeaders &headers);

#endif // EMULATORSYNCRESPONSECHECK_P_H
