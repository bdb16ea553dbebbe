// SPDX-License-Identifier: MIT
#include "answerrules.h"

#include <QtCore/qhash.h>
#include <QtCore/qsettings.h>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(AnswerRule)
};

// A glob where * matches anything, slashes included, and ? one character: what people
// mean by "orders/*" for a path (Qt's own conversion stops * at slashes).
QRegularExpression globExpression(const QString &glob)
{
    QString pattern;
    for (const QChar c : glob) {
        if (c == QLatin1Char('*'))
            pattern += QLatin1String(".*");
        else if (c == QLatin1Char('?'))
            pattern += QLatin1Char('.');
        else
            pattern += QRegularExpression::escape(QString(c));
    }
    return QRegularExpression(QRegularExpression::anchoredPattern(pattern),
                              QRegularExpression::DotMatchesEverythingOption);
}

QString withoutLeadingSlash(const QString &path)
{
    return path.startsWith(QLatin1Char('/')) ? path.mid(1) : path;
}

} // namespace

bool AnswerRule::matches(const QString &requestMethod, const QString &path, Kind requestKind) const
{
    if (kind != AnyRequest && kind != requestKind)
        return false;
    if (method != QLatin1String("*") && method.compare(requestMethod, Qt::CaseInsensitive) != 0)
        return false;
    return pathMatches(pathGlob, path);
}

bool AnswerRule::pathMatches(const QString &pathGlob, const QString &path)
{
    const QString glob = withoutLeadingSlash(pathGlob);
    if (glob.isEmpty() || glob == QLatin1String("*"))
        return true;
    // Compiled once per distinct glob: rules are few, requests many.
    static QHash<QString, QRegularExpression> compiled;
    auto it = compiled.find(glob);
    if (it == compiled.end()) {
        if (compiled.size() > 256)
            compiled.clear();
        it = compiled.insert(glob, globExpression(glob));
    }
    return it->match(withoutLeadingSlash(path)).hasMatch();
}

QString AnswerRule::actionDescription() const
{
    switch (action) {
    case AnswerStatus:
        return Text::tr("answer %1").arg(status);
    case Echo:
        return Text::tr("echo");
    case DelayThenStatus:
        return Text::tr("wait %1 ms, answer %2").arg(delayMsecs).arg(status);
    case AskMe:
        return Text::tr("ask me");
    }
    return {};
}

QString AnswerRule::description() const
{
    QString kindText;
    switch (kind) {
    case AnyRequest:
        kindText = Text::tr("any");
        break;
    case AsyncRequest:
        kindText = Text::tr("async");
        break;
    case SyncRequest:
        kindText = Text::tr("sync");
        break;
    }
    return Text::tr("%1 %2 (%3) → %4").arg(method, pathGlob, kindText, actionDescription());
}

void AnswerRules::setDefaultRule(const AnswerRule &rule)
{
    m_descriptions.clear();
    m_default = rule;
    m_default.method = QStringLiteral("*");
    m_default.pathGlob = QStringLiteral("*");
    m_default.kind = AnswerRule::AnyRequest;
}

int AnswerRules::match(const QString &method, const QString &path, AnswerRule::Kind kind) const
{
    for (int i = 0; i < m_rules.size(); ++i) {
        if (m_rules.at(i).matches(method, path, kind))
            return i;
    }
    return -1;
}

QString AnswerRules::describe(int index) const
{
    if (index >= m_rules.size())
        return tr("rule %1: %2").arg(index + 1).arg(AnswerRule().description());
    index = qMax(-1, index);
    if (m_descriptions.size() != m_rules.size() + 1)
        m_descriptions = QList<QString>(m_rules.size() + 1);
    QString &description = m_descriptions[index + 1];
    if (description.isNull()) {
        description = index < 0
                ? tr("default: %1").arg(m_default.actionDescription())
                : tr("rule %1: %2").arg(index + 1).arg(m_rules.at(index).description());
    }
    return description;
}

void AnswerRules::save(QSettings *settings) const
{
    settings->beginGroup(QStringLiteral("answerRules"));
    settings->remove(QString());
    settings->beginWriteArray(QStringLiteral("rules"), int(m_rules.size()));
    for (int i = 0; i < m_rules.size(); ++i) {
        const AnswerRule &rule = m_rules.at(i);
        settings->setArrayIndex(i);
        settings->setValue(QStringLiteral("method"), rule.method);
        settings->setValue(QStringLiteral("path"), rule.pathGlob);
        settings->setValue(QStringLiteral("kind"), int(rule.kind));
        settings->setValue(QStringLiteral("action"), int(rule.action));
        settings->setValue(QStringLiteral("status"), rule.status);
        settings->setValue(QStringLiteral("delay"), rule.delayMsecs);
    }
    settings->endArray();
    settings->setValue(QStringLiteral("defaultAction"), int(m_default.action));
    settings->setValue(QStringLiteral("defaultStatus"), m_default.status);
    settings->setValue(QStringLiteral("defaultDelay"), m_default.delayMsecs);
    settings->endGroup();
}

void AnswerRules::load(QSettings *settings)
{
    // Values out of range (a hand-edited file) fall back to the safest meaning: ask me.
    auto action = [](int value) {
        return value >= AnswerRule::AnswerStatus && value <= AnswerRule::AskMe
                ? AnswerRule::Action(value)
                : AnswerRule::AskMe;
    };
    auto status = [](int value) {
        return value >= 100 && value <= 599 ? value : 200;
    };
    settings->beginGroup(QStringLiteral("answerRules"));
    m_rules.clear();
    const int count = settings->beginReadArray(QStringLiteral("rules"));
    for (int i = 0; i < count; ++i) {
        settings->setArrayIndex(i);
        AnswerRule rule;
        rule.method = settings->value(QStringLiteral("method"), rule.method).toString();
        rule.pathGlob = settings->value(QStringLiteral("path"), rule.pathGlob).toString();
        const int kind = settings->value(QStringLiteral("kind")).toInt();
        rule.kind = kind >= AnswerRule::AnyRequest && kind <= AnswerRule::SyncRequest
                ? AnswerRule::Kind(kind)
                : AnswerRule::AnyRequest;
        rule.action = action(settings->value(QStringLiteral("action"), int(rule.action)).toInt());
        rule.status = status(settings->value(QStringLiteral("status"), rule.status).toInt());
        rule.delayMsecs = qBound(
                0, settings->value(QStringLiteral("delay"), rule.delayMsecs).toInt(), 299000);
        m_rules.append(rule);
    }
    settings->endArray();
    AnswerRule fallback;
    fallback.action = action(
            settings->value(QStringLiteral("defaultAction"), int(AnswerRule::AskMe)).toInt());
    fallback.status = status(settings->value(QStringLiteral("defaultStatus"), 200).toInt());
    fallback.delayMsecs
            = qBound(0, settings->value(QStringLiteral("defaultDelay"), 1000).toInt(), 299000);
    setDefaultRule(fallback);
    settings->endGroup();
}
