// SPDX-License-Identifier: MIT
#include "calloptions.h"

#include <terminaltext.h>

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qprocess.h>

#include <cstdio>
#include <limits>

namespace {

// Messages users read: translatable (translations/).
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(SlimFaasCall)
};

std::optional<CallOptions> usageError(const QString &message)
{
    std::fprintf(stderr, "slimfaas-call: %s\n", TerminalText::escaped(message).constData());
    return std::nullopt;
}

} // namespace

std::optional<CallOptions> parseCallOptions(const QStringList &arguments)
{
    const QString defaultUrl = QStringLiteral("http://127.0.0.1:30021");
    QCommandLineParser parser;
    parser.setApplicationDescription(Text::tr(
            "Calls SlimFaas from a shell.\n\n"
            "  call FUNCTION[/PATH]     sync call: the function's body on stdout, its status and\n"
            "                           headers on stderr\n"
            "  enqueue FUNCTION[/PATH]  async call: prints the element id SlimFaas gave it\n"
            "  publish EVENT[/PATH]     publishes an event (POST): \"delivered\", or exit status "
            "4\n"
            "                           when nobody subscribes\n"
            "  status [FUNCTION]        the status of every function, or of one\n\n"
            "Exit status:\n"
            "  0  a 2xx answer (publish: delivered)\n"
            "  1  usage error, an unreadable --data-file, or a path with \".\" or \"..\"\n"
            "     segments (also percent-encoded), which could reach another function\n"
            "  2  no answer: connection refused or lost (also before the end of the\n"
            "     answer), timeout, TLS\n"
            "  3  an HTTP status outside 2xx other than 404, a redirect (3xx) included\n"
            "  4  404: unknown function or status, or nobody subscribes to the event\n"
            "  5  an answer that cannot be read: malformed framing (a bad chunk size),\n"
            "     failed decompression, a 101 nobody asked for (other 1xx interim answers\n"
            "     are skipped), or larger than --max-answer-size\n\n"
            "Limits: call streams the body with constant memory; --json and status keep at\n"
            "most --max-answer-size bytes (16 MiB by default). Redirects are not followed\n"
            "unless --follow-redirects, and then only to the same origin. Control characters\n"
            "in what is printed for a terminal (status, headers, messages; the body when\n"
            "stdout is a terminal) are shown as escapes such as \\x1b, unless --raw."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("verb"),
                                 Text::tr("call, enqueue, publish or status."));
    parser.addPositionalArgument(QStringLiteral("target"),
                                 Text::tr("FUNCTION/PATH, EVENT/PATH, or a function name."),
                                 Text::tr("[target]"));

    const QCommandLineOption urlOption(
            QStringLiteral("url"),
            Text::tr("SlimFaas HTTP base URL (default: $SLIMFAAS_URL, else %1).").arg(defaultUrl),
            Text::tr("url"));
    const QCommandLineOption methodOption(
            { QStringLiteral("X"), QStringLiteral("method") },
            Text::tr("HTTP method of call and enqueue (default: GET for call, POST with a body "
                     "or for enqueue)."),
            Text::tr("method"));
    const QCommandLineOption headerOption({ QStringLiteral("H"), QStringLiteral("header") },
                                          Text::tr("Request header \"Name: value\"; repeatable."),
                                          Text::tr("header"));
    const QCommandLineOption queryOption(
            QStringLiteral("query"),
            Text::tr("Query string to add (\"a=1&b=2\"); a '?' in the path works too."),
            Text::tr("query"));
    const QCommandLineOption dataOption(QStringLiteral("data"), Text::tr("Request body."),
                                        Text::tr("text"));
    const QCommandLineOption dataFileOption(
            QStringLiteral("data-file"),
            Text::tr("Request body read from a file, streamed as it is read; \"-\" reads stdin "
                     "completely before sending it."),
            Text::tr("file"));
    const QCommandLineOption jsonOption(
            QStringLiteral("json"),
            Text::tr("Print the result as one JSON object on stdout (call: status, headers and "
                     "body, as \"body\" when it is UTF-8 text, else \"bodyBase64\")."));
    const QCommandLineOption timeoutOption(
            QStringLiteral("timeout"),
            Text::tr("Give up when nothing moves for this many ms (default 0: wait as long as "
                     "SlimFaas does)."),
            Text::tr("ms"), QStringLiteral("0"));
    const QCommandLineOption insecureOption(
            QStringLiteral("insecure"),
            Text::tr("Do not verify the server's TLS certificate (https://)."));
    const QCommandLineOption followOption(
            QStringLiteral("follow-redirects"),
            Text::tr("Follow redirects to the same origin (scheme, host and port) when the "
                     "method stays the same; a redirect elsewhere is the answer (exit status "
                     "3). Without it, every redirect is the answer."));
    const QCommandLineOption maximumOption(
            QStringLiteral("max-answer-size"),
            Text::tr("Most bytes of an answer kept in memory by --json and status (K, M and G "
                     "suffixes work; default 16M). A longer answer fails with exit status 5."),
            Text::tr("bytes"), QStringLiteral("16M"));
    const QCommandLineOption rawOption(
            QStringLiteral("raw"),
            Text::tr("Print what SlimFaas sent as it is, control characters included, instead "
                     "of showing them as escapes."));
    parser.addOptions({ urlOption, methodOption, headerOption, queryOption, dataOption,
                        dataFileOption, jsonOption, timeoutOption, insecureOption, followOption,
                        maximumOption, rawOption });
    parser.process(arguments);

    CallOptions options;
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usageError(Text::tr("a verb is required: call, enqueue, publish or status."));
    const QString verb = positional.first();
    if (verb == QLatin1String("call"))
        options.verb = CallOptions::Call;
    else if (verb == QLatin1String("enqueue"))
        options.verb = CallOptions::Enqueue;
    else if (verb == QLatin1String("publish"))
        options.verb = CallOptions::Publish;
    else if (verb == QLatin1String("status"))
        options.verb = CallOptions::Status;
    else
        return usageError(Text::tr("unknown verb \"%1\".").arg(verb));

    const bool needsTarget = options.verb != CallOptions::Status;
    if (positional.size() > 2 || (needsTarget && positional.size() < 2))
        return usageError(needsTarget ? Text::tr("%1 takes one NAME/PATH argument.").arg(verb)
                                      : Text::tr("status takes at most one function name."));
    if (positional.size() == 2) {
        const QString target = positional.at(1);
        const qsizetype slash = target.indexOf(QLatin1Char('/'));
        options.name = slash < 0 ? target : target.left(slash);
        options.path = slash < 0 ? QString() : target.mid(slash + 1);
        if (options.name.isEmpty())
            return usageError(Text::tr("\"%1\" names no function or event.").arg(target));
        if (options.verb == CallOptions::Status && !options.path.isEmpty())
            return usageError(Text::tr("status takes a function name, not a path."));
    }
    if (parser.isSet(queryOption)) {
        QString query = parser.value(queryOption);
        if (query.startsWith(QLatin1Char('?')))
            query.remove(0, 1);
        options.path
                += (options.path.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?'))
                + query;
    }

    const QString url = parser.isSet(urlOption) ? parser.value(urlOption)
                                                : QProcessEnvironment::systemEnvironment().value(
                                                        QStringLiteral("SLIMFAAS_URL"), defaultUrl);
    options.url = QUrl(url);
    if (!options.url.isValid()
        || (options.url.scheme() != QLatin1String("http")
            && options.url.scheme() != QLatin1String("https")))
        return usageError(Text::tr("the URL \"%1\" is not an http:// or https:// URL.").arg(url));

    for (const QString &header : parser.values(headerOption)) {
        const qsizetype colon = header.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return usageError(
                    Text::tr("--header expects \"Name: value\", got \"%1\".").arg(header));
        options.headers[header.left(colon).trimmed()].append(header.mid(colon + 1).trimmed());
    }

    if (parser.isSet(dataOption) && parser.isSet(dataFileOption))
        return usageError(Text::tr("--data and --data-file cannot be combined."));
    if (parser.isSet(dataOption))
        options.data = parser.value(dataOption).toUtf8();
    options.dataFile = parser.value(dataFileOption);
    const bool hasBody = options.data || !options.dataFile.isEmpty();
    if (options.verb == CallOptions::Status && hasBody)
        return usageError(Text::tr("status sends no body."));

    if (parser.isSet(methodOption)) {
        if (options.verb == CallOptions::Publish || options.verb == CallOptions::Status)
            return usageError(Text::tr("-X/--method applies to call and enqueue only."));
        options.method = parser.value(methodOption).toUpper().toLatin1();
    } else {
        options.method = options.verb == CallOptions::Call && !hasBody ? QByteArrayLiteral("GET")
                                                                       : QByteArrayLiteral("POST");
    }

    bool ok = false;
    options.timeout = parser.value(timeoutOption).toInt(&ok);
    if (!ok || options.timeout < 0)
        return usageError(Text::tr("--timeout expects a number of ms >= 0, got \"%1\".")
                                  .arg(parser.value(timeoutOption)));
    const QString maximum = parser.value(maximumOption).trimmed();
    qint64 factor = 1;
    QString digits = maximum;
    const QChar suffix = maximum.isEmpty() ? QChar() : maximum.back().toUpper();
    if (suffix == QLatin1Char('K') || suffix == QLatin1Char('M') || suffix == QLatin1Char('G')) {
        factor = suffix == QLatin1Char('K')  ? 1024
                : suffix == QLatin1Char('M') ? 1024 * 1024
                                             : 1024 * 1024 * 1024;
        digits.chop(1);
    }
    const qint64 count = digits.toLongLong(&ok);
    if (!ok || count <= 0 || count > std::numeric_limits<qint64>::max() / factor)
        return usageError(Text::tr("--max-answer-size expects a number of bytes > 0 (with K, M "
                                   "or G), got \"%1\".")
                                  .arg(maximum));
    options.maximumAnswerSize = count * factor;
    options.json = parser.isSet(jsonOption);
    options.insecure = parser.isSet(insecureOption);
    options.followRedirects = parser.isSet(followOption);
    options.raw = parser.isSet(rawOption);
    return options;
}
