// SPDX-License-Identifier: MIT
#ifndef LOCALHOSTTLS_H
#define LOCALHOSTTLS_H

#include <QtCore/qfile.h>
#include <QtNetwork/qsslcertificate.h>
#include <QtNetwork/qsslconfiguration.h>
#include <QtNetwork/qsslkey.h>
#include <QtNetwork/qsslsocket.h>

// The TLS tests' self-signed certificate for localhost / 127.0.0.1 (the test defines
// TLS_CERTIFICATE and TLS_KEY as its files), as the configuration of a server that asks no
// certificate of its clients. *certificate is left null when the files cannot be read.
inline QSslConfiguration localhostServerTls(QSslCertificate *certificate)
{
    QFile certFile(QStringLiteral(TLS_CERTIFICATE));
    QFile keyFile(QStringLiteral(TLS_KEY));
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return {};
    *certificate = QSslCertificate(certFile.readAll(), QSsl::Pem);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(*certificate);
    tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    return tls;
}

#endif // LOCALHOSTTLS_H
