// SPDX-License-Identifier: MIT
#include "callcommand.h"

#include <slimfaascallerror.h>
#include <slimfaascallreply.h>

#include <terminaltext.h>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qstringconverter.h>

#include <cstdio>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(SlimFaasCall)
};

QJsonObject statusToJson(const SlimFaasFunctionStatus &status)
{
    // The server's own field names, so that scripts read slimfaas-call as they read SlimFaas.
    return { { QStringLiteral("NumberReady"), status.numberReady() },
             { QStringLiteral("NumberRequested"), status.numberRequested() },
             { QStringLiteral("PodType"), status.podType() },
             { QStringLiteral("Visibility"), status.visibility() },
             { QStringLiteral("Name"), status.name() } };
}

} // namespace

CallCommand::CallCommand(const CallOptions &options, QObject *parent)
    : QObject(parent), m_options(options), m_caller(options.url)
{
    m_stdout.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered);
    m_stdoutIsTerminal = !options.raw && TerminalText::isTerminal(stdout);
    m_caller.setTransferTimeout(options.timeout);
    m_caller.setMaximumAnswerSize(options.maximumAnswerSize);
    if (options.followRedirects)
        m_caller.setRedirectPolicy(SlimFaasCaller::SameOriginRedirect);
#ifndef QT_NO_SSL
    if (options.insecure) {
        QSslConfiguration ssl = m_caller.sslConfiguration();
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_caller.setSslConfiguration(ssl);
    }
#endif
}

void CallCommand::start()
{
    switch (m_options.verb) {
    case CallOptions::Call:
        runCall();
        break;
    case CallOptions::Enqueue:
        runEnqueue();
        break;
    case CallOptions::Publish:
        runPublish();
        break;
    case CallOptions::Status:
        runStatus();
        break;
    }
}

void CallCommand::printError(const QString &line)
{
    const QByteArray text = m_options.raw ? line.toUtf8() : TerminalText::escaped(line);
    std::fprintf(stderr, "%s\n", text.constData());
}

void CallCommand::printOut(const QString &line)
{
    m_stdout.write((m_stdoutIsTerminal ? TerminalText::escaped(line) : line.toUtf8()) + '\n');
}

void CallCommand::fail(const QString &message, int exitStatus)
{
    printError(QStringLiteral("slimfaas-call: ") + message);
    emit finished(exitStatus);
}

void CallCommand::failWith(SlimFaasCaller::Error error, const QString &message)
{
    switch (error) {
    case SlimFaasCaller::FunctionNotFound:
        fail(message, ExitNotFound);
        break;
    case SlimFaasCaller::HttpError:
        fail(message, ExitHttpError);
        break;
    case SlimFaasCaller::ProtocolError:
        fail(message, ExitBadAnswer);
        break;
    case SlimFaasCaller::InvalidArgument:
        fail(message, ExitUsage);
        break;
    default:
        fail(message, ExitNetwork);
        break;
    }
}

void CallCommand::writeJson(const QJsonValue &value)
{
    const QByteArray text = value.isArray()
            ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
            : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    m_stdout.write(text + '\n');
}

std::optional<QByteArray> CallCommand::readBody()
{
    if (m_options.data)
        return *m_options.data;
    if (m_options.dataFile.isEmpty())
        return QByteArray();
    QFile file;
    const bool opened = m_options.dataFile == QLatin1String("-")
            ? file.open(stdin, QIODevice::ReadOnly)
            : (file.setFileName(m_options.dataFile), file.open(QIODevice::ReadOnly));
    if (!opened) {
        fail(Text::tr("cannot read %1: %2").arg(m_options.dataFile, file.errorString()), ExitUsage);
        return std::nullopt;
    }
    return file.readAll();
}

void CallCommand::runCall()
{
    SlimFaasCallReply *reply;
    if (!m_options.dataFile.isEmpty() && m_options.dataFile != QLatin1String("-")) {
        // A file streams from disk: its size is known, so nothing is held in memory.
        m_body.setFileName(m_options.dataFile);
        if (!m_body.open(QIODevice::ReadOnly)) {
            fail(Text::tr("cannot read %1: %2").arg(m_options.dataFile, m_body.errorString()),
                 ExitUsage);
            return;
        }
        reply = m_caller.invoke(m_options.name, m_options.path, m_options.method, m_options.headers,
                                &m_body);
    } else {
        // Stdin has no length and QFile no readyRead(): read it to the end first.
        const auto body = readBody();
        if (!body)
            return;
        reply = m_caller.invoke(m_options.name, m_options.path, m_options.method, m_options.headers,
                                *body);
    }
    if (!m_options.json)
        connect(reply, &SlimFaasCallReply::metaDataChanged, this,
                [this, reply] { printCallHead(reply); });
    connect(reply, &QIODevice::readyRead, this, [this, reply] { takeBody(reply); });
    connect(reply, &SlimFaasCallReply::finished, this, [this, reply] { finishCall(reply); });
}

void CallCommand::takeBody(SlimFaasCallReply *reply)
{
    // The body goes out as it comes in (the reply holds at most its read buffer), unless it
    // has to be wrapped in JSON at the end: then it is kept, up to --max-answer-size.
    const QByteArray chunk = reply->readAll();
    if (!m_options.json) {
        m_stdout.write(m_stdoutIsTerminal ? m_bodyText.feed(chunk) : chunk);
        return;
    }
    if (m_received.size() + chunk.size() > m_options.maximumAnswerSize) {
        m_tooLarge = true;
        reply->abort(); // finishes at once
        return;
    }
    m_received += chunk;
}

void CallCommand::printCallHead(SlimFaasCallReply *reply)
{
    printError(QStringLiteral("HTTP %1").arg(reply->statusCode()));
    const SlimFaasHeaders headers = reply->headers();
    for (auto it = headers.cbegin(); it != headers.cend(); ++it) {
        for (const QString &value : it.value())
            printError(it.key() + QLatin1String(": ") + value);
    }
}

void CallCommand::finishCall(SlimFaasCallReply *reply)
{
    if (!m_tooLarge)
        takeBody(reply);
    if (m_stdoutIsTerminal)
        m_stdout.write(m_bodyText.finish());
    if (m_tooLarge) {
        fail(Text::tr("the answer is larger than --max-answer-size (%1 bytes).")
                     .arg(m_options.maximumAnswerSize),
             ExitBadAnswer);
        return;
    }
    if (reply->error() != SlimFaasCaller::NoError) {
        failWith(reply->error(), reply->errorString());
        return;
    }
    const int status = reply->statusCode();
    if (m_options.json) {
        QJsonObject headers;
        const SlimFaasHeaders replyHeaders = reply->headers();
        for (auto it = replyHeaders.cbegin(); it != replyHeaders.cend(); ++it)
            headers.insert(it.key(), QJsonArray::fromStringList(it.value()));
        QJsonObject result{ { QStringLiteral("status"), status },
                            { QStringLiteral("headers"), headers } };
        QStringDecoder utf8(QStringDecoder::Utf8);
        const QString text = utf8(m_received);
        if (utf8.hasError())
            result.insert(QStringLiteral("bodyBase64"), QString::fromLatin1(m_received.toBase64()));
        else
            result.insert(QStringLiteral("body"), text);
        writeJson(result);
    }
    if (status >= 200 && status <= 299)
        emit finished(ExitSuccess);
    else
        emit finished(status == 404 ? ExitNotFound : ExitHttpError);
}

void CallCommand::runEnqueue()
{
    const auto body = readBody();
    if (!body)
        return;
    m_caller.enqueue(m_options.name, m_options.path, m_options.method, m_options.headers, *body)
            .then(this,
                  [this](const QString &elementId) {
                      if (m_options.json)
                          writeJson(QJsonObject{ { QStringLiteral("elementId"), elementId } });
                      else
                          printOut(elementId);
                      emit finished(ExitSuccess);
                  })
            .onFailed(this, [this](const SlimFaasCallError &error) {
                failWith(error.error(), error.errorString());
            });
}

void CallCommand::runPublish()
{
    const auto body = readBody();
    if (!body)
        return;
    m_caller.publish(m_options.name, m_options.path, *body, m_options.headers)
            .then(this,
                  [this](SlimFaasCaller::PublishResult result) {
                      const bool delivered = result == SlimFaasCaller::Delivered;
                      if (m_options.json) {
                          writeJson(QJsonObject{
                                  { QStringLiteral("delivered"), delivered },
                                  { QStringLiteral("status"), delivered ? 204 : 404 } });
                      } else if (delivered) {
                          m_stdout.write("delivered\n");
                      } else {
                          printError(QStringLiteral("slimfaas-call: ")
                                     + Text::tr("nobody subscribes to %1").arg(m_options.name));
                      }
                      emit finished(delivered ? ExitSuccess : ExitNotFound);
                  })
            .onFailed(this, [this](const SlimFaasCallError &error) {
                failWith(error.error(), error.errorString());
            });
}

void CallCommand::runStatus()
{
    auto print = [this](const SlimFaasFunctionStatus &status) {
        // One line per function, its fields apart: each is escaped on its own.
        auto field = [this](const QString &text) {
            return m_stdoutIsTerminal ? QString::fromUtf8(TerminalText::escaped(text)) : text;
        };
        m_stdout.write(QStringLiteral("%1\t%2/%3\t%4\t%5\n")
                               .arg(field(status.name()))
                               .arg(status.numberReady())
                               .arg(status.numberRequested())
                               .arg(field(status.podType()), field(status.visibility()))
                               .toUtf8());
    };
    if (!m_options.name.isEmpty()) {
        m_caller.functionStatus(m_options.name)
                .then(this,
                      [this, print](const SlimFaasFunctionStatus &status) {
                          if (m_options.json)
                              writeJson(statusToJson(status));
                          else
                              print(status);
                          emit finished(ExitSuccess);
                      })
                .onFailed(this, [this](const SlimFaasCallError &error) {
                    failWith(error.error(), error.errorString());
                });
        return;
    }
    m_caller.functionStatuses()
            .then(this,
                  [this, print](const QList<SlimFaasFunctionStatus> &statuses) {
                      QJsonArray array;
                      for (const SlimFaasFunctionStatus &status : statuses) {
                          if (m_options.json)
                              array.append(statusToJson(status));
                          else
                              print(status);
                      }
                      if (m_options.json)
                          writeJson(array);
                      emit finished(ExitSuccess);
                  })
            .onFailed(this, [this](const SlimFaasCallError &error) {
                failWith(error.error(), error.errorString());
            });
}
