// SPDX-License-Identifier: MIT
#include "interceptrules.h"

#include "answerrules.h"

#include <slimfaasprotocol.h>

#include <QtCore/qsettings.h>

bool InterceptRule::matches(bool toFunction, int messageType, const QString &functionName,
                            const QString &requestMethod, const QString &path) const
{
    if ((direction == ToFunction && !toFunction) || (direction == FromFunction && toFunction))
        return false;
    if (type >= 0 && type != messageType)
        return false;
    if (!function.isEmpty() && !AnswerRule::pathMatches(function.toLower(), functionName.toLower()))
        return false;
    const bool anyMethod = method.isEmpty() || method == QLatin1String("*");
    const bool anyPath = pathGlob.isEmpty() || pathGlob == QLatin1String("*");
    if ((!anyMethod || !anyPath) && requestMethod.isEmpty())
        return false; // not a request's message
    if (!anyMethod && method.compare(requestMethod, Qt::CaseInsensitive) != 0)
        return false;
    return anyPath || AnswerRule::pathMatches(pathGlob, path);
}

QString InterceptRule::description() const
{
    QStringList parts;
    if (direction == ToFunction)
        parts << InterceptRules::tr("in");
    else if (direction == FromFunction)
        parts << InterceptRules::tr("out");
    parts << (type >= 0 ? SlimFaasProtocol::messageTypeName(SlimFaasProtocol::MessageType(type))
                        : InterceptRules::tr("any message"));
    if (!function.isEmpty())
        parts << InterceptRules::tr("of %1").arg(function);
    if (!method.isEmpty() && method != QLatin1String("*"))
        parts << method.toUpper();
    if (!pathGlob.isEmpty() && pathGlob != QLatin1String("*"))
        parts << pathGlob;
    return parts.join(QLatin1Char(' '));
}

int InterceptRules::match(bool toFunction, int messageType, const QString &functionName,
                          const QString &method, const QString &path) const
{
    for (int i = 0; i < m_rules.size(); ++i) {
        if (m_rules.at(i).matches(toFunction, messageType, functionName, method, path))
            return i;
    }
    return -1;
}

void InterceptRules::save(QSettings *settings) const
{
    settings->beginWriteArray(QStringLiteral("interceptRules"), int(m_rules.size()));
    for (int i = 0; i < m_rules.size(); ++i) {
        const InterceptRule &rule = m_rules.at(i);
        settings->setArrayIndex(i);
        settings->setValue(QStringLiteral("direction"), int(rule.direction));
        settings->setValue(QStringLiteral("type"), rule.type);
        settings->setValue(QStringLiteral("function"), rule.function);
        settings->setValue(QStringLiteral("method"), rule.method);
        settings->setValue(QStringLiteral("path"), rule.pathGlob);
    }
    settings->endArray();
}

void InterceptRules::load(QSettings *settings)
{
    m_rules.clear();
    const int count = settings->beginReadArray(QStringLiteral("interceptRules"));
    for (int i = 0; i < count; ++i) {
        settings->setArrayIndex(i);
        InterceptRule rule;
        const int direction = settings->value(QStringLiteral("direction")).toInt();
        if (direction < InterceptRule::AnyDirection || direction > InterceptRule::FromFunction)
            continue; // edited by hand into something else
        rule.direction = InterceptRule::Direction(direction);
        rule.type = settings->value(QStringLiteral("type"), -1).toInt();
        rule.function = settings->value(QStringLiteral("function")).toString();
        rule.method = settings->value(QStringLiteral("method")).toString();
        rule.pathGlob = settings->value(QStringLiteral("path")).toString();
        m_rules.append(rule);
    }
    settings->endArray();
}
