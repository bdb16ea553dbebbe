// SPDX-License-Identifier: MIT
#include "callhistory.h"

#include <QtCore/qjsondocument.h>
#include <QtCore/qsettings.h>
#include <QtCore/qstringlist.h>

#include <algorithm>

static const char settingsKey[] = "callerPanel/history";

void CallHistory::setMaximumEntries(int count)
{
    m_maximumEntries = std::max(1, count);
    trim();
}

void CallHistory::add(const CallRequest &request)
{
    m_entries.removeAll(request);
    m_entries.prepend(request);
    trim();
}

void CallHistory::trim()
{
    if (m_entries.size() > m_maximumEntries)
        m_entries.resize(m_maximumEntries);
}

void CallHistory::save(QSettings *settings) const
{
    // One compact JSON object per entry: the body and headers keep their line breaks, and
    // the settings file stays readable.
    QStringList lines;
    lines.reserve(m_entries.size());
    for (const CallRequest &request : m_entries)
        lines << QString::fromUtf8(QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact));
    settings->setValue(QLatin1String(settingsKey), lines);
}

void CallHistory::load(QSettings *settings)
{
    m_entries.clear();
    const QStringList lines = settings->value(QLatin1String(settingsKey)).toStringList();
    for (const QString &line : lines) {
        const QJsonDocument document = QJsonDocument::fromJson(line.toUtf8());
        if (document.isObject())
            m_entries.append(CallRequest::fromJson(document.object()));
    }
    trim();
}
